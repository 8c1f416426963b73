"""The public questionnaire: no cookie, signed state, one answer per code, nothing finer than the day stored."""

import re

import pytest
from django.urls import reverse

from allervers.surveys.models import Response

pytestmark = pytest.mark.django_db


def _token(response):
    return re.search(r'name="etat" value="([^"]+)"', response.content.decode()).group(1)


def _post(client, survey, token, **data):
    return client.post(reverse("surveys:answer", args=[survey.slug]), {"etat": token, **data})


def _answer_all(client, survey, code, **profile):
    page = client.get(reverse("surveys:intro", args=[survey.slug]))
    page = _post(client, survey, _token(page), code=code)
    page = _post(client, survey, _token(page), injures="oui", violences_sexuelles="")
    page = _post(client, survey, _token(page), victime_une_fois="oui")
    assert "Avez-vous porté plainte" in page.content.decode()
    page = _post(client, survey, _token(page), plainte="non")
    page = _post(client, survey, _token(page), renonce_sortir="oui")
    page = _post(client, survey, _token(page))
    assert "Votre commune" in page.content.decode()
    final_token = _token(page)
    done = _post(client, survey, final_token, **({"sexe": "F", "age": "41", "commune": "01249"} | profile))
    return done, final_token


def test_a_whole_answer_is_stored_without_identity_and_without_any_cookie(client, open_survey):
    done, _ = _answer_all(client, open_survey, open_survey.codes[0].lower())
    assert done.status_code == 302 and done.url == reverse("surveys:thanks", args=[open_survey.slug])
    assert not client.cookies
    stored = Response.objects.get(survey=open_survey)
    assert (stored.commune, stored.sexe, stored.age_groupe, stored.channel) == ("01249", "F", "30-44", "web")
    assert stored.answers["injures"] is True and stored.answers["plainte"] is False
    assert stored.answers["violences_sexuelles"] is None
    assert {f.name for f in Response._meta.fields} == {
        "id",
        "survey",
        "collected_on",
        "channel",
        "commune",
        "sexe",
        "age_groupe",
        "answers",
        "form_nonce",
    }
    assert open_survey.invitations.filter(used_on__isnull=False).count() == 1
    thanks = client.get(done.url)
    assert "3919" in thanks.content.decode() and "116 006" in thanks.content.decode()


def test_the_follow_up_questions_are_skipped_for_someone_who_was_not_a_victim(client, open_survey):
    page = _post(
        client,
        open_survey,
        _token(client.get(reverse("surveys:intro", args=[open_survey.slug]))),
        code=open_survey.codes[0],
    )
    page = _post(client, open_survey, _token(page))
    page = _post(client, open_survey, _token(page), victime_une_fois="non")
    assert "Avez-vous porté plainte" not in page.content.decode()
    assert "Votre sentiment de sécurité" in page.content.decode() or "renoncer à sortir" in page.content.decode()


def test_a_form_sent_twice_is_stored_once(client, open_survey):
    _, token = _answer_all(client, open_survey, open_survey.codes[0])
    again = _post(client, open_survey, token, sexe="F", age="41", commune="01249")
    assert again.status_code == 409
    assert Response.objects.filter(survey=open_survey).count() == 1


def test_a_code_serves_once_and_an_unknown_code_is_refused(client, open_survey):
    _answer_all(client, open_survey, open_survey.codes[0])
    for code in (open_survey.codes[0], "ZZZZZZZZ"):
        page = _post(
            client, open_survey, _token(client.get(reverse("surveys:intro", args=[open_survey.slug]))), code=code
        )
        assert page.status_code == 400
        assert "Ce code n&#x27;existe pas ou a déjà servi" in page.content.decode()


def test_a_forged_or_missing_state_is_refused_in_french(client, open_survey):
    for token in ("", "faux-jeton"):
        page = _post(client, open_survey, token, code=open_survey.codes[0])
        assert page.status_code == 400
        assert "Ce formulaire a expiré ou a été modifié" in page.content.decode()


def test_a_wrong_profile_is_asked_again_without_losing_the_answers(client, open_survey):
    done, _ = _answer_all(client, open_survey, open_survey.codes[0], age="douze", commune="99999")
    assert done.status_code == 200
    assert "Votre âge" in done.content.decode()
    assert not Response.objects.exists()
    token = _token(done)
    ok = _post(client, open_survey, token, sexe="H", age="44", commune="01043")
    assert ok.status_code == 302
    assert Response.objects.get().answers["injures"] is True


def test_a_closed_survey_takes_no_answer_and_a_draft_is_not_found(client, open_survey):
    token = _token(client.get(reverse("surveys:intro", args=[open_survey.slug])))
    open_survey.close()
    assert _post(client, open_survey, token, code=open_survey.codes[0]).status_code == 409
    open_survey.status = "draft"
    open_survey.save(update_fields=["status"])
    assert client.get(reverse("surveys:intro", args=[open_survey.slug])).status_code == 404


def test_an_open_link_survey_asks_no_code(client, open_survey):
    open_survey.collection = "open"
    open_survey.save(update_fields=["collection"])
    page = client.get(reverse("surveys:intro", args=[open_survey.slug]))
    assert "Code d&#x27;invitation" not in page.content.decode()
    page = _post(client, open_survey, _token(page))
    assert "Étape 1 sur 6" in page.content.decode()


def test_an_open_link_refuses_forms_over_its_hourly_limit_in_french_and_keeps_nothing_about_the_visitor(
    client, open_survey
):
    from django.core.cache import cache

    from allervers.surveys.views.collect import RATE

    open_survey.collection = "open"
    open_survey.save(update_fields=["collection"])
    limit = int(RATE.split("/")[0])
    token = _token(client.get(reverse("surveys:intro", args=[open_survey.slug])))
    for _ in range(limit):
        assert _post(client, open_survey, token).status_code == 200  # each one starts the questionnaire
    refused = _post(client, open_survey, token)
    html = refused.content.decode()
    assert refused.status_code == 429
    assert "Trop de formulaires ont été envoyés depuis cette connexion en une heure" in html
    assert "Réessayez dans une heure" in html and "Quitter ce site" in html
    assert not client.cookies
    assert not Response.objects.exists()
    # The count lives in the cache under a hash: the address itself is kept nowhere.
    keys = list(cache._cache)  # LocMemCache's own store
    assert keys and not any("127.0.0.1" in key for key in keys)
    # Another connection still answers.
    other = client.post(reverse("surveys:answer", args=[open_survey.slug]), {"etat": token}, REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 200 and "Étape 1 sur 6" in other.content.decode()
