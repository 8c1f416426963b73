"""Opening hours read in French, and typed back: readings, statuses, and round trips with the input reader."""

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from allervers.directory import hours, hours_text
from allervers.directory.hours import DAY_MINUTES, Span, Week
from allervers.directory.hours_input import OSM_DAYS, to_french, to_osm

OFFICE = "Mo-Fr 08:30-12:00,13:30-17:30; PH off"
FDFA = "Mo 10:00-13:00,14:30-17:30; Th 10:00-13:00"  # the demo's line for disabled women


def at(day, hour, minute=0):
    """A local moment in November 2026 (the 23rd is a Monday)."""
    return datetime.datetime(2026, 11, day, hour, minute)


def test_an_office_week_reads_as_a_person_would_say_it():
    reading = hours_text.read(OFFICE, at(26, 10))  # Thursday
    assert reading.lines == (
        "du lundi au vendredi, de 8 h 30 à 12 h et de 13 h 30 à 17 h 30",
        "samedi et dimanche, fermé",
        "fermé les jours fériés",
    )
    assert reading.today == "Aujourd'hui : de 8 h 30 à 12 h et de 13 h 30 à 17 h 30"
    assert reading.status == "Ouvert, ferme à 12 h" and reading.is_open is True


def test_the_status_says_when_a_closed_place_opens_again():
    assert hours_text.read(OFFICE, at(26, 12, 15)).status == "Fermé, ouvre à 13 h 30"
    assert hours_text.read(OFFICE, at(26, 18)).status == "Fermé, ouvre demain à 8 h 30"
    assert hours_text.read(OFFICE, at(28, 10)).status == "Fermé, ouvre lundi à 8 h 30"  # Saturday
    reading = hours_text.read(FDFA, at(24, 22, 34))  # Tuesday night, the hour of the "Ouvert maintenant"
    assert reading.status == "Fermé, ouvre jeudi à 10 h" and reading.is_open is False
    assert reading.lines == (
        "lundi, de 10 h à 13 h et de 14 h 30 à 17 h 30",
        "jeudi, de 10 h à 13 h",
        "les autres jours, fermé",
    )


def test_a_public_holiday_is_closed_and_said_so():
    christmas = datetime.datetime(2026, 12, 25, 10, 0)  # a Friday
    reading = hours_text.read(OFFICE, christmas)
    assert reading.today == "Aujourd'hui, jour férié : fermé"
    assert reading.status == "Fermé, ouvre lundi à 8 h 30" and hours.is_open_at(OFFICE, christmas) is False


def test_round_the_clock_reads_24_7():
    reading = hours_text.read("24/7", at(26, 3))
    assert reading.lines == ("24 h/24, 7 j/7",) and reading.status == "Ouvert" and reading.today is None
    assert hours_text.read("Mo-Su 09:00-19:00", at(26, 20)).lines == ("tous les jours, de 9 h à 19 h",)


def test_closing_at_midnight_and_overnight_hours_read_plainly():
    assert hours_text.read("Mo-Su 18:00-24:00", at(26, 20)).status == "Ouvert, ferme à minuit"
    reading = hours_text.read("Fr 22:00-02:00", at(27, 23))
    assert reading.status == "Ouvert, ferme demain à 2 h"
    assert reading.lines[:2] == ("vendredi, de 22 h à minuit", "samedi, de 0 h à 2 h")


def test_by_appointment_says_so_and_claims_no_status():
    reading = hours_text.read('unknown "sur rendez-vous"', at(26, 10))
    assert reading.lines == ("sur rendez-vous",) and reading.status is None and reading.is_open is None
    reading = hours_text.read('Mo-Fr 09:00-12:00 "sur rendez-vous"', at(26, 10))
    assert reading.lines[0] == "du lundi au vendredi, de 9 h à 12 h, sur rendez-vous"


def test_rules_that_change_with_the_period_read_as_the_days_to_come_never_as_code():
    reading = hours_text.read("Nov Th 09:00-12:00; Dec Tu 14:00-16:00", at(26, 13))  # a Thursday of November
    assert reading.varies and reading.today == "Aujourd'hui : de 9 h à 12 h"
    assert reading.lines[0] == "demain, fermé" and "mardi, de 14 h à 16 h" in reading.lines
    assert reading.status == "Fermé, ouvre mardi à 14 h"
    assert not any(":" in line or "Mo" in line for line in reading.lines)


def test_no_hours_read_as_nothing_and_text_that_is_not_osm_reads_as_written():
    assert hours_text.read("  ", at(26, 10)) is None
    reading = hours_text.read("le matin", at(26, 10))
    assert reading.unreadable and reading.lines == ("le matin",) and reading.status is None


