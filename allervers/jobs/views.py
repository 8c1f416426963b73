"""/sante/ for load balancers and probes; the coordinators' pages on the outbox and the scheduled duties."""

from __future__ import annotations

import hmac

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from allervers.jobs import duties, health
from allervers.jobs.models import DutyRun
from allervers.mailing import services as mailing
from allervers.mailing.models import OutgoingEmail, TransitionError

FAILED_PAGE_SIZE = 200


def _may_see_detail(request: HttpRequest) -> bool:
    token = settings.ALLERVERS_HEALTH_TOKEN
    if token and hmac.compare_digest(request.headers.get("X-Health-Token", ""), token):
        return True
    try:
        user = request.user
        return bool(user.is_authenticated and (user.is_staff or getattr(user, "is_coordinator", False)))
    except Exception:  # the session's database is away: an anonymous caller, then
        return False


@login_not_required
@never_cache
@require_GET
def sante(request: HttpRequest) -> JsonResponse:
    """200 {"status": "ok"} or 503 {"status": "ko"}; the detail for staff, coordinators and the probe's token."""
    healthy, detail = health.checks()
    body: dict[str, object] = {"status": "ok" if healthy else "ko"}
    if _may_see_detail(request):
        body["checks"] = detail
    return JsonResponse(body, status=200 if healthy else 503)


def _require_coordinator(request: HttpRequest) -> None:
    user = request.user
    if not (user.is_staff or getattr(user, "is_coordinator", False)):
        raise PermissionDenied("Réservé aux coordinateurs.")


def failed_emails(request: HttpRequest) -> HttpResponse:
    _require_coordinator(request)
    failed = OutgoingEmail.objects.failed()
    context = {"emails": failed[:FAILED_PAGE_SIZE], "count": failed.count(), "page_size": FAILED_PAGE_SIZE}
    return render(request, "jobs/failed_emails.html", context)


@require_POST
def retry_email(request: HttpRequest, pk: int) -> HttpResponse:
    _require_coordinator(request)
    email = get_object_or_404(OutgoingEmail.objects.failed(), pk=pk)
    try:
        mailing.retry(email)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Le courriel à {email.masked_recipient} est de nouveau en file d'envoi.")
    return redirect("jobs:failed-emails")


def duty_runs(request: HttpRequest) -> HttpResponse:
    _require_coordinator(request)
    now = timezone.now()
    rows = [
        {
            "duty": duty,
            "last": DutyRun.objects.filter(duty=duty.name).order_by("-started_at").first(),
            "next": duty.next_slot(now),
        }
        for duty in duties.DUTIES
    ]
    return render(request, "jobs/duty_runs.html", {"rows": rows})
