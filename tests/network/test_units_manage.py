"""Members of the operating structure and coordinators of its territory manage a unit, its stops and cancel a
date; members of another structure and coordinators elsewhere get a 404; bad input gets a French message."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from allervers.network.models import MobileUnit, Stop, StopException
from tests.factories import StructureFactory, commune, coordinator, member
from tests.network.conftest import BELLEY, GEX

pytestmark = pytest.mark.django_db


def urls(tour):
    return [
        reverse("network:manage-unit", args=[tour.unit.pk]),
        reverse("network:unit-edit", args=[tour.unit.pk]),
        reverse("network:stop-create", args=[tour.unit.pk]),
        reverse("network:stop-edit", args=[tour.stop.pk]),
        reverse("network:stop-cancel", args=[tour.stop.pk]),
    ]


def test_a_member_of_the_operating_structure_manages_the_unit(client, tour):
    client.force_login(member(tour.structure))
    for url in urls(tour):
        assert client.get(url).status_code == 200, url
    assert "Bus fictif" in client.get(reverse("network:manage-units")).content.decode()


def test_a_coordinator_of_the_department_manages_it(client, tour):
    client.force_login(coordinator(("01",)))
    for url in urls(tour):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["other_member", "coordinator_elsewhere"])
def test_anyone_else_gets_a_404(client, tour, who):
    user = member(StructureFactory(commune=commune(GEX))) if who == "other_member" else coordinator(("74",))
    client.force_login(user)
    for url in urls(tour):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("network:stop-cancel", args=[tour.stop.pk]), {"date": "2027-02-09"}).status_code == 404
    assert not StopException.objects.exists()
    assert "Bus fictif" not in client.get(reverse("network:manage-units")).content.decode()


def test_a_member_creates_a_unit_then_a_stop(client, tour):
    client.force_login(member(tour.structure))
    response = client.post(
        reverse("network:unit-create"),
        {
            "name": "Deuxième bus fictif",
            "slug": "deuxieme-bus",
            "structure": tour.structure.pk,
            "services": [tour.service.pk],
            "area": "01034, 200040350",
            "request_email": "demandes@example.org",
            "is_published": "on",
        },
    )
    unit = MobileUnit.objects.get(slug="deuxieme-bus")
    assert response.status_code == 302 and unit.area_codes == ["01034", "200040350"]
    response = client.post(
        reverse("network:stop-create", args=[unit.pk]),
        {
            "commune": commune(BELLEY).pk,
            "place": "parking du marché",
            "rrule": "freq=monthly;byday=1tu",
            "dtstart": "2027-01-01",
            "start_time": "09:00",
            "end_time": "12:00",
        },
    )
    assert response.status_code == 302
    assert Stop.objects.get(unit=unit).rrule == "FREQ=MONTHLY;BYDAY=1TU"


def test_bad_input_gets_french_messages(client, tour):
    client.force_login(member(tour.structure))
    response = client.post(
        reverse("network:stop-create", args=[tour.unit.pk]),
        {
            "commune": commune(BELLEY).pk,
            "place": "parking",
            "rrule": "FREQ=HOURLY",
            "dtstart": "2027-01-01",
            "start_time": "12:00",
            "end_time": "09:00",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "fréquence quotidienne, hebdomadaire, mensuelle ou annuelle" in html
    assert "L&#x27;heure de fin doit être après l&#x27;heure de début." in html
    response = client.post(
        reverse("network:unit-create"),
        {"name": "X", "slug": "x", "structure": tour.structure.pk, "area": "99999"},
    )
    assert "Codes inconnus : 99999." in response.content.decode()


def test_a_member_cancels_a_date_and_the_public_page_says_so(client, tour):
    client.force_login(member(tour.structure))
    url = reverse("network:stop-cancel", args=[tour.stop.pk])
    response = client.post(url, {"date": "2027-02-10"})
    assert "Ce passage n&#x27;a pas lieu à cette date" in response.content.decode()
    response = client.post(url, {"date": "2027-02-09", "reason": "véhicule en panne"})
    assert response.status_code == 302
    exception = StopException.objects.get(stop=tour.stop)
    assert (exception.date, exception.reason) == (datetime.date(2027, 2, 9), "véhicule en panne")
