"""A synthetic directory shaped like data·inclusion's, written as a data·inclusion v1 JSON file.

Services go to real communes, more of them where more people live; coverage zones, thématiques and publics
follow skewed distributions close to the national data (a few themes and publics dominate). Everything is
drawn from one seeded generator: the same size and seed give the same file.
"""

from __future__ import annotations

import datetime
import json
import random
from dataclasses import dataclass
from typing import Any

from allervers.taxonomy import terms
from allervers.territories.models import Commune

SOURCE = "banc-essai"
# Below this size the directory is one department's (the platform's default one), above it France's.
DEPARTMENT_SCALE = 10_000
DEPARTMENT = "01"
# Coverage zones: (token, share of on-site services, share of remote-only services).
ZONES = [("commune", 0.50, 0.05), ("epci", 0.22, 0.15), ("departement", 0.22, 0.45), ("region", 0.04, 0.2)]
FRANCE_SHARE_ON_SITE, FRANCE_SHARE_REMOTE = 0.02, 0.15
HOURS = [
    "Mo-Fr 09:00-12:00,14:00-17:00",
    "Mo-Fr 08:30-12:30",
    "Mo,Tu,Th 09:00-12:00; We 14:00-18:00",
    "Tu-Sa 10:00-18:00",
    "Mo-Fr 09:00-17:00; PH off",
    "We 14:00-17:00; Sa 10:00-12:00",
    "",
    "",
]
WORDS = [
    "accueil",
    "écoute",
    "orientation",
    "accompagnement",
    "hébergement",
    "d'urgence",
    "aide",
    "juridique",
    "démarches",
    "administratives",
    "insertion",
    "professionnelle",
    "santé",
    "mentale",
    "violences",
    "conjugales",
    "enfants",
    "familles",
    "jeunes",
    "seniors",
    "précarité",
    "alimentation",
    "logement",
    "médiation",
    "permanence",
    "gratuite",
    "confidentielle",
    "bénévoles",
    "travailleurs",
    "sociaux",
    "psychologue",
    "écrivain",
    "public",
    "numérique",
    "inclusion",
    "mobilité",
    "accès",
    "aux",
    "droits",
    "prévention",
    "addictions",
    "éducation",
    "parentalité",
    "soutien",
    "scolaire",
    "français",
    "langue",
    "étrangère",
    "réfugiés",
    "victimes",
    "dépôt",
    "de",
    "plainte",
    "protection",
    "sécurité",
    "entraide",
    "épicerie",
    "solidaire",
    "vêtements",
    "hygiène",
    "douches",
    "bagagerie",
    "domiciliation",
]
# One service in a thousand mentions this, so that a rare-word search has a few answers at every size.
RARE_PHRASE = "zoothérapie équine"
NAMES = [
    "Accueil de jour",
    "Permanence juridique",
    "Point d'écoute",
    "Espace France services",
    "Épicerie solidaire",
    "Consultation psychologique",
    "Atelier numérique",
    "Hébergement d'urgence",
    "Aide aux démarches",
    "Maison des familles",
]
STRUCTURE_KINDS = ["Association", "CCAS", "Centre social", "Maison de quartier", "Antenne", "Fondation"]


@dataclass
class Place:
    code: str
    name: str
    postal_code: str
    latitude: float
    longitude: float
    department: str
    region: str
    has_epci: bool
    population: int


def places(scale: int) -> list[Place]:
    """Current communes with a point, a postal code and a department (of one department at small scale)."""
    communes = Commune.objects.current().exclude(latitude=None).exclude(department=None)
    if scale <= DEPARTMENT_SCALE:
        communes = communes.filter(department_id=DEPARTMENT)
    rows = communes.order_by("code").values_list(
        "code", "name", "postal_codes", "latitude", "longitude", "department_id", "region_code", "epci_id", "population"
    )
    return [
        Place(code, name, codes[0], lat, lon, dept, region, bool(epci), population)
        for code, name, codes, lat, lon, dept, region, epci, population in rows
        if codes and region and lat is not None and lon is not None
    ]


def _zipf(codes: list[str], rng: random.Random, count: int, exponent: float = 1.1) -> list[str]:
    weights = [1 / (rank + 1) ** exponent for rank in range(len(codes))]
    return list(dict.fromkeys(rng.choices(codes, weights, k=count)))


def _description(rng: random.Random) -> str:
    words = rng.sample(WORDS, rng.randint(8, 18))
    text = " ".join(words).capitalize() + "."
    if rng.random() < 0.001:
        text += f" Séances de {RARE_PHRASE}."
    return text


