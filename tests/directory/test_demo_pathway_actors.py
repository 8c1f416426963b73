"""The Ain demo names, for every step of every seed pathway in the 12 CCAS communes of the seed, a sourced contact
or the department-level actor with its source (issue 15, item 3).

A resolved actor counts when its demo entry (ain.json, or the competent units of pathways/data/demo-units.json)
lists its public sources, and it either gives a way to reach it (phone, e-mail, website or channel) or is the
department-level (or national) actor, whose description says where to ask. The CCAS are the one local exception:
their contact point is their commune's town hall (issue 15, item 2), not an entry of the demo.
"""

import json

import pytest

from allervers.directory.demo import DEMO_FILE, load_demo
from allervers.directory.models import Service, Structure
from allervers.pathways.models import Situation
from allervers.pathways.resolution import RoleResolver
from allervers.pathways.seed import DEMO_UNITS_FILE, load_demo_competences, load_demo_units, load_pathways
from allervers.taxonomy.structure_types import StructureType

pytestmark = pytest.mark.django_db

# Roles that still resolve to nothing with the demo data, and why (shown on the coverage pages).
# The protection judge, absent from the competence table, falls back on the tribunal judiciaire's department-wide
# service (pathways.json): none left.
KNOWN_GAPS: set[str] = set()


def demo_sources() -> dict[str, list[str]]:
    """Public sources of each demo service, by its id, as the demo files list them."""
    sources: dict[str, list[str]] = {}
    for structure in json.loads(DEMO_FILE.read_text(encoding="utf-8"))["structures"]:
        for service in structure.get("services", []):
            sources[service["id"]] = [*service.get("sources", []), *structure.get("sources", [])]
    for unit in json.loads(DEMO_UNITS_FILE.read_text(encoding="utf-8"))["structures"]:
        sources.setdefault(unit["service"]["id"], [unit["service"]["source"]])
    return sources


def reachable(service: Service) -> bool:
    structure = service.structure
    return bool(
        service.phone or service.email or service.website or service.channels or structure.phone or structure.website
    )


def department_level(service: Service) -> bool:
    return bool({"01", "84", "france"} & set(service.zone_eligibilite))


@pytest.fixture
def ain_demo(db):
    load_demo()
    load_pathways()
    load_demo_units()
    load_demo_competences()


@pytest.fixture
def ccas_communes(ain_demo):
    ccas = Structure.objects.filter(source="demo-ain", structure_type=StructureType.CCAS).select_related("commune")
    communes = sorted({structure.commune for structure in ccas}, key=lambda commune: commune.name)
    assert len(communes) == 12
    return communes


def resolved_steps(communes):
    situations = list(Situation.objects.published())
    assert len(situations) == 8
    steps = [step for situation in situations for step in situation.ordered_steps()]
    resolver = RoleResolver({step.role for step in steps})
    for commune in communes:
        for step in steps:
            yield commune, step, resolver.resolve(step.role, commune)


def test_every_step_of_every_pathway_names_an_actor_in_each_ccas_commune(ccas_communes):
    gaps = {
        (commune.name, step.situation.slug, step.role.code)
        for commune, step, actors in resolved_steps(ccas_communes)
        if not actors
    }
    assert {role for _, _, role in gaps} <= KNOWN_GAPS, sorted(gaps)


def test_every_actor_named_is_sourced_and_each_step_gives_a_contact_or_the_department_level_actor(ccas_communes):
    sources = demo_sources()
    problems = set()
    for commune, step, actors in resolved_steps(ccas_communes):
        for actor in actors:
            if not sources.get(actor.service.source_id):
                problems.add((actor.service.source_id, "sans source"))
        named = any(reachable(a.service) or department_level(a.service) for a in actors)
        if actors and step.role.code != "ccas" and not named:
            problems.add((step.role.code, f"ni contact ni acteur départemental ({commune.name})"))
    assert not problems, sorted(problems)


def test_an_actor_without_a_contact_says_where_to_ask(ain_demo):
    silent = [s for s in Service.objects.filter(source="demo-ain").select_related("structure") if not reachable(s)]
    assert silent, "the demo lists some actors whose contact no public source confirmed"
    for service in silent:
        if service.structure.structure_type == StructureType.CCAS:
            continue  # the CCAS' contact point is their town hall (issue 15, item 2)
        text = f"{service.structure.description} {service.description} {service.mobilisation_precisions}".lower()
        assert any(word in text for word in ("demandez", "cherchez", "consultez", "renseignez")), service.source_id


def test_the_assistant_names_the_local_brigade_before_the_departmental_group(ccas_communes):
    belley = next(c for c in ccas_communes if c.name == "Belley")
    complaint = Situation.objects.get(slug="porter-plainte").ordered_steps()
    step = next(s for s in complaint if s.role.code == "forces-de-l-ordre")
    actors = RoleResolver([step.role]).resolve(step.role, belley)
    assert actors[0].service.structure.name == "Brigade de gendarmerie de Belley"
    assert actors[0].service.phone and actors[0].distance_m == 0


def test_the_department_level_actors_send_nobody_sixty_kilometres_away(ccas_communes):
    """The Département, the MDPH, the Caf and the ISG have no sourced local office: no distance is shown for them."""
    belley = next(c for c in ccas_communes if c.name == "Belley")
    codes = ["services-sociaux-departement", "mdph", "caf", "isg"]
    steps = [s for situation in Situation.objects.published() for s in situation.ordered_steps()]
    roles = {s.role.code: s.role for s in steps if s.role.code in codes}
    resolver = RoleResolver(roles.values())
    for code in codes:
        actors = resolver.resolve(roles[code], belley)
        assert actors, code
        assert all(actor.distance_m is None for actor in actors), code


def test_a_shelter_address_is_never_published(ain_demo):
    services = Service.objects.filter(source="demo-ain")
    local = [s for s in services if "aide-aux-victimes--mise-a-l-abri" in s.thematiques and not s.is_national]
    assert local
    assert all(s.address_confidential and not s.address for s in local)
