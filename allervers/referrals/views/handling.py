from __future__ import annotations

import uuid
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from allervers.backoffice.permissions import ProRequest
from allervers.referrals import services
from allervers.referrals.enums import AccessAction
from allervers.referrals.forms import CloseForm, MessageForm, RefuseForm
from allervers.referrals.models import AccessLog, Referral, TransitionError
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


def _acknowledge(referral: Referral, request: ProRequest) -> str:
    referral.acknowledge(by=request.user)
    return "Réception accusée : la structure d'origine le voit."


def _accept(referral: Referral, request: ProRequest) -> str:
    referral.accept(by=request.user)
    return "Mise en relation acceptée : la structure d'origine est prévenue."


def _refuse(referral: Referral, request: ProRequest) -> str:
    form = RefuseForm(request.POST)
    if not form.is_valid():
        raise TransitionError("Indiquez le motif du refus.")
    referral.refuse(by=request.user, reason=form.cleaned_data["reason"])
    return "Mise en relation refusée : la structure d'origine voit votre motif."


def _take_in_charge(referral: Referral, request: ProRequest) -> str:
    referral.take_in_charge(by=request.user)
    return "La prise en charge est enregistrée."


def _close(referral: Referral, request: ProRequest) -> str:
    form = CloseForm(request.POST)
    if not form.is_valid():
        raise TransitionError("Choisissez l'issue de l'accompagnement.")
    referral.close(by=request.user, outcome=form.cleaned_data["outcome"])
    return "La mise en relation est clôturée."


ACTIONS: dict[str, Callable[[Referral, ProRequest], str]] = {
    "accuser-reception": _acknowledge,
    "accepter": _accept,
    "refuser": _refuse,
    "prendre-en-charge": _take_in_charge,
    "cloturer": _close,
}


@require_POST
@referral_view
def transition(request: ProRequest, public_id: uuid.UUID, action: str) -> HttpResponse:
    referral = get_object_or_404(referrals_for(request.user), public_id=public_id)
    if action not in ACTIONS:
        raise PermissionDenied("Action inconnue.")
    if not access_of(request.user, referral).receiver:
        raise PermissionDenied("Seuls les membres de la structure destinataire peuvent répondre.")
    try:
        message = ACTIONS[action](referral, request)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        services.notify_sender(referral)
        messages.success(request, message)
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
