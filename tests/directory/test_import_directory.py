import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from allervers.directory.enums import ListingStatus, ServiceKind
from allervers.directory.imports import NamedFile, import_directory
from allervers.directory.models import Service, ServiceTerm, Structure
from tests.factories import StructureFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "structure_id;structure_nom;structure_siret;structure_commune;structure_code_postal;structure_telephone;"
    "service_id;service_nom;service_description;thematiques;publics;modes_accueil;zone_eligibilite;frais;"
    "service_date_maj\n"
)


def template(tmp_path, *rows, name="annuaire.csv"):
    path = tmp_path / name
    path.write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


def row(structure="s1", service="s1-accueil", commune="Bourg-en-Bresse", name="Accueil des victimes", **over):
    values = {
        "structure_id": structure,
        "structure_nom": "Association fictive Alpha",
        "structure_siret": "",
        "structure_commune": commune,
        "structure_code_postal": "01000",
        "structure_telephone": "04 74 00 00 00",
        "service_id": service,
        "service_nom": name,
        "service_description": "Écoute et orientation.",
        "thematiques": "Violences conjugales, aide-aux-victimes--depot-de-plainte",
        "publics": "victimes",
        "modes_accueil": "en-presentiel",
        "zone_eligibilite": "commune",
        "frais": "gratuit",
        "service_date_maj": "2026-01-15",
        **over,
    }
    return ";".join(values.values())


