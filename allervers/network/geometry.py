"""The shipped commune outlines of a department (data/communes-<code>.json, made by scripts/simplify_communes.py):
SVG paths in a fixed view box, and the projection that placed them, to draw a commune's point or a stop on them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Outlines:
    department: str
    width: int
    height: int
    paths: dict[str, str]  # INSEE code -> SVG path data
    west: float
    north: float
    kx: float
    scale: float
    margin: float

    def project(self, latitude: float, longitude: float) -> tuple[float, float]:
        """(x, y) in the view box, as the outlines were projected (equirectangular, north up)."""
        x = (longitude - self.west) * self.kx * self.scale + self.margin
        y = (self.north - latitude) * self.scale + self.margin
        return round(x, 1), round(y, 1)


@lru_cache(maxsize=4)
def outlines(department: str) -> Outlines | None:
    """The department's outlines, or None when none are shipped (the coverage page then shows its table only)."""
    if not department.isalnum():
        return None
    path = DATA_DIR / f"communes-{department}.json"
    if not path.is_file():
        return None
    document = json.loads(path.read_text(encoding="utf-8"))
    p = document["projection"]
    return Outlines(
        department=document["department"],
        width=int(document["width"]),
        height=int(document["height"]),
        paths=dict(document["communes"]),
        west=float(p["west"]),
        north=float(p["north"]),
        kx=float(p["kx"]),
        scale=float(p["scale"]),
        margin=float(p["margin"]),
    )
