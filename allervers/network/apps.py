from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "allervers.network"
    label = "network"
    verbose_name = "unités mobiles, ISG et conventions"