def run(path, *args):
    out = StringIO()
    call_command("import-directory", str(path), *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_it_imports_a_coordinator_template_with_labels_and_zone_tokens(tmp_path):
    output = run(template(tmp_path, row(), row(service="s1-juridique", name="Permanence juridique")))
    assert "Structures : 1 créé(s), 0 mis à jour, 0 inchangé(s)" in output
    assert "Services : 2 créé(s)" in output
    service = Service.objects.get(source_id="s1-accueil")
    assert service.thematiques == ["aide-aux-victimes--violences-conjugales", "aide-aux-victimes--depot-de-plainte"]
    assert service.commune.name == "Bourg-en-Bresse" and service.zone_eligibilite == ["01053"]
    assert service.status == ListingStatus.PUBLISHED and service.on_site
    assert timezone.localdate(service.verified_at).isoformat() == "2026-01-15"
    assert service.structure.phone == "+33474000000"
    assert ServiceTerm.objects.filter(service=service, kind="zone", code="01053").exists()


def test_the_draft_option_creates_unpublished_listings(tmp_path):
    run(template(tmp_path, row()), "--draft")
    assert Service.objects.get().status == ListingStatus.DRAFT


def test_one_broken_row_writes_nothing_and_names_line_column_and_reason_in_french(tmp_path):
    path = template(
        tmp_path,
        row(),
        row(structure="s2", service="s2-a", commune="Commune-Qui-N-Existe-Pas"),
        row(structure="s3", service="s3-a", thematiques="inconnue"),
    )
    with pytest.raises(CommandError) as raised:
        run(path)
    message = str(raised.value)
    assert "rien n'a été écrit" in message
    assert "annuaire.csv, ligne 3, colonne « structure_commune » : Aucune commune ne s'appelle" in message
    assert "ligne 4, colonne « thematiques » : Valeur(s) inconnue(s) pour les thématiques : inconnue" in message
    assert Structure.objects.count() == 0 and Service.objects.count() == 0


def test_importing_the_same_file_twice_changes_nothing(tmp_path):
    path = template(tmp_path, row(), row(service="s1-juridique", name="Permanence juridique"))
    run(path)
    before = list(Service.objects.values_list("pk", "updated_at"))
    output = run(path)
    assert "Structures : 0 créé(s), 0 mis à jour, 1 inchangé(s)" in output
    assert "Services : 0 créé(s), 0 mis à jour, 2 inchangé(s)" in output
    assert list(Service.objects.values_list("pk", "updated_at")) == before


def test_a_changed_file_updates_in_place(tmp_path):
    run(template(tmp_path, row()))
    pk = Service.objects.get().pk
    output = run(template(tmp_path, row(service_description="Nouvelle description du service.")))
    assert "Services : 0 créé(s), 1 mis à jour, 0 inchangé(s)" in output
    service = Service.objects.get()
    assert service.pk == pk and service.description == "Nouvelle description du service."
    assert "nouvel" in service.search_text


def test_without_ids_identity_falls_back_to_name_commune_and_phone(tmp_path):
    run(template(tmp_path, row(structure="", service="")))
    output = run(template(tmp_path, row(structure="", service="", service_description="Autre description.")))
    assert "Structures : 0 créé(s), 0 mis à jour, 1 inchangé(s)" in output
    assert "Services : 0 créé(s), 1 mis à jour" in output
    assert Structure.objects.count() == 1 and Service.objects.count() == 1


def test_a_siret_identifies_a_structure_without_id(tmp_path):
    run(template(tmp_path, row(structure="", structure_siret="12345678901234")))
    renamed = row(structure="", structure_siret="12345678901234", structure_nom="Association fictive renommée")
    output = run(template(tmp_path, renamed))
    assert "Structures : 0 créé(s), 1 mis à jour" in output
    assert Structure.objects.get().name == "Association fictive renommée"
    assert "renomm" in Service.objects.get().search_text


def test_the_dry_run_validates_and_counts_but_writes_nothing(tmp_path):
    output = run(template(tmp_path, row()), "--dry-run")
    assert "Simulation" in output and "Services : 1 créé(s)" in output
    assert Service.objects.count() == 0


def test_likely_duplicates_in_other_sources_are_reported(tmp_path):
    other = StructureFactory(name="ASSOCIATION FICTIVE ALPHA", source="autre-annuaire", phone="+33474000000")
    output = run(template(tmp_path, row()))
    assert "Doublons probables avec d'autres sources : 1" in output
    assert f"fiche n° {other.pk}" in output and "même nom et même commune, même téléphone" in output
    assert Structure.objects.count() == 2


def test_it_imports_datainclusion_json_and_explains_schema_errors_in_french(tmp_path):
    structure = {
        "source": "dora",
        "id": "dora--1",
        "nom": "Centre social fictif",
        "date_maj": "2026-02-01",
        "code_insee": "01053",
        "siret": "123",
        "courriel": "pas-un-courriel",
    }
    service = {
        "source": "dora",
        "id": "dora--1--a",
        "structure_id": "dora--1",
        "nom": "Écoute",
        "description": "Un service.",
        "date_maj": "2026-02-01",
        "thematiques": ["famille--garde-denfants"],
        "zone_eligibilite": ["01"],
    }
    path = tmp_path / "di.json"
    path.write_text(json.dumps({"structures": [structure], "services": [service]}), encoding="utf-8")
    with pytest.raises(CommandError) as raised:
        run(path)
    message = str(raised.value)
    assert "di.json (structures), élément 1, colonne « siret » : un SIRET compte 14 chiffres." in message
    assert "colonne « courriel » : adresse électronique invalide." in message
    structure.pop("courriel")
    structure["siret"] = "12345678901234"
    path.write_text(json.dumps({"structures": [structure], "services": [service]}), encoding="utf-8")
    run(path)
    imported = Service.objects.get()
    assert (imported.source, imported.source_id, imported.zone_eligibilite) == ("dora", "dora--1--a", ["01"])
    assert imported.structure.commune.code == "01053"


def test_it_reads_datainclusion_csv_files_from_a_folder(tmp_path):
    (tmp_path / "structures.csv").write_text(
        "source,id,nom,date_maj,commune,code_postal\ndora,s1,Structure fictive,2026-01-01,Oyonnax,01100\n",
        encoding="utf-8",
    )
    (tmp_path / "services.csv").write_text(
        "source,id,structure_id,nom,description,date_maj,thematiques,modes_accueil,zone_eligibilite\n"
        'dora,v1,s1,Accueil,Un accueil.,2026-01-01,"[""famille--garde-denfants""]",{en-presentiel},"01283, 01"\n',
        encoding="utf-8",
    )
    run(tmp_path)
    service = Service.objects.get()
    assert service.thematiques == ["famille--garde-denfants"] and service.modes_accueil == ["en-presentiel"]
    assert service.zone_eligibilite == ["01283", "01"] and service.commune.name == "Oyonnax"


def test_an_xlsx_template_is_read_like_the_csv(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.strip().split(";"))
    cells = row().split(";")
    cells[4] = 1000  # Excel turned the postal code into a number
    sheet.append(cells)
    path = tmp_path / "annuaire.xlsx"
    workbook.save(path)
    run(path)
    assert Service.objects.get().structure.postal_code == "01000"


def test_the_import_function_takes_uploaded_bytes_and_returns_the_report():
    content = (HEADER + row(commune="Nulle-Part-Fictif") + "\n").encode()
    report = import_directory([NamedFile("televerse.csv", content)])
    assert not report.ok and report.errors[0].where.line == 2
    assert report.summary_lines()[0] == "Import refusé : 1 erreur(s), rien n'a été écrit."


def test_a_helpline_without_commune_is_national(tmp_path):
    path = template(tmp_path, row(commune="", zone_eligibilite="", modes_accueil="a-distance"))
    path.write_text(path.read_text().replace("Bourg-en-Bresse;01000", "Bourg-en-Bresse;01000"), encoding="utf-8")
    text = (
        HEADER.replace("service_date_maj", "service_date_maj;service_nature")
        + row(zone_eligibilite="", modes_accueil="a-distance")
        + ";helpline\n"
    )
    path.write_text(text, encoding="utf-8")
    run(path)
    service = Service.objects.get()
    assert service.kind == ServiceKind.HELPLINE and service.zone_eligibilite == ["france"]


def test_the_shipped_blank_template_matches_the_documented_columns(tmp_path):
    from pathlib import Path

    from openpyxl import load_workbook

    from allervers.directory.imports.template import COLUMN_NAMES, template_csv

    shipped = Path(__file__).resolve().parents[2] / "allervers" / "directory" / "templates_files"
    assert (shipped / "modele-annuaire.csv").read_text(encoding="utf-8") == template_csv()
    workbook = load_workbook(shipped / "modele-annuaire.xlsx", read_only=True)
    try:
        assert [cell.value for cell in next(workbook.worksheets[0].iter_rows())] == COLUMN_NAMES
    finally:
        workbook.close()  # a read-only workbook keeps its file open until closed
    call_command("import-directory", "--write-template", str(tmp_path), stdout=StringIO())
    assert (tmp_path / "modele-annuaire.csv").read_text(encoding="utf-8") == template_csv()
