from django.apps import AppConfig


class PlanConfig(AppConfig):
    name = "allervers.plan"
    label = "plan"
    verbose_name = "plan de prévention"

    def ready(self) -> None:
        # Registers the platform's automatic indicator sources.
        from allervers.plan import indicators  # noqa: F401
