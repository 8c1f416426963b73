"""The sign-in sheet is a usable sheet: 13 registrants a page of A4 (6 before), the session's heading on every page,
and every row's check-in code, 16 mm wide, still read by a real decoder from a 150 dpi rendering."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from pypdf import PdfReader

from allervers.outreach.models import Registration
from tests.factories import member, with_second_factor
from tests.outreach.conftest import confirmed
from tests.outreach.test_attendance import scanned_codes

pytestmark = pytest.mark.django_db

EMPLOYER = "Centre communal d'action sociale fictif de Bourg-en-Bresse"


def sheet_of(client, training, count: int) -> tuple[bytes, list[Registration]]:
    session = training.session
    type(session).objects.filter(pk=session.pk).update(capacity=count)
    session.refresh_from_db()
    people = [confirmed(session, n, last_name=f"Fictive-Nom{n:02d}", employer_name=EMPLOYER) for n in range(count)]
    with_second_factor(client, member(training.organiser))
    return client.get(reverse("outreach:signin-sheet", args=[session.pk])).content, people


def test_thirty_registrants_fit_on_three_pages_each_with_the_sessions_heading(client, training):
    sheet, people = sheet_of(client, training, 30)
    pages = PdfReader(io.BytesIO(sheet)).pages
    assert len(pages) == 3
    texts = [page.extract_text() for page in pages]
    for text in texts:
        assert f"Feuille d'émargement — {training.offer.title}" in text
        assert "Nom et prénom" in text and "Signature" in text
    rows = [sum(f"Fictive-Nom{n:02d}" in text for n in range(30)) for text in texts]
    assert rows[0] >= 12 and rows[1] >= 12 and sum(rows) == 30


@pytest.mark.parametrize("base_url", ["http://127.0.0.1:8000", "https://aller-vers.departement-fictif.example.fr"])
def test_every_code_of_a_full_sheet_decodes_to_its_registrant(client, training, tmp_path, settings, base_url):
    settings.ALLERVERS_BASE_URL = base_url  # a longer address makes a denser code (version 9 instead of 8)
    sheet, people = sheet_of(client, training, 28)
    codes = scanned_codes(sheet, tmp_path)
    assert len(codes) == 28
    assert all(code.startswith(f"{base_url}/espace/formations/pointage/") for code in codes)
    tokens = [urlsplit(code).path.rstrip("/").rsplit("/", 1)[-1] for code in codes]
    assert {Registration.from_token(token, "checkin").pk for token in tokens} == {p.pk for p in people}
