"""Supports in bulk: one PDF per commune of an EPCI, in a ZIP archive, for the command line."""

from __future__ import annotations

import io
import zipfile

from allervers.campaigns.models import Campaign
from allervers.campaigns.supports import render_support
from allervers.campaigns.territory import Territory, commune_territory
from allervers.common.progress import Progress


def epci_archive(campaign: Campaign, place: Territory, kind: str, progress: Progress) -> tuple[bytes, int]:
    """The ZIP of one support per current commune of the EPCI, named by INSEE code and commune."""
    communes = place.communes()
    bar = progress.bar("Supports", len(communes))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for done, commune in enumerate(communes, start=1):
            commune_place = commune_territory(commune.code)
            assert commune_place is not None
            pdf = render_support(campaign, commune_place, kind)
            archive.writestr(f"{commune.code}-{_file_name(commune.name)}-{kind}.pdf", pdf)
            if bar is not None:
                bar.update(done)
    return out.getvalue(), len(communes)


def _file_name(name: str) -> str:
    from django.utils.text import slugify

    return slugify(name) or "commune"
