"""A client written for data·inclusion's API v1 (DORA's way, les-emplois' way) uses ours by its base URL alone,
and gets what data·inclusion's would give: its pages, its identifiers, every field of its schema, values found in
its reference lists."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from data_inclusion.schema import v1 as di
from django.test import override_settings

from allervers.directory.models import Service
from tests.api.datainclusion_clients import (
    TOKEN,
    DoraStyleClient,
    EmploisStyleClient,
    every_item,
    session_for,
)
from tests.api.test_schemathesis import InTransactionWSGI
from tests.factories import ServiceFactory, StructureFactory, commune

pytestmark = pytest.mark.django_db

SITE = "http://annuaire.example.org"
BOURG = "01053"
BELLEY = "01034"  # 60 km from Bourg-en-Bresse
CONJUGALES = "aide-aux-victimes--violences-conjugales"
# The fields data·inclusion's API adds to its schema's.
API_SERVICE_FIELDS = {"adresse_certifiee", "score_qualite"}
API_STRUCTURE_FIELDS = {"adresse_certifiee", "score_qualite", "doublons"}


@pytest.fixture
def directory(db: None) -> Iterator[dict[str, Service]]:
    association = StructureFactory(name="Association fictive", siret="12345678900017", phone="+33474000000")
    listings = {
        "conjugales": ServiceFactory(
            structure=association,
            name="Accueil des victimes de violences conjugales",
            description="Accueil, écoute et accompagnement des victimes de violences conjugales, sur rendez-vous.",
            thematiques=[CONJUGALES],
            publics=["victimes", "femmes"],
            zone_eligibilite=["01"],
            modes_mobilisation=["telephoner"],
            mobilisable_par=["usagers", "professionnels"],
            phone="+33474000001",
            service_type="accompagnement",
        ),
        "loin": ServiceFactory(structure=association, name="Permanence à Belley", commune=commune(BELLEY)),
        "ligne": ServiceFactory(
            helpline=True, name="Ligne d'écoute fictive", channels=[{"kind": "sms", "value": "114"}]
        ),
    }
    listings["loin"].zone_eligibilite = ["01"]
    listings["loin"].save()
    imported = StructureFactory(
        name="Association fictive (DORA)", source="dora", source_id="s-1", siret="12345678900017"
    )
    listings["dora"] = ServiceFactory(
        structure=imported, name="Permanence importée", source="dora", source_id="abc", zone_eligibilite=["01"]
    )
    with override_settings(ALLERVERS_API_RATE="1000000/m", ALLOWED_HOSTS=["annuaire.example.org"]):
        yield listings


@pytest.fixture
def dora() -> DoraStyleClient:
    return DoraStyleClient(f"{SITE}/api/v1", TOKEN, session_for(InTransactionWSGI(), SITE))


@pytest.fixture
def emplois() -> EmploisStyleClient:
    return EmploisStyleClient(SITE, TOKEN, session_for(InTransactionWSGI(), SITE))


def assert_a_datainclusion_service(item: dict) -> None:
    assert set(di.Service.model_fields) | API_SERVICE_FIELDS <= set(item)
    di.Service.model_validate(item)
    assert 0 <= item["score_qualite"] <= 1


def assert_a_datainclusion_structure(item: dict, api_fields: set[str]) -> None:
    assert set(di.Structure.model_fields) | api_fields <= set(item)
    di.Structure.model_validate(item)


def test_dora_searches_pages_until_empty_and_reads_each_result_by_source_and_id(directory, dora):
    results = dora.search_services(code_commune=BOURG, thematiques=["famille--surmonter-conflits-separation-violence"])
    names = [result["service"]["nom"] for result in results]
    # The data·inclusion theme finds the service tagged with our extension theme published as it; the helpline
    # is not of that theme.
    assert names == ["Accueil des victimes de violences conjugales"]
    everything = dora.search_services(code_commune=BOURG)
    by_name = {result["service"]["nom"]: result for result in everything}
    # In person farther than 50 km: left out, as data·inclusion does; the helpline, at a distance, stays. DORA
    # asks for no duplicates: the imported structure of the same SIRET, less complete, is left out.
    assert set(by_name) == {"Accueil des victimes de violences conjugales", "Ligne d'écoute fictive"}
    assert by_name["Ligne d'écoute fictive"]["distance"] is None
    assert by_name["Accueil des victimes de violences conjugales"]["distance"] == 0  # kilometres, as theirs
    for result in everything:
        service = result["service"]
        assert_a_datainclusion_service(service)
        assert_a_datainclusion_structure(service["structure"], {"adresse_certifiee"})
        assert dora.retrieve_service(service["source"], service["id"]) == service
    imported = dora.retrieve_service("dora", "abc")
    assert imported["id"] == "dora--abc" and imported["nom"] == "Permanence importée"
    assert dora.retrieve_service("dora", "dora--abc") == imported
    assert dora.retrieve_service("dora", "inconnu") is None


def test_without_excluding_duplicates_the_imported_listing_is_found(directory, emplois):
    names = [service["nom"] for service in emplois.search_services(code_commune=BOURG)]
    assert "Permanence importée" in names


def test_dora_searches_from_a_point_of_the_commune(directory, dora):
    belley = commune(BELLEY)
    results = dora.search_services(code_commune=BOURG, lat=belley.latitude, lon=belley.longitude)
    assert results[0]["service"]["nom"] == "Permanence à Belley"
    assert results[0]["distance"] == 0


def test_dora_lists_every_published_service_once(directory, dora):
    listed = dora.list_services()
    assert sorted(item["nom"] for item in listed) == sorted(service.name for service in directory.values())
    for item in listed:
        assert_a_datainclusion_service(item)
        assert "structure" not in item  # the list's items are data·inclusion's Service, without their structure


def test_les_emplois_reads_every_page_of_services_and_structures_and_finds_the_structure_of_each_service(
    directory, emplois
):
    services = list(every_item(emplois.services, page_size=2))
    structures = list(every_item(emplois.structures, page_size=2))
    assert len(services) == emplois.services(size=1).total == 4
    assert len({item["id"] for item in services}) == 4
    structure_ids = {item["id"] for item in structures}
    assert {item["structure_id"] for item in services} <= structure_ids
    for item in structures:
        assert_a_datainclusion_structure(item, API_STRUCTURE_FIELDS)
    association = next(item for item in structures if item["id"].startswith("allervers--") and item["siret"])
    # The same SIRET under another source: data·inclusion's duplicates.
    assert association["doublons"] == [{"source": "dora", "id": "dora--s-1"}]


def test_les_emplois_finds_every_code_of_a_service_in_the_reference_lists(directory, emplois):
    references = {
        field: {value["value"] for value in emplois.doc(kind)}
        for field, kind in [
            ("frais", "frais"),
            ("modes_accueil", "modes-accueil"),
            ("modes_mobilisation", "modes-mobilisation"),
            ("mobilisable_par", "personnes-mobilisatrices"),
            ("publics", "publics"),
            ("thematiques", "thematiques"),
            ("type", "types-services"),
        ]
    }
    assert {value.value for value in di.Thematique} <= references["thematiques"]
    for service in emplois.search_services(code_commune=BOURG, score_qualite_minimum=0.5):
        for field, known in references.items():
            value = service[field]
            values = value if isinstance(value, list) else [] if value is None else [value]
            assert set(values) <= known, (field, values)
    assert [source["slug"] for source in emplois.sources()] == ["allervers", "dora"]


def test_a_quality_threshold_is_applied_and_never_ignored(directory, emplois):
    scores = {service["nom"]: service["score_qualite"] for service in emplois.search_services(code_commune=BOURG)}
    threshold = sorted(scores.values())[-1]
    kept = emplois.search_services(code_commune=BOURG, score_qualite_minimum=threshold)
    assert {service["nom"] for service in kept} == {name for name, score in scores.items() if score >= threshold}
    assert len(kept) < len(scores)
