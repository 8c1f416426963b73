"""Coordinators of the territory manage its posts and fundings; a member of a structure (even the host unit), a
coordinator elsewhere and an anonymous visitor cannot (404, or the login page)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from allervers.isg.enums import FunderKind, PostStatus
from allervers.isg.models import Funding, IsgPost
from tests.factories import StructureFactory, commune, coordinator, member
from tests.isg.conftest import MIRIBEL_EPCI

pytestmark = pytest.mark.django_db


@pytest.fixture
def funding(known):
    return Funding.objects.create(post=known.miribel, year=2026, funder_kind=FunderKind.STATE, share=50)


def urls(known, funding):
    return [
        reverse("isg:dashboard"),
        reverse("isg:post-create"),
        reverse("isg:post", args=[known.miribel.pk]),
        reverse("isg:post-edit", args=[known.miribel.pk]),
        reverse("isg:funding-create", args=[known.miribel.pk]),
        reverse("isg:funding-edit", args=[funding.pk]),
    ]


def test_a_coordinator_of_the_department_sees_and_edits(client, known, funding):
    client.force_login(coordinator(("01",)))
    for url in urls(known, funding):
        assert client.get(url).status_code == 200, url
    page = client.get(reverse("isg:dashboard")).content.decode()
    assert known.miribel.name in page and "<caption>" in page and 'scope="col"' in page
    # the department's figures, French-formatted: 7 of 391 communes, 24,954 of 643,350 inhabitants
    assert "<td>24\u202f954</td><td>643\u202f350</td><td>3,9 %</td>" in page
    assert "<td>7</td><td>391</td><td>1,8 %</td>" in page


def test_a_coordinator_creates_a_post_from_an_epci_code(client, known):
    client.force_login(coordinator(("01",)))
    data = {
        "name": "Intervenant social fictif de la plaine",
        "kind": "gendarmerie",
        "host": known.belley_host.pk,
        "host_level": "brigade",
        "status": PostStatus.FILLED,
        "started_on": "2026-01-05",
        "zone": MIRIBEL_EPCI + ", 01010",
        "notes": "",
    }
    response = client.post(reverse("isg:post-create"), data)
    post = IsgPost.objects.get(name=data["name"])
    assert response.status_code == 302 and response["Location"] == reverse("isg:post", args=[post.pk])
    assert post.communes.count() == 7 and post.zone_codes == [MIRIBEL_EPCI, "01010"]
    assert post.service.structure == known.belley_host and post.service.status == "published"


def test_only_gendarmerie_and_police_units_can_host_a_post(client, known):
    client.force_login(coordinator(("01",)))
    ccas = StructureFactory(name="CCAS fictif", commune=commune("01249"))
    page = client.get(reverse("isg:post-create")).content.decode()
    assert known.miribel_host.name in page and ccas.name not in page
    response = client.post(
        reverse("isg:post-create"),
        {
            "name": "x",
            "kind": "gendarmerie",
            "host": ccas.pk,
            "host_level": "brigade",
            "status": "vacant",
            "zone": "01249",
        },
    )
    assert response.status_code == 200 and not IsgPost.objects.filter(host=ccas).exists()


def test_an_unknown_zone_code_is_a_french_error(client, known):
    client.force_login(coordinator(("01",)))
    response = client.post(
        reverse("isg:post-edit", args=[known.belley.pk]),
        {"name": "x", "kind": "gendarmerie", "host": known.belley_host.pk, "host_level": "brigade", "zone": "0101"},
    )
    assert response.status_code == 200 and "Code(s) inconnu(s) : 0101" in response.content.decode()


def test_a_local_coordinator_cannot_cover_outside_their_territory(client, known):
    client.force_login(coordinator((MIRIBEL_EPCI,)))
    response = client.post(
        reverse("isg:post-edit", args=[known.miribel.pk]),
        {"name": "x", "kind": "gendarmerie", "host": known.miribel_host.pk, "host_level": "brigade", "zone": "01053"},
    )
    assert response.status_code == 200
    assert "Hors de votre territoire de coordination : 01053" in response.content.decode()
    # and the posts hosted elsewhere do not exist for them
    assert client.get(reverse("isg:post", args=[known.belley.pk])).status_code == 404


def test_a_member_of_another_structure_gets_a_404(client, known, funding):
    client.force_login(member(StructureFactory(commune=commune("01283"))))
    for url in urls(known, funding):
        assert client.get(url).status_code == 404, url
    response = client.post(reverse("isg:funding-delete", args=[funding.pk]))
    assert response.status_code == 404 and Funding.objects.filter(pk=funding.pk).exists()
    response = client.post(reverse("isg:post-status", args=[known.miribel.pk, "vacant"]))
    assert response.status_code == 404
    known.miribel.refresh_from_db()
    assert known.miribel.status == PostStatus.FILLED


def test_a_member_of_the_host_unit_cannot_edit_the_post_either(client, known, funding):
    client.force_login(member(known.miribel_host))
    assert client.get(reverse("isg:post-edit", args=[known.miribel.pk])).status_code == 404


def test_a_coordinator_of_another_department_gets_a_404(client, known, funding):
    client.force_login(coordinator(("74",)))
    for url in urls(known, funding)[2:]:
        assert client.get(url).status_code == 404, url


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, known, funding):
    for url in urls(known, funding):
        response = client.get(url)
        assert response.status_code == 302 and "/compte/connexion/" in response["Location"], url


def test_the_status_buttons_move_the_post_and_its_listing(client, known):
    client.force_login(coordinator(("01",)))
    response = client.post(reverse("isg:post-status", args=[known.miribel.pk, "vacant"]))
    assert response.status_code == 302
    known.miribel.refresh_from_db()
    known.miribel.service.refresh_from_db()
    assert known.miribel.status == PostStatus.VACANT and known.miribel.service.status == "draft"
    again = client.post(reverse("isg:post-status", args=[known.miribel.pk, "vacant"]), follow=True)
    assert "Ce poste est déjà vacant." in again.content.decode()
    assert client.post(reverse("isg:post-status", args=[known.miribel.pk, "inconnu"])).status_code == 404
    assert client.get(reverse("isg:post-status", args=[known.miribel.pk, "pourvu"])).status_code == 405
