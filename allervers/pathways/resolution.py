"""Resolve actor roles to real entries for a commune: the competence table first, then the directory.

`RoleResolver` loads, once, the candidate services of the roles it is given (one query per role, one for the
competence table), then answers for any number of communes in memory: a fiche for an EPCI or the coverage report
of a department cost the same handful of queries as a single answer.

A role that stands for the commune's own social action (CCAS, CIAS) also resolves, in every commune, to the town hall
of the annuaire de l'administration (`TownHall`): the public contact point every commune has, which answers for its
CCAS (a commune under 1,500 inhabitants may have none and act itself, CASF art. L. 123-4). It is shown as what it is,
"Mairie de X", with its source, never as the CCAS.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone

from allervers.common.geo import haversine_m
from allervers.directory.hours import is_open_at
from allervers.directory.models import Service
from allervers.pathways.models import ActorRole, CompetenceArea, Step
from allervers.territories.models import Commune, TownHall

TOWN_HALL_NETWORKS = frozenset({"ccas-cias"})
TOWN_HALL_STRUCTURE_TYPES = frozenset({"ccas", "cias"})


@dataclass
class ResolvedActor:
    service: Service
    distance_m: int | None
    is_open: bool | None
    by_competence: bool = False


@dataclass
class TownHallContact:
    """The town hall a step falls back on, or adds to a CCAS that has published no contact of its own."""

    town_hall: TownHall
    is_open: bool | None


@dataclass
class ResolvedStep:
    step: Step
    actors: list[ResolvedActor] = field(default_factory=list)
    town_hall: TownHallContact | None = None

    @property
    def is_gap(self) -> bool:
        return not self.actors and self.town_hall is None

    @property
    def local_actors(self) -> list[ResolvedActor]:
        return [actor for actor in self.actors if not actor.service.is_helpline]

    @property
    def helplines(self) -> list[Service]:
        return [actor.service for actor in self.actors if actor.service.is_helpline]


def normalize_channel(value: str) -> str:
    value = value.strip().lower().rstrip("/")
    if value.startswith(("http://", "https://")):
        return value.split("://", 1)[1].removeprefix("www.")
    digits = "".join(ch for ch in value if ch.isdigit() or ch == "+")
    return digits.replace("+33", "0") if digits else value


def reaches_town_hall(role: ActorRole) -> bool:
    """Does this role stand for the commune's own social action, which its town hall answers for?"""
    return bool(TOWN_HALL_NETWORKS & set(role.reseaux) or TOWN_HALL_STRUCTURE_TYPES & set(role.structure_types))


def service_channels(service: Service) -> set[str]:
    values = {channel.get("value", "") for channel in service.channels}
    values |= {service.phone, service.website}
    return {normalize_channel(value) for value in values if value}


