from django.apps import AppConfig


class PathwaysConfig(AppConfig):
    name = "allervers.pathways"
    label = "pathways"
    verbose_name = "Circuits d'orientation"
