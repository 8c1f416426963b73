from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from allervers.backoffice.forms import ServiceForm, SuspendForm
from allervers.backoffice.permissions import ProRequest, services_for, structures_for
from allervers.backoffice.services import log_change, save_listing
from allervers.directory.models import Service, TransitionError


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


@require_POST
def service_transition(request: ProRequest, pk: int, action: str) -> HttpResponse:
    service = get_object_or_404(services_for(request.user), pk=pk)
    user = request.user
    try:
        if action == "verifier":
            service.verify(by=user.display_name)
            message = "Merci : le service est marqué à jour aujourd'hui."
        elif action == "suspendre":
            form = SuspendForm(request.POST)
            if not form.is_valid():
                messages.error(request, " ".join(form.errors["until"]))
                return redirect("backoffice:service", pk=service.pk)
            service.suspend(until=form.cleaned_data["until"])
            message = f"Le service est suspendu jusqu'au {form.cleaned_data['until']:%d/%m/%Y}."
        elif action == "archiver":
            service.archive()
            message = "Le service est archivé : il n'apparaît plus dans l'annuaire."
        elif action == "publier":
            if not service.structure.is_established:
                raise TransitionError("La structure attend la validation de la coordination.")
            service.publish()
            message = "Le service est de nouveau publié."
        else:
            raise TransitionError("Action inconnue.")
    except TransitionError as error:
        messages.error(request, str(error))
        return redirect("backoffice:service", pk=service.pk)
    log_change(service, user=user, action=action)
    messages.success(request, message)
    return redirect("backoffice:service", pk=service.pk)
