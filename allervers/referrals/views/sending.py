from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from allervers.accounts.permissions import ProRequest
from allervers.directory.models import Service, Structure
from allervers.referrals.forms import ReferralForm
from allervers.referrals.models import Referral, structures_without_members
from allervers.referrals.services import send_referral
from allervers.referrals.views.common import referral_view


def _service(request: ProRequest) -> Service:
    try:
        pk = int(request.GET.get("service", ""))
    except ValueError as exc:
        raise Http404("Service inconnu.") from exc
    return get_object_or_404(Service.objects.visible().select_related("structure"), pk=pk)


@referral_view
def create(request: ProRequest) -> HttpResponse:
    """Send a person to a service of another structure (from a service page or a pathway step)."""
    service = _service(request)
    own = list(Structure.objects.filter(memberships__user=request.user).exclude(pk=service.structure_id))
    if not own:
        raise PermissionDenied("Seuls les membres d'une autre structure de l'annuaire peuvent lui adresser quelqu'un.")
    if structures_without_members([service.structure]):
        return render(request, "referrals/unreachable.html", {"service": service})
    referral = Referral(service=service, target_structure=service.structure)
    form = ReferralForm(
        request.POST or None,
        instance=referral,
        sender_structures=own,
        initial={"situation": request.GET.get("situation", ""), "sender_structure": own[0].pk},
    )
    if request.method == "POST" and form.is_valid():
        referral = send_referral(form.save(commit=False), by=request.user)
        messages.success(
            request,
            f"La mise en relation {referral.reference} est envoyée à {service.structure.name}. "
            "Vous serez prévenu(e) par courriel de sa réponse.",
        )
        return redirect("referrals:detail", public_id=referral.public_id)
    return render(request, "referrals/create.html", {"form": form, "service": service})
