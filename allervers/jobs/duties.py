"""The scheduled duties, with their schedule in code. The worker (`allervers run_huey`) runs each one as a Huey
periodic task (allervers/jobs/tasks.py); the management commands (`allervers remind`, `referrals-remind`, `purge`)
stay for a manual run.

Each duty is idempotent (a second run in a period finds nothing left to do) and runs once per slot of its schedule:
a lock keeps two workers from running it at the same time, and the DutyRun row of its slot (unique) keeps a second
worker, or a catch-up, from running it again afterwards. A slot missed while no worker ran (a laptop asleep at
7 o'clock, a deployment) is caught up within a minute of the worker's start.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from huey import crontab
from huey.exceptions import TaskLockedException

from allervers.jobs.models import DutyRun

logger = logging.getLogger(__name__)

# A slot is looked for this far back or ahead: more than the longest period of any schedule (a day).
SEARCH_WINDOW = datetime.timedelta(days=8)
# Sent e-mails and duty runs are kept this long, then erased by the purge duty.
RECORDS_KEPT = datetime.timedelta(days=90)


@dataclass(frozen=True)
class Duty:
    name: str
    label: str
    schedule: str
    cron: dict[str, str]
    action: Callable[[], str] = field(compare=False)

    def matches(self, moment: datetime.datetime) -> bool:
        return bool(crontab(**self.cron)(moment))

    def last_slot(self, now: datetime.datetime | None = None) -> datetime.datetime | None:
        """The latest time of the schedule at or before now (local time, to the minute)."""
        moment = timezone.localtime(now).replace(second=0, microsecond=0)
        return self._walk(moment, -1)

    def next_slot(self, now: datetime.datetime | None = None) -> datetime.datetime | None:
        moment = timezone.localtime(now).replace(second=0, microsecond=0) + datetime.timedelta(minutes=1)
        return self._walk(moment, 1)

    def _walk(self, moment: datetime.datetime, step: int) -> datetime.datetime | None:
        # Wall-clock minutes, then made aware: a schedule reads the local clock, summer time included.
        naive, end = timezone.make_naive(moment), SEARCH_WINDOW.total_seconds() // 60
        for minutes in range(int(end)):
            candidate = naive + datetime.timedelta(minutes=step * minutes)
            if self.matches(candidate):
                return timezone.make_aware(candidate)
        return None


def _reminders() -> str:
    from allervers.accounts.recipients import AccountRecipients
    from allervers.directory.freshness import run_reminders

    run = run_reminders(AccountRecipients())
    return (
        f"{run.first} première(s) relance(s), {run.second} seconde(s), {run.coordinator} à la coordination, "
        f"{run.unpublished} fiche(s) dépubliée(s), {run.emails} courriel(s)"
    )


def _suspensions() -> str:
    """A suspension ends the day after its last day: the listing is published again (its search row follows)."""
    from allervers.directory.enums import ListingStatus
    from allervers.directory.models import Service, Structure

    today, count = timezone.localdate(), 0
    for model in (Structure, Service):
        for listing in model.objects.filter(status=ListingStatus.SUSPENDED, suspended_until__lt=today):
            with transaction.atomic():
                listing.publish()
            count += 1
    return f"{count} suspension(s) terminée(s)"


def _deadlines() -> str:
    from allervers.referrals.services import run_deadlines

    report = run_deadlines()
    return (
        f"{len(report.reminded)} relance(s), {len(report.escalated)} signalement(s) à la coordination, "
        f"{len(report.expired)} mise(s) en relation expirée(s)"
    )


def _purge() -> str:
    """The hand-overs' personal data past their retention; the outbox's sent e-mails (addresses), the duties' runs and
    the professionals' login records (address, browser) after RECORDS_KEPT."""
    from axes.models import AccessLog

    from allervers.mailing.enums import EmailStatus
    from allervers.mailing.models import OutgoingEmail
    from allervers.referrals.services import purge

    erased = purge()
    cutoff = timezone.now() - RECORDS_KEPT
    emails, _ = OutgoingEmail.objects.filter(status=EmailStatus.SENT, sent_at__lt=cutoff).delete()
    DutyRun.objects.filter(started_at__lt=cutoff).delete()
    logins, _ = AccessLog.objects.filter(attempt_time__lt=cutoff).delete()
    return (
        f"{len(erased)} mise(s) en relation effacée(s), {emails} courriel(s) envoyé(s) effacé(s), "
        f"{logins} connexion(s) journalisée(s) effacée(s)"
    )


def _outreach_reminders() -> str:
    from allervers.outreach.services import send_reminders

    return f"{send_reminders()} rappel(s) de session de formation"


def _outreach_purge() -> str:
    """Training registrations: personal data erased after their retention (3 years after the session by default)."""
    from allervers.outreach.services import purge

    report = purge()
    return f"{report.anonymised} inscription(s) anonymisée(s), {report.deleted} demande(s) non confirmée(s) effacée(s)"


def _outreach_certificates() -> str:
    from allervers.outreach.services import send_certificates

    return f"{send_certificates()} attestation(s) de présence envoyée(s)"


