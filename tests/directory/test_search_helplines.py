"""Helplines are search results (issue 15, item 1): the national lines of the Ain demo found by a text, a theme, a
number, a channel or the « à distance » filter, ranked first on an urgent theme, never listed when closed."""

import datetime

import pytest
from django.utils import timezone

from allervers.directory.demo import load_demo
from allervers.directory.models import Service
from allervers.directory.search import SearchQuery, search_services
from tests.factories import ServiceFactory, commune

pytestmark = pytest.mark.django_db

OYONNAX = "01283"
BELLEY = "01034"
L3919 = "fnsf-3919--violences-femmes-info"
L119 = "gip-enfance-en-danger-119--119"
L3977 = "federation-3977--3977"
L116006 = "france-victimes--116006"
L3018 = "e-enfance-3018--3018"
L114 = "cnr-114--114"
L115 = "samu-social-115--115"
FDFA = "fdfa--ecoute-violences-femmes-handicapees"
POLICE_CHAT = "interieur-services-en-ligne--tchat-violences"
VIOLENCES_CONJUGALES = "aide-aux-victimes--violences-conjugales"


@pytest.fixture
def demo(db):
    load_demo()


def found(code=OYONNAX, **kwargs):
    """The source ids of a search's hits, in order (all of them: the demo fits on one page of 100)."""
    place = commune(code) if code else None
    moment = kwargs.pop("moment", None)
    result = search_services(SearchQuery(commune=place, size=100, **kwargs), moment=moment)
    return [hit.service.source_id for hit in result.hits]


def lines(ids):
    helplines = set(Service.objects.helplines().values_list("source_id", flat=True))
    return [source_id for source_id in ids if source_id in helplines]


@pytest.mark.parametrize("code", [OYONNAX, None], ids=["near-oyonnax", "anywhere"])
@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("3919", {L3919}),
        ("3977", {L3977}),
        ("116 006", {L116006}),
        ("01 40 47 06 06", {FDFA}),
        ("0140470606", {FDFA}),
        ("+33 1 40 47 06 06", {FDFA}),
        ("01.40.47.06.06", {FDFA}),
    ],
)
def test_a_number_typed_as_a_query_finds_its_line(demo, code, q, expected):
    assert set(lines(found(code, q=q))) == expected


def test_a_line_is_found_by_its_number_written_another_way_than_in_its_name(demo):
    # The 116 006's second number is in no text, only in its channels: « depuis l'étranger ».
    assert lines(found(q="+33 1 80 52 33 76")) == [L116006]
    assert lines(found(None, q="01 80 52 33 76")) == [L116006]


@pytest.mark.parametrize("code", [OYONNAX, None], ids=["near-oyonnax", "anywhere"])
@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("violences conjugales", L3919),
        ("harcèlement", L3018),
        ("maltraitance", L3977),
        ("femmes handicapées", FDFA),
    ],
)
def test_a_text_search_returns_the_lines_that_match(demo, code, q, expected):
    assert expected in lines(found(code, q=q))


def test_femmes_handicapees_finds_the_fdfa_line_and_not_the_lines_for_everyone(demo):
    assert lines(found(q="femmes handicapées")) == [FDFA]


@pytest.mark.parametrize("code", [OYONNAX, None], ids=["near-oyonnax", "anywhere"])
def test_tchat_finds_the_lines_one_can_write_to(demo, code):
    with_chat = {
        service.source_id
        for service in Service.objects.helplines()
        if any(channel["kind"] == "chat" for channel in service.channels)
    }
    assert {L119, L3018, L114, POLICE_CHAT} <= with_chat
    assert set(lines(found(code, q="tchat"))) == with_chat


def test_the_remote_filter_lists_the_national_lines_with_the_ain_remote_services(demo):
    remote = found(BELLEY, modes_accueil=["a-distance"])
    assert {L3919, L119, L3977, L116006, L3018, L114, L115, FDFA} <= set(lines(remote))
    assert len(remote) > len(lines(remote)), "the Ain's own remote services are still listed"


def test_a_search_near_a_commune_lists_the_lines_after_the_services_one_can_go_to():
    ServiceFactory(name="Accueil local", commune=commune(OYONNAX), thematiques=["famille--soutien-a-la-parentalite"])
    ServiceFactory(name="Ligne", helpline=True, thematiques=["famille--soutien-a-la-parentalite"])
    result = search_services(SearchQuery(commune=commune(OYONNAX)))
    assert [hit.service.name for hit in result.hits] == ["Accueil local", "Ligne"]
    assert result.leading_lines == [] and result.helplines == []


