"""allervers survey-estimate: CSV files in, the issue's JSON (or a table) out; French errors with their line."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from tests.surveys.helpers import population, sample, write_files


def _run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("survey-estimate", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_prints_the_weighted_estimates_as_json(tmp_path):
    responses, margins = write_files(tmp_path, sample(seed=11, size=600), population().margins())
    out, err = _run("--responses", str(responses), "--margins", str(margins), "--format", "json")
    data = json.loads(out)
    injures = data["questions"]["injures"]
    # The keys, plus the figures by territory (commune here: the margins are by commune).
    assert set(injures) == {"n", "raw", "weighted", "ci_low", "ci_high", "deff", "n_eff", "cells", "territories"}
    assert 0 <= injures["ci_low"] <= injures["weighted"] <= injures["ci_high"] <= 1
    assert injures["raw"] < injures["weighted"]  # the sample's elders, less often insulted, weigh less
    assert len(injures["cells"]) == 10
    visible = [cell for cell in injures["cells"] if not cell["suppressed"]]
    assert visible and set(visible[0]) == {"sexe", "age_groupe", "n", "weighted", "ci_low", "ci_high", "suppressed"}
    assert "calage en" in err and "effet de plan" in err


def test_suppressed_cells_carry_no_figures(tmp_path):
    responses, margins = write_files(tmp_path, sample(seed=11, size=150), population().margins())
    out, _ = _run("--responses", str(responses), "--margins", str(margins), "--format", "json", "--threshold", "20")
    cells = json.loads(out)["questions"]["vol"]["cells"]
    hidden = [cell for cell in cells if cell["suppressed"]]
    assert hidden and all(set(cell) == {"sexe", "age_groupe", "suppressed"} for cell in hidden)


def test_it_prints_a_readable_table_by_default(tmp_path):
    responses, margins = write_files(tmp_path, sample(seed=5, size=300), population().margins())
    out, _ = _run("--responses", str(responses), "--margins", str(margins), "--threshold", "35")
    assert "injures : n=" in out and "IC95 [" in out and "masqué" in out
    # Per sexe × age band too: n, raw and weighted shares, interval, design effect and effective n.
    cell_line = next(line for line in out.splitlines() if line.startswith(("  F ", "  H ")) and "n=" in line)
    assert all(word in cell_line for word in ("brut", "pondéré", "IC95", "effet de plan", "n efficace"))


@pytest.mark.parametrize(
    ("responses", "margins", "messages"),
    [
        (
            "commune,sexe,age,q\n01249,X,abc,peut-être\n01249,F,12,oui\n",
            None,
            [
                "ligne 2 : sexe « X » invalide",
                "ligne 2 : âge « abc » n'est pas un nombre",
                "ligne 2 : réponse « peut-être » à « q »",
                "ligne 3 : âge 12 : l'enquête porte sur les personnes de 18 ans et plus",
            ],
        ),
        ("commune,age,q\n01249,30,oui\n", None, ["colonne(s) manquante(s) : sexe"]),
        ("commune,sexe,age\n01249,F,30\n", None, ["aucune colonne de question"]),
        (
            None,
            "variable,modalite,effectif\nsexe,F,dix\nage,18-29,3\n",
            ["ligne 2 : effectif « dix »", "ligne 3 : variable « age »"],
        ),
        (None, "variable,modalite\nsexe,F\n", ["colonne(s) manquante(s) : effectif"]),
        (None, "variable,modalite,effectif\nsexe,F,100\nsexe,H,100\n", ["« age_groupe » manque"]),
        (
            "commune,sexe,age,q\n01249,F,30,oui\n01999,H,50,non\n",
            "variable,modalite,effectif\nsexe,F,100\nsexe,H,100\nage_groupe,30-44,80\nage_groupe,45-59,120\n"
            "commune,01249,200\n",
            ["« commune » n'a pas de modalité « 01999 »"],
        ),
        (
            "commune,sexe,age,q\n01249,F,30,oui\n01249,H,50,non\n",
            "variable,modalite,effectif\nsexe,F,100\nsexe,H,100\nage_groupe,30-44,80\nage_groupe,45-59,120\n"
            "age_groupe,75 et plus,30\n",
            ["aucun répondant pour « age_groupe = 75 et plus »", "les totaux des variables diffèrent"],
        ),
        ("", None, ["Réponses : le fichier est vide"]),
    ],
)
def test_it_refuses_bad_files_with_a_french_message_per_line(tmp_path, responses, margins, messages):
    good_responses, good_margins = write_files(tmp_path, sample(seed=1, size=100), population().margins())
    if responses is not None:
        good_responses.write_text(responses, encoding="utf-8")
    if margins is not None:
        good_margins.write_text(margins, encoding="utf-8")
    with pytest.raises(CommandError) as error:
        _run("--responses", str(good_responses), "--margins", str(good_margins))
    for message in messages:
        assert message in str(error.value)


def test_it_says_when_a_file_is_missing_or_the_calibration_cannot_converge(tmp_path):
    responses, margins = write_files(tmp_path, sample(seed=1, size=200), population().margins())
    with pytest.raises(CommandError, match="introuvable"):
        _run("--responses", str(tmp_path / "absent.csv"), "--margins", str(margins))
    with pytest.raises(CommandError, match="n'a pas convergé"):
        _run("--responses", str(responses), "--margins", str(margins), "--cap", "1.05")
    with pytest.raises(CommandError, match="seuil"):
        _run("--responses", str(responses), "--margins", str(margins), "--threshold", "-2")


def test_it_reads_semicolon_separated_files_in_windows_encoding(tmp_path):
    responses, margins = write_files(tmp_path, sample(seed=1, size=200), population().margins())
    margins.write_bytes(margins.read_text().replace(",", ";").encode("cp1252"))
    out, _ = _run("--responses", str(responses), "--margins", str(margins), "--format", "json")
    assert "injures" in json.loads(out)["questions"]
