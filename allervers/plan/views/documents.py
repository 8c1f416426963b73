from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify

from allervers.accounts.permissions import ProRequest
from allervers.common.pdf import render_pdf
from allervers.plan.documents.content import build, single_fiche
from allervers.plan.documents.docx import plan_docx
from allervers.plan.documents.xlsx import FileFormatError, export_fiches, import_fiches
from allervers.plan.forms import ImportForm
from allervers.plan.models import FicheAction, Plan
from allervers.plan.permissions import require_coordinator

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _name(plan: Plan) -> str:
    return slugify(f"{plan.title} {plan.period}")[:80]


def plan_docx_view(request: ProRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.for_user(request.user).select_related("department"), pk=pk)
    return _download(plan_docx(plan), DOCX, f"{_name(plan)}.docx")


def plan_pdf_view(request: ProRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.for_user(request.user).select_related("department"), pk=pk)
    pdf = render_pdf("plan/documents/plan.html", {"document": build(plan), "plan": plan})
    return _download(pdf, "application/pdf", f"{_name(plan)}.pdf")


def fiche_pdf_view(request: ProRequest, pk: int) -> HttpResponse:
    fiche = get_object_or_404(
        FicheAction.objects.for_user(request.user).select_related("action__axis__plan__department"), pk=pk
    )
    context = {"view": single_fiche(fiche), "plan": fiche.plan}
    pdf = render_pdf("plan/documents/fiche.html", context)
    return _download(pdf, "application/pdf", f"fiche-action-{fiche.number}.pdf")


def fiches_xlsx_view(request: ProRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.for_user(request.user), pk=pk)
    return _download(export_fiches(plan), XLSX, f"fiches-action-{_name(plan)}.xlsx")


def fiches_import_view(request: ProRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.for_user(request.user), pk=pk)
    require_coordinator(request.user, plan)
    form = ImportForm(request.POST or None, request.FILES or None)
    report, error = None, ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = import_fiches(plan, upload.name, upload.read())
        except FileFormatError as exc:
            error = exc.message
        if report is not None and report.ok:
            messages.success(request, report.summary_lines()[0])
            return redirect("plan:dashboard", pk=plan.pk)
    status = 400 if report is not None or error else 200
    return render(
        request, "plan/import.html", {"plan": plan, "form": form, "report": report, "error": error}, status=status
    )
