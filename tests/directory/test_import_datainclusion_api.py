"""Importing a dump of data·inclusion's API v1 (the pages of /structures, /services, /search/services as the API
returns them), and the round trip data·inclusion → us → data·inclusion: our API gives back what we hold."""

import copy
import json

import pytest
from django.test import override_settings

from allervers.directory.imports import NamedFile, import_directory, limits
from allervers.directory.models import Service, Structure
from allervers.directory.validators import normalize_phone

pytestmark = pytest.mark.django_db

STRUCTURE = {
    "accessibilite_lieu": "https://acceslibre.beta.gouv.fr/app/01-bourg-en-bresse/a/association/erp/fictive/",
    "adresse": "12 rue Fictive",
    "adresse_certifiee": True,
    "code_insee": "01053",
    "code_postal": "01000",
    "commune": "Bourg-en-Bresse",
    "complement_adresse": "Bâtiment B",
    "courriel": "accueil@example.org",
    "date_maj": "2026-01-15",
    "description": "Association fictive d'accompagnement des personnes en difficulté.",
    "doublons": [{"source": "emplois-de-linclusion", "id": "emplois-de-linclusion--x"}],
    "horaires_accueil": "Mo-Fr 09:00-12:00,14:00-17:00",
    "id": "dora--structure-fictive",
    "latitude": 46.2051,
    "lien_source": "https://dora.inclusion.beta.gouv.fr/structures/fictive",
    "longitude": 5.2255,
    "nom": "Association fictive",
    "reseaux_porteurs": ["france-travail"],
    "score_qualite": 0.7,
    "siret": "12345678900017",
    "site_web": "https://association.example.org/",
    "source": "dora",
    "telephone": "04 74 00 00 00",
}
SERVICE = {
    "adresse": "12 rue Fictive",
    "adresse_certifiee": True,
    "code_insee": "01053",
    "code_postal": "01000",
    "commune": "Bourg-en-Bresse",
    "complement_adresse": "Bâtiment B",
    "conditions_acces": "Sur rendez-vous.",
    "contact_nom_prenom": None,
    "courriel": "permanence@example.org",
    "date_maj": "2026-02-01",
    "description": "Permanence d'accès aux droits : information, aide aux démarches et orientation.",
    "extra": {"dora": {"formulaire": True}},
    "frais": "payant",
    "frais_precisions": "5 € par rendez-vous.",
    "horaires_accueil": "Tu 14:00-17:00",
    "id": "dora--service-fictif",
    "latitude": 46.2051,
    "lien_mobilisation": "https://association.example.org/rendez-vous",
    "lien_source": "https://dora.inclusion.beta.gouv.fr/services/fictif",
    "longitude": 5.2255,
    "mobilisable_par": ["usagers", "professionnels"],
    "mobilisation_precisions": "Prendre rendez-vous en ligne.",
    "modes_accueil": ["en-presentiel"],
    "modes_mobilisation": ["utiliser-lien-mobilisation", "telephoner"],
    "nom": "Permanence d'accès aux droits",
    "nombre_semaines": None,
    "publics": ["familles", "seniors"],
    "publics_precisions": "Familles du quartier.",
    "score_qualite": 0.82,
    "source": "dora",
    "structure_id": "dora--structure-fictive",
    "telephone": "04 74 00 00 01",
    "thematiques": ["difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"],
    "type": "accompagnement",
    "volume_horaire_hebdomadaire": None,
    "zone_eligibilite": ["01053", "01"],
}
HELD_STRUCTURE = [
    "id", "source", "nom", "description", "siret", "commune", "code_postal", "code_insee", "adresse",
    "complement_adresse", "longitude", "latitude", "telephone", "courriel", "site_web", "horaires_accueil",
    "accessibilite_lieu", "reseaux_porteurs",
]  # fmt: skip
HELD_SERVICE = [
    "id", "source", "structure_id", "nom", "description", "type", "thematiques", "frais", "frais_precisions",
    "publics", "publics_precisions", "conditions_acces", "commune", "code_postal", "code_insee", "adresse",
    "complement_adresse", "longitude", "latitude", "telephone", "courriel", "modes_accueil", "zone_eligibilite",
    "lien_mobilisation", "modes_mobilisation", "mobilisable_par", "mobilisation_precisions", "horaires_accueil",
]  # fmt: skip
# data·inclusion types these as sets: their order means nothing.
SETS = {"thematiques", "publics", "modes_accueil", "modes_mobilisation", "mobilisable_par", "reseaux_porteurs"}


