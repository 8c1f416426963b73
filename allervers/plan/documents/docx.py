"""The whole plan as an editable Word document, laid out like a French administrative plan.

Cover, summary, presentation, one section per axis (its actions and their objectives), one page per fiche,
indicators, then the governance (working groups, meetings and decisions).
"""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from allervers.common.text import french_number
from allervers.plan.documents.content import FicheView, PlanDocument, build
from allervers.plan.models import Plan

BLUE = RGBColor(0x00, 0x00, 0x91)
FONT = "Arial"


def plan_docx(plan: Plan) -> bytes:
    content = build(plan)
    document = Document()
    _setup(document, content)
    _cover(document, content)
    _summary(document, content)
    _axes(document, content)
    _indicators(document, content)
    _governance(document, content)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _setup(document: DocumentType, content: PlanDocument) -> None:
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(10)
    for name, size in (("Title", 26), ("Heading 1", 18), ("Heading 2", 14), ("Heading 3", 12)):
        style = document.styles[name]
        style.font.name, style.font.size, style.font.color.rgb = FONT, Pt(size), BLUE
    section = document.sections[0]
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin = section.right_margin = Cm(2.2)
    footer = section.footer.paragraphs[0]
    footer.text = f"{content.plan.title} {content.plan.period} — page "
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(footer.add_run())
    section.different_first_page_header_footer = True


def _page_field(run: object) -> None:
    begin, text, end = OxmlElement("w:fldChar"), OxmlElement("w:instrText"), OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    text.set(qn("xml:space"), "preserve")
    text.text = "PAGE"
    end.set(qn("w:fldCharType"), "end")
    element = run._r  # type: ignore[attr-defined]
    element.append(begin)
    element.append(text)
    element.append(end)


def _centered(document: DocumentType, text: str, size: int, bold: bool = False, space_after: int = 6) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(space_after)
    run = paragraph.add_run(text)
    run.bold, run.font.size = bold, Pt(size)


def _cover(document: DocumentType, content: PlanDocument) -> None:
    plan = content.plan
    _centered(document, "RÉPUBLIQUE FRANÇAISE", 12, bold=True, space_after=0)
    _centered(document, "Liberté\nÉgalité\nFraternité", 9, space_after=36)
    if plan.owner:
        _centered(document, plan.owner, 12, bold=True, space_after=120)
    title = document.add_paragraph(plan.title, style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _centered(document, plan.period, 22, bold=True, space_after=24)
    _centered(document, f"Territoire : {plan.department.name} ({plan.department_id})", 12)
    _centered(document, f"Statut du plan : {plan.get_status_display()}", 10)
    _centered(document, f"Document édité le {content.generated_on:%d/%m/%Y}", 10)
    if plan.is_demo:
        _centered(document, "Données de démonstration", 10, bold=True)
    document.add_page_break()


def _summary(document: DocumentType, content: PlanDocument) -> None:
    document.add_heading("Sommaire", level=1)
    document.add_paragraph("Présentation du plan", style="List Number")
    for axis_view in content.axes:
        document.add_paragraph(f"Axe {axis_view.axis.number} : {axis_view.axis.title}", style="List Number")
        for action_view in axis_view.actions:
            document.add_paragraph(
                f"Action {action_view.action.code} : {action_view.action.title}", style="List Bullet"
            )
            for view in _flatten(action_view.fiches):
                document.add_paragraph(f"Fiche action {view.fiche.number} : {view.fiche.title}", style="List Bullet 2")
    document.add_paragraph("Indicateurs de suivi", style="List Number")
    document.add_paragraph("Gouvernance : groupes de travail et relevés de décisions", style="List Number")
    if content.plan.summary:
        document.add_heading("Présentation du plan", level=1)
        for block in content.plan.summary.split("\n\n"):
            document.add_paragraph(block)


def _flatten(views: list[FicheView]) -> list[FicheView]:
    result = []
    for view in views:
        result.append(view)
        result += _flatten(view.children)
    return result


def _axes(document: DocumentType, content: PlanDocument) -> None:
    for axis_view in content.axes:
        document.add_section(WD_SECTION.NEW_PAGE)
        axis = axis_view.axis
        document.add_heading(f"Axe {axis.number} : {axis.title}", level=1)
        if axis.description:
            document.add_paragraph(axis.description)
        for action_view in axis_view.actions:
            action = action_view.action
            document.add_heading(f"Action {action.code} : {action.title}", level=2)
            if action.objectives:
                document.add_paragraph("Objectifs").runs[0].bold = True
                _text_block(document, action.objectives)
            fiches = _flatten(action_view.fiches)
            document.add_paragraph(f"{len(fiches)} fiche(s) action : " + ", ".join(v.fiche.number for v in fiches))
        for view in _flatten([f for a in axis_view.actions for f in a.fiches]):
            _fiche_page(document, view)


def _text_block(document: DocumentType, text: str) -> None:
    for line in text.splitlines():
        if line.startswith("- "):
            document.add_paragraph(line[2:], style="List Bullet")
        elif line.strip():
            document.add_paragraph(line)


def _fiche_page(document: DocumentType, view: FicheView) -> None:
    fiche = view.fiche
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_heading(f"Fiche action {fiche.number} : {fiche.title}", level=3)
    if fiche.parent_id and fiche.parent:
        document.add_paragraph(f"Sous-action de la fiche {fiche.parent.number}")
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for label, text in view.rows():
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(label).bold = True
        lines = text.splitlines() or [""]
        cells[1].paragraphs[0].text = lines[0]
        for line in lines[1:]:
            cells[1].add_paragraph(line)
    for column, width in zip(table.columns, (4.5, 12.1), strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)
    steps = list(fiche.steps.all())
    if steps:
        document.add_paragraph("Étapes").runs[0].bold = True
        _grid(
            document,
            ["Étape", "Date prévue", "Réalisée le"],
            [
                [
                    s.title,
                    f"{s.due_date:%d/%m/%Y}" if s.due_date else "—",
                    f"{s.done_on:%d/%m/%Y}" if s.done_on else "non",
                ]
                for s in steps
            ],
            [9, 3.5, 3.5],
        )
    budget_lines = list(fiche.budget_lines.all())
    if budget_lines:
        document.add_paragraph("Budget").runs[0].bold = True
        _grid(
            document,
            ["Année", "Financeur", "Prévu (€)", "Dépensé (€)"],
            [
                [
                    str(b.year),
                    b.get_funding_source_display() + (f" — {b.label}" if b.label else ""),
                    f"{b.planned:.2f}",
                    f"{b.actual:.2f}" if b.actual is not None else "—",
                ]
                for b in budget_lines
            ],
            [2, 8, 3, 3],
        )


def _grid(document: DocumentType, headers: list[str], rows: list[list[str]], widths: list[float]) -> None:
    """A bordered table; LibreOffice needs every cell's width, not only the columns'."""
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.autofit = False
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.paragraphs[0].add_run(header).bold = True
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)


