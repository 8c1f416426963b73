import pytest
from django.core import mail
from django.urls import reverse

from allervers.directory.enums import ListingStatus, ModerationStatus
from allervers.directory.models import Structure
from tests.factories import commune, coordinator
from tests.mailing.outbox import deliver_queued

pytestmark = pytest.mark.django_db

JOIN = reverse("backoffice:join")


def join_data(**overrides):
    data = {
        "name": "Association fictive d'aide",
        "structure_type": "association",
        "commune_text": "01300 Belley",
        "description": "Écoute et accompagnement des victimes.",
        "email": "contact@example.org",
        "website": "",
    }
    data.update(overrides)
    return data


def test_a_structure_asks_to_join_without_an_account(client):
    response = client.post(JOIN, join_data(), headers={"Sec-Fetch-Site": "same-origin"})
    assert "Demande envoyée" in response.content.decode()
    structure = Structure.objects.get()
    assert structure.moderation_status == ModerationStatus.PENDING and structure.status == ListingStatus.DRAFT
    assert structure.commune.name == "Belley"
    assert deliver_queued() == 0 and mail.outbox == []  # the invitation waits for the coordinator


def test_a_robot_filling_the_hidden_field_is_refused(client):
    client.post(JOIN, join_data(website="http://spam.example"), headers={"Sec-Fetch-Site": "same-origin"})
    assert not Structure.objects.exists()


def test_a_coordinator_approves_and_the_structure_gets_its_invitation(client):
    client.post(JOIN, join_data(), headers={"Sec-Fetch-Site": "same-origin"})
    structure = Structure.objects.get()
    boss = coordinator(zone_codes=["01"])
    client.force_login(boss)
    dashboard = client.get(reverse("backoffice:coordination")).content.decode()
    assert "Association fictive d&#x27;aide" in dashboard
    client.post(reverse("backoffice:moderate", args=[structure.pk, "valider"]))
    structure.refresh_from_db()
    assert structure.status == ListingStatus.PUBLISHED and structure.is_established
    assert deliver_queued() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["contact@example.org"]
    assert "/compte/invitation/" in mail.outbox[0].body


def test_services_of_a_new_structure_wait_for_moderation(client):
    from tests.factories import member

    client.post(JOIN, join_data(), headers={"Sec-Fetch-Site": "same-origin"})
    structure = Structure.objects.get()
    client.force_login(member(structure, role="admin"))
    client.post(
        reverse("backoffice:service-create", args=[structure.pk]),
        {
            "name": "Écoute fictive",
            "description": "Écoute.",
            "thematiques": ["aide-aux-victimes--ecoute-et-orientation"],
            "publics": ["tous-publics"],
            "modes_accueil": ["a-distance"],
            "zone_text": "01",
            "update_frequency_months": "6",
        },
    )
    service = structure.services.get()
    assert service.status == ListingStatus.DRAFT
    client.force_login(coordinator(zone_codes=["01"]))
    client.post(reverse("backoffice:moderate", args=[structure.pk, "valider"]))
    service.refresh_from_db()
    assert service.status == ListingStatus.PUBLISHED


def test_a_coordinator_of_another_department_cannot_approve(client):
    client.post(JOIN, join_data(), headers={"Sec-Fetch-Site": "same-origin"})
    structure = Structure.objects.get()
    client.force_login(coordinator(zone_codes=["74"]))
    assert client.post(reverse("backoffice:moderate", args=[structure.pk, "valider"])).status_code == 404


def test_the_coverage_table_lists_communes_without_a_service(client):
    from tests.factories import ServiceFactory

    ServiceFactory(thematiques=["aide-aux-victimes--violences-conjugales"], zone_eligibilite=[commune("01283").epci_id])
    client.force_login(coordinator(zone_codes=["01"]))
    html = client.get(reverse("backoffice:coverage")).content.decode()
    assert "Violences conjugales" in html and "Bourg-en-Bresse" in html
