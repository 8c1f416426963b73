"""The logs keep no visitor's search, position, address or browser, and no token: gunicorn's and Django's."""

import datetime
import io
import logging
import os
import runpy
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern
from gunicorn.config import Config

from allervers.bench.http import free_port
from allervers.common.logs import PrivatePathsFilter, private_path, private_request_line

ROOT = Path(__file__).resolve().parent.parent
CONF = ROOT / "config" / "gunicorn.conf.py"
SEARCH = "/recherche/?q=violences+conjugales+h%C3%A9bergement&lat=46.20574&lon=5.22580"
RESET = "/compte/mot-de-passe/nouveau/MTI/cz6d9k-0123456789abcdef0123456789abcdef/"
PRIVATE = ["violences", "46.20574", "5.22580", "MTI", "cz6d9k", "203.0.113.9", "Firefox", "evil.example"]
# Names a URL pattern gives to a secret part of its path.
SECRET_ARGUMENTS = {"token", "uidb64", "key", "secret"}  # not "code": a commune's INSEE code


def assert_private(text):
    for secret in PRIVATE:
        assert secret not in text, secret


@pytest.mark.parametrize(
    ("target", "logged"),
    [
        (SEARCH, "/recherche/"),
        (RESET, "/compte/mot-de-passe/nouveau/<jeton>/<jeton>/"),
        ("/compte/mot-de-passe/nouveau/MTI/set-password/", "/compte/mot-de-passe/nouveau/<jeton>/set-password/"),
        ("/compte/invitation/k8Zq-Secret_Token/", "/compte/invitation/<jeton>/"),
        ("/compte/invitation/k8Zq-Secret_Token", "/compte/invitation/<jeton>"),  # before the slash is appended
        ("/compte/invit%61tion/k8Zq-Secret_Token/", "/compte/invitation/<jeton>/"),  # an encoded letter
        ("http://allervers.example/compte/invitation/abc/?x=1", "/compte/invitation/<jeton>/"),
        ("/rien/%0Afaux 200 0", "/rien/%0Afaux%20200%200"),  # no forged line in the log
        (
            "/parcours/fiches/violences-conjugales/commune/01283.pdf",
            "/parcours/fiches/violences-conjugales/commune/01283.pdf",
        ),
    ],
)
def test_a_request_target_is_logged_as_its_path_with_its_tokens_masked(target, logged):
    assert private_path(target) == logged


def test_a_request_line_loses_its_query_string():
    assert private_request_line(f"GET {SEARCH} HTTP/1.1") == "GET /recherche/ HTTP/1.1"
    assert private_request_line("code 400, message Bad request") == "code 400, message Bad request"


def _routes(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.pattern


def test_every_url_with_a_secret_in_its_path_is_masked(db):
    checked = 0
    for route, pattern in _routes(get_resolver().url_patterns):
        names = set(pattern.converters) if isinstance(pattern, RoutePattern) else set(pattern.regex.groupindex)
        if not names & SECRET_ARGUMENTS:
            continue
        assert isinstance(pattern, RoutePattern), route
        path = "/" + route
        for name in names:
            value = "SECRETVALUE" if name in SECRET_ARGUMENTS else "1"
            path = path.replace(f"<{name}>", value)
            for converter in ("str", "slug", "uuid", "int", "path"):
                path = path.replace(f"<{converter}:{name}>", value)
        assert "SECRETVALUE" not in private_path(path), route
        checked += 1
    assert checked >= 2  # the reset link and the invitation


def _gunicorn_config(**overrides):
    """gunicorn's Config with config/gunicorn.conf.py read the way gunicorn reads it."""
    cfg = Config()
    for name, value in runpy.run_path(str(CONF)).items():
        if name in cfg.settings:
            cfg.set(name, value)
    for name, value in overrides.items():
        cfg.set(name, value)
    return cfg


def _access_line(cfg, target):
    logger = cfg.logger_class(cfg)
    stream = io.StringIO()
    for handler in logger.access_log.handlers:
        handler.setStream(stream)
    path = target.split("?", 1)[0]
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": target,
        "PATH_INFO": path,
        "QUERY_STRING": target.partition("?")[2],
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.9",
        "HTTP_USER_AGENT": "Mozilla/5.0 Firefox/140.0",
        "HTTP_REFERER": "https://evil.example/",
    }
    request = SimpleNamespace(
        headers=[("USER-AGENT", "Mozilla/5.0 Firefox/140.0"), ("REFERER", "https://evil.example/")]
    )
    response = SimpleNamespace(status="200 OK", sent=12345, headers=[("Location", target)])
    logger.access(response, request, environ, datetime.timedelta(milliseconds=35))
    return stream.getvalue()


