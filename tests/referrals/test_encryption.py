import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from allervers.referrals.models import Referral, ReferralMessage
from allervers.referrals.services import post_message
from tests.referrals.conftest import KEY, SYNTHETIC_NAME

pytestmark = pytest.mark.django_db


def raw_rows(table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608
        return " ".join(str(value) for row in cursor.fetchall() for value in row)


def test_a_database_dump_reveals_no_name(parties):
    referral = parties.referral()
    post_message(
        referral, by=parties.receiver, body=f"Rappeler {SYNTHETIC_NAME} demain", from_receiver=True, internal=False
    )
    dump = io.StringIO()
    call_command("dumpdata", "referrals", stdout=dump)
    assert "Fictivelle" not in dump.getvalue() and "06 00 00 00 01" not in dump.getvalue()
    assert "MR-" in dump.getvalue()  # the dump did hold the hand-over
    raw = raw_rows("referrals_referral") + raw_rows("referrals_referralmessage")
    assert "Fictivelle" not in raw and "dépôt de plainte" not in raw and "gAAAAA" in raw
    assert Referral.objects.get().person_name == SYNTHETIC_NAME


def test_keys_rotate_without_losing_anything(parties, settings):
    referral = parties.referral()
    post_message(referral, by=parties.sender, body="Elle préfère les SMS", from_receiver=False, internal=False)
    new_key = Fernet.generate_key().decode()
    settings.ALLERVERS_REFERRAL_KEYS = [new_key, KEY]
    out = io.StringIO()
    call_command("rotate-referral-keys", stdout=out)
    assert "1 mise(s) en relation et 1 message(s) rechiffré(s)" in out.getvalue()
    settings.ALLERVERS_REFERRAL_KEYS = [new_key]  # the old key is gone
    assert Referral.objects.get().person_name == SYNTHETIC_NAME
    assert ReferralMessage.objects.get().body == "Elle préfère les SMS"


def test_a_dump_loads_back_into_a_readable_hand_over(parties, tmp_path):
    parties.referral()
    dump = tmp_path / "dump.json"
    call_command("dumpdata", "referrals.referral", output=str(dump))
    Referral.objects.all().delete()
    call_command("loaddata", str(dump), verbosity=0)
    assert Referral.objects.get().person_name == SYNTHETIC_NAME
