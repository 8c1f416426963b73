import datetime

from django.utils import timezone

from allervers.directory.hours import is_open_at


def at(day, hour):
    return timezone.make_aware(datetime.datetime(2026, 11, day, hour, 0))


def test_it_tells_open_and_closed_from_osm_hours():
    hours = "Mo-Fr 09:00-12:00,14:00-17:00"
    assert is_open_at(hours, at(26, 10)) is True  # Thursday morning
    assert is_open_at(hours, at(26, 13)) is False  # lunch break
    assert is_open_at(hours, at(28, 10)) is False  # Saturday


def test_hours_are_read_in_local_time():
    utc_moment = datetime.datetime(2026, 11, 26, 8, 30, tzinfo=datetime.UTC)  # 09:30 in Paris
    assert is_open_at("Mo-Fr 09:00-12:00", utc_moment) is True


def test_unknown_hours_say_nothing():
    assert is_open_at("", at(26, 10)) is None
    assert is_open_at("n'importe quoi", at(26, 10)) is None