def test_gunicorn_logs_method_path_status_size_and_duration_only():
    cfg = _gunicorn_config()
    assert cfg.logger_class.__name__ == "PrivateAccessLogger"
    line = _access_line(cfg, SEARCH)
    assert '"GET /recherche/ HTTP/1.1" 200 12345 35ms' in line
    assert_private(line)
    assert_private(_access_line(cfg, RESET))


def test_a_custom_format_cannot_bring_back_the_address_the_browser_or_the_query():
    fmt = '%(h)s %(u)s "%(r)s" %(q)s %(f)s %(a)s %({user-agent}i)s %({location}o)s %({remote_addr}e)s'
    line = _access_line(_gunicorn_config(access_log_format=fmt), SEARCH)
    assert "/recherche/" in line
    assert_private(line)


def test_django_server_and_not_found_lines_lose_query_strings_and_tokens(client, db):
    stream = io.StringIO()
    handlers = [
        handler
        for name in ("django.server", "")
        for handler in logging.getLogger(name).handlers
        if any(isinstance(f, PrivatePathsFilter) for f in handler.filters)
    ]
    assert len(handlers) == 2  # runserver's lines, and the root's (django.request, django.security…)
    previous = [handler.setStream(stream) for handler in handlers]
    try:
        # What runserver logs for each request (django.core.servers.basehttp.WSGIRequestHandler.log_message).
        logging.getLogger("django.server").info('"%s" %s %s', f"GET {SEARCH} HTTP/1.1", "200", "512")
        logging.getLogger("django.server").warning('"%s" %s %s', f"GET {RESET}?x=1 HTTP/1.1", "404", "0")
        assert client.get("/compte/invitation/cz6d9k-unknown/?lat=46.20574").status_code == 404
    finally:
        for handler, old in zip(handlers, previous, strict=True):
            handler.setStream(old)
    text = stream.getvalue()
    assert '"GET /recherche/ HTTP/1.1" 200 512' in text
    assert "GET /compte/mot-de-passe/nouveau/<jeton>/<jeton>/ HTTP/1.1" in text
    assert "Not Found: /compte/invitation/<jeton>/" in text
    assert_private(text)


def test_the_application_own_records_keep_their_file_paths():
    record = logging.LogRecord(
        "allervers.directory", logging.INFO, __file__, 1, "Lu %s", ("/srv/données/import 1.csv",), None
    )
    PrivatePathsFilter().filter(record)
    assert record.getMessage() == "Lu /srv/données/import 1.csv"


def test_a_real_gunicorn_with_the_configuration_logs_no_private_data(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'vide.sqlite3'}",
    }
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    command = [gunicorn, "-c", str(CONF), "--bind", f"127.0.0.1:{port}", "--workers", "1", "config.wsgi:application"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        statuses = [_get(base, "/rien/?q=violences+conjugales&lat=46.20574&lon=5.22580", started=False)]
        # No trailing slash: answered (301) by Django without the database, the token still in the address.
        statuses.append(_get(base, "/compte/invitation/cz6d9k-0123456789abcdef"))
        statuses.append(_get(base, RESET.rstrip("/")))
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert statuses == [404, 301, 301], output
    assert '"GET /rien/ HTTP/1.1" 404' in output
    assert '"GET /compte/invitation/<jeton> HTTP/1.1" 301' in output
    assert '"GET /compte/mot-de-passe/nouveau/<jeton>/<jeton> HTTP/1.1" 301' in output
    assert_private(output)
    assert "cz6d9k" not in output and "127.0.0.1 -" not in output


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _get(base, path, started=True):
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(
        base + path, headers={"User-Agent": "Mozilla/5.0 Firefox/140.0", "Referer": "https://evil.example/"}
    )
    deadline = time.monotonic() + (5 if started else 30)
    while True:
        try:
            return opener.open(request, timeout=10).status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
