import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from allervers.referrals.enums import AccessAction, ReferralStatus
from allervers.referrals.models import AccessLog, Referral
from tests.factories import ServiceFactory, StructureFactory
from tests.mailing.outbox import deliver_queued
from tests.referrals.conftest import SYNTHETIC_NAME, with_second_factor

pytestmark = pytest.mark.django_db


def form_data(parties, **overrides):
    data = {
        "sender_structure": parties.sending.pk,
        "situation": "aide-aux-victimes--violences-conjugales",
        "urgency": "urgent",
        "legal_basis": "consent",
        "consent_method": "oral",
        "consent_given_on": timezone.localdate().isoformat(),
        "commune_text": "01300 Belley",
        "person_name": SYNTHETIC_NAME,
        "contact_safe": "06 00 00 00 01",
        "contact_times": "le matin",
        "contact_avoid": "ne pas appeler le fixe",
        "summary": "Souhaite être accompagnée pour déposer plainte.",
    }
    data.update(overrides)
    return data


def create_url(parties):
    return reverse("referrals:create") + f"?service={parties.service.pk}"


def test_a_professional_sends_a_person_to_a_service_of_another_structure(
    client, parties, django_capture_on_commit_callbacks
):
    with_second_factor(client, parties.sender)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(create_url(parties), form_data(parties))
    referral = Referral.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "referrals:detail", args=[referral.public_id]
    )
    assert referral.status == ReferralStatus.SENT and referral.target_structure == parties.receiving
    assert referral.person_name == SYNTHETIC_NAME and referral.epci_code == referral.commune.epci_id
    assert referral.ack_due_at - referral.created_at == timezone.timedelta(hours=24)
    assert AccessLog.objects.filter(referral=referral, action=AccessAction.CREATE, user=parties.sender).exists()
    assert deliver_queued() == 2
    assert sorted(m.to for m in mail.outbox) == [["accueil@example.org"], ["direction@example.org"]]
    sent = mail.outbox[0]
    assert referral.reference in sent.subject and str(referral.public_id) in sent.body
    for text in (sent.subject, sent.body):
        assert "Zéphyrine" not in text and "Fictivelle" not in text and "violences" not in text.lower()


def test_without_consent_the_legal_basis_is_required_and_consent_fields_are_dropped(client, parties):
    with_second_factor(client, parties.sender)
    missing = client.post(create_url(parties), form_data(parties, legal_basis="", consent_method=""))
    assert missing.status_code == 200 and not Referral.objects.exists()
    client.post(create_url(parties), form_data(parties, legal_basis="226-14"))
    referral = Referral.objects.get()
    assert referral.legal_basis == "226-14" and referral.consent_method == "" and referral.consent_given_on is None


def test_consent_must_say_how_and_when(client, parties):
    with_second_factor(client, parties.sender)
    response = client.post(create_url(parties), form_data(parties, consent_method="", consent_given_on=""))
    content = response.content.decode().replace("&#x27;", "'")
    assert "Indiquez comment la personne a donné son accord." in content
    assert "Indiquez quand la personne a donné son accord." in content
    assert not Referral.objects.exists()


def test_the_situation_can_come_from_a_pathway_step(client, parties):
    with_second_factor(client, parties.sender)
    page = client.get(create_url(parties) + "&situation=aide-aux-victimes--enfance-en-danger")
    assert 'value="aide-aux-victimes--enfance-en-danger" selected' in page.content.decode()


def test_a_structure_cannot_send_to_itself(client, parties):
    with_second_factor(client, parties.receiver)
    assert client.get(create_url(parties)).status_code == 403


def test_a_structure_without_any_member_cannot_receive(client, parties):
    lonely = ServiceFactory(structure=StructureFactory(name="Structure sans compte"))
    with_second_factor(client, parties.sender)
    response = client.get(reverse("referrals:create") + f"?service={lonely.pk}")
    assert "ne reçoit pas encore de mises en relation" in response.content.decode()


def test_an_unpublished_or_unknown_service_is_a_404(client, parties):
    with_second_factor(client, parties.sender)
    hidden = ServiceFactory(structure=parties.receiving, status="draft")
    assert client.get(reverse("referrals:create") + f"?service={hidden.pk}").status_code == 404
    assert client.get(reverse("referrals:create") + "?service=abc").status_code == 404
