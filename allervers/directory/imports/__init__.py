"""Importing a directory file: data·inclusion v1 (JSON or CSV) or the coordinator template (CSV or XLSX).

`import_directory` is what the command and the coordinator's upload page both call: it takes files as
(name, bytes), validates every row, writes everything or nothing, and returns a report in French.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from allervers.common.progress import Progress
from allervers.directory.imports.actor import ImportActor
from allervers.directory.imports.cleaning import Cleaner
from allervers.directory.imports.readers import FileFormatError, NamedFile, files_from_path, read_dataset
from allervers.directory.imports.report import ImportReport, RowError, Where
from allervers.directory.imports.writing import Writer
from allervers.directory.models import DEFAULT_SOURCE

__all__ = [
    "FileFormatError",
    "ImportActor",
    "ImportReport",
    "NamedFile",
    "collector_paused",
    "files_from_path",
    "import_directory",
]


def import_directory(
    files: list[NamedFile],
    *,
    source: str | None = None,
    dry_run: bool = False,
    draft: bool = False,
    actor: ImportActor | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Validate and write. `source` overrides the files' own; the template defaults to the platform's source.

    `actor` is who imports: a row that creates or changes a structure outside what they may edit is an error of
    the report; every change is logged in their name with the file's name. None is the import command.
    A file that can't be read at all gives a report with one error rather than an exception.
    """
    return _import(files, source=source, dry_run=dry_run, draft=draft, actor=actor, progress=progress)


@contextmanager
def collector_paused() -> Iterator[None]:
    """An import holds hundreds of thousands of objects, none in a reference cycle: the cycle collector would
    walk them all again and again (up to half of a large import's time). They are freed by reference counting
    when the import ends; the collector resumes then.

    For a process that does nothing else meanwhile (the import command, the benchmark): never within a web
    request, whose server's other threads would run without the collector."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _import(
    files: list[NamedFile],
    *,
    source: str | None,
    dry_run: bool,
    draft: bool,
    actor: ImportActor | None,
    progress: Progress | None,
) -> ImportReport:
    progress = progress or Progress(None)
    report = ImportReport(dry_run=dry_run)
    try:
        dataset = read_dataset(files)
    except FileFormatError as error:
        name = files[0].name if files else "?"
        report.errors.append(RowError(Where(name, 1), "", error.message))
        return report
    total = len(dataset.structures) + len(dataset.services)
    bar = progress.bar("Validation", total)
    done = [0]

    def tick() -> None:
        done[0] += 1
        if bar is not None:
            bar.update(done[0])

    cleaned = Cleaner(source, DEFAULT_SOURCE, tick).clean(dataset)
    if cleaned.errors:
        report.errors = cleaned.errors
        return report
    write_bar = progress.bar("Écriture", total)
    file_name = ", ".join(file.name for file in files)
    writer = Writer(
        cleaned,
        draft=draft,
        actor=actor,
        file_name=file_name,
        progress=write_bar.update if write_bar is not None else None,
    )
    writer.plan(report)
    if report.errors:
        return report
    if not dry_run:
        writer.write()
    if write_bar is not None:
        write_bar.update(total)
    return report
