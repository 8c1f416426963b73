"""The print supports: one campaign, one territory, one format, as a print-ready PDF (WeasyPrint).

For the print shop: the trim size of each format plus a 3 mm bleed on every side (CSS @page `bleed`, which makes
the MediaBox and the BleedBox), the TrimBox at the format's own size, crop marks (`marks: crop`), fonts embedded
(DejaVu, installed with fonts-dejavu-core: WeasyPrint subsets and embeds them), colours written as DeviceCMYK
(`device-cmyk()`, the QR code's black included), the QR code as vectors.

The output intent: WeasyPrint writes one from an ICC profile given by `@color-profile device-cmyk`. With a CMYK
profile on the system (CMYK_PROFILES: Ghostscript's, from Debian's libgs-common), the print PDF is WeasyPrint's
PDF/X-4 variant with that profile as its output intent, so that the print shop's RIP reads the DeviceCMYK colours
against a known printing condition. Without one (no CMYK profile ships with WeasyPrint), the PDF carries the sRGB
output intent WeasyPrint embeds, and no PDF/X claim. The sponsors' logos stay RGB images (WeasyPrint writes them
as DeviceRGB): the print shop converts them.

The accessible version is the same content as a tagged PDF (WeasyPrint's PDF/UA-1 variant), without bleed or marks.
"""

from __future__ import annotations

import base64
import functools
import io
import logging
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.template.loader import render_to_string

from allervers.campaigns.enums import SupportKind
from allervers.campaigns.models import Campaign
from allervers.campaigns.territory import Territory, helplines
from allervers.taxonomy.emergency import EMERGENCY_NUMBERS

# WeasyPrint narrates each rendering step at INFO: not for a print command's output nor the server's log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

BLEED_MM = 3
# Error correction Q (25 % of the code may be lost): a support gets folded, creased, stained, printed on kraft.
QR_ERROR = "q"
QR_BORDER = 4  # the quiet zone the QR standard asks for, in modules
# CMYK ICC profiles looked for, in order: Ghostscript's default CMYK (SWOP-like), Debian package libgs-common.
CMYK_PROFILES = [Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")]


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
    return svg.replace('stroke="#000"', 'stroke="device-cmyk(0 0 0 1)"').replace(
        'fill="#fff"', 'fill="device-cmyk(0 0 0 0)"'
    )


@functools.cache
def cmyk_profile() -> bytes | None:
    """The first CMYK ICC profile found on the system (CMYK_PROFILES), read once; None if there is none."""
    from PIL import ImageCms

    for path in CMYK_PROFILES:
        if path.is_file():
            data = path.read_bytes()
            ImageCms.ImageCmsProfile(io.BytesIO(data))  # a readable profile, or OSError
            if data[16:20] == b"CMYK":  # the ICC header's colour space
                return data
    return None


@functools.cache
def _srgb_profile() -> bytes:
    """The sRGB profile WeasyPrint ships (its `output_intent="srgb"` option leaves that file open: read here)."""
    from importlib.resources import files

    return (files("weasyprint.pdf") / "sRGB2014.icc").read_bytes()


def _data_url(profile: bytes) -> str:
    return "data:application/vnd.iccprofile;base64," + base64.b64encode(profile).decode()


def support_context(campaign: Campaign, place: Territory, kind: str) -> dict[str, Any]:
    fmt = FORMATS[kind]
    url = scan_url(campaign, place, kind)
    # A support thanks the partners near where it is handed out: those of its commune's intercommunality.
    near = place.commune.epci_id
    sponsors = list(
        campaign.sponsors.filter(commune__epci_id=near) if near else campaign.sponsors.filter(commune=place.commune)
    )
    logos = [
        {"name": sponsor.name, "src": "data:image/png;base64," + base64.b64encode(logo).decode()}
        for sponsor in sponsors
        if (logo := sponsor.printable_logo)
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
        "edge_mm": fmt.edge_mm,
    }


def render_support(campaign: Campaign, place: Territory, kind: str, *, accessible: bool = False) -> bytes:
    """The PDF: for the printer (bleed, crop marks, CMYK colours, an output intent), or tagged for screen readers
    (PDF/UA-1)."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    context = support_context(campaign, place, kind) | {"accessible": accessible}
    cmyk = None if accessible else cmyk_profile()
    if cmyk is not None:
        context["output_intent"] = {"name": "device-cmyk", "src": _data_url(cmyk), "components": "c, m, y, k"}
    elif not accessible:
        context["output_intent"] = {"name": "--srgb", "src": _data_url(_srgb_profile()), "components": "r, g, b"}
    html = render_to_string("campaigns/supports/support.html", context)
    # Only the document's own data: URLs (the logos, the ICC profile): a support never fetches anything else.
    fetcher = URLFetcher(allowed_protocols=["data"])
    document = HTML(string=html, base_url="https://allervers.invalid/", url_fetcher=fetcher)
    if accessible:
        return bytes(document.write_pdf(pdf_variant="pdf/ua-1"))
    if cmyk is None:
        return bytes(document.write_pdf(output_intent="--srgb"))
    return bytes(document.write_pdf(pdf_variant="pdf/x-4"))


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
