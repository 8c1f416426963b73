"""The plan as DOCX and PDF, each fiche as PDF: their text, read back."""

import io

import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from tests.factories import coordinator

pytestmark = pytest.mark.django_db


def _docx_text(content):
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _pdf_text(content):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def logged_in(client):
    client.force_login(coordinator())
    return client


def test_the_plan_as_docx_has_a_cover_a_summary_and_a_page_per_fiche(logged_in, small_plan):
    small_plan.alone.budget_lines.create(year=2025, funding_source="fipd", planned=1200)
    response = logged_in.get(reverse("plan:docx", args=[small_plan.plan.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    text = _docx_text(response.content)
    assert "RÉPUBLIQUE FRANÇAISE" in text
    assert "Sommaire" in text
    assert "Axe 1 : Axe fictif" in text
    assert "Fiche action 1.1.2 : Fiche seule" in text
    assert "Fiche action 1.1.1.1 : Sous-action A" in text
    assert "Structure pilote fictive" in text
    assert "FIPD" in text


def test_the_plan_as_pdf_reads_like_the_docx(logged_in, small_plan):
    response = logged_in.get(reverse("plan:pdf", args=[small_plan.plan.pk]))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = _pdf_text(response.content)
    assert "Plan fictif de prévention" in text
    assert "Fiche action 1.1.2 : Fiche seule" in text
    assert len(reader.pages) >= 6  # cover, summary, axis, four fiches


def test_each_fiche_has_its_pdf(logged_in, small_plan):
    response = logged_in.get(reverse("plan:fiche-pdf", args=[small_plan.alone.pk]))
    text = _pdf_text(response.content)
    assert "Fiche action 1.1.2 : Fiche seule" in text
    assert "Structure partenaire fictive" in text
