"""A cell or a JSON value of an import file as the value it stands for: lists, booleans, contact channels, numbers.

Shared by the readers (data·inclusion CSV and JSON) and the template's reader, which both import it.
"""

from __future__ import annotations

import json
import math
from typing import Any

from allervers.directory.imports import limits

LIST_FIELDS = frozenset(
    {
        "thematiques",
        "thematiques_detaillees",
        "publics",
        "publics_detailles",
        "modes_accueil",
        "zone_eligibilite",
        "zone_eligibilite_detaillee",
        "reseaux_porteurs",
        "reseaux_porteurs_detailles",
        "modes_mobilisation",
        "mobilisable_par",
        "langues",
    }
)
BOOLEAN_FIELDS = frozenset({"adresse_confidentielle", "ouvert_24h"})
JSON_FIELDS = frozenset({"canaux"})
_TRUE = {"oui", "o", "true", "vrai", "1", "x", "yes"}
_FALSE = {"non", "n", "false", "faux", "0", "no"}
# As tuples: isinstance is faster with them than with a union, and this runs for every value of a national file.
_SCALARS = (str, int, float, bool, type(None))
CONTAINERS = (list, dict)
_TEXT, _SCALAR_TYPES = frozenset({str}), frozenset(_SCALARS)
_NOT_A_TEXT_LIST = 'une liste de textes est attendue, par exemple ["a", "b"].'


def json_loads(text: str) -> Any:
    """JSON as the import accepts it: finite numbers of a sensible length only."""
    return json.loads(text, parse_int=_json_int, parse_float=_json_float, parse_constant=_json_constant)


class NumberError(ValueError):
    def __init__(self, message: str, text: str) -> None:
        super().__init__(message)
        self.text = text


def _json_int(text: str) -> int:
    if len(text) > limits.MAX_NUMBER_DIGITS:
        raise NumberError(f"un nombre a plus de {limits.MAX_NUMBER_DIGITS} chiffres.", text)
    return int(text)


def _json_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value) or len(text) > limits.MAX_NUMBER_DIGITS:
        raise NumberError(f"le nombre {text[:20]} est hors des limites.", text)
    return value


def _json_constant(text: str) -> Any:
    raise NumberError(f"« {text} » n'est pas un nombre accepté.", text)


def text_list(value: Any) -> list[str]:
    if type(value) is not list:
        raise ValueError(_NOT_A_TEXT_LIST)
    kinds = set(map(type, value))  # one pass in C: this runs for every list of a national file
    if kinds <= _TEXT:
        return value
    if not kinds <= _SCALAR_TYPES:
        raise ValueError(_NOT_A_TEXT_LIST)
    return [str(item) for item in value if item is not None]


def channels_shape(value: Any) -> Any:
    """Channels are a list of flat objects; the cleaning checks their fields (fields.clean_channels)."""
    if not value:
        return value
    if not isinstance(value, list) or not all(
        isinstance(item, dict) and all(isinstance(part, _SCALARS) for part in item.values()) for item in value
    ):
        raise ValueError(
            'les canaux doivent être une liste d\'objets, par exemple [{"kind": "phone", "value": "3919"}].'
        )
    return value


def forbidden_in(value: Any) -> str | None:
    """The first forbidden character in a text, a list of texts or a list of flat objects."""
    if isinstance(value, str):
        return limits.forbidden_character(value)
    if isinstance(value, list):
        return next(filter(None, (forbidden_in(item) for item in value)), None)
    if isinstance(value, dict):
        return next(filter(None, (forbidden_in(part) for pair in value.items() for part in pair)), None)
    return None


def parse_cell(name: str, value: str) -> Any:
    """A CSV cell as the value it stands for: lists, booleans and JSON by column name, else the text."""
    if name in LIST_FIELDS:
        return parse_list(value)
    if name in BOOLEAN_FIELDS:
        return parse_bool(value)
    if name in JSON_FIELDS:
        channels = channels_shape(_cell_json(value, "JSON invalide dans la cellule."))
        if character := forbidden_in(channels):
            raise ValueError(limits.forbidden_message(character))
        return channels
    return value


def parse_list(value: str) -> list[str]:
    """["a", "b"] (JSON, as our exports write), {a,b} (PostgreSQL), or a, b / a; b (by hand)."""
    text = value.strip()
    if text.startswith("["):
        items = text_list(_cell_json(text, "liste JSON invalide."))
        if character := forbidden_in(items):
            raise ValueError(limits.forbidden_message(character))
        return [item.strip() for item in items if item.strip()]
    if text.startswith("{") and text.endswith("}"):
        text = text[1:-1]
    separators = ";" if ";" in text else ","
    return [part.strip().strip('"') for part in text.replace("\n", separators).split(separators) if part.strip()]


def _cell_json(text: str, message: str) -> Any:
    try:
        return json_loads(text)
    except (ValueError, RecursionError) as exc:
        raise ValueError(message) from exc


def parse_bool(value: str) -> bool:
    text = value.strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE or not text:
        return False
    raise ValueError(f"« {value} » n'est pas une réponse oui/non.")
