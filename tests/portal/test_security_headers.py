"""Every page tells the browser which features it may use: the position on our own pages, nothing else."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def policy(response):
    return dict(item.strip().split("=", 1) for item in response["Permissions-Policy"].split(","))


def test_a_public_page_allows_the_position_on_this_site_only_and_no_other_feature(client):
    features = policy(client.get(reverse("portal:home")))
    assert features["geolocation"] == "(self)"  # "Autour de moi" on the search page
    for feature in ("camera", "microphone", "payment", "usb", "browsing-topics", "display-capture"):
        assert features[feature] == "()", feature
    assert {value for name, value in features.items() if name != "geolocation"} == {"()"}


def test_the_policy_also_reaches_error_pages_and_redirects(client):
    assert "camera=()" in client.get("/page-qui-n-existe-pas/")["Permissions-Policy"]
    assert "camera=()" in client.get(reverse("pathways:epci-archive", args=["200000000"]))["Permissions-Policy"]
