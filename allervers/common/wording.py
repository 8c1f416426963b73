"""French wording around a place name: « près d'Oyonnax », « de Belley », « du Poizat », « des Neyrolles »."""

from __future__ import annotations

import unicodedata

# Names whose « h » is aspirated (« de Honfleur »), where the department says nothing (see below).
_ASPIRATED_H_NAMES = frozenset({"harfleur", "honfleur", "hasparren", "hagetmau", "hondschoote", "hazebrouck"})
# Alsace, Moselle, Nord and Pas-de-Calais: place names of Germanic or Flemish origin, whose « h » is aspirated
# (« de Haguenau », « de Hayange »). Elsewhere the « h » of a place name is mute far more often
# (« d'Hauteville », « d'Hyères », « d'Hendaye »).
_ASPIRATED_H_DEPARTMENTS = frozenset({"57", "59", "62", "67", "68"})


def _base_letter(character: str) -> str:
    return unicodedata.normalize("NFD", character)[:1].lower()


def _elides(name: str, department: str) -> bool:
    first = _base_letter(name[:1])
    if first in "aeiouy" or name[:1].lower() in "œæ":
        return True
    if first != "h":
        return False
    word = name.split("-", 1)[0].split(" ", 1)[0].lower()
    return department not in _ASPIRATED_H_DEPARTMENTS and word not in _ASPIRATED_H_NAMES


def of_place(name: str, department: str = "") -> str:
    """« de » before a commune's name, elided or contracted as French does: « d'Oyonnax », « de Belley »,
    « du Poizat » (Le Poizat), « des Neyrolles » (Les Neyrolles), « de La Boisse », « de L'Abergement »."""
    name = name.strip()
    if not name:
        return "de"
    lower = name.lower()
    if lower.startswith("le "):
        return f"du {name[3:]}"
    if lower.startswith("les "):
        return f"des {name[4:]}"
    if lower.startswith(("la ", "l'", "l’")):
        return f"de {name}"
    if _elides(name, department):
        return f"d'{name}"
    return f"de {name}"


def near_place(name: str, department: str = "") -> str:
    """« près d'Oyonnax », « près de Belley », « près du Poizat »."""
    return f"près {of_place(name, department)}"
