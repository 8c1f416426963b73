import csv
import io
import json
from io import StringIO

import pytest
from data_inclusion.schema import v1 as di
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from allervers.directory.enums import ListingStatus
from allervers.directory.models import Service, ServiceTerm, Structure
from tests.factories import ServiceFactory, StructureFactory, commune
from tests.hsds_validation import read_tables

pytestmark = pytest.mark.django_db

SHELTER_STREET = "12 rue Confidentielle"


@pytest.fixture
def directory():
    structure = StructureFactory(
        name="Association fictive Bêta",
        siret="12345678901234",
        phone="+33474000000",
        phone_pro="+33474999999",
        email_pro="pro@exemple.fr",
        address="1 rue Publique",
        postal_code="01000",
        reseaux_porteurs=["france-victimes"],
        opening_hours="Mo-Fr 09:00-12:00,14:00-17:00; PH off",
    )
    ServiceFactory(
        structure=structure,
        name="Accueil des victimes",
        thematiques=["aide-aux-victimes--violences-conjugales", "famille--garde-denfants"],
        publics=["victimes", "temoins"],
        zone_eligibilite=["R84", "01053"],
        phone="+33474000001",
        phone_pro="+33474888888",
        opening_hours="Mo,We 09:00-12:00",
        channels=[{"kind": "sms", "value": "114", "label": "SMS d'urgence"}],
    )
    ServiceFactory(
        structure=structure,
        name="Mise à l'abri",
        thematiques=["aide-aux-victimes--mise-a-l-abri"],
        address=SHELTER_STREET,
        address_confidential=True,
        commune=commune("01004"),
        zone_eligibilite=["01"],
        opening_hours="week 01-53 Mo 10:00-11:00",
    )
    ServiceFactory(structure=structure, name="Brouillon caché", status=ListingStatus.DRAFT)
    return structure


def export(fmt, *args, output=None):
    out = StringIO()
    extra = ["--output", str(output)] if output else []
    call_command("export-directory", "--format", fmt, *extra, *args, stdout=out, stderr=StringIO())
    return out.getvalue()


# --- data·inclusion ------------------------------------------------------------------------------------


def test_the_datainclusion_export_validates_against_the_official_models(directory):
    data = json.loads(export("datainclusion"))
    for structure in data["structures"]:
        di.Structure.model_validate(structure, context={"ignore_warnings": False})
    for service in data["services"]:
        di.Service.model_validate(service, context={"ignore_warnings": False})
    assert {s["nom"] for s in data["services"]} == {"Accueil des victimes", "Mise à l'abri"}
    accueil = next(s for s in data["services"] if s["nom"] == "Accueil des victimes")
    assert accueil["thematiques"] == ["famille--surmonter-conflits-separation-violence", "famille--garde-denfants"]
    assert accueil["publics"] == ["personnes-en-situation-juridique-specifique"]
    assert "R84" not in accueil["zone_eligibilite"] and {"01", "38", "69", "01053"} <= set(accueil["zone_eligibilite"])
    assert accueil["zone_eligibilite_detaillee"] == ["R84", "01053"]


def test_a_bare_category_is_left_out_of_the_exported_thematiques(directory):
    ServiceFactory(
        structure=directory,
        name="Aide générale",
        thematiques=["aide-aux-victimes", "famille", "sante--acces-aux-soins"],
    )
    data = json.loads(export("datainclusion"))
    service = next(s for s in data["services"] if s["nom"] == "Aide générale")
    di.Service.model_validate(service, context={"ignore_warnings": False})
    assert service["thematiques"] == ["sante--acces-aux-soins"]


def test_the_public_datainclusion_export_hides_private_contacts_and_confidential_addresses(directory):
    text = export("datainclusion")
    assert "+33474999999" not in text and "+33474888888" not in text and "pro@exemple.fr" not in text
    assert SHELTER_STREET not in text and "Brouillon caché" not in text
    shelter = next(s for s in json.loads(text)["services"] if s["nom"] == "Mise à l'abri")
    assert shelter["latitude"] is None and shelter["commune"] == "Ambérieu-en-Bugey"


def test_private_data_and_drafts_leave_only_when_asked(directory):
    text = export("datainclusion", "--include-private", "--all")
    assert "+33474888888" in text and SHELTER_STREET in text and "Brouillon caché" in text


# --- round trips ---------------------------------------------------------------------------------------

FIELDS = [
    "name",
    "description",
    "commune_id",
    "address",
    "postal_code",
    "latitude",
    "longitude",
    "address_confidential",
    "phone",
    "email",
    "opening_hours",
    "status",
]
SERVICE_FIELDS = FIELDS + [
    "kind",
    "thematiques",
    "publics",
    "modes_accueil",
    "frais",
    "zone_eligibilite",
    "channels",
    "always_open",
    "on_site",
]


