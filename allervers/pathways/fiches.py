"""Fiches réflexes: for a situation and a territory (a commune or an EPCI), the steps with the local contacts.

For an EPCI, each role is resolved in every commune of the EPCI and the contacts are merged: a contact that serves
only part of the territory says how many communes it serves, so that nobody is sent to a unit that is not competent.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from allervers.common.pdf import render_pdf
from allervers.pathways.models import Situation, Step
from allervers.pathways.resolution import ResolvedActor, RoleResolver, TownHallContact
from allervers.taxonomy.emergency import EMERGENCY_NUMBERS
from allervers.territories.enums import CommuneKind
from allervers.territories.models import EPCI, Commune

PDF_TEMPLATE = "pathways/fiche_pdf.html"
# A cached PDF's key holds the digest of the HTML it was made from, so a change to anything the fiche shows makes a
# new key; the day lasts as long as the "générée le" date printed on it.
PDF_CACHE_SECONDS = 24 * 3600


@dataclass
class FicheActor:
    actor: ResolvedActor
    served: int = 1
    total: int = 1

    @property
    def service(self) -> Any:
        return self.actor.service

    @property
    def partial(self) -> bool:
        return self.served < self.total


@dataclass
class FicheStep:
    step: Step
    actors: list[FicheActor] = field(default_factory=list)
    town_hall: TownHallContact | None = None

    @property
    def is_gap(self) -> bool:
        return not self.actors and self.town_hall is None


@dataclass
class Fiche:
    situation: Situation
    territory_label: str
    steps: list[FicheStep]
    generated_at: datetime.datetime

    @property
    def verified_range(self) -> tuple[datetime.date, datetime.date] | None:
        days = [a.service.last_verified_on for s in self.steps for a in s.actors]
        return (min(days), max(days)) if days else None

    @property
    def legal_notes(self) -> list[Step]:
        return [fs.step for fs in self.steps if fs.step.legal_note]

    @property
    def filename(self) -> str:
        return f"fiche-reflexe-{self.situation.slug}-{slugify(self.territory_label)[:60]}.pdf"


def fiche_for_commune(situation: Situation, commune: Commune, resolver: RoleResolver | None = None) -> Fiche:
    steps = situation.ordered_steps()
    resolver = resolver or RoleResolver({step.role for step in steps})
    moment = timezone.now()
    fiche_steps = []
    for step in steps:
        actors = resolver.resolve(step.role, commune, moment)
        town_hall = resolver.town_hall_for(step.role, commune, moment, actors)
        fiche_steps.append(FicheStep(step, [FicheActor(actor) for actor in actors], town_hall))
    return Fiche(situation, commune.current.label, fiche_steps, moment)


def epci_communes(epci: EPCI) -> list[Commune]:
    return list(
        Commune.objects.filter(epci=epci, kind=CommuneKind.COMMUNE)
        .select_related("parent", "epci", "department")
        .order_by("-population", "name")
    )


def fiche_for_epci(situation: Situation, epci: EPCI, resolver: RoleResolver | None = None) -> Fiche:
    steps = situation.ordered_steps()
    resolver = resolver or RoleResolver({step.role for step in steps})
    communes = epci_communes(epci)
    moment = timezone.now()
    fiche_steps = []
    for step in steps:
        served: dict[int, int] = {}
        for commune in communes:
            for service in resolver.services_for(step.role, commune):
                served[service.pk] = served.get(service.pk, 0) + 1
        # Contacts are merged from the most populous commune outwards, a fair order for a printed sheet; a distance
        # measured from one commune would mislead the readers of the others, so there is none.
        actors = [
            FicheActor(replace(actor, distance_m=None), served[actor.service.pk], len(communes))
            for actor in _merge(resolver, step, communes, moment)
        ]
        fiche_steps.append(FicheStep(step, actors))
    return Fiche(situation, epci.name, fiche_steps, moment)


def _merge(
    resolver: RoleResolver, step: Step, communes: list[Commune], moment: datetime.datetime
) -> list[ResolvedActor]:
    seen: dict[int, ResolvedActor] = {}
    for commune in communes:
        for actor in resolver.resolve(step.role, commune, moment):
            seen.setdefault(actor.service.pk, actor)
        if len(seen) >= step.role.max_results * 2:
            break
    return list(seen.values())


def fiche_context(fiche: Fiche, *, show_professional: bool) -> dict[str, Any]:
    return {"fiche": fiche, "show_professional": show_professional, "emergency_numbers": EMERGENCY_NUMBERS}


def fiche_pdf(fiche: Fiche, *, show_professional: bool) -> bytes:
    return render_pdf(PDF_TEMPLATE, fiche_context(fiche, show_professional=show_professional))


def pdf_cache_key(fiche: Fiche, *, show_professional: bool) -> str:
    """The fiche's content version: a digest of the very HTML WeasyPrint would print.

    Anything the fiche shows (steps, resolved contacts, competence table, emergency numbers, template, date) is in
    that HTML, so no list of tables to watch can fall behind. Rendering it costs a few milliseconds, against a
    hundred or more for the PDF. The professional variant has its own namespace: it is never served to the public.
    """
    html = render_to_string(PDF_TEMPLATE, fiche_context(fiche, show_professional=show_professional))
    variant = "pro" if show_professional else "public"
    return f"fiche-pdf:{variant}:{fiche.situation.pk}:{hashlib.sha256(html.encode()).hexdigest()}"


def cached_fiche_pdf(
    fiche: Fiche, *, show_professional: bool, before_generating: Callable[[], None] | None = None
) -> bytes:
    """The fiche's PDF from the cache, or generated and cached; `before_generating` may refuse (rate limit)."""
    key = pdf_cache_key(fiche, show_professional=show_professional)
    content = cache.get(key)
    if content is None:
        if before_generating is not None:
            before_generating()
        content = fiche_pdf(fiche, show_professional=show_professional)
        cache.set(key, content, PDF_CACHE_SECONDS)
    return bytes(content)


def epci_zip(epci: EPCI, *, show_professional: bool, before_generating: Callable[[], None] | None = None) -> bytes:
    """Every published situation's fiche for this EPCI, one PDF each (cached like the single ones), in one ZIP."""
    situations = list(Situation.objects.published())
    steps = [step for situation in situations for step in situation.ordered_steps()]
    resolver = RoleResolver({step.role for step in steps})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for situation in situations:
            fiche = fiche_for_epci(situation, epci, resolver)
            content = cached_fiche_pdf(fiche, show_professional=show_professional, before_generating=before_generating)
            archive.writestr(fiche.filename, content)
    return buffer.getvalue()
