import pytest
from django.urls import reverse

from tests.factories import ServiceFactory, commune

pytestmark = pytest.mark.django_db

URL = reverse("portal:search")


def test_it_shows_the_form_without_any_parameter(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert "Indiquez votre commune" in response.content.decode()


def test_it_lists_services_near_a_typed_commune(client):
    ServiceFactory(name="Permanence fictive d'Oyonnax", commune=commune("01283"))
    response = client.get(URL, {"commune": "Oyonnax"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Aide près d&#x27;Oyonnax" in html
    assert "Permanence fictive d&#x27;Oyonnax" in html
    assert "1 service trouvé" in html


def test_it_accepts_a_postal_code_and_a_picked_insee_code(client):
    ServiceFactory(name="Service de Nantua", commune=commune("01269"))
    assert "Service de Nantua" in client.get(URL, {"commune": "01130 Nantua"}).content.decode()
    assert "Service de Nantua" in client.get(URL, {"code_commune": "01269"}).content.decode()


def test_an_ambiguous_commune_lists_the_candidates_as_links(client):
    response = client.get(URL, {"commune": "Saint-Denis"})
    html = response.content.decode()
    assert "La recherche n'a pas pu aboutir" in html
    assert "?code_commune=93066" in html  # Saint-Denis (Seine-Saint-Denis)
    assert "?code_commune=97411" in html  # Saint-Denis (La Réunion)


def test_a_browser_position_finds_the_nearest_commune(client):
    oyonnax = commune("01283")
    ServiceFactory(name="Service d'Oyonnax", commune=oyonnax)
    response = client.get(URL, {"lat": f"{oyonnax.latitude + 0.001:.5f}", "lon": f"{oyonnax.longitude:.5f}"})
    assert "Aide près d&#x27;Oyonnax" in response.content.decode()


def test_an_urgent_theme_puts_the_emergency_numbers_first(client):
    ServiceFactory(
        name="Violences Femmes Info",
        helpline=True,
        thematiques=["aide-aux-victimes--violences-conjugales"],
        channels=[{"kind": "phone", "value": "3919", "label": ""}],
    )
    ServiceFactory(
        name="Accueil local",
        commune=commune("01283"),
        thematiques=["aide-aux-victimes--violences-conjugales"],
    )
    html = client.get(
        URL, {"commune": "Oyonnax", "thematique": "aide-aux-victimes--violences-conjugales"}
    ).content.decode()
    assert 'href="tel:17"' in html and 'href="sms:114"' in html and 'href="tel:3919"' in html
    assert html.index('href="tel:112"') < html.index('href="tel:3919"') < html.index("Accueil local")


def test_a_bad_parameter_is_a_clear_message_not_an_error(client):
    response = client.get(URL, {"commune": "Oyonnax", "thematique": "n-existe-pas", "page": "abc", "lat": "x"})
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_the_page_links_to_the_next_page(client):
    for index in range(25):
        ServiceFactory(name=f"Service {index:02d}", remote=True)
    html = client.get(URL, {"commune": "Oyonnax"}).content.decode()
    assert "Page 1 sur 2" in html
    assert "commune=Oyonnax&amp;page=2" in html


def test_the_search_page_sets_no_cookie_for_an_anonymous_reader(client):
    response = client.get(URL, {"commune": "Oyonnax"})
    assert response.cookies == {}


def test_a_postal_code_shared_by_several_communes_asks_which_one(client):
    html = client.get(URL, {"commune": "01130"}).content.decode()
    assert "couvre plusieurs communes" in html
    assert "?code_commune=01269" in html  # Nantua
