"""A registration of a cancelled session is « séance annulée »: the registrations of the sessions cancelled before
this status existed are moved to it, each with a log line naming the status it had, which the reverse reads back."""

from django.db import migrations, models

LABELS = {"a-confirmer": "à confirmer", "inscrit": "inscrit", "liste-attente": "sur liste d'attente"}
SUFFIX = " → séance annulée (session annulée avant la création de ce statut)"


def close_registrations_of_cancelled_sessions(apps, schema_editor):
    Registration = apps.get_model("outreach", "Registration")
    RegistrationLog = apps.get_model("outreach", "RegistrationLog")
    rows = Registration.objects.filter(session__cancelled_at__isnull=False, status__in=list(LABELS))
    for registration in rows.select_related("session"):
        RegistrationLog.objects.create(
            registration=registration,
            action=f"statut : {LABELS[registration.status]}{SUFFIX}",
            at=registration.session.cancelled_at,
        )
        Registration.objects.filter(pk=registration.pk).update(status="seance-annulee")


def restore_statuses(apps, schema_editor):
    Registration = apps.get_model("outreach", "Registration")
    RegistrationLog = apps.get_model("outreach", "RegistrationLog")
    statuses = {label: code for code, label in LABELS.items()}
    for registration in Registration.objects.filter(status="seance-annulee"):
        logs = RegistrationLog.objects.filter(registration=registration, action__startswith="statut : ")
        log = logs.filter(action__contains=" → séance annulée").order_by("-at", "-pk").first()
        label = log.action.removeprefix("statut : ").split(" → ", 1)[0] if log else ""
        Registration.objects.filter(pk=registration.pk).update(status=statuses.get(label, "inscrit"))
        RegistrationLog.objects.filter(registration=registration, action__endswith=SUFFIX).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("outreach", "0003_awareness_event_cancellation"),
    ]

    operations = [
        migrations.AlterField(
            model_name="registration",
            name="status",
            field=models.CharField(
                choices=[
                    ("a-confirmer", "à confirmer"),
                    ("inscrit", "inscrit"),
                    ("liste-attente", "sur liste d'attente"),
                    ("annule", "annulé"),
                    ("seance-annulee", "séance annulée"),
                ],
                default="a-confirmer",
                max_length=20,
                verbose_name="statut",
            ),
        ),
        migrations.RunPython(close_registrations_of_cancelled_sessions, restore_statuses),
    ]
