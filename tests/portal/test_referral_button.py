"""« Adresser une personne à ce service » only where someone can read the hand-over."""

import pytest
from django.urls import reverse

from allervers.accounts.models import Membership, User
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db

BUTTON = "Adresser une personne à ce service"


def _professional_reads(client, service) -> str:
    user = User.objects.create_user("envoi@example.org", "x")
    Membership.objects.create(user=user, structure=ServiceFactory().structure)
    client.force_login(user)
    return client.get(reverse("portal:service", args=[service.pk, service.slug])).content.decode()


def test_it_offers_the_hand_over_when_the_structure_has_a_member(client):
    service = ServiceFactory()
    Membership.objects.create(user=User.objects.create_user("recoit@example.org", "x"), structure=service.structure)

    html = _professional_reads(client, service)

    assert BUTTON in html
    assert f"{reverse('referrals:create')}?service={service.pk}" in html


def test_it_says_how_to_reach_a_structure_that_cannot_receive_one(client):
    service = ServiceFactory(phone="+33474000000")

    html = _professional_reads(client, service)

    assert BUTTON not in html
    assert "ne reçoit pas encore de mises en relation par la plateforme" in html
    assert 'href="tel:+33474000000"' in html
    assert reverse("portal:structure", args=[service.structure.pk, service.structure.slug]) in html


def test_the_public_sees_neither(client):
    service = ServiceFactory()
    html = client.get(reverse("portal:service", args=[service.pk, service.slug])).content.decode()
    assert BUTTON not in html and "mises en relation" not in html
