"""Hostile and broken import files, built from real bytes: the malformed-file tests, the fuzz test and
scripts/measure_import_bombs.py use them."""

from __future__ import annotations

import io
import json
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "allervers" / "directory" / "templates_files"
TEMPLATE_XLSX = TEMPLATE_DIR / "modele-annuaire.xlsx"
TEMPLATE_CSV = TEMPLATE_DIR / "modele-annuaire.csv"
SHEET = "xl/worksheets/sheet1.xml"

HEADER = (
    "structure_id;structure_nom;structure_commune;structure_code_postal;service_id;service_nom;"
    "service_description;thematiques;publics;modes_accueil;zone_eligibilite\n"
)
ROW = (
    "s1;Association fictive Alpha;Bourg-en-Bresse;01000;s1-a;Écoute fictive;Écoute et orientation.;"
    "Violences conjugales;victimes;en-presentiel;commune\n"
)
SERVICE = {
    "id": "s1-a",
    "structure_id": "s1",
    "nom": "Écoute fictive",
    "description": "Écoute et orientation.",
    "thematiques": ["aide-aux-victimes--violences-conjugales"],
    "publics": ["victimes"],
    "modes_accueil": ["en-presentiel"],
    "code_insee": "01053",
    "date_maj": "2026-01-15",
}
STRUCTURE = {"id": "s1", "nom": "Association fictive Alpha", "code_insee": "01053", "date_maj": "2026-01-15"}
CHUNK = 1024 * 1024


def template_csv(*rows: str, header: str = HEADER) -> bytes:
    return (header + "".join(rows)).encode("utf-8")


def zip_of(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return output.getvalue()


def zip_bomb(expanded: int, name: str = "annuaire.csv") -> bytes:
    """A template CSV whose one row is `expanded` bytes of zeros, deflated as hard as zlib can (about 1,000:1).

    Written in chunks: building the bomb never holds what it expands to."""
    output = io.BytesIO()
    with (
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open(name, "w", force_zip64=expanded > 2**31) as member,
    ):
        member.write(HEADER.encode())
        zeros = b"0" * CHUNK
        for _ in range(expanded // CHUNK):
            member.write(zeros)
    return output.getvalue()


def lying_zip(expanded: int, declared: int = 100, name: str = "annuaire.csv") -> bytes:
    """A zip whose headers (local and central) say its member holds `declared` bytes when it inflates to
    `expanded`: the sizes an archive shows can't be trusted alone."""
    content = bytearray(zip_of({name: HEADER.encode() + b"0" * expanded}))
    struct.pack_into("<L", content, 22, declared)  # local header: uncompressed size
    central = content.rfind(b"PK\x01\x02")
    struct.pack_into("<L", content, central + 24, declared)
    return bytes(content)


def many_members_zip(count: int) -> bytes:
    return zip_of({f"f{index}.csv": b"" for index in range(count)}, zipfile.ZIP_STORED)


def xlsx_with(parts: dict[str, bytes]) -> bytes:
    """The shipped blank template with some parts replaced."""
    source = zipfile.ZipFile(TEMPLATE_XLSX)
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info.filename, parts.get(info.filename, source.read(info)))
    return output.getvalue()


def _sheet(rows_xml: str, prolog: str = "") -> bytes:
    return (
        f'{prolog}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{rows_xml}</sheetData></worksheet>"
    ).encode()


def _inline(reference: str, text: str) -> str:
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10 if n > 1 else "&lol;" * 10}">' for n in range(1, 10))
    + "]>"
)


def billion_laughs_xlsx() -> bytes:
    """Nine levels of ten entities: a billion « lol » if a parser expanded them."""
    return xlsx_with({SHEET: _sheet(f'<row r="1">{_inline("A1", "&lol9;")}</row>', LAUGHS)})


def external_entity_xlsx() -> bytes:
    prolog = '<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    return xlsx_with({SHEET: _sheet(f'<row r="1">{_inline("A1", "&xxe;")}</row>', prolog)})


