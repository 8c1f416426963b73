"""Load the demo plan (the seed's objective 2, its fiches, the meeting of 2 December 2020 and its decisions).

Structures are looked up in the demo directory (source + id), so `load-demo` runs first. Safe to re-run: every
object is found again by its natural key (plan title and period, numbers, titles) and updated in place.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from allervers.directory.models import Structure
from allervers.plan.models import (
    Action,
    Axis,
    Decision,
    FicheAction,
    FicheTemplate,
    Indicator,
    Meeting,
    Participant,
    Plan,
    TemplateField,
    WorkingGroup,
)
from allervers.territories.models import Department

DEMO_FILE = Path(__file__).parent / "demo" / "pdpd-ain-2021-2024.json"


class DemoPlanError(Exception):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class DemoPlanReport:
    plan: Plan
    fiches: int
    indicators: int
    decisions: int
    values: int


def load_plan_demo(path: Path = DEMO_FILE) -> DemoPlanReport:
    data = json.loads(path.read_text(encoding="utf-8"))
    structures = _structures(data)
    with transaction.atomic():
        plan = _plan(data)
        fiches = _axes(plan, data["axes"], structures)
        indicators = _indicators(plan, data["indicators"], fiches)
        decisions = _working_group(plan, data["working_group"], structures, fiches)
    values = sum(indicator.refresh() for indicator in indicators)
    return DemoPlanReport(plan, len(fiches), len(indicators), decisions, values)


def _structures(data: dict[str, Any]) -> dict[str, Structure]:
    wanted: set[str] = set()
    for axis in data["axes"]:
        for action in axis["actions"]:
            for fiche in action["fiches"]:
                wanted.update(fiche["pilots"], fiche["partners"])
    wanted.update(p["structure"] for p in data["working_group"]["meeting"]["participants"] if p.get("structure"))
    found = {s.source_id: s for s in Structure.objects.filter(source=data["directory_source"], source_id__in=wanted)}
    missing = sorted(wanted - set(found))
    if missing:
        raise DemoPlanError(
            [f"Structure de démonstration introuvable : {code} (lancez d'abord « load-demo »)." for code in missing]
        )
    return found


def _plan(data: dict[str, Any]) -> Plan:
    raw = data["plan"]
    department = Department.objects.filter(code=raw["department"]).first()
    if department is None:
        raise DemoPlanError([f"Département {raw['department']} absent (lancez d'abord « load-territories »)."])
    template, _ = FicheTemplate.objects.update_or_create(
        name=data["template"]["name"], department=department, defaults={}
    )
    for position, field in enumerate(data["template"]["fields"]):
        TemplateField.objects.update_or_create(
            template=template, key=field["key"], defaults={**field, "position": position}
        )
    plan, _ = Plan.objects.update_or_create(
        title=raw["title"],
        department=department,
        start_year=raw["start_year"],
        defaults={
            "end_year": raw["end_year"],
            "status": raw["status"],
            "owner": raw["owner"],
            "summary": raw["summary"],
            "template": template,
            "is_demo": True,
        },
    )
    return plan


def _axes(plan: Plan, axes: list[dict[str, Any]], structures: dict[str, Structure]) -> dict[str, FicheAction]:
    fiches: dict[str, FicheAction] = {}
    for raw_axis in axes:
        axis, _ = Axis.objects.update_or_create(
            plan=plan,
            number=raw_axis["number"],
            defaults={"title": raw_axis["title"], "description": raw_axis["description"]},
        )
        for raw_action in raw_axis["actions"]:
            action, _ = Action.objects.update_or_create(
                axis=axis,
                number=raw_action["number"],
                defaults={"title": raw_action["title"], "objectives": raw_action["objectives"]},
            )
            for raw in raw_action["fiches"]:
                fiche, _ = FicheAction.objects.update_or_create(
                    action=action,
                    number=raw["number"],
                    defaults={
                        "title": raw["title"],
                        "objectives": raw.get("objectives", ""),
                        "description": raw["description"],
                        "target_publics": raw.get("target_publics", ""),
                        "territory": "Département de l'Ain",
                    },
                )
                fiche.pilots.set([structures[code] for code in raw["pilots"]])
                fiche.partners.set([structures[code] for code in raw["partners"]])
                fiches[fiche.number] = fiche
    return fiches


def _indicators(plan: Plan, rows: list[dict[str, Any]], fiches: dict[str, FicheAction]) -> list[Indicator]:
    indicators = []
    for position, raw in enumerate(rows):
        indicator, _ = Indicator.objects.update_or_create(
            plan=plan,
            title=raw["title"],
            defaults={
                "fiche": fiches[raw["fiche"]],
                "unit": raw["unit"],
                "source": raw["source"],
                "frequency": raw["frequency"],
                "automatic_source": raw["automatic_source"],
                "position": position,
            },
        )
        indicators.append(indicator)
    return indicators


def _working_group(
    plan: Plan, raw: dict[str, Any], structures: dict[str, Structure], fiches: dict[str, FicheAction]
) -> int:
    group, _ = WorkingGroup.objects.update_or_create(
        plan=plan,
        number=raw["number"],
        defaults={"title": raw["title"], "objective": raw["objective"], "axis": plan.axes.get(number=raw["axis"])},
    )
    raw_meeting = raw["meeting"]
    meeting, _ = Meeting.objects.update_or_create(
        group=group,
        held_on=datetime.date.fromisoformat(raw_meeting["held_on"]),
        defaults={key: raw_meeting[key] for key in ("title", "agenda", "summary")},
    )
    meeting.participants.all().delete()
    Participant.objects.bulk_create(
        Participant(
            meeting=meeting,
            role=p["role"],
            structure=structures.get(p.get("structure", "")),
            organisation=p.get("organisation", ""),
            function=p["function"],
            position=position,
        )
        for position, p in enumerate(raw_meeting["participants"])
    )
    actions = {action.code: action for action in Action.objects.filter(axis__plan=plan).select_related("axis")}
    for item in raw_meeting["decisions"]:
        decision, _ = Decision.objects.update_or_create(
            meeting=meeting,
            number=item["number"],
            defaults={"text": item["text"], "follow_up_by": item["follow_up_by"]},
        )
        decision.actions.set([actions[code] for code in item["actions"]])
        decision.fiches.set([fiches[number] for number in item["fiches"]])
    return len(raw_meeting["decisions"])
