"""Exceptions shared by every app."""

from __future__ import annotations


class TransitionError(Exception):
    """A status change that the current status does not allow; the message is French and shown to the user as is."""
