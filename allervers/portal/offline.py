"""What the service worker keeps for offline use: the emergency numbers first, then the pages a person last read.

The pages and static files listed here are downloaded when the service worker installs, so that /urgences/ opens
without network even if the person never visited it. Keep STATIC_ASSETS in step with the files base.html links:
the browser tests check that every stylesheet and script of a page is in the offline cache.
"""

from __future__ import annotations

import functools
import hashlib

from django.conf import settings
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse

# The pages kept whatever happens; the pages a person reads are added at run time (see portal/sw.js).
PRECACHED_PAGES = ["portal:emergency", "portal:home", "portal:safe-browsing"]

# The static files of every page (base.html): the trimmed DSFR, the site's own files, the icons and the favicon.
STATIC_ASSETS = [
    "dsfr/dist/dsfr/dsfr.main.min.css",
    "dsfr/dist/utility/icons/icons-system/icons-system.main.min.css",
    "dsfr/dist/utility/icons/icons-device/icons-device.main.min.css",
    "dsfr/dist/utility/icons/icons-map/icons-map.main.min.css",
    "dsfr/dist/utility/icons/icons-user/icons-user.main.min.css",
    "css/dsfr-django-overrides.css",
    "portal/site.css",
    # The DSFR's script as base.html loads it on public pages: its core and five components.
    "dsfr/dist/core/core.module.min.js",
    "dsfr/dist/component/button/button.module.min.js",
    "dsfr/dist/component/modal/modal.module.min.js",
    "dsfr/dist/component/navigation/navigation.module.min.js",
    "dsfr/dist/component/breadcrumb/breadcrumb.module.min.js",
    "dsfr/dist/component/header/header.module.min.js",
    "portal/site.js",
    "dsfr/dist/favicon/favicon.svg",
    "dsfr/dist/favicon/apple-touch-icon.png",
]


# The public pages a person may read offline; nothing else (professional space, admin, API) is ever stored.
PUBLIC_PAGES = [
    "portal:home",
    "portal:search",
    "portal:emergency",
    "portal:safe-browsing",
    "portal:accessibility",
]
# The services and structures, and the territories' help pages (campaigns: the printed QR codes lead there).
PUBLIC_PAGE_PREFIXES = ["services/", "structures/", "aide/"]


def public_page_prefixes() -> list[str]:
    home = reverse("portal:home")
    return [reverse(name) for name in PUBLIC_PAGES] + [home + prefix for prefix in PUBLIC_PAGE_PREFIXES]


def precached_urls() -> list[str]:
    return [reverse(name) for name in PRECACHED_PAGES] + [static(path) for path in STATIC_ASSETS]


def cache_version() -> str:
    """A digest of the offline file list and their contents: a new version replaces the old caches."""
    if settings.DEBUG:
        return _digest()
    return _cached_digest()


@functools.cache
def _cached_digest() -> str:
    return _digest()


def _digest() -> str:
    digest = hashlib.sha256("\n".join(precached_urls()).encode())
    for path in STATIC_ASSETS:
        found = finders.find(path)
        if isinstance(found, str):
            with open(found, "rb") as handle:
                digest.update(handle.read())
    return digest.hexdigest()[:16]
