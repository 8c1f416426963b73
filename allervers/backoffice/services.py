"""Use cases of the professional space that span several models or send e-mails."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.forms.models import model_to_dict
from django.urls import reverse

from allervers.accounts.enums import MembershipRole
from allervers.accounts.models import Invitation, Membership, User
from allervers.common.urls import absolute_url
from allervers.directory.enums import ListingStatus, ModerationStatus
from allervers.directory.models import Service, Structure
from allervers.directory.tracking import ErrorReport, ListingChange, diff
from allervers.mailing.services import queue_email

TRACKED_EXCLUDE = {"id", "created_at", "updated_at", "search_text", "on_site"}


def snapshot(listing: Structure | Service) -> dict[str, Any]:
    data = model_to_dict(listing)
    return {
        k: (str(v) if not isinstance(v, (str, int, float, bool, list, dict, type(None))) else v)
        for k, v in data.items()
        if k not in TRACKED_EXCLUDE
    }


def log_change(listing: Structure | Service, *, user: User, action: str, before: dict[str, Any] | None = None) -> None:
    after = snapshot(listing)
    changes = diff(before or {}, after) if before is not None else {}
    structure = listing if isinstance(listing, Structure) else listing.structure
    service = listing if isinstance(listing, Service) else None
    ListingChange.objects.create(structure=structure, service=service, user=user, action=action, changes=changes)


def transition(
    listing: Structure | Service, step: Callable[..., None], *, user: User, action: str, **arguments: Any
) -> None:
    """A listing's transition (a model method that checks its source state) and its change-log line, in one
    transaction: both are written or neither. Raises the transition's TransitionError."""
    with transaction.atomic():
        step(listing, **arguments)
        log_change(listing, user=user, action=action)


@transaction.atomic
def save_listing(form: Any, *, user: User, action: str) -> Any:
    """Save a structure or service form and log what changed. A new structure's services wait for moderation."""
    # The form has already written the new values on its instance: read the old ones from the database.
    instance = form.instance
    before = snapshot(type(instance).objects.get(pk=instance.pk)) if instance.pk else {}
    listing = form.save(commit=False)
    if isinstance(listing, Service) and not listing.pk:
        listing.status = ListingStatus.PUBLISHED if listing.structure.is_established else ListingStatus.DRAFT
    listing.save()
    log_change(listing, user=user, action=action, before=before)
    return listing


def send_invitation(invitation: Invitation) -> None:
    """The e-mail carries the structure's name and a link: never a person's name."""
    context = {"invitation": invitation, "url": absolute_url(reverse("accounts:invitation", args=[invitation.token]))}
    queue_email(to=[invitation.email], template="backoffice/emails/invitation", context=context)


@transaction.atomic
def invite(*, structure: Structure, email: str, role: str, by: User | None) -> Invitation:
    invitation = Invitation.objects.create(structure=structure, email=email.lower(), role=role, invited_by=by)
    send_invitation(invitation)
    return invitation


@transaction.atomic
def request_to_join(*, data: dict[str, Any]) -> Structure:
    structure = Structure.objects.create(
        name=data["name"],
        structure_type=data["structure_type"],
        description=data["description"],
        commune=data["commune_text"],
        latitude=data["commune_text"].latitude,
        longitude=data["commune_text"].longitude,
        postal_code=(data["commune_text"].postal_codes or [""])[0],
        status=ListingStatus.DRAFT,
        moderation_status=ModerationStatus.PENDING,
    )
    # The invitation waits, unsent, until a coordinator approves the structure.
    Invitation.objects.create(structure=structure, email=data["email"].lower(), role=MembershipRole.ADMIN)
    return structure


@transaction.atomic
def approve_structure(structure: Structure, *, by: User) -> None:
    structure.approve()
    log_change(structure, user=by, action="validation par la coordination")
    for invitation in structure.invitations.filter(accepted_at__isnull=True):
        send_invitation(invitation)


def notify_error_report(report: ErrorReport) -> None:
    """Tell the structure's administrators that a report is waiting; the message itself stays in the app."""
    recipients = list(
        Membership.objects.admins().filter(structure=report.service.structure).values_list("user__email", flat=True)
    )
    if not recipients:
        return
    context = {
        "service": report.service,
        "url": absolute_url(reverse("backoffice:structure", args=[report.service.structure_id])),
    }
    queue_email(to=recipients, template="backoffice/emails/error_report", context=context)