class RoleResolver:
    def __init__(self, roles: Iterable[ActorRole], day: datetime.date | None = None) -> None:
        self.roles = {role.pk: role for role in roles}
        self.day = day or timezone.localdate()
        kinds = {role.competence_kind for role in self.roles.values() if role.competence_kind}
        self.competences: dict[str, dict[str, list[Service]]] = {kind: {} for kind in kinds}
        areas = CompetenceArea.objects.filter(
            kind__in=kinds, service__in=Service.objects.visible(self.day)
        ).select_related("service", "service__structure", "service__commune")
        for area in areas.order_by("pk"):
            self.competences[area.kind].setdefault(area.zone_code, []).append(area.service)
        self.candidates = {pk: self._candidates(role) for pk, role in self.roles.items()}
        self._with_town_hall: set[int] | None = None

    def _candidates(self, role: ActorRole) -> list[Service]:
        if not role.uses_directory:
            return []
        qs = Service.objects.visible(self.day).select_related("structure", "commune")
        if role.service_kind:
            qs = qs.filter(kind=role.service_kind)
        if role.structure_types:
            qs = qs.filter(structure__structure_type__in=role.structure_types)
        if role.thematiques:
            qs = qs.with_thematiques(role.thematiques)
        services = list(qs.order_by("name", "pk"))
        if role.reseaux:
            wanted = set(role.reseaux)
            services = [s for s in services if wanted & set(s.structure.reseaux_porteurs)]
        if role.channel_values:
            values = {normalize_channel(v) for v in role.channel_values}
            services = [s for s in services if values & service_channels(s)]
        return services

    def services_for(self, role: ActorRole, commune: Commune) -> list[Service]:
        """Every matching service, unordered: a competent unit if the table names one, else the directory's."""
        codes = commune.covering_zone_codes()
        if role.competence_kind:
            table = self.competences.get(role.competence_kind, {})
            found = [service for code in codes for service in table.get(code, [])]
            if found:
                return list(dict.fromkeys(found))
        zone = set(codes)
        return [s for s in self.candidates.get(role.pk, []) if zone & set(s.zone_eligibilite)]

    def covers(self, role: ActorRole, commune: Commune) -> bool:
        if self.services_for(role, commune):
            return True
        if not reaches_town_hall(role):
            return False
        if self._with_town_hall is None:  # once, for a coverage report over hundreds of communes
            self._with_town_hall = set(TownHall.objects.with_contact().values_list("commune_id", flat=True))
        return commune.pk in self._with_town_hall or (commune.parent_id or 0) in self._with_town_hall

    def town_hall_for(
        self,
        role: ActorRole,
        commune: Commune,
        moment: datetime.datetime | None = None,
        actors: Iterable[ResolvedActor] = (),
    ) -> TownHallContact | None:
        """The commune's town hall (its own, or its commune nouvelle's) when the role is the commune's social action
        and none of the step's `actors` can be phoned (a CCAS listed without a contact, or no CCAS at all)."""
        if not reaches_town_hall(role) or any(actor.service.phone for actor in actors):
            return None
        town_hall = commune.public_town_hall  # cached on the commune: one query for all the steps of an answer
        if town_hall is None or not town_hall.has_contact:
            return None
        return TownHallContact(town_hall, is_open_at(town_hall.opening_hours, moment or timezone.now()))

    def resolve(
        self, role: ActorRole, commune: Commune, moment: datetime.datetime | None = None
    ) -> list[ResolvedActor]:
        moment = moment or timezone.now()
        by_competence = bool(role.competence_kind) and self._in_table(role, commune)
        ranked = sorted(self.services_for(role, commune), key=lambda s: _rank(s, commune))
        # One entry per structure: two services of the same association under one step is noise for a reader.
        per_structure: dict[int, Service] = {}
        for service in ranked:
            per_structure.setdefault(service.structure_id, service)
        ranked = list(per_structure.values())
        return [
            ResolvedActor(s, _distance(s, commune), s.is_open_at(moment), by_competence)
            for s in ranked[: role.max_results]
        ]

    def resolve_national(self, role: ActorRole, moment: datetime.datetime | None = None) -> list[ResolvedActor]:
        moment = moment or timezone.now()
        services = [s for s in self.candidates.get(role.pk, []) if s.is_national]
        return [ResolvedActor(s, None, s.is_open_at(moment)) for s in services[: role.max_results]]

    def _in_table(self, role: ActorRole, commune: Commune) -> bool:
        table = self.competences.get(role.competence_kind, {})
        return any(code in table for code in commune.covering_zone_codes())

    def resolve_steps(
        self, steps: Iterable[Step], commune: Commune, moment: datetime.datetime | None = None
    ) -> list[ResolvedStep]:
        moment = moment or timezone.now()
        resolved = []
        for step in steps:
            actors = self.resolve(step.role, commune, moment)
            resolved.append(ResolvedStep(step, actors, self.town_hall_for(step.role, commune, moment, actors)))
        return resolved


def _origin(commune: Commune) -> Commune:
    return commune if commune.latitude is not None else commune.current


def _distance(service: Service, commune: Commune) -> int | None:
    origin = _origin(commune)
    if not service.on_site or service.latitude is None or service.longitude is None:
        return None
    if origin.latitude is None or origin.longitude is None:
        return None
    return haversine_m(origin.latitude, origin.longitude, service.latitude, service.longitude)


def _rank(service: Service, commune: Commune) -> tuple[int, int, int, int, str]:
    """On-site services nearest first, then remote ones from the most local zone to the national ones.

    At equal place, a structure's broader service (more themes) comes before its specialised ones.
    """
    distance = _distance(service, commune)
    codes = commune.covering_zone_codes()
    zone_rank = min((codes.index(code) for code in service.zone_eligibilite if code in codes), default=len(codes))
    breadth = -len(service.thematiques)
    if distance is not None:
        return (0, distance, zone_rank, breadth, service.name)
    return (1, 0, zone_rank, breadth, service.name)


def resolve_situation(
    steps: list[Step], commune: Commune, moment: datetime.datetime | None = None
) -> list[ResolvedStep]:
    resolver = RoleResolver({step.role for step in steps})
    return resolver.resolve_steps(steps, commune, moment)
