"""Check-in by the list or by a registrant's QR code, corrections logged, the sign-in sheet, the certificate and
its public verification, the organiser's exports."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from allervers.outreach.enums import Attendance
from tests.factories import member
from tests.outreach.conftest import confirmed

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)


def test_a_trainer_checks_in_then_corrects_and_it_is_logged(client, training):
    registration = confirmed(training.session)
    trainer = member(training.organiser)
    client.force_login(trainer)
    url = reverse("outreach:attendance", args=[registration.pk])
    client.post(url, {"attendance": Attendance.ABSENT})
    client.post(url, {"attendance": Attendance.PRESENT})
    registration.refresh_from_db()
    assert registration.attendance == Attendance.PRESENT
    actions = list(registration.logs.filter(user=trainer).values_list("action", flat=True))
    assert actions == ["présence : non pointé → absent", "présence : absent → présent"]
    assert registration.certificate_reference.startswith("AT-")


def test_the_registrants_qr_code_opens_their_check_in(client, training):
    import zxingcpp
    from PIL import Image

    registration = confirmed(training.session)
    page = client.get(reverse("outreach:registration", args=[registration.token("registration")]))
    assert "<svg" in page.content.decode()
    import segno

    # The page's code encodes the check-in link: decode a rendering of the same content as a camera would.
    checkin = reverse("outreach:checkin", args=[registration.token("checkin")])
    image = io.BytesIO()
    segno.make("http://testserver" + checkin, error="m").save(image, kind="png", scale=6)
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(image.getvalue())))[0].text
    assert decoded.endswith(checkin)
    client.force_login(member(training.organiser))
    response = client.get(checkin)
    assert response.status_code == 200
    assert "Pointage : Camille0 Fictive" in response.content.decode()
    client.post(reverse("outreach:attendance", args=[registration.pk]), {"attendance": "excuse", "from": "checkin"})
    registration.refresh_from_db()
    assert registration.attendance == Attendance.EXCUSED


def test_the_sign_in_sheet_lists_the_confirmed_registrants(client, training):
    confirmed(training.session, 1)
    confirmed(training.session, 2)
    client.force_login(member(training.organiser))
    response = client.get(reverse("outreach:signin-sheet", args=[training.session.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Feuille d'émargement" in text and "Camille1" in text and "Camille2" in text


def test_a_certificate_downloads_and_its_reference_verifies(client, training):
    registration = confirmed(training.session)
    registration.set_attendance(Attendance.PRESENT, by=member(training.organiser))
    response = client.get(reverse("outreach:certificate", args=[registration.token("registration")]))
    text = pdf_text(response.content)
    assert "Attestation de présence" in text and "Camille0 Fictive" in text
    assert registration.certificate_reference in text
    page = client.get(reverse("outreach:verify"), {"reference": registration.certificate_reference.lower()})
    body = page.content.decode()
    assert "Attestation valide" in body and "C. F." in body
    assert "Camille0" not in body and registration.email not in body  # nothing else exposed
    assert (
        "Aucune attestation valide" in client.get(reverse("outreach:verify"), {"reference": "AT-XXXX"}).content.decode()
    )
    assert not page.cookies  # a GET page sets no cookie


def test_an_absent_registrant_has_no_certificate(client, training):
    registration = confirmed(training.session)
    registration.set_attendance(Attendance.ABSENT, by=member(training.organiser))
    assert client.get(reverse("outreach:certificate", args=[registration.token("registration")])).status_code == 404


def test_the_exports_hold_the_registrants(client, training):
    confirmed(training.session, 1, last_name="=HYPERLINK(x)")
    client.force_login(member(training.organiser))
    csv = client.get(reverse("outreach:export-csv", args=[training.session.pk])).content.decode()
    assert "'=HYPERLINK(x)" in csv and "Camille1" in csv
    book = load_workbook(io.BytesIO(client.get(reverse("outreach:export-xlsx", args=[training.session.pk])).content))
    rows = list(book.active.values)
    assert rows[0][0] == "Nom" and rows[1][0] == "=HYPERLINK(x)" and rows[1][1] == "Camille1"