def snapshot():
    structures = sorted(Structure.objects.values(*FIELDS, "siret", "reseaux_porteurs"), key=lambda s: s["name"])
    services = sorted(Service.objects.values(*SERVICE_FIELDS, "structure__name"), key=lambda s: s["name"])
    days = sorted(str(timezone.localdate(s.verified_at)) for s in Service.objects.all())
    return structures, services, days, ServiceTerm.objects.count()


@pytest.mark.parametrize("fmt,name", [("datainclusion", "annuaire.json"), ("csv", "annuaire.csv")])
def test_export_then_import_into_an_empty_directory_gives_the_same_listings(directory, tmp_path, fmt, name):
    Structure.objects.filter(pk=directory.pk).update(address_confidential=False)
    Service.objects.filter(status=ListingStatus.DRAFT).delete()
    Service.objects.filter(address_confidential=True).update(address_confidential=False)
    for service in Service.objects.all():
        # An import fills a missing postal code from the commune: start from complete listings.
        service.postal_code = service.commune.postal_codes[0] if service.commune else ""
        service.save()
    before = snapshot()
    export(fmt, output=tmp_path / name)
    Structure.objects.all().delete()
    call_command("import-directory", str(tmp_path / name), stdout=StringIO(), stderr=StringIO())
    after = snapshot()
    for old, new in zip(before[1], after[1], strict=True):
        assert {k: v for k, v in old.items() if new[k] != v} == {}, new
    assert after == before
    output = StringIO()
    call_command("import-directory", str(tmp_path / name), stdout=output, stderr=StringIO())
    assert "Services : 0 créé(s), 0 mis à jour, 2 inchangé(s)" in output.getvalue()


def test_the_flat_csv_uses_the_template_columns_without_private_ones(directory):
    text = export("csv")
    header = text.splitlines()[0].split(";")
    assert "structure_nom" in header and "service_telephone_pro" not in header
    assert "+33474888888" not in text and SHELTER_STREET not in text
    assert "service_telephone_pro" in export("csv", "--include-private").splitlines()[0]


# --- formula injection ---------------------------------------------------------------------------------

FORMULAS = ["=1+2", "+SUM(A1)", "@cmd"]
PHONE = "+33 4 74 00 00 00"


@pytest.fixture
def joined(client):
    """Three structures asked to join from the public page under names a spreadsheet would run; one has a phone."""
    for name in FORMULAS:
        data = {
            "name": name,
            "structure_type": "association",
            "commune_text": "01300 Belley",
            "description": "Écoute et accompagnement des victimes.",
            "email": "contact@example.org",
            "website": "",
        }
        assert (
            client.post(reverse("backoffice:join"), data, headers={"Sec-Fetch-Site": "same-origin"}).status_code == 200
        )
    structure = Structure.objects.get(name="=1+2")
    structure.phone = PHONE
    structure.save()
    ServiceFactory(structure=structure, name="-2+3", description="=cmd|' /C calc'!A0", phone=PHONE)
    return structure


def test_the_flat_csv_neutralises_formulas_and_keeps_phone_numbers(joined):
    rows = list(csv.DictReader(io.StringIO(export("csv", "--all")), delimiter=";"))
    assert {row["structure_nom"] for row in rows} == {f"'{name}" for name in FORMULAS}
    row = next(row for row in rows if row["service_nom"])
    assert (row["service_nom"], row["service_description"]) == ("'-2+3", "'=cmd|' /C calc'!A0")
    assert row["structure_telephone"] == PHONE and row["service_telephone"] == PHONE


def test_the_hsds_tables_neutralise_formulas_and_keep_phone_numbers(joined, tmp_path):
    export("hsds", "--all", output=tmp_path / "hsds.zip")
    _, tables = read_tables(tmp_path / "hsds.zip")
    assert {row["name"] for row in tables["organization"]} == {f"'{name}" for name in FORMULAS}
    assert {row["name"] for row in tables["location"]} == {f"'{name}" for name in FORMULAS} | {"'-2+3"}
    assert [(row["name"], row["description"]) for row in tables["service"]] == [("'-2+3", "'=cmd|' /C calc'!A0")]
    assert {row["number"] for row in tables["phone"]} == {PHONE}
    for rows in tables.values():
        for cell in (cell for row in rows for cell in row.values()):
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")) or cell == PHONE


def test_a_flat_csv_export_with_neutralised_cells_imports_back_as_written(joined, tmp_path):
    export("csv", "--all", output=tmp_path / "annuaire.csv")
    Structure.objects.all().delete()
    call_command("import-directory", str(tmp_path / "annuaire.csv"), stdout=StringIO(), stderr=StringIO())
    assert set(Structure.objects.values_list("name", flat=True)) == set(FORMULAS)
    service = Service.objects.get()
    assert (service.name, service.description) == ("-2+3", "=cmd|' /C calc'!A0")
