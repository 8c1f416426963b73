from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from dsfr.forms import DsfrBaseForm

from allervers.accounts.permissions import ProRequest, services_for, structures_for
from allervers.backoffice.forms import ServiceForm, SuspendForm
from allervers.backoffice.services import save_listing, transition
from allervers.common.exceptions import TransitionError
from allervers.directory.models import Service


def service_create(request: ProRequest, structure_pk: int) -> HttpResponse:
    structure = get_object_or_404(structures_for(request.user), pk=structure_pk)
    form = ServiceForm(request.POST or None, instance=Service(structure=structure, commune=structure.commune))
    if request.method == "POST" and form.is_valid():
        service = save_listing(form, user=request.user, action="création du service")
        if structure.is_established:
            messages.success(request, "Le service est publié.")
        else:
            messages.info(request, "Le service sera publié quand la coordination aura validé la structure.")
        return redirect("backoffice:service", pk=service.pk)
    return render(
        request, "backoffice/listing_form.html", {"form": form, "structure": structure, "title": "Nouveau service"}
    )


def service_detail(request: ProRequest, pk: int) -> HttpResponse:
    service = get_object_or_404(services_for(request.user), pk=pk)
    context = {
        "service": service,
        "structure": service.structure,
        "suspend_form": SuspendForm(),
        "changes": service.changes.select_related("user")[:20],
        "error_reports": service.error_reports.open(),
    }
    return render(request, "backoffice/service.html", context)


def service_edit(request: ProRequest, pk: int) -> HttpResponse:
    service = get_object_or_404(services_for(request.user), pk=pk)
    form = ServiceForm(request.POST or None, instance=service)
    if request.method == "POST" and form.is_valid():
        save_listing(form, user=request.user, action="modification du service")
        messages.success(request, "Le service est enregistré.")
        return redirect("backoffice:service", pk=service.pk)
    context = {"form": form, "structure": service.structure, "service": service, "title": f"Modifier {service.name}"}
    return render(request, "backoffice/listing_form.html", context)


def service_preview(request: ProRequest, pk: int) -> HttpResponse:
    """The public page as it will look, even before publication."""
    service = get_object_or_404(services_for(request.user), pk=pk)
    context: dict[str, object] = {
        "service": service,
        "structure": service.structure,
        "is_open": service.is_open_at(timezone.now()),
        "professional": False,
        "preview": True,
        "other_services": [],
    }
    return render(request, "portal/service.html", context)


@dataclass(frozen=True)
class ServiceAction:
    """A button of the service page: one Service transition, logged in the change history with it."""

    transition: Callable[..., None]
    success: str  # formatted with the form's cleaned data
    form: type[DsfrBaseForm] | None = None
    signed: bool = False  # the transition records who did it


# URL action → transition: an explicit list, so that no other method can be reached from a URL.
SERVICE_ACTIONS: dict[str, ServiceAction] = {
    "verifier": ServiceAction(Service.verify, "Merci : le service est marqué à jour aujourd'hui.", signed=True),
    "suspendre": ServiceAction(Service.suspend, "Le service est suspendu jusqu'au {until:%d/%m/%Y}.", SuspendForm),
    "archiver": ServiceAction(Service.archive, "Le service est archivé : il n'apparaît plus dans l'annuaire."),
    "publier": ServiceAction(Service.publish, "Le service est de nouveau publié."),
}


@require_POST
def service_transition(request: ProRequest, pk: int, action: str) -> HttpResponse:
    service = get_object_or_404(services_for(request.user), pk=pk)
    step = SERVICE_ACTIONS.get(action)
    if step is None:
        raise Http404("Action inconnue.")
    arguments: dict[str, Any] = {"by": request.user.display_name} if step.signed else {}
    if step.form is not None:
        form = step.form(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
            return redirect("backoffice:service", pk=service.pk)
        arguments.update(form.cleaned_data)
    try:
        transition(service, step.transition, user=request.user, action=action, **arguments)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, step.success.format(**arguments))
    return redirect("backoffice:service", pk=service.pk)
