"""`load-agreements-demo` loads the seed's two partnerships with health as projects: parties from the demo
directory where they are listed, by name otherwise, no date and no signatory; linked to fiche 2.3.1; re-runnable."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from allervers.agreements.models import Agreement, Party
from allervers.plan.models import Indicator

pytestmark = pytest.mark.django_db


def load() -> str:
    out = StringIO()
    call_command("load-agreements-demo", stdout=out)
    return out.getvalue()


def test_it_refuses_without_the_demo_directory():
    with pytest.raises(CommandError, match="load-demo"):
        load()


def test_it_loads_the_seeds_projects_and_is_safe_to_rerun():
    call_command("load-demo", verbosity=0)
    call_command("load-plan-demo", stdout=StringIO())
    assert "2 convention(s) en projet" in load()
    load()
    assert Agreement.objects.count() == 2 and Party.objects.count() == 4
    assert set(Agreement.objects.values_list("status", flat=True)) == {"en-projet"}
    assert not Agreement.objects.filter(signature_date__isnull=False).exists()
    assert not Agreement.objects.filter(end_date__isnull=False).exists()
    ars = Agreement.objects.get(title="Convention parquet / médecins / ARS")
    assert [p.label for p in ars.parties.all()] == [
        "Tribunal judiciaire de Bourg-en-Bresse",
        "Médecins",
        "Agence régionale de santé Auvergne-Rhône-Alpes",
    ]
    umj = Agreement.objects.get(title__contains="Fleyriat")
    assert [p.structure.source_id for p in umj.parties.all()] == ["umj-bourg-fleyriat"]
    for agreement in (ars, umj):
        assert [f.number for f in agreement.fiches.all()] == ["2.3.1"]
    in_project = Indicator.objects.get(automatic_source="conventions-en-projet")
    assert in_project.fiche.number == "2.3.1"
    assert {v.category: v.value for v in in_project.latest_values()} == {"convention": 2}
