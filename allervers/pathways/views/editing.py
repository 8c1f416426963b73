"""Coordination space for pathways: edit situations and steps (with history), preview, coverage, competence table.

Anonymous visitors are sent to the login page by LoginRequiredMiddleware; a logged-in user who is not a coordinator
gets a 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from allervers.accounts.mfa import second_factor_required
from allervers.accounts.permissions import ProRequest
from allervers.pathways.competences import CompetenceImportError, import_competences
from allervers.pathways.coverage import cartogram, step_coverage, territory_communes
from allervers.pathways.fiches import fiche_context, fiche_for_commune
from allervers.pathways.forms import CompetenceUploadForm, PreviewForm, SituationForm, StepForm, diff, snapshot
from allervers.pathways.models import CompetenceArea, CompetenceUpload, Situation, Step

SITUATION_FIELDS = list(SituationForm.Meta.fields)
STEP_FIELDS = list(StepForm.Meta.fields)


def _require_coordinator(request: ProRequest) -> None:
    if not request.user.is_coordinator:
        raise PermissionDenied("Réservé aux coordinateurs.")


def _editable_situation(request: ProRequest, slug: str) -> Situation:
    """A situation this coordinator may change: one of its territory's. The others' pathways are read-only."""
    _require_coordinator(request)
    situation = get_object_or_404(Situation, slug=slug)
    if not situation.editable_by(request.user):
        raise PermissionDenied(
            "Ce circuit appartient à un autre territoire : vous pouvez le consulter, sa coordination le modifie."
        )
    return situation


def situations(request: ProRequest) -> HttpResponse:
    _require_coordinator(request)
    rows = Situation.objects.annotate(step_count=Count("steps")).order_by("position", "title")
    return render(request, "pathways/manage/situations.html", {"situations": rows})


def situation_detail(request: ProRequest, slug: str) -> HttpResponse:
    _require_coordinator(request)
    situation = get_object_or_404(Situation, slug=slug)
    context = {
        "situation": situation,
        "steps": situation.ordered_steps(),
        "changes": situation.changes.all()[:5],
        "preview_form": PreviewForm(),
        "can_edit": situation.editable_by(request.user),
    }
    return render(request, "pathways/manage/situation.html", context)


def situation_edit(request: ProRequest, slug: str | None = None) -> HttpResponse:
    _require_coordinator(request)
    situation = _editable_situation(request, slug) if slug else None
    form = SituationForm(request.POST or None, instance=situation)
    before = snapshot(form.instance, SITUATION_FIELDS)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            is_new = form.instance.pk is None
            if is_new:
                form.instance.slug = _unique_slug(form.cleaned_data["title"])
                form.instance.territory = _home_territory(request)
            situation = form.save()
            action = "création de la situation" if is_new else "modification de la situation"
            situation.record_change(user=request.user, action=action, changes=diff(form, before))
        messages.success(request, "La situation est enregistrée.")
        return redirect("pathways:manage-situation", slug=situation.slug)
    return render(
        request, "pathways/manage/form.html", {"form": form, "situation": situation, "title": _title(situation)}
    )


def _home_territory(request: ProRequest) -> str:
    """A new situation belongs to its author's territory (the first zone of a scope that has several)."""
    scope = request.user.coordinator_scope
    assert scope is not None
    return scope.zone_codes[0] if scope.zone_codes else ""


def _title(situation: Situation | None) -> str:
    return f"Modifier « {situation.title} »" if situation else "Nouvelle situation"


def _unique_slug(title: str) -> str:
    base = slugify(title)[:70] or "situation"
    slug, index = base, 2
    while Situation.objects.filter(slug=slug).exists():
        slug, index = f"{base}-{index}", index + 1
    return slug


def step_edit(request: ProRequest, slug: str, pk: int | None = None) -> HttpResponse:
    situation = _editable_situation(request, slug)
    step = get_object_or_404(Step, situation=situation, pk=pk) if pk else Step(situation=situation)
    form = StepForm(request.POST or None, instance=step)
    before = snapshot(step, STEP_FIELDS)
    old_sources = list(step.sources)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            is_new = step.pk is None
            step = form.save(commit=False)
            step.sources = form.cleaned_data["sources_text"]
            if is_new:
                step.position = situation.next_position()
            step.save()
            changes = diff(form, before, {"Sources": (old_sources, step.sources)})
            action = f"ajout de l'étape « {step.title} »" if is_new else f"modification de l'étape « {step.title} »"
            situation.record_change(user=request.user, action=action, changes=changes)
        messages.success(request, "L'étape est enregistrée.")
        return redirect("pathways:manage-situation", slug=situation.slug)
    title = f"Modifier l'étape « {step.title} »" if step.pk else "Nouvelle étape"
    return render(request, "pathways/manage/form.html", {"form": form, "situation": situation, "title": title})