class Generator:
    def __init__(self, services: int, seed: int) -> None:
        self.size, self.rng = services, random.Random(seed)  # noqa: S311 (synthetic data, reproducible by seed)
        self.places = places(services)
        if not self.places:
            raise ValueError("aucune commune : chargez d'abord les territoires (allervers load-territories)")
        self.weights = [max(place.population, 50) ** 0.8 for place in self.places]
        # Popular themes first: the taxonomy's order shuffled once per seed, so skew doesn't follow the alphabet.
        self.thematiques = [code for code in terms.thematiques() if "--" in code]
        self.rng.shuffle(self.thematiques)
        self.publics = [code for code in terms.publics() if code != "tous-publics"]
        self.rng.shuffle(self.publics)

    def dataset(self) -> dict[str, Any]:
        structures: list[dict[str, Any]] = []
        services: list[dict[str, Any]] = []
        day = datetime.date(2026, 1, 15).isoformat()
        while len(services) < self.size:
            place = self.rng.choices(self.places, self.weights)[0]
            number = len(structures)
            structure = self._structure(number, place, day)
            structures.append(structure)
            for index in range(min(self.rng.choice([1, 1, 1, 2, 2, 3, 4]), self.size - len(services))):
                services.append(self._service(structure, place, index, day))
        return {"structures": structures, "services": services}

    def _structure(self, number: int, place: Place, day: str) -> dict[str, Any]:
        rng = self.rng
        return {
            "id": f"st-{number}",
            "nom": f"{rng.choice(STRUCTURE_KINDS)} {place.name} n° {number}",
            "description": _description(rng),
            "code_insee": place.code,
            "commune": place.name,
            "code_postal": place.postal_code,
            "adresse": f"{rng.randint(1, 120)} rue de l'Église",
            "latitude": round(place.latitude + rng.uniform(-0.01, 0.01), 6),
            "longitude": round(place.longitude + rng.uniform(-0.01, 0.01), 6),
            "telephone": f"01 {number // 1000000 % 100:02d} {number // 10000 % 100:02d} "
            f"{number // 100 % 100:02d} {number % 100:02d}",
            "courriel": f"contact{number}@exemple.fr",
            "date_maj": day,
        }

    def _service(self, structure: dict[str, Any], place: Place, index: int, day: str) -> dict[str, Any]:
        rng = self.rng
        draw = rng.random()
        modes = (
            ["en-presentiel"] if draw < 0.75 else (["en-presentiel", "a-distance"] if draw < 0.9 else ["a-distance"])
        )
        on_site = "en-presentiel" in modes
        publics = ["tous-publics"] if rng.random() < 0.3 else _zipf(self.publics, rng, rng.randint(1, 2))
        service: dict[str, Any] = {
            "id": f"{structure['id']}-{index}",
            "structure_id": structure["id"],
            "nom": f"{rng.choice(NAMES)} – {place.name}",
            "description": _description(rng),
            "thematiques": _zipf(self.thematiques, rng, rng.randint(1, 3)),
            "publics": publics,
            "modes_accueil": modes,
            "zone_eligibilite": self._zone(place, on_site),
            "frais": "gratuit" if rng.random() < 0.85 else "payant",
            "horaires_accueil": rng.choice(HOURS),
            "modes_mobilisation": ["se-presenter", "telephoner"] if on_site else ["telephoner"],
            "date_maj": day,
        }
        if not on_site:
            service["code_insee"] = place.code
        return service

    def _zone(self, place: Place, on_site: bool) -> list[str]:
        rng = self.rng
        if rng.random() < (FRANCE_SHARE_ON_SITE if on_site else FRANCE_SHARE_REMOTE):
            return ["france"]
        levels = [level for level, _, _ in ZONES]
        weights = [on if on_site else remote for _, on, remote in ZONES]
        level = rng.choices(levels, weights)[0]
        if level == "epci" and not place.has_epci:
            level = "commune"
        return [f"R{place.region}"] if level == "region" else [level]


def generate(services: int, seed: int) -> dict[str, Any]:
    return Generator(services, seed).dataset()


def with_changes(data: dict[str, Any], share: float, seed: int) -> dict[str, Any]:
    """The same directory where a share of the services has a new description (as a monthly refresh would)."""
    rng = random.Random(seed + 1)  # noqa: S311 (synthetic data, reproducible by seed)
    services = [dict(service) for service in data["services"]]
    for service in rng.sample(services, int(len(services) * share)):
        service["description"] = _description(rng) + " Mise à jour."
    return {"structures": data["structures"], "services": services}


def to_json(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode()
