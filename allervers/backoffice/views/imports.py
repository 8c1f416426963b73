"""The coordinator's directory import: the same validation and report as `allervers import-directory`."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import render
from dsfr.forms import DsfrBaseForm

from allervers.accounts.mfa import second_factor_required
from allervers.accounts.permissions import ProRequest, import_actor
from allervers.backoffice.views.coordination import _require_coordinator
from allervers.directory.imports import NamedFile, import_directory

TEMPLATE_DIR = Path(__file__).resolve().parent.parent.parent / "directory" / "templates_files"
TEMPLATES = {
    "csv": ("modele-annuaire.csv", "text/csv"),
    "xlsx": (
        "modele-annuaire.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
}
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class ImportForm(DsfrBaseForm):
    file = forms.FileField(
        label="Fichier à importer",
        help_text="Modèle de l'annuaire (CSV ou XLSX), data·inclusion v1 (JSON, ou CSV structures + services "
        "dans un .zip). 20 Mo au plus.",
    )
    source = forms.SlugField(
        label="Source",
        required=False,
        help_text="Nom court de la provenance, par exemple « cd01 ». Laisser vide pour le modèle de l'annuaire.",
    )

    def clean_file(self) -> NamedFile:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("Le fichier dépasse 20 Mo.")
        return NamedFile(upload.name, upload.read())


def import_page(request: ProRequest) -> HttpResponse:
    """An import rewrites many listings at once: the coordinator confirms a second factor, and the file may only
    create or change what the coordinator could edit page by page."""
    _require_coordinator(request)
    return _import_page(request)


@second_factor_required
def _import_page(request: ProRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        dry_run = "simuler" in request.POST
        report = import_directory(
            [form.cleaned_data["file"]],
            source=form.cleaned_data["source"] or None,
            dry_run=dry_run,
            actor=import_actor(request.user),
        )
        if report.ok and not dry_run:
            messages.success(request, "Import terminé.")
    return render(request, "backoffice/import.html", {"form": form, "report": report})


def import_template(request: ProRequest, extension: str) -> HttpResponse:
    if extension not in TEMPLATES:
        raise Http404("Format inconnu.")
    name, content_type = TEMPLATES[extension]
    response = HttpResponse((TEMPLATE_DIR / name).read_bytes(), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
