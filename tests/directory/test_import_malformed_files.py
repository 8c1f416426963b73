"""Every hostile or broken file of the hardening issue ends in the French report, with its place, and writes
nothing: through the command and through the coordinator's upload page, never a traceback nor a 500."""

import html
import io
import tracemalloc
from functools import cache
from io import StringIO

import openpyxl
import openpyxl.xml
import pytest
from defusedxml import EntitiesForbidden
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from allervers.directory.imports import NamedFile, import_directory, limits
from allervers.directory.imports.readers import read_dataset
from allervers.directory.models import ListingChange, Service, Structure
from tests.directory import import_files as files
from tests.factories import coordinator, with_second_factor

pytestmark = pytest.mark.django_db

URL = reverse("backoffice:import")
SHEET_DTD = "« xl/worksheets/sheet1.xml » déclare une DTD (entités XML) : aucun tableur n'en écrit"

# File name (see import_files.MALFORMED), the place the report gives, its column, and the start of its reason.
CASES = [
    ("octet-0x81.csv", "ligne 3", "", "le fichier n'est ni en UTF-8 ni en Windows-1252 (octet 0x81 illisible)"),
    ("cellule-trop-longue.csv", "ligne 2", "", "une cellule dépasse 131072 caractères"),
    ("guillemet-ouvert.csv", "ligne 3", "", "une cellule dépasse 131072 caractères : un guillemet n'est sans doute"),
    ("imbrication.json", "ligne 1", "", "des listes ou objets JSON sont imbriqués trop profondément"),
    ("nombre-5001-chiffres.json", "ligne 1", "", "un nombre a plus de 100 chiffres"),
    ("publics-5.json", "(services), élément 1", "publics", "une liste de textes est attendue"),
    ("milliard-de-rires.xlsx", "ligne 1", "", SHEET_DTD),
    ("entite-externe.xlsx", "ligne 1", "", SHEET_DTD),
    ("octet-nul.csv", "ligne 2", "service_description", "caractère invisible interdit (U+0000)"),
    ("bombe.zip", "ligne 1", "", "« annuaire.csv » ferait 420 Mo une fois décompressé : 160 Mo au plus par fichier"),
    ("bombe-ratio.zip", "ligne 1", "", "« annuaire.csv » passerait de "),  # then its sizes (as zlib deflates)
    ("en-tetes-menteurs.zip", "ligne 1", "", "« annuaire.csv » est illisible dans l'archive"),
    ("trop-de-fichiers.zip", "ligne 1", "", "l'archive contient 5000 fichiers : 1000 au plus"),
    ("bzip2.zip", "ligne 1", "", "« annuaire.csv » utilise une méthode de compression non acceptée"),
    ("bombe.xlsx", "ligne 1", "", "« xl/worksheets/sheet1.xml » ferait 286 Mo une fois décompressé"),
]
IDS = [case[0] for case in CASES]


@cache
def content(name):
    """Each file is built once for the module: the bombs take a second or two to deflate."""
    return files.MALFORMED[name]()


def nothing_written():
    return not Structure.objects.exists() and not Service.objects.exists() and not ListingChange.objects.exists()


def expected_line(name, place, column, reason):
    where = f"{name} {place}" if place.startswith("(") else f"{name}, {place}"
    return f"{where}, colonne « {column} » : {reason}" if column else f"{where} : {reason}"


@pytest.mark.parametrize(("name", "place", "column", "reason"), CASES, ids=IDS)
def test_the_command_refuses_it_with_the_french_report(tmp_path, name, place, column, reason):
    path = tmp_path / name
    path.write_bytes(content(name))
    # How long and how much memory each refusal takes is measured by scripts/measure_import_bombs.py, not here.
    with pytest.raises(CommandError) as refused:
        call_command("import-directory", str(path), stdout=StringIO(), stderr=StringIO())
    message = str(refused.value)
    assert message.startswith("Import refusé : ") and "rien n'a été écrit" in message
    assert expected_line(name, place, column, reason) in message
    assert nothing_written()


