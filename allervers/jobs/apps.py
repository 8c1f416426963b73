from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "allervers.jobs"
    verbose_name = "tâches planifiées"

    def ready(self) -> None:
        # The duties' periodic tasks exist in every process: the worker runs them, the pages read their schedule.
        import allervers.jobs.tasks  # noqa: F401
        import allervers.mailing.tasks  # noqa: F401
