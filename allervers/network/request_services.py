"""Visit requests' use cases that send e-mails: sending a request, answering it, and the deadlines.

Every e-mail carries the request's reference, its status and a link to its page: never a name, a public, a place or
a reason (who reads the page logs in). It is queued in the action's transaction, so sent only if the action commits.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from allervers.accounts.models import CoordinatorScope, Membership, User
from allervers.common.exceptions import TransitionError
from allervers.common.urls import absolute_url
from allervers.mailing.services import queue_email
from allervers.network.models import VisitEvent, VisitRequest
from allervers.network.models.requests import answer_delay
from allervers.network.request_enums import VisitAction, VisitStatus


def _send(template: str, request: VisitRequest, recipients: Iterable[str]) -> None:
    context = {
        "reference": request.reference,
        "status": VisitStatus(request.status).label,
        "url": absolute_url(reverse("network:request", args=[request.reference])),
        "platform": settings.ALLERVERS_PLATFORM_NAME,
    }
    queue_email(to=sorted(set(recipients)), template=f"network/requests/emails/{template}", context=context)


def _members(structure_id: int) -> list[str]:
    rows = Membership.objects.filter(structure_id=structure_id, user__is_active=True)
    return list(rows.values_list("user__email", flat=True))


def operator_addresses(request: VisitRequest) -> list[str]:
    """The operating structure's members, and the unit's own address for requests (a professional one)."""
    addresses = _members(request.unit.structure_id)
    if request.unit.request_email:
        addresses.append(request.unit.request_email)
    return addresses


def requester_addresses(request: VisitRequest) -> list[str]:
    return _members(request.structure_id)


def coordinator_addresses(request: VisitRequest) -> list[str]:
    return [scope.user.email for scope in CoordinatorScope.objects.covering(request.unit.structure.commune)]


@transaction.atomic
def send_request(request: VisitRequest, *, by: User) -> VisitRequest:
    request.requested_by = by
    request.save()
    VisitEvent.record(request, by=by, action=VisitAction.SENT)
    _send("new", request, operator_addresses(request))
    return request


@transaction.atomic
def answer(request: VisitRequest, action: str, *, by: User, **data: Any) -> None:
    """An operator's decision (accept, propose, decline) or a requester's (take the proposal, cancel), then the
    other side is told. `action` comes from the view's explicit table of actions."""
    if action == "accepter":
        request.accept(by=by, day=data["day"], start=data["start"], end=data["end"])
    elif action == "proposer":
        request.propose(by=by, day=data["day"], start=data["start"], end=data["end"], reason=data.get("reason", ""))
    elif action == "refuser":
        request.decline(by=by, reason=data.get("reason", ""))
    elif action == "prendre-la-date":
        request.take_proposal(by=by)
    elif action == "annuler":
        request.cancel(by=by, reason=data.get("reason", ""))
    else:
        raise ValueError(action)
    if action in {"prendre-la-date", "annuler"}:
        _send("update", request, operator_addresses(request))
    else:
        _send("answer", request, requester_addresses(request))


@dataclass
class DeadlineReport:
    reminded: list[str] = field(default_factory=list)
    escalated: list[str] = field(default_factory=list)
    expired: list[str] = field(default_factory=list)


def run_deadlines(now: datetime.datetime | None = None) -> DeadlineReport:
    """Remind the operator of a request unanswered past its deadline, then tell the coordination a full delay after
    that reminder; remind the requester of a proposed date left unanswered; close « sans réponse » a request the
    operator has not answered NETWORK_REQUEST_EXPIRY_DAYS after sending, and tell the requester. Idempotent: each
    step is a conditional UPDATE, so a second run, or two workers at once, send nothing more."""
    now = now or timezone.now()
    report = DeadlineReport()
    for request in VisitRequest.objects.unanswered_since(now).with_parties().order_by("pk"):
        try:
            with transaction.atomic():
                request.expire()
                _send("expired", request, requester_addresses(request))
        except TransitionError:  # answered, or closed by another worker, since the query
            continue
        report.expired.append(request.reference)
    overdue = VisitRequest.objects.overdue(now).with_parties().order_by("pk")
    for request in overdue.filter(reminded_at__isnull=True):
        with transaction.atomic():
            if request.stamp("reminded_at", now, action=VisitAction.REMINDED):
                recipients = operator_addresses(request) if request.awaits_operator else requester_addresses(request)
                _send("reminder", request, recipients)
                report.reminded.append(request.reference)
    late = overdue.filter(status=VisitStatus.SENT, reminded_at__lte=now - answer_delay(), escalated_at__isnull=True)
    for request in late:
        with transaction.atomic():
            if request.stamp("escalated_at", now, action=VisitAction.ESCALATED):
                _send("escalation", request, coordinator_addresses(request))
                report.escalated.append(request.reference)
    return report


FINISHED_STATUSES = (VisitStatus.ACCEPTED, VisitStatus.DECLINED, VisitStatus.CANCELLED, VisitStatus.EXPIRED)


def purge_requests(now: datetime.datetime | None = None) -> int:
    """Erase the finished requests (accepted, declined, cancelled or closed without answer) with their log once
    their last step is older than the hand-overs' retention (ALLERVERS_REFERRAL_RETENTION_MONTHS, 24 months by
    default): they name a professional's account and what their structure asked. The stops they created stay (public
    data). Idempotent."""
    now = now or timezone.now()
    limit = now - datetime.timedelta(days=round(settings.ALLERVERS_REFERRAL_RETENTION_MONTHS * 365.25 / 12))
    stale = list(
        VisitRequest.objects.filter(status__in=FINISHED_STATUSES)
        .annotate(last_step=Max("events__at"))
        .filter(last_step__lt=limit)
        .values_list("pk", flat=True)
    )
    VisitRequest.objects.filter(pk__in=stale).delete()
    return len(stale)
