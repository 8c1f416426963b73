"""A stop's dates: its rule expanded in local time, with cancelled and moved dates, across a daylight-saving change."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from allervers.network.enums import ExceptionKind
from allervers.network.models import Stop, StopException
from allervers.network.recurrence import occurrences, validate_rrule
from allervers.network.wording import describe_rule, describe_stop
from tests.factories import commune
from tests.network.conftest import BELLEY, make_stop

pytestmark = pytest.mark.django_db

SPRING = (datetime.date(2027, 1, 1), datetime.date(2027, 5, 31))


def test_the_second_tuesdays_come_at_9_local_on_both_sides_of_the_spring_change(tour):
    found = occurrences(tour.stop, *SPRING)
    assert [item.date for item in found] == [
        datetime.date(2027, 1, 12),
        datetime.date(2027, 2, 9),
        datetime.date(2027, 3, 9),
        datetime.date(2027, 4, 13),
        datetime.date(2027, 5, 11),
    ]
    assert {(item.starts_at.hour, item.ends_at.hour) for item in found} == {(9, 12)}
    march, april = found[2].starts_at, found[3].starts_at
    assert march.utcoffset() == datetime.timedelta(hours=1)
    assert april.utcoffset() == datetime.timedelta(hours=2)
    assert march.astimezone(datetime.UTC).hour == 8
    assert april.astimezone(datetime.UTC).hour == 7


def test_a_cancelled_date_is_absent_or_flagged_with_its_reason(tour):
    tour.stop.cancel(datetime.date(2027, 2, 9), reason="intempéries")
    dates = [item.date for item in occurrences(tour.stop, *SPRING)]
    assert datetime.date(2027, 2, 9) not in dates
    shown = occurrences(tour.stop, *SPRING, include_cancelled=True)
    february = next(item for item in shown if item.date == datetime.date(2027, 2, 9))
    assert february.cancelled and february.reason == "intempéries"
    assert sum(item.cancelled for item in shown) == 1


def test_cancelling_twice_keeps_one_exception_with_the_last_reason(tour):
    tour.stop.cancel(datetime.date(2027, 2, 9))
    tour.stop.cancel(datetime.date(2027, 2, 9), reason="véhicule en panne")
    assert StopException.objects.get(stop=tour.stop).reason == "véhicule en panne"


def test_a_date_the_rule_does_not_give_cannot_be_cancelled(tour):
    with pytest.raises(ValidationError):
        tour.stop.cancel(datetime.date(2027, 2, 10))


def test_a_moved_date_comes_at_its_new_day_and_hours(tour):
    StopException.objects.create(
        stop=tour.stop,
        date=datetime.date(2027, 3, 9),
        kind=ExceptionKind.MOVED,
        moved_to=datetime.date(2027, 3, 10),
        moved_start_time=datetime.time(14),
        moved_end_time=datetime.time(17),
    )
    found = {item.date: item for item in occurrences(tour.stop, *SPRING)}
    assert datetime.date(2027, 3, 9) not in found
    moved = found[datetime.date(2027, 3, 10)]
    assert (moved.starts_at.hour, moved.ends_at.hour, moved.moved_from) == (14, 17, datetime.date(2027, 3, 9))


def test_the_rule_stops_at_its_last_date(tour):
    tour.stop.until = datetime.date(2027, 3, 9)
    tour.stop.save()
    assert [item.date for item in occurrences(tour.stop, *SPRING)][-1] == datetime.date(2027, 3, 9)


def test_a_single_stop_happens_once(tour):
    stop = Stop.create_single(
        tour.unit, commune(BELLEY), "centre social", datetime.date(2027, 4, 1), datetime.time(14), datetime.time(16)
    )
    assert stop.is_single
    assert [item.date for item in occurrences(stop, *SPRING)] == [datetime.date(2027, 4, 1)]
    assert describe_stop(stop.rrule, stop.dtstart, stop.start_time, stop.end_time).endswith("avril 2027, 14 h–16 h")


def test_a_single_stop_ending_before_it_starts_is_refused(tour):
    with pytest.raises(ValidationError) as error:
        Stop.create_single(
            tour.unit, commune(BELLEY), "centre social", datetime.date(2027, 4, 1), datetime.time(14), datetime.time(9)
        )
    assert "L'heure de fin doit être après" in str(error.value)


@pytest.mark.parametrize(
    "rule",
    ["FREQ=HOURLY", "FREQ=MONTHLY;BYDAY=2XX", "FREQ=WEEKLY;UNTIL=20270101", "BYDAY=TU", "FREQ=MONTHLY;BYFOO=1"],
)
def test_an_unusable_rule_gets_a_french_message(rule):
    with pytest.raises(ValidationError) as error:
        validate_rrule(rule)
    assert "règle" in str(error.value).lower()


def test_a_rule_typed_with_its_prefix_and_lower_case_is_stored_clean(tour):
    stop = make_stop(tour.unit, rrule="rrule:freq=weekly; byday=mo")
    assert stop.rrule == "FREQ=WEEKLY;BYDAY=MO"


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        ("FREQ=MONTHLY;BYDAY=2TU", "le 2e mardi du mois"),
        ("FREQ=MONTHLY;BYDAY=1TU,3TU", "les 1er et 3e mardis du mois"),
        ("FREQ=MONTHLY;BYDAY=-1FR", "le dernier vendredi du mois"),
        ("FREQ=WEEKLY;BYDAY=MO,TH", "chaque lundi et jeudi"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", "un mercredi sur deux"),
        ("FREQ=MONTHLY;BYMONTHDAY=15", "le 15 du mois"),
        ("FREQ=MONTHLY;BYDAY=2TU;INTERVAL=2", "le 2e mardi du mois, tous les deux mois"),
        ("FREQ=MONTHLY;BYSETPOS=1;BYDAY=MO", "selon un calendrier régulier"),
    ],
)
def test_a_rule_reads_in_french(rule, text):
    assert describe_rule(rule, datetime.date(2027, 1, 5)) == text


def test_a_stop_reads_with_its_hours(tour):
    stop = tour.stop
    assert describe_stop(stop.rrule, stop.dtstart, stop.start_time, stop.end_time) == "le 2e mardi du mois, 9 h–12 h"
