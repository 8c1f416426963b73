"""The public search form as a person fills it in: where a typed or sent place goes wrong, what « Besoin » offers."""

import re

import pytest
from django.urls import reverse

from allervers.portal.forms import SearchForm

pytestmark = pytest.mark.django_db

URL = reverse("portal:search")


def _commune_error(html: str) -> str:
    """The error message bound to the « Commune ou code postal » input, and the input marked invalid."""
    field = re.search(r'<input[^>]*name="commune"[^>]*>', html)
    assert field is not None
    assert 'aria-invalid="true"' in field.group(0)
    messages = re.search(r'id="id_commune-desc-error"[^>]*>(.*?)</div>', html, re.DOTALL)
    assert messages is not None
    return messages.group(1)


@pytest.mark.parametrize(
    "params",
    [
        {"lat": "abc", "lon": "5.65"},
        {"lat": "46.26", "lon": "999"},
        {"lat": "46.26"},
        {"lon": "5.65"},
    ],
)
def test_an_unreadable_position_marks_the_commune_field(client, params):
    html = client.get(URL, params).content.decode()
    assert "Votre position n&#x27;a pas pu être lue" in _commune_error(html)


@pytest.mark.parametrize("code", ["abcdefg", "99999", "0128"])
def test_an_unknown_commune_code_marks_the_commune_field(client, code):
    html = client.get(URL, {"code_commune": code}).content.decode()
    assert "Cette commune n&#x27;existe pas" in _commune_error(html)


def test_a_readable_position_still_finds_the_commune():
    form = SearchForm({"lat": "46,2574", "lon": "5.6556"})
    assert form.is_valid()
    assert form.cleaned_data["place"].name == "Oyonnax"


def test_five_digits_are_first_a_postal_code_and_the_insee_namesake_comes_last_as_such(client):
    # 01100 is the postal code of Oyonnax and six neighbours, and the INSEE code of Cheignieu-la-Balme (01510).
    form = SearchForm({"commune": "01100"})
    assert not form.is_valid()
    labels = [candidate.label for candidate in form.candidates]

    assert labels[0] == "Oyonnax (01100)"
    assert labels[-1] == "Cheignieu-la-Balme (code INSEE 01100)"
    assert all("code INSEE" not in label for label in labels[:-1])
    html = client.get(URL, {"commune": "01100"}).content.decode()
    assert "Cheignieu-la-Balme (code INSEE 01100) — Ain" in html


def test_besoin_offers_the_victims_themes_then_those_of_vulnerable_people_and_no_employment_category():
    choices = SearchForm().fields["thematique"].choices
    groups = {label: [code for code, _ in options] for label, options in choices[1:]}

    assert list(groups) == ["Aide aux victimes", "Personnes vulnérables et leurs proches"]
    assert "aide-aux-victimes--violences-conjugales" in groups["Aide aux victimes"]
    assert "famille--soutien-aidants" in groups["Personnes vulnérables et leurs proches"]
    offered = {code for codes in groups.values() for code in codes}
    for employment in ("trouver-un-emploi", "choisir-un-metier", "creer-une-entreprise", "preparer-sa-candidature"):
        assert not any(code.startswith(employment) for code in offered)


def test_the_heading_elides_de_before_a_vowel(client):
    html = client.get(URL, {"commune": "Oyonnax"}).content.decode()
    assert "<h1>Aide près d&#x27;Oyonnax</h1>" in html
    assert "<h1>Aide près de Belley</h1>" in client.get(URL, {"commune": "Belley"}).content.decode()
