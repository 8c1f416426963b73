"""A published listing by the identifiers a client of API v1 may hold.

- data·inclusion's pair, source and identifier in the source (/services/{source}/{id}); the identifier may also
  be given as the API writes it, « source--identifiant »;
- data·inclusion's one identifier, « source--identifiant » (/services/{id});
- our key, a number (/services/{id}, the address of our versions before data·inclusion's).

The identifier in the source is the source's own for an imported listing (`source_id`), our key for one entered
here. Anything else, or a text no database could hold, is simply not found.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Q, QuerySet

from allervers.api.datainclusion import SEPARATOR
from allervers.api.params import MAX_ID
from allervers.directory.models import Listing, Service, Structure

L = TypeVar("L", bound=Listing)
MAX_SOURCE, MAX_SOURCE_ID = 100, 200
_NUL = "\x00"


def find_service(source: str | None, identifier: str) -> Service | None:
    return _find(Service.objects.visible().select_related("commune"), source, identifier)


def find_structure(source: str | None, identifier: str) -> Structure | None:
    return _find(Structure.objects.visible().select_related("commune"), source, identifier)


def _find(queryset: QuerySet[L], source: str | None, identifier: str) -> L | None:
    if _NUL in identifier or (source is not None and _NUL in source):
        return None
    if source is not None:
        return _in_source(queryset, source, identifier.removeprefix(f"{source}{SEPARATOR}"))
    if SEPARATOR in identifier:
        # The source is what comes before the first « -- » that names one (no real source has one in its name).
        start = identifier.find(SEPARATOR)
        while start > 0:
            found = _in_source(queryset, identifier[:start], identifier[start + len(SEPARATOR) :])
            if found is not None:
                return found
            start = identifier.find(SEPARATOR, start + 1)
        return None
    key = _key(identifier)
    return queryset.filter(pk=key).first() if key is not None else None


def _in_source(queryset: QuerySet[L], source: str, local: str) -> L | None:
    if not source or not local or len(source) > MAX_SOURCE or len(local) > MAX_SOURCE_ID:
        return None
    condition = Q(source=source, source_id=local)
    key = _key(local)
    if key is not None:
        condition |= Q(source=source, source_id="", pk=key)
    found: list[Any] = list(queryset.filter(condition)[:2])
    # The source's own identifier wins over our key if both name a listing.
    found.sort(key=lambda listing: listing.source_id != local)
    return found[0] if found else None


def _key(text: str) -> int | None:
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_ID)):
        return None
    key = int(text)
    return key if 0 < key <= MAX_ID else None
