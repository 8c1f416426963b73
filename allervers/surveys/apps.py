"""Local victimisation surveys: questionnaires, anonymous collection, weighted estimates (issue 19)."""

from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "allervers.surveys"
    label = "surveys"
    verbose_name = "enquêtes de victimation"

    def ready(self) -> None:
        from allervers.surveys.indicators import register

        register()
