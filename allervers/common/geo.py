"""Distances between points on the Earth, precise enough for "the nearest help"."""

import math

EARTH_RADIUS_M = 6_371_000


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> int:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return round(2 * EARTH_RADIUS_M * math.asin(math.sqrt(a)))


def longitude_scale(latitude: float) -> float:
    """How much shorter a degree of longitude is than a degree of latitude here (equirectangular ordering)."""
    return math.cos(math.radians(latitude))


def format_distance(metres: int) -> str:
    if metres < 1000:
        # Places are often a commune's point: metres would promise a precision we do not have.
        return "moins de 1 km"
    km = metres / 1000
    return f"{km:.1f} km".replace(".", ",") if km < 10 else f"{round(km)} km"
