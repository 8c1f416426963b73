import io
import zipfile
from html import escape

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.factories import ServiceFactory, StructureFactory, UserFactory, commune, coordinator

pytestmark = pytest.mark.django_db


def pdf_text(content):
    reader = PdfReader(io.BytesIO(content))
    return len(reader.pages), " ".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def pro_line(demo):
    structure = StructureFactory(name="Association fictive", reseaux_porteurs=["cidff"])
    return ServiceFactory(structure=structure, zone_eligibilite=["01"], phone_pro="04 74 00 00 00")


def test_the_html_fiche_of_a_commune_lists_steps_contacts_and_legal_reminders(client, demo):
    response = client.get(reverse("pathways:commune-fiche", args=["violences-conjugales", "01283"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Oyonnax" in html
    assert "AVEMA 01" in html
    assert "Rappels juridiques" in html
    assert reverse("pathways:commune-fiche-pdf", args=["violences-conjugales", "01283"]) in html


def test_the_pdf_is_one_a4_page_with_the_steps_the_contacts_and_the_date_of_the_data(client, demo):
    response = client.get(reverse("pathways:commune-fiche-pdf", args=["violences-conjugales", "01283"]))
    assert response["Content-Type"] == "application/pdf"
    pages, text = pdf_text(response.content)
    assert pages == 1
    box = PdfReader(io.BytesIO(response.content)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    for expected in [
        "Violences conjugales",
        "Oyonnax",
        "AVEMA 01",
        "CIDFF",
        "3919",
        "17",
        "226-14",
        "Contacts vérifiés",
    ]:
        assert expected in text, expected


def test_professional_lines_only_reach_a_logged_in_professional(client, pro_line):
    url = reverse("pathways:commune-fiche-pdf", args=["violences-conjugales", "01283"])
    assert "04 74 00 00 00" not in pdf_text(client.get(url).content)[1]
    client.force_login(UserFactory())  # logged in, but no structure nor scope: not a professional
    assert "04 74 00 00 00" not in pdf_text(client.get(url).content)[1]
    client.force_login(coordinator())
    response = client.get(url)
    assert "04 74 00 00 00" in pdf_text(response.content)[1]
    assert "private" in response["Cache-Control"]


def test_the_fiche_of_an_epci_says_which_contacts_serve_only_part_of_it(client, demo):
    epci = commune("01283").epci
    html = client.get(reverse("pathways:epci-fiche", args=["violences-conjugales", epci.siren])).content.decode()
    assert escape(epci.name) in html
    assert "CCAS d&#x27;Oyonnax" in html
    assert f"pour 1 commune sur {epci.communes.filter(kind='COM').count()}" in html


def test_the_zip_of_an_epci_holds_one_pdf_per_situation(client, demo):
    epci = commune("01283").epci
    url = reverse("pathways:epci-archive", args=[epci.siren])
    assert client.get(url)["Location"].startswith(reverse("accounts:login"))
    client.force_login(UserFactory())
    response = client.get(url)
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert len(names) == 8
    assert "fiche-reflexe-cyberharcelement-communaute-dagglomeration-haut-bugey-agglomeration.pdf" in names
    assert "3018" in pdf_text(archive.read(names[names.index(next(n for n in names if "cyber" in n))]))[1]


def test_an_unknown_commune_is_a_404(client, pathways):
    assert client.get(reverse("pathways:commune-fiche", args=["violences-conjugales", "99999"])).status_code == 404
