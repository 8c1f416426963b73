"""The search's filters that the data·inclusion API needs: a search point, the 50 km radius of on-site services,
service types, sources, excluded structures and a test run in Python. None of them changes the ranking."""

import pytest

from allervers.directory.search import SearchQuery, search_services
from tests.factories import ServiceFactory, StructureFactory, commune

pytestmark = pytest.mark.django_db

OYONNAX = "01283"
BOURG = "01053"
BELLEY = "01034"  # about 55 km from Oyonnax
NANTUA = "01269"


def names(result):
    return [hit.service.name for hit in result.hits]


def search(code=OYONNAX, **kwargs):
    return search_services(SearchQuery(commune=commune(code), **kwargs))


def test_a_radius_leaves_out_far_services_met_on_site_only_and_keeps_the_others():
    ServiceFactory(name="Oyonnax", commune=commune(OYONNAX), zone_eligibilite=["01"])
    ServiceFactory(name="Belley sur place", commune=commune(BELLEY), zone_eligibilite=["01"])
    ServiceFactory(
        name="Belley aussi à distance",
        commune=commune(BELLEY),
        zone_eligibilite=["01"],
        modes_accueil=["en-presentiel", "a-distance"],
    )
    ServiceFactory(name="Par téléphone", remote=True)
    everything = search()
    assert "Belley sur place" in names(everything)
    within = search(on_site_within_m=50_000)
    assert names(within) == ["Oyonnax", "Belley aussi à distance", "Par téléphone"]
    assert within.total == 3
    # The ranking is the same with or without the radius: the radius only leaves services out.
    assert [name for name in names(everything) if name in names(within)] == names(within)


def test_distances_are_measured_from_the_point_given():
    ServiceFactory(name="Oyonnax", commune=commune(OYONNAX), zone_eligibilite=["01"])
    ServiceFactory(name="Belley", commune=commune(BELLEY), zone_eligibilite=["01"])
    belley = commune(BELLEY)
    result = search(point=(belley.latitude, belley.longitude))
    assert names(result) == ["Belley", "Oyonnax"]
    assert result.hits[0].distance_m < 1_000
    assert result.hits[1].distance_m > 50_000


def test_it_filters_on_service_types_and_sources_near_a_commune_and_without_one():
    ServiceFactory(name="Accompagnement", service_type="accompagnement", zone_eligibilite=["01"])
    ServiceFactory(name="Information", service_type="information", zone_eligibilite=["01"])
    ServiceFactory(name="Importé", service_type="information", source="dora", zone_eligibilite=["01"])
    assert names(search(service_types=["information"])) == ["Importé", "Information"]
    assert names(search(service_types=["information"], sources=["allervers"])) == ["Information"]
    everywhere = search_services(SearchQuery(sources=["dora"]))
    assert names(everywhere) == ["Importé"] and everywhere.total == 1
    with_text = search_services(SearchQuery(q="accueil", sources=["dora"]))
    assert names(with_text) == ["Importé"] and with_text.total == 1


def test_it_leaves_out_the_services_of_excluded_structures():
    kept, left = StructureFactory(name="Gardée"), StructureFactory(name="Écartée")
    ServiceFactory(name="De la gardée", structure=kept, zone_eligibilite=["01"])
    ServiceFactory(name="De l'écartée", structure=left, zone_eligibilite=["01"])
    assert names(search(excluded_structures=[left.pk])) == ["De la gardée"]
    assert names(search_services(SearchQuery(excluded_structures=[left.pk]))) == ["De la gardée"]


def test_a_python_test_keeps_the_ranking_and_pages_what_passes():
    for number, code in enumerate([OYONNAX, NANTUA, BOURG, BELLEY]):
        ServiceFactory(name=f"Service {number}", commune=commune(code), zone_eligibilite=["01"])
    odd = search(keep=lambda service: service.name[-1] in "13", size=1, page=2)
    assert names(odd) == ["Service 3"]
    assert odd.total == 2
    # The service passed to the test is complete (its columns are read, not deferred).
    seen = []
    search(keep=lambda service: seen.append(service.description) or True)
    assert seen == ["Accueil, écoute et orientation."] * 4
