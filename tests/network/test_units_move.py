"""An operator moves one date of a recurring stop (the Tuesday market stop held on Wednesday after a public holiday):
the public page, the search's nearby stops and the management page show it on its new day and not on the old; bad
input gets a French message and nothing is saved; anyone else gets a 404."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone

from allervers.network.enums import ExceptionKind
from allervers.network.models import Stop, StopException
from allervers.network.nearby import stops_near
from allervers.network.wording import day_of_month
from tests.factories import StructureFactory, commune, member
from tests.network.conftest import BELLEY, make_stop

pytestmark = pytest.mark.django_db
ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
TUESDAY, WEDNESDAY = datetime.date(2027, 3, 9), datetime.date(2027, 3, 10)


def weekly_from_today(tour, days: int) -> tuple[Stop, datetime.date]:
    """The unit stopping every week on the weekday `days` from today, 9 h–12 h at Belley; its first date."""
    tour.stop.delete()
    first = timezone.localdate() + datetime.timedelta(days=days)
    stop = make_stop(tour.unit, rrule=f"FREQ=WEEKLY;BYDAY={ICAL_DAYS[first.weekday()]}", dtstart=timezone.localdate())
    return stop, first


def move_url(stop: Stop) -> str:
    return reverse("network:stop-move", args=[stop.pk])


def test_a_member_moves_a_date_and_the_public_page_shows_the_new_day_not_the_old(client, tour):
    stop, first = weekly_from_today(tour, 2)
    client.force_login(member(tour.structure))
    manage = client.get(reverse("network:manage-unit", args=[tour.unit.pk])).content.decode()
    assert f'{move_url(stop)}?date={first:%Y-%m-%d}"' in manage
    form = client.get(move_url(stop), {"date": f"{first:%Y-%m-%d}"}).content.decode()
    assert f'value="{first:%Y-%m-%d}"' in form and 'value="09:00"' in form
    new_day = first + datetime.timedelta(days=1)
    response = client.post(
        move_url(stop),
        {
            "date": f"{first:%Y-%m-%d}",
            "moved_to": f"{new_day:%Y-%m-%d}",
            "moved_start_time": "14:00",
            "moved_end_time": "17:00",
            "reason": "jour férié",
        },
        follow=True,
    )
    assert f"Le passage du {first:%d/%m/%Y} est déplacé au {new_day:%d/%m/%Y}." in response.content.decode()
    exception = StopException.objects.get(stop=stop)
    assert (exception.kind, exception.moved_to, exception.moved_start_time) == (
        ExceptionKind.MOVED,
        new_day,
        datetime.time(14),
    )
    assert "Dates annulées ou déplacées" in response.content.decode()
    client.logout()
    public = client.get(reverse("network:unit", args=[tour.unit.slug])).content.decode()
    assert "14 h–17 h (déplacé, au lieu du" in public and "jour férié" in public
    assert f"{date_filter(new_day, 'l j F Y')}, 14 h–17 h" in public
    assert f"{date_filter(first, 'l j F Y')}, 9 h–12 h" not in public


def test_the_search_shows_the_moved_date_on_its_new_day(client, tour):
    stop, first = weekly_from_today(tour, 2)
    new_day = first + datetime.timedelta(days=1)
    stop.move(first, to=new_day)
    (found,) = stops_near(commune(BELLEY), timezone.localdate())
    assert found.next is not None
    assert (found.next.date, found.next.moved_from) == (new_day, first)
    assert first not in [item.date for item in found.passages]
    html = client.get("/recherche/", {"code_commune": BELLEY, "commune": BELLEY}).content.decode()
    assert f"Prochain passage : {day_of_month(new_day)}, 9 h–12 h, place de la Mairie (déplacé, au lieu du" in html


def test_a_last_date_moved_past_the_stop_end_is_still_shown(tour):
    stop, first = weekly_from_today(tour, 2)
    stop.until = first
    stop.save()
    later = first + datetime.timedelta(days=2)
    stop.move(first, to=later)
    today = timezone.localdate()
    assert Stop.objects.active_on(later).filter(pk=stop.pk).exists()
    (found,) = stops_near(commune(BELLEY), today)
    assert found.next is not None and found.next.date == later


def test_moving_again_replaces_the_first_move_and_a_cancellation_can_follow(tour):
    tour.stop.move(TUESDAY, to=WEDNESDAY)
    tour.stop.move(TUESDAY, to=datetime.date(2027, 3, 11))
    (exception,) = StopException.objects.filter(stop=tour.stop)
    assert exception.moved_to == datetime.date(2027, 3, 11)
    tour.stop.cancel(TUESDAY)
    exception.refresh_from_db()
    assert (exception.kind, exception.moved_to, exception.moved_start_time) == (ExceptionKind.CANCELLED, None, None)


def test_cancelling_the_new_date_cancels_the_moved_passage(client, tour):
    tour.stop.move(TUESDAY, to=WEDNESDAY, reason="jour férié")
    client.force_login(member(tour.structure))
    response = client.post(reverse("network:stop-cancel", args=[tour.stop.pk]), {"date": "2027-03-10"})
    assert response.status_code == 302
    (exception,) = StopException.objects.filter(stop=tour.stop)
    assert (exception.date, exception.kind, exception.moved_to) == (TUESDAY, ExceptionKind.CANCELLED, None)


@pytest.mark.parametrize(
    ("to", "times", "message"),
    [
        (TUESDAY, {}, "Indiquez une autre date ou d'autres horaires"),
        (datetime.date(2027, 4, 13), {}, "Ce passage a déjà lieu le 13/04/2027"),
        (WEDNESDAY, {"start": datetime.time(12), "end": datetime.time(9)}, "L'heure de fin doit être après"),
    ],
)
def test_a_move_the_calendar_cannot_hold_is_refused_in_french(tour, to, times, message):
    with pytest.raises(ValidationError) as error:
        tour.stop.move(TUESDAY, to=to, **times)
    assert message in str(error.value)
    assert not StopException.objects.exists()


def test_two_dates_cannot_be_moved_onto_the_same_day(tour):
    tour.stop.move(TUESDAY, to=WEDNESDAY)
    with pytest.raises(ValidationError, match="Un autre passage est déjà déplacé au 10/03/2027"):
        tour.stop.move(datetime.date(2027, 4, 13), to=WEDNESDAY)


def test_the_form_refuses_a_date_off_the_calendar_or_a_past_new_date_and_saves_nothing(client, tour):
    client.force_login(member(tour.structure))
    base = {"moved_start_time": "09:00", "moved_end_time": "12:00"}
    off = client.post(move_url(tour.stop), {**base, "date": "2027-03-10", "moved_to": "2027-03-11"})
    assert "Ce passage n&#x27;a pas lieu à cette date" in off.content.decode()
    past = client.post(move_url(tour.stop), {**base, "date": "2027-03-09", "moved_to": "2020-03-11"})
    assert "La nouvelle date est passée" in past.content.decode()
    same = client.post(move_url(tour.stop), {**base, "date": "2027-03-09", "moved_to": "2027-04-13"})
    assert "Ce passage a déjà lieu le 13/04/2027" in same.content.decode()
    assert not StopException.objects.exists()


def test_a_one_off_stop_is_moved_by_editing_it(client, tour):
    single = Stop.create_single(
        tour.unit, commune(BELLEY), "centre social", datetime.date(2027, 4, 1), datetime.time(14), datetime.time(16)
    )
    client.force_login(member(tour.structure))
    response = client.get(move_url(single))
    assert response.status_code == 302 and response["Location"] == reverse("network:stop-edit", args=[single.pk])
    with pytest.raises(ValidationError):
        single.move(datetime.date(2027, 4, 1), to=datetime.date(2027, 4, 2))


def test_a_member_of_another_structure_gets_a_404_and_nothing_moves(client, tour):
    client.force_login(member(StructureFactory()))
    data = {"date": "2027-03-09", "moved_to": "2027-03-10", "moved_start_time": "09:00", "moved_end_time": "12:00"}
    assert client.get(move_url(tour.stop)).status_code == 404
    assert client.post(move_url(tour.stop), data).status_code == 404
    assert not StopException.objects.exists()
