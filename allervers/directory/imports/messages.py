"""pydantic's errors on the data·inclusion models, said in French for the person who fills the file."""

from __future__ import annotations

from typing import Any

_HINTS = {
    "siret": "un SIRET compte 14 chiffres.",
    "code_postal": "un code postal compte 5 chiffres.",
    "code_insee": "un code INSEE de commune compte 5 caractères.",
    "courriel": "adresse électronique invalide.",
}
_URL = "adresse web invalide (attendu : https://…)."
_DATE = "date invalide (attendu : AAAA-MM-JJ)."
_STATIC = {
    "missing": "champ obligatoire.",
    "too_short": "au moins une valeur est attendue.",
    "string_type": "texte attendu.",
    "list_type": "liste attendue.",
    "set_type": "liste attendue.",
    "float_parsing": "nombre attendu.",
    "float_type": "nombre attendu.",
    "int_parsing": "nombre entier attendu.",
    "int_type": "nombre entier attendu.",
    "date_parsing": _DATE,
    "date_type": _DATE,
    "date_from_datetime_parsing": _DATE,
    "date_from_datetime_inexact": _DATE,
    "url_parsing": _URL,
    "url_type": _URL,
    "url_scheme": _URL,
    "url_syntax_violation": _URL,
    "url_too_long": _URL,
}


def french_message(error: Any) -> str:
    """One pydantic error (a dict of ErrorDetails) as a French sentence."""
    kind: str = error["type"]
    ctx: dict[str, Any] = error.get("ctx") or {}
    field = str(error["loc"][0]) if error.get("loc") else ""
    if kind in _STATIC:
        return _STATIC[kind]
    if field in _HINTS and kind.startswith("string_"):
        return _HINTS[field]
    if kind == "string_too_short":
        return f"trop court : au moins {ctx.get('min_length')} caractères."
    if kind == "string_too_long":
        return f"trop long : au plus {ctx.get('max_length')} caractères."
    if kind == "string_pattern_mismatch":
        return _HINTS.get(field, "format invalide.")
    if kind == "enum":
        return f"valeur inconnue « {error.get('input')} » : voir la liste des valeurs possibles."
    if kind == "greater_than_equal":
        return f"doit être supérieur ou égal à {ctx.get('ge')}."
    if kind == "value_error":
        if field in _HINTS:
            return _HINTS[field]
        # The data·inclusion validators already speak French ("Value error, La date …").
        return str(error.get("msg", "")).removeprefix("Value error, ").replace("`", "« ", 1).replace("`", " »", 1)
    return "valeur invalide."
