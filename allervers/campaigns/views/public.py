"""The territories' help pages, the target of every QR code: public, cookie-free, light, readable offline."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from allervers.campaigns.enums import SupportKind
from allervers.campaigns.models import Campaign, ScanCount
from allervers.campaigns.supports import FORMATS
from allervers.campaigns.territory import (
    Territory,
    commune_territory,
    epci_territory,
    helplines,
    local_services,
    within,
)
from allervers.taxonomy.emergency import EMERGENCY_NUMBERS, SOURCE_URL

SCAN_PARAMETERS = ("c", "s")
# At most this many scans a minute are counted for one campaign, support and territory: a robot replaying a QR
# URL cannot inflate the indicators beyond it, while a queue at a market stand is still counted. The bucket is
# the aggregate's own key and minute, never anything about a visitor (no address, no browser).
SCANS_PER_MINUTE = 20


@login_not_required
@require_GET
def commune_help(request: HttpRequest, code: str) -> HttpResponse:
    place = commune_territory(code.upper())
    if place is None:
        raise Http404("Aucune commune n'a ce code INSEE.")
    return _help_page(request, place)


@login_not_required
@require_GET
def epci_help(request: HttpRequest, siren: str) -> HttpResponse:
    place = epci_territory(siren)
    if place is None:
        raise Http404("Aucune intercommunalité n'a ce numéro SIREN.")
    return _help_page(request, place)


def _help_page(request: HttpRequest, place: Territory) -> HttpResponse:
    if any(name in request.GET for name in SCAN_PARAMETERS):
        return _count_scan(request, place)
    content = local_services(place)
    context = {
        "territory": place,
        "emergency_numbers": EMERGENCY_NUMBERS,
        "source_url": SOURCE_URL,
        "helplines": helplines(),
        "local": content.local,
        "nearest": content.nearest,
    }
    return render(request, "campaigns/help.html", context)


def _count_scan(request: HttpRequest, place: Territory) -> HttpResponse:
    """A QR code followed: one more in the day's aggregate, nothing about the person, then the clean address.

    Counted only for a known campaign and support, on a territory inside the campaign's (a code typed by hand on
    another commune's page is not that campaign's scan), and within the minute's bucket (SCANS_PER_MINUTE).
    Whatever the codes, the person lands on the page: a misprinted support must not stop anyone from finding help.
    303: the browser asks the clean page with GET, and the codes leave the address bar and history."""
    support = request.GET.get("s", "")
    campaign = Campaign.objects.filter(slug=request.GET.get("c", "")[:60]).first()
    if (
        campaign is not None
        and support in FORMATS
        and within(place, campaign.territory_code)
        and _within_the_minutes_bucket(campaign, support, place)
    ):
        ScanCount.record(campaign, SupportKind(support), place.code, timezone.localdate())
    response = HttpResponseRedirect(place.path, status=303)
    response["Cache-Control"] = "no-store"
    return response


def _within_the_minutes_bucket(campaign: Campaign, support: str, place: Territory) -> bool:
    minute = timezone.now().strftime("%Y%m%d%H%M")
    key = f"campaigns:scans:{campaign.pk}:{support}:{place.code}:{minute}"
    cache.add(key, 0, timeout=120)
    try:
        return cache.incr(key) <= SCANS_PER_MINUTE
    except ValueError:  # the key went between add and incr (evicted): count this one
        return True


@login_not_required
@require_GET
def campaign_page(request: HttpRequest, code: str, slug: str) -> HttpResponse:
    """The accessible version of a support: the same content as the printed one, as a web page."""
    place = commune_territory(code.upper()) if len(code) == 5 else epci_territory(code)
    if place is None:
        raise Http404("Territoire inconnu.")
    campaign = get_object_or_404(Campaign, slug=slug)
    context = {
        "territory": place,
        "campaign": campaign,
        "emergency_numbers": EMERGENCY_NUMBERS,
        "helplines": helplines(campaign.theme),
    }
    return render(request, "campaigns/campaign_page.html", context)
