"""An offer names the plan fiches it serves: the form offers the fiches of the plans its editor reads, and an edit
keeps a link made by someone else (a coordinator) on a fiche the editor cannot see."""

from __future__ import annotations

import pytest
from django.urls import reverse

from allervers.plan.models import Action, Axis, FicheAction, Plan
from allervers.territories.models import Department
from tests.factories import member

pytestmark = pytest.mark.django_db


def fiche_of_new_plan(department: str, number: str) -> FicheAction:
    plan = Plan.objects.create(
        title=f"Plan fictif {department}",
        department=Department.objects.get(code=department),
        start_year=2025,
        end_year=2027,
    )
    axis = Axis.objects.create(plan=plan, number=2, title="Axe fictif")
    action = Action.objects.create(axis=axis, number=1, title="Action fictive")
    return FicheAction.objects.create(action=action, number=number, title=f"Fiche fictive {number}")


def offer_data(offer, **changes):
    data = {
        "kind": offer.kind,
        "title": offer.title,
        "organiser": offer.organiser_id,
        "partner_name": "",
        "topic": offer.topic,
        "target_professions": offer.target_professions,
        "format": offer.format,
        "duration_hours": "7",
        "objectives": "",
        "prerequisites": "",
    }
    return {**data, **changes}


def test_an_organiser_links_the_offer_to_a_fiche_of_a_plan_it_reads(client, training):
    readable = fiche_of_new_plan("01", "2.1.3")
    readable.pilots.add(training.organiser)  # its structure pilots a fiche of that plan: it reads the plan
    hidden = fiche_of_new_plan("74", "2.1.2")
    client.force_login(member(training.organiser))
    url = reverse("outreach:offer-edit", args=[training.offer.pk])
    page = client.get(url).content.decode()
    assert "Fiche fictive 2.1.3" in page and "Fiche fictive 2.1.2" not in page
    refused = client.post(url, offer_data(training.offer, fiches=[hidden.pk]))
    assert refused.status_code == 200 and not training.offer.fiches.exists()
    client.post(url, offer_data(training.offer, fiches=[readable.pk]))
    assert list(training.offer.fiches.all()) == [readable]
    detail = client.get(reverse("outreach:offer", args=[training.offer.pk])).content.decode()
    assert "2.1.3 Fiche fictive 2.1.3" in detail


def test_an_edit_shows_and_keeps_a_link_the_editor_cannot_otherwise_see(client, training):
    hidden = fiche_of_new_plan("74", "2.1.2")
    training.offer.fiches.add(hidden)  # made by a coordinator of that plan
    client.force_login(member(training.organiser))
    url = reverse("outreach:offer-edit", args=[training.offer.pk])
    assert "Fiche fictive 2.1.2" in client.get(url).content.decode()
    client.post(url, offer_data(training.offer, title="Nouveau titre fictif", fiches=[hidden.pk]))
    training.offer.refresh_from_db()
    assert training.offer.title == "Nouveau titre fictif" and list(training.offer.fiches.all()) == [hidden]
