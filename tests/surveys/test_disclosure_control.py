"""Cells under the threshold are hidden, and so are the cells that would let them be recomputed."""

from allervers.surveys.estimation import (
    AGE_BANDS,
    COMPLEMENTARY,
    PRIMARY,
    SEXES,
    Respondent,
    estimate_question,
    suppression,
)


def _counts(**overrides):
    counts = {(s, a): 40 for s in SEXES for a in AGE_BANDS}
    for key, n in overrides.items():
        sexe, band = key.split("_", 1)
        counts[(sexe, band.replace("_", " "))] = n
    return counts


def test_no_cell_is_hidden_when_every_cell_reaches_the_threshold():
    assert set(suppression(_counts(), 11).values()) == {None}


def test_a_small_cell_is_hidden_with_a_partner_in_its_row_and_in_its_column():
    counts = _counts(**{"F_75_et_plus": 6, "F_18-29": 30, "H_60-74": 25})
    status = suppression(counts, 11)
    assert status[("F", "75 et plus")] == PRIMARY
    assert status[("H", "75 et plus")] == COMPLEMENTARY  # the column's total minus H would give F 75+
    assert status[("F", "18-29")] == COMPLEMENTARY  # smallest visible cell of the F row
    assert status[("H", "18-29")] == COMPLEMENTARY  # the 18-29 column then had one hidden cell: it gets a partner
    assert sum(1 for reason in status.values() if reason) == 4  # and the H row has two hidden cells: done
    # No line (row or column) is left with exactly one hidden non-empty cell.
    lines = [[(s, a) for a in AGE_BANDS] for s in SEXES] + [[(s, a) for s in SEXES] for a in AGE_BANDS]
    for line in lines:
        assert sum(1 for key in line if status[key] and counts[key] > 0) != 1


def test_two_small_cells_in_the_same_column_protect_each_other_there():
    status = suppression(_counts(**{"F_75_et_plus": 4, "H_75_et_plus": 3}), 11)
    assert status[("F", "75 et plus")] == status[("H", "75 et plus")] == PRIMARY
    hidden = [key for key, reason in status.items() if reason]
    assert len(hidden) == 4  # plus one partner in each row, none in the 75+ column


def test_a_question_result_publishes_no_figure_for_a_hidden_cell():
    respondents = [
        Respondent("01249", s, a, {"q": i % 3 == 0})
        for s in SEXES
        for a in AGE_BANDS
        for i in range(5 if (s, a) == ("H", "18-29") else 30)
    ]
    result = estimate_question("q", respondents, [1.0] * len(respondents), threshold=11)
    cells = {(c.sexe, c.age_groupe): c for c in result.cells}
    assert cells[("H", "18-29")].estimate is None and cells[("H", "18-29")].suppressed
    assert cells[("F", "18-29")].suppressed_because == COMPLEMENTARY
    assert sum(1 for c in result.cells if c.suppressed) == 4
    assert result.overall is not None and result.overall.n == 275


def test_a_question_answered_by_fewer_people_than_the_threshold_is_not_published_at_all():
    respondents = [Respondent("01249", "F", "30-44", {"q": True}) for _ in range(8)]
    result = estimate_question("q", respondents, [1.0] * 8, threshold=11)
    assert result.overall is None
    assert all(cell.estimate is None for cell in result.cells)
