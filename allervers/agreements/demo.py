"""The demo of the agreements module: the two partnerships with health that the seed's Action 3.1 lists
(« AMJA : unité médico-judiciaire en milieu hospitalier à Fleyriat » ; « convention parquet/médecins/ARS »), as
projects.

Projects carry no signature date, no duration, no end date and no signatory: the seed gives none. Parties are the
demo directory's structures (source "demo-ain") when they are listed there; the ARS and the doctors, which the
directory does not list, are parties by name only. The agreements are linked to the demo plan's fiche 2.3.1
(« Approfondir les partenariats avec la santé ») when the plan demo is loaded. Safe to re-run: the demo agreements
are found again by title and their parties replaced. See demo/SOURCES.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction

from allervers.agreements.enums import AgreementKind, PartyRole, Renewal
from allervers.agreements.models import Agreement, Party
from allervers.directory.models import Structure
from allervers.territories.models import Department

SOURCE = "demo-ain"
FICHE = "2.3.1"
MEDICO_LEGAL = "aide-aux-victimes--examen-medico-legal"

AGREEMENTS: list[dict[str, Any]] = [
    {
        "title": "Convention parquet / médecins / ARS",
        "kind": AgreementKind.CONVENTION,
        "purpose": (
            "Projet de convention entre le parquet, les médecins et l'agence régionale de santé, inscrit au plan "
            "départemental de prévention de la délinquance (Action 3 : « Approfondir les partenariats avec la "
            "santé », « convention parquet/médecins/ARS ») : réquisitions et constatations médicales au bénéfice "
            "des victimes. Le contenu de la convention reste à rédiger entre les parties."
        ),
        "parties": [
            {"structure": "tj-bourg-en-bresse", "role": PartyRole.SIGNATORY, "label": "parquet"},
            {"name": "Médecins", "role": PartyRole.SIGNATORY, "label": "professionnels de santé, à préciser"},
            {"name": "Agence régionale de santé Auvergne-Rhône-Alpes", "role": PartyRole.SIGNATORY, "label": ""},
        ],
    },
    {
        "title": "Unité médico-judiciaire en milieu hospitalier à Fleyriat",
        "kind": AgreementKind.CONVENTION,
        "purpose": (
            "Projet inscrit au plan départemental de prévention de la délinquance (Action 3 : « Approfondir les "
            "partenariats avec la santé », « AMJA : unité médico-judiciaire en milieu hospitalier à Fleyriat ») : "
            "l'unité médico-judiciaire du Centre hospitalier de Bourg-en-Bresse, sur le site de l'hôpital "
            "Fleyriat. Les autres parties et le contenu restent à définir."
        ),
        "parties": [
            {
                "structure": "umj-bourg-fleyriat",
                "role": PartyRole.PARTNER,
                "label": "établissement de santé (unité médico-judiciaire)",
            },
        ],
    },
]


class DemoAgreementsError(Exception):
    pass


# Automatic indicators put on the demo plan's fiche 2.3.1, refreshed at each load.
INDICATORS = [
    ("Conventions et protocoles en projet", "conventions-en-projet"),
    ("Conventions et protocoles signés", "conventions-signees"),
    ("Conventions arrivant à échéance dans les 90 jours", "conventions-echeance-90-jours"),
]


@dataclass
class DemoReport:
    agreements: int
    parties: int
    directory_parties: int
    fiches: int
    indicators: int


def load_agreements_demo() -> DemoReport:
    wanted = {p["structure"] for raw in AGREEMENTS for p in raw["parties"] if "structure" in p}
    structures = {s.source_id: s for s in Structure.objects.filter(source=SOURCE, source_id__in=wanted)}
    missing = sorted(wanted - set(structures))
    if missing:
        raise DemoAgreementsError(
            f"Structures de démonstration introuvables : {', '.join(missing)} (lancez « load-demo »)."
        )
    department = Department.objects.filter(code=settings.ALLERVERS_DEPARTMENT_CODE).first()
    if department is None:
        raise DemoAgreementsError("Département absent (lancez d'abord « load-territories »).")
    from allervers.plan.models import FicheAction

    fiches = list(
        FicheAction.objects.filter(action__axis__plan__is_demo=True, number=FICHE).select_related("action__axis__plan")
    )
    parties = 0
    with transaction.atomic():
        for raw in AGREEMENTS:
            agreement = _agreement(raw, department)
            agreement.fiches.set(fiches)
            parties += _parties(agreement, raw["parties"], structures)
    indicators = _plan_indicators(fiches)
    return DemoReport(len(AGREEMENTS), parties, len(wanted), len(fiches), indicators)


def _agreement(raw: dict[str, Any], department: Department) -> Agreement:
    agreement, _ = Agreement.objects.update_or_create(
        title=raw["title"],
        is_demo=True,
        defaults={
            "kind": raw["kind"],
            "purpose": raw["purpose"],
            "theme": MEDICO_LEGAL,
            "department": department,
            "renewal": Renewal.NONE,
        },
    )
    return agreement


def _parties(agreement: Agreement, rows: list[dict[str, Any]], structures: dict[str, Structure]) -> int:
    agreement.parties.all().delete()
    Party.objects.bulk_create(
        Party(
            agreement=agreement,
            structure=structures[row["structure"]] if "structure" in row else None,
            name=row.get("name", ""),
            role=row["role"],
            role_label=row["label"],
            position=position,
        )
        for position, row in enumerate(rows)
    )
    return len(rows)


def _plan_indicators(fiches: list[Any]) -> int:
    """The module's automatic indicators on the demo plan's fiche 2.3.1 (when the plan demo is loaded)."""
    from allervers.plan.models import Indicator

    count = 0
    for fiche in fiches:
        plan = fiche.action.axis.plan
        for title, source in INDICATORS:
            indicator, _ = Indicator.objects.update_or_create(
                plan=plan,
                automatic_source=source,
                defaults={
                    "fiche": fiche,
                    "title": title,
                    "unit": "conventions",
                    "source": "Aller-vers (calcul automatique)",
                },
            )
            indicator.refresh()
            count += 1
    return count
