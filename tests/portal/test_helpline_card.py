"""A helpline's card: every number says what it is for, languages are named in French."""

import pytest
from django.urls import reverse

from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def test_the_116_006_card_says_what_its_second_number_is_for(client):
    ServiceFactory(
        name="116 006 – Numéro d'aide aux victimes (fictif)",
        helpline=True,
        channels=[
            {"kind": "phone", "value": "116 006", "label": "Appeler le 116 006"},
            {"kind": "phone", "value": "+33 1 80 52 33 76", "label": "Depuis l'étranger (tarif normal)"},
        ],
    )
    html = client.get(reverse("portal:emergency")).content.decode()

    assert ">Appeler le 116 006</a>" in html
    assert "Depuis l&#x27;étranger (tarif normal) : +33 1 80 52 33 76</a>" in html


def test_languages_are_named_in_french(client):
    ServiceFactory(name="Ligne fictive", helpline=True, languages=["fr", "en", "ar"])
    html = client.get(reverse("portal:emergency")).content.decode()
    assert "Langues : français, anglais, arabe." in html