def test_what_people_type_is_stored_in_osm_syntax():
    assert to_osm("lundi-vendredi 9h-12h, 14h-17h") == "Mo-Fr 09:00-12:00,14:00-17:00"
    assert to_osm("du lundi au vendredi de 9 h à 12 h") == "Mo-Fr 09:00-12:00"
    assert to_osm("lun, mar, jeu 8h30-12h") == "Mo-Tu,Th 08:30-12:00"
    assert to_osm("24h/24") == "24/7"
    assert to_osm("7j/7 24h/24") == "24/7"
    assert to_osm("sur rendez-vous") == 'unknown "sur rendez-vous"'
    assert to_osm("Mo-Fr 09:00-12:00; PH off") == "Mo-Fr 09:00-12:00; PH off"  # OSM kept as typed


def test_a_stored_week_is_offered_back_in_french_and_period_rules_as_stored():
    assert to_french(OFFICE) == (
        "du lundi au vendredi, de 8 h 30 à 12 h et de 13 h 30 à 17 h 30 ; samedi et dimanche, fermé ; "
        "fermé les jours fériés"
    )
    assert to_french("Dec Mo 10:00-11:00") == "Dec Mo 10:00-11:00"
    assert to_french("") == ""


# Properties ---------------------------------------------------------------------------------------------------
QUARTERS = DAY_MINUTES // 15


@st.composite
def days(draw):
    """A day: open stretches on quarter hours, apart from each other; maybe by appointment; or unknown."""
    if draw(st.integers(0, 9)) == 0:
        return (Span(0, DAY_MINUTES, unknown=True, comment="sur rendez-vous"),)
    marks = sorted(draw(st.sets(st.integers(0, QUARTERS), max_size=6)))
    marks = marks[: len(marks) // 2 * 2]
    comment = draw(st.sampled_from(["", "", "sur rendez-vous"]))
    return tuple(Span(marks[i] * 15, marks[i + 1] * 15, comment=comment) for i in range(0, len(marks), 2))


@st.composite
def weeks(draw):
    holidays = draw(st.sampled_from([None, (), (Span(600, 720),)]))
    return Week(tuple(draw(days()) for _ in range(7)), holidays)


def osm_of(week: Week) -> str:
    """The week written rule by rule in OSM syntax (what the library reads, independently of our writer)."""
    rules = []
    for name, day in zip(OSM_DAYS, week.days, strict=True):
        if not day:
            rules.append(f"{name} off")
        elif day[0].unknown:
            rules.append(f'{name} unknown "{day[0].comment}"')
        else:
            times = ",".join(f"{s.start // 60:02d}:{s.start % 60:02d}-{s.end // 60:02d}:{s.end % 60:02d}" for s in day)
            rules.append(f'{name} {times} "{day[0].comment}"' if day[0].comment else f"{name} {times}")
    if week.holidays is not None:
        rules.append("PH off" if not week.holidays else "PH 10:00-12:00")
    return "; ".join(rules)


@settings(max_examples=300, deadline=None)
@given(weeks())
def test_a_week_reads_in_french_never_as_code_and_types_back_to_the_same_hours(week):
    expression = osm_of(week)
    assert hours.usual_week(expression) == week
    lines = hours_text.week_lines(week)
    assert not any(token in line for line in lines for token in (*OSM_DAYS, ":", "PH", "off", '"')), lines
    text = " ; ".join(lines)
    assert hours.usual_week(to_osm(text)) == week, text
    assert to_french(expression) == text


@settings(max_examples=200, deadline=None)
@given(weeks(), st.integers(0, 14 * DAY_MINUTES - 1))
def test_the_status_agrees_with_is_open_at(week, minutes):
    expression = osm_of(week)
    now = at(23, 0) + datetime.timedelta(minutes=minutes)
    reading = hours_text.read(expression, now)
    assert reading.is_open == hours.is_open_at(expression, now)
    assert (
        reading.status is None
        if reading.is_open is None
        else reading.status.startswith("Ouvert" if reading.is_open else "Fermé")
    )
    status = hours.status_at(expression, now)
    if status.next_opening is not None:  # the announced opening is true, and nothing opens before it
        assert hours.is_open_at(expression, status.next_opening) is True
        assert hours.is_open_at(expression, status.next_opening - datetime.timedelta(minutes=1)) is not True
    if status.until is not None:
        assert hours.is_open_at(expression, status.until - datetime.timedelta(minutes=1)) is True
        assert hours.is_open_at(expression, status.until) is not True
