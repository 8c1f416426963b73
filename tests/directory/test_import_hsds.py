"""Importing an Open Referral HSDS 3.0 data package (folder or zip of its CSV tables), and the round trip
HSDS → us → HSDS: exporting what an import of our own package wrote gives the package back."""

import json
import zipfile

import pytest

from allervers.directory.exports.hsds import export_hsds, write_hsds
from allervers.directory.exports.hsds_schema import TABLES, columns
from allervers.directory.imports import NamedFile, files_from_path, import_directory, limits
from allervers.directory.models import Service, Structure

pytestmark = pytest.mark.django_db

LONG = "Accueil, écoute et accompagnement des victimes, sur rendez-vous ou sans, par une équipe formée."
DIRECTORY = {
    "structures": [
        {
            "id": "s-1",
            "nom": "Association fictive d'aide aux victimes",
            "description": "Association fictive qui accompagne les victimes d'infractions.",
            "siret": "12345678900017",
            "code_insee": "01053",
            "code_postal": "01000",
            "adresse": "1 rue Publique",
            "telephone": "04 74 00 00 00",
            "courriel": "accueil@example.org",
            "site_web": "https://aide.example.org/",
            "horaires_accueil": "Mo-Fr 09:00-12:00,14:00-17:00; PH off",
            "accessibilite_lieu": "https://acceslibre.beta.gouv.fr/app/01-bourg-en-bresse/a/association/erp/x/",
            "reseaux_porteurs_detailles": ["france-victimes"],
            "type_structure": "association-aide-victimes",
            "date_maj": "2026-01-10",
        },
        {"id": "s-2", "nom": "Ligne nationale fictive", "type_structure": "ligne-nationale", "date_maj": "2026-01-10"},
        {"id": "d-1", "source": "dora", "nom": "Structure venue de DORA", "code_insee": "01034"},
    ],
    "services": [
        {
            "id": "v-1",
            "structure_id": "s-1",
            "nom": "Accueil des victimes de violences conjugales",
            "description": LONG,
            "code_insee": "01053",
            "code_postal": "01000",
            "adresse": "1 rue Publique",
            "thematiques_detaillees": ["aide-aux-victimes--violences-conjugales", "famille--garde-denfants"],
            "publics_detailles": ["victimes", "femmes"],
            "publics_precisions": "Victimes majeures.",
            "modes_accueil": ["en-presentiel"],
            "modes_mobilisation": ["se-presenter", "telephoner"],
            "mobilisable_par": ["professionnels", "usagers"],
            "mobilisation_precisions": "Sans rendez-vous le mardi.",
            "lien_mobilisation": "https://aide.example.org/rendez-vous",
            "conditions_acces": "Sur rendez-vous.",
            "frais": "payant",
            "frais_precisions": "Adhésion de 5 €.",
            "type": "accompagnement",
            "zone_eligibilite_detaillee": ["R84", "01053"],
            "telephone": "04 74 00 00 01",
            "courriel": "victimes@example.org",
            "horaires_accueil": "Mo,We 09:00-12:00",
            "langues": ["fr", "ar"],
            "canaux": [{"kind": "sms", "value": "114", "label": "SMS d'urgence"}],
            "verifie_le": "2026-02-03",
        },
        {
            "id": "v-2",
            "structure_id": "s-1",
            "nom": "Mise à l'abri",
            "description": LONG,
            "code_insee": "01004",
            "adresse": "12 rue Confidentielle",
            "adresse_confidentielle": True,
            "thematiques_detaillees": ["aide-aux-victimes--mise-a-l-abri"],
            "modes_accueil": ["en-presentiel"],
            "zone_eligibilite_detaillee": ["01"],
            "horaires_accueil": "week 01-53 Mo 10:00-11:00",
        },
        {
            "id": "v-3",
            "structure_id": "s-1",
            "nom": "Permanence à Bourg, adresse sans code postal sûr",
            "description": LONG,
            "code_insee": "01283",
            "adresse": "2 place Fictive",
            "modes_accueil": ["en-presentiel"],
            "zone_eligibilite_detaillee": ["01283"],
        },
        {
            "id": "d-1-a",
            "source": "dora",
            "structure_id": "d-1",
            "nom": "Service venu de DORA",
            "description": LONG,
            "modes_accueil": ["en-presentiel"],
        },
        {
            "id": "l-1",
            "structure_id": "s-2",
            "nature": "helpline",
            "nom": "Écoute fictive 24 h/24",
            "description": LONG,
            "thematiques_detaillees": ["aide-aux-victimes--ecoute-et-orientation"],
            "modes_accueil": ["a-distance"],
            "frais": "gratuit",
            "ouvert_24h": True,
            "langues": ["fr"],
            "canaux": [
                {"kind": "phone", "value": "3919", "label": "Écoute"},
                {"kind": "chat", "value": "https://ecoute.example.org/tchat", "label": ""},
                {"kind": "web", "value": "https://ecoute.example.org/", "label": ""},
            ],
        },
    ],
}
# Columns that hold our public pages' addresses or the moment of our last change: not data of the listing.
NOT_DATA = {("organization", "uri"), ("service", "url"), ("service", "last_modified")}


