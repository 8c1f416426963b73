"""Encryption at rest of a hand-over's personal fields (Fernet: AES-128-CBC + HMAC-SHA256, from `cryptography`).

Keys come from ALLERVERS_REFERRAL_KEYS, comma-separated: the first encrypts, every one decrypts, so a new key can
be put first, `allervers rotate-referral-keys` re-encrypts every field with it, and the old key is then dropped.
A database dump without the environment reveals no name.
"""

from __future__ import annotations

import base64
import functools
import hashlib
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


def configured_keys() -> tuple[str, ...]:
    keys = tuple(settings.ALLERVERS_REFERRAL_KEYS)
    if keys:
        return keys
    if settings.DEBUG:
        # Development only: a key derived from the secret key, so that `make run` works without setup.
        digest = hashlib.sha256(b"allervers-referrals:" + settings.SECRET_KEY.encode()).digest()
        return (base64.urlsafe_b64encode(digest).decode(),)
    raise ImproperlyConfigured("ALLERVERS_REFERRAL_KEYS must be set to encrypt hand-overs (see .env.example)")


@functools.lru_cache(maxsize=4)
def _multi_fernet(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured("ALLERVERS_REFERRAL_KEYS holds a value that is not a Fernet key") from exc


def cipher() -> MultiFernet:
    return _multi_fernet(configured_keys())


def encrypt(text: str) -> str:
    return cipher().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return cipher().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured("A hand-over field cannot be decrypted with ALLERVERS_REFERRAL_KEYS") from exc


def rotate(token: str) -> str:
    """The same text encrypted with the first key (MultiFernet.rotate keeps the original timestamp)."""
    return cipher().rotate(token.encode()).decode()


def check_keys() -> None:
    """Raise ImproperlyConfigured unless every configured key is a valid Fernet key."""
    cipher()


# Every Fernet token starts with its version byte and timestamp, base64-encoded.
TOKEN_PREFIX = "gAAAAA"  # noqa: S105 (a format marker, not a secret)


class EncryptedTextField(models.TextField[str, str]):
    """A text stored encrypted; an empty value stays empty (an erased field). It cannot be searched or filtered.

    Serialisation (dumpdata, fixtures) writes the ciphertext too, so that a dump made on a running server reveals
    nothing either; loading such a dump decrypts it back (to_python) before it is encrypted again on save.
    """

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if not value:
            return value
        return decrypt(value)

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        if isinstance(value, str) and value.startswith(TOKEN_PREFIX):
            try:
                return cipher().decrypt(value.encode()).decode()
            except InvalidToken:
                return value
        return value

    def value_to_string(self, obj: Any) -> str:
        value = self.value_from_object(obj)
        return encrypt(str(value)) if value else ""

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if not value:
            return value
        return encrypt(str(value))
