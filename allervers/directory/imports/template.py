"""The coordinator template: one row per service, its structure's columns repeated on each row.

The same columns make the flat CSV export, so that an export can be edited and imported back.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from allervers.common.spreadsheets import append_row, csv_text
from allervers.common.text import fold
from allervers.directory.enums import ChannelKind, ServiceKind
from allervers.directory.imports.cells import parse_cell
from allervers.directory.imports.records import Dataset, Record
from allervers.directory.imports.report import RowError, Where
from allervers.taxonomy import terms
from allervers.taxonomy.structure_types import StructureType

STRUCTURE, SERVICE, BOTH = "structure", "service", "both"


@dataclass(frozen=True)
class Column:
    name: str
    target: str  # structure, service or both
    key: str  # the record key (data·inclusion field, or our extension)
    help: str
    example: str = ""
    required: bool = False


def _s(name: str, key: str, help: str, example: str = "", required: bool = False) -> Column:
    return Column(f"structure_{name}", STRUCTURE, key, help, example, required)


def _v(name: str, key: str, help: str, example: str = "", required: bool = False) -> Column:
    return Column(name, SERVICE, key, help, example, required)


LIST_HELP = "plusieurs valeurs séparées par des virgules ; code ou libellé (voir l'onglet « Valeurs »)"
COLUMNS: list[Column] = [
    Column("source", BOTH, "source", "nom de la source (facultatif : sinon l'option --source)", "cispd-exemple"),
    _s("id", "id", "identifiant de la structure dans votre fichier (facultatif, stable d'un import à l'autre)", "s1"),
    _s("nom", "nom", "nom de la structure (3 à 150 caractères)", "Association fictive d'aide aux victimes", True),
    _s("siret", "siret", "numéro SIRET (14 chiffres)", "12345678901234"),
    _s("type", "type_structure", "type de structure (code, voir l'onglet « Valeurs »)", "association"),
    _s("reseaux_porteurs", "reseaux_porteurs_detailles", f"réseaux porteurs : {LIST_HELP}", "france-victimes"),
    _s("description", "description", "présentation de la structure", ""),
    _s("adresse", "adresse", "numéro et voie", "1 rue de l'Exemple"),
    _s("complement_adresse", "complement_adresse", "bâtiment, étage…", ""),
    _s("code_postal", "code_postal", "code postal (ou CEDEX)", "01000"),
    _s("commune", "commune", "nom de la commune", "Bourg-en-Bresse", True),
    _s("code_insee", "code_insee", "code INSEE de la commune (facultatif si le nom suffit)", ""),
    _s("latitude", "latitude", "latitude (WGS84), sinon le point de la commune", ""),
    _s("longitude", "longitude", "longitude (WGS84), sinon le point de la commune", ""),
    _s("adresse_confidentielle", "adresse_confidentielle", "oui si l'adresse ne doit pas être publiée", "non"),
    _s("telephone", "telephone", "téléphone public", "04 74 00 00 00"),
    _s("courriel", "courriel", "courriel public", "contact@exemple.fr"),
    _s("site_web", "site_web", "site internet (https://…)", "https://exemple.fr"),
    _s("horaires_accueil", "horaires_accueil", "horaires au format OpenStreetMap", "Mo-Fr 09:00-12:00"),
    _s("telephone_pro", "telephone_pro", "ligne réservée aux professionnels (jamais publiée)", ""),
    _s("courriel_pro", "courriel_pro", "courriel réservé aux professionnels (jamais publié)", ""),
    _s("date_maj", "date_maj", "date de la dernière vérification (AAAA-MM-JJ)", "2026-01-15"),
    _v("service_id", "id", "identifiant du service dans votre fichier (facultatif, stable)", "s1-accueil"),
    _v("service_nom", "nom", "nom du service (3 à 150 caractères)", "Accueil des victimes", True),
    _v("service_nature", "nature", "« service » ou « helpline » pour une ligne d'écoute", "service"),
    _v("service_type", "type", "type de service data·inclusion (voir l'onglet « Valeurs »)", "accompagnement"),
    _v("service_description", "description", "description du service (au moins 5 caractères)", "Écoute.", True),
    _v("thematiques", "thematiques_detaillees", f"thématiques : {LIST_HELP}", "Violences conjugales", True),
    _v("publics", "publics_detailles", f"publics : {LIST_HELP}", "tous-publics"),
    _v("publics_precisions", "publics_precisions", "précisions sur les publics", ""),
    _v("modes_accueil", "modes_accueil", f"modes d'accueil : {LIST_HELP}", "en-presentiel, a-distance"),
    _v("frais", "frais", "gratuit, payant… (voir l'onglet « Valeurs »)", "gratuit"),
    _v("frais_precisions", "frais_precisions", "précisions sur les frais", ""),
    _v("conditions_acces", "conditions_acces", "conditions d'accès", ""),
    _v(
        "zone_eligibilite",
        "zone_eligibilite_detaillee",
        "codes INSEE de communes, SIREN d'EPCI, départements, R + code région, « france » ; "
        "ou « commune », « epci », « departement » pour ceux de la commune du service",
        "commune",
    ),
    _v("modes_mobilisation", "modes_mobilisation", f"modes de mobilisation : {LIST_HELP}", ""),
    _v("mobilisable_par", "mobilisable_par", "usagers, professionnels", ""),
    _v("mobilisation_precisions", "mobilisation_precisions", "comment mobiliser le service", ""),
    _v("lien_mobilisation", "lien_mobilisation", "lien pour mobiliser le service", ""),
    _v("service_adresse", "adresse", "adresse du service, si elle diffère de celle de la structure", ""),
    _v("service_complement_adresse", "complement_adresse", "complément d'adresse du service", ""),
    _v("service_code_postal", "code_postal", "code postal du service", ""),
    _v("service_commune", "commune", "commune du service (sinon celle de la structure, s'il est sur place)", ""),
    _v("service_code_insee", "code_insee", "code INSEE de la commune du service", ""),
    _v("service_latitude", "latitude", "latitude du service", ""),
    _v("service_longitude", "longitude", "longitude du service", ""),
    _v("service_adresse_confidentielle", "adresse_confidentielle", "oui pour un lieu de mise à l'abri", "non"),
    _v("service_telephone", "telephone", "téléphone public du service", ""),
    _v("service_courriel", "courriel", "courriel public du service", ""),
    _v("service_horaires_accueil", "horaires_accueil", "horaires au format OpenStreetMap", "Mo-Fr 09:00-17:00"),
    _v("ouvert_24h", "ouvert_24h", "oui si le service répond 24 h/24, 7 j/7", "non"),
    _v("langues", "langues", "langues parlées (codes ISO : fr, en…)", "fr"),
    _v("canaux", "canaux", 'canaux de contact en JSON : [{"kind": "phone", "value": "3919", "label": ""}]', ""),
    _v("service_telephone_pro", "telephone_pro", "ligne du service réservée aux professionnels", ""),
    _v("service_courriel_pro", "courriel_pro", "courriel du service réservé aux professionnels", ""),
    _v("service_date_maj", "date_maj", "date de la dernière vérification du service (AAAA-MM-JJ)", "2026-01-15"),
]
COLUMN_NAMES = [column.name for column in COLUMNS]
PRIVATE_KEYS = frozenset({"telephone_pro", "courriel_pro"})


def records_from_rows(file_name: str, rows: Iterator[tuple[int, dict[str, str | None]]]) -> Dataset:
    dataset = Dataset()
    first_rows: dict[str, tuple[int, dict[str, Any]]] = {}
    for line, cells in rows:
        where = Where(file_name, line)
        unknown = [name for name in cells if name not in _BY_NAME]
        for name in unknown:
            dataset.errors.append(RowError(where, name, "colonne inconnue : voir docs/import-annuaire.md."))
        structure, service, columns = _split(where, cells, dataset.errors)
        key = _structure_key(structure)
        if key not in first_rows:
            first_rows[key] = (line, structure)
            dataset.structures.append(Record(where, structure, columns[STRUCTURE], key=key))
        elif first_rows[key][1] != structure:
            dataset.errors.append(
                RowError(
                    where,
                    "",
                    f"les colonnes de la structure diffèrent de celles de la ligne {first_rows[key][0]} "
                    "pour la même structure : elles doivent être identiques sur chaque ligne.",
                )
            )
        if service:
            service.setdefault("source", structure.get("source"))
            dataset.services.append(Record(where, service, columns[SERVICE], structure_key=key))
    return dataset


_BY_NAME = {column.name: column for column in COLUMNS}


def _split(
    where: Where, cells: dict[str, str | None], errors: list[RowError]
) -> tuple[dict[str, Any], dict[str, Any], dict[str, dict[str, str]]]:
    parts: dict[str, dict[str, Any]] = {STRUCTURE: {}, SERVICE: {}}
    columns: dict[str, dict[str, str]] = {STRUCTURE: {}, SERVICE: {}}
    for name, value in cells.items():
        column = _BY_NAME.get(name)
        if column is None:
            continue
        targets = (STRUCTURE, SERVICE) if column.target == BOTH else (column.target,)
        for target in targets:
            columns[target][column.key] = column.name
        if value is None:
            # A private column present but empty clears the value; an absent column leaves it alone.
            if column.key in PRIVATE_KEYS:
                parts[column.target][column.key] = ""
            continue
        try:
            parsed = parse_cell(column.key, value)
        except ValueError as error:
            errors.append(RowError(where, name, str(error)))
            continue
        for target in targets:
            parts[target][column.key] = parsed
    service = parts[SERVICE]
    has_service = any(value not in ("", None) for key, value in service.items() if key != "source")
    return parts[STRUCTURE], (service if has_service else {}), columns


def _structure_key(structure: dict[str, Any]) -> str:
    if structure.get("id"):
        return f"id:{structure['id']}"
    if structure.get("siret"):
        return f"siret:{structure['siret']}"
    place = structure.get("code_insee") or structure.get("commune") or structure.get("code_postal") or ""
    return f"nom:{fold(str(structure.get('nom', '')))}|{fold(str(place))}"


# --- writing -------------------------------------------------------------------------------------------


def template_csv(rows: list[dict[str, str]] | None = None, columns: list[str] | None = None) -> str:
    """The template (or a flat export) as CSV text; `;` so that a spreadsheet in French opens it in columns."""
    return csv_text(columns or COLUMN_NAMES, rows or [], delimiter=";", lineterminator="\n", extrasaction="ignore")


def template_xlsx() -> bytes:
    """The blank template as a workbook: the sheet to fill, a sheet describing the columns, the allowed values."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Annuaire"
    append_row(sheet, COLUMN_NAMES)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    help_sheet = workbook.create_sheet("Colonnes")
    append_row(help_sheet, ["colonne", "obligatoire", "description", "exemple"])
    for column in COLUMNS:
        append_row(help_sheet, [column.name, "oui" if column.required else "", column.help, column.example])
    values = workbook.create_sheet("Valeurs")
    append_row(values, ["liste", "code", "libellé"])
    for title, rows in reference_values():
        for code, label in rows:
            append_row(values, [title, code, label])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def reference_values() -> list[tuple[str, list[tuple[str, str]]]]:
    def listed(reference: dict[str, terms.Term]) -> list[tuple[str, str]]:
        return [(code, term.label) for code, term in reference.items()]

    return [
        ("thematiques", listed(terms.thematiques())),
        ("publics", listed(terms.publics())),
        ("modes_accueil", listed(terms.modes_accueil())),
        ("frais", listed(terms.frais())),
        ("modes_mobilisation", listed(terms.modes_mobilisation())),
        ("service_type", listed(terms.types_de_services())),
        ("structure_reseaux_porteurs", listed(terms.reseaux_porteurs())),
        ("structure_type", [(str(value), str(label)) for value, label in StructureType.choices]),
        ("service_nature", [(str(value), str(label)) for value, label in ServiceKind.choices]),
        ("canaux (kind)", [(str(value), str(label)) for value, label in ChannelKind.choices]),
    ]