def page(*items, total=None):
    return {"items": list(items), "total": total or len(items), "page": 1, "size": len(items), "pages": 1}


def as_file(name, data):
    return NamedFile(name, json.dumps(data, ensure_ascii=False).encode())


def dump():
    other = {**copy.deepcopy(SERVICE), "id": "dora--autre", "nom": "Atelier numérique", "type": "atelier"}
    other["thematiques"] = ["numerique--maitriser-les-fondamentaux-du-numerique"]
    return [
        as_file("structures-1.json", page(STRUCTURE)),
        as_file("services-1.json", page(SERVICE, total=2) | {"size": 1, "pages": 2}),
        as_file("services-2.json", page(other, total=2) | {"page": 2, "size": 1, "pages": 2}),
    ]


def held(item, names):
    values = {}
    for name in names:
        value = item.get(name)
        if name in SETS and value is not None:
            value = sorted(value)
        if name == "telephone" and value:
            value = normalize_phone(value)  # written in international form, the one change
        values[name] = value
    return values


def test_it_imports_the_pages_of_the_api_keeping_the_source_and_its_identifiers():
    report = import_directory(dump())
    assert report.ok, report.summary_lines()
    structure = Structure.objects.get()
    assert (structure.source, structure.source_id, structure.siret) == ("dora", "structure-fictive", "12345678900017")
    services = Service.objects.order_by("source_id")
    assert [(s.source, s.source_id, s.structure_id) for s in services] == [
        ("dora", "autre", structure.pk),
        ("dora", "service-fictif", structure.pk),
    ]
    assert str(services[1].verified_at.date()) == "2026-02-01"  # the file's date is a verification


def test_a_search_page_brings_its_services_and_their_structures():
    first = {"service": {**SERVICE, "structure": STRUCTURE}, "distance": 3}
    second = {"service": {**SERVICE, "id": "dora--autre", "structure": STRUCTURE}, "distance": None}
    report = import_directory([as_file("recherche.json", page(first, second))])
    assert report.ok, report.summary_lines()
    # One structure, read once though each result brings it.
    assert (Structure.objects.count(), Service.objects.count()) == (1, 2)


def test_an_error_is_reported_at_its_page_and_item_in_french():
    wrong = {**SERVICE, "id": "dora--faux", "thematiques": ["inconnue"], "code_insee": "99999"}
    report = import_directory(
        [as_file("structures-1.json", page(STRUCTURE)), as_file("services-1.json", page(SERVICE, wrong))]
    )
    assert not report.ok and Structure.objects.count() == 0
    lines = report.summary_lines()
    assert lines[0].startswith("Import refusé : ")
    assert any(line.startswith("  services-1.json, élément 2, colonne « thematiques » : ") for line in lines), lines
    assert any(line.startswith("  services-1.json, élément 2, colonne « code_insee » : ") for line in lines), lines


def test_a_file_that_is_not_a_page_is_refused_with_its_name():
    report = import_directory([as_file("a.json", page(STRUCTURE)), as_file("b.json", [STRUCTURE])])
    assert [str(error) for error in report.errors] == [
        'b.json, ligne 1 : une page de l\'API data·inclusion est attendue : {"items": [...], "total": …, "page": …}.'
    ]


@override_settings(ALLERVERS_API_RATE="1000000/m")
def test_datainclusion_to_us_to_datainclusion_gives_back_what_we_hold(client):
    originals = [json.loads(file.content)["items"] for file in dump()]
    assert import_directory(dump()).ok
    structures = client.get("/api/v1/structures").json()["items"]
    services = client.get("/api/v1/services").json()["items"]
    assert [held(item, HELD_STRUCTURE) for item in structures] == [held(STRUCTURE, HELD_STRUCTURE)]
    ours = {item["id"]: held(item, HELD_SERVICE) for item in services}
    assert ours == {item["id"]: held(item, HELD_SERVICE) for item in originals[1] + originals[2]}
    # And once more: importing our own pages changes nothing.
    pages = [as_file("structures.json", client.get("/api/v1/structures").json())]
    pages.append(as_file("services.json", client.get("/api/v1/services").json()))
    report = import_directory(pages)
    assert report.ok, report.summary_lines()
    assert (report.structures.unchanged, report.services.unchanged) == (1, 2)


def test_the_import_limits_apply_to_the_pages_together(monkeypatch):
    monkeypatch.setattr(limits, "MAX_ROWS", 1)
    report = import_directory(dump())
    assert [str(error) for error in report.errors] == ["services-2.json, ligne 1 : plus de 1 services dans les pages."]
