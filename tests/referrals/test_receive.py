import pytest
from django.core import mail
from django.urls import reverse

from allervers.common.exceptions import TransitionError
from allervers.referrals.enums import ReferralStatus
from allervers.referrals.models import Referral
from tests.mailing.outbox import deliver_queued
from tests.referrals.conftest import SYNTHETIC_NAME, with_second_factor

pytestmark = pytest.mark.django_db


def act(client, referral, action, **data):
    return client.post(reverse("referrals:transition", args=[referral.public_id, action]), data, follow=True)


def test_the_receiver_acknowledges_accepts_takes_in_charge_and_closes(client, parties):
    referral = parties.referral()
    with_second_factor(client, parties.receiver)
    act(client, referral, "accuser-reception")
    act(client, referral, "accepter")
    act(client, referral, "prendre-en-charge")
    response = act(client, referral, "cloturer", outcome="supported")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.CLOSED and referral.outcome == "supported"
    assert referral.acknowledged_at <= referral.accepted_at <= referral.in_charge_at <= referral.finished_at
    assert "La mise en relation est clôturée." in response.content.decode()
    assert deliver_queued() == 4  # one notice to the sender per step
    assert len(mail.outbox) == 4 and all("Fictivelle" not in m.body for m in mail.outbox)


def test_a_refusal_needs_a_reason_that_the_sender_then_reads(client, parties):
    referral = parties.referral()
    with_second_factor(client, parties.receiver)
    act(client, referral, "refuser", reason="")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT
    act(client, referral, "refuser", reason="Hors de notre zone : orienter vers le CIDFF.")
    with_second_factor(client, parties.sender)
    page = client.get(reverse("referrals:detail", args=[referral.public_id])).content.decode()
    assert "refusée" in page and "orienter vers le CIDFF" in page


def test_a_transition_from_a_state_that_does_not_allow_it_is_refused(parties):
    referral = parties.referral()
    with pytest.raises(TransitionError):
        referral.take_in_charge(by=parties.receiver)
    referral.accept(by=parties.receiver)
    with pytest.raises(TransitionError):
        referral.refuse(by=parties.receiver, reason="trop tard")


def test_of_two_people_acting_at_once_only_one_wins_and_the_other_is_told(client, parties):
    referral = parties.referral()
    first, second = Referral.objects.get(pk=referral.pk), Referral.objects.get(pk=referral.pk)
    first.accept(by=parties.receiver)
    with pytest.raises(TransitionError, match="la mise en relation est maintenant « acceptée »"):
        second.refuse(by=parties.receiver_admin, reason="complet")
    assert Referral.objects.get(pk=referral.pk).status == ReferralStatus.ACCEPTED
    with_second_factor(client, parties.receiver_admin)
    response = act(client, referral, "refuser", reason="complet")
    assert "quelqu&#x27;un a peut-être agi en même temps que vous" in response.content.decode()


def test_the_sender_sees_the_exchange_but_not_the_internal_notes(client, parties):
    referral = parties.referral()
    with_second_factor(client, parties.receiver)
    url = reverse("referrals:message", args=[referral.public_id])
    client.post(url, {"body": "Pouvez-vous préciser les horaires ?"})
    client.post(url, {"body": "Dossier suivi par la juriste", "internal": "on"})
    with_second_factor(client, parties.sender)
    client.post(url, {"body": "Plutôt le matin.", "internal": "on"})  # a sender cannot write an internal note
    page = client.get(reverse("referrals:detail", args=[referral.public_id])).content.decode()
    assert "Pouvez-vous préciser les horaires ?" in page and "Plutôt le matin." in page
    assert "Dossier suivi par la juriste" not in page
    with_second_factor(client, parties.receiver)
    page = client.get(reverse("referrals:detail", args=[referral.public_id])).content.decode()
    assert "Dossier suivi par la juriste" in page and "Plutôt le matin." in page


def test_the_inbox_lists_references_without_any_name(client, parties, django_assert_max_num_queries):
    for _ in range(3):
        parties.referral()
    with_second_factor(client, parties.receiver)
    with django_assert_max_num_queries(15):
        page = client.get(reverse("referrals:inbox")).content.decode()
    assert page.count("MR-") >= 3 and SYNTHETIC_NAME not in page
