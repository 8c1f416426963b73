"""Sponsors' logos: checked (type, weight, dimensions) and re-encoded as PNG, so that no uploaded file is kept as is.

Re-encoding drops whatever the file carried besides its pixels (metadata, a script in a polyglot file). A logo
prints at about 12 mm high: 300 pixels make it sharp at 600 dpi; larger ones are reduced to 1,200 pixels.
"""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

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
