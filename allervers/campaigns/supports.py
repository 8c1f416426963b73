"""The print supports: one campaign, one territory, one format, as a print-ready PDF (WeasyPrint).

For the print shop: the trim size of each format (the TrimBox), a 3 mm bleed on every side (the BleedBox, which the
title's band runs into), and beyond it a 5 mm slug where crop marks are drawn on the lines of the trim edges, from
the bleed's edge outwards, 0.25 pt, in registration colour (all four inks, `device-cmyk(1 1 1 1)`); the sheet
(the MediaBox) is the trim plus 8 mm. The marks are our own inline SVG, not WeasyPrint's `marks: crop`: those are
drawn in RGB black, inside the bleed (the top ones under the title's band). CSS `bleed` makes the sheet; WeasyPrint
would then put the BleedBox 10 pt beyond the trim, so the finisher sets it to the bleed. Fonts are embedded (DejaVu,
installed with fonts-dejavu-core: WeasyPrint subsets and embeds them); colours are DeviceCMYK (`device-cmyk()`, the
QR code's black and the marks included: no RGB colour on the page); the QR code is vectors.

The printing condition (PrintCondition, print_conditions): FOGRA39 (offset, coated paper, ISO 12647-2:2004), what
French print shops expect, from the ICC profile that `make pdf-deps` builds once with ArgyllCMS's colprof from the
FOGRA39L characterization data of Debian's icc-profiles-free, into VAR_DIR/icc/FOGRA39L.icc (SOURCES.md); failing
that, Ghostscript's default CMYK profile (libgs-common, SWOP-like), named as a "Custom" condition. With either, the
print PDF is WeasyPrint's PDF/X-4 variant with that profile (given by `@color-profile device-cmyk`) as its output
intent, whose identifier, registry and description the finisher writes (OutputConditionIdentifier "FOGRA39",
RegistryName http://www.color.org, OutputCondition and Info in words), so that the RIP reads the DeviceCMYK colours
against the right condition. The sponsors' logos (sRGB PNG) are converted to that profile's CMYK (logos.cmyk_jpeg:
flattened on white, relative colorimetric with black point compensation) and written as DeviceCMYK JPEG images at
their own resolution. Without any CMYK profile, the PDF carries the sRGB output intent WeasyPrint embeds, no PDF/X
claim, and RGB logos. Not done: a Separation "All" colour space for the marks (WeasyPrint writes none), nor
pure-K rendering of a logo's blacks (they become the profile's rich black).

The accessible version is the same content as a tagged PDF (WeasyPrint's PDF/UA-1 variant), without bleed or marks,
with the logos in RGB as uploaded.
"""

from __future__ import annotations

import base64
import functools
import io
import logging
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.template.loader import render_to_string

from allervers.campaigns.enums import SupportKind
from allervers.campaigns.logos import cmyk_jpeg
from allervers.campaigns.models import Campaign
from allervers.campaigns.territory import Territory, helplines
from allervers.taxonomy.emergency import EMERGENCY_NUMBERS

# WeasyPrint narrates each rendering step at INFO: not for a print command's output nor the server's log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

BLEED_MM = 3
# The crop marks: from the bleed's edge (a slightly off cut leaves them off the support) outwards, this long. The
# sheet (the MediaBox) runs that far beyond the bleed, so that they are outside the BleedBox.
MARK_MM = 5
SHEET_MM = BLEED_MM + MARK_MM  # from the trim to the sheet's edge
MARK_STROKE_MM = 0.25 * 25.4 / 72  # a 0.25 pt hairline
# Registration colour: every ink, so that the marks print on each plate and show their register.
REGISTRATION = "device-cmyk(1 1 1 1)"
# Error correction Q (25 % of the code may be lost): a support gets folded, creased, stained, printed on kraft.
QR_ERROR = "q"
QR_BORDER = 4  # the quiet zone the QR standard asks for, in modules


