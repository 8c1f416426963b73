"""How much an import may read, and the checks that keep a hostile file within it.

The sizes come from the biggest legitimate import, France's directory as the benchmark builds it
(allervers/bench, docs/performance.md): 140,000 services and 70,000 structures make a 119 MB data·inclusion
JSON, 14 MB once zipped (the upload page takes 20 MB). Every limit leaves that file a good margin and stops a
decompression bomb before it costs memory: an archive's members are judged on their headers before anything
is inflated, then read in chunks against the same budget, since headers can lie.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

MIB = 1024 * 1024
# One file once uncompressed (a zip member, an XLSX part, a file given as is): the national JSON
# (119 MB) with a third to spare. The JSON parser needs about six times a file's size in memory.
MAX_FILE_BYTES = 160 * MIB
# All the files of one import together (a zip, a folder, structures.csv + services.csv, an XLSX's parts).
MAX_TOTAL_BYTES = 200 * MIB
# Real files deflate 5 to 15 times (measured: the national JSON 8.3, a flat CSV export 7.8, an XLSX sheet 9.8);
# a zip of zeros deflates 1,000 times. Apache POI refuses workbooks past 100 as well. A small member may
# inflate as much as it likes: it stays small.
MAX_RATIO = 100
RATIO_EXEMPT_BYTES = MIB
# A data·inclusion zip holds two files and a workbook saved by Excel 10 to 40 parts. zipfile builds one object
# per member when it opens an archive: the size of its directory is checked from the archive's last record first.
MAX_MEMBERS = 1_000
# Rows of one table (CSV or XLSX), elements of one JSON list: the national directory's 140,000 services twice.
MAX_ROWS = 300_000
# The template has 57 columns, a data·inclusion CSV about 40.
MAX_COLUMNS = 200
# The csv module's own limit on a cell, kept: no description comes near 131,072 characters, and a file that
# reaches it has almost always lost a closing quote.
MAX_CELL_CHARS = 131_072
# A SIRET has 14 digits; Python refuses to convert integers past 4,300 digits, with an error of its own.
MAX_NUMBER_DIGITS = 100
CHUNK_BYTES = MIB
# What Excel, LibreOffice and every zip tool write; bzip2 and LZMA inflate without a bound on their output
# per read, so a tiny member could take gigabytes in one call.
COMPRESSIONS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})

# C0 control characters but tab, line feed and carriage return, and lone surrogates (JSON's "\ud800"):
# PostgreSQL refuses them in text, and no one types them.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
# A DTD in an XLSX part declares the entities of a billion-laughs bomb or an external entity; no spreadsheet
# program writes one. Looked for in the encodings an XML parser reads without a declaration.
_DTD_MARKS = tuple(
    mark.encode(encoding)
    for mark in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
)
_DTD = re.compile(b"|".join(re.escape(mark) for mark in _DTD_MARKS))
_DTD_OVERLAP = max(len(mark) for mark in _DTD_MARKS) - 1
_EOCD, _EOCD_SIZE, _ZIP64_LOCATOR_SIZE, _ZIP64_EOCD_SIZE = b"PK\x05\x06", 22, 20, 56
# An entry of the central directory is 46 bytes and its name; a kilobyte is room for any real member's name.
_DIRECTORY_ENTRY_BYTES = 1024


class Refused(Exception):
    """A file past a limit or built to hurt. French message, without the file's name (the caller adds it)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Unreadable(Refused):
    """Not a zip archive at all: the caller says what it expected (an archive, a workbook)."""


@dataclass
class Budget:
    """Bytes an import may still inflate, across all its archives."""

    remaining: int = MAX_TOTAL_BYTES


def size_text(size: int) -> str:
    if size >= MIB:
        return f"{size / MIB:.0f} Mo"
    return f"{max(size // 1024, 1)} Ko"


def forbidden_character(text: str) -> str | None:
    found = _FORBIDDEN.search(text)
    return found.group() if found else None


def without_forbidden(text: str) -> str:
    return _FORBIDDEN.sub("", text)


def forbidden_message(character: str) -> str:
    return f"caractère invisible interdit (U+{ord(character):04X}) : retirez-le de la valeur."


