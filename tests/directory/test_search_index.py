"""The search table follows every change a person can make: what the search shows is always the directory's state."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from allervers.directory import search_index
from allervers.directory.enums import ListingStatus
from allervers.directory.models import Service, ServiceTerm, Structure
from allervers.directory.search import SearchQuery, search_services
from tests.factories import ServiceFactory, StructureFactory, commune, member

pytestmark = pytest.mark.django_db

OYONNAX = "01283"


def names(**kwargs):
    result = search_services(SearchQuery(commune=commune(OYONNAX), **kwargs))
    return [hit.service.name for hit in result.hits]


def test_a_suspended_structure_takes_its_services_out_of_the_search_and_back():
    structure = StructureFactory(name="Association fictive")
    ServiceFactory(name="Permanence fictive", structure=structure, zone_eligibilite=["01"])
    assert names() == ["Permanence fictive"]
    structure.status, structure.suspended_until = ListingStatus.SUSPENDED, timezone.localdate() + datetime.timedelta(7)
    structure.save()
    assert names() == []
    # The day after the suspension ends, the service is back without anyone touching it.
    later = timezone.now() + datetime.timedelta(days=8)
    assert [h.service.name for h in search_services(SearchQuery(commune=commune(OYONNAX)), later).hits] == [
        "Permanence fictive"
    ]
    structure.status = ListingStatus.ARCHIVED
    structure.save()
    assert search_services(SearchQuery(commune=commune(OYONNAX)), later).hits == []


def test_a_renamed_edited_or_deleted_service_is_found_as_it_is_now():
    service = ServiceFactory(name="Ancien nom", zone_eligibilite=["01"], thematiques=["famille--garde-denfants"])
    assert names(thematiques=["famille"]) == ["Ancien nom"]
    service.name, service.thematiques = "Nouveau nom", ["aide-aux-victimes--ecoute-et-orientation"]
    service.save()
    assert names(thematiques=["famille"]) == []
    assert names(thematiques=["aide-aux-victimes"], q="écoute") == ["Nouveau nom"]
    service.delete()
    assert names() == []
    assert not search_index.SearchEntry.objects.exists()


def test_a_service_covering_the_place_twice_is_listed_once_at_its_nearest_level():
    oyonnax = commune(OYONNAX)
    ServiceFactory(name="Deux zones", zone_eligibilite=["01", oyonnax.code])
    result = search_services(SearchQuery(commune=oyonnax))
    assert [hit.service.name for hit in result.hits] == ["Deux zones"]
    assert result.total == 1
    assert result.hits[0].reasons == ["Intervient à Oyonnax"]


def test_drafts_and_pending_services_have_no_row_and_helplines_have_flagged_ones():
    line = ServiceFactory(name="Ligne fictive", helpline=True)
    ServiceFactory(name="Brouillon fictif", status=ListingStatus.DRAFT, zone_eligibilite=["01"])
    assert list(search_index.SearchEntry.objects.values_list("service_id", "zone", "helpline")) == [
        (line.pk, "france", True)
    ]
    assert list(search_index.SearchListing.objects.values_list("service_id", "helpline")) == [(line.pk, True)]


def test_the_levels_of_zone_codes():
    assert [search_index.level(code) for code in ["01283", "2A004", "200042935", "01", "971", "R84", "france"]] == [
        search_index.COMMUNE,
        search_index.COMMUNE,
        search_index.EPCI,
        search_index.DEPARTMENT,
        search_index.DEPARTMENT,
        search_index.REGION,
        search_index.NATIONAL,
    ]


def test_the_check_command_finds_a_table_changed_behind_its_back_and_rebuild_repairs_it(capsys):
    ServiceFactory(name="Permanence fictive", zone_eligibilite=["01"])
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {search_index.TABLE}")  # noqa: S608
    with pytest.raises(CommandError, match="Table de recherche décalée : 1 ligne"):
        call_command("rebuild-search-index", "--check")
    call_command("rebuild-search-index")
    call_command("rebuild-search-index", "--check")
    assert "Table de recherche à jour." in capsys.readouterr().out
    assert names() == ["Permanence fictive"]


def national(**kwargs):
    result = search_services(SearchQuery(**kwargs))
    return [hit.service.name for hit in result.hits], result.total


def test_a_text_search_without_a_place_finds_listed_services_and_lines_only_and_counts_them():
    ServiceFactory(name="Médiation familiale A", description="Médiation pour les familles.")
    ServiceFactory(name="Médiation familiale B", description="Médiation entre parents.", zone_eligibilite=["75"])
    ServiceFactory(name="Médiation en brouillon", description="Médiation.", status=ListingStatus.DRAFT)
    ServiceFactory(name="Ligne de médiation", description="Médiation.", helpline=True)
    suspended = ServiceFactory(name="Médiation suspendue", description="Médiation.")
    suspended.status, suspended.suspended_until = ListingStatus.SUSPENDED, timezone.localdate() + datetime.timedelta(3)
    suspended.save()
    ServiceFactory(name="Aide alimentaire", description="Colis et repas.")
    assert national(q="mediations") == (["Ligne de médiation", "Médiation familiale A", "Médiation familiale B"], 3)
    later = timezone.now() + datetime.timedelta(days=4)
    result = search_services(SearchQuery(q="médiation"), later)
    assert [hit.service.name for hit in result.hits] == [
        "Ligne de médiation",
        "Médiation familiale A",
        "Médiation familiale B",
        "Médiation suspendue",
    ]
    assert result.total == 4
    # Edited text: the full-text index follows (database triggers on the listing table).
    suspended.description, suspended.name = "Colis alimentaires.", "Épicerie solidaire"
    suspended.save()
    assert national(q="mediation")[1] == 3
    assert national(q="colis") == (["Aide alimentaire"], 1)


def test_with_many_matches_the_page_is_found_by_walking_the_names(monkeypatch):
    from allervers.directory import search

    for n in range(30):
        ServiceFactory(name=f"Permanence {n:02d}", description="Zoothérapie et médiation animale.")
    ServiceFactory(name="Zébu, épicerie solidaire", description="Colis.")
    expected = [f"Permanence {n:02d}" for n in range(30)]
    monkeypatch.setattr(search, "NAME_WALK_ABOVE", 5)
    first = search_services(SearchQuery(q="zoothérapie", size=20))
    second = search_services(SearchQuery(q="zootherapie", size=20, page=2))
    assert [hit.service.name for hit in first.hits + second.hits] == expected
    assert first.total == second.total == 30
    assert search_services(SearchQuery(q="zoothérapie", size=20, page=3)).hits == []
    # The whole list, without text or place, in name order.
    listing = search_services(SearchQuery(size=100))
    assert [hit.service.name for hit in listing.hits] == [*expected, "Zébu, épicerie solidaire"]
    assert listing.total == 31


DERIVED_TABLES = (search_index.TABLE, search_index.LISTING_TABLE, search_index.TERM_TABLE)


def statements(run):
    with CaptureQueriesContext(connection) as captured:
        run()
    return [query["sql"] for query in captured.captured_queries]


def test_a_verification_is_one_update_and_leaves_the_derived_rows_alone(client):
    service = ServiceFactory(zone_eligibilite=["01"])
    service = Service.objects.select_related("structure").get(pk=service.pk)
    for listing in (service, service.structure):
        written = statements(lambda listing=listing: listing.verify(by="Juriste"))
        assert len(written) == 1 and written[0].startswith("UPDATE")
    user = member(service.structure)
    client.force_login(user)
    for url in (
        reverse("backoffice:structure-verify", args=[service.structure.pk]),
        reverse("backoffice:service-transition", args=[service.pk, "verifier"]),
    ):
        written = statements(lambda url=url: client.post(url))
        assert not [sql for sql in written if any(table in sql for table in DERIVED_TABLES)]
    assert names() == [service.name]


def test_a_save_that_changes_nothing_indexed_writes_no_derived_row():
    service = Service.objects.get(pk=ServiceFactory(zone_eligibilite=["01"]).pk)
    service.phone_pro = "04 74 00 00 09"  # the public phone is indexed (its digits are searched), this one not
    written = statements(service.save)
    assert len(written) == 1 and written[0].startswith("UPDATE")
    structure = service.structure
    structure.phone = "04 74 00 00 08"
    assert len(statements(structure.save)) == 1
    service.save(update_fields=["phone_pro"])
    assert names() == [service.name]


def test_a_list_changed_in_place_is_a_change():
    service = Service.objects.get(pk=ServiceFactory(zone_eligibilite=["01"], publics=["tous-publics"]).pk)
    service.thematiques.append("famille--garde-denfants")
    service.save(update_fields=["thematiques"])
    assert names(thematiques=["famille"]) == [service.name]
    assert ServiceTerm.objects.filter(service=service, code="famille").exists()


def test_a_renamed_structure_is_found_by_its_new_name_through_its_services():
    structure = StructureFactory(name="Association fictive Alpha")
    ServiceFactory(name="Permanence fictive", structure=structure, zone_eligibilite=["01"])
    structure = Structure.objects.get(pk=structure.pk)
    structure.name = "Maison fictive Omega"
    structure.save()
    assert names(q="omega") == ["Permanence fictive"]
    assert names(q="alpha") == []
