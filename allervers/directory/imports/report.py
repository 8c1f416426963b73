"""What an import tells the person who ran it: counts, every error with its place, likely duplicates."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Where:
    """A row of a file: `unit` is « ligne » for CSV and spreadsheets, « élément » for a JSON list."""

    file: str
    line: int
    unit: str = "ligne"

    def __str__(self) -> str:
        return f"{self.file}, {self.unit} {self.line}"


@dataclass(frozen=True)
class RowError:
    where: Where
    column: str
    message: str

    def __str__(self) -> str:
        column = f", colonne « {self.column} »" if self.column else ""
        return f"{self.where}{column} : {self.message}"


@dataclass(frozen=True)
class Duplicate:
    """An imported structure that looks like one already in the directory under another source."""

    where: Where
    name: str
    other_id: int
    other_name: str
    other_source: str
    reason: str

    def __str__(self) -> str:
        return (
            f"{self.where} : « {self.name} » ressemble à « {self.other_name} » "
            f"(source {self.other_source}, fiche n° {self.other_id}) : {self.reason}."
        )


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.created} créé(s), {self.updated} mis à jour, {self.unchanged} inchangé(s)"


@dataclass
class ImportReport:
    dry_run: bool = False
    structures: Counts = field(default_factory=Counts)
    services: Counts = field(default_factory=Counts)
    errors: list[RowError] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary_lines(self) -> list[str]:
        if self.errors:
            lines = [f"Import refusé : {len(self.errors)} erreur(s), rien n'a été écrit."]
            lines += [f"  {error}" for error in self.errors]
            return lines
        verb = "seraient" if self.dry_run else "ont été"
        lines = [
            "Simulation (--dry-run) : rien n'a été écrit." if self.dry_run else "Import terminé.",
            f"Structures : {self.structures} ({verb} traitées).",
            f"Services : {self.services} ({verb} traités).",
        ]
        if self.duplicates:
            lines.append(f"Doublons probables avec d'autres sources : {len(self.duplicates)}")
            lines += [f"  {duplicate}" for duplicate in self.duplicates]
        return lines