@require_POST
def step_delete(request: ProRequest, slug: str, pk: int) -> HttpResponse:
    situation = _editable_situation(request, slug)
    step = get_object_or_404(Step, situation=situation, pk=pk)
    with transaction.atomic():
        title = step.title
        step.delete()
        situation.record_change(user=request.user, action=f"suppression de l'étape « {title} »")
    messages.success(request, "L'étape est supprimée.")
    return redirect("pathways:manage-situation", slug=situation.slug)


@require_POST
def step_move(request: ProRequest, slug: str, pk: int, direction: str) -> HttpResponse:
    situation = _editable_situation(request, slug)
    steps = situation.ordered_steps()
    index = next((i for i, s in enumerate(steps) if s.pk == pk), None)
    if index is None:
        raise PermissionDenied("Étape inconnue.")
    other = index - 1 if direction == "monter" else index + 1
    if 0 <= other < len(steps):
        steps[index], steps[other] = steps[other], steps[index]
        with transaction.atomic():
            for position, step in enumerate(steps, start=1):
                if step.position != position:
                    step.position = position
                    step.save(update_fields=["position"])
            situation.record_change(
                user=request.user,
                action=f"déplacement de l'étape « {steps[other].title} »",
                changes=[{"field": "Ordre", "before": str(index + 1), "after": str(other + 1)}],
            )
    return redirect("pathways:manage-situation", slug=situation.slug)


def history(request: ProRequest, slug: str) -> HttpResponse:
    _require_coordinator(request)
    situation = get_object_or_404(Situation, slug=slug)
    return render(request, "pathways/manage/history.html", {"situation": situation, "changes": situation.changes.all()})


def preview(request: ProRequest, slug: str) -> HttpResponse:
    """The fiche of this situation for any commune of France, as the professionals will read it."""
    _require_coordinator(request)
    situation = get_object_or_404(Situation, slug=slug)
    form = PreviewForm(request.GET or None)
    context: dict[str, object] = {"situation": situation, "preview_form": form}
    if form.is_valid():
        fiche = fiche_for_commune(situation, form.cleaned_data["commune"])
        context.update(fiche_context(fiche, show_professional=True))
    return render(request, "pathways/manage/preview.html", context)


def coverage(request: ProRequest) -> HttpResponse:
    _require_coordinator(request)
    scope = request.user.coordinator_scope
    assert scope is not None
    communes = territory_communes(scope.commune_filter(""))
    rows = step_coverage(communes)
    selected = next((row for row in rows if str(row.step.pk) == request.GET.get("etape")), None)
    selected = selected or next((row for row in rows if row.gaps), rows[0] if rows else None)
    context = {
        "scope": scope,
        "rows": rows,
        "selected": selected,
        "map": cartogram(communes, {c.pk for c in selected.gaps}) if selected else None,
    }
    return render(request, "pathways/manage/coverage.html", context)


def competences(request: ProRequest) -> HttpResponse:
    _require_coordinator(request)
    return _competences(request)


@second_factor_required
def _competences(request: ProRequest) -> HttpResponse:
    """The table as a whole is readable by every coordinator; an upload changes only the uploader's territory."""
    form = CompetenceUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            text = upload.read().decode("utf-8-sig")
            report = import_competences(
                text, scope=request.user.coordinator_scope, user=request.user, file_name=upload.name
            )
        except UnicodeDecodeError:
            form.add_error("file", "Le fichier doit être encodé en UTF-8.")
        except CompetenceImportError as error:
            for message in error.errors[:50]:
                form.add_error("file", message)
        else:
            messages.success(request, f"{report.rows} lignes importées ; {report.removed} anciennes lignes remplacées.")
            return redirect("pathways:manage-competences")
    areas = CompetenceArea.objects.select_related("service", "service__structure").order_by("kind", "zone_code")
    uploads = CompetenceUpload.objects.select_related("user")[:10]
    return render(request, "pathways/manage/competences.html", {"form": form, "areas": areas, "uploads": uploads})
