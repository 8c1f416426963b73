"""allervers.directory.rows builds the objects the ORM would build and writes the rows the ORM would write."""

import datetime
import gc
import json
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models.signals import post_init, pre_init
from django.utils import timezone

from allervers.directory import rows, search, search_index, search_rows
from allervers.directory.imports import NamedFile, import_directory
from allervers.directory.models import Service, ServiceTerm, Structure
from allervers.directory.search import SearchQuery
from tests.factories import ServiceFactory, StructureFactory, commune

pytestmark = pytest.mark.django_db


def as_loaded(obj):
    """Everything an object holds: its class, its values, its state, and the related objects it caches."""
    if obj is None:
        return None
    values = {name: value for name, value in obj.__dict__.items() if name != "_state"}
    state = obj._state
    cached = {name: as_loaded(related) for name, related in state.fields_cache.items()}
    return type(obj), values, (state.adding, state.db), cached


def services():
    structure = StructureFactory(name="Association fictive", reseaux_porteurs=["france-victimes"])
    placed = ServiceFactory(
        structure=structure,
        name="Permanence fictive",
        zone_eligibilite=["01", "01283"],
        channels=[{"kind": "phone", "value": "0474000000", "label": "Accueil"}],
        suspended_until=timezone.localdate() + datetime.timedelta(3),
    )
    remote = ServiceFactory(structure=structure, name="Écoute fictive", remote=True, languages=["fr", "en"])
    return placed, remote


@contextmanager
def receiver(signal, model):
    seen = []

    def record(sender, instance=None, **kwargs):
        seen.append(sender)

    signal.connect(record, sender=model, weak=False)
    try:
        yield seen
    finally:
        signal.disconnect(record, sender=model)


def test_loaded_objects_are_the_orms_field_by_field():
    services()
    for model in (Service, Structure):
        builder = rows.Builder(model)
        ordered = model.objects.order_by("pk")
        built = builder.loaded(builder.concrete, ordered.values_list(*builder.concrete))
        assert [as_loaded(obj) for obj in built] == [as_loaded(obj) for obj in ordered]
        # The indexed values as loaded are kept, as from_db keeps them: a save that changes none is cheap.
        assert all(obj.__dict__["_indexed"] for obj in built)


def test_objects_loaded_with_some_fields_defer_the_others_as_only_does():
    placed, _ = services()
    names = ["id", "name", "structure_id", "zone_eligibilite"]
    built = rows.Builder(Service).loaded(names, Service.objects.filter(pk=placed.pk).values_list(*names))
    orm = Service.objects.only(*names).get(pk=placed.pk)
    assert as_loaded(built[0]) == as_loaded(orm)
    assert built[0].get_deferred_fields() == orm.get_deferred_fields()
    assert built[0].description == "Accueil, écoute et orientation."  # a deferred field is read on access


def test_new_objects_are_what_the_constructor_makes():
    structure = StructureFactory()
    values = {
        "structure": structure,
        "name": "Nouveau service",
        "commune": commune("01283"),
        "thematiques": ["famille--garde-denfants"],
        "verified_at": timezone.now(),
    }
    assert as_loaded(rows.Builder(Service).new(values)) == as_loaded(Service(**values))
    assert as_loaded(rows.Builder(Structure).new({"name": "Nouvelle"})) == as_loaded(Structure(name="Nouvelle"))


def test_the_search_page_objects_are_the_orms_with_what_the_page_reads():
    placed, remote = services()
    hits = search.search_services(SearchQuery(commune=commune("01283"), size=10)).hits
    assert [hit.service.pk for hit in hits] == [placed.pk, remote.pk]
    loaded = [field.attname for field in Service._meta.concrete_fields if field.attname != "search_text"]
    orm = (
        Service.objects.select_related("structure", "commune")
        .only(*loaded, "structure__name", "commune__code", "commune__name")
        .order_by("pk")
    )
    assert [as_loaded(hit.service) for hit in hits] == [as_loaded(service) for service in orm]


