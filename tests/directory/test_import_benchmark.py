"""Import speed on a generated 5,000-service template.

ALLERVERS_BENCHMARK=1 .venv/bin/pytest -s tests/directory/test_import_benchmark.py
"""

import os
import time

import pytest

from allervers.directory.imports import NamedFile, import_directory
from allervers.directory.imports.template import template_csv
from allervers.directory.models import Service
from allervers.territories.models import Commune

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not os.environ.get("ALLERVERS_BENCHMARK"), reason="benchmark: ALLERVERS_BENCHMARK=1"),
]
SERVICES, PER_STRUCTURE = 5000, 5


def generated_file():
    communes = list(Commune.objects.current().filter(department_id="01").order_by("code")[:400])
    rows = []
    for index in range(SERVICES):
        structure, commune = index // PER_STRUCTURE, communes[(index // PER_STRUCTURE) % len(communes)]
        # Half the structures give an INSEE code, half a postal code and a name: both resolution paths.
        place = (
            {"structure_code_insee": commune.code}
            if structure % 2
            else {"structure_commune": commune.name, "structure_code_postal": commune.postal_codes[0]}
        )
        rows.append(
            {
                "structure_id": f"s{structure}",
                "structure_nom": f"Structure fictive {structure}",
                "structure_telephone": f"04 74 {structure // 100:02d} {structure % 100:02d} 00",
                **place,
                "service_id": f"s{structure}-{index}",
                "service_nom": f"Service fictif {index}",
                "service_description": "Écoute, information et orientation des victimes.",
                "thematiques": "aide-aux-victimes--ecoute-et-orientation, famille--garde-denfants",
                "publics": "victimes",
                "modes_accueil": "en-presentiel",
                "zone_eligibilite": "commune, departement",
                "frais": "gratuit",
                "service_horaires_accueil": "Mo-Fr 09:00-12:00",
                "service_date_maj": "2026-01-15",
            }
        )
    return NamedFile("benchmark.csv", template_csv(rows).encode())


def test_the_import_runs_at_the_expected_speed():
    file = generated_file()
    started = time.perf_counter()
    report = import_directory([file])
    first = time.perf_counter() - started
    assert report.ok, report.summary_lines()[:5]
    started = time.perf_counter()
    again = import_directory([file])
    second = time.perf_counter() - started
    assert again.services.unchanged == SERVICES and Service.objects.count() == SERVICES
    print(
        f"\nimport de {SERVICES} services : {first:.2f} s ({SERVICES / first:.0f} services/s) ; "
        f"réimport à l'identique : {second:.2f} s ({SERVICES / second:.0f} services/s)"
    )
