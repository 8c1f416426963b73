"""What the ISG posts cover and who pays for them, for one department.

A commune is covered when a filled post covers it (vacant and planned posts cover nothing); the population is the
INSEE municipal population the territories carry. Shares are percentages rounded to one decimal.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, QuerySet

from allervers.isg.enums import FunderKind, PostStatus
from allervers.isg.models import HUNDRED, Funding, IsgPost
from allervers.territories.models import Commune, Department

NO_EPCI = "Communes hors intercommunalité"
TENTH = Decimal("0.1")


def percent(part: int | Decimal, whole: int | Decimal) -> Decimal:
    if not whole:
        return Decimal(0).quantize(TENTH)
    return (HUNDRED * Decimal(part) / Decimal(whole)).quantize(TENTH, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Coverage:
    label: str
    communes: int
    communes_covered: int
    population: int
    population_covered: int

    @property
    def communes_share(self) -> Decimal:
        return percent(self.communes_covered, self.communes)

    @property
    def population_share(self) -> Decimal:
        return percent(self.population_covered, self.population)


def department_communes(department: str) -> QuerySet[Commune]:
    return Commune.objects.current().filter(department_id=department)


def covered_ids(department: str) -> set[int]:
    """The department's communes that a filled post covers."""
    rows = IsgPost.objects.filled().filter(communes__department_id=department).values_list("communes", flat=True)
    return set(rows)


def _coverage(label: str, rows: list[tuple[int, int]], covered: set[int]) -> Coverage:
    return Coverage(
        label=label,
        communes=len(rows),
        communes_covered=sum(1 for pk, _ in rows if pk in covered),
        population=sum(population for _, population in rows),
        population_covered=sum(population for pk, population in rows if pk in covered),
    )


def department_coverage(department: str) -> Coverage:
    rows = list(department_communes(department).values_list("pk", "population"))
    found = Department.objects.filter(code=department).first()
    label = found.name if found else department
    return _coverage(label, rows, covered_ids(department))


def coverage_by_epci(department: str, epci_filter: Q | None = None) -> list[Coverage]:
    """One row per EPCI with communes in the department (its communes there only), then the communes outside any."""
    communes = department_communes(department)
    if epci_filter is not None:
        communes = communes.filter(epci_filter)
    groups: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for pk, population, name in communes.values_list("pk", "population", "epci__name"):
        groups[name or NO_EPCI].append((pk, population))
    covered = covered_ids(department)
    names = sorted(groups, key=lambda name: (name == NO_EPCI, name))
    return [_coverage(name, groups[name], covered) for name in names]


def status_counts(posts: QuerySet[IsgPost]) -> Counter[str]:
    labels = dict(PostStatus.choices)
    counter: Counter[str] = Counter({str(label): 0 for label in labels.values()})
    counter.update(str(labels[status]) for status in posts.values_list("status", flat=True))
    return counter


def vacant_posts(posts: QuerySet[IsgPost]) -> QuerySet[IsgPost]:
    return posts.filter(status=PostStatus.VACANT).select_related("host", "host__commune")


@dataclass
class FundingRow:
    """One funder in one year: the sum of the amounts known, and its average share over the posts funded that year
    (a post it does not fund counts as 0 %), so that posts of different costs weigh the same."""

    year: int
    funder: str
    kind: str
    amount: Decimal | None = None
    shares: dict[int, Decimal] = field(default_factory=dict)
    posts: set[int] = field(default_factory=set)
    posts_of_year: int = 0

    @property
    def average_share(self) -> Decimal | None:
        if not self.shares or not self.posts_of_year:
            return None
        return (sum(self.shares.values(), Decimal(0)) / self.posts_of_year).quantize(TENTH, ROUND_HALF_UP)


def funding_table(posts: QuerySet[IsgPost]) -> list[FundingRow]:
    """The funding by year (latest first) and funder (as written, grouped by kind then name)."""
    fundings = Funding.objects.filter(post__in=posts).select_related("epci", "commune")
    rows: dict[tuple[int, str], FundingRow] = {}
    posts_by_year: dict[int, set[int]] = defaultdict(set)
    for funding in fundings:
        posts_by_year[funding.year].add(funding.post_id)
        key = (funding.year, funding.funder_label)
        row = rows.setdefault(key, FundingRow(funding.year, funding.funder_label, funding.funder_kind))
        row.posts.add(funding.post_id)
        if funding.amount is not None:
            row.amount = (row.amount or Decimal(0)) + funding.amount
        if funding.share is not None:
            row.shares[funding.post_id] = row.shares.get(funding.post_id, Decimal(0)) + funding.share
    order = {kind: index for index, kind in enumerate(FunderKind.values)}
    result = sorted(rows.values(), key=lambda row: (-row.year, order.get(row.kind, 99), row.funder))
    for row in result:
        row.posts_of_year = len(posts_by_year[row.year])
    return result


def year_totals(rows: list[FundingRow]) -> dict[int, Decimal]:
    totals: dict[int, Decimal] = {}
    for row in rows:
        if row.amount is not None:
            totals[row.year] = totals.get(row.year, Decimal(0)) + row.amount
    return totals
