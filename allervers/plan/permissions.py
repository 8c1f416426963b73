"""Who may do what with a plan.

- a coordinator whose scope holds the plan's department (or France) edits everything in the plan;
- a member of a fiche's pilot structure edits that fiche (not who pilots it);
- members of the plan's pilot and partner structures, and coordinators of a part of the department, read it;
- a coordinator whose scope names a whole department (or France) creates plans there;
- any other professional gets a 404 (views fetch through `Plan.objects.for_user`, and the other plan models'
  `for_user`), an anonymous visitor the login page (LoginRequiredMiddleware);
- who reads a plan but may not do what they asked gets a 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from allervers.accounts.models import User
from allervers.plan.models import FicheAction, Plan
from allervers.territories.models import FRANCE, Department


def _structure_ids(user: User) -> list[int]:
    return [membership.structure_id for membership in user._memberships()]


def coordinates_plan(user: User, plan: Plan) -> bool:
    scope = user.coordinator_scope
    return scope is not None and bool({FRANCE, plan.department_id} & set(scope.zone_codes))


def can_edit_fiche(user: User, fiche: FicheAction) -> bool:
    if coordinates_plan(user, fiche.plan):
        return True
    structure_ids = _structure_ids(user)
    return bool(structure_ids) and fiche.pilots.filter(pk__in=structure_ids).exists()


def require_coordinator(user: User, plan: Plan) -> None:
    if not coordinates_plan(user, plan):
        raise PermissionDenied("Seule la coordination du plan peut faire cela.")


def require_fiche_editor(user: User, fiche: FicheAction) -> None:
    if not can_edit_fiche(user, fiche):
        raise PermissionDenied("Seules la coordination et les structures pilotes modifient cette fiche.")


def departments_coordinated(user: User) -> QuerySet[Department]:
    """Departments where this user may create a plan: those its coordinator scope names, or all for France."""
    scope = user.coordinator_scope
    if scope is None:
        return Department.objects.none()
    if FRANCE in scope.zone_codes:
        return Department.objects.all()
    return Department.objects.filter(code__in=scope.zone_codes)


def require_plan_creator(user: User) -> QuerySet[Department]:
    departments = departments_coordinated(user)
    if not departments.exists():
        raise PermissionDenied("Seule la coordination d'un département peut créer un plan.")
    return departments


def plans_for(user: User) -> list[Plan]:
    """Plans this user may read, for the list page."""
    return list(Plan.objects.for_user(user).select_related("department"))
