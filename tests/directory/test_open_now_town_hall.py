"""« Ouvert maintenant » lists a CCAS without hours of its own when its town hall, whose hours its page shows, is
open (issue 15, item 2)."""

import datetime

import pytest
from django.utils import timezone

from allervers.directory.demo import load_demo
from allervers.directory.search import SearchQuery, search_services
from tests.factories import commune

pytestmark = pytest.mark.django_db

BELLEY = "01034"
CCAS = "ccas-belley--accueil"


def open_ids(moment):
    load_demo()
    result = search_services(SearchQuery(commune=commune(BELLEY), size=100, open_now=True), moment=moment)
    return [hit.service.source_id for hit in result.hits]


def test_the_ccas_is_open_when_its_town_hall_is():
    # Belley's town hall: Monday to Thursday, 8 h-12 h and 13 h 30-17 h 30 (annuaire de l'administration).
    assert CCAS in open_ids(timezone.make_aware(datetime.datetime(2026, 11, 30, 11, 0)))


def test_the_ccas_is_not_listed_when_its_town_hall_is_closed():
    assert CCAS not in open_ids(timezone.make_aware(datetime.datetime(2026, 11, 30, 22, 0)))
