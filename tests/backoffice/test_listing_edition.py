import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from allervers.directory.enums import ListingStatus
from allervers.directory.tracking import ListingChange
from tests.factories import ServiceFactory, StructureFactory, commune, member

pytestmark = pytest.mark.django_db


def service_data(**overrides):
    data = {
        "name": "Permanence juridique fictive",
        "description": "Conseil juridique gratuit pour les victimes.",
        "thematiques": ["aide-aux-victimes--accompagnement-juridique"],
        "publics": ["victimes"],
        "modes_accueil": ["en-presentiel"],
        "frais": "gratuit",
        "zone_text": "01",
        "commune_text": "CCAS :01108 Oyonnax",
        "phone": "04 74 00 00 01",
        "opening_hours": "Mo-Fr 09:00-12:00",
        "update_frequency_months": "6",
        "languages_text": "fr, en",
    }
    data.update(overrides)
    return data


def test_a_member_edits_a_service_and_the_change_is_logged(client):
    service = ServiceFactory(name="Ancien nom")
    user = member(service.structure)
    client.force_login(user)
    response = client.post(reverse("backoffice:service-edit", args=[service.pk]), service_data())
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.name == "Permanence juridique fictive"
    assert service.phone == "+33474000001" and service.commune.name == "Oyonnax"
    assert service.languages == ["fr", "en"]
    change = ListingChange.objects.get(service=service)
    assert change.user == user and change.changes["name"] == ["Ancien nom", "Permanence juridique fictive"]


def test_every_field_is_validated_with_a_french_message(client):
    service = ServiceFactory()
    client.force_login(member(service.structure))
    response = client.post(
        reverse("backoffice:service-edit", args=[service.pk]),
        service_data(
            phone="12",
            opening_hours="le matin",
            zone_text="Oyonnax",
            commune_text="Oyonax",
            lien_mobilisation="pas une url",
        ),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "n&#x27;est pas un numéro de téléphone" in html
    assert "format OpenStreetMap" in html
    assert "n&#x27;est pas un code de zone" in html
    assert "Oyonnax" in html  # the resolver's candidate for the misspelled commune
    assert "Saisissez une URL valide." in html


def test_a_new_service_of_an_established_structure_is_published_at_once(client):
    structure = StructureFactory()
    client.force_login(member(structure))
    client.post(reverse("backoffice:service-create", args=[structure.pk]), service_data())
    service = structure.services.get()
    assert service.status == ListingStatus.PUBLISHED
    assert client.get(reverse("portal:service", args=[service.pk, service.slug])).status_code == 200


def test_verifying_records_who_and_when(client):
    service = ServiceFactory(verified_at=timezone.now() - datetime.timedelta(days=400))
    client.force_login(member(service.structure, job_title="Juriste"))
    client.post(reverse("backoffice:service-transition", args=[service.pk, "verifier"]))
    service.refresh_from_db()
    assert service.verified_by == "Juriste" and timezone.localdate(service.verified_at) == timezone.localdate()
    html = client.get(reverse("portal:service", args=[service.pk, service.slug])).content.decode()
    assert f"Vérifié le {timezone.localdate():%d/%m/%Y}" in html


def test_suspending_hides_the_service_until_the_date(client):
    service = ServiceFactory(commune=commune("01283"))
    client.force_login(member(service.structure))
    past = client.post(
        reverse("backoffice:service-transition", args=[service.pk, "suspendre"]), {"until": "2020-01-01"}
    )
    assert past.status_code == 302
    service.refresh_from_db()
    assert service.status == ListingStatus.PUBLISHED
    until = timezone.localdate() + datetime.timedelta(days=30)
    client.post(reverse("backoffice:service-transition", args=[service.pk, "suspendre"]), {"until": until.isoformat()})
    service.refresh_from_db()
    assert service.status == ListingStatus.SUSPENDED and service.suspended_until == until
    assert client.get(reverse("portal:service", args=[service.pk, service.slug])).status_code == 404


def test_archiving_then_republishing(client):
    service = ServiceFactory()
    client.force_login(member(service.structure))
    client.post(reverse("backoffice:service-transition", args=[service.pk, "archiver"]))
    service.refresh_from_db()
    assert service.status == ListingStatus.ARCHIVED
    client.post(reverse("backoffice:service-transition", args=[service.pk, "publier"]))
    service.refresh_from_db()
    assert service.status == ListingStatus.PUBLISHED


def test_the_preview_shows_an_unpublished_service_to_its_members_only(client):
    service = ServiceFactory(status=ListingStatus.DRAFT, name="Brouillon fictif")
    client.force_login(member(service.structure))
    assert "Brouillon fictif" in client.get(reverse("backoffice:service-preview", args=[service.pk])).content.decode()
    client.force_login(member(StructureFactory()))
    assert client.get(reverse("backoffice:service-preview", args=[service.pk])).status_code == 404
