from django.apps import AppConfig


class BackofficeConfig(AppConfig):
    """The professional space: structures keep their listings true, coordinators moderate their territory."""

    name = "allervers.backoffice"
    verbose_name = "espace professionnel"
