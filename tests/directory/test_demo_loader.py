import json

import pytest

from allervers.directory.demo import DEMO_FILE, DemoDataError, load_demo
from allervers.directory.enums import ServiceKind
from allervers.directory.models import Service, Structure

pytestmark = pytest.mark.django_db


def write(tmp_path, structures):
    path = tmp_path / "demo.json"
    path.write_text(
        json.dumps({"source": "demo-test", "verified_on": "2026-11-26", "structures": structures}),
        encoding="utf-8",
    )
    return path


def ccas(commune_text="CCAS :01703 Saint-Maurice-de-Beynost", **service_overrides):
    service = {
        "id": "ccas--accueil",
        "nom": "Accueil social",
        "description": "Accueil et orientation.",
        "thematiques": ["aide-aux-victimes--ecoute-et-orientation"],
        "publics": ["tous-publics"],
        "modes_accueil": ["en-presentiel"],
        "frais": "gratuit",
        "zone_eligibilite": ["commune"],
        **service_overrides,
    }
    return {
        "id": "ccas",
        "nom": "CCAS fictif",
        "type": "ccas",
        "commune": commune_text,
        "services": [service],
    }


def test_it_resolves_communes_and_expands_zone_tokens(tmp_path):
    report = load_demo(write(tmp_path, [ccas()]))
    assert (report.structures, report.services) == (1, 1)
    service = Service.objects.get()
    assert service.commune.name == "Saint-Maurice-de-Beynost"
    assert service.zone_eligibilite == [service.commune.code]
    assert service.is_demo and service.on_site and service.verified_at is not None


def test_a_second_load_updates_in_place(tmp_path):
    path = write(tmp_path, [ccas()])
    load_demo(path)
    load_demo(path)
    assert Structure.objects.count() == 1 and Service.objects.count() == 1


def test_one_bad_entry_writes_nothing_and_every_error_is_listed(tmp_path):
    good = ccas()
    bad = ccas("Commune-Qui-N-Existe-Pas", zone_eligibilite=["Oyonnax"], telephone="12")
    bad["id"] = "bad"
    with pytest.raises(DemoDataError) as raised:
        load_demo(write(tmp_path, [good, bad]))
    messages = "\n".join(raised.value.errors)
    assert "structures[1] (bad)" in messages
    assert "n'est pas un numéro de téléphone" in messages
    assert Structure.objects.count() == 0


def test_the_shipped_ain_demo_loads_the_seed_actors_and_the_helplines():
    load_demo(DEMO_FILE)
    names = set(Structure.objects.values_list("name", flat=True))
    assert sum(name.startswith("CCAS") for name in names) == 12
    hauteville = Structure.objects.get(source_id__contains="hauteville")
    assert hauteville.commune.name == "Plateau d'Hauteville"
    helplines = Service.objects.filter(kind=ServiceKind.HELPLINE)
    numbers = {channel["value"] for line in helplines for channel in line.channels}
    for number in ["3919", "119", "3977", "116006", "3018", "+33140470606"]:
        assert number in numbers
    assert not Structure.objects.filter(is_demo=False).exists()
