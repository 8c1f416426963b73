"""data·inclusion API v1's routes and parameters on ours: lists and their filters, reads by source and id, the
reference lists, unknown parameters refused with the accepted ones."""

import pytest

from allervers.directory.enums import ListingStatus
from tests.factories import ServiceFactory, StructureFactory, commune

pytestmark = pytest.mark.django_db

API = "/api/v1"
BOURG = "01053"
LYON = "69123"


def names(response):
    assert response.status_code == 200, response.content
    return sorted(item["nom"] for item in response.json()["items"])


@pytest.mark.parametrize(
    ("path", "accepted"),
    [
        ("/search/services", "sources, code_commune, lat, lon, thematiques"),
        ("/services", "code_region, slug_region, code_departement, slug_departement, sources"),
        ("/structures", "sources, reseaux_porteurs, code_commune, exclure_doublons, page, size"),
        ("/doc/thematiques", "aucun"),
        ("/sources", "aucun"),
        ("/export/datainclusion", "aucun"),
        ("/communes", "q, limit"),
    ],
)
def test_an_unknown_parameter_is_refused_with_the_accepted_ones(client, path, accepted):
    response = client.get(f"{API}{path}", {"code_insee": BOURG, "departement": "01"})
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert detail.startswith("Paramètres inconnus : « code_insee », « departement ». Paramètres acceptés ici : ")
    assert accepted in detail


def test_a_read_takes_no_parameter(client):
    service = ServiceFactory()
    response = client.get(f"{API}/services/{service.pk}", {"extra": "true"})
    assert response.status_code == 400
    assert response.json()["detail"] == "Paramètre inconnu : « extra ». Paramètres acceptés ici : aucun."


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"lat": "46.2"}, "« lat » et « lon » vont ensemble"),
        ({"lat": "46.2", "lon": "5.2"}, "donnez aussi « code_commune »"),
        ({"code_commune": BOURG, "lat": "91", "lon": "5.2"}, "« lat » doit être au plus 90."),
        ({"code_commune": BOURG, "lat": "nan", "lon": "5.2"}, "« lat » n'a pas une valeur acceptée."),
        ({"types": "inconnu"}, "Code inconnu pour « types » : « inconnu »."),
        ({"score_qualite_minimum": "beaucoup"}, "« score_qualite_minimum » n'a pas une valeur acceptée."),
        ({"exclure_doublons": "peut-être"}, "« exclure_doublons » n'a pas une valeur acceptée."),
    ],
)
def test_the_search_refuses_what_it_cannot_honour_in_french(client, params, expected):
    response = client.get(f"{API}/search/services", params)
    assert response.status_code == 400
    assert expected in response.json()["detail"]


