import datetime

import pytest
from django.utils import timezone

from allervers.directory.enums import ListingStatus
from allervers.directory.search import SearchQuery, search_services
from tests.factories import ServiceFactory, StructureFactory, commune

pytestmark = pytest.mark.django_db

OYONNAX = "01283"
BOURG = "01053"
BELLEY = "01034"
NANTUA = "01269"
PARIS = "75056"


def names(result):
    return [hit.service.name for hit in result.hits]


def search(code=OYONNAX, **kwargs):
    return search_services(SearchQuery(commune=commune(code), **kwargs))


def test_it_finds_a_service_of_the_commune_itself():
    ServiceFactory(name="Accueil d'Oyonnax", commune=commune(OYONNAX))
    ServiceFactory(name="Accueil de Belley", commune=commune(BELLEY))
    assert names(search(OYONNAX)) == ["Accueil d'Oyonnax"]


def test_it_finds_services_of_the_epci_the_department_the_region_and_france():
    oyonnax = commune(OYONNAX)
    ServiceFactory(name="Intercommunal", commune=commune(BELLEY), zone_eligibilite=[oyonnax.epci_id])
    ServiceFactory(name="Départemental", commune=commune(BOURG), zone_eligibilite=["01"])
    ServiceFactory(name="Régional", commune=commune(BOURG), zone_eligibilite=[f"R{oyonnax.region_code}"])
    ServiceFactory(name="National", remote=True)
    ServiceFactory(name="Autre département", commune=commune(PARIS), zone_eligibilite=["75"])
    ServiceFactory(name="Autre EPCI", commune=commune(BELLEY), zone_eligibilite=[commune(BELLEY).epci_id])
    result = search(OYONNAX)
    assert set(names(result)) == {"Intercommunal", "Départemental", "Régional", "National"}
    reasons = {hit.service.name: hit.reasons[0] for hit in result.hits}
    assert reasons["Départemental"] == "Intervient dans tout le département (Ain)"
    assert reasons["National"] == "Service national"
    assert reasons["Intercommunal"].startswith("Intervient sur l'intercommunalité")


def test_it_sorts_on_site_services_by_distance_then_remote_ones():
    ServiceFactory(name="Bourg", commune=commune(BOURG), zone_eligibilite=["01"])
    ServiceFactory(name="Nantua", commune=commune(NANTUA), zone_eligibilite=["01"])
    ServiceFactory(name="Oyonnax", commune=commune(OYONNAX), zone_eligibilite=["01"])
    ServiceFactory(name="Par téléphone", remote=True)
    result = search(OYONNAX)
    assert names(result) == ["Oyonnax", "Nantua", "Bourg", "Par téléphone"]
    distances = [hit.distance_m for hit in result.hits]
    assert distances[0] < 2_000
    assert 10_000 < distances[1] < 20_000  # Nantua is about 13 km from Oyonnax
    assert 25_000 < distances[2] < 45_000  # Bourg-en-Bresse, about 34 km
    assert distances[3] is None


def test_a_search_at_a_delegated_commune_uses_its_commune_nouvelle():
    ServiceFactory(name="Plateau", commune=commune("01185"))
    result = search_services(SearchQuery(commune=commune("01185")))
    assert names(result) == ["Plateau"]


def test_it_filters_by_thematique_and_its_category():
    ServiceFactory(name="Violences", thematiques=["aide-aux-victimes--violences-conjugales"], commune=commune(OYONNAX))
    ServiceFactory(name="Logement", thematiques=["logement-hebergement--louer-un-logement"], commune=commune(OYONNAX))
    assert names(search(thematiques=["aide-aux-victimes--violences-conjugales"])) == ["Violences"]
    assert names(search(thematiques=["logement-hebergement"])) == ["Logement"]


def test_it_filters_by_public_and_counts_services_for_everyone():
    ServiceFactory(name="Femmes", publics=["femmes"], commune=commune(OYONNAX))
    ServiceFactory(name="Tous", publics=["tous-publics"], commune=commune(OYONNAX))
    ServiceFactory(name="Seniors", publics=["seniors"], commune=commune(OYONNAX))
    assert set(names(search(publics=["femmes"]))) == {"Femmes", "Tous"}


def test_it_filters_by_mode_d_accueil():
    ServiceFactory(name="Sur place", commune=commune(OYONNAX))
    ServiceFactory(name="À distance", remote=True)
    assert names(search(modes_accueil=["a-distance"])) == ["À distance"]


