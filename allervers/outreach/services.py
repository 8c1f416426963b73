"""Use cases spanning registrations, e-mails and the schedule: register, attendance and certificates, the organisers'
session changes (edit, cancel, manual promotion), reminders, purge, evaluation, exports.

No function here logs a registrant's name or address: e-mails carry links only (no personal data in an e-mail),
and the duties report counts.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from allervers.common.exceptions import TransitionError
from allervers.common.spreadsheets import append_row, csv_text
from allervers.mailing.services import queue_email
from allervers.outreach.enums import Attendance, RegistrationStatus
from allervers.outreach.models import Evaluation, Registration, Session
from allervers.outreach.models.registrations import session_promote_next

if TYPE_CHECKING:
    from allervers.accounts.models import User

DEFAULT_RETENTION_DAYS = 3 * 365
PENDING_KEPT = datetime.timedelta(days=7)
REMINDER_AHEAD = datetime.timedelta(days=2)
# Certificates are e-mailed for sessions ended this recently: a late correction still sends one, while a deployment
# does not write to the attendees of sessions held long ago. The window counts from the session's end, whatever its
# length: a module spread over months is mailed once it ends (tests/outreach/test_certificate_email.py).
CERTIFICATE_WINDOW = datetime.timedelta(days=30)
# A change to one of these fields of a session is told to its registrants.
PRACTICAL_FIELDS = ("starts_at", "ends_at", "commune", "place", "address", "online_url")


def retention() -> datetime.timedelta:
    """How long after its session a registration keeps its personal data (proof of attendance): 3 years unless
    OUTREACH_RETENTION_DAYS says otherwise."""
    return datetime.timedelta(days=int(getattr(settings, "OUTREACH_RETENTION_DAYS", DEFAULT_RETENTION_DAYS)))


def absolute(path: str) -> str:
    return str(settings.ALLERVERS_BASE_URL).rstrip("/") + path


def registration_url(registration: Registration) -> str:
    return absolute(reverse("outreach:registration", args=[registration.token("registration")]))


def _mail(registration: Registration, template: str, **extra: Any) -> None:
    context = {"session": registration.session, "offer": registration.session.offer, **extra}
    context.setdefault("url", registration_url(registration))
    queue_email(to=[registration.email], template=f"outreach/emails/{template}", context=context)


def register(session: Session, **fields: Any) -> Registration:
    """A new registration, to be confirmed by the link sent to the professional address (double opt-in)."""
    reason = session.closed_reason()
    if reason:
        raise TransitionError(reason)
    with transaction.atomic():
        registration = Registration.objects.create(session=session, **fields)
        registration._log("créée, en attente de confirmation")
        confirm_url = absolute(reverse("outreach:confirm", args=[registration.token("confirm")]))
        _mail(registration, "confirm", url=confirm_url)
    return registration


def confirm(registration: Registration) -> None:
    registration.confirm()
    _mail(registration, "confirmed" if registration.status == RegistrationStatus.CONFIRMED else "waiting")


def cancel(registration: Registration) -> Registration | None:
    promoted = registration.cancel()
    if promoted is not None:
        _mail(promoted, "promoted")
    return promoted


def set_attendance(registration: Registration, value: str, *, by: User) -> None:
    """Check-in (list or QR code) or its correction; after the session, someone marked present gets the certificate."""
    registration.set_attendance(value, by=by)
    if value == Attendance.PRESENT and registration.session.ends_at <= timezone.now():
        send_certificate(registration)


def send_certificate(registration: Registration, now: datetime.datetime | None = None) -> bool:
    """E-mails the link to the certificate once per registration, however often attendance is toggled (the
    conditional update claims the sending, so two workers cannot both send it). True when an e-mail was queued."""
    now = now or timezone.now()
    with transaction.atomic():
        claimed = Registration.objects.filter(
            pk=registration.pk,
            status=RegistrationStatus.CONFIRMED,
            attendance=Attendance.PRESENT,
            certificate_reference__isnull=False,
            certificate_sent_at__isnull=True,
            anonymised_at__isnull=True,
        ).update(certificate_sent_at=now)
        if not claimed:
            return False
        token = registration.token("registration")
        _mail(
            registration,
            "certificate",
            url=absolute(reverse("outreach:certificate", args=[token])),
            evaluation_url=absolute(reverse("outreach:evaluation", args=[registration.token("evaluation")])),
            evaluated=registration.evaluated,
        )
    return True


def send_certificates(now: datetime.datetime | None = None) -> int:
    """Sessions ended (within CERTIFICATE_WINDOW): each person marked present and not yet sent a certificate gets
    its link. Returns the number of e-mails."""
    now = now or timezone.now()
    due = Registration.objects.filter(
        session__ends_at__lte=now,
        session__ends_at__gt=now - CERTIFICATE_WINDOW,
        session__cancelled_at__isnull=True,
        status=RegistrationStatus.CONFIRMED,
        attendance=Attendance.PRESENT,
        certificate_sent_at__isnull=True,
        anonymised_at__isnull=True,
    ).select_related("session__offer")
    return sum(send_certificate(registration, now) for registration in due)


def promote(registration: Registration, *, by: User) -> None:
    registration.promote(by=by)
    _mail(registration, "promoted")


def fill_places(session: Session) -> list[Registration]:
    """After the organisers add places: the waiting list takes them in order, each promoted person is told."""
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        promoted = []
        while (registration := session_promote_next(locked)) is not None:
            promoted.append(registration)
    for registration in promoted:
        _mail(registration, "promoted")
    return promoted


def registrants_to_tell(session: Session) -> list[Registration]:
    return list(session.registrations.filter(status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING]))


def practical_details(session: Session) -> dict[str, Any]:
    """What a registrant needs to come (date, place, link), to the minute: the edit form's precision."""
    details = {}
    for name in PRACTICAL_FIELDS:
        value = getattr(session, name if name != "commune" else "commune_id")
        if isinstance(value, datetime.datetime):
            value = value.replace(second=0, microsecond=0)
        details[name] = value
    return details