def test_structures_read_whole_with_their_commune_are_the_orms():
    placed, _ = services()
    elsewhere = StructureFactory(name="Structure sans commune", commune=None)
    keys = [placed.structure_id, elsewhere.pk, placed.structure_id, 0]  # repeated and unknown keys are fine
    found = search_rows.STRUCTURES.fetch(keys)
    orm = Structure.objects.select_related("commune").filter(pk__in=keys)
    assert {pk: as_loaded(structure) for pk, structure in found.items()} == {s.pk: as_loaded(s) for s in orm}


@pytest.mark.parametrize("signal", [post_init, pre_init])
def test_a_model_with_an_init_receiver_is_built_by_its_constructor(signal):
    placed, remote = services()
    builder = rows.Builder(Service)  # made before the receiver: the fallback is decided when objects are built
    ordered = Service.objects.order_by("pk")
    with receiver(signal, Service) as seen:
        built = builder.loaded(builder.concrete, ordered.values_list(*builder.concrete))
        new = builder.new({"structure": placed.structure, "name": "Nouveau"})
        hits = search.search_services(SearchQuery(commune=commune("01283"))).hits
        assert len(seen) == len(built) + 1 + len(hits) == 5
        assert [as_loaded(obj) for obj in built] == [as_loaded(obj) for obj in ordered]
        assert as_loaded(new) == as_loaded(Service(structure=placed.structure, name="Nouveau"))
        seen.clear()
    assert builder.loaded(builder.concrete, ordered.values_list(*builder.concrete)) and seen == []


def test_inserted_and_updated_rows_read_back_as_saved_by_the_orm():
    structure = StructureFactory()
    builder = rows.Builder(Service)
    now = timezone.now()
    fresh = [
        builder.new({"structure": structure, "name": f"Service en lot {n}", "thematiques": ["famille"]})
        for n in range(3)
    ]
    rows.insert(Service, fresh, now)
    assert all(obj.pk and not obj._state.adding for obj in fresh)
    fresh[1].name, fresh[1].languages = "Renommé", ["fr"]
    rows.update(Service, [fresh[1]], ["name", "languages"])
    for obj in fresh:
        stored = Service.objects.get(pk=obj.pk)
        assert (stored.name, stored.thematiques, stored.languages) == (obj.name, obj.thematiques, obj.languages)
        assert stored.created_at == stored.updated_at == now
    search_index.save_services(fresh, fresh=True)  # the derived rows, which the teardown check compares


def test_each_table_declares_the_columns_of_its_model():
    declared = {
        search_index.TABLE: search_index.COLUMNS,
        search_index.LISTING_TABLE: search_index.LISTING_COLUMNS,
        search_index.TERM_TABLE: search_index.TERM_COLUMNS,
    }
    for model in (search_index.SearchEntry, search_index.SearchListing, ServiceTerm):
        columns = {field.column for field in model._meta.concrete_fields if field.column}
        assert set(declared[model._meta.db_table]) == columns - {"id"}


@contextmanager
def collector_states():
    """Whether the cycle collector ran, at each SQL statement executed meanwhile."""
    states = []

    def record(execute, sql, params, many, context):
        states.append(gc.isenabled())
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield states


DIRECTORY = {
    "structures": [{"id": "s1", "nom": "Association fictive", "code_insee": "01053", "date_maj": "2026-02-01"}],
    "services": [
        {
            "id": "s1-a",
            "structure_id": "s1",
            "nom": "Accueil fictif",
            "description": "Écoute et orientation.",
            "date_maj": "2026-02-01",
            "zone_eligibilite": ["01"],
        }
    ],
}


def test_an_upload_imports_with_the_collector_running():
    with collector_states() as states:
        report = import_directory([NamedFile("annuaire.json", json.dumps(DIRECTORY).encode())])
    assert report.ok and report.services.created == 1
    assert states and all(states)


def test_the_import_command_pauses_the_collector_then_resumes_it(tmp_path):
    path = tmp_path / "annuaire.json"
    path.write_text(json.dumps(DIRECTORY), encoding="utf-8")
    with collector_states() as states:
        call_command("import-directory", str(path), verbosity=0)
    assert states and not any(states)
    assert gc.isenabled()
