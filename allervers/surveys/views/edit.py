"""Changing a survey in draft: its description, its questions (added ones edited or deleted, library ones disabled),
deleting it, and its population margins typed in by hand."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from allervers.accounts.permissions import ProRequest
from allervers.common.exceptions import TransitionError
from allervers.surveys.forms import ManualMarginsForm, QuestionForm, SurveyForm
from allervers.surveys.models import Question
from allervers.surveys.views.manage import _survey, department_refused


def survey_edit(request: ProRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    if not survey.is_draft:
        messages.error(request, "Une enquête ne se modifie qu'au brouillon, avant l'ouverture de la collecte.")
        return redirect("surveys:detail", pk=survey.pk)
    form = SurveyForm(request.POST or None, instance=survey)
    if request.method == "POST":
        if form.is_valid() and not department_refused(request, form):
            form.save()
            messages.success(request, "Enquête modifiée.")
            return redirect("surveys:detail", pk=survey.pk)
        return render(request, "surveys/manage/form.html", {"form": form, "survey": survey}, status=400)
    return render(request, "surveys/manage/form.html", {"form": form, "survey": survey})


@require_POST
def survey_delete(request: ProRequest, pk: int) -> HttpResponse:
    """A draft, or a closed collection, is deleted with its answers, leaving a log line on the surveys' list; open or
    published surveys are not."""
    survey = _survey(request, pk)
    try:
        log = survey.delete_logged(by=request.user)
    except TransitionError as error:
        messages.error(request, str(error))
        return redirect("surveys:detail", pk=survey.pk)
    messages.success(request, f"Enquête « {log.survey_title} » supprimée, avec ses réponses ({log.detail}).")
    return redirect("surveys:list")


def _question(request: ProRequest, pk: int, question_pk: int) -> Question:
    survey = _survey(request, pk)
    return get_object_or_404(survey.questions.select_related("survey", "shown_if"), pk=question_pk)


def question_edit(request: ProRequest, pk: int, question_pk: int) -> HttpResponse:
    question = _question(request, pk, question_pk)
    survey = question.survey
    if not survey.is_draft or question.from_library:
        messages.error(request, "Seules les questions ajoutées se modifient, et seulement au brouillon.")
        return redirect("surveys:detail", pk=survey.pk)
    form = QuestionForm(request.POST or None, instance=question, survey=survey)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, "Question modifiée.")
            return redirect("surveys:detail", pk=survey.pk)
        status = 400
    else:
        status = 200
    context = {"survey": survey, "form": form, "question": question}
    return render(request, "surveys/manage/question_form.html", context, status=status)


QUESTION_ACTIONS = {
    "supprimer": lambda question: question.remove(),
    "desactiver": lambda question: question.set_enabled(False),
    "reactiver": lambda question: question.set_enabled(True),
}
DONE = {"supprimer": "Question supprimée.", "desactiver": "Question désactivée.", "reactiver": "Question réactivée."}


@require_POST
def question_action(request: ProRequest, pk: int, question_pk: int, action: str) -> HttpResponse:
    question = _question(request, pk, question_pk)
    act = QUESTION_ACTIONS.get(action)
    if act is None:
        raise Http404
    try:
        with transaction.atomic():
            act(question)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, DONE[action])
    return redirect("surveys:detail", pk=pk)


def margins_entry(request: ProRequest, pk: int) -> HttpResponse:
    """Margins typed in from an INSEE census table, checked before anything is replaced."""
    survey = _survey(request, pk)
    if request.method != "POST":
        form = ManualMarginsForm(initial=ManualMarginsForm.initial_from(survey))
        return render(request, "surveys/manage/margins_entry.html", {"survey": survey, "form": form})
    form = ManualMarginsForm(request.POST)
    if not form.is_valid():
        return render(request, "surveys/manage/margins_entry.html", {"survey": survey, "form": form}, status=400)
    count = survey.replace_margins(
        form.margins(), form.cleaned_data["source"], illustrative=form.cleaned_data["illustrative"]
    )
    messages.success(request, f"{count} marges enregistrées.")
    return redirect("surveys:detail", pk=survey.pk)
