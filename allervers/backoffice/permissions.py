"""Every professional view fetches through these scoped querysets: a member sees its structures, a coordinator
the structures of its territory, nobody anything else (an id guessed in a URL is a 404)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import HttpRequest

from allervers.accounts.models import User
from allervers.directory.models import Service, Structure


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
