"""The aggregates a survey publishes, as rows (CSV, XLSX), a Word report and chart geometry for the SVG.

Only aggregates leave: never an answer, never a suppressed cell's figure.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from allervers.common.spreadsheets import append_row, csv_text
from allervers.surveys.estimation import Estimate
from allervers.surveys.national import no_reference
from allervers.surveys.report import percent, suppressed_label
from allervers.surveys.results import SurveyResults

COLUMNS = [
    "question",
    "intitule",
    "groupe",
    "repondants",
    "part_brute",
    "part_ponderee",
    "ic95_bas",
    "ic95_haut",
    "effet_de_plan",
    "effectif_efficace",
    "diffusion",
]


def _figures(estimate: Estimate | None) -> dict[str, Any]:
    if estimate is None:
        return dict.fromkeys(COLUMNS[4:10], "")
    return {
        "part_brute": round(estimate.raw, 4),
        "part_ponderee": round(estimate.weighted, 4),
        "ic95_bas": round(estimate.ci_low, 4),
        "ic95_haut": round(estimate.ci_high, 4),
        "effet_de_plan": round(estimate.deff, 3),
        "effectif_efficace": round(estimate.n_eff, 1),
    }


def aggregate_rows(results: SurveyResults) -> list[dict[str, Any]]:
    rows = []
    for item in results.indicators:
        base = {"question": item.question.code, "intitule": item.question.text}
        overall = item.result.overall
        rows.append(
            base
            | {"groupe": "Ensemble", "repondants": overall.n if overall else ""}
            | _figures(overall)
            | {"diffusion": "publié" if overall else "masqué (trop peu de réponses)"}
        )
        for cell in item.result.cells:
            figures = _figures(cell.estimate) | {"part_brute": ""}
            rows.append(
                base
                | {"groupe": f"{cell.sexe} {cell.age_groupe}", "repondants": "" if cell.suppressed else cell.n}
                | figures
                | {"diffusion": suppressed_label(cell.suppressed_because) or "publié"}
            )
        level = TERRITORY_LABELS[item.result.territory_level]
        for place in item.result.territories:
            name = results.territory_names.get(place.territory, place.territory)
            rows.append(
                base
                | {"groupe": f"{level} {place.territory} {name}", "repondants": "" if place.suppressed else place.n}
                | _figures(place.estimate)
                | {"part_brute": ""}
                | {"diffusion": suppressed_label(place.suppressed_because) or "publié"}
            )
    return rows


TERRITORY_LABELS = {"commune": "Commune", "epci": "EPCI"}


def aggregates_csv(results: SurveyResults) -> str:
    return csv_text(COLUMNS, aggregate_rows(results), delimiter=";")


def aggregates_xlsx(results: SurveyResults) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Agrégats"
    append_row(sheet, COLUMNS)
    for row in aggregate_rows(results):
        append_row(sheet, [row[c] for c in COLUMNS])
    method = book.create_sheet("Méthode")
    for line in method_lines(results):
        append_row(method, [line])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def method_lines(results: SurveyResults) -> list[str]:
    survey, weighting = results.survey, results.weighting
    lines = [
        f"Enquête « {survey.title} », {survey.organiser}, {survey.territory}.",
        f"Collecte du {survey.starts_on:%d/%m/%Y} au {survey.ends_on:%d/%m/%Y} ; période de référence : "
        f"{survey.reference_period}.",
        f"{results.respondents} réponses"
        + (
            f" pour {survey.invited} personnes invitées (taux de réponse {percent(results.response_rate or 0)})."
            if survey.invited
            else "."
        ),
    ]
    if weighting is not None:
        lines.append(
            f"Pondération par calage (raking, bibliothèque weightipy) sur le sexe, la tranche d'âge et la commune, "
            f"en {weighting.iterations} itérations ; poids plafonnés à {weighting.cap:g} fois le poids moyen "
            f"({weighting.trimmed} plafonnés) ; effet de plan de la pondération {weighting.deff:.2f}, effectif "
            f"efficace {weighting.n_eff:.0f}."
        )
    lines += [
        "Intervalles de confiance à 95 % : méthode de Wilson sur l'effectif efficace tiré de la variance linéarisée "
        "de chaque part (bibliothèque statsmodels).",
        f"Une case de moins de {survey.threshold} répondants n'est pas publiée, ni une case qui permettrait de la "
        "recalculer à partir des totaux.",
        f"Marges de population : {survey.margins_source or 'non renseignées'}"
        + (" (marges illustratives, pas une source officielle)." if survey.margins_illustrative else "."),
        "Limites : la pondération corrige les écarts de participation selon le sexe, l'âge et la commune, pas ceux "
        "qui tiennent à d'autres causes (les victimes répondent peut-être plus, ou moins) ; les réponses ne sont pas "
        "vérifiées ; les petites différences entre groupes ne sont pas significatives quand les intervalles se "
        "chevauchent.",
    ]
    if survey.synthetic:
        lines.append("Démonstration : les réponses sont synthétiques (tirées au hasard avec une graine fixe).")
    return lines


def report_docx(results: SurveyResults) -> bytes:
    from docx import Document

    document = Document()
    document.add_heading(results.survey.title, level=0)
    document.add_paragraph(f"{results.survey.organiser} — {results.survey.territory}")
    document.add_heading("Résultats", level=1)
    for item in results.indicators:
        document.add_heading(item.question.text, level=2)
        document.add_paragraph(item.reading)
        reference = item.question.national_reference
        if reference is not None:
            document.add_paragraph(
                f"Au niveau national : {reference.share} % ({reference.label}, {reference.year} ; {reference.source}, "
                f"{reference.url})."
            )
        else:
            document.add_paragraph(f"Au niveau national : {no_reference(item.question.code)}.")
        places = [p for p in item.result.territories if p.estimate is not None]
        if places:
            level = TERRITORY_LABELS[item.result.territory_level]
            document.add_paragraph(
                f"Par {level.lower()} : "
                + " ; ".join(
                    f"{results.territory_names.get(p.territory, p.territory)} {percent(p.estimate.weighted)} "
                    f"(de {percent(p.estimate.ci_low)} à {percent(p.estimate.ci_high)})"
                    for p in places
                    if p.estimate is not None
                )
                + "."
            )
    document.add_heading("Méthode", level=1)
    for line in method_lines(results):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class Bar:
    label: str
    y: float
    width: float
    low: float
    high: float
    text: str
    national: float | None


CHART_WIDTH, LABEL_WIDTH, ROW = 600.0, 0.0, 44.0


def chart(results: SurveyResults) -> dict[str, Any]:
    """Geometry of a horizontal bar chart: one bar per published indicator, its interval drawn as a whisker."""
    shown = [item for item in results.indicators if item.result.overall is not None]
    tops = [item.result.overall.ci_high for item in shown if item.result.overall]
    tops += [float(item.question.national_reference.share) / 100 for item in shown if item.question.national_reference]
    scale_max = max(0.1, min(1.0, (int(max(tops, default=0.1) * 10) + 1) / 10))
    scale = (CHART_WIDTH - 20) / scale_max
    bars = []
    for index, item in enumerate(shown):
        e = item.result.overall
        assert e is not None
        reference = item.question.national_reference
        bars.append(
            Bar(
                label=item.question.text,
                y=index * ROW,
                width=e.weighted * scale,
                low=e.ci_low * scale,
                high=e.ci_high * scale,
                text=f"{percent(e.weighted)} (de {percent(e.ci_low)} à {percent(e.ci_high)})",
                national=float(reference.share) / 100 * scale if reference else None,
            )
        )
    ticks = [(i / 10 * scale, percent(i / 10)) for i in range(int(round(scale_max * 10)) + 1)]
    return {"bars": bars, "height": len(bars) * ROW + 30, "width": CHART_WIDTH, "ticks": ticks}
