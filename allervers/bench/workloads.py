"""The six measured workloads, their in-process timing and the hand-written SQL floor of W1 and W2.

In-process means a full Django request (middleware, view, serialisation) through the test client, without a
socket: what the server adds on top is measured over HTTP with wrk.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from allervers.bench import dataset
from allervers.common.text import search_tokens
from allervers.directory import search
from allervers.directory.enums import TermKind
from allervers.directory.models import Service, ServiceTerm
from allervers.directory.places import commune_by_code

SEARCH_URL = "/api/v1/search/services"
# The page the engine and the floors read (the API's own default is data·inclusion's, 5,000 a page).
PAGE_SIZE = "20"
# W2's words: common, rare, with and without accents (the same search typed two ways).
TEXT_QUERIES = ["accompagnement", "zoothérapie", "hébergement d'urgence", "hebergement urgence"]
COMMUNE_PREFIXES = ["bou", "sain", "lyo", "mar", "01", "750", "vil", "ois"]


@dataclass
class Timing:
    key: str
    label: str
    runs: int
    p50: float
    p95: float
    p99: float
    queries: int
    results: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def percentiles(values: list[float]) -> tuple[float, float, float]:
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return statistics.median(values), cuts[94], cuts[98]


@dataclass
class Plan:
    """What the workloads ask for, drawn from the data in the database (seeded)."""

    communes: list[str]
    thematiques: list[str]
    public: str
    service_urls: list[str]

    @property
    def w1(self) -> list[dict[str, str]]:
        return [
            {
                "code_commune": code,
                "thematiques": self.thematiques[i % len(self.thematiques)],
                "publics": self.public,
                "size": PAGE_SIZE,
            }
            for i, code in enumerate(self.communes)
        ]

    @property
    def w2_with_commune(self) -> list[dict[str, str]]:
        return [
            {"code_commune": code, "q": TEXT_QUERIES[i % 4], "size": PAGE_SIZE} for i, code in enumerate(self.communes)
        ]

    @property
    def w2_without_commune(self) -> list[dict[str, str]]:
        return [{"q": q, "size": PAGE_SIZE} for q in TEXT_QUERIES]

    @property
    def w3(self) -> list[dict[str, str]]:
        return [{"code_commune": code, "modes_accueil": "en-presentiel", "size": PAGE_SIZE} for code in self.communes]


def make_plan(seed: int = 1) -> Plan:
    rng = random.Random(seed)  # noqa: S311 (a reproducible choice of requests)
    scale = Service.objects.filter(source=dataset.SOURCE).count()
    places = dataset.places(scale)
    largest = sorted(places, key=lambda place: -place.population)[:10]
    others = rng.sample(places, min(10, len(places)))
    communes = list(dict.fromkeys(place.code for place in largest + others))
    popular = (
        ServiceTerm.objects.filter(kind=TermKind.THEMATIQUE, code__contains="--")
        .values("code")
        .annotate(n=Count("id"))
        .order_by("-n")[:3]
    )
    public = (
        ServiceTerm.objects.filter(kind=TermKind.PUBLIC)
        .exclude(code="tous-publics")
        .values("code")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    services = list(Service.objects.filter(source=dataset.SOURCE).only("id", "name")[:2000])
    return Plan(
        communes=communes,
        thematiques=[row["code"] for row in popular],
        public=public["code"] if public else "femmes",
        service_urls=[
            reverse("portal:service", args=[service.pk, service.slug])
            for service in rng.sample(services, min(50, len(services)))
        ],
    )


def _measure(key: str, label: str, calls: list[Callable[[], Any]], runs: int) -> Timing:
    for index in range(min(10, runs)):
        calls[index % len(calls)]()
    timings = []
    for index in range(runs):
        started = time.perf_counter()
        calls[index % len(calls)]()
        timings.append((time.perf_counter() - started) * 1000)
    queries = 0
    for call in calls[: min(len(calls), 4)]:
        with CaptureQueriesContext(connection) as captured:
            call()
        queries = max(queries, len(captured.captured_queries))
    p50, p95, p99 = percentiles(timings)
    return Timing(key, label, runs, round(p50, 2), round(p95, 2), round(p99, 2), queries)


def _get(client: Client, url: str, params: dict[str, str] | None = None) -> Callable[[], Any]:
    def call() -> Any:
        response = client.get(url, params or {})
        if response.status_code != 200:
            raise RuntimeError(f"{url}?{urlencode(params or {})} : HTTP {response.status_code}")
        return response

    return call


def in_process(plan: Plan, runs: int, crawl_seconds: float) -> list[Timing]:
    client = Client(HTTP_HOST="localhost")
    measured = [
        _measure("W1", "commune + thématique + public", [_get(client, SEARCH_URL, p) for p in plan.w1], runs),
        _measure("W2", "texte, avec commune", [_get(client, SEARCH_URL, p) for p in plan.w2_with_commune], runs),
        _measure("W2b", "texte, sans commune", [_get(client, SEARCH_URL, p) for p in plan.w2_without_commune], runs),
        _measure("W3", "sur place, par distance", [_get(client, SEARCH_URL, p) for p in plan.w3], runs),
        _crawl(client, crawl_seconds),
        _measure("W5", "fiche service (HTML)", [_get(client, url) for url in plan.service_urls], runs),
        _measure(
            "W6", "autocomplétion commune", [_get(client, "/api/v1/communes", {"q": q}) for q in COMMUNE_PREFIXES], runs
        ),
    ]
    measured.extend(engine(plan, runs))
    return measured


def _crawl(client: Client, seconds: float) -> Timing:
    """W4: the API list read page after page, 100 services a page, to the end (or until the time is up)."""
    timings, page, pages = [], 1, 1
    started = time.perf_counter()
    while page <= pages and time.perf_counter() - started < seconds:
        begin = time.perf_counter()
        body = client.get(SEARCH_URL, {"size": 100, "page": page}).json()
        timings.append((time.perf_counter() - begin) * 1000)
        pages, page = body["pages"], page + 1
    with CaptureQueriesContext(connection) as captured:
        client.get(SEARCH_URL, {"size": 100, "page": 2})
    p50, p95, p99 = percentiles(timings if len(timings) > 1 else timings * 2)
    extra = {"pages_read": len(timings), "pages": pages, "seconds": round(time.perf_counter() - started, 1)}
    return Timing(
        "W4", "API parcourue page à page", len(timings), p50, p95, p99, len(captured.captured_queries), extra=extra
    )


def engine(plan: Plan, runs: int) -> list[Timing]:
    """W1 and W2 through the search engine alone (commune lookup + search_services), and their SQL floor."""

    def search_call(params: dict[str, str]) -> Callable[[], Any]:
        def call() -> Any:
            commune = commune_by_code(params["code_commune"]) if "code_commune" in params else None
            query = search.SearchQuery(
                commune=commune,
                thematiques=[params["thematiques"]] if "thematiques" in params else [],
                publics=[params["publics"]] if "publics" in params else [],
                q=params.get("q", ""),
            )
            return search.search_services(query)

        return call

    communes = {code: commune_by_code(code) for code in plan.communes}
    return [
        _measure("W1-moteur", "W1, moteur seul", [search_call(p) for p in plan.w1], runs),
        _measure("W2-moteur", "W2, moteur seul", [search_call(p) for p in plan.w2_with_commune], runs),
        _measure("W1-plancher", "W1, une requête SQL", [floor_w1(p, communes) for p in plan.w1], runs),
        _measure("W2-plancher", "W2, une requête SQL", [floor_w2(p, communes) for p in plan.w2_with_commune], runs),
        _measure("W1-plancher-t", "W1, une requête, table", [table_floor_w1(p, communes) for p in plan.w1], runs),
        _measure(
            "W2-plancher-t", "W2, une requête, table", [table_floor_w2(p, communes) for p in plan.w2_with_commune], runs
        ),
    ]


# --- the floor: one hand-written statement per search, zone codes known in advance ---------------------------

_PAGE_COLUMNS = (
    "s.id, s.name, s.description, s.latitude, s.longitude, s.phone, s.opening_hours, s.thematiques, s.publics, "
    "s.zone_eligibilite, st.name, c.name, c.code"
)


def _floor(commune: Any, extra_where: str, extra_params: list[Any]) -> Callable[[], Any]:
    codes = commune.covering_zone_codes()
    marks = ", ".join(["%s"] * len(codes))
    sql = (
        f"SELECT {_PAGE_COLUMNS}, COUNT(*) OVER () FROM directory_service s "  # noqa: S608
        "JOIN directory_structure st ON st.id = s.structure_id LEFT JOIN territories_commune c ON c.id = s.commune_id "
        f"WHERE s.status = 'published' AND st.status = 'published' AND s.kind = 'service' AND s.id IN "
        f"(SELECT service_id FROM directory_serviceterm WHERE kind = 'zone' AND code IN ({marks})) {extra_where} "
        "ORDER BY CASE WHEN s.on_site THEN 0 ELSE 1 END, "
        "(s.latitude - %s) * (s.latitude - %s) + (s.longitude - %s) * (s.longitude - %s) * 0.5, s.id LIMIT 20"
    )
    lat, lon = commune.latitude, commune.longitude
    params = [*codes, *extra_params, lat, lat, lon, lon]

    def call() -> Any:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    return call


def floor_w1(params: dict[str, str], communes: dict[str, Any]) -> Callable[[], Any]:
    where = (
        "AND s.id IN (SELECT service_id FROM directory_serviceterm WHERE kind = 'thematique' AND code = %s) "
        "AND s.id IN (SELECT service_id FROM directory_serviceterm WHERE kind = 'public' AND code IN (%s, %s))"
    )
    return _floor(communes[params["code_commune"]], where, [params["thematiques"], params["publics"], "tous-publics"])


def floor_w2(params: dict[str, str], communes: dict[str, Any]) -> Callable[[], Any]:
    # The services table has no text index of its own since migration 0006: a LIKE per word.
    tokens = search_tokens(params["q"])
    where, values = " AND ".join(["s.search_text LIKE %s"] * len(tokens)), [f"% {token}%" for token in tokens]
    return _floor(communes[params["code_commune"]], f"AND {where}" if where else "", values)


# --- the second floor: the same searches hand-written against the search table (search_index) -------------


def _table_floor(commune: Any, extra_where: str, extra_params: list[Any]) -> Callable[[], Any]:
    """What a person writing one query on directory_searchentry would write: the page rows and the total.

    Like the first floor, it reads the displayed columns with the page (services, structures, communes) and
    leaves out what the engine adds in Python (zone reasons, distances in metres, opening hours)."""
    codes = commune.covering_zone_codes()
    marks = ", ".join(["%s"] * len(codes))
    contains = "strpos" if connection.vendor == "postgresql" else "instr"
    sql = (
        f"SELECT {_PAGE_COLUMNS}, r.total FROM (SELECT e.service_id, MIN(e.level) AS level, "  # noqa: S608
        "CASE WHEN e.on_site THEN (e.latitude - %s) * (e.latitude - %s) "
        "+ (e.longitude - %s) * (e.longitude - %s) * 0.5 ELSE 1000.0 END AS d2, e.name, COUNT(*) OVER () AS total "
        f"FROM directory_searchentry e WHERE e.zone IN ({marks}) AND (e.hidden_until IS NULL OR e.hidden_until < %s) "
        f"{extra_where.format(contains=contains)} GROUP BY e.service_id, e.on_site, e.latitude, e.longitude, e.name "
        "ORDER BY d2, level, e.name, e.service_id LIMIT 20) r JOIN directory_service s ON s.id = r.service_id "
        "JOIN directory_structure st ON st.id = s.structure_id LEFT JOIN territories_commune c ON c.id = s.commune_id "
        "ORDER BY r.d2, r.level, r.name, r.service_id"
    )
    lat, lon = commune.latitude, commune.longitude
    params = [lat, lat, lon, lon, *codes, timezone.localdate(), *extra_params]

    def call() -> Any:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    return call


def table_floor_w1(params: dict[str, str], communes: dict[str, Any]) -> Callable[[], Any]:
    where = "AND {contains}(e.thematiques, %s) > 0 AND ({contains}(e.publics, %s) > 0 OR {contains}(e.publics, %s) > 0)"
    values = [f",{params['thematiques']},", f",{params['publics']},", ",tous-publics,"]
    return _table_floor(communes[params["code_commune"]], where, values)


def table_floor_w2(params: dict[str, str], communes: dict[str, Any]) -> Callable[[], Any]:
    tokens = search_tokens(params["q"])
    where = "".join(" AND {contains}(e.search_text, %s) > 0" for _ in tokens)
    return _table_floor(communes[params["code_commune"]], where, [f" {token}" for token in tokens])
