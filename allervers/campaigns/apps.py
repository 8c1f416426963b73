from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "allervers.campaigns"
    label = "campaigns"
    verbose_name = "campagnes d'information"
