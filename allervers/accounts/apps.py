from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "allervers.accounts"
    verbose_name = "comptes"
