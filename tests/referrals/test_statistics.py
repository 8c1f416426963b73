import datetime

import pytest
from django.urls import reverse

from allervers.referrals import stats
from allervers.referrals.models import Referral
from tests.factories import commune
from tests.referrals.conftest import with_second_factor

pytestmark = pytest.mark.django_db


def test_cells_under_five_are_hidden(parties):
    for _ in range(6):
        parties.referral(situation="aide-aux-victimes--violences-conjugales")
    for _ in range(2):
        parties.referral(situation="aide-aux-victimes--cyberharcelement", commune=commune("01053"))
    report = stats.report(Referral.objects.all())
    counts = {row.label: row.count for row in report.by_situation}
    assert counts == {"Violences conjugales": 6, "Cyberharcèlement et violences en ligne": None}
    assert report.total == 8 and report.unanswered == 8


def test_medians_are_computed_in_hours_from_enough_hand_overs(parties):
    for hours in (1, 2, 3, 4, 10):
        referral = parties.referral()
        Referral.objects.filter(pk=referral.pk).update(
            acknowledged_at=referral.created_at + datetime.timedelta(hours=hours)
        )
    report = stats.report(Referral.objects.all())
    assert report.median_hours_to_acknowledge == 3.0
    assert report.median_hours_to_take_in_charge is None  # no one taken in charge: fewer than 5 values


def test_the_statistics_page_is_for_coordinators_of_the_territory(client, parties):
    for _ in range(5):
        parties.referral()
    with_second_factor(client, parties.coordinator_in_scope)
    page = client.get(reverse("referrals:statistics")).content.decode()
    assert "Violences conjugales" in page and "Bugey Sud" in page
    with_second_factor(client, parties.coordinator_elsewhere)
    assert "Aucune donnée." in client.get(reverse("referrals:statistics")).content.decode()
    with_second_factor(client, parties.receiver)
    assert client.get(reverse("referrals:statistics")).status_code == 403
