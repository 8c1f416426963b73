"""A filled post is a directory service that a professional of another structure can hand a person over to; a
vacant post is withdrawn from the directory, so it cannot."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from allervers.directory.models import Service
from allervers.referrals.models import Referral
from tests.factories import StructureFactory, commune, member
from tests.referrals.conftest import KEY, with_second_factor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _referral_keys(settings):
    settings.ALLERVERS_REFERRAL_KEYS = [KEY]


def test_a_professional_hands_a_person_over_to_a_filled_post(client, known):
    member(known.miribel_host, email="isg@example.org")
    ccas = StructureFactory(name="CCAS fictif", commune=commune("01249"))
    sender = member(ccas, email="ccas@example.org")
    with_second_factor(client, sender)
    url = reverse("referrals:create") + f"?service={known.miribel.service.pk}"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "sender_structure": ccas.pk,
            "situation": "aide-aux-victimes--violences-conjugales",
            "urgency": "normal",
            "legal_basis": "consent",
            "consent_method": "oral",
            "consent_given_on": timezone.localdate().isoformat(),
            "person_name": "Personne Fictive",
            "contact_safe": "06 00 00 00 01",
            "summary": "Demande un accompagnement.",
        },
    )
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert referral.service == known.miribel.service and referral.target_structure == known.miribel_host


def test_a_vacant_post_is_not_in_the_directory(known):
    assert known.miribel.service in Service.objects.visible()
    assert known.bourg.service not in Service.objects.visible()
    known.miribel.vacate()
    assert known.miribel.service not in Service.objects.visible()


def test_the_public_search_finds_a_filled_post_at_the_communes_it_covers(known):
    from allervers.directory.search import SearchQuery, search_services

    def found(code):
        return known.miribel.service in [
            hit.service for hit in search_services(SearchQuery(commune=commune(code))).hits
        ]

    assert found("01424")  # Tramoyes, in the CC de Miribel et du Plateau
    assert not found("01283")  # Oyonnax: not covered
    known.miribel.vacate()
    assert not found("01424")
