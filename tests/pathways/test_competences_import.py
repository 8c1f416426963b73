from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from allervers.pathways.competences import CompetenceImportError, import_competences
from allervers.pathways.models import CompetenceArea
from tests.factories import ServiceFactory, commune

pytestmark = pytest.mark.django_db


@pytest.fixture
def units():
    return (
        ServiceFactory(source="essai", source_id="brigade-a", name="Brigade A"),
        ServiceFactory(source="essai", source_id="brigade-b", name="Brigade B"),
    )


def test_it_imports_communes_epci_and_departments(units):
    oyonnax = commune("01283")
    text = (
        "competence;territoire;unite;source\n"
        "forces-de-l-ordre;01283;essai:brigade-a;https://exemple.gouv.fr\n"
        f"forces-de-l-ordre;{oyonnax.epci_id};essai:brigade-b;\n"
        f"crip;01;{units[0].pk};\n"
        "forces-de-l-ordre;Nantua (01130);essai:brigade-b;\n"
    )
    report = import_competences(text)
    assert report.rows == 4
    assert report.kinds == {"forces-de-l-ordre": 3, "crip": 1}
    assert set(CompetenceArea.objects.values_list("zone_code", flat=True)) == {"01283", oyonnax.epci_id, "01", "01269"}


def test_one_bad_line_and_nothing_is_written_with_every_error_in_french(units):
    import_competences("competence,territoire,unite\ncrip,01,essai:brigade-a\n")
    text = (
        "competence,territoire,unite\n"
        "crip,01,essai:brigade-b\n"
        "brigade,01283,essai:brigade-a\n"
        "crip,Commune-qui-n-existe-pas,essai:brigade-a\n"
        "crip,01283,essai:inconnue\n"
    )
    with pytest.raises(CompetenceImportError) as caught:
        import_competences(text)
    errors = caught.value.errors
    assert errors[0].startswith("ligne 3 : compétence inconnue « brigade »")
    assert errors[1].startswith("ligne 4 :")
    assert errors[2] == "ligne 5 : unité introuvable dans l'annuaire : « essai:inconnue »"
    # The previous table is untouched.
    assert list(CompetenceArea.objects.values_list("service__source_id", flat=True)) == ["brigade-a"]


def test_a_file_replaces_the_table_of_the_competences_it_contains_and_re_running_changes_nothing(units):
    import_competences("competence,territoire,unite\ncrip,01,essai:brigade-a\nparquet,01,essai:brigade-a\n")
    text = "competence,territoire,unite\ncrip,01,essai:brigade-b\n"
    import_competences(text)
    import_competences(text)
    rows = sorted(CompetenceArea.objects.values_list("kind", "service__source_id"))
    assert rows == [("crip", "brigade-b"), ("parquet", "brigade-a")]


def test_missing_columns_are_reported():
    with pytest.raises(CompetenceImportError) as caught:
        import_competences("code,unite\n01,essai:x\n")
    assert "colonnes manquantes : competence, territoire" in caught.value.errors[0]


def test_the_command_prints_counts_and_refuses_a_bad_file(units, tmp_path):
    good = tmp_path / "bon.csv"
    good.write_text("competence,territoire,unite\ncrip,01,essai:brigade-a\n", encoding="utf-8")
    bad = tmp_path / "mauvais.csv"
    bad.write_text("competence,territoire,unite\ncrip,01,essai:nulle-part\n", encoding="utf-8")
    out = StringIO()
    call_command("import-competences", str(good), stdout=out)
    assert "1 lignes importées (crip : 1)" in out.getvalue()
    with pytest.raises(CommandError, match="rien n'a été écrit"):
        call_command("import-competences", str(bad))
