"""The coordination changes a survey in draft (description, questions), deletes it, and moves it through its states
with a log of who did what; what it can no longer change once the collection is open is refused in French."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from allervers.common.exceptions import TransitionError
from allervers.surveys.models import Response, Survey, SurveyLog
from allervers.surveys.pages import survey_pages
from tests.factories import coordinator

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return coordinator()


@pytest.fixture
def logged_in(client, user):
    client.force_login(user)
    return client


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def _add(client, survey, **data):
    return client.post(reverse("surveys:question-add", args=[survey.pk]), data)


def test_a_coordinator_adds_edits_and_deletes_her_own_question_in_draft(logged_in, draft_survey):
    injures = draft_survey.questions.get(code="injures")
    added = _add(
        logged_in, draft_survey, code="transport", text="Était-ce dans les transports ?", page=2, shown_if=injures.pk
    )
    assert added.status_code == 302
    question = draft_survey.questions.get(code="transport")
    assert question.shown_if == injures and question.family == "custom"

    edit_url = reverse("surveys:question-edit", args=[draft_survey.pk, question.pk])
    assert logged_in.get(edit_url).status_code == 200
    edited = logged_in.post(
        edit_url, {"code": "transport", "text": "Dans un bus ou un train ?", "page": 2, "shown_if": injures.pk}
    )
    assert edited.status_code == 302
    question.refresh_from_db()
    assert question.text == "Dans un bus ou un train ?"

    deleted = logged_in.post(reverse("surveys:question-action", args=[draft_survey.pk, question.pk, "supprimer"]))
    assert "Question supprimée." in _messages(deleted)
    assert not draft_survey.questions.filter(code="transport").exists()


def test_a_question_form_refuses_a_duplicate_code_and_a_condition_on_a_later_page(logged_in, draft_survey):
    duplicate = _add(logged_in, draft_survey, code="injures", text="Doublon", page=1)
    assert duplicate.status_code == 400
    assert "Une question de cette enquête a déjà ce code." in duplicate.content.decode()
    injures = draft_survey.questions.get(code="injures")
    same_page = _add(logged_in, draft_survey, code="bus", text="Dans le bus ?", page=1, shown_if=injures.pk)
    assert same_page.status_code == 400
    assert "placez celle-ci en page 2 ou après" in same_page.content.decode()


def test_a_library_question_is_disabled_not_deleted_and_is_then_neither_asked_nor_estimated(logged_in, draft_survey):
    menaces = draft_survey.questions.get(code="menaces")
    delete = logged_in.post(reverse("surveys:question-action", args=[draft_survey.pk, menaces.pk, "supprimer"]))
    assert "Une question de la bibliothèque ne se supprime pas : désactivez-la." in _messages(delete)
    logged_in.post(reverse("surveys:question-action", args=[draft_survey.pk, menaces.pk, "desactiver"]))
    menaces.refresh_from_db()
    assert not menaces.enabled
    detail = logged_in.get(reverse("surveys:detail", args=[draft_survey.pk])).content.decode()
    assert "désactivée" in detail
    # Every question of the first page but « menaces » is still asked.
    asked = [q.code for q in draft_survey.questions.asked().filter(page=1)]
    assert "menaces" not in asked and "injures" in asked
    logged_in.post(reverse("surveys:question-action", args=[draft_survey.pk, menaces.pk, "reactiver"]))
    menaces.refresh_from_db()
    assert menaces.enabled


def test_a_question_others_depend_on_cannot_be_disabled_before_them(logged_in, draft_survey):
    victim = draft_survey.questions.get(code="victime_une_fois")
    response = logged_in.post(reverse("surveys:question-action", args=[draft_survey.pk, victim.pk, "desactiver"]))
    assert any("désactivez-les d'abord" in m for m in _messages(response))
    victim.refresh_from_db()
    assert victim.enabled
    for follower in victim.dependants():
        follower.set_enabled(False)
    victim.set_enabled(False)
    assert survey_pages(draft_survey) == [1, 4, 5]  # the reporting pages are gone


def test_once_open_the_questions_no_longer_change(logged_in, open_survey):
    assert _add(logged_in, open_survey, code="nouvelle", text="Nouvelle ?", page=1).status_code == 302
    assert not open_survey.questions.filter(code="nouvelle").exists()
    menaces = open_survey.questions.get(code="menaces")
    response = logged_in.post(reverse("surveys:question-action", args=[open_survey.pk, menaces.pk, "desactiver"]))
    assert any("seulement au brouillon" in m for m in _messages(response))
    assert open_survey.questions.get(code="menaces").enabled
    edit = logged_in.get(reverse("surveys:edit", args=[open_survey.pk]))
    assert edit.status_code == 302 and any("ne se modifie qu'au brouillon" in m for m in _messages(edit))


def test_a_draft_survey_is_edited_but_not_moved_to_a_department_out_of_scope(logged_in, draft_survey):
    url = reverse("surveys:edit", args=[draft_survey.pk])
    page = logged_in.get(url)
    assert page.status_code == 200 and "<h1>Modifier l'enquête</h1>" in page.content.decode()
    data = {
        "title": "Enquête renommée",
        "slug": draft_survey.slug,
        "organiser": draft_survey.organiser,
        "department": "01",
        "territory": draft_survey.territory,
        "starts_on": "2026-02-01",
        "ends_on": "2026-03-31",
        "reference_period": draft_survey.reference_period,
        "legal_notice": draft_survey.legal_notice,
        "collection": "open",
        "threshold": 15,
    }
    assert logged_in.post(url, data).status_code == 302
    draft_survey.refresh_from_db()
    assert (draft_survey.title, draft_survey.threshold, draft_survey.collection) == ("Enquête renommée", 15, "open")
    refused = logged_in.post(url, data | {"department": "69", "title": "Ailleurs"})
    assert refused.status_code == 400 and "Vous ne coordonnez pas tout ce département." in refused.content.decode()
    draft_survey.refresh_from_db()
    assert draft_survey.title == "Enquête renommée"


def test_a_survey_is_deleted_in_draft_or_closed_but_never_while_collecting(logged_in, open_survey):
    Response.objects.create(survey=open_survey, commune="01249", sexe="F", age_groupe="30-44", form_nonce="x")
    url = reverse("surveys:delete", args=[open_survey.pk])
    refused = logged_in.post(url)
    assert "closez la collecte" in _messages(refused)[0]
    assert Survey.objects.filter(pk=open_survey.pk).exists()
    open_survey.close()
    deleted = logged_in.post(url)
    assert deleted.url == reverse("surveys:list")
    assert not Survey.objects.filter(pk=open_survey.pk).exists() and not Response.objects.exists()


def test_each_transition_is_logged_with_who_made_it_and_a_wrong_one_is_refused_without_a_log(
    logged_in, user, draft_survey
):
    for action in ("ouvrir", "clore", "publier", "depublier"):
        response = logged_in.post(reverse("surveys:transition", args=[draft_survey.pk, action]))
        assert response.status_code == 302
    logs = list(SurveyLog.objects.filter(survey=draft_survey).values_list("from_status", "to_status", "user"))
    assert logs == [
        ("draft", "open", user.pk),
        ("open", "closed", user.pk),
        ("closed", "published", user.pk),
        ("published", "closed", user.pk),
    ]
    refused = logged_in.post(reverse("surveys:transition", args=[draft_survey.pk, "clore"]))
    assert "L'enquête est « collecte close » : action impossible." in _messages(refused)
    assert SurveyLog.objects.filter(survey=draft_survey).count() == 4
    detail = logged_in.get(reverse("surveys:detail", args=[draft_survey.pk])).content.decode()
    assert re.search(r"brouillon → en cours de collecte", detail)
    assert logged_in.post(reverse("surveys:transition", args=[draft_survey.pk, "delete"])).status_code == 404


def test_a_transition_checks_the_state_in_the_database_not_a_stale_copy(draft_survey):
    stale = Survey.objects.get(pk=draft_survey.pk)
    draft_survey.open()
    with pytest.raises(TransitionError, match="en cours de collecte"):
        stale.open()
    assert SurveyLog.objects.filter(survey=draft_survey).count() == 1


def test_a_survey_without_any_asked_question_cannot_open(draft_survey):
    draft_survey.questions.update(enabled=False)
    with pytest.raises(TransitionError, match="Ajoutez au moins une question"):
        draft_survey.open()
    assert not SurveyLog.objects.exists()


def test_a_coordinator_of_another_department_cannot_touch_the_survey(client, draft_survey):
    client.force_login(coordinator(zone_codes=("69",)))
    question = draft_survey.questions.first()
    assert client.get(reverse("surveys:edit", args=[draft_survey.pk])).status_code == 404
    assert client.post(reverse("surveys:delete", args=[draft_survey.pk])).status_code == 404
    action = reverse("surveys:question-action", args=[draft_survey.pk, question.pk, "desactiver"])
    assert client.post(action).status_code == 404
    assert client.get(reverse("surveys:margins-entry", args=[draft_survey.pk])).status_code == 404


def test_a_new_survey_takes_the_deployments_threshold_or_11(settings):
    from allervers.surveys.models import default_threshold

    assert default_threshold() == 11
    settings.SURVEYS_THRESHOLD = 20
    assert default_threshold() == 20


def test_paper_answers_are_typed_during_or_after_the_collection_not_in_draft_nor_once_published(
    logged_in, draft_survey
):
    url = reverse("surveys:paper", args=[draft_survey.pk])
    data = {"injures": "oui", "sexe": "H", "age": "33", "commune": "01043"}
    refused = logged_in.post(url, data)
    assert refused.status_code == 302 and any("pendant la collecte" in m for m in _messages(refused))
    draft_survey.open()
    draft_survey.close()
    assert logged_in.post(url, data).status_code == 302
    draft_survey.publish()
    logged_in.post(url, data)
    assert Response.objects.filter(survey=draft_survey).count() == 1
