"""Fuzzing every reader of the directory import (CSV, JSON, zip, XLSX) with Hypothesis.

Random and mutated files go through `read_dataset`, which may only answer with records or a FileFormatError,
and through the whole import (dry run), which may only answer with a report. The readers' last-resort
message for an unexpected failure counts as a failure here: every fault a file can cause has its own message.

The suite runs the "import-fuzz" profile: a fixed set of examples (derandomized), so that CI is repeatable.
ALLERVERS_FUZZ=long runs the "import-fuzz-long" profile, random and a hundred times longer, to look for new crashes.
"""

import io
import json
import os
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allervers.directory.imports import NamedFile, import_directory
from allervers.directory.imports.readers import (
    BOOLEAN_FIELDS,
    JSON_FIELDS,
    LIST_FIELDS,
    UNEXPECTED,
    FileFormatError,
    read_dataset,
)
from tests.directory import import_files as files

pytestmark = [
    pytest.mark.django_db,
    # openpyxl warns about the parts of a damaged workbook it drops; the warning is not the failure looked for.
    pytest.mark.filterwarnings("ignore::UserWarning:openpyxl"),
]

_COMMON = {
    "deadline": None,
    "database": None,  # nothing written into the repository
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
}
settings.register_profile("import-fuzz", max_examples=60, derandomize=True, **_COMMON)
settings.register_profile("import-fuzz-long", max_examples=4_000, **_COMMON)
FUZZ = settings.get_profile("import-fuzz-long" if os.environ.get("ALLERVERS_FUZZ") == "long" else "import-fuzz")

TEMPLATE_CSV = files.template_csv(files.ROW, files.ROW.replace("s1", "s2"))
TEMPLATE_XLSX = files.TEMPLATE_XLSX.read_bytes()
FIELDS = sorted(
    {
        *files.SERVICE,
        "publics",
        "publics_detailles",
        "thematiques_detaillees",
        "zone_eligibilite",
        "zone_eligibilite_detaillee",
        "modes_mobilisation",
        "mobilisable_par",
        "langues",
        "canaux",
        "ouvert_24h",
        "adresse_confidentielle",
        "latitude",
        "longitude",
        "telephone",
        "courriel",
        "horaires_accueil",
        "verifie_le",
        "nature",
        "siret",
        "code_postal",
        "commune",
        "lien_mobilisation",
        "telephone_pro",
    }
)
# Bytes and texts that readers treat specially: delimiters, quotes, line ends, controls, undecodable bytes.
TOKENS = [b";", b",", b"\t", b'"', b"\n", b"\r", b"\r\n", b"\x00", b"\x1b", b"\x81", b"\x8d", b"\xff", b"\xc3"]
TOKENS += [b"[", b"{", b'["a", ["b"]]', b'[{"kind": {"x": 1}}]', b"\\u0000", b"\\ud800", b"\xef\xbb\xbf", b"=1+1"]
TOKENS += [b"[" * 3_000, b"1" * 5_000, b"1e999", b"NaN", b"x" * 140_000]  # recursion, conversion and size limits

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**120), max_value=10**120),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=40),
    st.sampled_from(["oui", "non", "victimes", "01053", "Mo-Fr 09:00-12:00", "04 74 00 00 00", "france", "R84"]),
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)


@st.composite
def mutated(draw, original: bytes, max_mutations: int = 6, keep: int = 0) -> bytes:
    """The original bytes with a few insertions, deletions and replacements, some of them special tokens;
    the first `keep` bytes (a header, say) stay as they are."""
    data = bytearray(original)
    for _ in range(draw(st.integers(min_value=1, max_value=max_mutations))):
        position = draw(st.integers(min_value=min(keep, len(data)), max_value=len(data)))
        operation = draw(st.sampled_from(["insert", "delete", "replace", "token", "token"]))
        if operation == "insert":
            data[position:position] = draw(st.binary(min_size=1, max_size=16))
        elif operation == "delete":
            del data[position : position + draw(st.integers(min_value=1, max_value=64))]
        elif operation == "replace":
            data[position : position + 1] = draw(st.binary(min_size=1, max_size=1))
        else:
            data[position:position] = draw(st.sampled_from(TOKENS))
    return bytes(data)


def check(named_files: list[NamedFile]) -> None:
    """What the fuzz asserts: the readers answer records or their French error, the import a report."""
    try:
        read_dataset(named_files)
    except FileFormatError as error:
        assert error.message != UNEXPECTED
    report = import_directory(named_files, dry_run=True)
    assert all(error.message != UNEXPECTED for error in report.errors)
    assert report.dry_run and (report.ok or report.summary_lines()[0].startswith("Import refusé"))


