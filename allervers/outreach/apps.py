from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "allervers.outreach"
    label = "outreach"
    verbose_name = "formations et sensibilisation"
