"""The stops in the open-data exports: HSDS 3.0 schedules with their RFC 5545 fields (valid against the official
compiled schema), and data·inclusion v1 services at the stop's place with OpenStreetMap hours."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from data_inclusion.schema import v1 as di

from allervers.directory import hours
from allervers.directory.exports.hsds_ids import entity_id
from allervers.network.exports import osm_hours
from allervers.network.models import Stop
from tests.factories import commune
from tests.hsds_validation import compiled_validator, errors
from tests.network.conftest import BELLEY, make_stop

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def stop_schedules(client, tour) -> list[dict]:
    response = client.get(f"/api/hsds/services/{entity_id('service', tour.service.pk)}")
    assert response.status_code == 200
    service = response.json()
    assert errors(compiled_validator("service"), service) == []
    return [row for row in service["schedules"] if "unité mobile" in row.get("description", "")]


def test_a_stop_is_an_hsds_schedule_of_the_service_the_unit_brings(client, tour):
    tour.stop.cancel(datetime.date(2027, 2, 9))
    (schedule,) = stop_schedules(client, tour)
    assert (schedule["freq"], schedule["interval"], schedule["byday"]) == ("MONTHLY", 1, "2TU")
    assert (schedule["dtstart"], schedule["opens_at"], schedule["closes_at"]) == ("2026-01-01", "09:00:00", "12:00:00")
    assert "place de la Mairie, Belley — le 2e mardi du mois, 9 h–12 h" in schedule["description"]
    assert "Passages annulés ou déplacés : 9 février 2027" in schedule["description"]


def test_a_single_stop_and_a_monthday_rule_keep_their_fields(client, tour):
    Stop.create_single(
        tour.unit, commune(BELLEY), "centre social", datetime.date(2027, 4, 1), datetime.time(14), datetime.time(16)
    )
    make_stop(tour.unit, rrule="FREQ=MONTHLY;BYMONTHDAY=15", until=datetime.date(2027, 12, 31))
    rows = {row["dtstart"] + (row.get("bymonthday") or ""): row for row in stop_schedules(client, tour)}
    single = rows["2027-04-01"]
    assert "freq" not in single and single["until"] == "2027-04-01"
    monthday = rows["2026-01-0115"]
    assert (monthday["freq"], monthday["until"]) == ("MONTHLY", "2027-12-31")


def export(client) -> list[dict]:
    response = client.get("/api/v1/export/datainclusion")
    assert response.status_code == 200
    return response.json()["services"]


def test_a_stop_is_a_datainclusion_service_at_its_place_with_osm_hours(client, tour):
    tour.stop.cancel(datetime.date(2027, 2, 9))
    rows = {row["id"]: row for row in export(client)}
    row = rows[f"{tour.service.pk}--passage-{tour.stop.pk}"]
    di.Service.model_validate(row, context={"ignore_warnings": False})
    assert row["horaires_accueil"] == "Tu[2] 09:00-12:00; 2027 Feb 09 off"
    assert (row["modes_accueil"], row["modes_accueil_detailles"]) == (["en-presentiel"], ["itinerant"])
    assert (row["adresse"], row["code_insee"], row["commune"]) == ("place de la Mairie", BELLEY, "Belley")
    assert str(tour.service.pk) in rows  # the service itself is still there, at its own place


def test_the_osm_hours_open_on_the_stop_dates_only(tour):
    tour.stop.cancel(datetime.date(2027, 2, 9))
    expression = osm_hours(tour.stop)
    assert hours.is_open_at(expression, datetime.datetime(2027, 3, 9, 10, tzinfo=PARIS)) is True
    assert hours.is_open_at(expression, datetime.datetime(2027, 4, 13, 9, 30, tzinfo=PARIS)) is True
    assert hours.is_open_at(expression, datetime.datetime(2027, 3, 16, 10, tzinfo=PARIS)) is False
    assert hours.is_open_at(expression, datetime.datetime(2027, 2, 9, 10, tzinfo=PARIS)) is False


def test_rules_osm_cannot_say_have_no_osm_hours(tour):
    fortnight = make_stop(tour.unit, rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=WE")
    assert osm_hours(fortnight) is None
    weekly = make_stop(tour.unit, rrule="FREQ=WEEKLY;BYDAY=MO,TH", until=datetime.date(2027, 6, 30))
    assert osm_hours(weekly) == "2026 Jan 01-2027 Jun 30 Mo,Th 09:00-12:00"
    single = Stop.create_single(
        tour.unit, commune(BELLEY), "centre social", datetime.date(2027, 4, 1), datetime.time(14), datetime.time(16)
    )
    assert osm_hours(single) == "2027 Apr 01 14:00-16:00"


def test_a_moved_date_is_exported_on_its_new_day(client, tour):
    tour.stop.move(
        datetime.date(2027, 3, 9), to=datetime.date(2027, 3, 10), start=datetime.time(14), end=datetime.time(17)
    )
    expression = osm_hours(tour.stop)
    assert expression == "Tu[2] 09:00-12:00; 2027 Mar 09 off; 2027 Mar 10 14:00-17:00"
    assert hours.is_open_at(expression, datetime.datetime(2027, 3, 9, 10, tzinfo=PARIS)) is False
    assert hours.is_open_at(expression, datetime.datetime(2027, 3, 10, 15, tzinfo=PARIS)) is True
    assert hours.is_open_at(expression, datetime.datetime(2027, 4, 13, 10, tzinfo=PARIS)) is True
    (schedule,) = stop_schedules(client, tour)
    assert "Passages déplacés : du 9 mars 2027 au 10 mars 2027 (14 h–17 h)." in schedule["description"]
    row = next(row for row in export(client) if row["id"] == f"{tour.service.pk}--passage-{tour.stop.pk}")
    di.Service.model_validate(row, context={"ignore_warnings": False})
    assert row["horaires_accueil"] == expression
