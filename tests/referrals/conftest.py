"""Hand-over fixtures: a sending and a receiving structure, with members; synthetic names only."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.utils import timezone

from allervers.referrals.enums import LegalBasis, Urgency
from allervers.referrals.models import Referral
from tests.factories import (  # noqa: F401 (with_second_factor is used by the tests of this folder)
    ServiceFactory,
    StructureFactory,
    UserFactory,
    commune,
    coordinator,
    member,
    with_second_factor,
)

KEY = Fernet.generate_key().decode()
SYNTHETIC_NAME = "Zéphyrine Fictivelle"


@pytest.fixture(autouse=True)
def _referral_keys(settings):
    settings.ALLERVERS_REFERRAL_KEYS = [KEY]


class Parties:
    def __init__(self):
        self.sending = StructureFactory(name="CCAS fictif", commune=commune("01034"))  # Belley
        self.receiving = StructureFactory(name="Association fictive d'aide aux victimes", commune=commune("01053"))
        self.service = ServiceFactory(structure=self.receiving, name="Aide aux victimes fictive")
        self.sender = member(self.sending, role="editor", email="envoyeur@example.org")
        self.receiver = member(self.receiving, role="editor", email="accueil@example.org")
        self.receiver_admin = member(self.receiving, role="admin", email="direction@example.org")
        self.unrelated = member(StructureFactory(name="Structure sans lien"), email="autre@example.org")
        self.coordinator_in_scope = coordinator(zone_codes=["01"], email="coord-ain@example.org")
        self.coordinator_elsewhere = coordinator(zone_codes=["69"], email="coord-rhone@example.org")
        self.nobody = UserFactory(email="sans-structure@example.org")

    def referral(self, **fields) -> Referral:
        values = {
            "sender": self.sender,
            "sender_structure": self.sending,
            "service": self.service,
            "target_structure": self.receiving,
            "situation": "aide-aux-victimes--violences-conjugales",
            "urgency": Urgency.NORMAL,
            "legal_basis": LegalBasis.CONSENT,
            "consent_method": "oral",
            "consent_given_on": timezone.localdate(),
            "commune": commune("01034"),
            "person_name": SYNTHETIC_NAME,
            "contact_safe": "06 00 00 00 01 (portable personnel)",
            "contact_times": "le matin",
            "contact_avoid": "ne pas appeler le fixe",
            "summary": "Demande d'accompagnement pour un dépôt de plainte.",
        }
        values.update(fields)
        return Referral.objects.create(**values)


@pytest.fixture
def parties(db):
    return Parties()
