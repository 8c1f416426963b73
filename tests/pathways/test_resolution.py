import pytest

from allervers.directory.enums import ListingStatus
from allervers.pathways.enums import CompetenceKind
from allervers.pathways.models import ActorRole, CompetenceArea, Situation, Step
from allervers.pathways.resolution import RoleResolver, resolve_situation
from tests.factories import ServiceFactory, StructureFactory, commune

pytestmark = pytest.mark.django_db

OYONNAX, NANTUA, BOURG, BELLEY = "01283", "01269", "01053", "01034"


def role(**kwargs):
    defaults = {"code": "role-test", "name": "Rôle de test", "max_results": 3}
    return ActorRole.objects.create(**{**defaults, **kwargs})


def service_of(reseau, code, name, **kwargs):
    place = commune(code)
    structure = StructureFactory(name=name, commune=place, reseaux_porteurs=[reseau])
    zone = kwargs.pop("zone", ["01"])
    return ServiceFactory(structure=structure, name=f"Accueil — {name}", commune=place, zone_eligibilite=zone, **kwargs)


def names(actors):
    return [actor.service.structure.name for actor in actors]


def test_a_directory_role_resolves_to_matching_services_nearest_first():
    service_of("cidff", BOURG, "CIDFF fictif de Bourg")
    service_of("cidff", NANTUA, "CIDFF fictif de Nantua")
    service_of("ccas-cias", OYONNAX, "CCAS fictif")
    cidff = role(reseaux=["cidff"])
    actors = RoleResolver([cidff]).resolve(cidff, commune(OYONNAX))
    assert names(actors) == ["CIDFF fictif de Nantua", "CIDFF fictif de Bourg"]
    assert actors[0].distance_m < actors[1].distance_m


def test_a_service_whose_zone_does_not_cover_the_commune_is_left_out():
    service_of("cidff", BELLEY, "CIDFF fictif de Belley", zone=[BELLEY])
    cidff = role(reseaux=["cidff"])
    resolver = RoleResolver([cidff])
    assert resolver.resolve(cidff, commune(OYONNAX)) == []
    assert names(resolver.resolve(cidff, commune(BELLEY))) == ["CIDFF fictif de Belley"]


def test_an_unpublished_service_never_resolves():
    service_of("cidff", BOURG, "CIDFF en brouillon", status=ListingStatus.DRAFT)
    cidff = role(reseaux=["cidff"])
    assert RoleResolver([cidff]).resolve(cidff, commune(OYONNAX)) == []


def test_the_competence_table_names_the_unit_before_the_directory():
    service_of("gendarmerie-nationale", BOURG, "Groupement fictif")
    brigade = service_of("gendarmerie-nationale", NANTUA, "Brigade fictive de Nantua", zone=[NANTUA])
    CompetenceArea.objects.create(kind=CompetenceKind.FORCES_DE_L_ORDRE, zone_code=OYONNAX, service=brigade)
    police = role(competence_kind=CompetenceKind.FORCES_DE_L_ORDRE, reseaux=["gendarmerie-nationale"])
    resolver = RoleResolver([police])
    at_oyonnax = resolver.resolve(police, commune(OYONNAX))
    assert names(at_oyonnax) == ["Brigade fictive de Nantua"]
    assert at_oyonnax[0].by_competence
    # Where the table says nothing, the directory answers.
    assert names(resolver.resolve(police, commune(BELLEY))) == ["Groupement fictif"]


def test_a_department_row_of_the_competence_table_covers_every_commune_of_it():
    crip = service_of("protection-de-l-enfance", BOURG, "CRIP fictive", zone=["01"])
    CompetenceArea.objects.create(kind=CompetenceKind.CRIP, zone_code="01", service=crip)
    crip_role = role(competence_kind=CompetenceKind.CRIP)
    resolver = RoleResolver([crip_role])
    assert names(resolver.resolve(crip_role, commune(BELLEY))) == ["CRIP fictive"]
    assert resolver.resolve(crip_role, commune("69123")) == []  # Lyon: another department


def test_a_helpline_resolves_by_its_number_whatever_the_spacing():
    ServiceFactory(helpline=True, name="Ligne fictive", channels=[{"kind": "phone", "value": "116 006", "label": ""}])
    ServiceFactory(helpline=True, name="Autre ligne", channels=[{"kind": "phone", "value": "3919", "label": ""}])
    line = role(channel_values=["116006"], service_kind="helpline")
    assert [a.service.name for a in RoleResolver([line]).resolve(line, commune(OYONNAX))] == ["Ligne fictive"]


def test_a_step_whose_role_resolves_to_nothing_is_a_gap():
    situation = Situation.objects.create(slug="s", title="S", question_label="S", summary="S")
    isg = role(code="isg", reseaux=["intervenants-sociaux-commissariat-gendarmerie"])
    Step.objects.create(situation=situation, role=isg, title="ISG", mission="m", contact_mode="se-rendre")
    (resolved,) = resolve_situation(situation.ordered_steps(), commune(OYONNAX))
    assert resolved.is_gap


def test_the_demo_resolves_the_crip_and_the_parquet_through_the_competence_table(demo):
    situation = Situation.objects.get(slug="enfant-en-danger")
    resolved = {r.step.role.code: r for r in resolve_situation(situation.ordered_steps(), commune(OYONNAX))}
    assert "Cellule de recueil des informations préoccupantes" in resolved["crip"].actors[0].service.structure.name
    assert resolved["crip"].actors[0].by_competence
    assert resolved["parquet"].actors[0].service.structure.name == "Tribunal judiciaire de Bourg-en-Bresse"
