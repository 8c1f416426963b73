"""Print supports for Oyonnax: each format at its size plus bleed, its boxes, its fonts, its QR code, its numbers."""

import io
import re

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from allervers.campaigns import supports
from allervers.campaigns.models import Sponsor
from allervers.campaigns.supports import FORMATS, cmyk_profile, preview_png, qr_png, qr_svg, render_support, scan_url
from allervers.campaigns.territory import commune_territory
from allervers.campaigns.territory import helplines as theme_lines
from tests.factories import commune

pytestmark = pytest.mark.django_db

MM = 72 / 25.4


def _fonts(reader: PdfReader):
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                yield descendant.get_object()


@pytest.fixture
def oyonnax():
    return commune_territory("01283")


@pytest.mark.parametrize("kind", list(FORMATS))
def test_each_support_is_print_ready(kind, campaign, helplines, oyonnax, settings):
    settings.ALLERVERS_BASE_URL = "https://aller-vers.example.fr"
    fmt = FORMATS[kind]
    pdf = render_support(campaign, oyonnax, kind)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    trim, bleed, media = page.trimbox, page.bleedbox, page.mediabox
    assert trim.width == pytest.approx(fmt.width_mm * MM, abs=0.1)
    assert trim.height == pytest.approx(fmt.height_mm * MM, abs=0.1)
    # 3 mm of bleed on every side: the sheet is 6 mm wider and taller than the trimmed support.
    assert bleed.width == pytest.approx((fmt.width_mm + 6) * MM, abs=0.1)
    assert bleed.height == pytest.approx((fmt.height_mm + 6) * MM, abs=0.1)
    assert float(trim.left) - float(bleed.left) == pytest.approx(3 * MM, abs=0.1)
    assert media.width >= bleed.width and media.height >= bleed.height
    assert "/ArtBox" not in page  # PDF/X: a TrimBox or an ArtBox, not both
    fonts = list(_fonts(reader))
    assert fonts
    for font in fonts:
        descriptor = font["/FontDescriptor"].get_object()
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font["/BaseFont"]

    text = page.extract_text()
    for number in ("17", "112", "114"):
        assert number in text
    expected = theme_lines(campaign.theme)[: fmt.lines]
    assert expected
    for line in expected:
        assert line.display in text
    # Lines of other themes are not printed: the theme's numbers only, all of them from the directory.
    assert "3018" not in text and "116 006" not in text

    # The QR code, read back by a real decoder from the printed page's raster, leads to Oyonnax's help page.
    image = Image.open(io.BytesIO(preview_png(pdf, dpi=200)))
    decoded = [barcode.text for barcode in zxingcpp.read_barcodes(image)]
    assert decoded == [f"https://aller-vers.example.fr/aide/01283/?c=vif-test&s={kind}"]
    assert "aller-vers.example.fr/aide/01283/" in text.replace("\n", "")


def test_the_accessible_version_is_a_tagged_pdf_without_bleed(campaign, helplines, oyonnax):
    reader = PdfReader(io.BytesIO(render_support(campaign, oyonnax, "flyer-a5", accessible=True)))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "fr"
    assert reader.pages[0].mediabox.width == pytest.approx(148 * MM, abs=0.1)


def test_the_placemat_and_the_flyer_print_the_easy_to_read_message(campaign, helplines, oyonnax):
    for kind, easy in (("set-de-table", True), ("flyer-a5", True), ("affiche-a4", False)):
        text = PdfReader(io.BytesIO(render_support(campaign, oyonnax, kind))).pages[0].extract_text()
        assert ("C'est gratuit" in text) is easy, kind


def test_a_sponsors_logo_is_printed_only_with_permission(campaign, helplines, oyonnax):
    picture = io.BytesIO()
    Image.new("RGB", (400, 200), "orange").save(picture, format="PNG")
    sponsor = Sponsor.objects.create(
        campaign=campaign,
        name="Boulangerie fictive",
        kind="boulangerie",
        commune=commune("01283"),
        logo_png=picture.getvalue(),
        logo_permission=False,
    )
    without = PdfReader(io.BytesIO(render_support(campaign, oyonnax, "affiche-a4"))).pages[0]
    assert not list(without.images)
    sponsor.logo_permission = True
    sponsor.save()
    page = PdfReader(io.BytesIO(render_support(campaign, oyonnax, "affiche-a4"))).pages[0]
    assert len(page.images) == 1
    assert "Boulangerie fictive" in page.extract_text()


