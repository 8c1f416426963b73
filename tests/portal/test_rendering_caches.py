"""The parts of the public pages rendered once per process must never show one visitor's page to another."""

import pytest
from django.test import override_settings
from django.urls import reverse

from allervers.common.urls import reverse_listing
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db

URL = reverse("portal:search")
VIOLENCES = "aide-aux-victimes--violences-conjugales"


def _selected(html: str, value: str) -> bool:
    return f'<option value="{value}" selected>' in html


def test_each_search_shows_its_own_choices(client):
    first = client.get(URL, {"code_commune": "01283", "thematique": VIOLENCES, "public": "femmes"}).content.decode()
    second = client.get(URL, {"code_commune": "01283", "public": "jeunes"}).content.decode()
    blank = client.get(URL).content.decode()
    assert _selected(first, VIOLENCES) and _selected(first, "femmes")
    assert not _selected(second, VIOLENCES) and _selected(second, "jeunes") and not _selected(second, "femmes")
    assert "selected>" not in blank.replace('<option value="" selected>', "")


def test_a_refused_choice_is_flagged_then_forgotten(client):
    refused = client.get(URL, {"code_commune": "01283", "thematique": "inconnue"}).content.decode()
    accepted = client.get(URL, {"code_commune": "01283", "thematique": VIOLENCES}).content.decode()
    assert "Sélectionnez un choix valide" in refused and 'aria-invalid="true"' in refused
    assert "Sélectionnez un choix valide" not in accepted and 'aria-invalid="true"' not in accepted


def test_the_layout_follows_a_change_of_settings(client):
    client.get(reverse("portal:home"))
    with override_settings(ALLERVERS_PLATFORM_NAME="Plateforme renommée", ALLERVERS_OPERATOR="Autre opérateur"):
        html = client.get(reverse("portal:home")).content.decode()
    assert '<p class="fr-header__service-title">Plateforme renommée</p>' in html
    assert "Service proposé par : Autre opérateur." in html
    assert "Plateforme renommée" not in client.get(reverse("portal:home")).content.decode()


def test_a_listing_address_is_the_one_reverse_gives():
    service = ServiceFactory(name="Écoute & soutien")
    assert reverse_listing("portal:service", service.pk, service.slug) == reverse(
        "portal:service", args=[service.pk, service.slug]
    )
    assert reverse_listing("portal:structure", 7, "a-b_c") == reverse("portal:structure", args=[7, "a-b_c"])