def test_the_service_list_filters_as_data_inclusion_does(client):
    ServiceFactory(name="Bourg", service_type="accompagnement", publics=["femmes"], frais="gratuit")
    ServiceFactory(name="Lyon", commune=commune(LYON), publics=["tous-publics"], frais="payant")
    ServiceFactory(
        name="Importé", source="dora", source_id="x", publics=["seniors"], publics_precisions="Plus de 60 ans"
    )
    ServiceFactory(name="Victimes", thematiques=["aide-aux-victimes--violences-conjugales"], publics=["victimes"])
    ServiceFactory(name="Brouillon", status=ListingStatus.DRAFT)
    url = f"{API}/services"
    assert names(client.get(url)) == ["Bourg", "Importé", "Lyon", "Victimes"]
    assert names(client.get(url, {"sources": "dora"})) == ["Importé"]
    assert names(client.get(url, {"types": "accompagnement"})) == ["Bourg"]
    assert names(client.get(url, {"frais": "payant"})) == ["Lyon"]
    # A service for everyone serves every public; a data·inclusion public finds our extension's published as it.
    assert names(client.get(url, {"publics": "femmes"})) == ["Bourg", "Lyon"]
    assert names(client.get(url, {"publics": "personnes-en-situation-juridique-specifique"})) == ["Lyon", "Victimes"]
    assert names(client.get(url, {"thematiques": "famille--surmonter-conflits-separation-violence"})) == ["Victimes"]
    assert names(client.get(url, {"thematiques": "famille"})) == ["Victimes"]
    assert names(client.get(url, {"code_departement": "69"})) == ["Lyon"]
    assert names(client.get(url, {"slug_departement": "rhone"})) == ["Lyon"]
    assert names(client.get(url, {"code_region": "84", "code_commune": LYON})) == ["Lyon"]
    assert names(client.get(url, {"slug_region": "auvergne-rhone-alpes", "sources": "allervers,dora"})) == [
        "Bourg",
        "Importé",
        "Lyon",
        "Victimes",
    ]
    assert names(client.get(url, {"recherche_public": "victime"})) == ["Victimes"]
    assert names(client.get(url, {"recherche_public": "Séniors"})) == ["Importé"]
    assert names(client.get(url, {"recherche_public": "plus de 60"})) == ["Importé"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"slug_departement": "atlantide"}, "Nom inconnu pour « slug_departement » : « atlantide »"),
        ({"code_departement": "00"}, "Code inconnu pour « code_departement » : « 00 »"),
        ({"code_region": "84", "slug_region": "bretagne"}, "se contredisent : donnez l'un ou l'autre."),
        ({"thematiques": "inconnue"}, "Code inconnu pour « thematiques » : « inconnue »."),
    ],
)
def test_the_service_list_refuses_an_unknown_territory_or_code(client, params, expected):
    response = client.get(f"{API}/services", params)
    assert response.status_code == 400
    assert expected in response.json()["detail"]


def test_the_pages_of_a_list_end_with_an_empty_page(client):
    for number in range(3):
        ServiceFactory(name=f"Service {number}")
    url = f"{API}/services"
    assert client.get(url, {"size": 2, "page": 2}).json() | {"items": []} == {
        "items": [],
        "total": 3,
        "page": 2,
        "size": 1,
        "pages": 2,
    }
    assert client.get(url, {"size": 2, "page": 3}).json() == {"items": [], "total": 3, "page": 3, "size": 0, "pages": 2}
    assert client.get(url, {"sources": "aucune"}).json() == {"items": [], "total": 0, "page": 1, "size": 0, "pages": 0}


def test_a_service_is_read_by_source_and_id_by_its_datainclusion_id_and_by_our_key(client):
    mine = ServiceFactory(name="D'ici")
    imported = ServiceFactory(name="D'ailleurs", source="dora", source_id="abc--def")
    for path in [
        f"/services/allervers/{mine.pk}",
        f"/services/allervers/allervers--{mine.pk}",
        f"/services/allervers--{mine.pk}",
        f"/services/{mine.pk}",
    ]:
        body = client.get(f"{API}{path}").json()
        assert (body["nom"], body["id"], body["structure"]["nom"]) == (
            "D'ici",
            f"allervers--{mine.pk}",
            mine.structure.name,
        )
    for path in ["/services/dora/abc--def", "/services/dora--abc--def", f"/services/{imported.pk}"]:
        assert client.get(f"{API}{path}").json()["id"] == "dora--abc--def"
    # Our key is the identifier only of a listing made here.
    assert client.get(f"{API}/services/dora/{imported.pk}").status_code == 404
    assert client.get(f"{API}/services/allervers/abc--def").status_code == 404


def test_a_structure_is_read_with_its_services_and_its_duplicates(client):
    structure = StructureFactory(name="Association", siret="12345678900017", reseaux_porteurs=["france-victimes"])
    ServiceFactory(structure=structure, name="Accueil")
    ServiceFactory(structure=structure, name="Brouillon", status=ListingStatus.DRAFT)
    StructureFactory(name="Même SIRET ailleurs", source="dora", source_id="s-1", siret="12345678900017")
    StructureFactory(name="Même SIRET ici", siret="12345678900017")  # one source: not a duplicate
    body = client.get(f"{API}/structures/allervers/{structure.pk}").json()
    assert body["id"] == f"allervers--{structure.pk}"
    assert [service["nom"] for service in body["services"]] == ["Accueil"]
    assert [other["id"] for other in body["doublons"]] == ["dora--s-1"]
    assert 0 < body["score_qualite"] <= 1
    assert client.get(f"{API}/structures/dora--s-1").json()["doublons"][0]["id"] == f"allervers--{structure.pk}"


