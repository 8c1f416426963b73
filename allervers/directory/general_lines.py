"""The national lines for everyone, which the public search ranks first when a person names no need.

Someone who types only their commune may be in distress without saying so: the first page of their results shows
the directory's lines that anyone can call, about themselves or about someone else. A general line is a helpline
that covers all of France, is free, is reached by a phone number that is not one of the emergency numbers (those
have their own block), and is open to everyone or to witnesses and relatives (« tous-publics », « temoins »), not
to one public only. On the Ain demo: the 3919, 119, 116 006, 3977 and 3018.

The rule is tested twice, on purpose: in SQL inside the search's own statement (one indexed subquery of the
listed helplines and their terms, so the search stays one query), and in Python on the page's services,
to tell which of its first hits are these lines. tests/directory/test_search_distress.py checks they agree.
"""

from __future__ import annotations

from typing import Any

from allervers.directory import search_index
from allervers.directory.enums import ListingStatus, ServiceKind, TermKind
from allervers.directory.models import Service
from allervers.taxonomy.emergency import EMERGENCY_NUMBERS
from allervers.territories.models import FRANCE

OPEN_TO = ("tous-publics", "temoins")
FREE = "gratuit"


def _not_a_number() -> list[str]:
    """No number, or an emergency number."""
    return ["", *(item.number for item in EMERGENCY_NUMBERS)]


def is_general_line(service: Service) -> bool:
    return (
        service.is_helpline
        and FRANCE in service.zone_eligibilite
        and service.frais == FREE
        and service.phone not in _not_a_number()
        and bool(set(OPEN_TO) & set(service.publics))
    )


def rank_sql(alias: str) -> tuple[str, list[Any]]:
    """0 for a search row of a general line, 2 for any other (the search's line ranks).

    The test reads the row's service id only, against the few general lines found once per statement: a test on
    the row's own columns (publics, fees) made the grouping carry them for every candidate (1 to 1.5 ms more
    near a commune at 30,000 services on SQLite)."""
    excluded = _not_a_number()
    term = f"SELECT 1 FROM {search_index.TERM_TABLE} t WHERE t.service_id = g.id AND t.kind = %s"  # noqa: S608
    # (status, kind) is indexed: the subquery reads the few listed helplines, not the services table.
    lines = (
        f"SELECT g.id FROM {Service._meta.db_table} g WHERE g.status IN (%s, %s) AND g.kind = %s "  # noqa: S608
        f"AND g.frais = %s AND g.phone NOT IN ({', '.join(['%s'] * len(excluded))}) "
        f"AND EXISTS ({term} AND t.code = %s) AND EXISTS ({term} AND t.code IN ({', '.join(['%s'] * len(OPEN_TO))}))"
    )
    params = [
        ListingStatus.PUBLISHED,
        ListingStatus.SUSPENDED,
        ServiceKind.HELPLINE,
        FREE,
        *excluded,
        TermKind.ZONE,
        FRANCE,
        TermKind.PUBLIC,
        *OPEN_TO,
    ]
    return f"CASE WHEN {alias}.helpline AND {alias}.service_id IN ({lines}) THEN 0 ELSE 2 END", params
