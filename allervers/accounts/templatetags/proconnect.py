from django import template

from allervers.accounts.oidc import is_enabled

register = template.Library()


@register.simple_tag
def proconnect_enabled() -> bool:
    return is_enabled()