def imported(files, **options):
    report = import_directory(files, **options)
    assert report.ok, report.summary_lines()
    return report


def package(tmp_path, name):
    tables = export_hsds()
    write_hsds(tables, tmp_path / name)
    return tables


def same_up_to_identifiers(before, after):
    """Every table row for row, every value equal but identifiers, which must map one to one."""
    renamed: dict[str, str] = {}
    for table in TABLES:
        assert len(after[table]) == len(before[table]), table
        for old, new in zip(before[table], after[table], strict=True):
            for column in columns(table):
                a, b = old.get(column), new.get(column)
                if (table, column) in NOT_DATA:
                    continue
                if column == "id" or column.endswith("_id"):
                    if a is None or b is None:
                        assert a == b, (table, column, old, new)
                    else:
                        assert renamed.setdefault(a, b) == b, (table, column, old, new)
                else:
                    assert a == b, (table, column, old, new)
    assert len(set(renamed.values())) == len(renamed)


def test_hsds_to_us_to_hsds_gives_the_package_back(tmp_path):
    imported([NamedFile("annuaire.json", json.dumps(DIRECTORY).encode())])
    before = package(tmp_path, "avant.zip")
    assert before["service_area"] and before["phone"] and before["schedule"] and before["accessibility"]
    Structure.objects.all().delete()
    report = imported(files_from_path(tmp_path / "avant.zip"))
    assert (report.structures.created, report.services.created) == (3, 5)
    same_up_to_identifiers(before, export_hsds())
    # The same package again: nothing to change.
    report = imported(files_from_path(tmp_path / "avant.zip"))
    assert (report.structures.unchanged, report.services.unchanged) == (3, 5)


def test_a_package_is_read_from_a_folder_too(tmp_path):
    imported([NamedFile("annuaire.json", json.dumps(DIRECTORY).encode())])
    package(tmp_path, "paquet")
    Structure.objects.all().delete()
    imported(files_from_path(tmp_path / "paquet"))
    service = Service.objects.get(name="Accueil des victimes de violences conjugales")
    assert service.thematiques == ["aide-aux-victimes--violences-conjugales", "famille--garde-denfants"]
    assert service.zone_eligibilite == ["R84", "01053"]
    assert service.channels == [{"kind": "sms", "value": "114", "label": "SMS d'urgence"}]
    assert (service.phone, service.email, service.frais_precisions) == (
        "+33474000001",
        "victimes@example.org",
        "Adhésion de 5 €.",
    )
    assert str(service.verified_at.date()) == "2026-02-03"
    shelter = Service.objects.get(name="Mise à l'abri")
    assert shelter.address_confidential and shelter.address == "" and shelter.commune.code == "01004"
    line = Service.objects.get(kind="helpline")
    assert line.always_open and line.structure.structure_type == "ligne-nationale"
    imported_here = Service.objects.get(source="dora")
    assert (imported_here.source_id, imported_here.structure.source_id) == ("d-1-a", "d-1")
    structure = Structure.objects.get(siret="12345678900017")
    assert structure.reseaux_porteurs == ["france-victimes"] and structure.opening_hours.endswith("PH off")


