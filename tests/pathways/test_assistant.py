import pytest
from django.urls import reverse

from tests.factories import ServiceFactory, StructureFactory, coordinator

pytestmark = pytest.mark.django_db

URL = reverse("pathways:assistant")


def ask(client, situation, danger="oui", commune="Oyonnax", pour_qui="moi"):
    data = {"pour_qui": pour_qui, "situation": situation, "danger": danger, "commune": commune}
    return client.post(URL, data)


def positions(html, *needles):
    found = [html.find(needle) for needle in needles]
    assert all(index >= 0 for index in found), [n for n, i in zip(needles, found, strict=True) if i < 0]
    return found


def test_the_questions_are_posted_never_sent_in_the_address(client, pathways):
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<form method="post" action="{URL}"' in html
    assert "no-store" in response["Cache-Control"]


def test_violences_conjugales_in_danger_at_oyonnax_puts_17_112_114_first_then_the_local_actors(client, demo):
    response = ask(client, "violences-conjugales")
    html = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    emergency = positions(html, 'href="tel:17"', 'href="tel:112"', 'href="sms:114"')
    brigade = "Brigade de gendarmerie d&#x27;Oyonnax"
    actors = positions(html, "AVEMA 01", "CIDFF de l&#x27;Ain", brigade, "Appeler le 3919")
    assert max(emergency) < min(actors)
    assert actors == sorted(actors)
    assert "près d&#x27;Oyonnax" in html


def test_for_a_child_it_gives_the_119_and_the_crip(client, demo):
    html = ask(client, "enfant-en-danger", danger="non").content.decode()
    assert "Appeler le 119" in html
    assert "Cellule de recueil des informations préoccupantes" in html
    assert "crip@ain.fr" in html
    assert "Quelqu'un est en danger" not in html  # no emergency block when nobody is in danger now


def test_for_an_older_person_it_gives_the_3977(client, demo):
    assert "Appeler le 3977" in ask(client, "maltraitance-personne-agee", danger="non").content.decode()


def test_for_cyberharassment_it_gives_the_3018_and_pharos(client, demo):
    html = ask(client, "cyberharcelement", danger="non").content.decode()
    assert "Appeler le 3018" in html
    assert "PHAROS" in html
    assert "https://www.internet-signalement.gouv.fr" in html


def test_an_unsure_answer_still_shows_the_emergency_numbers(client, demo):
    html = ask(client, "violences-conjugales", danger="ne-sait-pas").content.decode()
    assert "Dans le doute, n'attendez pas" in html
    assert 'href="tel:17"' in html


def test_professional_steps_and_legal_points_are_only_for_professionals(client, demo):
    public = ask(client, "violences-conjugales", pour_qui="moi").content.decode()
    pro = ask(client, "violences-conjugales", pour_qui="professionnel").content.decode()
    assert "Signaler au procureur de la République" not in public
    assert "Signaler au procureur de la République" in pro
    assert "art. 226-14, 3°" in pro
    assert "À savoir pour les professionnels" in pro


def test_without_a_commune_it_gives_the_national_lines_only(client, demo):
    html = ask(client, "violences-conjugales", danger="non", commune="").content.decode()
    assert "Appeler le 3919" in html
    assert "AVEMA 01" not in html
    assert "Vous n'avez pas indiqué de commune" in html


def test_an_ambiguous_commune_is_asked_again_inside_the_posted_form(client, pathways):
    html = ask(client, "violences-conjugales", commune="Saint-Denis").content.decode()
    assert "Plusieurs communes portent ce nom" in html
    assert 'name="code_commune" value="93066"' in html
    assert "?code_commune" not in html


def test_a_picked_commune_code_answers(client, demo):
    data = {"pour_qui": "moi", "situation": "enfant-en-danger", "danger": "non", "code_commune": "01283"}
    assert "près d&#x27;Oyonnax" in client.post(URL, data).content.decode()


def test_answers_in_the_address_are_ignored(client, demo):
    response = client.get(URL, {"pour_qui": "moi", "situation": "violences-conjugales", "danger": "oui"})
    assert "Que faire, qui appeler ?" in response.content.decode()
    assert "AVEMA" not in response.content.decode()


def test_nothing_is_stored_in_the_session(client, demo):
    response = ask(client, "violences-conjugales")
    assert set(response.cookies) <= {"csrftoken"}
    assert set(client.cookies) <= {"csrftoken"}  # no session cookie: nothing was written server-side


def test_a_professional_sees_the_professional_line_of_a_local_actor(client, demo):
    structure = StructureFactory(name="Association fictive", reseaux_porteurs=["cidff"])
    ServiceFactory(structure=structure, zone_eligibilite=["01"], phone_pro="04 74 00 00 00", phone="04 74 11 11 11")
    assert "Ligne réservée aux professionnels" not in ask(client, "violences-conjugales").content.decode()
    client.force_login(coordinator())
    assert "Ligne réservée aux professionnels" in ask(client, "violences-conjugales").content.decode()


def test_a_postal_code_offers_its_communes_and_an_insee_code_says_it_is_one(client, pathways):
    html = ask(client, "violences-conjugales", commune="01100").content.decode()
    assert "Oyonnax (01100)" in html
    assert "Cheignieu-la-Balme (code INSEE 01100)" in html
    assert html.index("Oyonnax") < html.index("Cheignieu-la-Balme")