@pytest.mark.parametrize("code", [OYONNAX, None], ids=["near-oyonnax", "anywhere"])
def test_an_urgent_theme_ranks_its_lines_first_the_main_ones_before(demo, code):
    ids = found(code, thematiques=[VIOLENCES_CONJUGALES])
    line_ids = lines(ids)
    assert ids[: len(line_ids)] == line_ids, "every line before the first service"
    main = {line.source_id for line in Service.objects.helplines() if line.thematiques[:1] == [VIOLENCES_CONJUGALES]}
    assert L3919 in main, "the 3919's main theme is violences conjugales"
    assert set(line_ids[: len(main)]) == main, "the lines of that main theme before the others"
    assert {FDFA, L114, POLICE_CHAT} <= set(line_ids)
    assert len(ids) > len(line_ids)


def test_the_leading_lines_and_the_other_hits_share_no_result(demo):
    result = search_services(SearchQuery(commune=commune(OYONNAX), thematiques=[VIOLENCES_CONJUGALES]))
    leading = [hit.service.pk for hit in result.leading_lines]
    others = [hit.service.pk for hit in result.other_hits]
    assert leading and others
    assert not set(leading) & set(others)
    assert leading + others == [hit.service.pk for hit in result.hits]
    assert result.other_hits_start == len(leading) + 1


def test_open_now_never_lists_a_closed_line(demo):
    # Tuesday 1 December 2026, 22:34 in Paris: the FDFA line (Monday and Thursday, daytime) is closed.
    tuesday_night = timezone.make_aware(datetime.datetime(2026, 12, 1, 22, 34))
    ids = found(BELLEY, thematiques=[VIOLENCES_CONJUGALES], open_now=True, moment=tuesday_night)
    assert FDFA not in ids
    assert L3919 in ids and L114 in ids
    anywhere = found(None, q="femmes handicapées", open_now=True, moment=tuesday_night)
    assert FDFA not in anywhere
    monday_morning = timezone.make_aware(datetime.datetime(2026, 11, 30, 11, 0))
    assert FDFA in found(BELLEY, thematiques=[VIOLENCES_CONJUGALES], open_now=True, moment=monday_morning)


def test_a_suspended_line_is_not_a_result():
    line = ServiceFactory(name="Ligne 3919", helpline=True)
    assert [hit.service for hit in search_services(SearchQuery(q="3919")).hits] == [line]
    line.suspend(until=timezone.localdate() + datetime.timedelta(days=3))
    assert search_services(SearchQuery(q="3919")).hits == []
    line.publish()
    assert search_services(SearchQuery(commune=commune(OYONNAX), q="3919")).total == 1


def test_a_changed_number_or_channel_is_searched_at_once():
    line = ServiceFactory(name="Ligne d'écoute", helpline=True, phone="01 23 45 67 89")
    assert search_services(SearchQuery(q="0123456789")).total == 1
    line.phone = "01 98 76 54 32"
    line.channels = [{"kind": "chat", "value": "https://exemple.fr", "label": "Tchat"}]
    line.save()
    assert search_services(SearchQuery(q="0123456789")).total == 0
    assert search_services(SearchQuery(commune=commune(OYONNAX), q="01 98 76 54 32")).total == 1
    assert search_services(SearchQuery(q="tchat")).total == 1


def test_a_short_number_is_an_ordinary_word():
    ServiceFactory(name="Accueil ouvert 7 jours sur 7", commune=commune(OYONNAX))
    assert search_services(SearchQuery(commune=commune(OYONNAX), q="7")).total == 1


def test_a_professional_line_is_never_searchable():
    ServiceFactory(name="Permanence", commune=commune(OYONNAX), phone="04 74 00 00 01", phone_pro="04 74 00 00 02")
    assert search_services(SearchQuery(commune=commune(OYONNAX), q="04 74 00 00 01")).total == 1
    assert search_services(SearchQuery(commune=commune(OYONNAX), q="04 74 00 00 02")).total == 0
    assert search_services(SearchQuery(q="0474000002")).total == 0
