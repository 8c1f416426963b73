"""The coordinators' campaign pages: campaigns of their territory, partners, distributions, supports, indicators.

Only a coordinator reaches them; another professional gets a 404, as for anything one cannot see
(Campaign.objects.for_user), and an anonymous visitor the login page (LoginRequiredMiddleware).
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from allervers.accounts.models import CoordinatorScope
from allervers.accounts.permissions import ProRequest
from allervers.campaigns import indicators as campaign_indicators
from allervers.campaigns.enums import SupportKind
from allervers.campaigns.forms import CampaignForm, DistributionForm, SponsorForm, SupportTerritoryForm
from allervers.campaigns.models import Campaign, Sponsor
from allervers.campaigns.supports import FORMATS, preview_png, qr_png, qr_svg, render_support, scan_url
from allervers.campaigns.territory import Territory, territory, within
from allervers.plan.models import FicheAction


def _scope(request: ProRequest) -> CoordinatorScope:
    scope = request.user.coordinator_scope
    if scope is None:
        raise Http404("Réservé à la coordination.")
    return scope


def _campaign(request: ProRequest, slug: str) -> Campaign:
    _scope(request)
    return get_object_or_404(Campaign.objects.for_user(request.user), slug=slug)


def campaign_list(request: ProRequest) -> HttpResponse:
    _scope(request)
    campaigns = Campaign.objects.for_user(request.user)
    return render(request, "campaigns/manage/list.html", {"campaigns": campaigns})


def campaign_detail(request: ProRequest, slug: str) -> HttpResponse:
    """The campaign, its partners and distributions, and its supports for the commune or EPCI chosen in its
    territory (a commune's campaign: that commune; an EPCI's or a department's: any of theirs, ?territoire=)."""
    campaign = _campaign(request, slug)
    place = territory(campaign.territory_code)
    chooser = SupportTerritoryForm(request.GET or None, campaign=campaign) if place is None or place.is_epci else None
    supports_for: Territory | None = place if chooser is None else None
    if chooser is not None and chooser.is_bound and chooser.is_valid():
        supports_for = chooser.cleaned_data["territoire"]
    search = request.GET.get("structure", "").strip()[:100]  # a partner looked for in the directory
    context = {
        "campaign": campaign,
        "territory": place,
        "fiches": FicheAction.objects.for_user(request.user).filter(campaigns=campaign),
        "chooser": chooser,
        "supports_for": supports_for,
        "sponsors": campaign.sponsors.select_related("commune"),
        "distributions": campaign.distributions.select_related("shop__commune"),
        "formats": [(kind, SupportKind(kind).label) for kind in FORMATS],
        "structure_search": search,
        "sponsor_form": SponsorForm(campaign=campaign, search=search),
        "distribution_form": DistributionForm(campaign=campaign),
    }
    status = 400 if chooser is not None and chooser.is_bound and chooser.errors else 200
    return render(request, "campaigns/manage/detail.html", context, status=status)


def campaign_edit(request: ProRequest, slug: str = "") -> HttpResponse:
    scope = _scope(request)
    campaign = _campaign(request, slug) if slug else None
    form = CampaignForm(request.POST or None, instance=campaign, scope=scope, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, "La campagne est enregistrée.")
        return redirect(saved)
    return render(request, "campaigns/manage/form.html", {"form": form, "campaign": campaign})


@require_POST
def sponsor_add(request: ProRequest, slug: str) -> HttpResponse:
    campaign = _campaign(request, slug)
    form = SponsorForm(request.POST, request.FILES, campaign=campaign)
    if not form.is_valid():
        return render(request, "campaigns/manage/form.html", {"form": form, "campaign": campaign}, status=400)
    sponsor: Sponsor = form.save(commit=False)
    sponsor.campaign, sponsor.commune = campaign, form.cleaned_data["commune_code"]
    sponsor.logo_png = form.cleaned_data["logo"]
    sponsor.save()
    messages.success(request, f"{sponsor.name} est ajouté aux partenaires.")
    return redirect(campaign)


@require_POST
def distribution_add(request: ProRequest, slug: str) -> HttpResponse:
    campaign = _campaign(request, slug)
    form = DistributionForm(request.POST, campaign=campaign)
    if not form.is_valid():
        return render(request, "campaigns/manage/form.html", {"form": form, "campaign": campaign}, status=400)
    with transaction.atomic():
        distribution = form.save(commit=False)
        distribution.campaign = campaign
        distribution.save()
    messages.success(request, "La distribution est enregistrée.")
    return redirect(campaign)


CONTENT_TYPES = {"pdf": "application/pdf", "png": "image/png", "svg": "image/svg+xml"}


def support_file(request: ProRequest, slug: str, code: str, kind: str, extension: str) -> HttpResponse:
    """A support for a territory: print PDF, tagged PDF (?accessible=1), PNG preview, or the QR code alone."""
    campaign = _campaign(request, slug)
    place = territory(code)
    if place is None or kind not in FORMATS and kind not in {f"qr-{k}" for k in FORMATS}:
        raise Http404("Support ou territoire inconnu.")
    if not within(place, campaign.territory_code):
        raise Http404("Ce territoire n'est pas dans celui de la campagne.")
    if extension not in CONTENT_TYPES:
        raise Http404("Format de fichier inconnu.")
    if kind.startswith("qr-"):
        if extension == "pdf":
            raise Http404("Le code QR seul existe en SVG et en PNG.")
        url = scan_url(campaign, place, kind[3:])
        body = qr_svg(url) if extension == "svg" else qr_png(url)
    else:
        if extension == "svg":
            raise Http404("Un support existe en PDF et en PNG.")
        body = render_support(campaign, place, kind, accessible=request.GET.get("accessible") == "1")
        if extension == "png":
            body = preview_png(body)
    response = HttpResponse(body, content_type=CONTENT_TYPES[extension])
    if extension == "pdf":
        response["Content-Disposition"] = f'attachment; filename="{campaign.slug}-{kind}-{place.code}.pdf"'
    return response


def indicators(request: ProRequest) -> HttpResponse:
    _scope(request)
    campaigns = Campaign.objects.for_user(request.user)
    return render(request, "campaigns/manage/indicators.html", {"charts": campaign_indicators.charts(campaigns)})
