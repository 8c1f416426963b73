"""Results pages, exports, the paper questionnaire and the coordination's pages."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from allervers.plan.indicators import get_source
from allervers.plan.models import Plan
from allervers.surveys.models import Response
from allervers.territories.models import Department
from tests.factories import coordinator

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged_in(client):
    client.force_login(coordinator())
    return client


def _pdf_text(content):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_public_results_read_in_plain_french_with_intervals_and_the_sourced_national_figure(client, demo_survey):
    page = client.get(reverse("surveys:public-results", args=[demo_survey.slug]))
    html = page.content.decode()
    assert page.status_code == 200 and not client.cookies
    assert "Entre " in html and "des habitants répondent « oui »" in html
    assert "<svg" in html and "<line" in html  # intervals drawn
    assert "Au niveau national : 18,0 %" in html or "Au niveau national : 18.0 %" in html
    assert "SSMSI" in html and "lu le 02/12/2026" in html
    assert (
        "réponses sont synthétiques" in html
        and "marges de population utilisées pour la pondération sont illustratives" in html
    )
    assert "Pondération par calage" in html and "taux de réponse 32 %" in html
    assert "masqué" in html


def test_results_are_not_public_before_publication(client, demo_survey):
    demo_survey.unpublish()
    assert client.get(reverse("surveys:public-results", args=[demo_survey.slug])).status_code == 404


def test_a_coordinator_of_another_department_cannot_see_the_survey(client, demo_survey):
    client.force_login(coordinator(zone_codes=("69",)))
    assert client.get(reverse("surveys:results", args=[demo_survey.pk])).status_code == 404
    assert client.get(reverse("surveys:export", args=[demo_survey.pk, "csv"])).status_code == 404


def test_the_aggregates_export_as_csv_and_xlsx_without_any_suppressed_figure(logged_in, demo_survey):
    content = logged_in.get(reverse("surveys:export", args=[demo_survey.pk, "csv"])).content.decode()
    rows = list(csv.DictReader(io.StringIO(content), delimiter=";"))
    assert {row["question"] for row in rows} >= {"injures", "renonce_sortir"}
    hidden = [row for row in rows if row["diffusion"].startswith("masqué")]
    assert hidden and all(row["part_ponderee"] == "" and row["repondants"] == "" for row in hidden)
    overall = next(r for r in rows if r["question"] == "renonce_sortir" and r["groupe"] == "Ensemble")
    assert float(overall["ic95_bas"]) < float(overall["part_ponderee"]) < float(overall["ic95_haut"])
    book = load_workbook(io.BytesIO(logged_in.get(reverse("surveys:export", args=[demo_survey.pk, "xlsx"])).content))
    assert book["Agrégats"].max_row == len(rows) + 1
    assert "Pondération par calage" in " ".join(str(c.value) for c in book["Méthode"]["A"])


def test_the_report_exports_as_docx_and_pdf(logged_in, demo_survey):
    document = Document(io.BytesIO(logged_in.get(reverse("surveys:export", args=[demo_survey.pk, "docx"])).content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Entre " in text and "Méthode" in text and "Au niveau national : 18.0 %" in text
    pdf = _pdf_text(logged_in.get(reverse("surveys:export", args=[demo_survey.pk, "pdf"])).content)
    assert "Pondération par calage" in pdf and "Entre" in pdf
    assert logged_in.get(reverse("surveys:export", args=[demo_survey.pk, "exe"])).status_code == 404


def test_the_paper_questionnaire_prints_every_question_with_its_condition(logged_in, demo_survey):
    text = _pdf_text(logged_in.get(reverse("surveys:paper-pdf", args=[demo_survey.pk])).content)
    assert "Avez-vous porté plainte" in text and "Seulement si vous avez répondu" in text
    assert "3919" in text and "Je préfère ne pas répondre" in text


def test_a_paper_answer_typed_in_by_the_coordination_counts(logged_in, open_survey):
    url = reverse("surveys:paper", args=[open_survey.pk])
    assert logged_in.get(url).status_code == 200
    response = logged_in.post(url, {"injures": "oui", "plainte": "oui", "sexe": "H", "age": "33", "commune": "01043"})
    assert response.status_code == 302
    stored = Response.objects.get(survey=open_survey)
    assert stored.channel == "paper" and stored.answers["injures"] is True
    assert "plainte" not in stored.answers  # asked only after « oui » to victime_une_fois
    bad = logged_in.post(url, {"sexe": "X", "age": "12", "commune": ""})
    assert bad.status_code == 200 and Response.objects.count() == 1


def test_margins_are_imported_from_an_insee_layout_csv_with_french_errors(logged_in, open_survey):
    url = reverse("surveys:margins", args=[open_survey.pk])
    good = "variable;modalite;effectif\nsexe;F;510\nsexe;H;490\nage_groupe;30-44;1000\n"
    response = logged_in.post(url, {"file": SimpleUploadedFile("m.csv", good.encode()), "source": "RP 2021"})
    assert response.status_code == 302
    assert open_survey.margins_dict()["sexe"] == {"F": 510.0, "H": 490.0}
    bad = "variable;modalite;effectif\nsexe;X;10\nage;18-29;abc\n"
    response = logged_in.post(url, {"file": SimpleUploadedFile("m.csv", bad.encode()), "source": "RP 2021"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "ligne 2" in html and "ligne 3" in html
    assert open_survey.margins_dict()["sexe"] == {"F": 510.0, "H": 490.0}  # nothing half-written


def test_invitation_codes_download_once_as_csv(logged_in, open_survey):
    response = logged_in.post(reverse("surveys:codes", args=[open_survey.pk]), {"count": 5})
    codes = response.content.decode().split()[1:]
    assert len(codes) == 5 and all(len(code) == 8 for code in codes)
    open_survey.refresh_from_db()
    assert open_survey.invited == 8


def test_the_survey_feeds_the_plan_indicators(demo_survey):
    plan = Plan.objects.create(
        title="Plan fictif", department=Department.objects.get(code="01"), start_year=2025, end_year=2027
    )
    measures = get_source("enquetes-renoncement-sortir").compute(plan)
    assert len(measures) == 1 and 5 < measures[0].value < 40


def test_each_indicator_shows_its_national_figure_with_source_and_year_or_says_there_is_none(client, demo_survey):
    from allervers.surveys.national import REFERENCES

    html = client.get(reverse("surveys:public-results", args=[demo_survey.slug])).content.decode()
    indicators = set(demo_survey.questions.filter(indicator=True).values_list("code", flat=True))
    compared = [ref for ref in REFERENCES if ref.question in indicators]
    assert {ref.question for ref in compared} >= {"cambriolage", "injures", "violences_physiques", "renonce_sortir"}
    for ref in compared:
        assert f'href="{ref.url}"' in html.replace("&amp;", "&")
    assert "Insee Références « Sécurité et société », édition 2021" in html and "(2018)" in html
    # Indicators without a comparable national figure say so, and why.
    assert "Au niveau national : pas de comparaison (les taux nationaux de plainte sont publiés par type" in html
    assert html.count("Au niveau national : pas de comparaison") == len(indicators) - len(compared)


def test_a_survey_created_from_the_library_links_its_questions_to_the_national_figures(logged_in):
    from allervers.surveys.models import Survey

    response = logged_in.post(
        reverse("surveys:create"),
        {
            "title": "Enquête 2027",
            "slug": "enquete-2027",
            "organiser": "CLSPD fictif",
            "department": "01",
            "territory": "Une commune",
            "starts_on": "2027-01-04",
            "ends_on": "2027-02-28",
            "reference_period": "au cours des 12 derniers mois",
            "legal_notice": "Mentions.",
            "collection": "invitation",
            "threshold": 11,
        },
    )
    assert response.status_code == 302
    survey = Survey.objects.get(slug="enquete-2027")
    linked = dict(
        survey.questions.filter(national_reference__isnull=False).values_list("code", "national_reference__year")
    )
    assert linked["injures"] == 2018 and linked["renonce_sortir"] == 2022 and "plainte" not in linked
