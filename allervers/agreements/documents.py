"""The signed documents: checked (a real PDF, not too heavy) and stored privately.

The storage is a folder outside any public URL (var/private/agreements by default, ALLERVERS_AGREEMENTS_DIR to
change it), read at each access so that a deployment or a test may move it; the file is named by a random id, never
by what the user called it, and is served only by the download view, which checks who asks.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import UploadedFile

DEFAULT_MAX_MB = 10
PDF_MAGIC = b"%PDF-"


def max_bytes() -> int:
    return int(getattr(settings, "ALLERVERS_AGREEMENTS_MAX_MB", DEFAULT_MAX_MB)) * 1024 * 1024


def storage_dir() -> Path:
    configured = getattr(settings, "ALLERVERS_AGREEMENTS_DIR", "")
    return Path(configured) if configured else Path(settings.VAR_DIR) / "private" / "agreements"


class PrivateStorage(FileSystemStorage):
    """A file system storage without a URL: `url()` refuses, so no template can link a file around the view."""

    @property
    def base_location(self) -> str:
        return str(storage_dir())

    @property
    def location(self) -> str:
        return str(storage_dir().resolve())

    def url(self, name: str | None) -> str:
        raise ValueError("Les documents des conventions ne sont servis que par leur vue de téléchargement.")


_storage = PrivateStorage()


def agreement_storage() -> PrivateStorage:
    return _storage


def document_path(instance: Any, filename: str) -> str:
    return f"{uuid.uuid4().hex}.pdf"


def check_pdf(upload: UploadedFile[bytes]) -> None:
    """A PDF by its first bytes (a renamed image or document is refused), of at most the configured size; the
    checks read the upload only, nothing is written before they pass."""
    limit = max_bytes()
    if upload.size is None or upload.size > limit:
        raise ValidationError(
            f"Le document dépasse {limit // (1024 * 1024)} Mo : envoyez un PDF plus léger (numérisé en noir et blanc,"
            " par exemple)."
        )
    if upload.size == 0:
        raise ValidationError("Le fichier envoyé est vide.")
    if not (upload.name or "").lower().endswith(".pdf"):
        raise ValidationError("Le document doit être un fichier PDF (extension .pdf).")
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    # The PDF specification allows the header anywhere in the first 1,024 bytes; most files start with it.
    if PDF_MAGIC not in head:
        raise ValidationError(
            "Ce fichier n'est pas un PDF : son contenu ne commence pas comme un PDF, même si son nom se termine "
            "par .pdf. Enregistrez ou numérisez le document au format PDF."
        )
