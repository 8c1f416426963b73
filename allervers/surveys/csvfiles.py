"""Reading the survey-estimate files: respondents (one row each) and population margins (INSEE layout).

Every problem is collected with its line number, in French, so that a coordinator fixes the file in one pass.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from allervers.surveys.estimation import AGE_BANDS, MARGIN_VARIABLES, SEXES, Respondent, age_band

IDENTITY_COLUMNS = ("commune", "sexe", "age")
YES, NO = "oui", "non"
MAX_ERRORS = 50


class FileError(ValueError):
    def __init__(self, errors: list[str]) -> None:
        shown = errors[:MAX_ERRORS]
        if len(errors) > MAX_ERRORS:
            shown.append(f"… et {len(errors) - MAX_ERRORS} autres erreurs.")
        super().__init__("\n".join(shown))
        self.errors = errors


@dataclass(frozen=True)
class Responses:
    questions: tuple[str, ...]
    respondents: tuple[Respondent, ...]


def _rows(text: str, label: str) -> tuple[list[str], Iterable[tuple[int, dict[str, str]]]]:
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise FileError([f"{label} : le fichier est vide."])
    first = text.splitlines()[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [name.strip() for name in reader.fieldnames or []]
    reader.fieldnames = header
    return header, ((reader.line_num, row) for row in reader)


def decode(data: bytes, label: str) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileError([f"{label} : encodage illisible (enregistrez le fichier en UTF-8)."])


def _cell(row: Mapping[str, str | None], name: str) -> str:
    return (row.get(name) or "").strip()


def read_responses(text: str, label: str = "Réponses") -> Responses:
    header, rows = _rows(text, label)
    missing = [name for name in IDENTITY_COLUMNS if name not in header]
    if missing:
        raise FileError([f"{label} : colonne(s) manquante(s) : {', '.join(missing)}."])
    questions = tuple(name for name in header if name not in IDENTITY_COLUMNS and name)
    if not questions:
        raise FileError([f"{label} : aucune colonne de question après commune, sexe, age."])
    if len(set(header)) != len(header):
        raise FileError([f"{label} : une colonne apparaît deux fois."])
    errors: list[str] = []
    respondents = []
    for line, row in rows:
        if None in row:
            errors.append(f"{label}, ligne {line} : plus de valeurs que de colonnes.")
            continue
        problems, respondent = _respondent(row, questions)
        errors.extend(f"{label}, ligne {line} : {problem}" for problem in problems)
        if respondent is not None:
            respondents.append(respondent)
    if not respondents and not errors:
        errors.append(f"{label} : aucune ligne de réponse.")
    if errors:
        raise FileError(errors)
    return Responses(questions, tuple(respondents))


def _respondent(row: Mapping[str, str | None], questions: tuple[str, ...]) -> tuple[list[str], Respondent | None]:
    problems = []
    commune, sexe, age_text = _cell(row, "commune"), _cell(row, "sexe").upper(), _cell(row, "age")
    if not commune:
        problems.append("la commune (code INSEE) est vide.")
    if sexe not in SEXES:
        problems.append(f"sexe « {_cell(row, 'sexe')} » invalide (F ou H attendu).")
    band = ""
    try:
        if int(age_text) > 120:
            raise ValueError
        band = age_band(int(age_text))
    except ValueError:
        if age_text.isdigit() and int(age_text) > 120:
            problems.append(f"âge {age_text} invraisemblable.")
        elif age_text.isdigit():
            problems.append(f"âge {age_text} : l'enquête porte sur les personnes de 18 ans et plus.")
        else:
            problems.append(f"âge « {age_text} » n'est pas un nombre d'années.")
    answers: dict[str, bool | None] = {}
    for code in questions:
        value = _cell(row, code).lower()
        if value not in (YES, NO, ""):
            problems.append(f"réponse « {_cell(row, code)} » à « {code} » invalide (oui, non ou vide attendu).")
        answers[code] = None if value == "" else value == YES
    if problems:
        return problems, None
    return [], Respondent(commune=commune, sexe=sexe, age_groupe=band, answers=answers)


SPACES = str.maketrans("", "", " \u00a0\u202f\t")


def french_number(text: str) -> Decimal:
    """A number as people type it from a French table: « 8 120 », « 12,5 » or « 12.5 » (one decimal separator,
    spaces as thousands separators); ValueError otherwise, e.g. « 1.234,5 », « 12,5 % » or « douze »."""
    compact = str(text).translate(SPACES)
    if compact.count(",") + compact.count(".") > 1 or not compact.replace(",", "").replace(".", "").isdigit():
        raise ValueError(text)
    return Decimal(compact.replace(",", "."))


def read_margins(text: str, label: str = "Marges") -> dict[str, dict[str, float]]:
    header, rows = _rows(text, label)
    missing = [name for name in ("variable", "modalite", "effectif") if name not in header]
    if missing:
        raise FileError([f"{label} : colonne(s) manquante(s) : {', '.join(missing)}."])
    errors: list[str] = []
    margins: dict[str, dict[str, float]] = {}
    for line, row in rows:
        variable, modality, count = _cell(row, "variable"), _cell(row, "modalite"), _cell(row, "effectif")
        problem = _margin_problem(variable, modality, count, margins)
        if problem:
            errors.append(f"{label}, ligne {line} : {problem}")
            continue
        margins.setdefault(variable, {})[modality] = float(french_number(count))
    if not margins and not errors:
        errors.append(f"{label} : aucune ligne de marge.")
    if errors:
        raise FileError(errors)
    return margins


def _margin_problem(variable: str, modality: str, count: str, margins: dict[str, dict[str, float]]) -> str:
    if variable not in MARGIN_VARIABLES:
        return f"variable « {variable} » inconnue (sexe, age_groupe, commune ou epci attendu)."
    if variable == "sexe" and modality not in SEXES:
        return f"modalité « {modality} » de sexe invalide (F ou H attendu)."
    if variable == "age_groupe" and modality not in AGE_BANDS:
        return f"tranche d'âge « {modality} » invalide (attendu : {', '.join(AGE_BANDS)})."
    if not modality:
        return "la modalité est vide."
    if modality in margins.get(variable, {}):
        return f"« {variable} = {modality} » apparaît deux fois."
    if count.lstrip().startswith("-"):
        return f"effectif {count} négatif."
    try:
        french_number(count)
    except ValueError:
        return f"effectif « {count} » n'est pas un nombre (par exemple 8 120 ou 12,5)."
    return ""
