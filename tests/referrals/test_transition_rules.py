"""A hand-over's transition checks where it starts from and writes its log line in the same transaction; a URL
reaches only the listed actions."""

import pytest
from django.urls import reverse

from allervers.accounts.models import User
from allervers.common.exceptions import TransitionError
from allervers.referrals.enums import AccessAction, ReferralStatus
from allervers.referrals.models import AccessLog, Referral
from tests.referrals.conftest import with_second_factor

pytestmark = pytest.mark.django_db


def test_a_transition_from_a_wrong_state_raises_and_logs_nothing(parties):
    referral = parties.referral()
    with pytest.raises(TransitionError, match="maintenant « envoyée »"):
        referral.close(by=parties.receiver, outcome="supported")
    assert Referral.objects.get(pk=referral.pk).status == ReferralStatus.SENT
    assert not AccessLog.objects.filter(referral=referral).exists()


def test_a_status_change_whose_log_line_fails_is_undone(parties):
    referral = parties.referral()
    # An account not saved in the database cannot be named in the log: the log line fails after the UPDATE.
    with pytest.raises(ValueError, match="unsaved related object"):
        referral.accept(by=User(email="jamais-enregistre@example.org"))
    assert Referral.objects.get(pk=referral.pk).status == ReferralStatus.SENT
    assert referral.status == ReferralStatus.SENT
    assert not AccessLog.objects.filter(referral=referral).exists()


def test_a_change_and_its_log_line_are_written_together(parties):
    referral = parties.referral()
    referral.acknowledge(by=parties.receiver)
    assert Referral.objects.get(pk=referral.pk).status == ReferralStatus.ACKNOWLEDGED
    assert list(AccessLog.objects.filter(referral=referral).values_list("action", "detail")) == [
        (AccessAction.CHANGE, "reçue")
    ]


@pytest.mark.parametrize("action", ["expire", "erase_personal_data", "supprimer", "save"])
def test_a_url_cannot_trigger_an_unlisted_action(client, parties, action):
    referral = parties.referral()
    with_second_factor(client, parties.receiver)
    response = client.post(reverse("referrals:transition", args=[referral.public_id, action]))
    assert response.status_code == 404
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT and not referral.is_purged
    assert not AccessLog.objects.filter(referral=referral, action=AccessAction.CHANGE).exists()