def open_archive(content: bytes) -> zipfile.ZipFile:
    """The archive, once its headers promise nothing past the limits; nothing has been inflated yet."""
    directory = _central_directory_size(content)
    if directory is not None and directory > MAX_MEMBERS * _DIRECTORY_ENTRY_BYTES:
        raise Refused(f"l'archive contient trop de fichiers : {MAX_MEMBERS} au plus.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except Exception as exc:  # zipfile raises half a dozen types on garbage; all mean the same here
        raise Unreadable("archive zip illisible.") from exc
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        archive.close()
        raise Refused(f"l'archive contient {len(members)} fichiers : {MAX_MEMBERS} au plus.")
    try:
        for info in members:
            _check_member(info)
        total = sum(info.file_size for info in members)
        if total > MAX_TOTAL_BYTES:
            raise Refused(
                f"l'archive ferait {size_text(total)} une fois décompressée : {size_text(MAX_TOTAL_BYTES)} au plus."
            )
    except Refused:
        archive.close()
        raise
    return archive


def _check_member(info: zipfile.ZipInfo) -> None:
    name = info.filename
    if info.flag_bits & 0x1:
        raise Refused(f"« {name} » est chiffré : donnez une archive sans mot de passe.")
    if info.compress_type not in COMPRESSIONS:
        raise Refused(f"« {name} » utilise une méthode de compression non acceptée (seul « deflate » l'est).")
    if info.file_size > MAX_FILE_BYTES:
        raise Refused(
            f"« {name} » ferait {size_text(info.file_size)} une fois décompressé : "
            f"{size_text(MAX_FILE_BYTES)} au plus par fichier."
        )
    if info.file_size > RATIO_EXEMPT_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise Refused(
            f"« {name} » passerait de {size_text(info.compress_size)} à {size_text(info.file_size)} une fois "
            f"décompressé, plus de {MAX_RATIO} fois sa taille : archive refusée par sécurité."
        )


def member_chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: Budget) -> Iterator[bytes]:
    """A member's bytes in chunks, never more than its header declared nor than the import's budget."""
    allowed = min(info.file_size, MAX_FILE_BYTES, budget.remaining)
    read = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(CHUNK_BYTES):
                read += len(chunk)
                if read > allowed:
                    raise Refused(f"« {info.filename} » est plus gros que ne le dit l'archive : archive refusée.")
                budget.remaining -= len(chunk)
                yield chunk
    except Refused:
        raise
    except Exception as exc:  # a damaged member: bad CRC, truncated stream, invalid deflate data
        raise Refused(f"« {info.filename} » est illisible dans l'archive (archive abîmée ?).") from exc


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: Budget) -> bytes:
    output = io.BytesIO()
    for chunk in member_chunks(archive, info, budget):
        output.write(chunk)
    return output.getvalue()


def check_workbook(content: bytes) -> None:
    """An XLSX is a zip of XML parts: the same limits as an archive, and no part may declare a DTD.

    Every part is inflated once, in chunks, before openpyxl opens the workbook: a part bigger than its header
    says, or one with a DTD, refuses the file whatever parser openpyxl would use.
    """
    budget = Budget()
    with open_archive(content) as archive:
        for info in archive.infolist():
            tail = b""
            for chunk in member_chunks(archive, info, budget):
                # The tail of the previous chunk catches a mark cut in two.
                if _DTD.search(tail + chunk[:_DTD_OVERLAP]) or _DTD.search(chunk):
                    raise Refused(
                        f"« {info.filename} » déclare une DTD (entités XML) : aucun tableur n'en écrit, "
                        "classeur refusé par sécurité."
                    )
                tail = chunk[-_DTD_OVERLAP:]


def _central_directory_size(content: bytes) -> int | None:
    """The size of the central directory as the archive's last records declare it, read the way zipfile reads
    them (a zip64 record wins when present): zipfile builds a member object for every entry in it.

    None when there is no such record: zipfile will then refuse the file.
    """
    start = content.rfind(_EOCD, max(0, len(content) - _EOCD_SIZE - 0xFFFF))
    if start < 0 or start + _EOCD_SIZE > len(content):
        return None
    locator = start - _ZIP64_LOCATOR_SIZE
    record = locator - _ZIP64_EOCD_SIZE
    if (
        record >= 0
        and content[locator : locator + 4] == b"PK\x06\x07"
        and content[record : record + 4] == b"PK\x06\x06"
    ):
        return int.from_bytes(content[record + 40 : record + 48], "little")
    return int.from_bytes(content[start + 12 : start + 16], "little")
