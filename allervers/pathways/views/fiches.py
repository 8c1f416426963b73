"""Fiches réflexes: a one-page HTML view and an A4 PDF per situation and territory, and a ZIP per EPCI.

The fiches hold no personal data and are public; a logged-in professional also sees the professional-only lines, and
then the response is private and never cached by the browser.

A PDF costs WeasyPrint a hundred milliseconds or more of a worker: each one is kept in the cache under its content
version (pathways.fiches.pdf_cache_key), and generating one that is not there is limited per client address
(settings.ALLERVERS_FICHE_PDF_RATE, 429 beyond); serving a cached one is not limited.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.text import slugify
from django.views.decorators.http import require_GET
from django_ratelimit.core import is_ratelimited
from django_ratelimit.exceptions import Ratelimited

from allervers.directory.places import commune_by_code
from allervers.pathways.fiches import (
    Fiche,
    cached_fiche_pdf,
    epci_zip,
    fiche_context,
    fiche_for_commune,
    fiche_for_epci,
)
from allervers.pathways.models import Situation
from allervers.territories.enums import CommuneKind
from allervers.territories.models import EPCI, Commune


def sees_professional_lines(request: HttpRequest) -> bool:
    return bool(request.user.is_authenticated and getattr(request.user, "is_professional", False))


def _private_if_professional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    if sees_professional_lines(request):
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
    return response


@login_not_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("code_commune", "").strip()
    commune = commune_by_code(code) if code else None
    department = str(settings.ALLERVERS_DEPARTMENT_CODE)
    epcis = EPCI.objects.filter(communes__department_id=department).distinct().order_by("name")
    context = {
        "situations": Situation.objects.published(),
        "commune": commune,
        "epcis": epcis,
        "communes": Commune.objects.filter(kind=CommuneKind.COMMUNE, department_id=department)
        .only("code", "name")
        .order_by("name"),
    }
    return render(request, "pathways/fiches_index.html", context)


def _commune(code: str) -> Commune:
    commune = commune_by_code(code)
    if commune is None:
        raise Http404("Commune introuvable")
    return commune


class GenerationLimit:
    """Counts one PDF generation for the client's address, once per request, and refuses beyond the rate."""

    group = "fiche-pdf"

    def __init__(self, request: HttpRequest) -> None:
        self.request = request
        self.counted = False

    def __call__(self) -> None:
        if self.counted:  # an EPCI's ZIP generates several PDFs in one request: it counts once
            return
        self.counted = True
        rate = settings.ALLERVERS_FICHE_PDF_RATE
        if is_ratelimited(self.request, group=self.group, key="ip", rate=rate, increment=True):
            raise Ratelimited()


def _render_fiche(request: HttpRequest, fiche: Fiche, pdf: bool, html_urls: dict[str, str]) -> HttpResponse:
    show = sees_professional_lines(request)
    if pdf:
        content = cached_fiche_pdf(fiche, show_professional=show, before_generating=GenerationLimit(request))
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{fiche.filename}"'
    else:
        response = render(request, "pathways/fiche.html", {**fiche_context(fiche, show_professional=show), **html_urls})
    return _private_if_professional(request, response)


@login_not_required
@require_GET
def commune_fiche(request: HttpRequest, slug: str, code: str, pdf: bool = False) -> HttpResponse:
    situation = get_object_or_404(Situation.objects.published(), slug=slug)
    commune = _commune(code)
    fiche = fiche_for_commune(situation, commune)
    pdf_url = reverse("pathways:commune-fiche-pdf", args=[situation.slug, commune.code])
    return _render_fiche(request, fiche, pdf, {"pdf_url": pdf_url})


@login_not_required
@require_GET
def epci_fiche(request: HttpRequest, slug: str, siren: str, pdf: bool = False) -> HttpResponse:
    situation = get_object_or_404(Situation.objects.published(), slug=slug)
    epci = get_object_or_404(EPCI, siren=siren)
    fiche = fiche_for_epci(situation, epci)
    pdf_url = reverse("pathways:epci-fiche-pdf", args=[situation.slug, epci.siren])
    zip_url = reverse("pathways:epci-archive", args=[epci.siren])
    return _render_fiche(request, fiche, pdf, {"pdf_url": pdf_url, "zip_url": zip_url})


@require_GET
def epci_archive(request: HttpRequest, siren: str) -> HttpResponse:
    """Heavy (one PDF per situation): reserved to logged-in users, who are the ones printing fiches in bulk."""
    epci = get_object_or_404(EPCI, siren=siren)
    content = epci_zip(
        epci, show_professional=sees_professional_lines(request), before_generating=GenerationLimit(request)
    )
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="fiches-reflexes-{slugify(epci.name)[:60]}.zip"'
    return _private_if_professional(request, response)