def session_changed(session: Session, before: dict[str, Any]) -> int:
    """After an edit: a new date or place is told to the confirmed and waiting registrants (and a new date will be
    reminded again). `before` is practical_details() read before the form touched the session. Returns e-mails."""
    after = practical_details(session)
    changed = {name for name in PRACTICAL_FIELDS if before[name] != after[name]}
    if "starts_at" in changed and session.reminded_at is not None:
        session.reminded_at = None
        session.save(update_fields=["reminded_at"])
    if not changed or session.ends_at < timezone.now():
        return 0
    registrations = registrants_to_tell(session)
    for registration in registrations:
        _mail(registration, "changed")
    return len(registrations)


def cancel_session(session: Session, *, by: User) -> int:
    """The organisers cancel a session: registration closes, the agenda drops it, the feed marks it cancelled, its
    registrations become « séance annulée », and every registrant who held a place or waited is told, in the same
    transaction (a second cancellation is refused, so nobody is told twice). Returns the number of e-mails."""
    agenda_url = absolute(reverse("outreach:agenda"))
    with transaction.atomic():
        registrations = session.cancel(by=by)
        for registration in registrations:
            _mail(registration, "session_cancelled", agenda_url=agenda_url)
    return len(registrations)


def send_reminders(now: datetime.datetime | None = None) -> int:
    """Sessions starting within two days, not yet reminded: one e-mail per confirmed registrant. Returns e-mails."""
    now = now or timezone.now()
    sent = 0
    due = Session.objects.not_cancelled().filter(
        starts_at__gt=now, starts_at__lte=now + REMINDER_AHEAD, reminded_at__isnull=True
    )
    for session in due.select_related("offer"):
        with transaction.atomic():
            locked = Session.objects.select_for_update().get(pk=session.pk)
            if locked.reminded_at is not None:
                continue
            for registration in session.registrations.filter(status=RegistrationStatus.CONFIRMED):
                _mail(registration, "reminder")
                sent += 1
            locked.reminded_at = now
            locked.save(update_fields=["reminded_at"])
    return sent


@dataclass(frozen=True)
class PurgeReport:
    anonymised: int
    deleted: int


def purge(now: datetime.datetime | None = None) -> PurgeReport:
    """Registrations of sessions ended more than the retention period ago lose their personal data (name, e-mail,
    employer, account); what the indicators count stays (profession, commune of work, attendance). Registrations
    never confirmed (still to confirm, or closed unconfirmed by a session's cancellation) are deleted after
    PENDING_KEPT."""
    now = now or timezone.now()
    with transaction.atomic():
        never_confirmed = Q(status=RegistrationStatus.PENDING) | Q(
            status=RegistrationStatus.SESSION_CANCELLED, confirmed_at__isnull=True
        )
        _, per_model = Registration.objects.filter(never_confirmed, created_at__lt=now - PENDING_KEPT).delete()
        deleted = per_model.get(Registration._meta.label, 0)
        old = Registration.objects.filter(session__ends_at__lt=now - retention(), anonymised_at__isnull=True)
        ids = list(old.values_list("pk", flat=True))
        for pk in ids:  # a fresh secret each: the links sent before stop working
            Registration.objects.filter(pk=pk).update(
                first_name="",
                last_name="",
                email="",
                employer_name="",
                employer=None,
                user=None,
                secret=Registration._meta.get_field("secret").get_default(),
                anonymised_at=now,
            )
    return PurgeReport(anonymised=len(ids), deleted=deleted)


def submit_evaluation(registration: Registration, answers: dict[str, Any]) -> Evaluation:
    """Stored without any link to the registration; the registration only learns that it was answered."""
    with transaction.atomic():
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if current.evaluated:
            raise TransitionError("Vous avez déjà répondu à ce questionnaire. Merci !")
        if current.status != RegistrationStatus.CONFIRMED or not current.attendance:
            raise TransitionError("Le questionnaire s'ouvre après la session, pour les personnes pointées.")
        Registration.objects.filter(pk=current.pk).update(evaluated=True)
        return Evaluation.objects.create(session_id=current.session_id, **answers)


EXPORT_FIELDS = ["Nom", "Prénom", "Courriel", "Profession", "Employeur", "Commune de travail", "Statut", "Présence"]


def export_rows(registrations: Iterable[Registration]) -> list[dict[str, Any]]:
    return [
        {
            "Nom": r.last_name,
            "Prénom": r.first_name,
            "Courriel": r.email,
            "Profession": r.get_profession_display(),
            "Employeur": r.employer_label,
            "Commune de travail": r.work_commune.name,
            "Statut": r.get_status_display(),
            "Présence": r.get_attendance_display(),
        }
        for r in registrations
    ]


def export_csv(registrations: Iterable[Registration]) -> str:
    return csv_text(EXPORT_FIELDS, export_rows(registrations), delimiter=";")


def export_xlsx(registrations: Iterable[Registration]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Inscriptions"
    append_row(sheet, EXPORT_FIELDS)
    for row in export_rows(registrations):
        append_row(sheet, [row[name] for name in EXPORT_FIELDS])
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()