def xlsx_bomb(expanded: int) -> bytes:
    """The template whose first sheet repeats one service row until it reaches `expanded` bytes of XML.

    Rows and cells without their optional references are all alike, and deflate about 1,000 times."""
    names = HEADER.strip().split(";")
    values = ROW.strip().split(";")
    values[names.index("service_description")] = "x" * 8_000  # a run, and a row within deflate's 32 KB window
    row = ("<row>" + "".join(_inline("", value) for value in values) + "</row>").encode()
    row = row.replace(b' r=""', b"")
    rows_per_chunk = max(CHUNK // len(row), 1)
    header = "".join(_inline(f"{chr(ord('A') + index)}1", name) for index, name in enumerate(names))
    source = zipfile.ZipFile(TEMPLATE_XLSX)
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in source.infolist():
            if info.filename != SHEET:
                archive.writestr(info.filename, source.read(info))
                continue
            with archive.open(SHEET, "w", force_zip64=expanded > 2**31) as sheet:
                sheet.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
                sheet.write(f'<row r="1">{header}</row>'.encode())
                chunk = row * rows_per_chunk
                for _ in range(max(expanded // len(chunk), 1)):
                    sheet.write(chunk)
                sheet.write(b"</sheetData></worksheet>")
    return output.getvalue()


def non_utf8_csv() -> bytes:
    """0x81 is undefined in Windows-1252 as in UTF-8: the second fallback fails too (line 3)."""
    return template_csv(ROW) + ROW.replace("s1", "s2").encode().replace(b"Alpha", b"B\x81eta")


def long_field_csv() -> bytes:
    return template_csv(ROW.replace("Écoute et orientation.", "x" * 140_000))


def unclosed_quote_csv() -> bytes:
    """Line 3 opens a quote that nothing closes: the rest of the file becomes one cell, past csv's limit."""
    rest = [ROW.replace("s1", f"s{number}") for number in range(4, 1_500)]
    return template_csv(ROW, ROW.replace("s1;Association", 's3;"Association'), *rest)


def nul_csv() -> bytes:
    return template_csv(ROW.replace("Écoute et orientation.", "Écoute\x00 et orientation."))


def deep_json(depth: int = 100_000) -> bytes:
    return ('{"structures": ' + "[" * depth + "]" * depth + "}").encode()


def long_number_json(digits: int = 5_001) -> bytes:
    return ('{"structures": [{"id": "s1", "nom": "Association fictive", "siret": ' + "1" * digits + "}]}").encode()


def publics_not_a_list_json() -> bytes:
    return json.dumps({"structures": [STRUCTURE], "services": [{**SERVICE, "publics": 5}]}).encode()


def ratio_bomb() -> bytes:
    """Under the size limits, but 40 MB of zeros in a 40 KB archive."""
    return zip_bomb(40 * CHUNK)


def bzip2_zip() -> bytes:
    return zip_of({"annuaire.csv": template_csv(ROW)}, zipfile.ZIP_BZIP2)


# The hostile files of the hardening issue, by the name they are imported under.
MALFORMED: dict[str, Callable[[], bytes]] = {
    "octet-0x81.csv": non_utf8_csv,
    "cellule-trop-longue.csv": long_field_csv,
    "guillemet-ouvert.csv": unclosed_quote_csv,
    "imbrication.json": deep_json,
    "nombre-5001-chiffres.json": long_number_json,
    "publics-5.json": publics_not_a_list_json,
    "milliard-de-rires.xlsx": billion_laughs_xlsx,
    "entite-externe.xlsx": external_entity_xlsx,
    "octet-nul.csv": nul_csv,
    "bombe.zip": lambda: zip_bomb(420 * CHUNK),
    "bombe-ratio.zip": ratio_bomb,
    "en-tetes-menteurs.zip": lambda: lying_zip(50 * CHUNK),
    "trop-de-fichiers.zip": lambda: many_members_zip(5_000),
    "bzip2.zip": bzip2_zip,
    "bombe.xlsx": lambda: xlsx_bomb(300 * 1000 * 1000),
}
