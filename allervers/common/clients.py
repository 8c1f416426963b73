"""The client's address for the rate limits (django-ratelimit's RATELIMIT_IP_META_KEY points here).

The address is read where the deployment says (ALLERVERS_RATELIMIT_IP_META_KEY: REMOTE_ADDR, or the header a proxy
sets, such as HTTP_X_REAL_IP). A request without a usable address there (one that bypassed the proxy, a server on a
Unix socket) shares one counter with the others like it: limited all the same, never a 500.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest

WITHOUT_ADDRESS = "0.0.0.0"  # noqa: S104 (a counter's name, not an address to bind)


def client_ip(request: HttpRequest) -> str:
    raw = str(request.META.get(settings.ALLERVERS_RATELIMIT_IP_META_KEY) or "")
    # X-Forwarded-For lists the client first, then the proxies.
    candidate = raw.split(",", 1)[0].strip()
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return WITHOUT_ADDRESS
