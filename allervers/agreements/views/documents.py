"""The signed document: uploaded by the coordination, downloaded by whoever may read the agreement (its parties'
members and its coordinators), never through a public URL. Each deposit and download is written to the log."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from allervers.accounts.permissions import ProRequest
from allervers.agreements.enums import LogAction
from allervers.agreements.forms import DocumentForm
from allervers.agreements.models import Agreement, AgreementLog
from allervers.agreements.views.manage import editable


def document_upload(request: ProRequest, pk: int) -> HttpResponse:
    agreement = editable(request, pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["document"]
        previous = agreement.document.name if agreement.document else ""
        with transaction.atomic():
            agreement.document.save("document.pdf", upload, save=False)
            agreement.document_size = upload.size
            agreement.document_uploaded_at = timezone.now()
            agreement.save(update_fields=["document", "document_size", "document_uploaded_at"])
            AgreementLog.record(agreement, user=request.user, action=LogAction.DOCUMENT)
        if previous:
            agreement.document.storage.delete(previous)
        messages.success(request, "Le document signé est déposé. Seuls les parties et la coordination y ont accès.")
        return redirect("agreements:detail", pk=agreement.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "agreement": agreement}
    return render(request, "agreements/upload.html", context, status=status)


def document_download(request: ProRequest, pk: int) -> FileResponse:
    agreement = get_object_or_404(Agreement.objects.for_user(request.user), pk=pk)
    if not agreement.document or not agreement.document.name:
        raise Http404("Aucun document signé n'est déposé pour cette convention.")
    try:
        handle = agreement.document.storage.open(agreement.document.name, "rb")
    except FileNotFoundError as error:
        raise Http404("Le document signé est introuvable.") from error
    AgreementLog.record(agreement, user=request.user, action=LogAction.DOWNLOAD)
    response = FileResponse(
        handle, as_attachment=True, filename=f"convention-{agreement.pk}.pdf", content_type="application/pdf"
    )
    response["Cache-Control"] = "private, no-store"
    return response
