"""Deleting a survey leaves its log: who deleted which survey when, its title and counts (never an answer), on the
surveys' list of the coordinators of its department, with the survey's earlier state changes."""

import html
import re

import pytest
from django.urls import reverse

from allervers.surveys.enums import LogKind
from allervers.surveys.models import Response, Survey, SurveyLog
from tests.factories import coordinator

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


@pytest.fixture
def user():
    return coordinator()


@pytest.fixture
def closed_with_answers(open_survey, user):
    for n, channel in enumerate(["web", "web", "paper"]):
        Response.objects.create(
            survey=open_survey,
            commune="01249",
            sexe="F",
            age_groupe="30-44",
            channel=channel,
            form_nonce=f"n{n}",
            answers={"injures": True},
        )
    open_survey.close(by=user)
    return open_survey


def test_the_deletion_leaves_a_line_with_who_when_the_title_and_counts(client, user, closed_with_answers):
    survey = closed_with_answers
    questions = survey.questions.count()
    client.force_login(user)
    response = client.post(reverse("surveys:delete", args=[survey.pk]), follow=True)
    assert not Survey.objects.filter(pk=survey.pk).exists() and not Response.objects.exists()
    log = SurveyLog.objects.get(kind=LogKind.DELETION)
    assert (log.survey, log.survey_title, log.user, log.from_status) == (None, "Enquête fictive", user, "closed")
    assert log.detail == f"{questions} questions, 3 réponses (dont 1 sur papier), 3 codes d'invitation, 5 marges"
    page = text(response)
    assert "Journal des suppressions" in page
    assert "« Enquête fictive » (Ain) supprimée à l'état « collecte close »" in page
    assert f"{questions} questions, 3 réponses (dont 1 sur papier)" in page
    assert "en cours de collecte → collecte close" in page  # the survey's earlier line, kept with it


def test_a_refused_deletion_leaves_the_survey_and_writes_no_line(client, user, open_survey):
    client.force_login(user)
    response = client.post(reverse("surveys:delete", args=[open_survey.pk]), follow=True)
    assert "closez la collecte" in text(response)
    assert Survey.objects.filter(pk=open_survey.pk).exists()
    assert not SurveyLog.objects.filter(kind=LogKind.DELETION).exists()


def test_a_coordinator_of_another_department_does_not_see_the_line(client, user, draft_survey):
    draft_survey.delete_logged(by=user)
    client.force_login(coordinator(zone_codes=("69",)))
    page = text(client.get(reverse("surveys:list")))
    assert "Enquête fictive" not in page and "Journal des suppressions" not in page
    client.force_login(coordinator())
    assert "« Enquête fictive » (Ain) supprimée à l'état « brouillon »" in text(client.get(reverse("surveys:list")))
