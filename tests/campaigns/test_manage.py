"""The coordinators' campaign pages: their territory's campaigns only, partners with checked logos, distributions."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from allervers.campaigns.models import Campaign, Distribution, Sponsor
from allervers.plan.models import Action, Axis, FicheAction, Plan
from allervers.territories.models import Department
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


def _fiche(department: str, title: str) -> FicheAction:
    plan = Plan.objects.create(
        title=f"Plan fictif ({department})",
        department=Department.objects.get(code=department),
        start_year=2025,
        end_year=2027,
    )
    action = Action.objects.create(axis=Axis.objects.create(plan=plan, number=2, title="Axe"), number=2, title="Action")
    return FicheAction.objects.create(action=action, number="2.2.2", title=title)


def _campaign_data(campaign: Campaign) -> dict:
    return {
        "slug": campaign.slug,
        "title": campaign.title,
        "message": campaign.message,
        "theme": campaign.theme,
        "starts_on": campaign.starts_on.isoformat(),
        "ends_on": campaign.ends_on.isoformat(),
        "territory_code": campaign.territory_code,
    }


def test_a_campaign_is_linked_to_fiches_of_the_plans_the_coordinator_reads(client, campaign, ain_coordinator):
    ours = _fiche("01", "Campagnes de proximité (fictive)")
    theirs = _fiche("74", "Fiche d'un plan de Haute-Savoie (fictive)")
    client.force_login(ain_coordinator)
    form = client.get("/espace/campagnes/vif-test/modifier/").content.decode()
    assert "Campagnes de proximité (fictive)" in form and "Haute-Savoie" not in form
    response = client.post("/espace/campagnes/vif-test/modifier/", _campaign_data(campaign) | {"fiches": [theirs.pk]})
    assert response.status_code == 200 and not campaign.fiches.exists()
    response = client.post("/espace/campagnes/vif-test/modifier/", _campaign_data(campaign) | {"fiches": [ours.pk]})
    assert response.status_code == 302
    assert list(campaign.fiches.all()) == [ours]
    assert "Campagnes de proximité (fictive)" in client.get("/espace/campagnes/vif-test/").content.decode()


def test_saving_keeps_the_links_to_fiches_the_coordinator_does_not_read(client, campaign, ain_coordinator):
    theirs = _fiche("74", "Fiche d'un plan de Haute-Savoie (fictive)")
    campaign.fiches.add(theirs)
    client.force_login(ain_coordinator)
    assert "Haute-Savoie" not in client.get("/espace/campagnes/vif-test/").content.decode()
    assert client.post("/espace/campagnes/vif-test/modifier/", _campaign_data(campaign)).status_code == 302
    assert list(campaign.fiches.all()) == [theirs]


def test_a_department_campaign_offers_the_supports_of_a_chosen_commune_or_epci(
    client, campaign, helplines, ain_coordinator
):
    client.force_login(ain_coordinator)
    html = client.get("/espace/campagnes/vif-test/").content.decode()
    assert 'name="territoire"' in html and "intercommunalité : Communauté" in html and "Oyonnax (01283)" in html
    assert "supports/01283/" not in html
    html = client.get("/espace/campagnes/vif-test/?territoire=200042935").content.decode()
    assert "/espace/campagnes/vif-test/supports/200042935/affiche-a4.pdf" in html
    assert "/aide/epci/200042935/" in html
    pdf = client.get("/espace/campagnes/vif-test/supports/200042935/carte.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    html = client.get("/espace/campagnes/vif-test/?territoire=01034").content.decode()
    assert "/espace/campagnes/vif-test/supports/01034/flyer-a5.pdf" in html


def test_a_territory_outside_the_campaign_is_refused_in_french(client, helplines):
    client.force_login(coordinator(("01",)))
    Campaign.objects.create(
        slug="haut-bugey",
        title="Parlons-en",
        message="Des professionnels écoutent.",
        theme="violences-intrafamiliales",
        starts_on="2026-12-01",
        ends_on="2027-01-31",
        territory_code="200042935",
    )
    response = client.get("/espace/campagnes/haut-bugey/?territoire=01034")  # Belley: Bugey Sud, not Haut-Bugey
    assert response.status_code == 400
    assert "pas dans celui de la campagne" in response.content.decode()
    assert client.get("/espace/campagnes/haut-bugey/supports/01034/carte.pdf").status_code == 404
    assert client.get("/espace/campagnes/haut-bugey/supports/74010/carte.pdf").status_code == 404
    assert client.get("/espace/campagnes/haut-bugey/supports/01283/carte.png").status_code == 200


def test_a_partner_is_taken_from_the_directory_or_entered(client, campaign, ain_coordinator):
    bailleur = StructureFactory(name="Bailleur social fictif du Haut-Bugey", commune=commune("01283"))
    elsewhere = StructureFactory(name="Structure fictive d'Annecy", commune=commune("74010"))
    client.force_login(ain_coordinator)
    StructureFactory(name="Épicerie fictive d'Oyonnax", commune=commune("01283"))
    # The list offers the structures searched for, accents and case aside, within the campaign's territory.
    html = client.get("/espace/campagnes/vif-test/").content.decode()
    assert "Bailleur social fictif du Haut-Bugey" not in html
    assert "Cherchez-la d'abord" in html
    html = client.get("/espace/campagnes/vif-test/", {"structure": "haut bugey"}).content.decode()
    assert "Bailleur social fictif du Haut-Bugey" in html and "Épicerie fictive" not in html
    assert "1 structure du territoire pour « haut bugey »" in html
    html = client.get("/espace/campagnes/vif-test/", {"structure": "EPICERIE"}).content.decode()
    assert "Épicerie fictive d&#x27;Oyonnax" in html and "Bailleur" not in html
    html = client.get("/espace/campagnes/vif-test/", {"structure": "annecy<b>"}).content.decode()
    assert "Aucune structure du territoire pour « annecy&lt;b&gt; »" in html
    url = "/espace/campagnes/vif-test/partenaires/"
    assert client.post(url, {"structure": bailleur.pk, "kind": "bailleur"}).status_code == 302
    sponsor = Sponsor.objects.get()
    assert (sponsor.structure, sponsor.name, sponsor.commune.code) == (bailleur, bailleur.name, "01283")
    response = client.post(url, {"structure": elsewhere.pk, "kind": "tabac"})
    assert response.status_code == 400 and Sponsor.objects.count() == 1
    response = client.post(url, {"kind": "tabac"})
    assert response.status_code == 400 and "Donnez le nom du partenaire" in response.content.decode()
    assert client.post(url, {"name": "Tabac fictif", "kind": "tabac", "commune_code": "01034"}).status_code == 302
    assert Sponsor.objects.get(name="Tabac fictif").structure is None
