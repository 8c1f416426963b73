"""Transitions check their starting state, raise TransitionError otherwise, and write their log line; the view
reaches them only through its action table, for coordinators only."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from allervers.agreements.enums import AgreementStatus, LogAction, Renewal
from allervers.agreements.models import AgreementLog, add_months, end_of_term
from allervers.common.exceptions import TransitionError
from tests.agreements.conftest import signed
from tests.factories import coordinator, member

pytestmark = pytest.mark.django_db


def test_months_are_added_as_a_calendar_does():
    assert add_months(datetime.date(2025, 1, 31), 1) == datetime.date(2025, 2, 28)
    assert add_months(datetime.date(2024, 1, 31), 1) == datetime.date(2024, 2, 29)
    assert add_months(datetime.date(2025, 11, 15), 3) == datetime.date(2026, 2, 15)
    assert end_of_term(datetime.date(2025, 1, 15), 12) == datetime.date(2026, 1, 14)


def test_signing_sets_the_end_date_from_the_duration_and_logs_it(setting):
    agreement, lead = setting.agreement, setting.coordinator
    agreement.sign(by=lead, signed_on=datetime.date(2025, 3, 1))
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.SIGNED
    assert agreement.end_date == datetime.date(2028, 2, 29)
    entry = agreement.log.get(action=LogAction.STATUS)
    assert entry.detail == "signée le 01/03/2025" and "coordination@example.org" in entry.user_label


def test_a_signed_agreement_cannot_be_signed_again(setting):
    agreement = setting.agreement
    agreement.sign(by=None, signed_on=datetime.date(2025, 3, 1))
    with pytest.raises(TransitionError, match="maintenant « signée »"):
        agreement.sign(by=None, signed_on=datetime.date(2025, 4, 1))
    agreement.refresh_from_db()
    assert agreement.signature_date == datetime.date(2025, 3, 1)
    assert AgreementLog.objects.filter(agreement=agreement, action=LogAction.STATUS).count() == 1


def test_a_project_cannot_be_denounced_nor_renewed(setting):
    agreement = setting.agreement
    with pytest.raises(TransitionError):
        agreement.terminate(by=None, on=timezone.localdate(), reason="Fin du partenariat")
    with pytest.raises(TransitionError):
        agreement.renew(by=None)
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DRAFT and not agreement.log.exists()


def test_denouncing_and_renewing_a_signed_agreement(setting):
    agreement = setting.agreement
    signed(agreement, days_left=40)
    end = agreement.end_date
    agreement.renew(by=setting.coordinator)
    agreement.refresh_from_db()
    assert agreement.end_date == end_of_term(end + datetime.timedelta(days=1), 12)
    agreement.terminate(by=setting.coordinator, on=timezone.localdate(), reason="Fin du financement")
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.TERMINATED and agreement.termination_reason == "Fin du financement"
    assert [e.detail.split(" ")[0] for e in agreement.log.all()] == ["dénoncée", "reconduite"]


def test_an_agreement_not_yet_ended_cannot_expire(setting):
    signed(setting.agreement, days_left=3, duration=12)
    setting.agreement.renewal = Renewal.NONE
    with pytest.raises(TransitionError, match="pas arrivée à échéance"):
        setting.agreement.expire(today=timezone.localdate())


def test_the_coordinator_signs_through_the_page(client, setting):
    client.force_login(setting.coordinator)
    url = reverse("agreements:transition", args=[setting.agreement.pk, "signer"])
    response = client.post(url, {"signed_on": "2025-03-01"}, follow=True)
    assert "enregistrée comme signée" in response.content.decode()
    setting.agreement.refresh_from_db()
    assert setting.agreement.status == AgreementStatus.SIGNED


def test_a_future_signature_date_is_refused_in_french(client, setting):
    client.force_login(setting.coordinator)
    url = reverse("agreements:transition", args=[setting.agreement.pk, "signer"])
    day = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = client.post(url, {"signed_on": day}, follow=True)
    assert "ne peut pas être dans le futur" in response.content.decode()
    setting.agreement.refresh_from_db()
    assert setting.agreement.status == AgreementStatus.DRAFT


def test_an_unknown_action_is_a_404(client, setting):
    client.force_login(setting.coordinator)
    for action in ("expire", "renew_tacitly", "delete", "_move"):
        url = reverse("agreements:transition", args=[setting.agreement.pk, action])
        assert client.post(url).status_code == 404, action


def test_a_member_of_a_party_reads_but_cannot_act(client, setting):
    client.force_login(member(setting.association))
    assert client.get(reverse("agreements:detail", args=[setting.agreement.pk])).status_code == 200
    url = reverse("agreements:transition", args=[setting.agreement.pk, "signer"])
    assert client.post(url, {"signed_on": "2025-03-01"}).status_code == 403
    assert client.get(reverse("agreements:edit", args=[setting.agreement.pk])).status_code == 403
    setting.agreement.refresh_from_db()
    assert setting.agreement.status == AgreementStatus.DRAFT


def test_a_coordinator_elsewhere_and_a_member_of_another_structure_get_a_404(client, setting):
    for user in (coordinator(("74",)), member(setting.outsider)):
        client.force_login(user)
        for name in ("detail", "edit", "upload", "download"):
            assert client.get(reverse(f"agreements:{name}", args=[setting.agreement.pk])).status_code == 404, name
        url = reverse("agreements:transition", args=[setting.agreement.pk, "signer"])
        assert client.post(url, {"signed_on": "2025-03-01"}).status_code == 404
