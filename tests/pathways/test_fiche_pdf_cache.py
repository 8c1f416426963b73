"""A fiche réflexe's PDF is generated once per content version and variant, and generating is rate-limited."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from allervers.directory.models import Service
from allervers.pathways import fiches
from allervers.pathways.models import Step
from tests.factories import ServiceFactory, StructureFactory, UserFactory, commune, coordinator

pytestmark = pytest.mark.django_db

OYONNAX, BELLEY, BOURG, AMBERIEU = "01283", "01034", "01053", "01004"


def pdf_url(code, slug="violences-conjugales"):
    return reverse("pathways:commune-fiche-pdf", args=[slug, code])


def pdf_text(content):
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())  # the PDF's lines wrap anywhere


@pytest.fixture
def generations(monkeypatch):
    """Every real WeasyPrint generation of a fiche, recorded with its variant (True: professional)."""
    calls = []
    real = fiches.fiche_pdf

    def counting(fiche, *, show_professional):
        calls.append(show_professional)
        return real(fiche, show_professional=show_professional)

    monkeypatch.setattr(fiches, "fiche_pdf", counting)
    return calls


def test_the_second_request_is_served_from_the_cache(client, demo, generations):
    first = client.get(pdf_url(OYONNAX))
    second = client.get(pdf_url(OYONNAX))
    assert first.status_code == second.status_code == 200
    assert second["Content-Type"] == "application/pdf"
    assert second.content == first.content
    assert generations == [False]
    assert "AVEMA 01" in pdf_text(second.content)


def test_another_territory_or_situation_is_another_pdf(client, demo, generations):
    client.get(pdf_url(OYONNAX))
    client.get(pdf_url(BELLEY))
    client.get(pdf_url(OYONNAX, slug="cyberharcelement"))
    assert len(generations) == 3


def test_editing_a_step_changes_the_pdf(client, demo, generations):
    before = client.get(pdf_url(OYONNAX)).content
    step = Step.objects.filter(situation__slug="violences-conjugales").order_by("position").first()
    step.title = "Mettre la personne à l'abri sans attendre"
    step.save(update_fields=["title"])
    after = client.get(pdf_url(OYONNAX)).content
    assert len(generations) == 2
    assert "Mettre la personne à l'abri sans attendre" in pdf_text(after)
    assert "Mettre la personne à l'abri sans attendre" not in pdf_text(before)


def test_a_contact_changed_in_the_directory_changes_the_pdf(client, demo, generations):
    client.get(pdf_url(OYONNAX))
    service = Service.objects.get(structure__name__startswith="AVEMA", name="Aide aux victimes d'infractions")
    service.phone = "+33474998877"
    service.save()
    assert "04 74 99 88 77" in pdf_text(client.get(pdf_url(OYONNAX)).content)
    assert len(generations) == 2


def test_the_professional_variant_is_cached_apart_and_never_served_to_the_public(client, demo, generations):
    structure = StructureFactory(name="Association fictive", reseaux_porteurs=["cidff"])
    ServiceFactory(structure=structure, zone_eligibilite=["01"], phone_pro="04 74 00 00 00")
    client.force_login(coordinator())
    professional = client.get(pdf_url(OYONNAX))
    assert "04 74 00 00 00" in pdf_text(professional.content)
    assert "private" in professional["Cache-Control"]
    client.logout()
    public = client.get(pdf_url(OYONNAX))
    assert "04 74 00 00 00" not in pdf_text(public.content)
    client.force_login(UserFactory())  # logged in without a structure: not a professional, the public variant
    assert client.get(pdf_url(OYONNAX)).content == public.content
    assert generations == [True, False]


def test_generating_is_limited_per_address_but_cached_pdfs_are_still_served(client, demo, generations, settings):
    settings.ALLERVERS_FICHE_PDF_RATE = "3/d"  # a day: the window cannot turn during the test
    for code in (OYONNAX, BELLEY, BOURG):
        assert client.get(pdf_url(code)).status_code == 200
    refused = client.get(pdf_url(AMBERIEU))
    assert refused.status_code == 429
    assert "Trop de demandes" in refused.content.decode()  # the French page
    assert len(generations) == 3
    assert client.get(pdf_url(OYONNAX)).status_code == 200  # cached: not a generation
    assert client.get(pdf_url(AMBERIEU), REMOTE_ADDR="192.0.2.7").status_code == 200  # another address
    assert len(generations) == 4


def test_an_epci_zip_reuses_the_cached_pdfs_and_counts_as_one_generation(client, demo, generations, settings):
    settings.ALLERVERS_FICHE_PDF_RATE = "2/d"
    epci = commune(OYONNAX).epci
    client.force_login(UserFactory())
    client.get(reverse("pathways:epci-fiche-pdf", args=["violences-conjugales", epci.siren]))
    archive = client.get(reverse("pathways:epci-archive", args=[epci.siren]))
    assert archive.status_code == 200
    assert len(generations) == 8  # one per situation, the one already printed taken from the cache
    assert client.get(reverse("pathways:epci-archive", args=[epci.siren])).status_code == 200
    assert len(generations) == 8
    assert client.get(pdf_url(OYONNAX)).status_code == 429  # two generations counted: the fiche, then the zip
