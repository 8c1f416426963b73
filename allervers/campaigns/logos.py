"""Sponsors' logos: checked (type, weight, dimensions) and re-encoded as PNG, so that no uploaded file is kept as is.

Re-encoding drops whatever the file carried besides its pixels (metadata, a script in a polyglot file). A logo
prints at about 12 mm high: 300 pixels make it sharp at 600 dpi; larger ones are reduced to 1,200 pixels.

The stored PNG (sRGB, alpha kept) is what the web pages and the accessible PDF show; the print PDF gets
`cmyk_jpeg`, the same pixels in the printing condition's inks.
"""

from __future__ import annotations

import functools
import io
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

if TYPE_CHECKING:
    from PIL import ImageCms

MAX_BYTES = 2 * 1024 * 1024
MIN_SIDE = 150
MAX_SIDE = 1200
ACCEPTED = {"PNG", "JPEG", "WEBP"}


def reencode(upload: UploadedFile[bytes]) -> bytes:
    from PIL import Image, UnidentifiedImageError

    if upload.size is None or upload.size > MAX_BYTES:
        raise ValidationError("Le logo dépasse 2 Mo : envoyez une image plus légère.")
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            if kind not in ACCEPTED:
                raise ValidationError("Le logo doit être une image PNG, JPEG ou WebP.")
            if max(image.size) < MIN_SIDE:
                raise ValidationError(
                    f"Le logo est trop petit pour l'impression ({image.width} × {image.height} pixels) : "
                    f"il faut au moins {MIN_SIDE} pixels de côté."
                )
            if image.width * image.height > 40_000_000:
                raise ValidationError("Le logo a trop de pixels.")
            picture = image.convert("RGBA")
            picture.thumbnail((MAX_SIDE, MAX_SIDE))
            out = io.BytesIO()
            picture.save(out, format="PNG", optimize=True)
            return out.getvalue()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise ValidationError("Ce fichier n'est pas une image lisible (PNG, JPEG ou WebP).") from error


@functools.cache
def _to_cmyk(profile: bytes) -> ImageCms.ImageCmsTransform:
    """sRGB to the CMYK profile, relative colorimetric with black point compensation (a logo's colours as close as
    the inks allow, its black the profile's deepest), built once per profile."""
    from PIL import ImageCms

    return ImageCms.buildTransform(
        ImageCms.createProfile("sRGB"),
        ImageCms.ImageCmsProfile(io.BytesIO(profile)),
        "RGB",
        "CMYK",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
        flags=ImageCms.Flags.BLACKPOINTCOMPENSATION,
    )


def cmyk_jpeg(png: bytes, profile: bytes) -> bytes:
    """A logo (`reencode`'s PNG, read as sRGB) for the print PDF: flattened on white (the paper: its transparent
    parts take no ink), converted to the CMYK of `profile` (an ICC profile's bytes) at its own resolution, as a CMYK
    JPEG at quality 95 without chroma subsampling, which WeasyPrint writes as a DeviceCMYK image (a PNG cannot
    hold CMYK). Pillow stores a CMYK JPEG's inks inverted, with an Adobe APP14 marker: WeasyPrint reads the marker
    and writes the Decode array that inverts them back."""
    from PIL import Image, ImageCms

    with Image.open(io.BytesIO(png)) as image:
        picture = image.convert("RGBA")
    paper = Image.new("RGBA", picture.size, (255, 255, 255, 255))
    flat = Image.alpha_composite(paper, picture).convert("RGB")
    transform = _to_cmyk(profile)
    cmyk = ImageCms.applyTransform(flat, transform)
    assert cmyk is not None  # noqa: S101 (applyTransform returns None only when asked to work in place)
    out = io.BytesIO()
    cmyk.save(out, format="JPEG", quality=95, subsampling=0)
    return out.getvalue()
