from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "allervers.campaigns"
    label = "campaigns"
    verbose_name = "campagnes d'information"

    def ready(self) -> None:
        from allervers.campaigns import indicators

        indicators.register()
