"""A convention between a synthetic association in Bourg-en-Bresse and a synthetic hospital service, both in the
Ain; a structure in Oyonnax that is no party; the signed documents stored in a temporary folder."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from allervers.agreements.enums import AgreementKind, PartyRole
from allervers.agreements.models import Agreement, Party
from allervers.directory.models import Structure
from allervers.territories.models import Department
from tests.factories import StructureFactory, commune, coordinator

BOURG = "01053"
OYONNAX = "01283"


@pytest.fixture(autouse=True)
def private_dir(settings, tmp_path):
    folder = tmp_path / "conventions"
    settings.ALLERVERS_AGREEMENTS_DIR = str(folder)
    return folder


@dataclass
class Setting:
    association: Structure
    hospital: Structure
    outsider: Structure
    coordinator: Any
    agreement: Agreement


def make_agreement(*parties: Structure, department: str = "01", **fields: Any) -> Agreement:
    values: dict[str, Any] = {
        "title": "Convention fictive d'accueil des victimes",
        "kind": AgreementKind.CONVENTION,
        "purpose": "Accueil et orientation des victimes (objet fictif).",
        "department": Department.objects.get(code=department),
        **fields,
    }
    agreement = Agreement.objects.create(**values)
    for position, structure in enumerate(parties):
        Party.objects.create(agreement=agreement, structure=structure, role=PartyRole.SIGNATORY, position=position)
    return agreement


def signed(agreement: Agreement, *, days_left: int, duration: int = 12, today: datetime.date | None = None) -> None:
    """Make a signed agreement ending in `days_left` days (set directly: the test is about what follows)."""
    today = today or timezone.localdate()
    Agreement.objects.filter(pk=agreement.pk).update(
        status="signee",
        signature_date=today - datetime.timedelta(days=365 - days_left),
        duration_months=duration,
        end_date=today + datetime.timedelta(days=days_left),
    )
    agreement.refresh_from_db()


@pytest.fixture
def setting(db) -> Setting:
    association = StructureFactory(name="Association fictive d'aide", commune=commune(BOURG))
    hospital = StructureFactory(name="Service hospitalier fictif", commune=commune(BOURG))
    outsider = StructureFactory(name="Structure fictive d'Oyonnax", commune=commune(OYONNAX))
    lead = coordinator(("01",), email="coordination@example.org")
    agreement = make_agreement(association, hospital, responsible=lead, duration_months=36)
    return Setting(association, hospital, outsider, lead, agreement)


def pdf_bytes() -> bytes:
    """A real one-page PDF, written by pypdf."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def png_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(out, format="PNG")
    return out.getvalue()
