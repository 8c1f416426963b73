"""Results pages (coordination, and public once published), their exports, and the paper questionnaire."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from allervers.accounts.permissions import ProRequest
from allervers.common.pdf import render_pdf
from allervers.surveys import documents
from allervers.surveys.library import page_titles
from allervers.surveys.models import Survey
from allervers.surveys.pages import HELP_LINES, survey_pages
from allervers.surveys.results import compute


def _context(survey: Survey) -> dict[str, Any]:
    results = compute(survey)
    return {
        "survey": survey,
        "results": results,
        "chart": documents.chart(results),
        "method": documents.method_lines(results),
        "national": [i for i in results.indicators if i.question.national_reference],
    }


def results(request: ProRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey.objects.editable_by(request.user), pk=pk)
    return render(request, "surveys/results.html", _context(survey) | {"coordination": True})


@login_not_required
def public_results(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_object_or_404(Survey.objects.published(), slug=slug)
    return render(request, "surveys/results_public.html", _context(survey))


def _download(content: bytes | str, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def results_export(request: ProRequest, pk: int, fmt: str) -> HttpResponse:
    survey = get_object_or_404(Survey.objects.editable_by(request.user), pk=pk)
    name = f"enquete-{survey.slug}"
    if fmt == "pdf":
        return _download(render_pdf("surveys/report_pdf.html", _context(survey)), "application/pdf", f"{name}.pdf")
    if fmt not in ("csv", "xlsx", "docx"):
        raise Http404
    computed = compute(survey)
    if fmt == "csv":
        return _download(documents.aggregates_csv(computed), "text/csv; charset=utf-8", f"{name}.csv")
    if fmt == "xlsx":
        xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return _download(documents.aggregates_xlsx(computed), xlsx, f"{name}.xlsx")
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return _download(documents.report_docx(computed), docx, f"{name}.docx")


def paper_pdf(request: ProRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey.objects.editable_by(request.user), pk=pk)
    titles = page_titles()
    pages = [
        (titles.get(page, f"Page {page}"), survey.questions.asked().filter(page=page).select_related("shown_if"))
        for page in survey_pages(survey)
    ]
    context = {"survey": survey, "pages": pages, "help_lines": HELP_LINES}
    return _download(
        render_pdf("surveys/paper_pdf.html", context), "application/pdf", f"questionnaire-{survey.slug}.pdf"
    )
