"""A survey's territories: each respondent's commune mapped to its EPCI, and the names shown beside the codes.

The EPCI of a commune comes from the COG (territories); a commune code the reference does not know keeps no EPCI,
and the weighting then says which modality is missing, in French.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

from allervers.surveys.estimation import Respondent


def epci_of(codes: Iterable[str]) -> dict[str, str]:
    """The current EPCI (SIREN) of each commune code that the COG knows (its commune nouvelle's, if merged)."""
    from allervers.territories.models import Commune

    wanted = set(codes)
    found: dict[str, str] = {}
    for commune in Commune.objects.filter(code__in=wanted).select_related("parent").order_by("kind"):
        siren = commune.current.epci_id or ""
        if siren and commune.code not in found:
            found[commune.code] = siren
    return found


def with_epci(respondents: Sequence[Respondent]) -> list[Respondent]:
    """The respondents, each with its commune's EPCI (empty when unknown)."""
    mapping = epci_of(r.commune for r in respondents)
    return [dataclasses.replace(r, epci=mapping.get(r.commune, "")) for r in respondents]


def names(codes: Iterable[str]) -> dict[str, str]:
    """Names of commune codes and EPCI SIRENs, from the COG; an unknown code is shown as itself."""
    from allervers.territories.models import EPCI, Commune

    wanted = set(codes)
    found = dict(EPCI.objects.filter(siren__in=wanted).values_list("siren", "name"))
    found |= dict(Commune.objects.current().filter(code__in=wanted).values_list("code", "name"))
    return {code: found.get(code, code) for code in wanted}
