from django.apps import AppConfig


class MailingConfig(AppConfig):
    name = "allervers.mailing"
    verbose_name = "courriels"
