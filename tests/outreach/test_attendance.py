"""Check-in by the list or by a registrant's QR code, corrections logged, the sign-in sheet, the certificate and
its public verification, the organiser's exports."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from allervers.outreach.enums import Attendance
from allervers.outreach.models import Registration
from tests.factories import member, with_second_factor
from tests.outreach.conftest import confirmed, new_registration

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


def scanned_codes(pdf: bytes, folder: Path) -> list[str]:
    """What a camera reads on the printed pages: each page rendered by poppler's pdftoppm, decoded by zxing-cpp."""
    import zxingcpp
    from PIL import Image

    (folder / "sheet.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(folder / "sheet.pdf"), str(folder / "page")], check=True)
    texts = []
    for image in sorted(folder.glob("page*.png")):
        with Image.open(image) as picture:
            texts += [code.text for code in zxingcpp.read_barcodes(picture)]
    return texts


def test_the_registrants_qr_code_opens_their_check_in(client, training, tmp_path):
    import re

    from weasyprint import HTML

    registration = confirmed(training.session)
    page = client.get(reverse("outreach:registration", args=[registration.token("registration")])).content.decode()
    svg = re.search(r"<svg.*?</svg>", page, re.S)
    assert svg, "no code on the registrant's page"
    # The page's own SVG, printed and scanned as a camera would read it on the phone's screen.
    (code,) = scanned_codes(HTML(string=f"<html><body>{svg.group()}</body></html>").write_pdf(), tmp_path)
    found = Registration.from_token(urlsplit(code).path.rstrip("/").rsplit("/", 1)[-1], "checkin")
    assert found is not None and found.pk == registration.pk
    client.force_login(member(training.organiser))
    response = client.get(urlsplit(code).path)
    assert response.status_code == 200
    assert "Pointage : Camille0 Fictive" in response.content.decode()
    client.post(reverse("outreach:attendance", args=[registration.pk]), {"attendance": "excuse", "from": "checkin"})
    registration.refresh_from_db()
    assert registration.attendance == Attendance.EXCUSED


def test_the_sign_in_sheet_lists_the_confirmed_registrants(client, training):
    confirmed(training.session, 1)
    confirmed(training.session, 2)
    new_registration(training.session, 3)  # never confirmed: not on the sheet
    with_second_factor(client, member(training.organiser))
    response = client.get(reverse("outreach:signin-sheet", args=[training.session.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Feuille d'émargement" in text and "Camille1" in text and "Camille2" in text and "Camille3" not in text


def test_each_line_of_the_sign_in_sheet_has_a_code_that_checks_its_registrant_in(client, training, tmp_path):
    first, second = confirmed(training.session, 1), confirmed(training.session, 2)
    trainer = member(training.organiser)
    with_second_factor(client, trainer)
    sheet = client.get(reverse("outreach:signin-sheet", args=[training.session.pk])).content
    codes = scanned_codes(sheet, tmp_path)
    assert len(codes) == 2
    paths = [urlsplit(code).path for code in codes]
    base = settings.ALLERVERS_BASE_URL.rstrip("/")
    assert all(code.startswith(f"{base}/espace/formations/pointage/") for code in codes), codes
    tokens = [path.rstrip("/").rsplit("/", 1)[-1] for path in paths]
    found = {Registration.from_token(token, "checkin").pk for token in tokens}
    assert found == {first.pk, second.pk}

    path = next(p for p, t in zip(paths, tokens, strict=True) if Registration.from_token(t, "checkin").pk == first.pk)
    page = client.get(path)  # what the trainer's phone opens: a confirmation, nothing changes yet
    assert page.status_code == 200 and "Pointage : Camille1 Fictive" in page.content.decode()
    first.refresh_from_db()
    assert first.attendance == "" and not first.logs.filter(user=trainer).exists()
    response = client.post(
        reverse("outreach:attendance", args=[first.pk]), {"attendance": Attendance.PRESENT, "from": "checkin"}
    )
    assert response.status_code == 302 and response["Location"].startswith("/espace/formations/pointage/")
    first.refresh_from_db()
    assert first.attendance == Attendance.PRESENT
    assert list(first.logs.filter(user=trainer).values_list("action", flat=True)) == ["présence : non pointé → présent"]
    second.refresh_from_db()
    assert second.attendance == ""


def test_a_scanned_code_does_nothing_for_someone_logged_out(client, training, tmp_path):
    registration = confirmed(training.session, 1)
    with_second_factor(client, member(training.organiser))
    code = scanned_codes(client.get(reverse("outreach:signin-sheet", args=[training.session.pk])).content, tmp_path)[0]
    client.logout()
    response = client.get(urlsplit(code).path)
    assert response.status_code == 302 and "/compte/connexion/" in response["Location"]
    registration.refresh_from_db()
    assert registration.attendance == ""


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
    with_second_factor(client, member(training.organiser))
    csv = client.get(reverse("outreach:export-csv", args=[training.session.pk])).content.decode()
    assert "'=HYPERLINK(x)" in csv and "Camille1" in csv
    book = load_workbook(io.BytesIO(client.get(reverse("outreach:export-xlsx", args=[training.session.pk])).content))
    rows = list(book.active.values)
    assert rows[0][0] == "Nom" and rows[1][0] == "=HYPERLINK(x)" and rows[1][1] == "Camille1"
