"""Data of the professional journeys, loaded by `public_site` (tests/browser/conftest.py) with the demo directory.

Loaded before Playwright starts (Django refuses ORM calls while its event loop runs in the main thread):
- the orientation circuits and the Ain demo units (`load-pathways --demo`): the assistant needs them;
- the demo plan of the Ain (`load-plan-demo`);
- the demo accounts (`demo-accounts --force`: refused outside DEBUG without it), password DEMO_PASSWORD;
- for the axe scans of the professional pages, a synthetic account (AXE_EMAIL) member of the CCAS d'Oyonnax and
  coordinator of the Ain, with a confirmed TOTP application whose key the test knows (AXE_TOTP_KEY), and one
  synthetic hand-over from the CCAS to AVEMA 01 to scan its page.

`snapshot()` notes the last primary key of every table the journeys can write to; `remove()` deletes every row
added after it, whatever created it (a fixture or a click), so that the test modules that run after this folder
find the database as they would without it.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from cryptography.fernet import Fernet
from django.apps import apps
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.models import Max, ProtectedError, RestrictedError
from django.test import override_settings
from django.urls import reverse

DEMO_PASSWORD = "demo-aller-vers-2026"  # printed by `allervers demo-accounts`: a public demo password
CCAS_EMAIL = "ccas-oyonnax@demo.invalid"
AVEMA_EMAIL = "avema@demo.invalid"
COORDINATION_EMAIL = "coordination@demo.invalid"
AXE_EMAIL = "axe-pro@example.org"
AXE_PASSWORD = "axe-scan-password-2026"  # noqa: S105 - a synthetic account of the test database
AXE_TOTP_KEY = "3132333435363738393031323334353637383930"  # RFC 6238's test key, hex
SYNTHETIC_NAME = "Zéphyrine Fictivelle"
VIOLENCES_CONJUGALES = "aide-aux-victimes--violences-conjugales"  # a directory theme, and a hand-over's situation
SITUATION = "violences-conjugales"  # the orientation circuit
# Tables left alone: the territories stay for the whole session, and nothing here writes the others.
KEPT_APPS = {"territories", "contenttypes", "auth"}


@dataclass
class Snapshot:
    last_pk: dict[type, int]
    sessions: set[str]


def referral_keys() -> override_settings:
    """Hand-overs are encrypted: a key for the live server (the test settings set none)."""
    return override_settings(ALLERVERS_REFERRAL_KEYS=[Fernet.generate_key().decode()])


def _integer_pk_models() -> list[type]:
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label not in KEPT_APPS
        and model._meta.managed
        and model._meta.pk.get_internal_type() in {"AutoField", "BigAutoField", "SmallAutoField"}
    ]


def snapshot() -> Snapshot:
    from django.contrib.sessions.models import Session

    last = {model: model._base_manager.aggregate(last=Max("pk"))["last"] or 0 for model in _integer_pk_models()}
    return Snapshot(last_pk=last, sessions=set(Session.objects.values_list("session_key", flat=True)))


def load() -> dict[str, str]:
    """Circuits, plan, accounts and the axe scan's account and hand-over; returns the paths the tests open."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from allervers.accounts.models import CoordinatorScope, Membership, User
    from allervers.directory.models import Service, Structure
    from allervers.pathways.models import Situation
    from allervers.plan.models import FicheAction, Plan
    from allervers.referrals.enums import LegalBasis, Urgency
    from allervers.referrals.models import Referral
    from allervers.territories.models import Commune

    call_command("load-pathways", "--demo", verbosity=0)
    call_command("load-plan-demo", verbosity=0)
    call_command("demo-accounts", "--force", verbosity=0)

    ccas = Structure.objects.get(source="demo-ain", source_id="ccas-oyonnax")
    avema_service = Service.objects.get(source="demo-ain", source_id="avema-01--aide-aux-victimes")
    ccas_service = Service.objects.get(source="demo-ain", source_id="ccas-oyonnax--accueil")
    axe = User.objects.create_user(email=AXE_EMAIL, password=AXE_PASSWORD, job_title="Compte de test (axe)")
    Membership.objects.create(user=axe, structure=ccas, role="admin")
    CoordinatorScope.objects.create(user=axe, label="Préfecture de l'Ain (test)", zone_codes=["01"])
    TOTPDevice.objects.create(user=axe, name="Application de test", key=AXE_TOTP_KEY, confirmed=True)
    referral = Referral.objects.create(
        sender=axe,
        sender_structure=ccas,
        service=avema_service,
        target_structure=avema_service.structure,
        situation=VIOLENCES_CONJUGALES,
        urgency=Urgency.NORMAL,
        legal_basis=LegalBasis.CONSENT,
        consent_method="oral",
        commune=Commune.objects.get(code="01283"),  # Oyonnax
        person_name=SYNTHETIC_NAME,
        contact_safe="06 00 00 00 01 (portable personnel)",
        summary="Demande d'accompagnement (données synthétiques du test axe).",
    )
    plan = Plan.objects.get(department__code="01")
    fiche = FicheAction.objects.filter(action__axis__plan=plan).order_by("pk").first()
    assert fiche is not None, "the demo plan has no fiche action"
    situation = Situation.objects.published().get(slug=SITUATION)
    return {
        "avema-service": reverse("portal:service", args=[avema_service.pk, avema_service.slug]),
        "report-error": reverse("backoffice:report-error", args=[ccas_service.pk]),
        "pro-structure": reverse("backoffice:structure", args=[ccas.pk]),
        "pro-service-edit": reverse("backoffice:service-edit", args=[ccas_service.pk]),
        "pro-referral": reverse("referrals:detail", args=[referral.public_id]),
        "plan": reverse("plan:dashboard", args=[plan.pk]),
        "plan-pdf": reverse("plan:pdf", args=[plan.pk]),
        "plan-title": plan.title,
        "plan-fiche": reverse("plan:fiche", args=[fiche.pk]),
        "fiche-reflexe": reverse("pathways:commune-fiche", args=[situation.slug, "01283"]),
        "situation-title": situation.title,
    }


