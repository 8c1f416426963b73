"""Posts of intervenants sociaux en gendarmerie et commissariat: coverage, status and funding (issue 20)."""

from django.apps import AppConfig


class IsgConfig(AppConfig):
    name = "allervers.isg"
    label = "isg"
    verbose_name = "intervenants sociaux en gendarmerie et commissariat"

    def ready(self) -> None:
        # The module's automatic indicator sources for the plan (fiche 2.2.3).
        from allervers.isg import indicators

        indicators.register()
