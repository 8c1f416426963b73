"""An offer of a synthetic organiser in Bourg-en-Bresse, with one session in ten days (capacity 2, waiting list 1)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from allervers.directory.models import Structure
from allervers.mailing.models import OutgoingEmail
from allervers.outreach.enums import Profession, Topic
from allervers.outreach.models import Offer, Registration, Session
from allervers.outreach.services import confirm, register
from tests.factories import StructureFactory, commune

BOURG = "01053"


@pytest.fixture
def client() -> Client:
    """A browser's client: its form posts say they come from the site itself (Sec-Fetch-Site), which the public
    forms check instead of a CSRF cookie (allervers/common/csrf.py; refusals in test_public_forms_cookieless.py)."""
    return Client(headers={"Sec-Fetch-Site": "same-origin"})


@dataclass
class Training:
    organiser: Structure
    offer: Offer
    session: Session


def make_session(offer: Offer, *, days: int = 10, capacity: int = 2, waiting: int = 1, **extra: object) -> Session:
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=days)
    fields = {
        "offer": offer,
        "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=7),
        "commune": commune(BOURG),
        "place": "Salle fictive",
        "capacity": capacity,
        "waiting_list_size": waiting,
        "registration_deadline": start - datetime.timedelta(days=3),
        "trainers": "Juriste\nConseillère conjugale",
        **extra,
    }
    return Session.objects.create(**fields)


@pytest.fixture
def training(db) -> Training:
    organiser = StructureFactory(name="Association fictive d'aide", commune=commune(BOURG))
    offer = Offer.objects.create(
        title="Repérer les violences conjugales (fictive)",
        organiser=organiser,
        topic=Topic.DOMESTIC_VIOLENCE,
        target_professions=[Profession.MUNICIPAL_RECEPTION, Profession.NURSERY_STAFF],
        duration_hours=7,
    )
    return Training(organiser, offer, make_session(offer))


def new_registration(session: Session, n: int = 0, **extra: object) -> Registration:
    fields = {
        "first_name": f"Camille{n}",
        "last_name": "Fictive",
        "email": f"camille{n}@example.org",
        "profession": Profession.MUNICIPAL_RECEPTION,
        "employer_name": "Mairie fictive",
        "work_commune": commune(BOURG),
        **extra,
    }
    return register(session, **fields)


def confirmed(session: Session, n: int = 0, **extra: object) -> Registration:
    registration = new_registration(session, n, **extra)
    confirm(registration)
    registration.refresh_from_db()
    return registration


def last_email(address: str) -> OutgoingEmail:
    email = OutgoingEmail.objects.filter(recipient=address).order_by("-pk").first()
    assert email is not None, f"no e-mail for {address}"
    return email


def last_link(address: str) -> str:
    """The link of the latest e-mail queued for this address (the path, without the base URL)."""
    email = OutgoingEmail.objects.filter(recipient=address).order_by("-pk").first()
    assert email is not None, f"no e-mail for {address}"
    found = re.search(r"https?://[^/\s]+(/\S+)", email.body)
    assert found, email.body
    return found.group(1)


__all__ = ["mail"]
