"""After a refused code, the second-factor page says how long to wait (django-otp refuses every code meanwhile)."""

import re

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

VERIFY = reverse("accounts:mfa-verify")


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.fixture
def signed_in(client):
    user = UserFactory()
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client.force_login(user)
    return device


def test_the_page_says_beforehand_that_each_refusal_doubles_the_wait(client, signed_in):
    html = client.get(VERIFY).content.decode()
    assert "Après un code refusé, attendez" in html and "(2, 4, 8 secondes…)" in html


def test_a_refused_code_says_how_many_seconds_to_wait(client, signed_in):
    wrong = "000000" if _code(signed_in) != "000000" else "111111"
    html = client.post(VERIFY, {"token": wrong}).content.decode()
    assert "pas valide (ou a expiré). Attendez 1 seconde avant d&#x27;en saisir un autre" in html


def test_a_right_code_typed_too_early_is_explained_not_called_wrong(client, signed_in):
    signed_in.throttle_increment()
    signed_in.throttle_increment()  # two refusals: codes are refused for 2 seconds

    response = client.post(VERIFY, {"token": _code(signed_in)})

    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r"Un code vient d&#x27;être refusé : attendez encore [12] secondes?, puis", html)
    assert "pas valide" not in html


def test_once_the_wait_is_over_the_right_code_opens_the_session(client, signed_in):
    signed_in.throttle_increment()
    signed_in.throttle_reset()
    assert client.post(VERIFY, {"token": _code(signed_in)}).status_code == 302
