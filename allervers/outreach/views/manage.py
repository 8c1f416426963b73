"""The organisers' pages: their offers, sessions and events. An offer is managed by the members of its organiser
structure and by the coordinators whose territory holds that structure; for anyone else it does not exist (404)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from allervers.accounts.permissions import ProRequest, structures_for
from allervers.common.exceptions import TransitionError
from allervers.outreach import services
from allervers.outreach.enums import OfferKind, RegistrationStatus
from allervers.outreach.evaluations import summarise
from allervers.outreach.forms import EventForm, OfferForm, SessionForm
from allervers.outreach.models import AwarenessEvent, Evaluation, Offer, Session
from allervers.plan.models import FicheAction


def offer_list(request: ProRequest) -> HttpResponse:
    offers = (
        Offer.objects.for_user(request.user)
        .select_related("organiser")
        .annotate(session_count=Count("sessions", distinct=True), event_count=Count("events", distinct=True))
    )
    can_create = structures_for(request.user).exists()
    return render(request, "outreach/manage/offers.html", {"offers": offers, "can_create": can_create})


def offer_detail(request: ProRequest, pk: int) -> HttpResponse:
    offer = get_object_or_404(Offer.objects.for_user(request.user).select_related("organiser"), pk=pk)
    confirmed = Q(registrations__status=RegistrationStatus.CONFIRMED)
    sessions = offer.sessions.select_related("commune").annotate(
        confirmed=Count("registrations", filter=confirmed),
        waiting=Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITING)),
    )
    context = {
        "offer": offer,
        "sessions": sessions,
        "events": offer.events.select_related("commune"),
        "summary": summarise(Evaluation.objects.filter(session__offer=offer)),
        "fiches": offer.fiches.all(),
        "now": timezone.now(),
    }
    return render(request, "outreach/manage/offer.html", context)


def _fiches(request: ProRequest, offer: Offer | None = None) -> QuerySet[FicheAction]:
    """The plan fiches this user reads, plus those the offer already has (an edit never drops a link the editor
    cannot see)."""
    condition = Q(pk__in=FicheAction.objects.for_user(request.user).values("pk"))
    if offer is not None:
        condition |= Q(pk__in=offer.fiches.values("pk"))
    return FicheAction.objects.filter(condition).select_related("action__axis__plan").order_by("number", "pk")


def offer_create(request: ProRequest) -> HttpResponse:
    form = OfferForm(
        request.POST or None, organisers=structures_for(request.user).order_by("name"), fiches=_fiches(request)
    )
    if request.method == "POST" and form.is_valid():
        offer = form.save()
        messages.success(request, "L'offre est créée. Ajoutez-lui des sessions ou des actions.")
        return redirect("outreach:offer", pk=offer.pk)
    return render(request, "outreach/manage/form.html", {"form": form, "heading": "Nouvelle offre"})


def offer_edit(request: ProRequest, pk: int) -> HttpResponse:
    offer = get_object_or_404(Offer.objects.for_user(request.user), pk=pk)
    form = OfferForm(
        request.POST or None,
        instance=offer,
        organisers=structures_for(request.user).order_by("name"),
        fiches=_fiches(request, offer),
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "L'offre est enregistrée.")
        return redirect("outreach:offer", pk=offer.pk)
    return render(request, "outreach/manage/form.html", {"form": form, "heading": f"Modifier « {offer.title} »"})


def session_create(request: ProRequest, pk: int) -> HttpResponse:
    offer = get_object_or_404(Offer.objects.for_user(request.user), pk=pk, kind=OfferKind.TRAINING)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.offer = offer
        session = form.save()
        messages.success(request, "La session est créée : elle paraît dans l'agenda public.")
        return redirect("outreach:session-manage", pk=session.pk)
    heading = f"Nouvelle session : {offer.title}"
    return render(request, "outreach/manage/form.html", {"form": form, "heading": heading, "offer": offer})


def _managed_session(request: ProRequest, pk: int) -> Session:
    return get_object_or_404(Session.objects.for_user(request.user).select_related("offer__organiser"), pk=pk)


def session_edit(request: ProRequest, pk: int) -> HttpResponse:
    """A new date or place is told to the registrants; added places go to the waiting list, in order."""
    session = _managed_session(request, pk)
    if session.is_cancelled:
        messages.error(request, "Cette session est annulée : elle ne se modifie plus.")
        return redirect("outreach:session-manage", pk=session.pk)
    before = services.practical_details(session)  # the form writes onto the instance as it validates
    form = SessionForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        form.save()
        told = services.session_changed(session, before)
        promoted = services.fill_places(session)
        text = "La session est enregistrée."
        if told:
            text += f" Courriel du changement envoyé à {told} personne(s)."
        if promoted:
            text += f" Places attribuées à la liste d'attente : {len(promoted)}."
        messages.success(request, text)
        return redirect("outreach:session-manage", pk=session.pk)
    heading = f"Modifier la session du {timezone.localtime(session.starts_at):%d/%m/%Y}"
    return render(request, "outreach/manage/form.html", {"form": form, "heading": heading, "offer": session.offer})


@require_http_methods(["GET", "POST"])
def session_cancel(request: ProRequest, pk: int) -> HttpResponse:
    """A GET asks for confirmation; the POST cancels and tells the registrants."""
    session = _managed_session(request, pk)
    if request.method == "POST":
        try:
            told = services.cancel_session(session, by=request.user)
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"La session est annulée : {told} personne(s) prévenue(s) par courriel.")
        return redirect("outreach:session-manage", pk=session.pk)
    context = {"session": session, "offer": session.offer, "told": len(services.registrants_to_tell(session))}
    return render(request, "outreach/manage/session_cancel.html", context)


def event_create(request: ProRequest, pk: int) -> HttpResponse:
    offer = get_object_or_404(Offer.objects.for_user(request.user), pk=pk)
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.offer = offer
        form.save()
        messages.success(request, "L'action est enregistrée : elle paraît dans l'agenda public.")
        return redirect("outreach:offer", pk=offer.pk)
    heading = f"Nouvelle action : {offer.title}"
    return render(request, "outreach/manage/form.html", {"form": form, "heading": heading, "offer": offer})


def event_edit(request: ProRequest, pk: int) -> HttpResponse:
    """Also where the public reached and the supports handed out are reported after the event."""
    event = get_object_or_404(AwarenessEvent.objects.for_user(request.user).select_related("offer"), pk=pk)
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "L'action est enregistrée.")
        return redirect("outreach:offer", pk=event.offer_id)
    heading = f"Modifier l'action « {event.title} »"
    return render(request, "outreach/manage/form.html", {"form": form, "heading": heading, "offer": event.offer})


@require_http_methods(["GET", "POST"])
def event_cancel(request: ProRequest, pk: int) -> HttpResponse:
    """A GET asks for confirmation; the POST cancels."""
    event = get_object_or_404(AwarenessEvent.objects.for_user(request.user).select_related("offer"), pk=pk)
    if request.method == "POST":
        try:
            event.cancel()
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "L'action est annulée : elle n'est plus dans l'agenda public.")
        return redirect("outreach:offer", pk=event.offer_id)
    return render(request, "outreach/manage/event_cancel.html", {"event": event, "offer": event.offer})
