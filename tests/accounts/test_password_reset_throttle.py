"""Password-reset requests send e-mails: a few per hour from one address, fewer to one mailbox, then a French 429."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory
from tests.mailing.outbox import deliver_queued

pytestmark = pytest.mark.django_db

URL = reverse("accounts:password_reset")


def ask(client, email, ip="192.0.2.1"):
    return client.post(URL, {"email": email}, REMOTE_ADDR=ip)


def test_one_mailbox_gets_three_links_an_hour_however_its_address_is_typed(client):
    UserFactory(email="agent@example.org")
    for typed, ip in [
        ("agent@example.org", "192.0.2.1"),
        (" Agent@Example.org ", "192.0.2.2"),
        ("AGENT@EXAMPLE.ORG", "192.0.2.3"),
    ]:
        assert ask(client, typed, ip).status_code == 302
    refused = ask(client, "agent@example.org", "192.0.2.4")
    assert refused.status_code == 429
    assert "Trop de demandes" in refused.content.decode()
    deliver_queued()
    assert len(mail.outbox) == 3


def test_one_address_asks_five_times_an_hour(client):
    for number in range(5):
        UserFactory(email=f"agent{number}@example.org")
        assert ask(client, f"agent{number}@example.org").status_code == 302
    UserFactory(email="agent5@example.org")
    assert ask(client, "agent5@example.org").status_code == 429
    deliver_queued()
    assert len(mail.outbox) == 5
    assert ask(client, "agent5@example.org", ip="192.0.2.99").status_code == 302  # another address is not held up
    deliver_queued()
    assert len(mail.outbox) == 6


def test_showing_the_form_is_not_limited(client):
    for _ in range(10):
        assert client.get(URL).status_code == 200
