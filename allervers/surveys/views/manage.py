"""The coordination's pages: surveys of the departments one coordinates, their questions, margins, codes and
paper answers."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from allervers.accounts.permissions import ProRequest
from allervers.common.exceptions import TransitionError
from allervers.common.spreadsheets import csv_text
from allervers.surveys.enums import Channel, LogKind, SurveyStatus
from allervers.surveys.estimation import age_band
from allervers.surveys.forms import AnswersForm, CodesForm, MarginsForm, QuestionForm, SurveyForm
from allervers.surveys.library import add_blocks
from allervers.surveys.models import Response, Survey, SurveyLog
from allervers.surveys.pages import communes_of
from allervers.territories.models import FRANCE


def _survey(request: ProRequest, pk: int) -> Survey:
    return get_object_or_404(Survey.objects.editable_by(request.user).select_related("department"), pk=pk)


def survey_list(request: ProRequest) -> HttpResponse:
    if not request.user.is_coordinator:
        raise PermissionDenied
    surveys = Survey.objects.editable_by(request.user).select_related("department")
    orphans = SurveyLog.objects.visible_to(request.user).filter(survey__isnull=True)
    history: dict[int | None, list[SurveyLog]] = {}
    for log in orphans.select_related("user", "department").order_by("at", "pk"):
        history.setdefault(log.survey_number, []).append(log)
    deletions = [(lines[-1], lines[:-1]) for lines in history.values() if lines and lines[-1].kind == LogKind.DELETION]
    deletions.sort(key=lambda pair: pair[0].at, reverse=True)
    context = {"surveys": surveys, "deletions": deletions}
    return render(request, "surveys/manage/list.html", context)


def department_refused(request: ProRequest, form: SurveyForm) -> bool:
    """Adds the error and says so when the chosen department is not wholly in the coordinator's scope."""
    scope = request.user.coordinator_scope
    department = form.cleaned_data["department"]
    if scope is None or not ({FRANCE, department.code} & set(scope.zone_codes)):
        form.add_error("department", "Vous ne coordonnez pas tout ce département.")
        return True
    return False


def survey_create(request: ProRequest) -> HttpResponse:
    if not request.user.is_coordinator:
        raise PermissionDenied
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if department_refused(request, form):
            return render(request, "surveys/manage/form.html", {"form": form}, status=400)
        survey = form.save()
        added = add_blocks(survey)
        messages.success(request, f"Enquête créée avec les {added} questions de la bibliothèque.")
        return redirect("surveys:detail", pk=survey.pk)
    return render(request, "surveys/manage/form.html", {"form": form})


def survey_detail(request: ProRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    context = {
        "survey": survey,
        "questions": survey.questions.select_related("shown_if"),
        "margins": survey.margins.all(),
        "logs": survey.logs.select_related("user"),
        "responses": survey.responses.count(),
        "paper": survey.responses.filter(channel=Channel.PAPER).count(),
        "used_codes": survey.invitations.filter(used_on__isnull=False).count(),
        "question_form": QuestionForm(survey=survey),
        "margins_form": MarginsForm(),
        "codes_form": CodesForm(),
    }
    return render(request, "surveys/manage/detail.html", context)


SURVEY_TRANSITIONS: dict[str, Callable[..., None]] = {
    "ouvrir": Survey.open,
    "clore": Survey.close,
    "publier": Survey.publish,
    "depublier": Survey.unpublish,
}


@require_POST
def survey_transition(request: ProRequest, pk: int, action: str) -> HttpResponse:
    survey = _survey(request, pk)
    transition = SURVEY_TRANSITIONS.get(action)
    if transition is None:
        raise Http404
    try:
        transition(survey, by=request.user)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Enquête : {survey.get_status_display()}.")
    return redirect("surveys:detail", pk=survey.pk)


@require_POST
def question_add(request: ProRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    if not survey.is_draft:
        messages.error(request, "Les questions ne changent plus une fois la collecte ouverte.")
        return redirect("surveys:detail", pk=survey.pk)
    form = QuestionForm(request.POST, survey=survey)
    if form.is_valid():
        question = form.save(commit=False)
        question.family = "custom"
        question.order = survey.questions.filter(page=question.page).count()
        question.save()
        messages.success(request, "Question ajoutée.")
        return redirect("surveys:detail", pk=survey.pk)
    return render(request, "surveys/manage/question_form.html", {"survey": survey, "form": form}, status=400)


@require_POST
def margins_import(request: ProRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    form = MarginsForm(request.POST, request.FILES)
    if form.is_valid():
        count = survey.replace_margins(
            form.cleaned_data["file"], form.cleaned_data["source"], illustrative=form.cleaned_data["illustrative"]
        )
        messages.success(request, f"{count} marges enregistrées.")
        return redirect("surveys:detail", pk=survey.pk)
    return render(request, "surveys/manage/margins_form.html", {"survey": survey, "form": form}, status=400)


@require_POST
def codes_issue(request: ProRequest, pk: int) -> HttpResponse:
    """New invitation codes, downloaded once as a CSV for the mail merge; the platform never knows who got which."""
    survey = _survey(request, pk)
    form = CodesForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Nombre de codes invalide (de 1 à 5 000).")
        return redirect("surveys:detail", pk=survey.pk)
    codes = survey.issue_codes(form.cleaned_data["count"])
    response = HttpResponse(csv_text(["code"], ({"code": c} for c in codes)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="codes-{survey.slug}.csv"'
    return response


def paper_entry(request: ProRequest, pk: int) -> HttpResponse:
    """A paper questionnaire typed in by the coordination: every question at once, the profile at the end."""
    survey = _survey(request, pk)
    if survey.status not in (SurveyStatus.OPEN, SurveyStatus.CLOSED):
        messages.error(
            request,
            f"L'enquête est « {survey.get_status_display()} » : les questionnaires papier se saisissent pendant la "
            "collecte ou après sa clôture, avant la publication des résultats.",
        )
        return redirect("surveys:detail", pk=survey.pk)
    questions = list(survey.questions.asked().select_related("shown_if"))
    form = AnswersForm(request.POST or None, questions=questions, profile=True, communes=communes_of(survey))
    if request.method == "POST" and form.is_valid():
        answers = form.answers()
        Response.objects.create(
            survey=survey,
            channel=Channel.PAPER,
            commune=form.cleaned_data["commune"],
            sexe=form.cleaned_data["sexe"],
            age_groupe=age_band(form.cleaned_data["age"]),
            answers={q.code: answers[q.code] for q in questions if q.is_relevant(answers)},
            form_nonce=secrets.token_hex(16),
        )
        messages.success(request, "Questionnaire papier enregistré. Vous pouvez saisir le suivant.")
        return redirect("surveys:paper", pk=survey.pk)
    return render(request, "surveys/manage/paper.html", {"survey": survey, "form": form})
