"""The coordinators' campaign pages: their territory's campaigns only, partners with checked logos, distributions."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from allervers.campaigns.models import Campaign, Distribution, Sponsor
from tests.factories import StructureFactory, UserFactory, commune, coordinator, member

pytestmark = pytest.mark.django_db


def _png(size=(400, 200)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "orange").save(out, format="PNG")
    return out.getvalue()


def test_a_coordinator_sees_the_campaigns_of_the_territory(client, campaign, ain_coordinator):
    client.force_login(ain_coordinator)
    assert campaign.title in client.get("/espace/campagnes/").content.decode()
    html = client.get("/espace/campagnes/vif-test/").content.decode()
    assert "Ajouter un partenaire" in html


def test_it_is_a_404_for_a_member_and_for_a_coordinator_of_another_department(client, campaign):
    client.force_login(member(StructureFactory()))
    assert client.get("/espace/campagnes/").status_code == 404
    assert client.get("/espace/campagnes/vif-test/").status_code == 404
    client.force_login(coordinator(("74",)))
    assert client.get("/espace/campagnes/vif-test/").status_code == 404


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, campaign):
    assert client.get("/espace/campagnes/").status_code == 302


def test_a_coordinator_creates_a_campaign_in_the_scope_only(client):
    client.force_login(coordinator(("200042935",)))
    data = {
        "slug": "haut-bugey",
        "title": "Parlons-en",
        "message": "Des professionnels écoutent.",
        "theme": "violences-intrafamiliales",
        "starts_on": "2026-12-01",
        "ends_on": "2027-01-31",
        "territory_code": "01034",
    }
    response = client.post("/espace/campagnes/nouvelle/", data)
    assert response.status_code == 200
    assert "hors de votre périmètre" in response.content.decode()
    assert not Campaign.objects.exists()
    response = client.post("/espace/campagnes/nouvelle/", data | {"territory_code": "01283"})
    assert response.status_code == 302
    assert Campaign.objects.get().territory_code == "01283"


def test_the_end_may_not_precede_the_start(client, ain_coordinator):
    client.force_login(ain_coordinator)
    data = {
        "slug": "x",
        "title": "T",
        "message": "M",
        "theme": "aide-aux-victimes",
        "starts_on": "2027-01-31",
        "ends_on": "2026-12-01",
        "territory_code": "01",
    }
    response = client.post("/espace/campagnes/nouvelle/", data)
    assert "précède son début" in response.content.decode()
    assert not Campaign.objects.exists()


def test_a_logo_is_re_encoded_and_kept_only_with_permission(client, campaign, ain_coordinator):
    client.force_login(ain_coordinator)
    upload = SimpleUploadedFile("logo.png", _png() + b"trailing bytes", content_type="image/png")
    data = {
        "name": "Pharmacie fictive",
        "kind": "pharmacie",
        "commune_code": "01283",
        "logo": upload,
        "logo_permission": "on",
    }
    assert client.post("/espace/campagnes/vif-test/partenaires/", data).status_code == 302
    sponsor = Sponsor.objects.get()
    stored = bytes(sponsor.logo_png)
    assert stored.startswith(b"\x89PNG") and b"trailing bytes" not in stored
    assert sponsor.printable_logo == stored


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<svg onload='alert(1)'></svg>", "pas une image lisible"),
        (_png((40, 40)), "trop petit"),
    ],
)
def test_a_bad_logo_is_refused_in_french_and_nothing_is_saved(client, campaign, ain_coordinator, content, message):
    client.force_login(ain_coordinator)
    data = {
        "name": "Tabac fictif",
        "kind": "tabac",
        "commune_code": "01283",
        "logo_permission": "on",
        "logo": SimpleUploadedFile("logo.png", content, content_type="image/png"),
    }
    response = client.post("/espace/campagnes/vif-test/partenaires/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Sponsor.objects.exists()


def test_a_distribution_is_recorded_for_a_shop_of_the_campaign(client, campaign, ain_coordinator):
    client.force_login(ain_coordinator)
    shop = Sponsor.objects.create(
        campaign=campaign, name="Boulangerie fictive", kind="boulangerie", commune=commune("01283")
    )
    data = {
        "shop": shop.pk,
        "support": "fourreau",
        "quantity": "500",
        "delivered_on": "2026-11-24",
        "delivered_by": "Équipe de coordination",
    }
    assert client.post("/espace/campagnes/vif-test/distributions/", data).status_code == 302
    assert Distribution.objects.get().quantity == 500
    response = client.post("/espace/campagnes/vif-test/distributions/", data | {"quantity": "0"})
    assert response.status_code == 400 and Distribution.objects.count() == 1


def test_the_supports_download_as_pdf_png_and_the_qr_code_alone(client, campaign, helplines, ain_coordinator):
    client.force_login(ain_coordinator)
    base = "/espace/campagnes/vif-test/supports/01283"
    pdf = client.get(f"{base}/carte.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert client.get(f"{base}/carte.png").content.startswith(b"\x89PNG")
    assert b"<path" in client.get(f"{base}/qr-carte.svg").content
    assert client.get(f"{base}/qr-carte.png").content.startswith(b"\x89PNG")
    for wrong in ("banderole.pdf", "carte.exe", "qr-carte.pdf", "carte.svg"):
        assert client.get(f"{base}/{wrong}").status_code == 404
    assert client.get("/espace/campagnes/vif-test/supports/99999/carte.pdf").status_code == 404


def test_the_indicators_page_draws_charts_with_their_tables(client, campaign, ain_coordinator):
    client.force_login(ain_coordinator)
    shop = Sponsor.objects.create(
        campaign=campaign, name="Boulangerie fictive", kind="boulangerie", commune=commune("01283")
    )
    Distribution.objects.create(
        campaign=campaign, shop=shop, support="fourreau", quantity=500, delivered_on="2026-11-24", delivered_by="Équipe"
    )
    html = client.get("/espace/campagnes/indicateurs/").content.decode()
    assert "<svg" in html and "Oyonnax — boulangerie" in html and "<td>500</td>" in html


def test_a_user_without_scope_never_reaches_the_indicators(client):
    client.force_login(UserFactory())
    assert client.get("/espace/campagnes/indicateurs/").status_code == 404
