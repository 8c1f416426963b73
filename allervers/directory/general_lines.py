"""The national lines for everyone, which the public search ranks first when a person names no need.

Someone who types only their commune may be in distress without saying so: the first page of their results shows
the directory's lines that anyone can call, about themselves or about someone else. A general line is a helpline
that covers all of France, is free, is reached by a phone number that is not one of the emergency numbers (those
have their own block), and is open to everyone or to witnesses and relatives (« tous-publics », « temoins »), not
to one public only. On the Ain demo: the 3919, 119, 116 006, 3977 and 3018.

The rule is tested twice, on purpose: in SQL inside the search's own statement (the search rows' columns and one
indexed subquery of the helplines' numbers, so the search stays one query), and in Python on the page's services,
to tell which of its first hits are these lines. tests/directory/test_search_distress.py checks they agree.
"""

from __future__ import annotations

from typing import Any

from django.db import connection

from allervers.directory.enums import ListingStatus, ServiceKind
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
    """0 for a search row of a general line, 2 for any other (the search's line ranks)."""
    a = alias
    function = "strpos" if connection.vendor == "postgresql" else "instr"
    excluded = _not_a_number()
    # (status, kind) is indexed: the subquery reads the few listed helplines, not the services table.
    numbers = (
        f"SELECT g.id FROM {Service._meta.db_table} g WHERE g.status IN (%s, %s) AND g.kind = %s "  # noqa: S608
        f"AND g.phone NOT IN ({', '.join(['%s'] * len(excluded))})"
    )
    publics = " OR ".join([f"{function}({a}.publics, %s) > 0"] * len(OPEN_TO))
    sql = (
        f"CASE WHEN {a}.helpline AND {a}.zone = %s AND {function}({a}.frais, %s) > 0 AND ({publics}) "
        f"AND {a}.service_id IN ({numbers}) THEN 0 ELSE 2 END"
    )
    params = [
        FRANCE,
        f",{FREE},",
        *(f",{code}," for code in OPEN_TO),
        ListingStatus.PUBLISHED,
        ListingStatus.SUSPENDED,
        ServiceKind.HELPLINE,
        *excluded,
    ]
    return sql, params
