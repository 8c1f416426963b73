"""The query parameters of the HSDS API, read from the request as the standard names them, refused in French.

Every route accepts only the parameters the specification gives it: an unknown one answers 400 with the list of
accepted ones, so that a filter a client believes applied is never silently ignored.
"""

from __future__ import annotations

import datetime
import math

from django.http import HttpRequest, QueryDict
from django.utils import timezone

from allervers.api.errors import BadParameter
from allervers.api.hsds_openapi import DEFAULT_PER_PAGE, MAX_PAGE, MAX_PER_PAGE, PARAMETERS
from allervers.directory.exports.hsds_ids import entity_pk
from allervers.directory.exports.hsds_taxonomies import Taxonomy, find_taxonomy, find_term

BOOLEANS = {"true": True, "false": False, "1": True, "0": False}
MAX_PROXIMITY_M = 1_000_000
# PostgreSQL refuses a NUL character in a string: refuse it here rather than fail there.
_NUL = "\x00"


class Params:
    """One request's query parameters, checked against the names `accepted` for its route."""

    def __init__(self, request: HttpRequest, accepted: tuple[str, ...]) -> None:
        self.query: QueryDict = request.GET
        unknown = [name for name in self.query if name not in accepted]
        if unknown:
            listed = ", ".join(f"« {name} »" for name in unknown)
            allowed = ", ".join(accepted) if accepted else "aucun"
            plural = "s" if len(unknown) > 1 else ""
            raise BadParameter(f"Paramètre{plural} inconnu{plural} : {listed}. Paramètres acceptés ici : {allowed}.")
        for name in self.query:
            if len(self.query.getlist(name)) > 1:
                raise BadParameter(f"« {name} » est donné plusieurs fois : donnez-le une seule fois.")

    def text(self, name: str) -> str | None:
        value = self.query.get(name)
        if value is None:
            return None
        limit = int(PARAMETERS[name].get("maxLength", 200))
        if len(value) > limit:
            raise BadParameter(f"« {name} » doit compter au plus {limit} caractères.")
        if _NUL in value:
            raise BadParameter(f"« {name} » contient un caractère non accepté.")
        return value.strip() or None

    def integer(self, name: str, default: int, low: int, high: int) -> int:
        value = self.query.get(name)
        if value is None or value.strip() == "":
            return default
        try:
            number = int(value.strip())
        except ValueError:
            raise BadParameter(f"« {name} » doit être un nombre entier.") from None
        if not low <= number <= high:
            raise BadParameter(f"« {name} » doit être compris entre {low} et {high}.")
        return number

    def page(self) -> int:
        return self.integer("page", 1, 1, MAX_PAGE)

    def per_page(self) -> int:
        return self.integer("per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)

    def boolean(self, name: str) -> bool:
        value = self.query.get(name)
        if value is None or value.strip() == "":
            return False
        found = BOOLEANS.get(value.strip().lower())
        if found is None:
            raise BadParameter(f"« {name} » doit valoir « true » ou « false ».")
        return found

    def ndjson(self) -> bool:
        value = (self.text("format") or "json").lower()
        if value not in {"json", "ndjson"}:
            raise BadParameter("« format » doit valoir « json » ou « ndjson ».")
        return value == "ndjson"

    def organization_pk(self) -> int | None:
        value = self.text("organization_id")
        if value is None:
            return None
        pk = entity_pk("organization", value)
        if pk is None:
            raise BadParameter(f"« organization_id » n'est pas l'identifiant d'une organisation : « {value} ».")
        return pk

    def term(self, name: str = "taxonomy_term_id") -> tuple[Taxonomy, str] | None:
        value = self.text(name)
        if value is None:
            return None
        found = find_term(value)
        if found is None:
            raise BadParameter(f"« {name} » : aucun terme de taxonomie ne porte l'identifiant « {value} ».")
        return found

    def taxonomy(self) -> Taxonomy | None:
        value = self.text("taxonomy_id")
        if value is None:
            return None
        found = find_taxonomy(value)
        if found is None:
            raise BadParameter(f"« taxonomy_id » : aucune taxonomie ne porte l'identifiant « {value} ».")
        return found

    def modified_after(self) -> datetime.datetime | None:
        value = self.text("modified_after")
        if value is None:
            return None
        try:
            moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00").replace(" ", "+"))
        except ValueError:
            example = "2024-05-31 ou 2024-05-31T08:00:00+02:00"
            raise BadParameter(f"« modified_after » n'est pas une date ISO 8601 ({example}) : « {value} ».") from None
        try:
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
            return moment.astimezone(datetime.UTC)
        except (OverflowError, ValueError):
            raise BadParameter(f"« modified_after » est hors des dates possibles : « {value} ».") from None

    def proximity(self) -> float | None:
        value = self.text("proximity")
        if value is None:
            return None
        try:
            metres = float(value.replace(",", "."))
        except ValueError:
            metres = math.nan
        if not 0 < metres <= MAX_PROXIMITY_M:
            raise BadParameter(f"« proximity » doit être une distance en mètres, de 1 à {MAX_PROXIMITY_M}.")
        return metres
