"""Local development: plain HTTP on localhost, debug on."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "dev-only-not-secret")
os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("DJANGO_SECURE_HSTS_SECONDS", "0")

from config.settings.base import *  # noqa: E402,F403

# The benchmarks (allervers bench) are a command of the project, not of a production deployment.
INSTALLED_APPS = [*INSTALLED_APPS, "allervers.bench"]  # noqa: F405
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Serve static files from the apps' folders: no collectstatic before a dev run or a test.
WHITENOISE_AUTOREFRESH = True
# No collectstatic in development, whether DEBUG is on or off (measure-search runs with DEBUG off).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
