"""The printable documents: the sign-in sheet (émargement) of a session, with a check-in code per registrant, and the
certificate of attendance."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from allervers.common.pdf import render_pdf
from allervers.outreach.enums import RegistrationStatus
from allervers.outreach.models import Registration, Session


@dataclass(frozen=True)
class SheetLine:
    registration: Registration
    qr: str  # the inline SVG code of the registrant's check-in link


def checkin_url(registration: Registration) -> str:
    """The link a trainer's phone opens by scanning the code: it shows the person and asks to confirm (a POST)."""
    path = reverse("outreach:checkin", args=[registration.token("checkin")])
    return str(settings.ALLERVERS_BASE_URL).rstrip("/") + path


def signin_sheet_pdf(session: Session) -> bytes:
    import segno

    registrations = session.registrations.filter(status=RegistrationStatus.CONFIRMED).select_related(
        "employer", "work_commune"
    )
    lines = [
        SheetLine(r, segno.make(checkin_url(r), error="m").svg_inline(border=2, omitsize=True)) for r in registrations
    ]
    return render_pdf(
        "outreach/pdf/signin_sheet.html",
        {"session": session, "offer": session.offer, "lines": lines},
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
