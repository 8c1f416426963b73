"""HSDS identifiers: UUIDs derived from our keys, so that two exports of the same data give the same identifiers.

Organizations, services and services-at-location are looked up by their identifier (the HSDS API's
`/services/{id}`): theirs carry our key in their last 48 bits, under a prefix proper to the kind, as a version 8
("custom") UUID of RFC 9562, and read back without a table. Every other row (phones, schedules, locations…) gets
a name-based UUID (version 5) of what it is made of.
"""

from __future__ import annotations

import uuid

NAMESPACE = uuid.UUID("6f1c3b0e-5f1e-4c43-9a57-2f7d5c6a9e10")
ENTITY_KINDS = ("organization", "service", "service_at_location")
_KEY_BITS = 48
_KEY_MASK = (1 << _KEY_BITS) - 1
_VERSION_MASK = 0xF << 76
_VARIANT_MASK = 0x3 << 62


def make_id(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join(str(part) for part in parts)))


def _prefix(kind: str) -> int:
    value = uuid.uuid5(NAMESPACE, f"entity:{kind}").int & ~_KEY_MASK
    value = (value & ~_VERSION_MASK) | (8 << 76)
    return (value & ~_VARIANT_MASK) | (0x2 << 62)


_PREFIXES = {kind: _prefix(kind) for kind in ENTITY_KINDS}


def entity_id(kind: str, pk: int) -> str:
    """The identifier of an organization (a structure), a service or a service-at-location (a service's place)."""
    if not 0 < pk <= _KEY_MASK:
        raise ValueError(f"key out of range for an HSDS identifier: {pk}")
    return str(uuid.UUID(int=_PREFIXES[kind] | pk))


def entity_pk(kind: str, identifier: str) -> int | None:
    """Our key behind an identifier of this kind, or None for any other text (another kind, not a UUID)."""
    try:
        value = uuid.UUID(identifier.strip()).int
    except (ValueError, AttributeError):
        return None
    pk = value & _KEY_MASK
    if value & ~_KEY_MASK != _PREFIXES[kind] or pk == 0:
        return None
    return pk
