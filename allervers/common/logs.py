"""What the server logs say about a request: its path without the query string, and never a secret in it.

A visitor's search ("violences conjugales hébergement" near a point) travels in the query string, and a reset link or
an invitation carries its token in the path: an access log that kept them would hold, for as long as it is kept,
who looked for help where, and the keys to accounts. `private_path` reduces a request target to its path, with every
segment after a tokenised prefix replaced by `<jeton>`; `PrivatePathsFilter` applies it to the arguments of log
records (Django's runserver lines, "Not Found: /…" warnings, gunicorn's error log). gunicorn's access log uses
config/gunicorn.conf.py, which logs no address, no user agent and no referer.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import quote, unquote, urlsplit

MASK = "<jeton>"
# Every URL whose path carries a secret (see allervers/accounts/urls.py); tests/test_logging_privacy.py checks that
# each URL pattern with a token-like argument falls under one of them.
SECRET_PATH_PREFIXES = (
    "/compte/mot-de-passe/nouveau/",
    "/compte/invitation/",
    # Training registrations (allervers/outreach/urls.py): signed links to a registration, its check-in, its evaluation.
    "/formations/confirmer/",
    "/formations/inscription/",
    "/formations/evaluation/",
    "/espace/formations/pointage/",
)
# Django's reset view moves the token into the session and redirects to …/<uidb64>/set-password/.
PUBLIC_SEGMENTS = {"", "set-password"}
# What stays readable once the path is re-quoted: no space, control character or quote can forge a log line.
_SAFE = "/-._~!$&'()*+,;=:@<>"
_REQUEST_LINE = re.compile(r"(?P<method>[A-Z]+) (?P<target>\S+)(?P<protocol> HTTP/[\d.]+)?")


def private_path(target: str) -> str:
    """The path of a request target (as sent, or decoded), without its query string, with its secrets masked."""
    if not target.startswith("/") and "://" in target:
        target = urlsplit(target).path or "/"  # an absolute-form target: GET http://host/path HTTP/1.1
    path = unquote(target.split("?", 1)[0].split("#", 1)[0])
    for prefix in SECRET_PATH_PREFIXES:
        if path.startswith(prefix):
            rest = path[len(prefix) :].split("/")
            path = prefix + "/".join(segment if segment in PUBLIC_SEGMENTS else MASK for segment in rest)
            break
    return quote(path, safe=_SAFE)


def private_request_line(line: str) -> str:
    """ "GET /recherche/?q=… HTTP/1.1" → "GET /recherche/ HTTP/1.1"; anything else is left as it is."""
    match = _REQUEST_LINE.fullmatch(line)
    if match is None:
        return line
    return f"{match['method']} {private_path(match['target'])}{match['protocol'] or ''}"


def _private_argument(value: object, *, server: bool) -> object:
    if not isinstance(value, str):
        return value
    if value.startswith("/"):
        if server or "?" in value or value.startswith(SECRET_PATH_PREFIXES):
            return private_path(value)
        return value  # the application's own paths (files) are left untouched
    return private_request_line(value) if server else value


class PrivatePathsFilter(logging.Filter):
    """Rewrites the path and request-line arguments of records; never drops a record.

    Django's and gunicorn's records (servers, "Not Found", CSRF refusals) have every path argument reduced by
    `private_path`. The application's records keep their string arguments, unless one is a path with a query
    string or a secret: they may name files, which must stay as they are.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and record.args:
            server = record.name.startswith(("django", "gunicorn"))
            record.args = tuple(_private_argument(value, server=server) for value in record.args)
        return True
