"""Who is written to about a listing: what the directory's reminder run asks, answered from the accounts."""

from __future__ import annotations

from allervers.accounts.models import CoordinatorScope, Membership
from allervers.directory.models import Service


class AccountRecipients:
    """The directory's `Recipients`: a structure's members (administrators first), its territory's coordinators."""

    def members(self, service: Service) -> list[str]:
        return Membership.objects.contact_addresses(service.structure_id)

    def coordinators(self, service: Service) -> list[str]:
        return [scope.user.email for scope in CoordinatorScope.objects.covering(service.structure.commune)]
