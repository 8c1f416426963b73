"""Past its end date, a signed agreement expires, unless it renews tacitly (then it runs one more term)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from allervers.agreements.enums import AgreementStatus, LogAction, Renewal
from allervers.agreements.models import Agreement, end_of_term
from allervers.agreements.services import run_expiry
from tests.agreements.conftest import make_agreement, signed

pytestmark = pytest.mark.django_db


def with_renewal(agreement: Agreement, renewal: str) -> None:
    Agreement.objects.filter(pk=agreement.pk).update(renewal=renewal)
    agreement.refresh_from_db()


@pytest.mark.parametrize("renewal", [Renewal.NONE, Renewal.EXPRESS])
def test_a_signed_agreement_past_its_end_expires(setting, renewal):
    signed(setting.agreement, days_left=-1)
    with_renewal(setting.agreement, renewal)
    report = run_expiry()
    assert (report.expired, report.renewed) == (1, 0)
    setting.agreement.refresh_from_db()
    assert setting.agreement.status == AgreementStatus.EXPIRED
    entry = setting.agreement.log.get(action=LogAction.STATUS)
    assert entry.user is None and entry.user_label == "traitement automatique"
    assert run_expiry().expired == 0


def test_the_last_day_is_still_in_force(setting):
    signed(setting.agreement, days_left=0)
    assert run_expiry().expired == 0
    setting.agreement.refresh_from_db()
    assert setting.agreement.status == AgreementStatus.SIGNED


def test_a_tacit_renewal_runs_one_more_term(setting):
    signed(setting.agreement, days_left=-3, duration=12)
    with_renewal(setting.agreement, Renewal.TACIT)
    end = setting.agreement.end_date
    report = run_expiry()
    assert (report.expired, report.renewed) == (0, 1)
    setting.agreement.refresh_from_db()
    assert setting.agreement.status == AgreementStatus.SIGNED
    assert setting.agreement.end_date == end_of_term(end + datetime.timedelta(days=1), 12)
    assert "reconduite tacitement" in setting.agreement.log.get().detail


def test_projects_and_open_ended_agreements_do_not_expire(setting):
    make_agreement(setting.association, title="Projet fictif", end_date=timezone.localdate() - datetime.timedelta(1))
    Agreement.objects.filter(pk=setting.agreement.pk).update(status="signee", end_date=None)
    assert run_expiry().expired == 0
    assert set(Agreement.objects.values_list("status", flat=True)) == {"en-projet", "signee"}
