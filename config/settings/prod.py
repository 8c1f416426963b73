"""Production: base.py is already secure by default; this module exists so deployments name it explicitly."""

from config.settings.base import *  # noqa: F403
