"""`load-outreach-demo` loads the seed's actions as offers, with sessions and events in the Ain, synthetic
registrants only, and the demo plan's fiches showing the counts; a second run changes nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from allervers.outreach.enums import Profession
from allervers.outreach.models import AwarenessEvent, Offer, Registration, Session
from allervers.plan.models import Indicator

pytestmark = pytest.mark.django_db


def load() -> str:
    out = StringIO()
    call_command("load-outreach-demo", stdout=out)
    return out.getvalue()


def test_it_refuses_without_the_demo_directory():
    with pytest.raises(CommandError, match="load-demo"):
        load()


def test_it_loads_the_seeds_actions_and_is_safe_to_rerun():
    call_command("load-demo", verbosity=0)
    call_command("load-plan-demo", stdout=StringIO())
    assert "4 offre(s)" in load()
    load()
    assert Offer.objects.count() == 4 and Session.objects.count() == 4 and AwarenessEvent.objects.count() == 2
    cidff = Offer.objects.get(organiser__source_id="cidff-ain")
    assert set(cidff.target_professions) == {
        Profession.MUNICIPAL_RECEPTION,
        Profession.MUNICIPAL_POLICE,
        Profession.NURSERY_STAFF,
        Profession.DEPARTMENT_SOCIAL_WORKER,
        Profession.SOCIAL_CENTRE,
        Profession.SCHOOL_SOCIAL_WORKER,
        Profession.SOCIAL_HOUSING,
    }
    assert [f.number for f in cidff.fiches.all()] == ["2.1.3"]
    assert all(r.email.endswith("@demo.invalid") for r in Registration.objects.all())
    trained = Indicator.objects.get(automatic_source="formations-personnes-formees-profession")
    assert trained.fiche.number == "2.1.3"
    assert sum(v.value for v in trained.latest_values()) == 4
