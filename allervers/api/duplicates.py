"""Duplicates as data·inclusion's API shows them: `doublons` of a structure, and what `exclure_doublons` leaves out.

Two published structures are duplicates when they have the same SIRET and come from different sources (the
surest of the signs the import reports, docs/import-annuaire.md): one structure known to two directories. Of a
group of duplicates, data·inclusion keeps the one with the best quality score (the mean of its services'), then
the most recently updated: the search keeps every structure ranked first (ties included), the structure list one
structure per group.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count
from django.utils import timezone

from allervers.directory.models import Service, Structure
from allervers.directory.quality import service_score, structure_score


def duplicates_of(structures: Iterable[Structure]) -> dict[int, list[Structure]]:
    """For each structure, its published duplicates (one query, none when no structure has a SIRET)."""
    structures = list(structures)
    sirets = {structure.siret for structure in structures if structure.siret}
    if not sirets:
        return {}
    by_siret: dict[str, list[Structure]] = {}
    for other in Structure.objects.visible().filter(siret__in=sirets).select_related("commune").order_by("pk"):
        by_siret.setdefault(other.siret, []).append(other)
    return {
        structure.pk: [o for o in by_siret.get(structure.siret, []) if o.source != structure.source]
        for structure in structures
        if structure.siret
    }


def structure_scores(structure_ids: Iterable[int]) -> dict[int, float]:
    """The quality score of each structure: the mean of its published services' (0 without one)."""
    ids = list(structure_ids)
    scores: dict[int, list[float]] = {pk: [] for pk in ids}
    today = timezone.localdate()
    for service in Service.objects.visible().filter(structure_id__in=ids):
        scores[service.structure_id].append(service_score(service, today))
    return {pk: structure_score(values) for pk, values in scores.items()}


def outranked(*, keep_ties: bool) -> list[int]:
    """The published structures that a better duplicate leaves out."""
    groups = (
        Structure.objects.visible()
        .exclude(siret="")
        .values("siret")
        .annotate(sources=Count("source", distinct=True))
        .filter(sources__gt=1)
        .values_list("siret", flat=True)
    )
    members = list(Structure.objects.visible().filter(siret__in=list(groups)).order_by("pk"))
    if not members:
        return []
    scores = structure_scores(structure.pk for structure in members)
    by_siret: dict[str, list[Structure]] = {}
    for structure in members:
        by_siret.setdefault(structure.siret, []).append(structure)
    left_out = []
    for group in by_siret.values():
        ranked = sorted(group, key=lambda s: (-scores[s.pk], -_updated_on(s), s.pk))
        best = ranked[0]
        for structure in ranked[1:]:
            tied = (scores[structure.pk], _updated_on(structure)) == (scores[best.pk], _updated_on(best))
            if not (keep_ties and tied):
                left_out.append(structure.pk)
    return left_out


def _updated_on(structure: Structure) -> int:
    """data·inclusion's date_maj, as a number: the day of the last change."""
    return timezone.localdate(structure.updated_at).toordinal()
