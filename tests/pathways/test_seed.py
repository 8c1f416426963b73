import pytest
from django.core.management import call_command

from allervers.pathways.models import ActorRole, CompetenceArea, Situation, Step
from allervers.pathways.seed import load_pathways

pytestmark = pytest.mark.django_db

SEED_SLUGS = {
    "violences-conjugales",
    "enfant-en-danger",
    "maltraitance-personne-agee",
    "violences-personne-handicapee",
    "cyberharcelement",
    "majeur-protege-en-danger",
    "famille-monoparentale-en-difficulte",
    "porter-plainte",
}


def test_it_loads_a_pathway_for_every_public_the_seed_names_each_step_with_a_source(pathways):
    assert set(Situation.objects.values_list("slug", flat=True)) == SEED_SLUGS
    for step in Step.objects.all():
        assert step.sources, f"{step} n'a pas de source"
        assert step.mission


def test_re_running_it_creates_nothing_and_never_overwrites_a_coordinators_edit(pathways):
    situation = Situation.objects.get(slug="cyberharcelement")
    situation.title = "Titre local"
    situation.save()
    situation.record_change(user=None, action="test")
    report = load_pathways()
    assert (report.created, report.updated, report.kept) == (0, 0, 8)
    assert Situation.objects.get(slug="cyberharcelement").title == "Titre local"
    assert Step.objects.count() == 48


def test_the_demo_option_creates_the_ain_units_and_the_competence_table(db):
    call_command("load-demo", verbosity=0)
    call_command("load-pathways", "--demo", verbosity=0)
    call_command("load-pathways", "--demo", verbosity=0)
    assert ActorRole.objects.filter(code="crip").exists()
    assert sorted(CompetenceArea.objects.values_list("kind", "zone_code")) == [("crip", "01"), ("parquet", "01")]
