"""While the database is away or locked, a French 503 page instead of a 500 (issue 12, PostgreSQL restarts and
SQLite write locks)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from allervers.portal import errors

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    """Answers a database outage raised by a view with the 503 page (portal.errors.database_unavailable).

    Placed before the session and authentication middlewares: its process_exception runs after theirs (Django
    calls them in reverse order). An outage raised by a middleware itself (the session or the user loaded by
    SessionMiddleware, AuthenticationMiddleware, LoginRequiredMiddleware) never reaches a process_exception:
    Django hands it to handler500, portal.errors.server_error, which answers the same 503.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        kind = errors.database_failure(exception)
        if kind is None:
            return None
        # One line, no traceback: a restart would otherwise fill the log with identical stacks. No query string.
        logger.warning(
            "Database %s (%s: %s) on %s", kind, type(exception).__name__, _first_line(exception), request.path
        )
        return errors.database_unavailable(request, kind)


def _first_line(exception: Exception) -> str:
    return str(exception).strip().split("\n", 1)[0][:200]
