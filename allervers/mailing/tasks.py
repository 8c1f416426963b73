"""The delivery task. Retries are ours, not Huey's: the row counts the attempts and holds the next one's date, so a
queue that loses its tasks loses no e-mail (allervers/mailing/services.py)."""

import logging

from huey.contrib.djhuey import db_task

from allervers.mailing.delivery import attempt

logger = logging.getLogger(__name__)


@db_task(name="mailing.send_email")
def send_email(pk: int) -> str:
    status, delay = attempt(pk)
    if delay is not None:
        try:
            send_email.schedule((pk,), delay=delay)
        except Exception as error:  # a queue out of reach: the row stays queued, the outbox duty resends it
            logger.warning("Courriel %s non confié au gestionnaire de tâches (%s)", pk, type(error).__name__)
    return status
