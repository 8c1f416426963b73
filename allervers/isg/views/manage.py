"""The coordinators' pages: the posts of their territory, their coverage and funding. A post is managed by the
coordinators whose scope covers its host unit; for anyone else it does not exist (404)."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from allervers.accounts.models import CoordinatorScope
from allervers.accounts.permissions import ProRequest, coordinated_structures
from allervers.common.exceptions import TransitionError
from allervers.directory.models import Structure
from allervers.isg import coverage
from allervers.isg.enums import FunderKind
from allervers.isg.forms import FundingForm, PostForm
from allervers.isg.models import Funding, IsgPost
from allervers.taxonomy.structure_types import StructureType

HOST_TYPES = [StructureType.GENDARMERIE, StructureType.POLICE]
logger = logging.getLogger(__name__)


def _hosts(request: ProRequest, current: int | None = None) -> QuerySet[Structure]:
    """Units of the gendarmerie or the police in the coordinator's territory (and the post's current host)."""
    units = Q(structure_type__in=HOST_TYPES) | Q(pk=current) if current else Q(structure_type__in=HOST_TYPES)
    return coordinated_structures(request.user).filter(units).order_by("name")


def _scope(request: ProRequest) -> CoordinatorScope:
    scope = request.user.coordinator_scope
    if scope is None:
        raise Http404("Page réservée à la coordination.")
    return scope


def dashboard(request: ProRequest) -> HttpResponse:
    scope = _scope(request)
    department = settings.ALLERVERS_DEPARTMENT_CODE
    posts = IsgPost.objects.for_user(request.user)
    rows = coverage.funding_table(posts)
    context: dict[str, Any] = {
        "whole": coverage.department_coverage(department),
        "epcis": coverage.coverage_by_epci(department, scope.commune_filter("")),
        "posts": posts.select_related("host", "host__commune").order_by("status", "name"),
        "counts": list(coverage.status_counts(posts).items()),
        "vacant": coverage.vacant_posts(posts),
        "funding": rows,
        "totals": sorted(coverage.year_totals(rows).items(), reverse=True),
    }
    return render(request, "isg/dashboard.html", context)


def post_detail(request: ProRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(IsgPost.objects.for_user(request.user).select_related("host", "service"), pk=pk)
    context = {
        "post": post,
        "communes": post.communes.select_related("epci").order_by("search_name"),
        "fundings": sorted(post.fundings.select_related("epci", "commune"), key=_funding_order),
        "transitions": [(action, label) for action, (label, _) in TRANSITIONS.items()],
    }
    return render(request, "isg/post.html", context)


def _funding_order(funding: Funding) -> tuple[int, int, str]:
    kinds = FunderKind.values
    return (
        -funding.year,
        kinds.index(funding.funder_kind) if funding.funder_kind in kinds else 99,
        funding.funder_label,
    )


def post_create(request: ProRequest) -> HttpResponse:
    scope = _scope(request)
    form = PostForm(request.POST or None, hosts=_hosts(request), scope=scope)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        post = IsgPost.create(
            host=data["host"],
            zone_codes=data["zone"],
            **{name: data[name] for name in ("name", "kind", "host_level", "status", "started_on", "notes")},
        )
        messages.success(request, "Le poste est créé. Ajoutez ses financements.")
        return redirect("isg:post", pk=post.pk)
    return render(request, "isg/form.html", {"form": form, "heading": "Nouveau poste d'intervenant social"})


def post_edit(request: ProRequest, pk: int) -> HttpResponse:
    scope = _scope(request)
    post = get_object_or_404(IsgPost.objects.for_user(request.user).select_related("service"), pk=pk)
    form = PostForm(request.POST or None, instance=post, hosts=_hosts(request, post.host_id), scope=scope)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            post = form.save()
            post.cover(form.cleaned_data["zone"])
        messages.success(request, "Le poste est enregistré.")
        return redirect("isg:post", pk=post.pk)
    context = {"form": form, "heading": f"Modifier « {post.name} »", "post": post}
    return render(request, "isg/form.html", context)


TRANSITIONS = {
    "pourvu": ("Déclarer le poste pourvu", IsgPost.fill),
    "vacant": ("Déclarer le poste vacant", IsgPost.vacate),
    "en-projet": ("Remettre le poste en projet", IsgPost.plan),
}


@require_POST
def post_status(request: ProRequest, pk: int, action: str) -> HttpResponse:
    post = get_object_or_404(IsgPost.objects.for_user(request.user).select_related("host", "service"), pk=pk)
    step = TRANSITIONS.get(action)
    if step is None:
        raise Http404("Action inconnue.")
    try:
        step[1](post)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Le poste est désormais {post.get_status_display()}.")
    return redirect("isg:post", pk=post.pk)


def _save_locked(form: FundingForm, post_id: int) -> bool:
    """Validate and save with the post's row locked, so that two fundings typed at once cannot together pass 100 %
    (on PostgreSQL; SQLite runs one write at a time)."""
    with transaction.atomic():
        IsgPost.objects.select_for_update().filter(pk=post_id).first()
        if not form.is_valid():
            return False
        form.save()
    return True


def funding_create(request: ProRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(IsgPost.objects.for_user(request.user), pk=pk)
    form = FundingForm(request.POST or None, instance=Funding(post=post))
    if request.method == "POST" and _save_locked(form, post.pk):
        messages.success(request, "Le financement est enregistré.")
        return redirect("isg:post", pk=post.pk)
    context = {"form": form, "heading": f"Nouveau financement : {post.name}", "post": post}
    return render(request, "isg/form.html", context)


def funding_edit(request: ProRequest, pk: int) -> HttpResponse:
    funding = get_object_or_404(Funding.objects.for_user(request.user).select_related("post"), pk=pk)
    form = FundingForm(request.POST or None, instance=funding)
    if request.method == "POST" and _save_locked(form, funding.post_id):
        messages.success(request, "Le financement est enregistré.")
        return redirect("isg:post", pk=funding.post_id)
    context = {"form": form, "heading": f"Modifier un financement : {funding.post.name}", "post": funding.post}
    return render(request, "isg/form.html", context)


@require_POST
def funding_delete(request: ProRequest, pk: int) -> HttpResponse:
    funding = get_object_or_404(Funding.objects.for_user(request.user), pk=pk)
    post_id = funding.post_id
    funding.delete()
    messages.success(request, "Le financement est supprimé.")
    return redirect("isg:post", pk=post_id)


@require_http_methods(["GET", "POST"])
def post_delete(request: ProRequest, pk: int) -> HttpResponse:
    """A confirmation page that lists what goes with the post (its fundings, its directory service), or why it
    cannot go (a filled post, hand-overs to its service...); the deletion is kept in the site's history
    (LogEntry, as the administration records it) and in the server log, by ids only."""
    post = get_object_or_404(IsgPost.objects.for_user(request.user).select_related("host", "service"), pk=pk)
    blockers = post.deletion_blockers()
    if request.method == "POST" and not blockers:
        name, post_pk = post.name, post.pk
        try:
            with transaction.atomic():
                fundings = post.delete_with_service()
                LogEntry.objects.create(
                    user_id=request.user.pk,
                    content_type=ContentType.objects.get_for_model(IsgPost),
                    object_id=str(post_pk),
                    object_repr=name[:200],
                    action_flag=DELETION,
                    change_message=f"Poste supprimé avec {fundings} financement(s) et son service de l'annuaire.",
                )
        except TransitionError as error:
            messages.error(request, str(error))
            return redirect("isg:post", pk=post_pk)
        logger.info("Poste ISG %s supprimé (%s financement(s)) par le compte %s", post_pk, fundings, request.user.pk)
        with_fundings = f", avec ses {fundings} financement(s)" if fundings else ""
        messages.success(request, f"Le poste « {name} » est supprimé{with_fundings}.")
        return redirect("isg:dashboard")
    context = {
        "post": post,
        "blockers": blockers,
        "fundings": sorted(post.fundings.select_related("epci", "commune"), key=_funding_order),
    }
    return render(request, "isg/delete.html", context, status=409 if request.method == "POST" else 200)
