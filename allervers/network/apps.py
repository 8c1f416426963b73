"""The network's reach: mobile units, their stops and the requests for a visit, and where no one goes (issue 20)."""

from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "allervers.network"
    label = "network"
    verbose_name = "unités mobiles et couverture"
