"""Scans counted without tracking: an aggregate per campaign, support, territory and day, then the clean page."""

import pytest
from django.core.cache import cache
from django.utils import timezone

from allervers.campaigns.models import Campaign, ScanCount
from allervers.campaigns.views import public
from tests.factories import commune

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_buckets():
    cache.clear()


def test_a_scan_counts_once_and_lands_on_the_clean_page(client, campaign):
    response = client.get("/aide/01283/?c=vif-test&s=fourreau")
    assert response.status_code == 303
    assert response["Location"] == "/aide/01283/"
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies
    row = ScanCount.objects.get()
    assert (row.campaign, row.support, row.territory_code, row.day, row.count) == (
        campaign,
        "fourreau",
        "01283",
        timezone.localdate(),
        1,
    )


def test_the_next_scans_add_to_the_same_row(client, campaign):
    for _ in range(3):
        client.get("/aide/01283/?c=vif-test&s=carte")
    client.get("/aide/epci/200042935/?c=vif-test&s=carte")
    assert sorted(ScanCount.objects.values_list("territory_code", "count")) == [("01283", 3), ("200042935", 1)]


def test_nothing_about_the_visitor_is_kept(client, campaign):
    client.get("/aide/01283/?c=vif-test&s=sachet", HTTP_USER_AGENT="Navigateur-témoin/1.0", REMOTE_ADDR="192.0.2.7")
    fields = {field.name for field in ScanCount._meta.get_fields()}
    assert fields == {"id", "campaign", "support", "territory_code", "day", "count"}
    values = " ".join(str(value) for value in ScanCount.objects.values().get().values())
    assert "192.0.2.7" not in values and "Navigateur" not in values


@pytest.mark.parametrize("query", ["c=inconnue&s=fourreau", "c=vif-test&s=banderole", "c=vif-test", "s=carte"])
def test_unknown_codes_still_lead_to_the_page_and_count_nothing(client, campaign, query):
    response = client.get(f"/aide/01283/?{query}")
    assert response.status_code == 303 and response["Location"] == "/aide/01283/"
    assert not ScanCount.objects.exists()


@pytest.fixture
def haut_bugey_campaign(db):
    return Campaign.objects.create(
        slug="haut-bugey",
        title="Parlons-en dans le Haut-Bugey",
        message="Des professionnels écoutent.",
        theme="violences-intrafamiliales",
        starts_on="2026-12-01",
        ends_on="2027-01-31",
        territory_code="200042935",
    )


def test_a_scan_outside_the_campaigns_territory_is_not_counted(client, haut_bugey_campaign):
    # Oyonnax is in the Haut-Bugey: counted under its own commune. Belley is not: the page opens, nothing counts.
    assert client.get("/aide/01034/?c=haut-bugey&s=carte")["Location"] == "/aide/01034/"
    assert not ScanCount.objects.exists()
    client.get("/aide/01283/?c=haut-bugey&s=carte")
    client.get("/aide/epci/200042935/?c=haut-bugey&s=carte")
    belley_epci = commune("01034").epci_id  # Bugey Sud: another intercommunality
    assert belley_epci and belley_epci != "200042935"
    client.get(f"/aide/epci/{belley_epci}/?c=haut-bugey&s=carte")
    assert sorted(ScanCount.objects.values_list("territory_code", "count")) == [("01283", 1), ("200042935", 1)]


def test_a_burst_of_scans_counts_up_to_the_minutes_bucket(client, campaign, monkeypatch):
    """A robot replaying a QR URL inflates nothing beyond the bucket; the bucket's key is the aggregate's own."""
    monkeypatch.setattr(public, "SCANS_PER_MINUTE", 3)
    minute = timezone.now()
    monkeypatch.setattr(public.timezone, "now", lambda: minute)
    for _ in range(5):
        response = client.get("/aide/01283/?c=vif-test&s=affiche-a4", REMOTE_ADDR="192.0.2.7")
        assert response.status_code == 303 and response["Location"] == "/aide/01283/"
    client.get("/aide/01283/?c=vif-test&s=carte")  # another support: its own bucket
    assert sorted(ScanCount.objects.values_list("support", "count")) == [("affiche-a4", 3), ("carte", 1)]
    keys = list(cache._cache)  # type: ignore[attr-defined]  # the test settings' local-memory cache
    assert keys and not [key for key in keys if "192.0.2.7" in key]
    assert all("campaigns:scans:" in key and "01283" in key for key in keys if "scans" in key)


def test_a_scan_writes_one_count_and_nothing_else(client, campaign):
    """Every table of the project, before and after a scan: one row more in the counts, no other row anywhere
    (no session, no log, no visit), and nothing in the response that would stay with the visitor."""
    from django.apps import apps

    def rows() -> dict[str, int]:
        return {model._meta.label: model.objects.count() for model in apps.get_models() if model._meta.managed}

    before = rows()
    response = client.get("/aide/01283/?c=vif-test&s=fourreau", REMOTE_ADDR="192.0.2.7", HTTP_USER_AGENT="Témoin/1.0")
    after = rows()
    assert {label: after[label] - before[label] for label in after if after[label] != before[label]} == {
        "campaigns.ScanCount": 1
    }
    assert response.status_code == 303 and response["Location"] == "/aide/01283/" and not response.cookies
    assert client.get(response["Location"]).status_code == 200
