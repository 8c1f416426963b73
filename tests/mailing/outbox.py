"""Run the delivery task, as the worker would, for the e-mails a test's actions queued."""

from allervers.mailing.enums import EmailStatus
from allervers.mailing.models import OutgoingEmail
from allervers.mailing.tasks import send_email


def deliver_queued() -> int:
    """Send every queued e-mail through the task's own code (into django.core.mail.outbox in tests)."""
    pks = list(OutgoingEmail.objects.filter(status=EmailStatus.QUEUED).order_by("pk").values_list("pk", flat=True))
    for pk in pks:
        send_email.call_local(pk)
    return len(pks)