FOREIGN = {
    "organizations.csv": "id,name,description,email,website\n"
    "o1,Centre social fictif,Centre social du quartier.,contact@centre.example.org,https://centre.example.org\n",
    "services.csv": "id,organization_id,name,description,url,email,status,fees_description,eligibility_description\n"
    "sv1,o1,Aide aux démarches,Aide aux démarches administratives en ligne.,https://centre.example.org/aide,,"
    "active,Gratuit pour les habitants,Habitants du quartier\n",
    "locations.csv": "id,location_type,organization_id,name,latitude,longitude\n"
    "l1,physical,o1,Centre social fictif,46.2052,5.2256\n",
    "addresses.csv": "id,location_id,address_1,city,postal_code,country,address_type\n"
    "a1,l1,3 rue du Centre,Bourg-en-Bresse,01000,FR,physical\n",
    "service_at_location.csv": "id,service_id,location_id\nsl1,sv1,l1\n",
    "accessibility.csv": "id,location_id,description,url\n"
    "ac1,l1,Fiche acceslibre,https://acceslibre.beta.gouv.fr/app/01-bourg-en-bresse/a/centre-social/erp/centre-fictif/\n",
    "phones.csv": "id,service_id,organization_id,number,type,description\n"
    "p1,,o1,04 74 00 00 02,voice,\n"
    "p2,sv1,,04 74 00 00 03,voice,\n"
    "p3,sv1,,06 00 00 00 04,text,Par SMS\n",
    "schedules.csv": "id,service_id,freq,byday,opens_at,closes_at\n"
    'h1,sv1,WEEKLY,"MO,TU",09:00:00,12:00:00\n'
    'h2,sv1,WEEKLY,"MO,TU",14:00:00,17:00:00\n'
    "h3,sv1,WEEKLY,FR,09:00,12:00\n",
}


def test_a_package_from_elsewhere_is_read_from_its_tables(tmp_path):
    archive = tmp_path / "paquet.zip"
    with zipfile.ZipFile(archive, "w") as output:
        for name, text in FOREIGN.items():
            output.writestr(f"export/{name}", text)
    imported(files_from_path(archive), source="centre-social")
    structure = Structure.objects.get()
    assert (structure.source, structure.source_id, structure.website) == (
        "centre-social",
        "o1",
        "https://centre.example.org",
    )
    assert (structure.phone, structure.commune.code, structure.address) == ("+33474000002", "01053", "3 rue du Centre")
    service = Service.objects.get()
    assert service.opening_hours == "Mo,Tu 09:00-12:00,14:00-17:00; Fr 09:00-12:00"
    assert (service.phone, service.channels) == (
        "+33474000003",
        [{"kind": "sms", "value": "+33600000004", "label": "Par SMS"}],
    )
    assert (service.frais_precisions, service.conditions_acces) == (
        "Gratuit pour les habitants",
        "Habitants du quartier",
    )
    assert (service.latitude, service.longitude, service.zone_eligibilite) == (46.2052, 5.2256, ["01053"])
    # The service's own site and its place's acceslibre page.
    assert service.website == "https://centre.example.org/aide"
    assert service.accessibility_url.startswith("https://acceslibre.beta.gouv.fr/app/01-bourg-en-bresse/")
    assert structure.accessibility_url == service.accessibility_url


def test_an_error_in_a_related_table_names_its_file_and_line(tmp_path):
    files = dict(FOREIGN)
    files["phones.csv"] += "p4,sv1,,pas un numéro,voice,\n"
    files["services.csv"] += "sv2,o9,Service orphelin,Un service sans organisation.,,,active,,\n"
    report = import_directory([NamedFile(name, text.encode()) for name, text in files.items()])
    assert not report.ok and Structure.objects.count() == 0
    messages = [str(error) for error in report.errors]
    assert (
        "services.csv, ligne 2, colonne « number (phones.csv, lignes 4, 5) » : « pas un numéro » n'est pas un "
        "numéro de téléphone." in messages
    ), messages
    assert "services.csv, ligne 3, colonne « organization_id » : structure inconnue dans ce fichier." in messages


def test_the_import_limits_apply_to_every_table_of_a_package(monkeypatch):
    monkeypatch.setattr(limits, "MAX_ROWS", 2)
    report = import_directory([NamedFile(name, text.encode()) for name, text in FOREIGN.items()])
    assert [str(error) for error in report.errors] == [
        "phones.csv, ligne 4 : plus de 2 lignes : fichier refusé.",
        "schedules.csv, ligne 4 : plus de 2 lignes : fichier refusé.",
    ]