@dataclass(frozen=True)
class PrintCondition:
    """A CMYK printing condition: the ICC profile of the print PDF's output intent, and the intent's words for it
    (ISO 15930: a registered condition by its identifier and registry, otherwise "Custom")."""

    path: Path
    identifier: str  # OutputConditionIdentifier
    condition: str  # OutputCondition and Info, in words
    registry: str = ""  # RegistryName, where `identifier` is registered


# FOGRA39 (offset, coated paper), the condition French print shops expect: the profile colprof builds at install
# (`make pdf-deps`, Makefile) from Debian's FOGRA39L data, into VAR_DIR/icc (SOURCES.md).
FOGRA39_FILE = Path("icc") / "FOGRA39L.icc"
FOGRA39 = "Offset, papier couché, ISO 12647-2:2004 (FOGRA39)"
# The fallback, Ghostscript's default CMYK (Debian package libgs-common): an American SWOP-like condition.
GHOSTSCRIPT_CMYK = PrintCondition(
    Path("/usr/share/color/icc/ghostscript/default_cmyk.icc"),
    "Custom",
    "Artifex CMYK SWOP Profile (Ghostscript) : offset de type SWOP, profil de repli faute de FOGRA39",
)


def print_conditions() -> list[PrintCondition]:
    """The conditions looked for, in order: FOGRA39, then Ghostscript's."""
    fogra39 = PrintCondition(Path(settings.VAR_DIR) / FOGRA39_FILE, "FOGRA39", FOGRA39, "http://www.color.org")
    return [fogra39, GHOSTSCRIPT_CMYK]


@dataclass(frozen=True)
class Format:
    kind: str
    width_mm: float
    height_mm: float
    font_pt: float  # the base size the layout scales from
    qr_mm: float
    layout: str  # "column" (narrow, top to bottom), "page", "wide" (two columns), "card"
    easy: bool = False  # prints the « facile à lire » message
    lines: int = 6  # how many helplines it has room for
    pad_mm: float = 10  # the margin inside the trim

    @property
    def edge_mm(self) -> float:
        """From the bleed's edge to the text: what a band that runs into the bleed pads its text with."""
        return self.pad_mm + BLEED_MM


FORMATS: dict[str, Format] = {
    SupportKind.FOURREAU: Format(SupportKind.FOURREAU, 90, 560, 14, 60, "column", lines=6, pad_mm=8),
    SupportKind.SACHET: Format(SupportKind.SACHET, 180, 260, 12, 45, "page", lines=5),
    SupportKind.SET_DE_TABLE: Format(SupportKind.SET_DE_TABLE, 420, 297, 17, 70, "wide", easy=True, lines=6, pad_mm=15),
    SupportKind.AFFICHE_A4: Format(SupportKind.AFFICHE_A4, 210, 297, 14, 55, "page", lines=6, pad_mm=12),
    SupportKind.AFFICHE_A3: Format(SupportKind.AFFICHE_A3, 297, 420, 20, 80, "page", lines=6, pad_mm=17),
    SupportKind.FLYER_A5: Format(SupportKind.FLYER_A5, 148, 210, 10, 40, "page", easy=True, lines=5, pad_mm=9),
    SupportKind.CARTE: Format(SupportKind.CARTE, 85, 55, 5.8, 22, "card", lines=2, pad_mm=4),
}


def scan_url(campaign: Campaign, place: Territory, kind: str) -> str:
    """What the QR code holds: the help page's address and the codes counted on arrival (then dropped)."""
    return f"{place.url}?{urlencode({'c': campaign.slug, 's': kind})}"


def qr_code(url: str) -> segno.QRCode:
    return segno.make(url, error=QR_ERROR, micro=False, boost_error=False)


def qr_svg(url: str) -> bytes:
    out = io.BytesIO()
    qr_code(url).save(out, kind="svg", scale=10, border=QR_BORDER, xmldecl=True, title="Code QR : " + url)
    return out.getvalue()


def qr_png(url: str, scale: int = 12) -> bytes:
    out = io.BytesIO()
    qr_code(url).save(out, kind="png", scale=scale, border=QR_BORDER)
    return out.getvalue()


