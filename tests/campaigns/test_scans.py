"""Scans counted without tracking: an aggregate per campaign, support, territory and day, then the clean page."""

import pytest
from django.utils import timezone

from allervers.campaigns.models import ScanCount

pytestmark = pytest.mark.django_db


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
