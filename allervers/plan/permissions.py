"""Who may do what with a plan.

- a coordinator whose scope holds the plan's department (or France) edits everything in the plan;
- a member of a fiche's pilot structure edits that fiche (not who pilots it);
- members of the plan's pilot and partner structures, and coordinators of a part of the department, read it;
- a coordinator whose scope names a whole department (or France) creates plans there;
- any other professional gets a 403, an anonymous visitor the login page (LoginRequiredMiddleware).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from allervers.accounts.models import User
from allervers.plan.models import FicheAction, Plan
from allervers.territories.models import FRANCE, Department


def _structure_ids(user: User) -> list[int]:
    return [membership.structure_id for membership in user._memberships()]


def coordinates_plan(user: User, plan: Plan) -> bool:
    scope = user.coordinator_scope
    return scope is not None and bool({FRANCE, plan.department_id} & set(scope.zone_codes))


def _coordinates_part_of(user: User, plan: Plan) -> bool:
    from allervers.territories.models import Commune

    scope = user.coordinator_scope
    if scope is None:
        return False
    return Commune.objects.current().filter(department_id=plan.department_id).filter(scope.commune_filter("")).exists()


def can_read_plan(user: User, plan: Plan) -> bool:
    if coordinates_plan(user, plan):
        return True
    structure_ids = _structure_ids(user)
    if structure_ids and Plan.objects.filter(pk=plan.pk).involving_structures(structure_ids).exists():
        return True
    return _coordinates_part_of(user, plan)


def can_edit_fiche(user: User, fiche: FicheAction) -> bool:
    if coordinates_plan(user, fiche.plan):
        return True
    structure_ids = _structure_ids(user)
    return bool(structure_ids) and fiche.pilots.filter(pk__in=structure_ids).exists()


def require_read(user: User, plan: Plan) -> None:
    if not can_read_plan(user, plan):
        raise PermissionDenied("Vous ne participez pas à ce plan.")


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
    scope = user.coordinator_scope
    condition = Q(pk__in=Plan.objects.involving_structures(_structure_ids(user)).values("pk"))
    if scope is not None:
        if FRANCE in scope.zone_codes:
            condition = Q()
        else:
            from allervers.territories.models import Commune

            departments = Commune.objects.current().filter(scope.commune_filter("")).values("department_id")
            condition |= Q(department_id__in=departments)
    return list(Plan.objects.filter(condition).select_related("department"))
