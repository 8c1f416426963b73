"""Partnership agreements between structures: conventions and protocols, their documents and renewals (issue 20)."""

from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "allervers.agreements"
    label = "agreements"
    verbose_name = "conventions et protocoles"

    def ready(self) -> None:
        # The module's automatic indicator sources for the plan (Action 3.1, partnerships with health).
        from allervers.agreements import indicators

        indicators.register()
