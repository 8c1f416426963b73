"""Words and tables around the estimates: French percentages, plain readings, the command line's table."""

from __future__ import annotations

from collections.abc import Mapping

from allervers.surveys.estimation import COMPLEMENTARY, Estimate, QuestionResult


def percent(share: float, digits: int = 0) -> str:
    text = f"{100 * share:.{digits}f}".replace(".", ",")
    return f"{text} %"


def reading(estimate: Estimate | None, statement: str, population: str = "des habitants") -> str:
    """'Entre 3 % et 6 % des habitants …', the interval first: the point estimate alone would mislead."""
    if estimate is None:
        return "Trop peu de réponses pour publier ce résultat."
    low, high = percent(estimate.ci_low), percent(estimate.ci_high)
    if low == high:
        return f"Environ {low} {population} {statement} (estimation sur {estimate.n} réponses)."
    return (
        f"Entre {low} et {high} {population} {statement} (estimation {percent(estimate.weighted)}, "
        f"sur {estimate.n} réponses ; intervalle de confiance à 95 %)."
    )


def suppressed_label(reason: str | None) -> str:
    if reason is None:
        return ""
    if reason == COMPLEMENTARY:
        return "masqué (permettrait de recalculer une case masquée)"
    return "masqué (trop peu de réponses)"


def text_table(results: Mapping[str, QuestionResult]) -> str:
    lines = []
    for code, result in results.items():
        overall = result.overall
        lines.append("")
        if overall is None:
            lines.append(f"{code} : masqué (trop peu de réponses)")
        else:
            lines.append(
                f"{code} : n={overall.n}  brut {percent(overall.raw, 1)}  pondéré {percent(overall.weighted, 1)}  "
                f"IC95 [{percent(overall.ci_low, 1)} ; {percent(overall.ci_high, 1)}]  "
                f"effet de plan {overall.deff:.2f}  n efficace {overall.n_eff:.0f}"
            )
        rows = [(f"{cell.sexe} {cell.age_groupe}", cell.estimate, cell.suppressed_because) for cell in result.cells]
        rows += [
            (f"{result.territory_level} {t.territory}", t.estimate, t.suppressed_because) for t in result.territories
        ]
        for label, e, reason in rows:
            if e is None:
                lines.append(f"  {label:<17} {suppressed_label(reason)}")
            else:
                lines.append(
                    f"  {label:<17} n={e.n:<5} brut {percent(e.raw, 1):>7}  pondéré {percent(e.weighted, 1):>7}  "
                    f"IC95 [{percent(e.ci_low, 1)} ; {percent(e.ci_high, 1)}]  effet de plan {e.deff:.2f}  "
                    f"n efficace {e.n_eff:.0f}"
                )
    return "\n".join(lines)
