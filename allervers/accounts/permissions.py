"""Every professional view (back office, plan, pathways, hand-overs) fetches through these scoped querysets: a
member sees its structures, a coordinator the structures of its territory, nobody anything else (an id guessed in
a URL is a 404)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import HttpRequest

from allervers.accounts.models import User
from allervers.directory.enums import ChangeOrigin
from allervers.directory.imports.actor import ImportActor
from allervers.directory.models import Service, Structure
from allervers.territories.models import FRANCE, Commune


class ProRequest(HttpRequest):
    """A request in the professional space: LoginRequiredMiddleware guarantees a logged-in user."""

    user: User


def structures_for(user: User) -> QuerySet[Structure]:
    condition = Q(memberships__user=user)
    scope = user.coordinator_scope
    if scope is not None:
        condition |= scope.commune_filter("commune__")
    return Structure.objects.filter(condition).distinct().select_related("commune")


def services_for(user: User) -> QuerySet[Service]:
    return Service.objects.filter(structure__in=structures_for(user)).select_related("structure", "commune")


def coordinated_structures(user: User) -> QuerySet[Structure]:
    scope = user.coordinator_scope
    if scope is None:
        return Structure.objects.none()
    return Structure.objects.filter(scope.commune_filter("commune__")).select_related("commune")


def import_actor(user: User) -> ImportActor:
    """What this user may create or change through an import: exactly what `structures_for` lets them edit."""
    scope = user.coordinator_scope
    memberships = frozenset(user.memberships.values_list("structure_id", flat=True))
    label = user.display_name
    if scope is not None and FRANCE in scope.zone_codes:
        return ImportActor(label=label, origin=ChangeOrigin.IMPORT, user_id=user.pk, everywhere=True)
    communes: frozenset[int] = frozenset()
    if scope is not None:
        communes = frozenset(Commune.objects.filter(scope.commune_filter("")).values_list("pk", flat=True))
    return ImportActor(
        label=label,
        origin=ChangeOrigin.IMPORT,
        user_id=user.pk,
        territory=f"votre territoire ({scope.label})" if scope is not None else "",
        commune_ids=communes,
        structure_ids=memberships,
    )
