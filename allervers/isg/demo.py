"""The demo of the ISG module: one post at the gendarmerie group of the Ain (Bourg-en-Bresse), with synthetic
funding shares and an illustrative zone.

The host unit is the demo directory's « Groupement de gendarmerie départementale de l'Ain » (source "demo-ain",
id "ggd-ain"). What is not sourced is left empty: no start date, no intervenant's name, no amount. The zone (the
communes of the CA du Bassin de Bourg-en-Bresse but Bourg-en-Bresse itself, where the police station serves) and
the funding shares are illustrative, and said so in the data and in demo/SOURCES.md. Safe to re-run: the demo post
is found again by its host and name, its zone and its fundings are replaced.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from allervers.directory.models import Structure
from allervers.isg.enums import FunderKind, HostLevel, PostKind, PostStatus
from allervers.isg.models import Funding, IsgPost
from allervers.territories.models import EPCI, Commune

SOURCE = "demo-ain"
HOST = "ggd-ain"
NAME = "Intervenant social en gendarmerie – groupement de l'Ain (Bourg-en-Bresse)"
EPCI_BOURG = "200071751"  # Communauté d'agglomération du Bassin de Bourg-en-Bresse
POLICE_ZONE = {"01053"}  # Bourg-en-Bresse: its police station, not the gendarmerie, serves the town
SYNTHETIC = "Part synthétique (démonstration) : aucun chiffre réel de financement n'a été publié."
NOTES = (
    "Poste de démonstration. Les communes couvertes sont illustratives (l'agglomération de Bourg-en-Bresse hors la "
    "ville-centre, en zone police) ; les parts de financement sont synthétiques. Aucune donnée personnelle : le "
    "nom de l'intervenant n'est pas enregistré."
)
# Year, funder kind, funder name, EPCI SIREN, share (percent): synthetic.
FUNDINGS = [
    (2025, FunderKind.STATE, "", "", Decimal(60)),
    (2025, FunderKind.EPCI, "", EPCI_BOURG, Decimal(40)),
    (2026, FunderKind.STATE, "", "", Decimal(50)),
    (2026, FunderKind.DEPARTMENT, "Département de l'Ain", "", Decimal(25)),
    (2026, FunderKind.EPCI, "", EPCI_BOURG, Decimal(25)),
]
INDICATORS = [
    ("Part des communes couvertes par un ISG en poste", "isg-part-communes-couvertes", "%"),
    ("Part de la population couverte par un ISG en poste", "isg-part-population-couverte", "%"),
    ("Postes d'ISG pourvus et vacants", "isg-postes-par-statut", "postes"),
    ("Financement des postes d'ISG par financeur (part moyenne)", "isg-financement-part-financeur", "%"),
]


class DemoIsgError(Exception):
    pass


@dataclass
class DemoReport:
    posts: int
    communes: int
    fundings: int
    indicators: int


def zone_codes() -> list[str]:
    codes = Commune.objects.current().filter(epci_id=EPCI_BOURG).order_by("code").values_list("code", flat=True)
    return [code for code in codes if code not in POLICE_ZONE]


def load_isg_demo() -> DemoReport:
    host = Structure.objects.filter(source=SOURCE, source_id=HOST).first()
    if host is None:
        raise DemoIsgError(f"Structure de démonstration introuvable : {HOST} (lancez « load-demo »).")
    epci = EPCI.objects.filter(siren=EPCI_BOURG).first()
    codes = zone_codes()
    if epci is None or not codes:
        raise DemoIsgError(f"EPCI {EPCI_BOURG} absent (lancez d'abord « load-territories »).")
    fields = {"kind": PostKind.GENDARMERIE, "host_level": HostLevel.GROUP, "notes": NOTES}
    with transaction.atomic():
        post = IsgPost.objects.filter(host=host, name=NAME, is_demo=True).select_related("service").first()
        if post is None:
            post = IsgPost.create(
                host=host, zone_codes=codes, is_demo=True, name=NAME, status=PostStatus.FILLED, **fields
            )
        else:
            for name, value in {**fields, "status": PostStatus.FILLED}.items():
                setattr(post, name, value)
            post.save()
            post.cover(codes)
        post.fundings.all().delete()
        Funding.objects.bulk_create(
            Funding(
                post=post,
                year=year,
                funder_kind=kind,
                funder_name=name,
                epci=epci if siren else None,
                share=share,
                note=SYNTHETIC,
            )
            for year, kind, name, siren, share in FUNDINGS
        )
    return DemoReport(1, post.communes.count(), len(FUNDINGS), _plan_indicators())


def _plan_indicators() -> int:
    """Automatic indicators on the demo plan's fiche 2.2.3 (when the plan demo is loaded), refreshed."""
    from allervers.plan.models import FicheAction, Indicator

    fiche = (
        FicheAction.objects.filter(action__axis__plan__is_demo=True, number="2.2.3")
        .select_related("action__axis__plan")
        .first()
    )
    if fiche is None:
        return 0
    for title, source, unit in INDICATORS:
        indicator, _ = Indicator.objects.update_or_create(
            plan=fiche.action.axis.plan,
            automatic_source=source,
            defaults={"fiche": fiche, "title": title, "unit": unit, "source": "Aller-vers (calcul automatique)"},
        )
        indicator.refresh()
    return len(INDICATORS)
