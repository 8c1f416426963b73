"""The issue's journey: a coordinator invites a structure, it edits and verifies its listing, the public sees it."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.factories import ServiceFactory, StructureFactory, coordinator
from tests.mailing.outbox import deliver_queued

pytestmark = pytest.mark.django_db


def test_a_coordinator_invites_and_the_structure_keeps_its_listing_true(client):
    structure = StructureFactory(name="Association fictive Gamma")
    service = ServiceFactory(structure=structure, name="Accueil fictif", verified_at=None)
    client.force_login(coordinator(zone_codes=["01"]))
    client.post(
        reverse("backoffice:invite-structure", args=[structure.pk]), {"email": "gamma@example.org", "role": "admin"}
    )
    assert deliver_queued() == 1
    link = re.search(r"http://\S+/compte/invitation/\S+/", mail.outbox[0].body).group(0)
    client.logout()

    path = link.split("127.0.0.1:8000", 1)[1]
    client.post(
        path, {"job_title": "Directrice", "password1": "une phrase de passe", "password2": "une phrase de passe"}
    )
    edit = client.post(
        reverse("backoffice:service-edit", args=[service.pk]),
        {
            "name": "Accueil fictif des victimes",
            "description": "Écoute, orientation.",
            "thematiques": ["aide-aux-victimes--ecoute-et-orientation"],
            "publics": ["tous-publics"],
            "modes_accueil": ["en-presentiel"],
            "zone_text": "01",
            "commune_text": "01000 Bourg-en-Bresse",
            "phone": "04 74 00 00 02",
            "update_frequency_months": "6",
        },
    )
    assert edit.status_code == 302
    client.post(reverse("backoffice:service-transition", args=[service.pk, "verifier"]))

    service.refresh_from_db()
    client.logout()
    page = client.get(reverse("portal:service", args=[service.pk, service.slug])).content.decode()
    assert "Accueil fictif des victimes" in page and "04 74 00 00 02" in page
    assert f"Vérifié le {timezone.localdate():%d/%m/%Y} par Directrice" in page
