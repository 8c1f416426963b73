"""The coordinator's map of where no one goes: communes far from any on-site service for a need, and the mobile
units' stops that reach some of them; the same as a table below the map."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from allervers.accounts.permissions import ProRequest
from allervers.network.coverage import CommuneReach, Coverage, Reach, commune_coverage, gaps_first
from allervers.network.geometry import Outlines, outlines
from allervers.network.request_forms import CoverageForm
from allervers.taxonomy import terms
from allervers.territories.enums import CommuneKind
from allervers.territories.models import Commune

# How each reach is drawn: a fill pattern (never colour alone) defined in the map's <defs>.
FILLS = {Reach.GAP: "url(#motif-zone-blanche)", Reach.STOP: "url(#motif-passage)", Reach.ON_SITE: "#b8e6c5"}
OUTSIDE_FILL = "#eeeeee"


@dataclass(frozen=True)
class Shape:
    code: str
    path: str
    fill: str
    status: str
    title: str


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    title: str

    @property
    def path(self) -> str:
        """A diamond around the point, written here: a template would print the decimals with a French comma."""
        return f"M{self.x:.1f} {self.y - 7:.1f}l6 7-6 7-6-7z"


@dataclass(frozen=True)
class Map:
    width: int
    height: int
    shapes: list[Shape]
    markers: list[Marker]
    missing: list[str]  # communes of the table the shipped outlines lack


def build_map(coverage: Coverage, geometry: Outlines, names: dict[str, str]) -> Map:
    """Every shipped outline; a commune of the table takes its reach's pattern, the others read « hors territoire »."""
    rows = {row.commune.code: row for row in coverage.rows}
    shapes = []
    for code, path in sorted(geometry.paths.items()):
        row: CommuneReach | None = rows.get(code)
        if row is None:
            title = f"{names.get(code, code)} : hors de votre territoire"
            shapes.append(Shape(code, path, OUTSIDE_FILL, "hors-territoire", title))
        else:
            shapes.append(Shape(code, path, FILLS[row.reach], row.reach.value, row.title))
    markers = []
    for stop in coverage.stops:
        point = stop.point
        assert point is not None
        x, y = geometry.project(*point)
        markers.append(Marker(x, y, f"Passage : {stop.unit.name}, {stop.place} à {stop.commune.current.name}"))
    missing = sorted(row.commune.name for code, row in rows.items() if code not in geometry.paths)
    return Map(geometry.width, geometry.height, shapes, markers, missing)


def coverage_page(request: ProRequest) -> HttpResponse:
    scope = request.user.coordinator_scope
    if scope is None:
        raise Http404("Page réservée à la coordination.")
    form = CoverageForm(request.GET or None, initial={"distance": settings.NETWORK_COVERAGE_DISTANCE_KM})
    if request.GET and not form.is_valid():
        return render(request, "network/coverage/page.html", {"form": form}, status=400)
    data = form.cleaned_data if request.GET else {}
    theme = terms.thematiques().get(data.get("theme") or "")
    distance = data.get("distance") or settings.NETWORK_COVERAGE_DISTANCE_KM
    department = settings.ALLERVERS_DEPARTMENT_CODE
    coverage = commune_coverage(
        department, theme=theme, distance_km=distance, today=timezone.localdate(), territory=scope.commune_filter("")
    )
    geometry = outlines(department)
    names = _department_names(department) if geometry else {}
    context = {
        "form": form,
        "coverage": coverage,
        "rows": gaps_first(coverage.rows),
        "map": build_map(coverage, geometry, names) if geometry else None,
        "Reach": Reach,
    }
    return render(request, "network/coverage/page.html", context)


def _department_names(department: str) -> dict[str, str]:
    rows = Commune.objects.filter(kind=CommuneKind.COMMUNE, department_id=department).values_list("code", "name")
    return dict(rows)
