"""Who sees which hand-over, and what of it.

- the receiving structure's members: everything, internal notes included, and they act on it;
- the sending structure's members: the person's data they sent, the status and the shared exchange;
- a coordinator whose territory holds either structure: the follow-up (status, dates), never the person's data;
- anyone else: a 404, whatever the id (ids in URLs are random UUIDs anyway).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from allervers.accounts.enums import MembershipRole
from allervers.accounts.models import User
from allervers.referrals.models import Referral, ReferralQuerySet


def referrals_for(user: User) -> ReferralQuerySet:
    condition = Q(target_structure__memberships__user=user) | Q(sender_structure__memberships__user=user)
    scope = user.coordinator_scope
    if scope is not None:
        condition |= scope.commune_filter("target_structure__commune__")
        condition |= scope.commune_filter("sender_structure__commune__")
    ids = Referral.objects.filter(condition).values("pk")
    return Referral.objects.filter(pk__in=ids).with_parties()


def coordinated_referrals(user: User) -> ReferralQuerySet:
    scope = user.coordinator_scope
    if scope is None:
        return Referral.objects.none()
    ids = Referral.objects.filter(
        scope.commune_filter("target_structure__commune__") | scope.commune_filter("sender_structure__commune__")
    ).values("pk")
    return Referral.objects.filter(pk__in=ids).with_parties()


@dataclass(frozen=True)
class Access:
    receiver: bool
    sender: bool
    coordinator: bool
    admin: bool

    @property
    def reads_personal_data(self) -> bool:
        return self.receiver or self.sender

    @property
    def reads_internal_notes(self) -> bool:
        return self.receiver

    @property
    def reads_access_log(self) -> bool:
        return self.admin or self.coordinator


def access_of(user: User, referral: Referral) -> Access:
    receiver_role = user.membership_role(referral.target_structure)
    sender_role = user.membership_role(referral.sender_structure)
    coordinator = user.coordinates_structure(referral.target_structure) or user.coordinates_structure(
        referral.sender_structure
    )
    return Access(
        receiver=receiver_role is not None,
        sender=sender_role is not None,
        coordinator=coordinator,
        admin=MembershipRole.ADMIN in {receiver_role, sender_role},
    )
