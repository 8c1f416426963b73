"""Trainings and awareness actions: catalogue, sessions, registrations, attendance, certificates, agenda (issue 17)."""

from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "allervers.outreach"
    label = "outreach"
    verbose_name = "formations et sensibilisation"

    def ready(self) -> None:
        # The module's automatic indicator sources for the plan (fiches 2.1.x).
        from allervers.outreach import indicators

        indicators.register()
