"""The demo: one finished survey of the CISPD de Miribel et du Plateau, with synthetic answers."""

import io

import pytest
from django.core.management import call_command

from allervers.surveys.models import Response, Survey
from allervers.surveys.results import compute

pytestmark = pytest.mark.django_db


def test_the_demo_loads_a_published_survey_with_synthetic_answers_and_reloads_without_duplicates():
    out = io.StringIO()
    call_command("load-surveys-demo", stdout=out)
    call_command("load-surveys-demo", stdout=out)
    survey = Survey.objects.get()
    assert survey.status == "published" and survey.synthetic and survey.margins_illustrative
    assert Response.objects.count() == 640
    assert set(Response.objects.values_list("commune", flat=True)) <= set(survey.margins_dict()["commune"])
    results = compute(survey)
    assert results.weighting is not None and results.weighting.converged
    assert "640 réponses synthétiques" in out.getvalue()


def test_the_demo_answers_are_the_same_every_time(demo_survey):
    first = sorted(Response.objects.values_list("sexe", "age_groupe", "commune"))
    call_command("load-surveys-demo", stdout=io.StringIO())
    assert sorted(Response.objects.values_list("sexe", "age_groupe", "commune")) == first
