"""The HSDS 3.0 exports, checked against the official schemas of openreferral/specification (3.0 branch)."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from allervers.directory.demo import DEMO_FILE, load_demo
from allervers.directory.enums import ListingStatus
from allervers.directory.exports import schedules
from allervers.directory.exports.hsds import datapackage, export_hsds, export_hsds_json
from allervers.directory.exports.hsds_ids import entity_id, entity_pk
from allervers.directory.exports.hsds_schema import TABLES, columns, file_name, official_datapackage
from allervers.directory.exports.hsds_taxonomies import term_rows
from tests.factories import ServiceFactory, StructureFactory, commune
from tests.hsds_validation import (
    compiled_validator,
    errors,
    frictionless_errors,
    lay_into_official_package,
    read_tables,
)

pytestmark = pytest.mark.django_db

SHELTER_STREET = "12 rue Confidentielle"


@pytest.fixture
def directory():
    """Listings of every shape: on site with an address, a shelter, a remote service, a helpline, a draft."""
    structure = StructureFactory(
        name="Association fictive Bêta",
        siret="12345678901234",
        phone="+33474000000",
        phone_pro="+33474999999",
        email_pro="pro@exemple.fr",
        website="https://beta.example.org",
        address="1 rue Publique",
        postal_code="01000",
        accessibility_url="https://acceslibre.beta.gouv.fr/app/01-bourg-en-bresse/a/association/erp/beta/",
        reseaux_porteurs=["france-victimes"],
        structure_type="association-aide-victimes",
        opening_hours="Mo-Fr 09:00-12:00,14:00-17:00; PH off",
    )
    ServiceFactory(
        structure=structure,
        name="Accueil des victimes",
        source="dora",
        source_id="dora-accueil-1",
        website="https://beta.example.org/accueil",
        address="1 rue Publique",
        postal_code="01000",
        thematiques=["aide-aux-victimes--violences-conjugales", "famille--garde-denfants"],
        publics=["victimes", "temoins"],
        publics_precisions="Victimes majeures.",
        conditions_acces="Sur rendez-vous.",
        zone_eligibilite=["R84", "01053"],
        phone="+33474000001",
        phone_pro="+33474888888",
        opening_hours="Mo,We 09:00-12:00",
        languages=["fr", "ar"],
        mobilisable_par=["usagers", "professionnels"],
        channels=[
            {"kind": "sms", "value": "114", "label": "SMS d'urgence"},
            {"kind": "web", "value": "https://beta.example.org/contact", "label": "Formulaire"},
        ],
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
    ServiceFactory(structure=structure, name="Écoute à distance", remote=True)
    ServiceFactory(helpline=True, name="Ligne d'écoute fictive", channels=[{"kind": "phone", "value": "3919"}])
    ServiceFactory(structure=structure, name="Brouillon caché", status=ListingStatus.DRAFT)
    return structure


def export(fmt, *args, output=None):
    out = StringIO()
    extra = ["--output", str(output)] if output else []
    call_command("export-directory", "--format", fmt, *extra, *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def assert_valid_in_official_package(export_path, tmp_path):
    descriptor = lay_into_official_package(export_path, tmp_path / "official")
    assert frictionless_errors(descriptor) == []


# --- the tabular data package ----------------------------------------------------------------------------


def test_the_export_laid_into_the_official_data_package_is_valid(directory, tmp_path):
    export("hsds", output=tmp_path / "hsds.zip")
    assert_valid_in_official_package(tmp_path / "hsds.zip", tmp_path)


def test_the_private_export_of_every_listing_is_valid_too(directory, tmp_path):
    export("hsds", "--all", "--include-private", output=tmp_path / "out")
    assert_valid_in_official_package(tmp_path / "out", tmp_path)


def test_the_shipped_ain_demo_exports_as_a_valid_package(tmp_path):
    load_demo(DEMO_FILE)
    export("hsds", output=tmp_path / "demo")
    assert_valid_in_official_package(tmp_path / "demo", tmp_path)
    _, tables = read_tables(tmp_path / "demo")
    assert len(tables["service"]) > 20 and tables["schedule"] and tables["service_at_location"]


def test_our_descriptor_validates_as_is_and_repeats_the_official_resources(directory, tmp_path):
    export("hsds", output=tmp_path / "out")
    assert frictionless_errors(tmp_path / "out" / "datapackage.json") == []
    package, tables = read_tables(tmp_path / "out")
    assert package["resources"] == official_datapackage()["resources"]
    assert package["licenses"][0]["name"] == "etalab-2.0"
    assert [resource["name"] for resource in official_datapackage()["resources"]] == TABLES


def test_every_table_of_the_standard_is_written_under_its_name_with_its_columns(directory, tmp_path):
    export("hsds", output=tmp_path / "out")
    files = {path.name for path in (tmp_path / "out").iterdir()}
    assert files == {file_name(name) for name in TABLES} | {"datapackage.json"}
    assert "addresses.csv" in files and "addresss.csv" not in files
    for name in TABLES:
        header = (tmp_path / "out" / file_name(name)).read_text().splitlines()[0]
        assert header.split(",") == columns(name), name


def test_hours_are_weekly_slots_with_seconds_and_unconvertible_ones_are_kept_as_text(directory, tmp_path):
    export("hsds", output=tmp_path / "out")
    _, tables = read_tables(tmp_path / "out")
    weekly = [(row["byday"], row["opens_at"], row["closes_at"]) for row in tables["schedule"] if row["freq"]]
    assert ("MO,TU,WE,TH,FR", "14:00:00", "17:00:00") in weekly and ("MO,WE", "09:00:00", "12:00:00") in weekly
    assert ("MO,TU,WE,TH,FR,SA,SU", "00:00:00", "23:59:59") in weekly  # the helpline, open 24/7
    assert any("week 01-53 Mo 10:00-11:00" in row["description"] and not row["freq"] for row in tables["schedule"])


def test_osm_hours_that_hsds_cannot_say_are_not_converted():
    assert schedules.convert("Sa-Mo 10:00-12:00")[0].byday == "SA,SU,MO"
    assert schedules.convert("Mo-Fr 09:00-12:00; Jan off") is None
    assert schedules.convert("Mo-Fr 20:00-24:00") is None
    assert schedules.convert("24/7")[0].opens_at == "00:00:00"


def test_the_public_export_hides_private_data_and_drafts(directory, tmp_path):
    export("hsds", output=tmp_path / "out")
    text = "".join(path.read_text() for path in (tmp_path / "out").iterdir())
    assert "+33474888888" not in text and "+33474999999" not in text and "pro@exemple.fr" not in text
    assert SHELTER_STREET not in text and "Brouillon caché" not in text
    _, tables = read_tables(tmp_path / "out")
    shelter = next(row for row in tables["location"] if row["name"] == "Mise à l'abri")
    assert shelter["latitude"] == "" and "Ambérieu-en-Bugey" in shelter["description"]
    assert not [row for row in tables["address"] if row["location_id"] == shelter["id"]]


def test_private_data_and_drafts_leave_only_when_asked(directory, tmp_path):
    export("hsds", "--all", "--include-private", output=tmp_path / "out")
    _, tables = read_tables(tmp_path / "out")
    assert {"+33474888888", "+33474999999"} <= {row["number"] for row in tables["phone"]}
    assert {row["email"] for row in tables["contact"]} == {"pro@exemple.fr"}
    assert SHELTER_STREET in {row["address_1"] for row in tables["address"]}
    assert "inactive" in {row["status"] for row in tables["service"]}


def test_our_fields_go_where_the_standard_puts_them(directory, tmp_path):
    export("hsds", output=tmp_path / "out")
    _, tables = read_tables(tmp_path / "out")
    accueil = next(row for row in tables["service"] if row["name"] == "Accueil des victimes")
    assert accueil["organization_id"] == entity_id("organization", directory.pk)
    assert accueil["status"] == "active" and accueil["fees_description"] == "Gratuit"
    assert "Victimes majeures." in accueil["eligibility_description"]
    assert {(row["code"], row["name"]) for row in tables["language"]} == {("fr", "français"), ("ar", "arabe")}
    assert {row["name"] for row in tables["service_area"]} >= {"Auvergne-Rhône-Alpes", "Bourg-en-Bresse", "Ain"}
    assert {(row["identifier_type"], row["identifier"]) for row in tables["organization_identifier"]} == {
        ("SIRET", "12345678901234")
    }
    address = next(row for row in tables["address"] if row["address_1"] == "1 rue Publique")
    assert (address["postal_code"], address["country"], address["state_province"]) == ("01000", "FR", "Ain")
    assert tables["accessibility"][0]["url"].startswith("https://acceslibre.beta.gouv.fr/")
    assert {row["type"] for row in tables["phone"] if row["number"] == "114"} == {"text"}


def test_our_taxonomies_and_extension_fields_are_attributes(directory, tmp_path):
    export("hsds", output=tmp_path / "out")
    _, tables = read_tables(tmp_path / "out")
    terms = {row["id"]: row for row in tables["taxonomy_term"]}
    by_code = {row["code"]: row for row in tables["taxonomy_term"]}
    accueil = next(row for row in tables["service"] if row["name"] == "Accueil des victimes")
    attributes = [row for row in tables["attribute"] if row["link_id"] == accueil["id"]]
    coded = {(terms[row["taxonomy_term_id"]]["code"], row["value"]) for row in attributes}
    assert {("aide-aux-victimes--violences-conjugales", ""), ("victimes", ""), ("gratuit", "")} <= coded
    assert {("mobilisable-par", "usagers"), ("conditions-acces", "Sur rendez-vous.")} <= coded
    assert ("canal-web", "https://beta.example.org/contact") in coded
    assert {
        ("site-web", "https://beta.example.org/accueil"),
        ("source", "dora"),
        ("identifiant-source", "dora-accueil-1"),
    } <= coded
    victimes = by_code["victimes"]
    assert victimes["taxonomy"].startswith("Aller-vers")
    assert "personnes-en-situation-juridique-specifique" in victimes["description"]
    assert by_code["gratuit"]["taxonomy"] == "data·inclusion v1"
    assert by_code["aide-aux-victimes--violences-conjugales"]["parent_id"] == by_code["aide-aux-victimes"]["id"]
    organization = [row for row in tables["attribute"] if row["link_entity"] == "organization"]
    assert {(terms[row["taxonomy_term_id"]]["code"], row["value"]) for row in organization} >= {
        ("france-victimes", ""),
        ("type-structure", "association-aide-victimes"),
    }


def test_term_codes_are_unique_over_every_taxonomy_as_the_data_package_wants():
    codes = [row["code"] for row in term_rows()]
    assert len(codes) == len(set(codes))


def test_the_hsds_export_needs_an_output():
    with pytest.raises(CommandError, match="indiquez --output"):
        export("hsds")


# --- the JSON form ---------------------------------------------------------------------------------------


def test_every_service_of_the_json_form_validates_against_the_compiled_service_schema(directory):
    services = json.loads(export("hsds-json"))
    check = compiled_validator("service")
    for service in services:
        assert errors(check, service) == [], service["name"]
    accueil = next(service for service in services if service["name"] == "Accueil des victimes")
    place = accueil["service_at_locations"][0]
    assert place["location"]["addresses"][0]["address_1"] == "1 rue Publique"
    assert accueil["organization"]["name"] == "Association fictive Bêta"
    assert {attribute["taxonomy_term"]["code"] for attribute in accueil["attributes"]} >= {"victimes", "temoins"}
    assert accueil["attributes"][0]["taxonomy_term"]["taxonomy_detail"]["name"]
    assert accueil["funding"] == [] and accueil["cost_options"] == []


def test_the_json_form_hides_what_the_public_export_hides(directory):
    text = export("hsds-json")
    assert SHELTER_STREET not in text and "+33474888888" not in text and "Brouillon caché" not in text


def test_the_json_form_of_the_demo_validates(tmp_path):
    load_demo(DEMO_FILE)
    check = compiled_validator("service")
    services = export_hsds_json()
    assert len(services) == len(export_hsds()["service"])
    for service in services:
        assert errors(check, service) == [], service["name"]


# --- identifiers -----------------------------------------------------------------------------------------


def test_identifiers_are_uuids_that_give_back_our_key_for_their_kind_only():
    identifier = entity_id("service", 42)
    assert entity_pk("service", identifier) == 42
    assert entity_pk("service", identifier.upper()) == 42
    assert entity_pk("organization", identifier) is None
    assert entity_pk("service", "42") is None and entity_pk("service", "") is None
    assert entity_id("service", 42) != entity_id("organization", 42)


def test_two_exports_of_the_same_data_give_the_same_identifiers(directory):
    first, second = export_hsds(), export_hsds()
    for name in TABLES:
        assert [row["id"] for row in first[name]] == [row["id"] for row in second[name]], name
    assert datapackage()["resources"] == official_datapackage()["resources"]


def test_the_official_check_refuses_what_the_standard_does_not_say(directory, tmp_path):
    """The check bites: hours without seconds, as the export wrote them before, are type errors."""
    export("hsds", output=tmp_path / "out")
    schedule = tmp_path / "out" / "schedules.csv"
    schedule.write_text(schedule.read_text().replace("09:00:00", "09:00"))
    descriptor = lay_into_official_package(tmp_path / "out", tmp_path / "official")
    assert any("type-error" in error and "09:00" in error for error in frictionless_errors(descriptor))
