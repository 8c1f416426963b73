"""The campaigns' own data: helplines as the directory holds them, a local service in Oyonnax, a campaign."""

from __future__ import annotations

import datetime

import pytest

from allervers.campaigns.models import Campaign
from tests.factories import ServiceFactory, StructureFactory, commune, coordinator

VIOLENCES = "aide-aux-victimes--violences-conjugales"
# Synthetic helplines with the national numbers (the numbers are facts; names and descriptions are short stand-ins).
HELPLINES = [
    ("3919 – Violences Femmes Info", "3919", [VIOLENCES]),
    ("119 – Allô Enfance en Danger", "119", ["aide-aux-victimes--enfance-en-danger"]),
    ("3977 – Maltraitances des personnes âgées", "3977", ["aide-aux-victimes--maltraitance-personnes-agees"]),
    ("116 006 – Numéro d'aide aux victimes", "116006", ["aide-aux-victimes--ecoute-et-orientation"]),
    ("3018 – Harcèlement et violences numériques", "3018", ["aide-aux-victimes--cyberharcelement"]),
    ("Écoute violences femmes handicapées – 01 40 47 06 06", "+33140470606", [VIOLENCES]),
    ("115 – Hébergement d'urgence", "115", ["aide-aux-victimes--mise-a-l-abri"]),
]


@pytest.fixture
def helplines(db):
    structure = StructureFactory(name="Lignes nationales (fictif)", commune=None, latitude=None, longitude=None)
    return [
        ServiceFactory(
            helpline=True,
            structure=structure,
            name=name,
            phone=number,
            channels=[{"kind": "phone", "value": number, "label": f"Appeler le {number}"}],
            thematiques=themes,
        )
        for name, number, themes in HELPLINES
    ]


@pytest.fixture
def oyonnax_service(db):
    oyonnax = commune("01283")
    structure = StructureFactory(name="CCAS fictif d'Oyonnax", commune=oyonnax)
    return ServiceFactory(structure=structure, name="Accueil des victimes (fictif)", commune=oyonnax)


@pytest.fixture
def nantua_service(db):
    nantua = commune("01269")
    structure = StructureFactory(name="Permanence fictive de Nantua", commune=nantua)
    return ServiceFactory(
        structure=structure, name="Écoute de proximité (fictive)", commune=nantua, zone_eligibilite=["01"]
    )


@pytest.fixture
def campaign(db):
    return Campaign.objects.create(
        slug="vif-test",
        title="Violences intrafamiliales : parlons-en",
        message="Des professionnels vous écoutent, gratuitement.",
        easy_message="Vous pouvez en parler. C'est gratuit.",
        theme="violences-intrafamiliales",
        starts_on=datetime.date(2026, 11, 25),
        ends_on=datetime.date(2027, 3, 8),
        territory_code="01",
    )


@pytest.fixture
def ain_coordinator(db):
    return coordinator(("01",))