def remove(before: Snapshot) -> None:
    """Delete every row added since `before`: the access log first (its trigger lifted), then the rest."""
    from django.contrib.sessions.models import Session

    from allervers.referrals.models import AccessLog

    last_log = before.last_pk.get(AccessLog, 0)
    if AccessLog._base_manager.filter(pk__gt=last_log).exists():
        _delete_access_log_after(last_log)
    pending = [model for model in _integer_pk_models() if model is not AccessLog]
    for _ in range(6):  # PROTECT foreign keys: retry what a later deletion unblocks
        blocked = []
        for model in pending:
            try:
                with transaction.atomic():
                    model._base_manager.filter(pk__gt=before.last_pk[model]).delete()
            except (ProtectedError, RestrictedError, IntegrityError):
                blocked.append(model)
        if not blocked:
            break
        pending = blocked
    else:
        raise AssertionError(f"rows left behind by the browser tests in: {[m.__name__ for m in pending]}")
    Session.objects.exclude(session_key__in=before.sessions).delete()


def _delete_access_log_after(last_pk: int) -> None:
    """The access log is append-only in the database; a test database's cleanup lifts its trigger for a moment."""
    migration = importlib.import_module("allervers.referrals.migrations.0002_access_log_append_only")
    table = migration.TABLE
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")  # noqa: S608
            cursor.execute(f"DELETE FROM {table} WHERE id > %s", [last_pk])  # noqa: S608
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")  # noqa: S608
        else:
            for statement in migration.SQLITE_DOWN:
                cursor.execute(statement)
            cursor.execute(f"DELETE FROM {table} WHERE id > %s", [last_pk])  # noqa: S608
            for statement in migration.SQLITE_UP:
                cursor.execute(statement)
