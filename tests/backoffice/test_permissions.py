"""Who may touch what: every professional URL fetched by each kind of user."""

import pytest
from django.urls import reverse

from tests.factories import ServiceFactory, StructureFactory, commune, coordinator, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_structures():
    a = StructureFactory(name="Structure A", commune=commune("01283"))
    b = StructureFactory(name="Structure B", commune=commune("01053"))
    return a, b, ServiceFactory(structure=a), ServiceFactory(structure=b)


def urls_of(structure, service):
    return [
        reverse("backoffice:structure", args=[structure.pk]),
        reverse("backoffice:structure-edit", args=[structure.pk]),
        reverse("backoffice:service", args=[service.pk]),
        reverse("backoffice:service-edit", args=[service.pk]),
        reverse("backoffice:service-preview", args=[service.pk]),
        reverse("backoffice:service-create", args=[structure.pk]),
    ]


def test_a_member_of_structure_a_cannot_see_nor_touch_structure_b(client, two_structures):
    a, b, service_a, service_b = two_structures
    client.force_login(member(a))
    for url in urls_of(a, service_a):
        assert client.get(url).status_code == 200, url
    for url in urls_of(b, service_b):
        assert client.get(url).status_code == 404, url
    response = client.post(reverse("backoffice:service-transition", args=[service_b.pk, "archiver"]))
    assert response.status_code == 404
    service_b.refresh_from_db()
    assert service_b.status == "published"


def test_an_editor_cannot_manage_members_but_an_administrator_can(client, two_structures):
    a, *_ = two_structures
    client.force_login(member(a, role="editor"))
    assert client.get(reverse("backoffice:members", args=[a.pk])).status_code == 403
    client.force_login(member(a, role="admin"))
    assert client.get(reverse("backoffice:members", args=[a.pk])).status_code == 200


def test_a_coordinator_acts_inside_its_scope_only(client, two_structures):
    a, b, service_a, service_b = two_structures
    oyonnax_epci = commune("01283").epci_id
    client.force_login(coordinator(zone_codes=[oyonnax_epci]))
    for url in urls_of(a, service_a):
        assert client.get(url).status_code == 200, url
    for url in urls_of(b, service_b):
        assert client.get(url).status_code == 404, url
    assert client.get(reverse("backoffice:members", args=[a.pk])).status_code == 200
    assert client.post(reverse("backoffice:moderate", args=[b.pk, "valider"])).status_code == 404


def test_a_member_who_is_not_a_coordinator_has_no_coordination_pages(client, two_structures):
    a, *_ = two_structures
    client.force_login(member(a))
    assert client.get(reverse("backoffice:coordination")).status_code == 403
    assert client.get(reverse("backoffice:coverage")).status_code == 403
