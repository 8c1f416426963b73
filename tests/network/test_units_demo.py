"""`load-network-demo` loads a demonstration unit touring the Bugey and the Pays de Gex, with no invented contact;
a second run changes nothing; searching at one of its communes shows its next visit."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from allervers.network.models import MobileUnit, Stop, StopException

pytestmark = pytest.mark.django_db


def load() -> str:
    out = StringIO()
    call_command("load-network-demo", stdout=out)
    return out.getvalue()


def test_it_refuses_without_the_demo_directory():
    with pytest.raises(CommandError, match="load-demo"):
        load()


def test_it_loads_a_demonstration_unit_in_the_bugey_and_the_pays_de_gex_and_is_safe_to_rerun(client):
    call_command("load-demo", verbosity=0)
    assert "7 passage(s), 1 date(s) annulée(s)" in load()
    load()
    unit = MobileUnit.objects.get()
    assert unit.is_demo and unit.name == "Unité mobile de démonstration"
    assert unit.request_email == "" and unit.services.exists()
    assert Stop.objects.count() == 7 and StopException.objects.count() == 1
    codes = set(Stop.objects.values_list("commune__code", flat=True))
    assert {"01034", "01185", "01269"} <= codes  # Bugey
    assert {"01173", "01143", "01419"} <= codes  # Pays de Gex
    page = client.get(f"/unites-mobiles/{unit.slug}/").content.decode()
    assert "Donnée de démonstration" in page and "passage annulé" in page
    assert "Prochain passage" in client.get("/recherche/", {"code_commune": "01173", "commune": "Gex"}).content.decode()
