"""A session ends a fixed time after its login, however active it is: the "last seen" writes do not extend it."""

import time

import pytest
from django.urls import reverse

from allervers.accounts.mfa import LAST_SEEN_KEY, LOGIN_AT_KEY
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
HOME = reverse("backoffice:home")


@pytest.fixture
def logged_in(client):
    UserFactory(email="agent@example.org")
    assert client.post(LOGIN, {"username": "agent@example.org", "password": "mot-de-passe-de-test"}).status_code == 302
    return client


def opened(client, *, hours_ago):
    """Move the session's login time into the past; it was seen a moment ago, so it is not idle."""
    session = client.session
    session[LOGIN_AT_KEY] = int(time.time()) - int(hours_ago * 3600)
    session[LAST_SEEN_KEY] = int(time.time()) - 10
    session.save()


def test_the_clock_starts_at_the_login(logged_in):
    assert abs(logged_in.session[LOGIN_AT_KEY] - time.time()) < 60


def test_an_active_session_ends_after_twelve_hours_with_a_message(logged_in):
    opened(logged_in, hours_ago=12.1)
    response = logged_in.get(HOME + "?onglet=1")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/espace/%3Fonglet%3D1"
    page = logged_in.get(response["Location"]).content.decode()
    assert "Votre session a atteint sa durée maximale de 12 heures : reconnectez-vous." in page
    assert "_auth_user_id" not in logged_in.session
    assert logged_in.get(HOME).status_code == 302  # still logged out


def test_a_session_within_the_maximum_stays_open(logged_in):
    opened(logged_in, hours_ago=11.9)
    assert logged_in.get(HOME).status_code == 200
    assert logged_in.get(HOME).status_code == 200


def test_a_new_login_starts_a_new_session_clock(logged_in):
    opened(logged_in, hours_ago=12.5)
    logged_in.get(HOME)  # logged out
    logged_in.post(LOGIN, {"username": "agent@example.org", "password": "mot-de-passe-de-test"})
    assert logged_in.get(HOME).status_code == 200


def test_the_maximum_is_a_setting(logged_in, settings):
    settings.ALLERVERS_SESSION_MAX_HOURS = 2
    opened(logged_in, hours_ago=2.5)
    assert logged_in.get(HOME).status_code == 302


def test_a_session_opened_before_the_rule_gets_its_clock_at_its_next_request(client):
    client.force_login(UserFactory())
    session = client.session
    session.pop(LOGIN_AT_KEY, None)
    session.save()
    assert client.get(HOME).status_code == 200
    assert abs(client.session[LOGIN_AT_KEY] - time.time()) < 60
