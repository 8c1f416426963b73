"""The plan's pages read the database a fixed number of times, whoever reads them (ceilings measured when the
views began to fetch through the scoped querysets; none of these pages grew then)."""

import datetime

import pytest
from django.urls import reverse

from allervers.plan.models import Meeting, WorkingGroup
from tests.factories import coordinator, member

pytestmark = pytest.mark.django_db

CEILINGS = {
    # page: (coordinator of the department, member of a pilot structure)
    "plan:list": (5, 4),
    "plan:dashboard": (19, 17),
    "plan:fiche": (17, 19),
    "plan:fiche-edit": (13, 11),
    "plan:meeting": (8, 8),
    "plan:xlsx": (8, 8),
}


@pytest.fixture
def pages(small_plan):
    group = WorkingGroup.objects.create(plan=small_plan.plan, number=1, title="Groupe")
    meeting = Meeting.objects.create(group=group, held_on=datetime.date(2026, 3, 12), title="Réunion")
    args = {
        "plan:list": [],
        "plan:dashboard": [small_plan.plan.pk],
        "plan:fiche": [small_plan.alone.pk],
        "plan:fiche-edit": [small_plan.alone.pk],
        "plan:meeting": [meeting.pk],
        "plan:xlsx": [small_plan.plan.pk],
    }
    return {name: reverse(name, args=values) for name, values in args.items()}


@pytest.mark.parametrize("who", [0, 1], ids=["coordinator", "pilot"])
def test_the_plan_pages_need_a_fixed_number_of_queries(client, small_plan, pages, who, django_assert_max_num_queries):
    client.force_login(coordinator(("01",)) if who == 0 else member(small_plan.pilot))
    for name, url in pages.items():
        client.get(url)  # the session and the user are read on the first request
        with django_assert_max_num_queries(CEILINGS[name][who]):
            assert client.get(url).status_code == 200, url
