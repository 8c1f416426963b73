"""The public questionnaire: several pages, no JavaScript, and no cookie at all.

No session and no CSRF cookie: the questionnaire's state (page, answers so far, invitation code) travels in a
signed, timestamped hidden field. The POST is protected by that signature (a forged or stale form is refused), by
its one-time nonce (a form is saved once), by the invitation code (one answer per code) and, for an open link,
by a rate limit on the POST (django-ratelimit keeps a hashed address in the cache for the hour, never in the
database). There is no account to act for, so a cross-site form could do no more than anyone can.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any, cast

from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from allervers.surveys.enums import Channel, Collection, SurveyStatus
from allervers.surveys.estimation import age_band
from allervers.surveys.forms import AnswersForm, InvitationForm
from allervers.surveys.models import Invitation, Response, Survey
from allervers.surveys.pages import HELP_LINES, communes_of, relevant, survey_pages
from allervers.taxonomy.emergency import EMERGENCY_NUMBERS

SALT = "surveys.questionnaire"
MAX_AGE = 3 * 3600  # seconds a page may stay open before its form is refused
INTRO = -1
# django-ratelimit is untyped; its decorator keeps the view's signature.
View = Callable[..., HttpResponse]
# About 7 forms make one answer: 60 an hour let a shared connection (a family, a town hall's public computer) send
# several answers, not a script thousands. Counted in the cache under a SHA-256 hash of the address, for the hour.
RATE = "60/h"
throttle = cast(Callable[[View], View], ratelimit(key="ip", rate=RATE, method="POST", block=False))
THROTTLED = (
    "Trop de formulaires ont été envoyés depuis cette connexion en une heure : pour protéger l'enquête contre les "
    "envois en série, cette page n'a pas été enregistrée. Réessayez dans une heure. Rien n'est conservé sur vous."
)


def _token(state: dict[str, Any]) -> str:
    return signing.dumps(state, salt=SALT, compress=True)


def _state(request: HttpRequest, survey: Survey) -> dict[str, Any] | None:
    try:
        state = signing.loads(request.POST.get("etat", ""), salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    return state if isinstance(state, dict) and state.get("s") == survey.pk else None


@login_not_required
def survey_intro(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_object_or_404(Survey.objects.exclude(status=SurveyStatus.DRAFT), slug=slug)
    state = {"s": survey.pk, "p": INTRO, "a": {}, "h": [], "c": "", "n": secrets.token_hex(16)}
    context = {"survey": survey, "token": _token(state), "code_form": InvitationForm()}
    return render(request, "surveys/intro.html", context)


def _page_context(survey: Survey, state: dict[str, Any], form: AnswersForm, pages: list[int]) -> dict[str, Any]:
    index = state["p"]
    return {
        "survey": survey,
        "form": form,
        "token": _token(state),
        "step": index + 1,
        "steps": len(pages) + 1,
        "profile": index == len(pages),
        "sensitive": any(q.sensitive for q in form.questions),
    }


def _form(survey: Survey, state: dict[str, Any], pages: list[int], data: Any = None) -> AnswersForm:
    index = state["p"]
    profile = index == len(pages)
    questions = [] if profile else relevant(survey, pages[index], state["a"])
    return AnswersForm(data, questions=questions, profile=profile, communes=communes_of(survey))


def _next(survey: Survey, state: dict[str, Any], pages: list[int]) -> int:
    for index in range(state["p"] + 1, len(pages)):
        if relevant(survey, pages[index], state["a"]):
            return index
    return len(pages)


def _refused(request: HttpRequest, survey: Survey, message: str, status: int = 400) -> HttpResponse:
    return render(request, "surveys/refused.html", {"survey": survey, "message": message}, status=status)


@csrf_exempt  # no cookie may be set: the signed state field protects the form (see the module's docstring)
@login_not_required
@require_POST
@throttle
def survey_answer(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_object_or_404(Survey.objects.exclude(status=SurveyStatus.DRAFT), slug=slug)
    if getattr(request, "limited", False):
        return _refused(request, survey, THROTTLED, 429)
    if survey.status != SurveyStatus.OPEN:
        return _refused(request, survey, "La collecte de cette enquête est close. Merci de votre intérêt.", 409)
    state = _state(request, survey)
    if state is None:
        return _refused(request, survey, "Ce formulaire a expiré ou a été modifié. Recommencez depuis le début.")
    pages = survey_pages(survey)
    if state["p"] == INTRO:
        return _start(request, survey, state, pages)
    if request.POST.get("action") == "precedent" and state["h"]:
        state["p"] = state["h"].pop()
        return render(request, "surveys/page.html", _page_context(survey, state, _form(survey, state, pages), pages))
    form = _form(survey, state, pages, request.POST)
    if not form.is_valid():
        return render(request, "surveys/page.html", _page_context(survey, state, form, pages))
    state["a"].update(form.answers())
    if state["p"] == len(pages):
        return _save(request, survey, state, form.cleaned_data)
    state["h"].append(state["p"])
    state["p"] = _next(survey, state, pages)
    return render(request, "surveys/page.html", _page_context(survey, state, _form(survey, state, pages), pages))


def _start(request: HttpRequest, survey: Survey, state: dict[str, Any], pages: list[int]) -> HttpResponse:
    if survey.collection == Collection.INVITATION:
        code_form = InvitationForm(request.POST)
        valid = code_form.is_valid()
        code = code_form.cleaned_data.get("code", "") if valid else ""
        if valid and not survey.invitations.filter(code=code, used_on__isnull=True).exists():
            code_form.add_error("code", "Ce code n'existe pas ou a déjà servi. Vérifiez-le sur votre courrier.")
        if not code_form.is_valid() or code_form.errors:
            context = {"survey": survey, "token": _token(state), "code_form": code_form}
            return render(request, "surveys/intro.html", context, status=400)
        state["c"] = code
    state["p"] = INTRO
    state["p"] = _next(survey, state, pages)
    return render(request, "surveys/page.html", _page_context(survey, state, _form(survey, state, pages), pages))


def _save(request: HttpRequest, survey: Survey, state: dict[str, Any], profile: dict[str, Any]) -> HttpResponse:
    questions = list(survey.questions.asked().select_related("shown_if"))
    answers = {q.code: state["a"].get(q.code) for q in questions if q.is_relevant(state["a"])}
    try:
        with transaction.atomic():
            if survey.collection == Collection.INVITATION:
                used = Invitation.objects.filter(survey=survey, code=state["c"], used_on__isnull=True).update(
                    used_on=timezone.localdate()
                )
                if not used:
                    return _refused(
                        request, survey, "Ce code d'invitation a déjà servi : une seule réponse par code.", 409
                    )
            Response.objects.create(
                survey=survey,
                channel=Channel.WEB,
                commune=profile["commune"],
                sexe=profile["sexe"],
                age_groupe=age_band(profile["age"]),
                answers=answers,
                form_nonce=state["n"],
            )
    except IntegrityError:
        pass  # the same form sent twice (a double click): the first one counts
    return redirect("surveys:thanks", slug=survey.slug)


@login_not_required
def survey_thanks(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_object_or_404(Survey.objects.exclude(status=SurveyStatus.DRAFT), slug=slug)
    context = {"survey": survey, "emergency_numbers": EMERGENCY_NUMBERS, "help_lines": HELP_LINES}
    return render(request, "surveys/thanks.html", context)