def _indicators(document: DocumentType, content: PlanDocument) -> None:
    if not content.indicators:
        return
    document.add_section(WD_SECTION.NEW_PAGE)
    document.add_heading("Indicateurs de suivi", level=1)
    for indicator in content.indicators:
        document.add_heading(indicator.title, level=3)
        facts = [
            f"Fiche {indicator.fiche.number}" if indicator.fiche else "Plan",
            f"unité : {indicator.unit or '—'}",
            f"source : {indicator.source or '—'}",
            f"fréquence : {indicator.get_frequency_display()}",
        ]
        if indicator.baseline is not None:
            facts.append(f"référence : {french_number(indicator.baseline)}")
        if indicator.target is not None:
            facts.append(f"cible : {french_number(indicator.target)}")
        document.add_paragraph(" — ".join(facts))
        latest = indicator.latest_values()
        if not latest:
            document.add_paragraph("Aucune mesure pour l'instant.")
            continue
        document.add_paragraph(f"Dernière mesure : {latest[0].measured_on:%d/%m/%Y}")
        _grid(document, ["Catégorie", "Valeur"], [[v.category or "—", v.display_value] for v in latest], [12, 4])


def _governance(document: DocumentType, content: PlanDocument) -> None:
    if not content.meetings:
        return
    document.add_section(WD_SECTION.NEW_PAGE)
    document.add_heading("Gouvernance : groupes de travail et relevés de décisions", level=1)
    for meeting in content.meetings:
        document.add_heading(str(meeting.group), level=2)
        document.add_paragraph(f"Objet : {meeting.title}").runs[0].bold = True
        document.add_paragraph(f"Réunion du {meeting.held_on:%d/%m/%Y}")
        document.add_paragraph("Présidence").runs[0].bold = True
        for p in meeting.chairs:
            document.add_paragraph(f"{p.function} ({p.organisation_name})", style="List Bullet")
        document.add_paragraph("Présents").runs[0].bold = True
        for p in meeting.attendees:
            document.add_paragraph(f"{p.organisation_name} : {p.function}", style="List Bullet")
        if meeting.summary:
            document.add_paragraph(meeting.summary)
        document.add_paragraph("Relevé de décisions").runs[0].bold = True
        _grid(
            document,
            ["N°", "Décision", "Actions et fiches", "Suivi par", "Échéance"],
            [
                [
                    str(d.number),
                    d.text,
                    ", ".join([a.code for a in d.actions.all()] + [f.number for f in d.fiches.all()]) or "—",
                    d.follow_up_by or "—",
                    f"{d.due_date:%d/%m/%Y}" if d.due_date else "—",
                ]
                for d in meeting.decisions.all()
            ],
            [1, 8, 2.6, 3.4, 1.6],
        )