def _agreements_deadlines() -> str:
    """Agreements: end-date reminders to the coordinator (90 and 30 days before), then the expiry step."""
    from allervers.agreements.services import run_expiry, send_reminders

    reminders, report = send_reminders(), run_expiry()
    return (
        f"{reminders} rappel(s) d'échéance de convention, {report.expired} convention(s) expirée(s), "
        f"{report.renewed} reconduite(s) tacitement"
    )


def _network_request_purge() -> str:
    from allervers.network.request_services import purge_requests

    return f"{purge_requests()} demande(s) de passage terminée(s) effacée(s)"


def _network_request_deadlines() -> str:
    from allervers.network.request_services import run_deadlines

    report = run_deadlines()
    return (
        f"{len(report.reminded)} relance(s) de demande de passage, "
        f"{len(report.escalated)} signalement(s) à la coordination, {len(report.expired)} close(s) sans réponse"
    )


def _outbox() -> str:
    from allervers.mailing.services import requeue_overdue

    return f"{requeue_overdue()} courriel(s) remis en file"


DUTIES: tuple[Duty, ...] = (
    Duty("outbox", "Courriels en attente remis en file", "toutes les 5 minutes", {"minute": "*/5"}, _outbox),
    Duty(
        "suspensions",
        "Fin des suspensions de fiches",
        "chaque jour à 0 h 05",
        {"hour": "0", "minute": "5"},
        _suspensions,
    ),
    Duty(
        "reminders", "Relances de mise à jour des fiches", "chaque jour à 7 h", {"hour": "7", "minute": "0"}, _reminders
    ),
    Duty(
        "deadlines",
        "Délais des mises en relation (relance, coordination, expiration)",
        "toutes les heures, à la 10e minute",
        {"minute": "10"},
        _deadlines,
    ),
    Duty(
        "purge",
        "Effacement des données personnelles échues",
        "chaque jour à 3 h 30",
        {"hour": "3", "minute": "30"},
        _purge,
    ),
    Duty(
        "outreach-rappels",
        "Rappels des sessions de formation (deux jours avant)",
        "chaque jour à 8 h",
        {"hour": "8", "minute": "0"},
        _outreach_reminders,
    ),
    Duty(
        "outreach-purge",
        "Effacement des inscriptions aux formations échues",
        "chaque jour à 3 h 45",
        {"hour": "3", "minute": "45"},
        _outreach_purge,
    ),
    Duty(
        "outreach-attestations",
        "Envoi des attestations de présence après les sessions",
        "toutes les heures, à la 20e minute",
        {"minute": "20"},
        _outreach_certificates,
    ),
    Duty(
        "conventions-echeances",
        "Échéances des conventions (rappels à 90 et 30 jours, expiration)",
        "chaque jour à 7 h 30",
        {"hour": "7", "minute": "30"},
        _agreements_deadlines,
    ),
    Duty(
        "passages-delais",
        "Délais des demandes de passage d'unité mobile (relance, coordination, clôture sans réponse)",
        "toutes les heures, à la 40e minute",
        {"minute": "40"},
        _network_request_deadlines,
    ),
    Duty(
        "passages-purge",
        "Effacement des demandes de passage terminées échues",
        "chaque jour à 3 h 50",
        {"hour": "3", "minute": "50"},
        _network_request_purge,
    ),
)
BY_NAME = {duty.name: duty for duty in DUTIES}


def run(duty: Duty, *, lock: AbstractContextManager[object], now: datetime.datetime | None = None) -> str:
    """Run the duty for its latest slot unless that slot has run: what happened, in a few words. The lock is the
    engine's (Huey's lock_task, in its storage): held by one worker at a time."""
    slot = duty.last_slot(now)
    if slot is None:
        return "aucun créneau"
    try:
        with lock:
            return _run_slot(duty, slot)
    except TaskLockedException:
        return "déjà en cours ailleurs"


def _run_slot(duty: Duty, slot: datetime.datetime) -> str:
    try:
        with transaction.atomic():
            record = DutyRun.objects.create(duty=duty.name, slot=slot, started_at=timezone.now())
    except IntegrityError:
        return "déjà faite pour ce créneau"
    try:
        record.result = duty.action()[:500]
    except Exception as error:  # recorded on the page without its message, the traceback goes to the log only
        logger.exception("La tâche %s a échoué", duty.name)
        record.error = type(error).__name__
    record.finished_at = timezone.now()
    record.save(update_fields=["result", "error", "finished_at"])
    return record.error or record.result


def missed(now: datetime.datetime | None = None) -> list[Duty]:
    """Duties whose latest slot has no run: due now (a worker that was not running then, a fresh installation)."""
    slots = {duty.name: duty.last_slot(now) for duty in DUTIES}
    done = set(DutyRun.objects.filter(slot__in=[slot for slot in slots.values() if slot]).values_list("duty", "slot"))
    return [duty for duty in DUTIES if slots[duty.name] is not None and (duty.name, slots[duty.name]) not in done]
