import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from allervers.referrals.enums import AccessAction
from allervers.referrals.models import AccessLog, AppendOnlyError
from tests.referrals.conftest import with_second_factor

pytestmark = pytest.mark.django_db


def test_every_read_and_change_is_logged_with_who_and_what(client, parties):
    referral = parties.referral()
    with_second_factor(client, parties.receiver)
    client.get(reverse("referrals:detail", args=[referral.public_id]))
    client.post(reverse("referrals:transition", args=[referral.public_id, "accepter"]))
    entries = list(AccessLog.objects.filter(referral=referral).order_by("pk").values_list("user__email", "action"))
    assert entries == [("accueil@example.org", AccessAction.READ), ("accueil@example.org", AccessAction.CHANGE)]


def test_a_coordinator_reads_the_follow_up_without_personal_data_and_leaves_no_read(client, parties):
    referral = parties.referral()
    with_second_factor(client, parties.coordinator_in_scope)
    page = client.get(reverse("referrals:detail", args=[referral.public_id])).content.decode()
    assert referral.reference in page and "Fictivelle" not in page and "06 00 00 00 01" not in page
    assert not AccessLog.objects.filter(action=AccessAction.READ).exists()


def test_the_log_cannot_be_changed_nor_deleted_through_the_orm(parties):
    entry = AccessLog.record(parties.referral(), user=parties.receiver, action=AccessAction.READ)
    entry.detail = "falsifié"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.filter(pk=entry.pk).update(detail="falsifié")
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.all().delete()


def test_the_database_itself_refuses_to_change_the_log(parties):
    AccessLog.record(parties.referral(), user=parties.receiver, action=AccessAction.READ)
    for statement in ("UPDATE referrals_accesslog SET detail = 'x'", "DELETE FROM referrals_accesslog"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert AccessLog.objects.count() == 1


def test_the_structure_admin_and_the_coordinator_read_the_log_an_editor_does_not(client, parties):
    referral = parties.referral()
    url = reverse("referrals:access-log", args=[referral.public_id])
    for user, expected in [
        (parties.receiver_admin, 200),
        (parties.coordinator_in_scope, 200),
        (parties.receiver, 403),
        (parties.coordinator_elsewhere, 404),
    ]:
        with_second_factor(client, user)
        assert client.get(url).status_code == expected, user.email


def test_the_person_data_export_is_a_pdf_and_is_logged(client, parties):
    referral = parties.referral()
    with_second_factor(client, parties.receiver_admin)
    response = client.get(reverse("referrals:export", args=[referral.public_id]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AccessLog.objects.filter(referral=referral, action=AccessAction.EXPORT).count() == 1
