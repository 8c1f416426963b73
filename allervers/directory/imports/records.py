"""What the readers make of a file: records with their place, and the error of a file that can't be read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from allervers.directory.imports.report import RowError, Where


class FileFormatError(Exception):
    """The file can't be read at all (unknown format, missing companion file, broken JSON); French message.

    `where` is the place of the fault when it is known: the import then reports it there.
    """

    def __init__(self, message: str, where: Where | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where


@dataclass(frozen=True)
class NamedFile:
    """A file's name and bytes: what the command reads from disk and what a web upload gives."""

    name: str
    content: bytes


@dataclass
class Record:
    where: Where
    data: dict[str, Any]
    # Record key -> column name as the file spells it, for error messages (template columns differ).
    columns: dict[str, str] = field(default_factory=dict)
    key: str = ""  # identity of a structure inside the file
    structure_key: str = ""  # for a service: the key of its structure

    def column(self, name: str) -> str:
        return self.columns.get(name, name)


@dataclass
class Dataset:
    structures: list[Record] = field(default_factory=list)
    services: list[Record] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
