"""The printable documents: the sign-in sheet (émargement) of a session and the certificate of attendance."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from allervers.common.pdf import render_pdf
from allervers.outreach.enums import RegistrationStatus
from allervers.outreach.models import Registration, Session


def signin_sheet_pdf(session: Session) -> bytes:
    registrations = session.registrations.filter(status=RegistrationStatus.CONFIRMED).select_related(
        "employer", "work_commune"
    )
    return render_pdf(
        "outreach/pdf/signin_sheet.html",
        {"session": session, "offer": session.offer, "registrations": list(registrations)},
    )


def verification_url(reference: str) -> str:
    return str(settings.ALLERVERS_BASE_URL).rstrip("/") + reverse("outreach:verify") + f"?reference={reference}"


def certificate_pdf(registration: Registration) -> bytes:
    import segno

    reference = registration.certificate_reference or ""
    url = verification_url(reference)
    return render_pdf(
        "outreach/pdf/certificate.html",
        {
            "registration": registration,
            "session": registration.session,
            "offer": registration.session.offer,
            "reference": reference,
            "verification_url": url,
            "qr": segno.make(url, error="m").svg_inline(scale=3),
            "issued_on": timezone.localdate(),
        },
    )
