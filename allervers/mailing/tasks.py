"""The delivery task. Retries are ours, not Huey's: the row counts the attempts and holds the next one's date, so a
queue that loses its tasks loses no e-mail (allervers/mailing/services.py)."""

from huey.contrib.djhuey import db_task

from allervers.mailing.services import deliver


@db_task(name="mailing.send_email")
def send_email(pk: int) -> str:
    return deliver(pk)