def test_the_structure_list_filters_networks_sources_and_duplicates(client):
    best = StructureFactory(name="Complète", siret="12345678900017", reseaux_porteurs=["france-victimes"])
    ServiceFactory(structure=best, description="Une description assez longue. " * 10, phone="+33474000000")
    StructureFactory(name="Doublon importé", source="dora", source_id="s-1", siret="12345678900017")
    StructureFactory(name="Seule", source="dora", source_id="s-2")
    url = f"{API}/structures"
    # france-victimes is published as points-justice: a filter on the latter finds it.
    assert names(client.get(url, {"reseaux_porteurs": "points-justice"})) == ["Complète"]
    assert names(client.get(url, {"reseaux_porteurs": "france-victimes"})) == ["Complète"]
    assert names(client.get(url, {"sources": "dora"})) == ["Doublon importé", "Seule"]
    assert names(client.get(url, {"exclure_doublons": "true"})) == ["Complète", "Seule"]
    listed = {item["nom"]: item for item in client.get(url).json()["items"]}
    assert listed["Complète"]["doublons"] == [{"source": "dora", "id": "dora--s-1"}]
    assert listed["Seule"]["doublons"] == [] and listed["Seule"]["score_qualite"] == 0


def test_the_search_leaves_out_outranked_duplicates_when_asked(client):
    best = StructureFactory(name="Complète", siret="12345678900017")
    ServiceFactory(structure=best, name="Bon", description="Une description assez longue. " * 10, phone="+33474000000")
    weaker = StructureFactory(name="Moins complète", source="dora", source_id="s-1", siret="12345678900017")
    ServiceFactory(structure=weaker, name="Moins bon", source="dora", source_id="x", description="Court.")
    url = f"{API}/search/services"
    found = client.get(url, {"code_commune": BOURG}).json()["items"]
    assert sorted(item["service"]["nom"] for item in found) == ["Bon", "Moins bon"]
    kept = client.get(url, {"code_commune": BOURG, "exclure_doublons": "true"}).json()["items"]
    assert [item["service"]["nom"] for item in kept] == ["Bon"]


def test_the_reference_lists_are_data_inclusions_then_our_extension(client):
    thematiques = client.get(f"{API}/doc/thematiques").json()
    values = [item["value"] for item in thematiques]
    assert values[0] == "choisir-un-metier--confirmer-son-choix-de-metier"
    conjugales = next(item for item in thematiques if item["value"] == "aide-aux-victimes--violences-conjugales")
    assert conjugales == {
        "value": "aide-aux-victimes--violences-conjugales",
        "label": "Violences conjugales",
        "description": "Extension Aller-vers (aide aux victimes), publié comme "
        "« famille--surmonter-conflits-separation-violence ».",
    }
    assert values.index("aide-aux-victimes--violences-conjugales") > values.index("famille--garde-denfants")
    assert [item["value"] for item in client.get(f"{API}/doc/frais").json()] == ["gratuit", "payant"]
    assert [item["value"] for item in client.get(f"{API}/doc/personnes-mobilisatrices").json()] == [
        "professionnels",
        "usagers",
    ]
    gendarmerie = next(
        item for item in client.get(f"{API}/doc/reseaux-porteurs").json() if item["value"] == "gendarmerie-nationale"
    )
    assert gendarmerie["description"] == "Extension Aller-vers (aide aux victimes), sans équivalent data·inclusion."


def test_the_sources_are_ours_then_those_imported(client):
    ServiceFactory()
    ServiceFactory(source="dora", source_id="x")
    StructureFactory(source="brouillon", source_id="y", status=ListingStatus.DRAFT)
    assert client.get(f"{API}/sources").json() == [
        {
            "slug": "allervers",
            "nom": "Aller-vers",
            "description": "Fiches saisies et tenues à jour sur Aller-vers par les structures et la coordination.",
        },
        {"slug": "dora", "nom": "dora", "description": "Fiches importées de la source « dora »."},
    ]
