import pytest
from django.urls import reverse

from allervers.accounts.models import Membership, User
from allervers.directory.enums import ListingStatus
from tests.factories import ServiceFactory, StructureFactory, commune

pytestmark = pytest.mark.django_db


def test_it_shows_a_published_service_at_its_stable_url(client):
    service = ServiceFactory(name="Écoute fictive", phone="+33474000000", opening_hours="Mo-Fr 09:00-12:00")
    response = client.get(reverse("portal:service", args=[service.pk, service.slug]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Écoute fictive" in html and "04 74 00 00 00" in html and 'href="tel:+33474000000"' in html
    assert "Vérifié le" in html


def test_an_outdated_slug_redirects_to_the_current_one(client):
    service = ServiceFactory(name="Nouveau nom")
    response = client.get(reverse("portal:service", args=[service.pk, "ancien-nom"]))
    assert response.status_code == 301
    assert response["Location"] == reverse("portal:service", args=[service.pk, "nouveau-nom"])
    assert client.get(reverse("portal:service-short", args=[service.pk])).status_code == 301


def test_an_unpublished_service_is_not_found(client):
    service = ServiceFactory(status=ListingStatus.DRAFT)
    assert client.get(reverse("portal:service", args=[service.pk, service.slug])).status_code == 404


def test_the_public_never_sees_a_confidential_address_nor_a_professional_line(client):
    service = ServiceFactory(
        address="12 rue Fictive",
        address_confidential=True,
        phone_pro="+33474999999",
        commune=commune("01283"),
    )
    html = client.get(reverse("portal:service", args=[service.pk, service.slug])).content.decode()
    assert "12 rue Fictive" not in html and "04 74 99 99 99" not in html
    assert "Adresse confidentielle" in html


def test_a_logged_in_user_without_any_structure_does_not_see_them(client):
    service = ServiceFactory(address="12 rue Fictive", address_confidential=True, phone_pro="+33474999999")
    client.force_login(User.objects.create_user("curieux@example.org", "x"))
    html = client.get(reverse("portal:service", args=[service.pk, service.slug])).content.decode()
    assert "12 rue Fictive" not in html and "04 74 99 99 99" not in html


def test_a_logged_in_professional_sees_them(client):
    service = ServiceFactory(address="12 rue Fictive", address_confidential=True, phone_pro="+33474999999")
    user = User.objects.create_user("pro@example.org", "x")
    Membership.objects.create(user=user, structure=service.structure)
    client.force_login(user)
    html = client.get(reverse("portal:service", args=[service.pk, service.slug])).content.decode()
    assert "12 rue Fictive" in html and "04 74 99 99 99" in html


def test_the_structure_page_lists_its_published_services(client):
    structure = StructureFactory(name="Association fictive")
    ServiceFactory(structure=structure, name="Permanence juridique")
    ServiceFactory(structure=structure, name="Service fermé", status=ListingStatus.ARCHIVED)
    html = client.get(reverse("portal:structure", args=[structure.pk, structure.slug])).content.decode()
    assert "Permanence juridique" in html and "Service fermé" not in html


def test_every_public_page_carries_the_quick_exit(client):
    service = ServiceFactory()
    for url in [
        reverse("portal:home"),
        reverse("portal:search"),
        reverse("portal:emergency"),
        reverse("portal:service", args=[service.pk, service.slug]),
        reverse("portal:structure", args=[service.structure.pk, service.structure.slug]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'id="quick-exit"' in response.content.decode(), url


def test_the_emergency_page_lists_the_numbers_and_helplines(client):
    ServiceFactory(
        name="Allô enfance en danger",
        helpline=True,
        channels=[{"kind": "phone", "value": "119", "label": ""}],
    )
    html = client.get(reverse("portal:emergency")).content.decode()
    for number in ["17", "112", "15", "115"]:
        assert f'href="tel:{number}"' in html
    assert 'href="sms:114"' in html and 'href="tel:114"' not in html
    assert "Allô enfance en danger" in html and 'href="tel:119"' in html


def test_pages_send_a_strict_content_security_policy(client):
    response = client.get(reverse("portal:home"))
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "default-src 'self'" in policy


def test_a_page_seen_by_a_logged_in_professional_is_never_stored(client):
    service = ServiceFactory(phone_pro="+33474999999")
    assert "no-store" not in client.get(reverse("portal:service", args=[service.pk, service.slug])).get(
        "Cache-Control", ""
    )
    user = User.objects.create_user("pro2@example.org", "x")
    Membership.objects.create(user=user, structure=service.structure)
    client.force_login(user)
    response = client.get(reverse("portal:service", args=[service.pk, service.slug]))
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_the_service_page_offers_to_report_an_error_and_flags_stale_listings(client):
    import datetime

    from django.utils import timezone

    service = ServiceFactory(verified_at=timezone.now() - datetime.timedelta(days=400))
    html = client.get(reverse("portal:service", args=[service.pk, service.slug])).content.decode()
    assert reverse("backoffice:report-error", args=[service.pk]) in html
    assert "pas été vérifiées depuis plus d&#x27;un an" in html or "pas été vérifiées depuis plus d'un an" in html


def test_a_professional_can_hand_a_person_over_from_the_service_page(client):
    service = ServiceFactory()
    # Someone at the receiving structure has an account: it can read a hand-over (tests/portal/test_referral_button.py).
    Membership.objects.create(user=User.objects.create_user("receveur@example.org", "x"), structure=service.structure)
    user = User.objects.create_user("pro3@example.org", "x")
    Membership.objects.create(user=user, structure=ServiceFactory().structure)
    client.force_login(user)
    html = client.get(reverse("portal:service", args=[service.pk, service.slug])).content.decode()
    assert f"?service={service.pk}" in html
