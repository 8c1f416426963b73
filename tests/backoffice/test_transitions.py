"""The back office's transitions: the model checks the rule, the view logs the change with it, and a URL reaches
only the listed actions."""

import pytest
from django.urls import reverse

from allervers.accounts.models import User
from allervers.backoffice.views.coordination import MODERATION
from allervers.common.exceptions import TransitionError
from allervers.directory.enums import ListingStatus, ModerationStatus
from allervers.directory.models import Structure
from allervers.directory.tracking import ListingChange
from tests.factories import ServiceFactory, StructureFactory, commune, coordinator, member

pytestmark = pytest.mark.django_db


def pending_structure():
    return StructureFactory(
        commune=commune("01034"), moderation_status=ModerationStatus.PENDING, status=ListingStatus.DRAFT
    )


def test_a_service_of_a_structure_awaiting_validation_cannot_be_published(client):
    service = ServiceFactory(structure=pending_structure(), status=ListingStatus.DRAFT)
    with pytest.raises(TransitionError, match="attend la validation de la coordination"):
        service.publish()
    client.force_login(member(service.structure))
    page = client.post(reverse("backoffice:service-transition", args=[service.pk, "publier"]), follow=True)
    assert "La structure attend la validation de la coordination." in page.content.decode()
    service.refresh_from_db()
    assert service.status == ListingStatus.DRAFT
    assert not ListingChange.objects.filter(service=service).exists()


def test_a_transition_from_a_wrong_state_is_refused_and_not_logged(client):
    service = ServiceFactory(status=ListingStatus.ARCHIVED)
    client.force_login(member(service.structure))
    page = client.post(reverse("backoffice:service-transition", args=[service.pk, "archiver"]), follow=True)
    assert "Cette fiche est déjà archivée." in page.content.decode()
    assert not ListingChange.objects.filter(service=service).exists()


def test_a_transition_is_logged_with_who_did_it(client):
    service = ServiceFactory()
    user = member(service.structure)
    client.force_login(user)
    client.post(reverse("backoffice:service-transition", args=[service.pk, "archiver"]))
    assert list(ListingChange.objects.filter(service=service).values_list("action", "user")) == [("archiver", user.pk)]


@pytest.mark.parametrize("action", ["unpublish", "delete", "save", "inconnue"])
def test_a_url_cannot_trigger_an_unlisted_service_action(client, action):
    service = ServiceFactory()
    client.force_login(member(service.structure))
    response = client.post(reverse("backoffice:service-transition", args=[service.pk, action]))
    assert response.status_code == 404
    service.refresh_from_db()
    assert service.status == ListingStatus.PUBLISHED
    assert not ListingChange.objects.filter(service=service).exists()


@pytest.mark.parametrize("decision", ["approve", "delete", "inconnue"])
def test_a_url_cannot_trigger_an_unlisted_moderation(client, decision):
    structure = pending_structure()
    client.force_login(coordinator(zone_codes=["01"]))
    response = client.post(reverse("backoffice:moderate", args=[structure.pk, decision]))
    assert response.status_code == 404
    assert Structure.objects.get(pk=structure.pk).moderation_status == ModerationStatus.PENDING


def test_a_refusal_whose_log_line_fails_is_undone():
    structure = pending_structure()
    refuse, _ = MODERATION["refuser"]
    # An account not saved in the database cannot be named in the change log: the log line fails after the save.
    with pytest.raises(ValueError, match="unsaved related object"):
        refuse(structure, by=User(email="jamais-enregistre@example.org"))
    structure = Structure.objects.get(pk=structure.pk)
    assert structure.moderation_status == ModerationStatus.PENDING and structure.status == ListingStatus.DRAFT
    assert not ListingChange.objects.filter(structure=structure).exists()


def test_a_refusal_is_logged(client):
    structure = pending_structure()
    boss = coordinator(zone_codes=["01"])
    client.force_login(boss)
    client.post(reverse("backoffice:moderate", args=[structure.pk, "refuser"]))
    structure.refresh_from_db()
    assert structure.moderation_status == ModerationStatus.REJECTED
    assert list(ListingChange.objects.filter(structure=structure).values_list("action", "user")) == [
        ("refus par la coordination", boss.pk)
    ]


def test_closing_a_report_twice_is_a_transition_error():
    from allervers.directory.enums import ErrorReportStatus
    from allervers.directory.tracking import ErrorReport

    service = ServiceFactory()
    report = ErrorReport.objects.create(service=service, message="Le numéro ne répond plus.")
    report.close(user=None, status=ErrorReportStatus.FIXED)
    with pytest.raises(TransitionError, match="déjà traité"):
        report.close(user=None, status=ErrorReportStatus.DISMISSED)
    report.refresh_from_db()
    assert report.status == ErrorReportStatus.FIXED


def test_c_est_a_jour_on_a_structure_is_logged_with_who_did_it(client):
    structure = StructureFactory()
    user = member(structure)
    client.force_login(user)
    page = client.post(reverse("backoffice:structure-verify", args=[structure.pk]), follow=True)
    assert "la fiche est marquée à jour" in page.content.decode()
    structure.refresh_from_db()
    assert structure.verified_by == user.display_name
    assert list(ListingChange.objects.filter(structure=structure, service=None).values_list("action", "user")) == [
        ("vérification : c'est à jour", user.pk)
    ]


def test_an_archived_service_cannot_be_marked_up_to_date(client):
    service = ServiceFactory(status=ListingStatus.ARCHIVED)
    client.force_login(member(service.structure))
    page = client.post(reverse("backoffice:service-transition", args=[service.pk, "verifier"]), follow=True)
    assert "Cette fiche est archivée" in page.content.decode()
    service.refresh_from_db()
    assert service.verified_by == ""
    assert not ListingChange.objects.filter(service=service).exists()
