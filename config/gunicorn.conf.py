"""gunicorn's settings for Aller-vers: `gunicorn -c config/gunicorn.conf.py config.wsgi:application`.

The access log says what a request was, not who made it nor what they looked for: the time, the method, the path
without its query string (the search words and a visitor's position travel there) and with its tokens masked
(`<jeton>`, see allervers/common/logs.py), the status, the size and the duration. No address, no user agent, no
referer, and no header or environment variable even if a custom access_log_format asks for one. The error log gets
the same treatment for the paths it quotes. Command-line options (--bind, --workers…) still override these values.
"""

from __future__ import annotations

import datetime
import os
from typing import Any

from gunicorn import glogging

from allervers.common.logs import PrivatePathsFilter, private_path

bind = "127.0.0.1:8000"
workers = 2
# On stdout, for journald (or the container's log driver) to keep and rotate: see docs/deploiement.md.
accesslog = "-"
access_log_format = '%(t)s "%(r)s" %(s)s %(b)s %(M)sms'


class PrivateAccessLogger(glogging.Logger):
    """gunicorn's logger, whose access lines hold only what the format above names."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        if not any(isinstance(f, PrivatePathsFilter) for f in self.error_log.filters):
            self.error_log.addFilter(PrivatePathsFilter())

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: datetime.timedelta) -> dict[str, Any]:
        status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
        method = environ.get("REQUEST_METHOD", "-")
        path = private_path(environ.get("RAW_URI") or environ.get("PATH_INFO") or "/")
        protocol = environ.get("SERVER_PROTOCOL", "-")
        sent = getattr(resp, "sent", None)
        milliseconds = request_time.seconds * 1000 + request_time.microseconds // 1000
        return {
            "h": "-",
            "l": "-",
            "u": "-",
            "t": self.now(),
            "r": f"{method} {path} {protocol}",
            "m": method,
            "U": path,
            "q": "",
            "H": protocol,
            "s": status,
            "b": str(sent) if sent is not None else "-",
            "B": sent,
            "f": "-",
            "a": "-",
            "T": request_time.seconds,
            "D": request_time.seconds * 1_000_000 + request_time.microseconds,
            "M": milliseconds,
            "L": f"{request_time.seconds}.{request_time.microseconds:06d}",
            "p": f"<{os.getpid()}>",
        }


logger_class = PrivateAccessLogger
