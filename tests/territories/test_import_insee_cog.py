import csv
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from allervers.territories.enums import CommuneKind
from allervers.territories.models import EPCI, Commune, Department, PostalCode
from allervers.territories.resolver import resolve_commune

pytestmark = pytest.mark.django_db

COMMUNE_HEADER = ["TYPECOM", "COM", "REG", "DEP", "CTCD", "ARR", "TNCC", "NCC", "NCCENR", "LIBELLE", "CAN"]
COMMUNE_HEADER.append("COMPARENT")
DORTAN, OYONNAX, VIRIAT = "01148", "01283", "01451"


def ain_rows():
    """The Ain's lines of v_commune_2025.csv, as INSEE writes them, rebuilt from the loaded reference."""
    rows = []
    communes = Commune.objects.filter(department_id="01").select_related("parent").order_by("code", "kind")
    for commune in communes:
        current = commune.kind == CommuneKind.COMMUNE
        rows.append(
            {
                "TYPECOM": commune.kind,
                "COM": commune.code,
                "REG": "84" if current else "",
                "DEP": "01" if current else "",
                "LIBELLE": commune.name,
                "COMPARENT": commune.parent.code if commune.parent else "",
            }
        )
    return rows


def write_csv(path, header, rows, delimiter=",", encoding="utf-8"):
    with path.open("w", newline="", encoding=encoding) as handle:
        writer = csv.DictWriter(handle, fieldnames=header, restval="", delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path


def merge_dortan_into_oyonnax(rows):
    """1 January: Oyonnax and Dortan form the commune nouvelle of Oyonnax-Dortan, seat in Oyonnax."""
    rows = [row for row in rows if row["COM"] != DORTAN]
    for row in rows:
        if row["COM"] == OYONNAX:
            row["LIBELLE"] = "Oyonnax-Dortan"
    rows.append({"TYPECOM": "COMD", "COM": OYONNAX, "LIBELLE": "Oyonnax", "COMPARENT": OYONNAX})
    rows.append({"TYPECOM": "COMD", "COM": DORTAN, "LIBELLE": "Dortan", "COMPARENT": OYONNAX})
    return rows


def import_cog(*args, **options):
    out = StringIO()
    call_command("import-insee-cog", *map(str, args), stdout=out, **options)
    return out.getvalue()


def test_importing_the_cog_the_reference_came_from_changes_nothing(tmp_path):
    rows = ain_rows()

    output = import_cog(write_csv(tmp_path / "v_commune_2025.csv", COMMUNE_HEADER, rows))

    assert len(rows) == 429
    assert "Communes : 0 créé(s), 0 modifié(s), 429 inchangé(s)" in output
    assert "absente(s) du fichier" not in output


def test_a_merged_commune_becomes_a_delegated_commune_of_the_commune_nouvelle(tmp_path):
    dortan = Commune.objects.get(code=DORTAN, kind=CommuneKind.COMMUNE)
    path = write_csv(tmp_path / "v_commune_2026.csv", COMMUNE_HEADER, merge_dortan_into_oyonnax(ain_rows()))

    output = import_cog(path)

    assert f"Commune {DORTAN} : type COM devenu COMD." in output
    assert "Communes : 1 créé(s), 2 modifié(s)" in output
    merged = Commune.objects.get(pk=dortan.pk)  # same row: services pointing to Dortan now reach Oyonnax-Dortan
    assert (merged.kind, merged.parent.name) == (CommuneKind.DELEGATED, "Oyonnax-Dortan")
    assert (merged.latitude, merged.longitude, merged.population) == (dortan.latitude, dortan.longitude, 1846)
    assert merged.covering_zone_codes()[:2] == [OYONNAX, DORTAN]


def test_after_a_merger_the_former_name_and_postal_code_resolve_to_the_commune_nouvelle(tmp_path):
    import_cog(write_csv(tmp_path / "v_commune_2026.csv", COMMUNE_HEADER, merge_dortan_into_oyonnax(ain_rows())))

    resolution = resolve_commune("01590 Dortan")

    assert resolution.commune.name == "Oyonnax-Dortan"
    assert resolution.note == "Dortan est une commune déléguée de Oyonnax-Dortan (01283)."
    holders = PostalCode.objects.filter(code="01590", commune__department="01").values_list("commune__name", flat=True)
    assert list(holders) == ["Oyonnax-Dortan"]


def test_a_new_delegated_commune_takes_the_point_of_its_commune(tmp_path):
    import_cog(write_csv(tmp_path / "v_commune_2026.csv", COMMUNE_HEADER, merge_dortan_into_oyonnax(ain_rows())))

    created = Commune.objects.get(code=OYONNAX, kind=CommuneKind.DELEGATED)
    commune = Commune.objects.get(code=OYONNAX, kind=CommuneKind.COMMUNE)
    assert (created.latitude, created.longitude) == (commune.latitude, commune.longitude)
    assert (created.department_id, created.epci_id) == ("01", commune.epci_id)


def test_a_second_import_of_the_same_files_changes_nothing(tmp_path):
    path = write_csv(tmp_path / "v_commune_2026.csv", COMMUNE_HEADER, merge_dortan_into_oyonnax(ain_rows()))
    import_cog(path)

    output = import_cog(path)

    assert "Communes : 0 créé(s), 0 modifié(s), 430 inchangé(s)" in output
    assert "Codes postaux : 0 créé(s), 0 modifié(s)" in output
    assert "devenu" not in output


def test_it_reports_a_commune_that_disappeared_and_keeps_it(tmp_path):
    rows = [row for row in ain_rows() if row["COM"] != VIRIAT]

    output = import_cog(write_csv(tmp_path / "v_commune_2026.csv", COMMUNE_HEADER, rows))

    assert "1 commune(s) absente(s) du fichier, conservée(s)" in output
    assert f"  {VIRIAT} Viriat (commune)" in output
    assert Commune.objects.filter(code=VIRIAT).exists()


def test_it_applies_department_region_and_epci_files(tmp_path):
    communes = write_csv(tmp_path / "v_commune_2026.csv", COMMUNE_HEADER, ain_rows())
    departments = write_csv(
        tmp_path / "v_departement_2026.csv",
        ["DEP", "REG", "CHEFLIEU", "TNCC", "NCC", "NCCENR", "LIBELLE"],
        [{"DEP": "01", "REG": "84", "LIBELLE": "Ain-et-Bugey"}],
    )
    regions = write_csv(
        tmp_path / "v_region_2026.csv",
        ["REG", "CHEFLIEU", "TNCC", "NCC", "NCCENR", "LIBELLE"],
        [{"REG": "84", "LIBELLE": "Auvergne-Rhône-Alpes"}],
    )
    epci = write_csv(
        tmp_path / "epci_2026.csv",
        ["CODGEO", "LIBGEO", "EPCI", "LIBEPCI", "NATURE_EPCI", "DEP", "REG"],
        [{"CODGEO": OYONNAX, "LIBGEO": "Oyonnax", "EPCI": "200099999", "LIBEPCI": "CC du Haut-Bugey Nord"}],
    )

    output = import_cog(communes, departements=departments, regions=regions, epci=epci)

    assert "Départements : 0 créé(s), 1 modifié(s)" in output
    assert "EPCI : 1 créé(s)" in output
    assert Department.objects.get(code="01").name == "Ain-et-Bugey"
    assert Commune.objects.get(code=OYONNAX, kind=CommuneKind.COMMUNE).epci.name == "CC du Haut-Bugey Nord"
    # Communes the EPCI file doesn't list keep theirs.
    assert Commune.objects.get(code=DORTAN).epci_id == "200042935"
    assert EPCI.objects.filter(siren="200042935").exists()


def test_it_reads_a_spreadsheet_export_with_semicolons_in_windows_1252(tmp_path):
    rows = ain_rows()
    path = write_csv(tmp_path / "v_commune_2026.csv", COMMUNE_HEADER, rows, delimiter=";", encoding="cp1252")

    output = import_cog(path)

    assert "Communes : 0 créé(s), 0 modifié(s), 429 inchangé(s)" in output


def test_a_dry_run_saves_nothing(tmp_path):
    path = write_csv(tmp_path / "v_commune_2026.csv", COMMUNE_HEADER, merge_dortan_into_oyonnax(ain_rows()))

    output = import_cog(path, dry_run=True)

    assert "Simulation terminée, rien n'a été enregistré" in output
    assert Commune.objects.get(code=DORTAN).kind == CommuneKind.COMMUNE
    assert Commune.objects.get(code=OYONNAX, kind=CommuneKind.COMMUNE).name == "Oyonnax"


def test_it_refuses_a_file_without_the_cog_columns(tmp_path):
    path = write_csv(tmp_path / "communes.csv", ["code", "nom"], [{"code": OYONNAX, "nom": "Oyonnax"}])

    with pytest.raises(CommandError, match="Colonnes manquantes dans communes.csv : TYPECOM, COM, REG, DEP"):
        import_cog(path)
