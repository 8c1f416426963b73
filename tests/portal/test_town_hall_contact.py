"""A CCAS listing without its own contact shows its town hall's, labelled as the town hall's (issue 15, item 2)."""

import re

import pytest
from django.urls import reverse

from allervers.directory.demo import load_demo
from allervers.directory.models import Structure
from tests.factories import ServiceFactory, StructureFactory, commune

pytestmark = pytest.mark.django_db

LABEL = "(source : annuaire de l'administration, Service-Public.fr, données du 22/09/2026)"
# The 12 CCAS of the seed, and the town hall each one shows: name, phone as read, a line of its hours.
SEED_CCAS = {
    "CCAS de Belley": (
        "mairie de Belley",
        "04 79 42 23 00",
        "du lundi au jeudi, de 8 h à 12 h et de 13 h 30 à 17 h 30",
    ),
    "CCAS de Saint-Maurice-de-Beynost": ("mairie de Saint-Maurice-de-Beynost", "04 78 55 14 08", "de 8 h 30 à 12 h"),
    "CCAS de Nantua": ("mairie de Nantua", "04 74 75 20 55", "de 8 h 30 à 12 h"),
    "CCAS de Hauteville-Lompnes": ("mairie de Plateau d'Hauteville", "04 74 40 41 80", "de 13 h 30 à 17 h"),
    "CCAS de Saint-Trivier-de-Courtes": ("mairie de Saint-Trivier-de-Courtes", "04 74 30 70 32", "de 9 h à 12 h"),
    "CCAS de Bourg-en-Bresse": ("mairie de Bourg-en-Bresse", "04 74 45 71 99", "de 8 h 30 à 12 h"),
    "CCAS de Villars-les-Dombes": ("mairie de Villars-les-Dombes", "04 74 98 03 54", "de 8 h 30 à 12 h"),
    "CCAS de Meximieux": ("mairie de Meximieux", "04 74 46 08 80", "de 8 h 30 à 12 h"),
    "CCAS d'Oyonnax": ("mairie d'Oyonnax", "04 74 77 00 06", "du lundi au vendredi, de 8 h 30 à 12 h"),
    "CCAS de Gex": ("mairie de Gex", "04 50 42 63 00", "de 8 h à 12 h et de 14 h à 18 h"),
    "CCAS de Valserhône": ("mairie de Valserhône", "04 50 56 60 60", "de 9 h à 12 h"),
    "CCAS de Vonnas": ("mairie de Vonnas", "04 74 50 02 48", "de 8 h 30 à 12 h 15"),
}


def text(html):
    """The page as a person reads it: no tags, entities decoded, spaces collapsed."""
    import html as entities

    return re.sub(r"\s+", " ", entities.unescape(re.sub(r"<[^>]+>", " ", html))).replace(" ,", ",").replace(" )", ")")


def town_hall_block(html):
    start = html.index('class="fr-callout fr-mb-3w town-hall"')
    return text(html[start : html.index("</dl>", start)])


@pytest.fixture
def seed(db):
    load_demo()
    return {structure.name: structure for structure in Structure.objects.filter(structure_type="ccas")}


def test_each_seed_ccas_page_shows_its_town_hall_s_phone_and_hours_labelled_as_the_town_hall_s(client, seed):
    assert set(seed) == set(SEED_CCAS)
    for name, (town_hall, phone, hours) in SEED_CCAS.items():
        service = seed[name].services.get()
        assert not service.phone and not service.opening_hours  # the seed gives them none
        html = client.get(reverse("portal:service", args=[service.pk, service.slug])).content.decode()
        block = town_hall_block(html)
        assert f"Coordonnées de la {town_hall} {LABEL}" in block, name
        assert f"Téléphone de la mairie {phone}" in block, name
        assert "Horaires de la mairie" in block and hours in block.lower(), name
        assert "Ce sont les coordonnées de la mairie, pas celles du CCAS." in block


def test_the_structure_page_of_a_ccas_shows_it_too(client, seed):
    belley = seed["CCAS de Belley"]
    html = client.get(reverse("portal:structure", args=[belley.pk, belley.slug])).content.decode()
    block = town_hall_block(html)

    assert f"Coordonnées de la mairie de Belley {LABEL}" in block
    assert "Adresse de la mairie 11 boulevard de Verdun 01300 Belley" in block
    assert 'href="tel:+33479422300"' in html


def test_the_phone_is_never_shown_as_the_ccas_own(client, seed):
    service = seed["CCAS d'Oyonnax"].services.get()
    html = client.get(reverse("portal:service", args=[service.pk, service.slug])).content.decode()
    own = html[: html.index('class="fr-callout fr-mb-3w town-hall"')]

    assert "04 74 77 00 06" not in own
    assert "04 74 77 00 06" in html


def test_a_ccas_with_its_own_phone_and_hours_shows_no_town_hall(client):
    structure = StructureFactory(name="CCAS fictif", structure_type="ccas", commune=commune("01034"))
    service = ServiceFactory(structure=structure, phone="+33479000000", opening_hours="Mo-Fr 09:00-12:00")
    html = client.get(reverse("portal:service", args=[service.pk, service.slug])).content.decode()

    assert "town-hall" not in html and "04 79 42 23 00" not in html


def test_a_ccas_with_a_phone_but_no_hours_says_it_is_the_town_hall_s_hours(client):
    structure = StructureFactory(name="CCAS fictif", structure_type="ccas", commune=commune("01034"))
    service = ServiceFactory(structure=structure, phone="+33479000000")
    block = town_hall_block(client.get(reverse("portal:service", args=[service.pk, service.slug])).content.decode())

    assert "Ce service n'a pas encore publié ses horaires." in block
    assert "Horaires de la mairie" in block


def test_another_kind_of_listing_never_borrows_a_town_hall(client):
    structure = StructureFactory(name="Association fictive", structure_type="association", commune=commune("01034"))
    service = ServiceFactory(structure=structure)
    html = client.get(reverse("portal:service", args=[service.pk, service.slug])).content.decode()

    assert "town-hall" not in html and "mairie de Belley" not in html
