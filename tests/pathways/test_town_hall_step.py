"""The step of a pathway that sends a person to the commune's social action (CCAS) resolves, in every commune, to
the town hall of the annuaire de l'administration, named and sourced as the town hall (issue 15, item 2)."""

import re

import pytest
from django.db.models import Q
from django.urls import reverse

from allervers.pathways.coverage import step_coverage, territory_communes
from allervers.pathways.fiches import fiche_for_commune
from allervers.pathways.models import ActorRole, Situation
from allervers.pathways.resolution import RoleResolver, resolve_situation
from tests.factories import ServiceFactory, StructureFactory, commune

pytestmark = pytest.mark.django_db

SEED_CCAS_COMMUNES = ["01034", "01376", "01269", "01185", "01388", "01053", "01443", "01244", "01283", "01173"]
SEED_CCAS_COMMUNES += ["01033", "01457"]
AMBERIEU = "01004"  # no CCAS in the demo directory
SOURCE = "annuaire de l'administration, Service-Public.fr"


def first_ccas_step(situation):
    return next((step for step in situation.ordered_steps() if step.role.code == "ccas"), None)


def readable(html):
    import html as entities

    return re.sub(r"\s+", " ", entities.unescape(re.sub(r"<[^>]+>", " ", html))).replace(" ,", ",")


def test_in_every_seed_ccas_commune_the_first_ccas_step_of_each_pathway_gives_the_town_hall(demo):
    situations = [s for s in Situation.objects.published() if first_ccas_step(s)]
    assert len(situations) >= 3  # violences conjugales, personne âgée, famille monoparentale
    for code in SEED_CCAS_COMMUNES:
        place = commune(code)
        for situation in situations:
            step = first_ccas_step(situation)
            resolved = next(r for r in resolve_situation(situation.ordered_steps(), place) if r.step == step)
            hall = resolved.town_hall.town_hall
            assert hall.commune in (place, place.current) and hall.phone and hall.opening_hours
            assert [actor.service.structure.structure_type for actor in resolved.actors] == ["ccas"]


def test_a_commune_without_a_ccas_in_the_directory_is_not_a_gap_its_town_hall_answers(pathways):
    situation = Situation.objects.get(slug="famille-monoparentale-en-difficulte")
    resolved = {r.step.role.code: r for r in resolve_situation(situation.ordered_steps(), commune(AMBERIEU))}

    assert resolved["ccas"].actors == [] and not resolved["ccas"].is_gap
    assert resolved["ccas"].town_hall.town_hall.name == "Mairie d'Ambérieu-en-Bugey"
    assert resolved["caf"].is_gap and resolved["caf"].town_hall is None  # only the commune's social action


def test_a_ccas_that_can_be_phoned_needs_no_town_hall(pathways):
    structure = StructureFactory(name="CCAS fictif", structure_type="ccas", reseaux_porteurs=["ccas-cias"])
    ServiceFactory(structure=structure, commune=commune(AMBERIEU), zone_eligibilite=[AMBERIEU], phone="+33474000000")
    ccas = ActorRole.objects.get(code="ccas")
    resolver = RoleResolver([ccas])
    actors = resolver.resolve(ccas, commune(AMBERIEU))

    assert [actor.service.structure.name for actor in actors] == ["CCAS fictif"]
    assert resolver.town_hall_for(ccas, commune(AMBERIEU), actors=actors) is None


def test_the_coverage_report_counts_the_town_hall_as_the_ccas_contact(pathways):
    communes = territory_communes(Q(department_id="01"))
    rows = {(r.step.situation.slug, r.step.role.code): r for r in step_coverage(communes)}

    assert rows[("maltraitance-personne-agee", "ccas")].gaps == []
    assert len(rows[("maltraitance-personne-agee", "ligne-3977")].gaps) == len(communes)  # no directory loaded


def test_the_assistant_names_the_town_hall_with_its_source(client, pathways):
    data = {
        "pour_qui": "moi",
        "situation": "maltraitance-personne-agee",
        "danger": "non",
        "commune": "Ambérieu-en-Bugey",
    }
    html = client.post(reverse("pathways:assistant"), data).content.decode()
    page = readable(html)

    assert f"Coordonnées de la mairie d'Ambérieu-en-Bugey (source : {SOURCE}, données du 22/09/2026)" in page
    assert "Votre mairie vous accueille et vous oriente vers l'action sociale de la commune" in page
    assert "Téléphone de la mairie 04 74 46 17 00" in page
    # The other steps, without a local contact, name the town hall as the one who can orient.
    assert f"Votre mairie (Mairie d'Ambérieu-en-Bugey : 04 74 46 17 00, source : {SOURCE})" in page


def test_the_fiche_reflexe_names_the_town_hall_and_its_source(demo):
    situation = Situation.objects.get(slug="violences-conjugales")
    fiche = fiche_for_commune(situation, commune("01034"))
    step = next(item for item in fiche.steps if item.step.role.code == "ccas")

    assert step.town_hall.town_hall.name == "Mairie de Belley"
    assert not step.is_gap


def test_the_printed_fiche_shows_the_town_hall_s_phone_hours_and_source(client, demo):
    html = client.get(reverse("pathways:commune-fiche", args=["violences-conjugales", "01034"])).content.decode()
    page = readable(html)

    assert "Mairie de Belley (pour joindre le CCAS)" in page
    assert "04 79 42 23 00" in page and "du lundi au jeudi, de 8 h à 12 h et de 13 h 30 à 17 h 30" in page
    assert f"source : {SOURCE}, données du 22/09/2026" in page
