from typing import Any

from django.conf import settings
from django.http import HttpRequest


def platform(request: HttpRequest) -> dict[str, Any]:
    return {
        "PLATFORM_NAME": settings.ALLERVERS_PLATFORM_NAME,
        "PLATFORM_OPERATOR": settings.ALLERVERS_OPERATOR,
        "QUICK_EXIT_URL": settings.ALLERVERS_QUICK_EXIT_URL,
    }
