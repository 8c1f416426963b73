"""The privacy notice: what each part of the platform keeps, with the retention periods the settings give."""

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_the_notice_states_the_retention_periods_of_the_settings(client):
    with override_settings(ALLERVERS_REFERRAL_RETENTION_MONTHS=18):
        response = client.get("/confidentialite/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "effacées 18 mois après la clôture" in text
    assert "gardées 90 jours pour la sécurité" in text
    assert not response.cookies


def test_every_page_links_to_the_notice(client):
    assert 'href="/confidentialite/"' in client.get("/").content.decode()
    assert 'href="/confidentialite/"' in client.get("/page-qui-n-existe-pas/").content.decode()
