from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from allervers.accounts.permissions import ProRequest, structures_for
from allervers.agreements.models import Agreement
from allervers.backoffice.forms import InvitationForm, StructureForm
from allervers.backoffice.services import invite, save_listing, transition
from allervers.common.exceptions import TransitionError
from allervers.directory.models import Structure


def home(request: ProRequest) -> HttpResponse:
    structures = structures_for(request.user).filter(memberships__user=request.user)
    return render(request, "backoffice/home.html", {"structures": structures})


def structure_detail(request: ProRequest, pk: int) -> HttpResponse:
    structure = get_object_or_404(structures_for(request.user), pk=pk)
    context = {
        "structure": structure,
        "services": structure.services.order_by("status", "name"),
        "changes": structure.changes.select_related("user", "service")[:20],
        "error_reports": [r for s in structure.services.all() for r in s.error_reports.open()],
        "can_manage_members": request.user.can_manage_members(structure),
        "agreements": Agreement.objects.of_structure(structure).prefetch_related("parties").order_by("title"),
    }
    return render(request, "backoffice/structure.html", context)


def structure_edit(request: ProRequest, pk: int) -> HttpResponse:
    structure = get_object_or_404(structures_for(request.user), pk=pk)
    form = StructureForm(request.POST or None, instance=structure)
    if request.method == "POST" and form.is_valid():
        save_listing(form, user=request.user, action="modification de la structure")
        messages.success(request, "La fiche de la structure est enregistrée.")
        return redirect("backoffice:structure", pk=structure.pk)
    return render(
        request,
        "backoffice/listing_form.html",
        {"form": form, "structure": structure, "title": f"Modifier {structure.name}"},
    )


@require_POST
def structure_verify(request: ProRequest, pk: int) -> HttpResponse:
    structure = get_object_or_404(structures_for(request.user), pk=pk)
    try:
        transition(
            structure,
            Structure.verify,
            user=request.user,
            action="vérification : c'est à jour",
            by=request.user.display_name,
        )
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Merci : la fiche est marquée à jour aujourd'hui.")
    return redirect("backoffice:structure", pk=structure.pk)


def members(request: ProRequest, pk: int) -> HttpResponse:
    structure = get_object_or_404(structures_for(request.user), pk=pk)
    if not request.user.can_manage_members(structure):
        raise PermissionDenied("Seuls les administrateurs de la structure gèrent ses membres.")
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        invite(structure=structure, email=form.cleaned_data["email"], role=form.cleaned_data["role"], by=request.user)
        messages.success(request, "L'invitation est envoyée.")
        return redirect("backoffice:members", pk=structure.pk)
    context = {
        "structure": structure,
        "form": form,
        "memberships": structure.memberships.select_related("user").order_by("user__email"),
        "invitations": structure.invitations.filter(accepted_at__isnull=True).order_by("-created_at"),
    }
    return render(request, "backoffice/members.html", context)