@pytest.mark.parametrize(("name", "place", "column", "reason"), CASES, ids=IDS)
def test_the_upload_page_shows_the_report(client, name, place, column, reason):
    with_second_factor(client, coordinator(zone_codes=["01"]))
    upload = SimpleUploadedFile(name, content(name), content_type="application/octet-stream")
    response = client.post(URL, {"file": upload, "importer": "1"})
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "Import refusé" in page and "rien n'a été écrit" in page
    where = f"{name} {place}" if place.startswith("(") else f"{name}, {place}"
    assert f"<td>{where}</td><td>{column}</td><td>{reason}" in page
    assert nothing_written()


def test_a_nul_byte_is_refused_by_the_dry_run_too():
    report = import_directory([NamedFile("octet-nul.csv", files.nul_csv())], dry_run=True)
    assert [str(error) for error in report.errors] == [
        "octet-nul.csv, ligne 2, colonne « service_description » : caractère invisible interdit (U+0000) : "
        "retirez-le de la valeur."
    ]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("canaux.csv", '[{"kind": "phone", "value": "04 74\\u0000", "label": ""}]'),
        ("liste.csv", '["victimes\\u001b"]'),
    ],
)
def test_an_escaped_control_character_inside_a_json_cell_is_refused(name, text):
    column = "canaux" if name == "canaux.csv" else "publics"
    header = files.HEADER.replace("\n", f";{column}\n")
    cell = '"' + text.replace('"', '""') + '"'
    report = import_directory(
        [NamedFile(name, files.template_csv(files.ROW.replace("\n", f";{cell}\n"), header=header))]
    )
    assert any(error.column == column and "caractère invisible interdit" in error.message for error in report.errors)


def test_a_lone_surrogate_in_json_is_refused_with_its_element():
    data = files.publics_not_a_list_json().replace(b'"publics": 5', b'"publics": ["victimes"], "nom": "A\\ud800b"')
    report = import_directory([NamedFile("annuaire.json", data)], dry_run=True)
    assert "annuaire.json (services), élément 1, colonne « nom » : caractère invisible interdit (U+D800)" in str(
        report.errors[0]
    )


def test_the_zip_bomb_is_refused_on_its_headers_before_anything_is_inflated():
    bomb = content("bombe.zip")
    tracemalloc.start()
    try:
        dataset = read_dataset([NamedFile("bombe.zip", bomb)])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "ferait 420 Mo une fois décompressé" in dataset.errors[0].message
    assert peak < 2 * limits.MIB


def test_the_xlsx_bomb_is_refused_before_openpyxl_opens_it():
    bomb = content("bombe.xlsx")
    tracemalloc.start()
    try:
        dataset = read_dataset([NamedFile("bombe.xlsx", bomb)])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "ferait 286 Mo une fois décompressé" in dataset.errors[0].message
    assert peak < 2 * limits.MIB


def test_a_member_that_inflates_too_much_is_refused_on_its_ratio():
    report = import_directory([NamedFile("bombe-ratio.zip", content("bombe-ratio.zip"))], dry_run=True)
    assert str(report.errors[0]).endswith(
        "à 40 Mo une fois décompressé, plus de 100 fois sa taille : archive refusée par sécurité."
    )


def test_a_member_bigger_than_its_header_says_is_never_inflated_past_it():
    lying = files.lying_zip(50 * files.CHUNK, declared=100)
    tracemalloc.start()
    try:
        report = import_directory([NamedFile("en-tetes-menteurs.zip", lying)], dry_run=True)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "« annuaire.csv » est illisible dans l'archive" in str(report.errors[0])
    assert peak < 5 * limits.MIB


def test_openpyxl_parses_sheets_with_defusedxml_which_refuses_entities():
    """The readers refuse a DTD themselves; openpyxl is the second wall, not the only one."""
    assert openpyxl.xml.DEFUSEDXML
    with pytest.raises(ValueError, match="Unable to read workbook") as refused:
        openpyxl.load_workbook(io.BytesIO(files.billion_laughs_xlsx()), read_only=True)
    assert isinstance(refused.value.__cause__, EntitiesForbidden)


def test_a_valid_zip_and_a_valid_workbook_still_import(tmp_path):
    good_zip = tmp_path / "annuaire.zip"
    good_zip.write_bytes(files.zip_of({"annuaire.csv": files.template_csv(files.ROW), "__MACOSX/._annuaire.csv": b"x"}))
    output = StringIO()
    call_command("import-directory", str(good_zip), "--dry-run", stdout=output, stderr=StringIO())
    assert "Services : 1 créé(s)" in output.getvalue()
    assert nothing_written()


