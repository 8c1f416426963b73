"""Factories over real communes (the test database holds the whole COG). Synthetic names only."""

from __future__ import annotations

import factory
from django.utils import timezone

from allervers.directory.enums import ListingStatus, ServiceKind
from allervers.directory.models import Service, Structure
from allervers.territories.enums import CommuneKind
from allervers.territories.models import Commune


def commune(code: str) -> Commune:
    return Commune.objects.select_related("department", "epci", "parent").get(code=code, kind=CommuneKind.COMMUNE)


class StructureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Structure

    name = factory.Sequence(lambda n: f"Structure fictive {n}")
    status = ListingStatus.PUBLISHED
    commune = factory.LazyFunction(lambda: commune("01053"))
    latitude = factory.LazyAttribute(lambda o: o.commune.latitude if o.commune else None)
    longitude = factory.LazyAttribute(lambda o: o.commune.longitude if o.commune else None)
    verified_at = factory.LazyFunction(timezone.now)


class ServiceFactory(factory.django.DjangoModelFactory):
    """An on-site service located at its commune's point, serving that commune, unless told otherwise."""

    class Meta:
        model = Service

    structure = factory.SubFactory(StructureFactory)
    name = factory.Sequence(lambda n: f"Service fictif {n}")
    description = "Accueil, écoute et orientation."
    status = ListingStatus.PUBLISHED
    kind = ServiceKind.SERVICE
    commune = factory.LazyFunction(lambda: commune("01053"))
    latitude = factory.LazyAttribute(lambda o: o.commune.latitude if o.commune else None)
    longitude = factory.LazyAttribute(lambda o: o.commune.longitude if o.commune else None)
    modes_accueil = factory.LazyFunction(lambda: ["en-presentiel"])
    thematiques = factory.LazyFunction(lambda: ["aide-aux-victimes--ecoute-et-orientation"])
    publics = factory.LazyFunction(lambda: ["tous-publics"])
    frais = "gratuit"
    zone_eligibilite = factory.LazyAttribute(lambda o: [o.commune.code] if o.commune else ["france"])
    verified_at = factory.LazyFunction(timezone.now)

    class Params:
        remote = factory.Trait(
            modes_accueil=["a-distance"],
            commune=None,
            latitude=None,
            longitude=None,
            zone_eligibilite=["france"],
        )
        helpline = factory.Trait(
            kind=ServiceKind.HELPLINE,
            modes_accueil=["a-distance"],
            commune=None,
            latitude=None,
            longitude=None,
            zone_eligibilite=["france"],
            always_open=True,
        )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "accounts.User"

    email = factory.Sequence(lambda n: f"agent{n}@example.org")
    job_title = "Chargée d'accueil"
    password = factory.django.Password("mot-de-passe-de-test")


def member(structure, role="editor", **kwargs):
    from allervers.accounts.models import Membership

    user = UserFactory(**kwargs)
    Membership.objects.create(user=user, structure=structure, role=role)
    return user


def coordinator(zone_codes=("01",), **kwargs):
    from allervers.accounts.models import CoordinatorScope

    user = UserFactory(job_title="Coordinatrice CISPD", **kwargs)
    CoordinatorScope.objects.create(user=user, label="Coordination fictive", zone_codes=list(zone_codes))
    return user


def with_second_factor(client, user):
    """Log in as if the user had typed a valid code: a confirmed device recorded in the session."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="Application de test", confirmed=True
    )
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
