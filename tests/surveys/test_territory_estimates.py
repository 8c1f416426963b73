"""Estimates by commune (or by EPCI when the margins are by EPCI), with the same disclosure control as the sexe ×
age table: small territories hidden, and a partner hidden when one alone would be the total minus the others."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from allervers.surveys.estimation import COMPLEMENTARY, PRIMARY, Respondent, estimate_question, suppression_1d
from tests.factories import coordinator
from tests.surveys.helpers import population, sample, write_files


def test_a_small_territory_is_hidden_with_the_smallest_other_one():
    status = suppression_1d({"01249": 120, "01194": 40, "01376": 6}, threshold=11)
    assert status == {"01249": None, "01194": COMPLEMENTARY, "01376": PRIMARY}


def test_two_small_territories_protect_each_other_and_nothing_is_hidden_when_all_are_large():
    assert suppression_1d({"a": 120, "b": 5, "c": 4}, 11) == {"a": None, "b": PRIMARY, "c": PRIMARY}
    assert set(suppression_1d({"a": 120, "b": 50}, 11).values()) == {None}


def test_a_question_result_gives_each_commune_and_no_figure_for_a_hidden_one():
    respondents = [
        Respondent(commune, "F", "30-44", {"q": i % 4 == 0})
        for commune, size in (("01249", 60), ("01194", 30), ("01376", 5))
        for i in range(size)
    ]
    result = estimate_question("q", respondents, [1.0] * len(respondents), threshold=11)
    places = {cell.territory: cell for cell in result.territories}
    assert result.territory_level == "commune"
    assert places["01249"].estimate is not None and places["01249"].n == 60
    assert places["01376"].estimate is None and places["01376"].suppressed_because == PRIMARY
    assert places["01194"].estimate is None and places["01194"].suppressed_because == COMPLEMENTARY


def test_respondents_placed_in_their_epci_are_estimated_by_epci():
    respondents = [Respondent("01249", "H", "45-59", {"q": i % 2 == 0}, epci="240100800") for i in range(30)]
    result = estimate_question("q", respondents, [1.0] * 30, threshold=11)
    assert result.territory_level == "epci"
    assert [(c.territory, c.n) for c in result.territories] == [("240100800", 30)]


@pytest.mark.django_db
def test_the_results_page_and_the_csv_give_the_figures_by_commune(client, demo_survey):
    from allervers.territories.models import Commune

    html = client.get(reverse("surveys:public-results", args=[demo_survey.slug])).content.decode()
    assert "renonce_sortir : par commune" in html
    miribel = Commune.objects.current().get(code="01249")
    assert f'<th scope="row">{miribel.name}</th>' in html
    client.force_login(coordinator())
    content = client.get(reverse("surveys:export", args=[demo_survey.pk, "csv"])).content.decode()
    rows = [r for r in csv.DictReader(io.StringIO(content), delimiter=";") if r["groupe"].startswith("Commune ")]
    assert rows and any(r["groupe"] == f"Commune 01249 {miribel.name}" for r in rows)
    published = [r for r in rows if r["diffusion"] == "publié"]
    assert published and all(r["part_ponderee"] and r["ic95_bas"] for r in published)
    assert all(r["part_ponderee"] == "" and r["repondants"] == "" for r in rows if r["diffusion"] != "publié")


@pytest.mark.django_db
def test_the_command_line_gives_each_commune_or_each_epci(tmp_path):
    respondents = sample(seed=3, size=500)
    responses, margins = write_files(tmp_path, respondents, population().margins())
    out = io.StringIO()
    call_command(
        "survey-estimate",
        "--responses",
        str(responses),
        "--margins",
        str(margins),
        "--format",
        "json",
        stdout=out,
        stderr=io.StringIO(),
    )
    places = json.loads(out.getvalue())["questions"]["injures"]["territories"]
    assert {p["commune"] for p in places} == {"01249", "01194", "01376"}
    assert all(0 <= p["ci_low"] <= p["weighted"] <= p["ci_high"] <= 1 for p in places if not p["suppressed"])

    # The same answers weighted to the EPCIs of their communes (COG): one line per EPCI.
    from allervers.surveys.territory import epci_of

    epcis = epci_of(["01249", "01194", "01376"])
    by_epci: dict[str, float] = {}
    for (commune, _, _), people in population().counts.items():
        by_epci[epcis[commune]] = by_epci.get(epcis[commune], 0) + people
    lines = margins.read_text().splitlines()
    kept = [line for line in lines if not line.startswith("commune,")]
    margins.write_text("\n".join(kept + [f"epci,{siren},{n:g}" for siren, n in by_epci.items()]) + "\n")
    out = io.StringIO()
    call_command(
        "survey-estimate",
        "--responses",
        str(responses),
        "--margins",
        str(margins),
        "--format",
        "json",
        stdout=out,
        stderr=io.StringIO(),
    )
    places = json.loads(out.getvalue())["questions"]["injures"]["territories"]
    assert {p["epci"] for p in places} == set(by_epci)
    table = io.StringIO()
    call_command("survey-estimate", "--responses", str(responses), "--margins", str(margins), stdout=table)
    assert f"epci {next(iter(by_epci))}" in table.getvalue() and "effet de plan" in table.getvalue()