def test_a_support_thanks_the_partners_of_its_intercommunality_only(campaign, helplines, oyonnax):
    for name, code in (("Tabac fictif d'Oyonnax", "01283"), ("Épicerie fictive de Belley", "01034")):
        Sponsor.objects.create(campaign=campaign, name=name, kind="tabac", commune=commune(code))
    text = PdfReader(io.BytesIO(render_support(campaign, oyonnax, "flyer-a5"))).pages[0].extract_text()
    assert "Tabac fictif d'Oyonnax" in text and "Belley" not in text


def test_the_qr_code_alone_decodes_as_png_and_is_vector_as_svg(campaign, oyonnax):
    url = scan_url(campaign, oyonnax, "carte")
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr_png(url))))
    assert [barcode.text for barcode in decoded] == [url]
    assert decoded[0].ec_level == "Q"
    svg = qr_svg(url).decode()
    assert svg.startswith("<?xml") and "<path" in svg and "<image" not in svg


def _output_intent(pdf: bytes):
    reader = PdfReader(io.BytesIO(pdf))
    intents = reader.trailer["/Root"].get("/OutputIntents")
    return reader, intents[0].get_object() if intents else None


def _xmp(reader: PdfReader) -> str:
    """The document's XMP metadata, where a PDF/X or PDF/UA variant states its conformance."""
    metadata = reader.trailer["/Root"].get("/Metadata")
    return metadata.get_object().get_data().decode() if metadata else ""


def _rgb_colours(reader: PdfReader) -> set[str]:
    """The RGB colours set on the page and in the forms it draws (the layout's boxes, the QR code's SVG)."""
    streams = [reader.pages[0].get_contents().get_data()]
    forms = [form.get_object() for form in reader.pages[0]["/Resources"].get("/XObject", {}).values()]
    streams += [form.get_data() for form in forms if form.get("/Subtype") == "/Form"]
    text = b"\n".join(streams).decode("latin-1")
    return set(re.findall(r"[\d. ]+ (?:rg|RG)(?![A-Za-z])", text))


@pytest.mark.skipif(cmyk_profile() is None, reason="no CMYK ICC profile on this system (libgs-common)")
def test_the_print_pdf_is_pdf_x4_with_a_cmyk_output_intent(campaign, helplines, oyonnax):
    reader, intent = _output_intent(render_support(campaign, oyonnax, "affiche-a4"))
    assert intent is not None and intent["/S"] == "/GTS_PDFX"
    profile = intent["/DestOutputProfile"].get_object()
    assert profile["/N"] == 4  # four inks: cyan, magenta, yellow, black
    assert profile.get_data()[16:20] == b"CMYK"
    assert "PDF/X-4" in _xmp(reader)
    # Colours as inks (DeviceCMYK, read through the output intent), the QR code's black and the crop marks included.
    assert not _rgb_colours(reader)


def test_without_a_cmyk_profile_the_print_pdf_carries_the_srgb_output_intent(campaign, helplines, oyonnax, monkeypatch):
    monkeypatch.setattr(supports, "print_conditions", lambda: [])
    supports.print_condition.cache_clear()
    try:
        reader, intent = _output_intent(render_support(campaign, oyonnax, "carte"))
    finally:
        supports.print_condition.cache_clear()
    assert intent is not None and intent["/DestOutputProfile"].get_object()["/N"] == 3
    assert "PDF/X" not in _xmp(reader)
    page = reader.pages[0]
    assert page.trimbox.width == pytest.approx(85 * MM, abs=0.1)
    assert page.bleedbox.width == pytest.approx((85 + 6) * MM, abs=0.1)
    # Without a CMYK profile the logos stay RGB: nothing to convert them to.


def test_the_accessible_version_stays_pdf_ua_without_print_intent(campaign, helplines, oyonnax):
    reader, intent = _output_intent(render_support(campaign, oyonnax, "carte", accessible=True))
    assert intent is None
    assert "pdfuaid" in _xmp(reader)
