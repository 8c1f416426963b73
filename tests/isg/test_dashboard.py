"""The coordinator's page: its queries do not grow with the posts, the navigation leads to it, the vacant posts
and the post page show what a coordinator needs."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from allervers.isg.enums import FunderKind
from allervers.isg.models import Funding
from tests.factories import StructureFactory, commune, coordinator
from tests.isg.conftest import make_post

pytestmark = pytest.mark.django_db


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_dashboard_queries_do_not_grow_with_the_posts(client, known):
    client.force_login(coordinator(("01",)))
    url = reverse("isg:dashboard")
    queries(client, url)  # the first request of a session reads more (session, caches)
    before = queries(client, url)
    for n, code in enumerate(["01034", "01283", "01004"]):
        post = make_post(StructureFactory(name=f"Brigade fictive {n}", commune=commune(code)), [code])
        Funding.objects.create(post=post, year=2026, funder_kind=FunderKind.STATE, share=50)
    assert queries(client, url) == before


def test_the_navigation_links_coordinators_to_the_page(client, known):
    client.force_login(coordinator(("01",)))
    page = client.get(reverse("isg:dashboard")).content.decode()
    assert f'href="{reverse("isg:dashboard")}" aria-current="page"' in page
    assert "Postes vacants : à pourvoir" in page and known.bourg.name in page


def test_the_post_page_lists_its_communes_and_fundings(client, known):
    Funding.objects.create(post=known.miribel, year=2026, funder_kind=FunderKind.STATE, share=50, note="Part fictive")
    client.force_login(coordinator(("01",)))
    page = client.get(reverse("isg:post", args=[known.miribel.pk])).content.decode()
    assert "Communes couvertes par le poste (6)" in page and "Saint-Maurice-de-Beynost" in page
    assert "État (FIPD)" in page and "50 %" in page and "Part fictive" in page
    assert "il peut recevoir des mises en relation" in page
    assert "Déclarer le poste vacant" in page and "Déclarer le poste pourvu" not in page
