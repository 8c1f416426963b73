"""A cap on the size of a request's body, checked before anything reads it (CSRF, forms, uploads).

Django parses a multipart body as soon as a middleware touches request.POST, the CSRF check included, and spools
its files to disk: an anonymous 200 MB POST to a public form was read in full. Here the declared Content-Length is
compared with settings.ALLERVERS_MAX_REQUEST_BYTES (a little above the import's 20 MB) and a larger body is refused
with a 413 before a byte of it is read.

A body sent without Content-Length (Transfer-Encoding: chunked) is never read by Django, which takes a missing length
for an empty body: such a request is refused with a 411 rather than silently handled as if it were empty. The HTTPS
proxy in front should cap bodies too (nginx `client_max_body_size`, see docs/deploiement.md).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

TOO_LARGE = "La demande est trop volumineuse : {limit} Mo au plus. Réduisez la taille du fichier, puis réessayez."
LENGTH_REQUIRED = "La demande doit indiquer sa taille (en-tête Content-Length). Réessayez depuis le formulaire du site."


def _plain(message: str, status: int) -> HttpResponse:
    # No "Connection: close": a WSGI application may not send hop-by-hop headers (runserver refuses them). gunicorn
    # closes the connection (sync workers) or discards the unread body before reading the next request.
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


class RequestSizeLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.ALLERVERS_MAX_REQUEST_BYTES
        declared = str(request.META.get("CONTENT_LENGTH") or "")
        if not declared.strip():
            if request.META.get("HTTP_TRANSFER_ENCODING"):
                return _plain(LENGTH_REQUIRED, 411)
        else:
            try:
                length = int(declared)
            except ValueError:
                length = -1
            if length < 0:
                return _plain(LENGTH_REQUIRED, 411)
            if length > limit:
                return _plain(TOO_LARGE.format(limit=limit // (1024 * 1024)), 413)
        return self.get_response(request)
