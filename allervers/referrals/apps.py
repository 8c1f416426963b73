from typing import Any

from django.apps import AppConfig
from django.core import checks
from django.core.exceptions import ImproperlyConfigured


def check_referral_keys(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    from allervers.referrals.crypto import check_keys

    try:
        check_keys()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="referrals.E001")]
    return []


class ReferralsConfig(AppConfig):
    name = "allervers.referrals"
    verbose_name = "mises en relation"

    def ready(self) -> None:
        checks.register(check_referral_keys, checks.Tags.security, deploy=True)
