"""The items of API v1 as data·inclusion's API v1 writes them, with our extension fields beside.

Every field of the data·inclusion schema is there, null where we hold nothing (contact_nom_prenom,
volume_horaire_hebdomadaire, nombre_semaines), plus the API's own: `adresse_certifiee` (false: we do not geocode
addresses through the Base Adresse Nationale), `score_qualite` (allervers/directory/quality.py) and, for
structures, `doublons` (allervers/api/duplicates.py). Identifiers are data·inclusion's API's, « source--id »,
where id is the listing's identifier in its source (allervers/directory/exports/datainclusion.py): the
`source` and `id` of a service give its address, /services/{source}/{id} or /services/{source}--{id}.

A service of a search result or of /services/… carries its structure (`structure`), as data·inclusion's do; the
items of the /services list don't.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from allervers.api.exports import serializer_for
from allervers.directory.exports.datainclusion import local_id, service_row, structure_row
from allervers.directory.exports.listings import region_departments
from allervers.directory.models import Listing, Service, Structure
from allervers.directory.quality import service_score
from allervers.directory.search_rows import STRUCTURES

SEPARATOR = "--"
# Fields of data·inclusion's schema that we never hold.
UNKNOWN_FIELDS = ("contact_nom_prenom", "volume_horaire_hebdomadaire", "nombre_semaines")


def api_id(listing: Listing) -> str:
    return f"{listing.source}{SEPARATOR}{local_id(listing)}"


class Items:
    """The items of one answer: the serializer of the request's address, the day of the scores."""

    def __init__(self, request: HttpRequest) -> None:
        self.serializer = serializer_for(request)
        self.today = timezone.localdate()

    def services(self, services: list[Service], *, with_structure: bool) -> list[dict[str, Any]]:
        """Services; their structures are read in one query (whole when they are shown)."""
        regions = region_departments(services)
        keys = [service.structure_id for service in services]
        if with_structure:
            structures = STRUCTURES.fetch(keys)
        else:
            found = Structure.objects.filter(pk__in=set(keys)).only("pk", "source", "source_id")
            structures = {structure.pk: structure for structure in found}
        shown: dict[int, dict[str, Any]] = {}  # a structure's row, made once for all its services of the page
        items = []
        for service in services:
            structure = structures[service.structure_id]
            row = service_row(service, self.serializer, regions, local_id(structure))
            row["id"], row["structure_id"] = api_id(service), api_id(structure)
            row.update(dict.fromkeys(UNKNOWN_FIELDS))
            row["adresse_certifiee"] = False
            row["score_qualite"] = service_score(service, self.today)
            if with_structure:
                if structure.pk not in shown:
                    shown[structure.pk] = self.structure(structure)
                row["structure"] = shown[structure.pk]
            items.append(row)
        return items

    def structure(self, structure: Structure) -> dict[str, Any]:
        """A structure as data·inclusion nests it in a service (no score, no duplicates)."""
        row = structure_row(structure, self.serializer)
        row["id"] = api_id(structure)
        row["adresse_certifiee"] = False
        return row

    def listed_structures(
        self, structures: Iterable[Structure], scores: dict[int, float], duplicates: dict[int, list[Structure]]
    ) -> list[dict[str, Any]]:
        items = []
        for structure in structures:
            row = self.structure(structure)
            row["score_qualite"] = scores.get(structure.pk, 0.0)
            row["doublons"] = [
                {"source": other.source, "id": api_id(other)} for other in duplicates.get(structure.pk, [])
            ]
            items.append(row)
        return items

    def detailed_structure(
        self, structure: Structure, score: float, duplicates: list[Structure], services: list[Service]
    ) -> dict[str, Any]:
        row = self.structure(structure)
        row["score_qualite"] = score
        row["doublons"] = [self.structure(other) for other in duplicates]
        row["services"] = self.services(services, with_structure=False)
        return row
