"""Members of the organiser structure and coordinators of its territory manage an offer; members of another
structure, and coordinators elsewhere, get a 404 for it, its sessions, registrants and check-in codes. The files that
carry registrants' data away (exports, sign-in sheet) also ask for the second factor."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import StructureFactory, commune, coordinator, member, with_second_factor
from tests.outreach.conftest import confirmed

pytestmark = pytest.mark.django_db


def urls(training, registration):
    return [
        reverse("outreach:offer", args=[training.offer.pk]),
        reverse("outreach:offer-edit", args=[training.offer.pk]),
        reverse("outreach:session-create", args=[training.offer.pk]),
        reverse("outreach:session-manage", args=[training.session.pk]),
        reverse("outreach:session-edit", args=[training.session.pk]),
        reverse("outreach:session-cancel", args=[training.session.pk]),
        reverse("outreach:export-csv", args=[training.session.pk]),
        reverse("outreach:export-xlsx", args=[training.session.pk]),
        reverse("outreach:signin-sheet", args=[training.session.pk]),
        reverse("outreach:checkin", args=[registration.token("checkin")]),
    ]


def test_a_member_of_the_organiser_manages_the_offer(client, training):
    registration = confirmed(training.session)
    with_second_factor(client, member(training.organiser))
    for url in urls(training, registration):
        assert client.get(url).status_code == 200, url
    assert training.offer.title in client.get(reverse("outreach:offers")).content.decode()


def test_a_coordinator_of_the_department_manages_it(client, training):
    registration = confirmed(training.session)
    with_second_factor(client, coordinator(("01",)))
    for url in urls(training, registration):
        assert client.get(url).status_code == 200, url


def test_a_member_of_another_structure_gets_a_404(client, training):
    registration = confirmed(training.session)
    with_second_factor(client, member(StructureFactory(commune=commune("01283"))))
    for url in urls(training, registration):
        assert client.get(url).status_code == 404, url
    response = client.post(reverse("outreach:attendance", args=[registration.pk]), {"attendance": "present"})
    assert response.status_code == 404
    assert client.post(reverse("outreach:session-cancel", args=[training.session.pk])).status_code == 404
    registration.refresh_from_db()
    training.session.refresh_from_db()
    assert registration.attendance == "" and not training.session.is_cancelled
    assert training.offer.title not in client.get(reverse("outreach:offers")).content.decode()


def test_a_coordinator_of_another_department_gets_a_404(client, training):
    registration = confirmed(training.session)
    with_second_factor(client, coordinator(("74",)))
    for url in urls(training, registration):
        assert client.get(url).status_code == 404, url


def test_the_reach_view_is_for_coordinators(client, training):
    client.force_login(member(training.organiser))
    assert client.get(reverse("outreach:reach")).status_code == 404
    client.force_login(coordinator(("01",)))
    assert client.get(reverse("outreach:reach")).status_code == 200


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, training):
    response = client.get(reverse("outreach:offer", args=[training.offer.pk]))
    assert response.status_code == 302 and "/compte/connexion/" in response["Location"]


def test_the_exports_and_the_sign_in_sheet_ask_for_the_second_factor(client, training):
    confirmed(training.session)
    client.force_login(member(training.organiser))  # password only
    for name in ("export-csv", "export-xlsx", "signin-sheet"):
        response = client.get(reverse(f"outreach:{name}", args=[training.session.pk]))
        assert response.status_code == 302 and "/double-authentification/" in response["Location"], name
    # The on-screen list and the check-in stay open to the organisers' accounts (a trainer's phone, in the room).
    assert client.get(reverse("outreach:session-manage", args=[training.session.pk])).status_code == 200
