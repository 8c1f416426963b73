import time

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from allervers.accounts.mfa import LAST_SEEN_KEY

pytestmark = pytest.mark.django_db

INBOX = reverse("referrals:inbox")


def current_code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_a_member_without_second_factor_is_sent_to_set_it_up(client, parties):
    client.force_login(parties.receiver)
    response = client.get(INBOX)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:mfa-setup"))


def test_setting_up_the_application_shows_a_qr_code_then_recovery_codes_and_opens_the_inbox(client, parties):
    client.force_login(parties.receiver)
    page = client.get(reverse("accounts:mfa-setup") + f"?next={INBOX}")
    assert "<svg" in page.content.decode() and "Code QR" in page.content.decode()
    device = TOTPDevice.objects.get(user=parties.receiver, confirmed=False)
    wrong = client.post(reverse("accounts:mfa-setup") + f"?next={INBOX}", {"token": "000000"})
    assert "pas valide (ou a expiré)" in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()
    done = client.post(reverse("accounts:mfa-setup") + f"?next={INBOX}", {"token": current_code(device)})
    assert done.status_code == 200 and "Vos codes de secours" in done.content.decode()
    assert StaticToken.objects.filter(device__user=parties.receiver).count() == 10
    assert client.get(INBOX).status_code == 200


def test_a_user_with_a_device_enters_a_code_or_a_recovery_code_once(client, parties):
    device = TOTPDevice.objects.create(user=parties.receiver, name="app", confirmed=True)
    from allervers.accounts.mfa import new_recovery_codes

    codes = new_recovery_codes(parties.receiver)
    client.force_login(parties.receiver)
    response = client.get(INBOX)
    assert response["Location"].startswith(reverse("accounts:mfa-verify"))
    verify = reverse("accounts:mfa-verify") + f"?next={INBOX}"
    ok = client.post(verify, {"token": codes[0]})
    assert ok.status_code == 302 and ok["Location"] == INBOX
    assert client.get(INBOX).status_code == 200
    client.logout()
    client.force_login(parties.receiver)
    reused = client.post(verify, {"token": codes[0]})
    assert "pas valide (ou a expiré)" in reused.content.decode()
    # The failure throttles the next attempts (django-otp's back-off): wait it out, then the application code works.
    device.refresh_from_db()
    device.throttle_reset()
    assert client.post(verify, {"token": current_code(device)}).status_code == 302


def test_an_idle_session_is_closed(client, parties, settings):
    settings.ALLERVERS_IDLE_TIMEOUT_MINUTES = 30
    client.force_login(parties.receiver)
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - 31 * 60
    session.save()
    response = client.get(reverse("backoffice:home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_an_active_session_stays_open(client, parties):
    client.force_login(parties.receiver)
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - 5 * 60
    session.save()
    assert client.get(reverse("backoffice:home")).status_code == 200
