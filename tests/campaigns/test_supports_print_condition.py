"""The print supports as a French print shop takes them: FOGRA39 output intent, logos in CMYK, registration marks.

These need the FOGRA39 profile that `make pdf-deps` (and so `make test`) builds with colprof into var/icc.
"""

import io
import re
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image, ImageCms, ImageDraw
from pypdf import PdfReader

from allervers.campaigns import supports
from allervers.campaigns.logos import cmyk_jpeg
from allervers.campaigns.models import Sponsor
from allervers.campaigns.supports import FOGRA39_FILE, GHOSTSCRIPT_CMYK, render_support
from allervers.campaigns.territory import commune_territory
from tests.factories import commune

pytestmark = pytest.mark.django_db

MM = 72 / 25.4
GREEN, YELLOW = (0, 150, 70), (255, 210, 0)


@pytest.fixture
def oyonnax():
    return commune_territory("01283")


@pytest.fixture
def fogra39() -> bytes:
    path = Path(settings.VAR_DIR) / FOGRA39_FILE
    assert path.is_file(), f"{path} is missing: `make pdf-deps` builds it (colprof, from icc-profiles-free's data)"
    return path.read_bytes()


@pytest.fixture
def logo_png() -> bytes:
    """A sponsor's logo as `reencode` keeps it: RGBA PNG, a green third, a yellow third, a transparent third."""
    picture = Image.new("RGBA", (600, 200), (0, 0, 0, 0))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((0, 0, 199, 199), fill=GREEN + (255,))
    draw.rectangle((200, 0, 399, 199), fill=YELLOW + (255,))
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def sponsor(campaign, logo_png):
    return Sponsor.objects.create(
        campaign=campaign,
        name="Quincaillerie fictive",
        kind="commerce",
        commune=commune("01283"),
        logo_png=logo_png,
        logo_permission=True,
    )


