import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from allervers.accounts.models import User

pytestmark = pytest.mark.django_db


def test_demo_accounts_are_refused_outside_debug():
    with pytest.raises(CommandError, match="hors mode DEBUG"):
        call_command("demo-accounts")


@override_settings(DEBUG=True)
def test_demo_accounts_give_a_coordinator_and_two_members(capsys):
    call_command("load-demo")
    call_command("demo-accounts")
    call_command("demo-accounts")
    coordinator = User.objects.get(email="coordination@demo.invalid")
    assert coordinator.is_coordinator and coordinator.check_password("demo-aller-vers-2026")
    member = User.objects.get(email="ccas-oyonnax@demo.invalid")
    assert member.memberships.get().structure.name == "CCAS d'Oyonnax"
    isg = User.objects.get(email="isg-ggd-ain@demo.invalid")
    assert isg.memberships.get().structure.source_id == "ggd-ain"
    assert "Mot de passe de démonstration" in capsys.readouterr().out
