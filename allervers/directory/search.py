"""The public search: services whose zone covers a place, on-site ones by distance, then remote ones.

Query budget per page: the count, the page (structures joined), and the helplines when the theme is urgent;
"open now" adds one narrow query. Distances are ordered in SQL with an equirectangular approximation
(arithmetic only, so it runs on SQLite and PostgreSQL alike) and printed with the haversine formula.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field

from django.db.models import Case, F, FloatField, IntegerField, Min, OuterRef, QuerySet, Subquery, Value, When
from django.utils import timezone

from allervers.common.geo import haversine_m, longitude_scale
from allervers.directory.enums import TermKind
from allervers.directory.models import Service, ServiceTerm
from allervers.taxonomy import terms
from allervers.territories.models import FRANCE, REGION_PREFIX, Commune

MAX_PAGE_SIZE = 100


@dataclass
class SearchQuery:
    commune: Commune | None = None
    thematiques: list[str] = field(default_factory=list)
    publics: list[str] = field(default_factory=list)
    modes_accueil: list[str] = field(default_factory=list)
    frais: list[str] = field(default_factory=list)
    q: str = ""
    open_now: bool = False
    page: int = 1
    size: int = 20

    @property
    def is_urgent(self) -> bool:
        return bool(set(self.thematiques) & terms.urgent_thematiques())


@dataclass
class SearchHit:
    service: Service
    distance_m: int | None
    reasons: list[str]
    is_open: bool | None


@dataclass
class SearchResult:
    query: SearchQuery
    hits: list[SearchHit]
    total: int
    helplines: list[Service]

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.query.size))

    @property
    def has_next(self) -> bool:
        return self.query.page < self.pages


def zone_reason(service: Service, commune: Commune | None) -> str:
    """Why a service matched the place, in the words of the person searching."""
    if commune is None:
        return ""
    current = commune.current
    zone = set(service.zone_eligibilite)
    if current.code in zone or commune.code in zone:
        return f"Intervient à {current.name}"
    if current.epci_id and current.epci_id in zone:
        return f"Intervient sur l'intercommunalité ({current.epci.name})" if current.epci else "Intervient sur l'EPCI"
    if current.department_id and current.department_id in zone:
        return f"Intervient dans tout le département ({current.department.name})" if current.department else ""
    if f"{REGION_PREFIX}{current.region_code}" in zone:
        return "Intervient dans toute la région"
    if FRANCE in zone:
        return "Service national"
    return ""


def _zone_rank(zone_codes: list[str]) -> Subquery:
    """0 for a service of the commune itself, then EPCI, department, region, France."""
    whens = [When(code=code, then=Value(rank)) for rank, code in enumerate(zone_codes)]
    ranked = (
        ServiceTerm.objects.filter(service=OuterRef("pk"), kind=TermKind.ZONE, code__in=zone_codes)
        .annotate(rank=Case(*whens, output_field=IntegerField()))
        .values("service")
        .annotate(best=Min("rank"))
        .values("best")
    )
    return Subquery(ranked, output_field=IntegerField())


def filtered_services(query: SearchQuery, day: datetime.date | None = None) -> QuerySet[Service]:
    qs = Service.objects.visible(day).filter(kind="service")
    if query.commune is not None:
        qs = qs.covering(query.commune.covering_zone_codes())
    if query.thematiques:
        qs = qs.with_thematiques(query.thematiques)
    if query.publics:
        # A service for everyone serves every public.
        qs = qs.with_publics([*query.publics, "tous-publics"])
    if query.modes_accueil:
        qs = qs.with_modes_accueil(query.modes_accueil)
    if query.frais:
        qs = qs.with_frais(query.frais)
    if query.q.strip():
        qs = qs.matching_text(query.q)
    return qs


def _ordered(qs: QuerySet[Service], commune: Commune | None) -> QuerySet[Service]:
    if commune is None:
        return qs.order_by("name", "pk")
    origin = commune if commune.latitude is not None else commune.current
    if origin.latitude is None or origin.longitude is None:
        return qs.order_by("-on_site", "name", "pk")
    scale = longitude_scale(origin.latitude)
    qs = qs.annotate(
        remote=Case(When(on_site=True, then=Value(0)), default=Value(1), output_field=IntegerField()),
        dist2=Case(
            When(
                on_site=True,
                then=(F("latitude") - Value(origin.latitude)) * (F("latitude") - Value(origin.latitude))
                + (F("longitude") - Value(origin.longitude))
                * (F("longitude") - Value(origin.longitude))
                * Value(scale * scale),
            ),
            default=Value(0.0),
            output_field=FloatField(),
        ),
        zone_rank=_zone_rank(commune.covering_zone_codes()),
    )
    return qs.order_by("remote", "dist2", "zone_rank", "name", "pk")


def _open_ids(qs: QuerySet[Service], moment: datetime.datetime) -> list[int]:
    rows = qs.exclude(opening_hours="", always_open=False).values_list("pk", "opening_hours", "always_open")
    open_ids = []
    for pk, hours, always_open in rows:
        if always_open or Service(opening_hours=hours).is_open_at(moment):
            open_ids.append(pk)
    return open_ids


def urgent_helplines(thematiques: list[str]) -> list[Service]:
    """National helplines for the chosen themes, shown above the results when a theme is urgent.

    Lines whose main theme is the one searched come first (the 3919 for violences conjugales).
    """
    qs = Service.objects.visible().helplines().select_related("structure")
    if thematiques:
        qs = qs.with_thematiques(thematiques)
    return sorted(qs, key=lambda line: (line.thematiques[:1] != thematiques[:1], line.name))


def search_services(query: SearchQuery, moment: datetime.datetime | None = None) -> SearchResult:
    moment = moment or timezone.now()
    query.size = max(1, min(query.size, MAX_PAGE_SIZE))
    query.page = max(1, query.page)
    qs = filtered_services(query, timezone.localdate(moment))
    if query.open_now:
        qs = Service.objects.filter(pk__in=_open_ids(qs, moment))
    total = qs.count()
    start = (query.page - 1) * query.size
    page = list(_ordered(qs, query.commune).select_related("structure", "commune")[start : start + query.size])
    hits = [_hit(service, query.commune, moment) for service in page]
    helplines = urgent_helplines(query.thematiques) if query.is_urgent else []
    return SearchResult(query=query, hits=hits, total=total, helplines=helplines)


def _hit(service: Service, commune: Commune | None, moment: datetime.datetime) -> SearchHit:
    distance = None
    origin = None if commune is None else (commune if commune.latitude is not None else commune.current)
    if service.on_site and origin is not None and origin.latitude is not None and origin.longitude is not None:
        assert service.latitude is not None and service.longitude is not None
        distance = haversine_m(origin.latitude, origin.longitude, service.latitude, service.longitude)
    reasons = [r for r in [zone_reason(service, commune)] if r]
    return SearchHit(service=service, distance_m=distance, reasons=reasons, is_open=service.is_open_at(moment))
