from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "allervers.surveys"
    label = "surveys"
    verbose_name = "enquêtes de victimation"
