"""Test runs: fast hashing, local memory cache, no HTTPS redirect."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-not-secret")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("DJANGO_SECURE_HSTS_SECONDS", "0")
# The job queue in memory: a test runs the tasks it wants (tests/mailing/outbox.py) or starts a worker.
os.environ.setdefault("ALLERVERS_HUEY_URL", "memory://")

from config.settings.base import *  # noqa: E402,F403

# The benchmarks (allervers bench) are a command of the project, not of a production deployment.
INSTALLED_APPS = [*INSTALLED_APPS, "allervers.bench"]  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Serve static files from the apps' folders: no collectstatic before a dev run or a test.
WHITENOISE_AUTOREFRESH = True
