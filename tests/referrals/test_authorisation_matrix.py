"""Every hand-over URL, visited by every kind of user: the expected answer for each.

LOGIN: sent to log in; MFA: sent to set up the second factor; codes otherwise. There is no hand-over API route:
the API (api/v1) exposes the public directory only.
"""

import uuid

import pytest
from django.urls import reverse

from tests.referrals.conftest import with_second_factor

pytestmark = pytest.mark.django_db

LOGIN, MFA = "login", "mfa"
USERS = ["anonymous", "unrelated", "sender", "receiver_without_mfa", "receiver", "coordinator_elsewhere", "coordinator"]

# url name:                anonymous, unrelated, sender, receiver w/o MFA, receiver, coordinator elsewhere, in scope
MATRIX = {
    ("GET", "inbox"): [LOGIN, 200, 200, MFA, 200, 200, 200],
    ("GET", "create"): [LOGIN, 200, 200, MFA, 403, 403, 403],
    ("GET", "statistics"): [LOGIN, 403, 403, MFA, 403, 200, 200],
    ("GET", "detail"): [LOGIN, 404, 200, MFA, 200, 404, 200],
    ("GET", "access-log"): [LOGIN, 404, 403, MFA, 403, 404, 200],
    ("GET", "export"): [LOGIN, 404, 200, MFA, 200, 404, 403],
    ("POST", "message"): [LOGIN, 404, 302, MFA, 302, 404, 403],
    ("POST", "accepter"): [LOGIN, 404, 403, MFA, 302, 404, 403],
}


def url_for(name, referral, parties):
    if name in {"inbox", "statistics"}:
        return reverse(f"referrals:{name}")
    if name == "create":
        return reverse("referrals:create") + f"?service={parties.service.pk}"
    if name == "accepter":
        return reverse("referrals:transition", args=[referral.public_id, "accepter"])
    return reverse(f"referrals:{name}", args=[referral.public_id])


def log_in(client, parties, who):
    if who == "anonymous":
        return
    if who == "receiver_without_mfa":
        client.force_login(parties.receiver)
        return
    user = {
        "unrelated": parties.unrelated,
        "sender": parties.sender,
        "receiver": parties.receiver,
        "coordinator_elsewhere": parties.coordinator_elsewhere,
        "coordinator": parties.coordinator_in_scope,
    }[who]
    with_second_factor(client, user)


def outcome(response):
    if response.status_code == 302 and response["Location"].startswith(reverse("accounts:login")):
        return LOGIN
    if response.status_code == 302 and response["Location"].startswith(reverse("accounts:mfa-setup")):
        return MFA
    return response.status_code


@pytest.mark.parametrize("who", USERS)
def test_each_user_gets_the_expected_answer_on_every_hand_over_url(client, parties, who):
    log_in(client, parties, who)
    column = USERS.index(who)
    for (method, name), expected in MATRIX.items():
        referral = parties.referral()
        url = url_for(name, referral, parties)
        data = {"body": "Bonjour", "reason": "x"}
        response = client.get(url) if method == "GET" else client.post(url, data)
        assert outcome(response) == expected[column], f"{who} {method} {name}"
        if method == "POST" and expected[column] in {403, 404}:
            referral.refresh_from_db()
            assert referral.status == "sent" and not referral.messages.exists(), f"{who} changed {name}"


def test_guessed_ids_lead_nowhere(client, parties):
    referral = parties.referral()
    with_second_factor(client, parties.receiver)
    assert client.get(reverse("referrals:detail", args=[uuid.uuid4()])).status_code == 404
    assert client.get(f"/espace/mises-en-relation/{referral.pk}/").status_code == 404
    assert client.get(f"/espace/mises-en-relation/{referral.reference}/").status_code == 404
    with_second_factor(client, parties.unrelated)
    for name in ("detail", "access-log", "export"):
        assert client.get(reverse(f"referrals:{name}", args=[referral.public_id])).status_code == 404
