"""The issue's "done when", on the Ain demo directory: CCAS de Belley → AVEMA 01."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from allervers.directory.models import Service, Structure
from allervers.referrals import stats
from allervers.referrals.enums import AccessAction
from allervers.referrals.models import AccessLog, Referral
from tests.factories import member
from tests.mailing.outbox import deliver_queued
from tests.referrals.conftest import SYNTHETIC_NAME, with_second_factor

pytestmark = pytest.mark.django_db


def test_a_ccas_hands_a_person_to_avema_who_accepts_and_the_name_is_purged_later(
    client, django_capture_on_commit_callbacks
):
    call_command("load-demo", stdout=io.StringIO())
    ccas = Structure.objects.get(source="demo-ain", source_id="ccas-belley")
    avema = Structure.objects.get(source="demo-ain", source_id="avema-01")
    service = Service.objects.get(source="demo-ain", source_id="avema-01--aide-aux-victimes")
    agent = member(ccas, email="agent-ccas@example.org")
    juriste = member(avema, email="juriste-avema@example.org")

    with_second_factor(client, agent)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("referrals:create") + f"?service={service.pk}",
            {
                "sender_structure": ccas.pk,
                "situation": "aide-aux-victimes--violences-conjugales",
                "urgency": "urgent",
                "legal_basis": "consent",
                "consent_method": "oral",
                "consent_given_on": timezone.localdate().isoformat(),
                "commune_text": "01300 Belley",
                "person_name": SYNTHETIC_NAME,
                "contact_safe": "06 00 00 00 01",
                "summary": "Souhaite un accompagnement pour porter plainte.",
            },
        )
    referral = Referral.objects.get()
    detail = reverse("referrals:detail", args=[referral.public_id])

    client.force_login(juriste)
    assert client.get(detail)["Location"].startswith(reverse("accounts:mfa-setup"))  # no second factor yet
    with_second_factor(client, juriste)
    assert SYNTHETIC_NAME in client.get(detail).content.decode()
    client.post(reverse("referrals:transition", args=[referral.public_id, "accepter"]))

    with_second_factor(client, agent)
    assert "acceptée" in client.get(detail).content.decode()

    log = set(AccessLog.objects.filter(referral=referral).values_list("user__email", "action"))
    assert {
        ("agent-ccas@example.org", AccessAction.CREATE),
        ("juriste-avema@example.org", AccessAction.READ),
        ("juriste-avema@example.org", AccessAction.CHANGE),
        ("agent-ccas@example.org", AccessAction.READ),
    } <= log
    assert deliver_queued() >= 2  # the new hand-over to AVEMA, its acceptance to the CCAS
    assert mail.outbox and all("Fictivelle" not in m.subject + m.body for m in mail.outbox)

    with_second_factor(client, juriste)
    client.post(reverse("referrals:transition", args=[referral.public_id, "cloturer"]), {"outcome": "supported"})
    Referral.objects.filter(pk=referral.pk).update(finished_at=timezone.now() - datetime.timedelta(days=25 * 31))
    out = io.StringIO()
    call_command("purge", stdout=out)
    assert f"effacée : {referral.reference}" in out.getvalue() and SYNTHETIC_NAME not in out.getvalue()
    referral.refresh_from_db()
    assert referral.person_name == "" and referral.purged_at is not None
    # Still counted: one closed hand-over in its row, whose number is hidden because it is under 5.
    assert stats.report(Referral.objects.all()).by_status == [stats.Row("clôturée", None)]
    assert Referral.objects.filter(status="closed").count() == 1
