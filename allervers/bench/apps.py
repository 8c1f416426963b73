from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "allervers.bench"
    verbose_name = "bancs d'essai"
