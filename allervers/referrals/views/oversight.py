from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from allervers.accounts.permissions import ProRequest
from allervers.common.pdf import render_pdf
from allervers.referrals import stats
from allervers.referrals.enums import AccessAction
from allervers.referrals.models import AccessLog
from allervers.referrals.permissions import access_of, coordinated_referrals, referrals_for
from allervers.referrals.views.common import referral_view


@referral_view
def access_log(request: ProRequest, public_id: uuid.UUID) -> HttpResponse:
    referral = get_object_or_404(referrals_for(request.user), public_id=public_id)
    if not access_of(request.user, referral).reads_access_log:
        raise PermissionDenied("Le journal est réservé aux administrateurs des structures et à la coordination.")
    entries = AccessLog.objects.filter(referral=referral)
    return render(request, "referrals/access_log.html", {"referral": referral, "entries": entries})


@referral_view
def export_pdf(request: ProRequest, public_id: uuid.UUID) -> HttpResponse:
    """The person's right of access: everything held about them in this hand-over, as a PDF."""
    referral = get_object_or_404(referrals_for(request.user), public_id=public_id)
    if not access_of(request.user, referral).reads_personal_data:
        raise PermissionDenied("Seules les structures concernées peuvent exporter ces données.")
    AccessLog.record(referral, user=request.user, action=AccessAction.EXPORT)
    context = {
        "referral": referral,
        "thread": referral.messages.shared(),
        "entries": AccessLog.objects.filter(referral=referral),
        "now": timezone.now(),
    }
    response = HttpResponse(render_pdf("referrals/export.html", context), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{referral.reference}.pdf"'
    return response


@referral_view
def statistics(request: ProRequest) -> HttpResponse:
    if not request.user.is_coordinator:
        raise PermissionDenied("Les statistiques sont réservées à la coordination.")
    report = stats.report(coordinated_referrals(request.user))
    return render(request, "referrals/statistics.html", {"report": report, "small_cell": stats.SMALL_CELL})
