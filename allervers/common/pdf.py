"""PDF documents rendered from HTML templates with WeasyPrint, without any network access.

Static files (/static/...) are read from the project's static finders; any other URL is refused, so a document
never fetches a third-party resource.
"""

from __future__ import annotations

import mimetypes
from typing import Any
from urllib.parse import urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

BASE_URL = "https://allervers.invalid/"


def _fetch(url: str, timeout: int = 10, ssl_context: Any = None) -> dict[str, Any]:
    path = urlparse(url).path
    if url.startswith(BASE_URL) and path.startswith(settings.STATIC_URL):
        found = finders.find(path[len(settings.STATIC_URL) :])
        if isinstance(found, str):
            with open(found, "rb") as handle:
                return {"string": handle.read(), "mime_type": mimetypes.guess_type(found)[0]}
    raise ValueError(f"Ressource refusée dans un PDF : {url}")


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    return bytes(HTML(string=html, base_url=BASE_URL, url_fetcher=_fetch).write_pdf())
