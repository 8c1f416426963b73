"""The benchmark's commands run end to end on a tiny directory (the figures themselves are never asserted)."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from allervers.bench import dataset
from allervers.directory.models import Service

pytestmark = pytest.mark.django_db


def test_bench_data_imports_a_synthetic_directory_and_can_run_again():
    out = StringIO()
    call_command("bench-data", "--services", "40", "--seed", "3", stdout=out)
    call_command("bench-data", "--services", "40", "--seed", "3", stdout=out)
    assert Service.objects.filter(source=dataset.SOURCE).count() == 40
    assert "Import : 40 services" in out.getvalue() and "Réimport (4 services modifiés)" in out.getvalue()


def test_the_generator_mixes_zones_modes_and_accented_descriptions():
    data = dataset.generate(300, seed=1)
    zones = {code for service in data["services"] for code in service["zone_eligibilite"]}
    assert {"commune", "departement"} <= zones
    assert any(service["modes_accueil"] == ["a-distance"] for service in data["services"])
    assert any("é" in service["description"] for service in data["services"])


def test_bench_measures_the_database_it_runs_on(tmp_path, settings):
    settings.ALLERVERS_API_RATE = "100000/m"
    call_command("bench-data", "--services", "60", "--no-reimport", stdout=StringIO())
    output = tmp_path / "here.json"
    call_command("bench", "--here", "--quick", "--runs", "5", "--output", str(output), stdout=StringIO())
    result = json.loads(output.read_text())
    keys = {row["key"] for row in result["in_process"]}
    assert {"W1", "W2", "W3", "W4", "W5", "W6", "W1-plancher", "W2-plancher"} <= keys
    assert result["database_mb"] > 0 and "W1 (requête API)" in result["floor_ratios"]