csv_files = st.one_of(
    mutated(TEMPLATE_CSV, keep=len(files.HEADER.encode())),
    mutated(TEMPLATE_CSV),
    st.binary(max_size=400).map(lambda tail: files.HEADER.encode() + tail),
    st.lists(st.text(max_size=30), min_size=1, max_size=12).map(
        lambda cells: files.template_csv(";".join(cells) + "\n")
    ),
)


@FUZZ
@given(content=csv_files, name=st.sampled_from(["annuaire.csv", "ANNUAIRE.CSV"]))
def test_the_template_csv_reader_never_crashes(content, name):
    check([NamedFile(name, content)])


DATAINCLUSION_STRUCTURES = b"id;nom;code_insee;date_maj\ns1;Association fictive Alpha;01053;2026-01-15\n"
DATAINCLUSION_SERVICES = (
    "id;structure_id;nom;description;thematiques;publics;modes_accueil;zone_eligibilite;canaux;date_maj\n"
    's1-a;s1;Écoute fictive;Écoute et orientation.;["aide-aux-victimes--violences-conjugales"];{victimes};'
    'en-presentiel;01053;"[{""kind"": ""phone"", ""value"": ""3919""}]";2026-01-15\n'
).encode()


@FUZZ
@given(
    structures=mutated(DATAINCLUSION_STRUCTURES, keep=DATAINCLUSION_STRUCTURES.index(b"\n") + 1),
    services=mutated(DATAINCLUSION_SERVICES, keep=DATAINCLUSION_SERVICES.index(b"\n") + 1),
)
def test_the_datainclusion_csv_reader_never_crashes(structures, services):
    check([NamedFile("structures.csv", structures), NamedFile("services.csv", services)])


def _dataset_with(field: str, value: object, kind: str) -> bytes:
    structure, service = dict(files.STRUCTURE), dict(files.SERVICE)
    (service if kind == "services" else structure)[field] = value
    return json.dumps({"structures": [structure], "services": [service]}).encode()


json_fields = st.builds(
    _dataset_with,
    st.sampled_from(FIELDS) | st.sampled_from(sorted(LIST_FIELDS | JSON_FIELDS | BOOLEAN_FIELDS)),
    json_values | json_scalars,
    st.sampled_from(["services", "structures"]),
)
json_texts = st.one_of(
    json_values.map(lambda value: json.dumps(value).encode()),
    st.builds(
        lambda key, value: json.dumps({key: value}).encode(), st.sampled_from(["structures", "services"]), json_values
    ),
    mutated(json.dumps({"structures": [files.STRUCTURE], "services": [files.SERVICE]}).encode()),
)


@FUZZ
@given(content=json_fields)
def test_the_json_reader_never_crashes_on_a_field_of_any_shape(content):
    check([NamedFile("annuaire.json", content)])


@FUZZ
@given(content=json_texts)
def test_the_json_reader_never_crashes_on_any_text(content):
    check([NamedFile("annuaire.json", content)])


member_names = st.sampled_from(["structures.csv", "services.csv", "annuaire.csv", "annuaire.json", "x.xlsx", "d/"])
archives = st.one_of(
    st.builds(
        files.zip_of,
        st.dictionaries(member_names, st.one_of(st.just(TEMPLATE_CSV), mutated(TEMPLATE_CSV)), max_size=3),
        st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED]),
    ),
    mutated(files.zip_of({"annuaire.csv": TEMPLATE_CSV}), max_mutations=3),
    mutated(files.zip_of({"structures.csv": DATAINCLUSION_STRUCTURES, "services.csv": DATAINCLUSION_SERVICES})),
    st.binary(max_size=200).map(lambda tail: b"PK\x03\x04" + tail),
)


@FUZZ
@given(content=archives)
def test_the_zip_reader_never_crashes(content):
    check([NamedFile("annuaire.zip", content)])


def _sheet_part(archive: bytes) -> bytes:
    return zipfile.ZipFile(io.BytesIO(archive)).read(files.SHEET)


cell_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.dates(),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=30),
)


def _workbook(rows: list[list[object]]) -> bytes:
    """A real workbook, written by openpyxl, with the template's header and random cells."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(files.HEADER.strip().split(";"))
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


workbooks = st.one_of(
    mutated(TEMPLATE_XLSX, max_mutations=2),
    mutated(_sheet_part(TEMPLATE_XLSX)).map(lambda sheet: files.xlsx_with({files.SHEET: sheet})),
    st.lists(st.lists(cell_values, max_size=12), max_size=4).map(_workbook),
)


@FUZZ
@given(content=workbooks)
def test_the_xlsx_reader_never_crashes(content):
    check([NamedFile("annuaire.xlsx", content)])