def test_impossible_coordinates_are_an_error_of_their_column():
    header = files.HEADER.replace("\n", ";structure_latitude;structure_longitude\n")
    row = files.ROW.replace("\n", ";1e308;5.2\n")
    report = import_directory([NamedFile("annuaire.csv", files.template_csv(row, header=header))], dry_run=True)
    assert [(error.column, error.message) for error in report.errors] == [
        ("structure_latitude", "latitude impossible : 1e308 (entre -90 et 90 degrés).")
    ]


def test_a_table_past_the_row_limit_is_refused_at_the_first_line_too_many(monkeypatch):
    monkeypatch.setattr(limits, "MAX_ROWS", 2)
    rows = [files.ROW.replace("s1", f"s{number}") for number in range(1, 5)]
    report = import_directory([NamedFile("annuaire.csv", files.template_csv(*rows))], dry_run=True)
    assert "annuaire.csv, ligne 4 : plus de 2 lignes : fichier refusé." in [str(error) for error in report.errors]
    workbook = openpyxl.Workbook()
    for row in [files.HEADER, *rows]:
        workbook.active.append(row.strip().split(";"))
    output = io.BytesIO()
    workbook.save(output)
    report = import_directory([NamedFile("annuaire.xlsx", output.getvalue())], dry_run=True)
    assert "annuaire.xlsx, ligne 4 : plus de 2 lignes : refusé." in [str(error) for error in report.errors]


def test_a_json_list_past_the_row_limit_is_refused(monkeypatch):
    monkeypatch.setattr(limits, "MAX_ROWS", 2)
    data = b'{"structures": [{}, {}, {}]}'
    report = import_directory([NamedFile("annuaire.json", data)], dry_run=True)
    assert [str(error) for error in report.errors] == [
        "annuaire.json, ligne 1 : plus de 2 éléments dans « structures »."
    ]


def test_a_file_past_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 100)
    path = tmp_path / "annuaire.csv"
    path.write_bytes(files.template_csv(files.ROW))
    with pytest.raises(CommandError, match=r"annuaire.csv dépasse 1 Ko : fichier refusé."):
        call_command("import-directory", str(path), stdout=StringIO(), stderr=StringIO())


def test_a_path_that_is_not_a_regular_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="/dev/zero n'est pas un fichier ordinaire."):
        call_command("import-directory", "/dev/zero", stdout=StringIO(), stderr=StringIO())


def test_an_unexpected_reader_failure_is_a_french_error_and_is_logged(monkeypatch, caplog):
    """The last resort for a bug of the readers: the person importing gets the report, the team the traceback."""
    from allervers.directory.imports import tables

    def broken(file, errors):
        raise KeyError("bug")

    monkeypatch.setattr(tables, "csv_rows", broken)
    report = import_directory([NamedFile("annuaire.csv", files.template_csv(files.ROW))], dry_run=True)
    assert report.errors[0].message.startswith("le fichier n'a pas pu être lu (erreur inattendue")
    assert "Unexpected failure while reading an import file" in caplog.text
    assert "KeyError: 'bug'" in caplog.text


def test_an_archive_announcing_a_huge_directory_is_refused_before_zipfile_reads_it():
    """zipfile builds one object per entry of the central directory: its declared size is checked first."""
    archive = bytearray(files.zip_of({"annuaire.csv": files.template_csv(files.ROW)}))
    end = archive.rfind(b"PK\x05\x06")
    archive[end + 12 : end + 16] = (50 * limits.MIB).to_bytes(4, "little")
    report = import_directory([NamedFile("annuaire.zip", bytes(archive))], dry_run=True)
    assert [str(error) for error in report.errors] == [
        "annuaire.zip, ligne 1 : l'archive contient trop de fichiers : 1000 au plus."
    ]


def test_the_cell_limit_holds_even_when_a_library_raised_the_csv_module_s(tmp_path):
    import csv

    csv.field_size_limit(2**31 - 2)  # what frictionless does when the HSDS tests import it
    path = tmp_path / "cellule-trop-longue.csv"
    path.write_bytes(content("cellule-trop-longue.csv"))
    with pytest.raises(CommandError) as refused:
        call_command("import-directory", str(path), stdout=StringIO(), stderr=StringIO())
    assert "une cellule dépasse 131072 caractères" in str(refused.value)
    assert nothing_written()