def _qr_inline(url: str) -> str:
    """The code as inline SVG for the PDF: vector paths, sized by CSS in millimetres, black ink only (K 100 %)."""
    svg = str(qr_code(url).svg_inline(scale=1, border=QR_BORDER, omitsize=True, dark="#000", light="#fff"))
    # The modules' path is stroked only: fill="none", or WeasyPrint would set SVG's default fill, RGB black.
    return svg.replace('stroke="#000"', 'fill="none" stroke="device-cmyk(0 0 0 1)"').replace(
        'fill="#fff"', 'fill="device-cmyk(0 0 0 0)"'
    )


@functools.cache
def print_condition() -> tuple[PrintCondition, bytes] | None:
    """The first printing condition whose CMYK ICC profile is on the system, with the profile, read once; None if
    there is none."""
    from PIL import ImageCms

    for condition in print_conditions():
        if condition.path.is_file():
            data = condition.path.read_bytes()
            ImageCms.ImageCmsProfile(io.BytesIO(data))  # a readable profile, or OSError
            if data[16:20] == b"CMYK":  # the ICC header's colour space
                return condition, data
    return None


def cmyk_profile() -> bytes | None:
    """The CMYK ICC profile the print PDF is made for (`print_condition`), None if there is none."""
    found = print_condition()
    return found[1] if found else None


def _crop_marks(fmt: Format) -> str:
    """The eight crop marks as inline SVG covering the sheet (millimetres), in registration colour: each on the
    line of a trim edge, from the bleed's edge to the sheet's."""
    s, b, w, h = SHEET_MM, BLEED_MM, fmt.width_mm, fmt.height_mm
    right, bottom, end = s + w, s + h, s - b
    lines = [
        f"M0 {s}H{end}",  # top left
        f"M{s} 0V{end}",
        f"M{right + b} {s}H{right + s}",  # top right
        f"M{right} 0V{end}",
        f"M0 {bottom}H{end}",  # bottom left
        f"M{s} {bottom + b}V{bottom + s}",
        f"M{right + b} {bottom}H{right + s}",  # bottom right
        f"M{right} {bottom + b}V{bottom + s}",
    ]
    return (
        f'<svg class="crop-marks" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w + 2 * s} {h + 2 * s}">'
        f'<path d="{" ".join(lines)}" fill="none" stroke="{REGISTRATION}" stroke-width="{MARK_STROKE_MM:.4f}"/>'
        "</svg>"
    )


def _print_finisher(condition: PrintCondition | None) -> Callable[[Any, Any], None]:
    """What WeasyPrint's `write_pdf` runs on the PDF it made, before writing it (its `finisher`): the output intent
    names the printing condition, if any (WeasyPrint writes the @color-profile's name, "device-cmyk", as its
    identifier), and each page's BleedBox is the bleed itself (WeasyPrint puts it 10 pt beyond the TrimBox when the
    sheet is larger, as it is here for the crop marks), and the page has no ArtBox beside its TrimBox."""
    import pydyf

    bleed = BLEED_MM * 72 / 25.4

    def finish(document: Any, pdf: Any) -> None:
        if condition is not None:
            for intent in pdf.catalog.get("OutputIntents", []):
                _name_intent(intent, condition)
        for page in pdf.objects:
            if isinstance(page, pydyf.Dictionary) and page.get("Type") == "/Page" and "TrimBox" in page:
                left, top, right, bottom = page["TrimBox"]
                page["BleedBox"] = pydyf.Array([left - bleed, top - bleed, right + bleed, bottom + bleed])
                # PDF/X: a TrimBox or an ArtBox, not both, and neither beyond the BleedBox; WeasyPrint writes an
                # ArtBox as large as the sheet.
                page.pop("ArtBox", None)

    return finish


def _name_intent(intent: Any, condition: PrintCondition) -> None:
    import pydyf

    intent["OutputConditionIdentifier"] = pydyf.String(condition.identifier)
    intent["OutputCondition"] = pydyf.String(condition.condition)
    intent["Info"] = pydyf.String(condition.condition)
    if condition.registry:
        intent["RegistryName"] = pydyf.String(condition.registry)