@pytest.mark.parametrize("query", ["hébergement", "hebergement", "HEBERGEMENTS", "héberger"])
def test_text_search_ignores_accents_case_and_word_endings(query):
    ServiceFactory(
        name="Mise à l'abri", description="Hébergement d'urgence pour les victimes.", commune=commune(OYONNAX)
    )
    ServiceFactory(name="Juriste", description="Conseil juridique gratuit.", commune=commune(OYONNAX))
    assert names(search(q=query)) == ["Mise à l'abri"]


def test_text_search_requires_every_word():
    ServiceFactory(name="Écoute des femmes victimes", commune=commune(OYONNAX))
    ServiceFactory(name="Écoute des seniors", commune=commune(OYONNAX))
    assert names(search(q="écoute femme")) == ["Écoute des femmes victimes"]


def test_open_now_keeps_only_services_open_at_that_moment():
    ServiceFactory(name="Semaine", opening_hours="Mo-Fr 09:00-17:00", commune=commune(OYONNAX))
    ServiceFactory(name="Toujours", always_open=True, commune=commune(OYONNAX))
    ServiceFactory(name="Sans horaires", commune=commune(OYONNAX))
    saturday = timezone.make_aware(datetime.datetime(2026, 11, 28, 11, 0))
    result = search_services(SearchQuery(commune=commune(OYONNAX), open_now=True), moment=saturday)
    assert names(result) == ["Toujours"]
    thursday = timezone.make_aware(datetime.datetime(2026, 11, 26, 11, 0))
    result = search_services(SearchQuery(commune=commune(OYONNAX), open_now=True), moment=thursday)
    assert set(names(result)) == {"Semaine", "Toujours"}


def test_unpublished_and_suspended_services_are_hidden_until_their_date():
    ServiceFactory(name="Brouillon", status=ListingStatus.DRAFT, commune=commune(OYONNAX))
    ServiceFactory(name="Archivé", status=ListingStatus.ARCHIVED, commune=commune(OYONNAX))
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    ServiceFactory(name="Suspendu", status=ListingStatus.SUSPENDED, suspended_until=tomorrow, commune=commune(OYONNAX))
    ServiceFactory(name="Repris", status=ListingStatus.SUSPENDED, suspended_until=yesterday, commune=commune(OYONNAX))
    hidden_structure = StructureFactory(status=ListingStatus.DRAFT)
    ServiceFactory(name="Structure en brouillon", structure=hidden_structure, commune=commune(OYONNAX))
    assert names(search()) == ["Repris"]


def test_an_urgent_theme_brings_its_helplines_above_the_results():
    ServiceFactory(name="3919", helpline=True, thematiques=["aide-aux-victimes--violences-conjugales"])
    ServiceFactory(name="119", helpline=True, thematiques=["aide-aux-victimes--enfance-en-danger"])
    ServiceFactory(name="Local", thematiques=["aide-aux-victimes--violences-conjugales"], commune=commune(OYONNAX))
    result = search(thematiques=["aide-aux-victimes--violences-conjugales"])
    assert [line.name for line in result.helplines] == ["3919"]
    assert names(result) == ["3919", "Local"]
    assert [hit.service.name for hit in result.other_hits] == ["Local"]
    assert search(thematiques=["logement-hebergement"]).helplines == []


def test_it_paginates_without_overlap():
    for index in range(25):
        ServiceFactory(name=f"Service {index:02d}", remote=True)
    first = search(size=10, page=1)
    third = search(size=10, page=3)
    assert first.total == 25 and first.pages == 3 and first.has_next
    assert len(third.hits) == 5 and not third.has_next
    assert not set(names(first)) & set(names(third))


def test_a_page_costs_a_bounded_number_of_queries(django_assert_max_num_queries):
    for index in range(30):
        ServiceFactory(
            name=f"Service {index}",
            commune=commune(OYONNAX),
            thematiques=["aide-aux-victimes--violences-conjugales"],
        )
    ServiceFactory(name="3919", helpline=True, thematiques=["aide-aux-victimes--violences-conjugales"])
    place = commune(OYONNAX)
    with django_assert_max_num_queries(3):
        result = search_services(
            SearchQuery(commune=place, thematiques=["aide-aux-victimes--violences-conjugales"], size=20)
        )
        [hit.service.structure.name for hit in result.hits]
    assert len(result.hits) == 20


def test_a_confidential_address_only_gives_away_its_commune():
    oyonnax = commune(OYONNAX)
    service = ServiceFactory(
        name="Mise à l'abri", commune=oyonnax, address_confidential=True, latitude=46.30, longitude=5.70
    )
    assert (service.latitude, service.longitude) == (oyonnax.latitude, oyonnax.longitude)
