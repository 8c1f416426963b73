from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from dsfr.forms import DsfrBaseForm

from allervers.accounts.permissions import ProRequest
from allervers.common.exceptions import TransitionError
from allervers.referrals import services
from allervers.referrals.enums import AccessAction
from allervers.referrals.forms import CloseForm, MessageForm, RefuseForm
from allervers.referrals.models import AccessLog, Referral
from allervers.referrals.permissions import access_of, coordinated_referrals, referrals_for
from allervers.referrals.views.common import referral_view


@referral_view
def inbox(request: ProRequest) -> HttpResponse:
    user = request.user
    base = Referral.objects.with_parties()
    context = {
        "received": list(base.received_by(user).distinct()[:200]),
        "sent": list(base.sent_by(user).distinct()[:200]),
        "coordinated": list(coordinated_referrals(user).filter(escalated_at__isnull=False).unanswered()[:200]),
    }
    return render(request, "referrals/inbox.html", context)


@referral_view
def detail(request: ProRequest, public_id: uuid.UUID) -> HttpResponse:
    referral = get_object_or_404(referrals_for(request.user), public_id=public_id)
    access = access_of(request.user, referral)
    if access.reads_personal_data and not referral.is_purged:
        AccessLog.record(referral, user=request.user, action=AccessAction.READ)
    thread = referral.messages.all() if access.reads_internal_notes else referral.messages.shared()
    context = {
        "referral": referral,
        "access": access,
        "thread": list(thread) if access.reads_personal_data else [],
        "message_form": MessageForm(receiver=access.receiver),
        "refuse_form": RefuseForm(),
        "close_form": CloseForm(),
    }
    return render(request, "referrals/detail.html", context)


@dataclass(frozen=True)
class Action:
    """What a button of the receiving structure does: one Referral transition, and the form bringing its argument."""

    transition: Callable[..., None]
    success: str
    form: type[DsfrBaseForm] | None = None
    invalid: str = ""


# URL action → transition: an explicit list, so that no other method can be reached from a URL.
ACTIONS: dict[str, Action] = {
    "accuser-reception": Action(Referral.acknowledge, "Réception accusée : la structure d'origine le voit."),
    "accepter": Action(Referral.accept, "Mise en relation acceptée : la structure d'origine est prévenue."),
    "refuser": Action(
        Referral.refuse,
        "Mise en relation refusée : la structure d'origine voit votre motif.",
        RefuseForm,
        "Indiquez le motif du refus.",
    ),
    "prendre-en-charge": Action(Referral.take_in_charge, "La prise en charge est enregistrée."),
    "cloturer": Action(
        Referral.close, "La mise en relation est clôturée.", CloseForm, "Choisissez l'issue de l'accompagnement."
    ),
}


@require_POST
@referral_view
def transition(request: ProRequest, public_id: uuid.UUID, action: str) -> HttpResponse:
    referral = get_object_or_404(referrals_for(request.user), public_id=public_id)
    step = ACTIONS.get(action)
    if step is None:
        raise Http404("Action inconnue.")
    if not access_of(request.user, referral).receiver:
        raise PermissionDenied("Seuls les membres de la structure destinataire peuvent répondre.")
    form = step.form(request.POST) if step.form is not None else None
    if form is not None and not form.is_valid():
        messages.error(request, step.invalid)
        return redirect("referrals:detail", public_id=referral.public_id)
    try:
        # The sender's notice is queued in the transition's transaction: both or neither.
        with transaction.atomic():
            step.transition(referral, by=request.user, **(form.cleaned_data if form is not None else {}))
            services.notify_sender(referral)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, step.success)
    return redirect("referrals:detail", public_id=referral.public_id)


@require_POST
@referral_view
def post_message(request: ProRequest, public_id: uuid.UUID) -> HttpResponse:
    referral = get_object_or_404(referrals_for(request.user), public_id=public_id)
    access = access_of(request.user, referral)
    if not access.reads_personal_data or referral.is_purged:
        raise PermissionDenied("Vous ne pouvez pas écrire dans cet échange.")
    form = MessageForm(request.POST, receiver=access.receiver)
    if form.is_valid():
        services.post_message(
            referral,
            by=request.user,
            body=form.cleaned_data["body"],
            from_receiver=access.receiver,
            internal=bool(form.cleaned_data.get("internal")),
        )
        messages.success(request, "Message enregistré.")
    else:
        messages.error(request, "Le message est vide ou trop long.")
    return redirect("referrals:detail", public_id=referral.public_id)