@functools.cache
def _srgb_profile() -> bytes:
    """The sRGB profile WeasyPrint ships (its `output_intent="srgb"` option leaves that file open: read here)."""
    from importlib.resources import files

    return (files("weasyprint.pdf") / "sRGB2014.icc").read_bytes()


def _data_url(profile: bytes) -> str:
    return "data:application/vnd.iccprofile;base64," + base64.b64encode(profile).decode()


def support_context(campaign: Campaign, place: Territory, kind: str, *, cmyk: bytes | None = None) -> dict[str, Any]:
    """The template's context; with `cmyk` (an ICC profile), the logos in that profile's inks (print version)."""
    fmt = FORMATS[kind]
    url = scan_url(campaign, place, kind)
    # A support thanks the partners near where it is handed out: those of its commune's intercommunality.
    near = place.commune.epci_id
    sponsors = list(
        campaign.sponsors.filter(commune__epci_id=near) if near else campaign.sponsors.filter(commune=place.commune)
    )
    logos = [
        {"name": sponsor.name, "src": _logo_src(logo, cmyk)} for sponsor in sponsors if (logo := sponsor.printable_logo)
    ]
    return {
        "campaign": campaign,
        "territory": place,
        "format": fmt,
        "kind_label": SupportKind(kind).label,
        "message": campaign.easy_message if fmt.easy and campaign.easy_message else campaign.message,
        "emergency_numbers": EMERGENCY_NUMBERS[:3],
        "helplines": helplines(campaign.theme)[: fmt.lines],
        "help_url": place.url,
        "help_display": place.url.split("://", 1)[-1],
        "qr_svg": _qr_inline(url),
        "sponsors": sponsors,
        "logos": logos,
        "operator": settings.ALLERVERS_OPERATOR,
        "bleed_mm": BLEED_MM,
        "sheet_mm": SHEET_MM,
        "edge_mm": fmt.edge_mm,
    }


def _logo_src(png: bytes, cmyk: bytes | None) -> str:
    if cmyk is None:
        return "data:image/png;base64," + base64.b64encode(png).decode()
    return "data:image/jpeg;base64," + base64.b64encode(cmyk_jpeg(png, cmyk)).decode()


def render_support(campaign: Campaign, place: Territory, kind: str, *, accessible: bool = False) -> bytes:
    """The PDF: for the printer (bleed, crop marks, CMYK colours and logos, an output intent), or tagged for screen
    readers (PDF/UA-1)."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    found = None if accessible else print_condition()
    context = support_context(campaign, place, kind, cmyk=found[1] if found else None) | {"accessible": accessible}
    if found is not None:
        context["output_intent"] = {"name": "device-cmyk", "src": _data_url(found[1]), "components": "c, m, y, k"}
    elif not accessible:
        context["output_intent"] = {"name": "--srgb", "src": _data_url(_srgb_profile()), "components": "r, g, b"}
    if not accessible:
        context["crop_marks"] = _crop_marks(FORMATS[kind])
    html = render_to_string("campaigns/supports/support.html", context)
    # Only the document's own data: URLs (the logos, the ICC profile): a support never fetches anything else.
    fetcher = URLFetcher(allowed_protocols=["data"])
    document = HTML(string=html, base_url="https://allervers.invalid/", url_fetcher=fetcher)
    if accessible:
        return bytes(document.write_pdf(pdf_variant="pdf/ua-1"))
    if found is None:
        return bytes(document.write_pdf(output_intent="--srgb", finisher=_print_finisher(None)))
    return bytes(document.write_pdf(pdf_variant="pdf/x-4", finisher=_print_finisher(found[0])))


def preview_png(pdf: bytes, dpi: int = 60) -> bytes:
    """The first page as a PNG (poppler's pdftoppm, installed by `make pdf-deps`)."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "support.pdf"
        source.write_bytes(pdf)
        subprocess.run(  # noqa: S603
            ["pdftoppm", "-png", "-r", str(dpi), "-singlefile", str(source), str(Path(folder) / "apercu")],  # noqa: S607
            check=True,
            capture_output=True,
            timeout=60,
        )
        return (Path(folder) / "apercu.png").read_bytes()