def _raster(pdf: bytes, dpi: int) -> Image.Image:
    """The page as poppler's pdftoppm renders it (the whole sheet, its MediaBox)."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "support.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-png", "-r", str(dpi), "-singlefile", str(source), str(Path(folder) / "page")],
            check=True,
            timeout=120,
        )
        with Image.open(Path(folder) / "page.png") as image:
            return image.convert("RGB")


def _images(reader: PdfReader) -> list:
    xobjects = reader.pages[0]["/Resources"].get("/XObject", {})
    return [image for x in xobjects.values() if (image := x.get_object()).get("/Subtype") == "/Image"]


def _colour_operators(reader: PdfReader) -> str:
    streams = [reader.pages[0].get_contents().get_data()]
    forms = [form.get_object() for form in reader.pages[0]["/Resources"].get("/XObject", {}).values()]
    streams += [form.get_data() for form in forms if form.get("/Subtype") == "/Form"]
    return b"\n".join(streams).decode("latin-1")


def test_the_output_intent_is_fogra39_with_its_embedded_profile(campaign, helplines, oyonnax, fogra39):
    reader = PdfReader(io.BytesIO(render_support(campaign, oyonnax, "flyer-a5")))
    intents = reader.trailer["/Root"]["/OutputIntents"]
    assert len(intents) == 1
    intent = intents[0].get_object()
    assert intent["/S"] == "/GTS_PDFX"
    assert intent["/OutputConditionIdentifier"] == "FOGRA39"
    assert intent["/RegistryName"] == "http://www.color.org"
    assert intent["/OutputCondition"] == "Offset, papier couché, ISO 12647-2:2004 (FOGRA39)"
    assert intent["/Info"] == intent["/OutputCondition"]
    profile = intent["/DestOutputProfile"].get_object()
    assert profile["/N"] == 4
    assert profile.get_data() == fogra39
    embedded = ImageCms.ImageCmsProfile(io.BytesIO(profile.get_data()))
    assert embedded.profile.xcolor_space.strip() == "CMYK" and embedded.profile.device_class == "prtr"
    assert "FOGRA39" in ImageCms.getProfileDescription(embedded)
    metadata = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert "PDF/X-4" in metadata


def test_without_fogra39_the_ghostscript_profile_is_a_custom_condition(campaign, helplines, oyonnax, monkeypatch):
    if not GHOSTSCRIPT_CMYK.path.is_file():
        pytest.skip("no Ghostscript CMYK profile (libgs-common)")
    monkeypatch.setattr(supports, "print_conditions", lambda: [GHOSTSCRIPT_CMYK])
    supports.print_condition.cache_clear()
    try:
        pdf = render_support(campaign, oyonnax, "carte")
    finally:
        supports.print_condition.cache_clear()
    intent = PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/OutputIntents"][0].get_object()
    assert intent["/OutputConditionIdentifier"] == "Custom"
    assert "SWOP" in intent["/Info"] and "/RegistryName" not in intent
    assert intent["/DestOutputProfile"].get_object().get_data() == GHOSTSCRIPT_CMYK.path.read_bytes()


def test_a_logo_is_printed_as_a_cmyk_image_in_its_own_colours(campaign, helplines, oyonnax, sponsor, fogra39):
    pdf = render_support(campaign, oyonnax, "affiche-a4")
    reader = PdfReader(io.BytesIO(pdf))
    (image,) = _images(reader)
    assert image["/ColorSpace"] == "/DeviceCMYK" and image["/Filter"] == "/DCTDecode"
    assert (image["/Width"], image["/Height"]) == (600, 200)  # the logo's own pixels, not resampled
    assert "/SMask" not in image  # flattened on the paper
    # The inks, read back from the embedded JPEG (Pillow undoes the Adobe inversion, as the Decode array does):
    # green is cyan and yellow, yellow is yellow, the transparent part takes no ink.
    with Image.open(io.BytesIO(image.get_data())) as inks:
        assert inks.mode == "CMYK"
        cyan, magenta, yellow, black = inks.getpixel((100, 100))
        assert cyan > 180 and yellow > 180 and magenta < 60
        cyan, magenta, yellow, black = inks.getpixel((300, 100))
        assert yellow > 200 and cyan < 40 and black < 40
        assert max(inks.getpixel((500, 100))) <= 3

    # As a RIP would show it: each colour close to the logo's, over the logo's area (12 mm high, a third as wide).
    dpi = 100
    page = _raster(pdf, dpi)
    bottom = page.crop((0, page.height * 3 // 4, page.width, page.height))
    pixels = list(bottom.get_flattened_data())
    side = 12 / 25.4 * dpi
    for colour in (GREEN, YELLOW):
        close = [p for p in pixels if max(abs(a - b) for a, b in zip(p, colour, strict=True)) <= 45]
        assert len(close) >= 0.8 * side * side, colour


def test_the_accessible_version_and_the_web_keep_the_rgb_logo(campaign, helplines, oyonnax, sponsor, logo_png):
    reader = PdfReader(io.BytesIO(render_support(campaign, oyonnax, "affiche-a4", accessible=True)))
    (image,) = _images(reader)
    assert image["/ColorSpace"] == "/DeviceRGB" and "/SMask" in image
    sponsor.refresh_from_db()
    assert bytes(sponsor.logo_png) == logo_png


def test_a_cmyk_jpeg_logo_reads_back_in_its_inks(fogra39, logo_png):
    data = cmyk_jpeg(logo_png, fogra39)
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG" and image.mode == "CMYK" and image.size == (600, 200)
        assert "APP14" in image.app  # Adobe's marker: what tells WeasyPrint the inks are stored inverted
        rgb = ImageCms.profileToProfile(
            image, ImageCms.ImageCmsProfile(io.BytesIO(fogra39)), ImageCms.createProfile("sRGB"), outputMode="RGB"
        )
    assert max(abs(a - b) for a, b in zip(rgb.getpixel((100, 100)), GREEN, strict=True)) <= 45
    assert min(rgb.getpixel((500, 100))) >= 250  # the transparent part is the paper


def test_the_crop_marks_are_in_registration_colour_outside_the_bleed(campaign, helplines, oyonnax, fogra39):
    pdf = render_support(campaign, oyonnax, "carte")
    reader = PdfReader(io.BytesIO(pdf))
    page = reader.pages[0]
    trim, bleed, media = page.trimbox, page.bleedbox, page.mediabox
    assert float(trim.left) - float(bleed.left) == pytest.approx(3 * MM, abs=0.05)
    assert float(bleed.top) - float(trim.top) == pytest.approx(3 * MM, abs=0.05)
    assert float(trim.left) - float(media.left) == pytest.approx(8 * MM, abs=0.05)
    operators = _colour_operators(reader)
    assert re.search(r"\b1 1 1 1 SCN\b", operators)  # all four inks
    assert not re.findall(r"[\d. ]+ (?:rg|RG)(?![A-Za-z])", operators)  # no RGB colour at all

    dpi = 600
    image = _raster(pdf, dpi).convert("L")

    def at(x_mm: float, y_mm: float) -> int:
        return image.getpixel((round(x_mm / 25.4 * dpi), round(y_mm / 25.4 * dpi)))

    def darkest_across(x_from: float, x_to: float, y_mm: float) -> float:
        """Where along a row the darkest pixel is, in millimetres from the sheet's left edge."""
        row = round(y_mm / 25.4 * dpi)
        xs = range(round(x_from / 25.4 * dpi), round(x_to / 25.4 * dpi))
        darkest = min(xs, key=lambda x: image.getpixel((x, row)))
        assert image.getpixel((darkest, row)) < 100
        return darkest / dpi * 25.4

    width, height = 85 + 16, 55 + 16
    # Each vertical mark on the line of a trim edge (8 mm from the sheet's edge), top and bottom, left and right:
    # the top ones included, where the title's band runs into the bleed.
    for y in (2.5, height - 2.5):
        assert darkest_across(4, 12, y) == pytest.approx(8, abs=0.2)
        assert darkest_across(width - 12, width - 4, y) == pytest.approx(width - 8, abs=0.2)
    # The marks stop at the bleed's edge: on the trim line, within the bleed at the bottom, the paper is bare.
    assert at(8, height - 8 + 1.5) > 240 and at(width - 8, height - 8 + 1.5) > 240
