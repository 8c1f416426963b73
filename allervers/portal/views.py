from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from allervers.directory.models import Service, Structure
from allervers.directory.search import SearchQuery, SearchResult, search_services
from allervers.jobs.duties import RECORDS_KEPT
from allervers.network.nearby import NearbyStop, stops_near
from allervers.portal import offline
from allervers.portal.forms import SearchForm
from allervers.taxonomy import terms
from allervers.taxonomy.emergency import EMERGENCY_NUMBERS, SOURCE_URL

SEARCH_FIELDS = {"commune", "code_commune", "lat", "lon", "thematique", "public", "mode", "q", "ouvert"}


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, min(int(request.GET.get("page", "1")), 10_000))
    except ValueError:
        return 1


@login_not_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html", {"form": SearchForm(), "emergency_numbers": EMERGENCY_NUMBERS})


@login_not_required
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    if not SEARCH_FIELDS & set(request.GET):
        return render(request, "portal/search.html", {"form": SearchForm(), "result": None})
    form = SearchForm(request.GET)
    result = None
    if form.is_valid():
        query = form.to_query(_page_number(request), settings.ALLERVERS_SEARCH_PAGE_SIZE)
        result = search_services(_with_distress_read(query))
    helplines, general = [], False
    if result is not None:
        # The emergency block already shows 114 and 115: do not list them twice.
        emergency = {item.number for item in EMERGENCY_NUMBERS}
        helplines = [line for line in result.helplines if not _only_emergency_numbers(line, emergency)]
        general = bool(helplines) and not result.query.is_urgent
        if not helplines and _wants_general_lines(result):
            helplines, general = _general_lines(result.query), True
    context = {
        "form": form,
        "result": result,
        "helplines": helplines,
        "emergency_numbers": EMERGENCY_NUMBERS if result and result.query.is_urgent else [],
        "general_lines": general,
        "querystring": _querystring_without_page(request),
        "nearby_stops": _nearby_stops(result),
    }
    return render(request, "portal/search.html", context)


def _with_distress_read(query: SearchQuery) -> SearchQuery:
    """The public page's reading of a search, which the API does not make (its results stay data·inclusion's): a
    text that names an urgent situation (« violences conjugales », « viol ») makes the search urgent as if its
    theme were chosen, the text still filtering; a search near a commune without a need (no theme, no text) ranks
    the national lines for everyone first, shown apart on its first page (directory/general_lines.py)."""
    query.named_thematiques = terms.urgent_thematiques_named(query.q)
    query.names_distress = terms.names_distress(query.q)
    query.general_lines_first = query.commune is not None and not query.thematiques and not query.q.strip()
    return query


def _wants_general_lines(result: SearchResult) -> bool:
    """A text that names a distress no line matches (« inceste », « suicide »: no line's text holds the word)."""
    query = result.query
    return query.names_distress and query.commune is not None and query.page == 1


def _general_lines(query: SearchQuery) -> list[Service]:
    """The national lines for everyone near the query's commune: a second search, on that rare page only. They
    are shown apart and not counted among the text's results, which they do not match."""
    lines = search_services(SearchQuery(commune=query.commune, general_lines_first=True, size=10))
    return [hit.service for hit in lines.leading_lines]


def _nearby_stops(result: SearchResult | None) -> list[NearbyStop]:
    """Mobile units' stops at and near the searched commune, on the first page (allervers/network/nearby.py)."""
    query = result.query if result is not None else None
    if query is None or query.commune is None or query.page > 1:
        return []
    return stops_near(query.commune, timezone.localdate(), point=query.point, thematiques=query.thematiques)


def _only_emergency_numbers(line: Service, emergency: set[str]) -> bool:
    numbers = line.channel_numbers()
    return bool(numbers) and numbers <= emergency


def _querystring_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _sees_professional_details(request: HttpRequest) -> bool:
    return request.user.is_authenticated and request.user.is_professional


@login_not_required
@require_GET
def service_detail(request: HttpRequest, pk: int, slug: str = "") -> HttpResponse:
    service = get_object_or_404(Service.objects.visible().select_related("structure", "commune"), pk=pk)
    if slug != service.slug:
        return HttpResponsePermanentRedirect(reverse("portal:service", args=[service.pk, service.slug]))
    now = timezone.now()
    context = {
        "service": service,
        "structure": service.structure,
        "is_open": service.is_open_at(now),
        "professional": _sees_professional_details(request),
        "other_services": service.structure.services.visible().exclude(pk=service.pk).order_by("name"),
    }
    return render(request, "portal/service.html", context)


@login_not_required
@require_GET
def structure_detail(request: HttpRequest, pk: int, slug: str = "") -> HttpResponse:
    structure = get_object_or_404(Structure.objects.visible().select_related("commune"), pk=pk)
    if slug != structure.slug:
        return HttpResponsePermanentRedirect(reverse("portal:structure", args=[structure.pk, structure.slug]))
    context = {
        "structure": structure,
        "services": structure.services.visible().order_by("name"),
        "professional": _sees_professional_details(request),
        "is_open": structure.is_open_at(timezone.now()),
    }
    return render(request, "portal/structure.html", context)


@login_not_required
@require_GET
def emergency(request: HttpRequest) -> HttpResponse:
    helplines = Service.objects.visible().helplines().select_related("structure").order_by("name")
    context = {"emergency_numbers": EMERGENCY_NUMBERS, "helplines": helplines, "source_url": SOURCE_URL}
    return render(request, "portal/urgences.html", context)


@login_not_required
@require_GET
def safe_browsing(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/navigation_securisee.html")


@login_not_required
@require_GET
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/accessibilite.html")


# Each module states the personal data it keeps in its own fragment; the page shows those of the installed modules.
PRIVACY_FRAGMENTS = ("outreach", "campaigns", "surveys", "network", "agreements")


@login_not_required
@require_GET
def privacy_notice(request: HttpRequest) -> HttpResponse:
    fragments = []
    for app in PRIVACY_FRAGMENTS:
        name = f"{app}/privacy.html"
        try:
            get_template(name)
        except TemplateDoesNotExist:
            continue
        fragments.append(name)
    context = {
        "fragments": fragments,
        "referral_retention_months": settings.ALLERVERS_REFERRAL_RETENTION_MONTHS,
        "records_kept_days": RECORDS_KEPT.days,
        "session_hours": settings.SESSION_COOKIE_AGE // 3600,
        "idle_minutes": settings.ALLERVERS_IDLE_TIMEOUT_MINUTES,
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "portal/confidentialite.html", context)


@login_not_required
@require_GET
def web_manifest(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/manifest.webmanifest", content_type="application/manifest+json")


@login_not_required
@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    context = {
        "precache": offline.precached_urls(),
        "public_prefixes": offline.public_page_prefixes(),
        "static_prefix": settings.STATIC_URL,
        "version": offline.cache_version(),
    }
    response = render(request, "portal/sw.js", context, content_type="text/javascript")
    # Browsers check /sw.js for updates at most once a day anyway; never let a proxy keep an old one longer.
    response["Cache-Control"] = "no-cache"
    return response
