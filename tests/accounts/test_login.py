import pytest
from django.core import mail
from django.urls import reverse

from allervers.accounts.models import Invitation
from tests.factories import StructureFactory, UserFactory
from tests.mailing.outbox import deliver_queued

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


def test_a_user_logs_in_with_an_email_and_lands_in_the_professional_space(client):
    UserFactory(email="agent@example.org")
    response = client.post(LOGIN, {"username": "Agent@Example.org", "password": "mot-de-passe-de-test"})
    assert response.status_code == 302 and response["Location"] == reverse("backoffice:home")


def test_a_wrong_password_gets_a_french_message(client):
    UserFactory(email="agent@example.org")
    response = client.post(LOGIN, {"username": "agent@example.org", "password": "faux"})
    assert "Adresse électronique ou mot de passe incorrect." in response.content.decode()


def test_repeated_failures_lock_the_account_even_with_the_right_password(client):
    UserFactory(email="agent@example.org")
    for _ in range(5):
        client.post(LOGIN, {"username": "agent@example.org", "password": "faux"})
    response = client.post(LOGIN, {"username": "agent@example.org", "password": "mot-de-passe-de-test"})
    assert response.status_code == 429
    assert "Compte temporairement bloqué" in response.content.decode()


def test_professional_pages_need_a_login(client):
    response = client.get(reverse("backoffice:home"))
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_password_reset_sends_a_link_without_any_name(client):
    UserFactory(email="agent@example.org", first_name="Camille", last_name="Fictive")
    response = client.post(reverse("accounts:password_reset"), {"email": "agent@example.org"})
    assert response.status_code == 302
    assert deliver_queued() == 1
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "/compte/mot-de-passe/nouveau/" in body and "Camille" not in body and "Fictive" not in body


def test_an_invited_person_creates_an_account_and_joins_the_structure(client):
    structure = StructureFactory(name="Association fictive")
    invitation = Invitation.objects.create(structure=structure, email="nouvelle@example.org", role="admin")
    url = reverse("accounts:invitation", args=[invitation.token])
    weak = client.post(url, {"job_title": "Juriste", "password1": "123", "password2": "123"})
    assert "Ce mot de passe est trop court" in weak.content.decode()
    response = client.post(
        url,
        {"job_title": "Juriste", "password1": "une phrase de passe longue", "password2": "une phrase de passe longue"},
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert structure.memberships.get().user.email == "nouvelle@example.org"
    assert client.get(url).status_code == 410
