"""Town-hall hours of the annuaire de l'administration as OpenStreetMap opening_hours (territories/hours.py)."""

import csv
import datetime
import gzip

from allervers.directory.hours import is_open_at
from allervers.territories.hours import to_osm
from allervers.territories.loading import DATA_DIR

# A Tuesday, a Friday and a Sunday, local time.
TUESDAY = datetime.date(2026, 12, 8)
FRIDAY = datetime.date(2026, 12, 11)
SUNDAY = datetime.date(2026, 12, 13)


def at(day, clock):
    hours, minutes = map(int, clock.split(":"))
    return datetime.datetime.combine(day, datetime.time(hours, minutes))


def test_it_writes_a_week_of_the_annuaire_in_osm_syntax():
    belley = [
        ["lundi", "jeudi", [["08:00:00", "12:00:00"], ["13:30:00", "17:30:00"]]],
        ["vendredi", "vendredi", [["08:00:00", "12:00:00"], ["13:30:00", "16:30:00"]]],
    ]
    osm = to_osm(belley)

    assert osm == "Mo-Th 08:00-12:00,13:30-17:30; Fr 08:00-12:00,13:30-16:30"
    assert is_open_at(osm, at(FRIDAY, "16:00")) is True
    assert is_open_at(osm, at(FRIDAY, "17:00")) is False
    assert is_open_at(osm, at(SUNDAY, "10:00")) is False


def test_a_period_for_one_day_never_closes_the_rest_of_a_longer_one():
    # In OSM syntax "Mo-Fr 09:00-12:00; Tu 14:00-17:00" would close Tuesday mornings: the days are spread first.
    periods = [["lundi", "vendredi", [["09:00:00", "12:00:00"]]], ["mardi", "mardi", [["14:00:00", "17:00:00"]]]]
    osm = to_osm(periods)

    assert osm == "Mo,We-Fr 09:00-12:00; Tu 09:00-12:00,14:00-17:00"
    assert is_open_at(osm, at(TUESDAY, "10:00")) is True
    assert is_open_at(osm, at(TUESDAY, "15:00")) is True


def test_an_empty_end_day_is_the_start_day_and_an_empty_slot_says_nothing():
    periods = [["jeudi", "", [["09:00:00", "12:00:00"], ["12:30:00", "12:30:00"]]]]

    assert to_osm(periods) == "Th 09:00-12:00"


def test_overlapping_slots_are_merged_and_midnight_closes_the_day():
    periods = [["samedi", "samedi", [["09:00:00", "12:00:00"], ["11:00:00", "13:00:00"], ["20:00:00", "00:00:00"]]]]

    assert to_osm(periods) == "Sa 09:00-13:00,20:00-24:00"


def test_hours_we_cannot_read_entirely_give_no_hours_at_all():
    assert to_osm([["lundi", "funday", [["09:00:00", "12:00:00"]]]]) == ""
    assert to_osm([["lundi", "lundi", [["14:00:00", "09:00:00"]]]]) == ""
    assert to_osm([["lundi", "lundi", [["9h", "12h"]]]]) == ""
    assert to_osm([]) == ""


def test_every_hours_value_of_the_shipped_file_is_valid_osm_syntax():
    with gzip.open(DATA_DIR / "mairies.csv.gz", "rt", encoding="utf-8", newline="") as handle:
        values = {row["opening_hours"] for row in csv.DictReader(handle) if row["opening_hours"]}

    monday_morning = at(datetime.date(2026, 12, 7), "10:00")
    assert len(values) > 5_000
    assert not [value for value in values if is_open_at(value, monday_morning) is None]
