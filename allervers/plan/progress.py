"""Progress of fiches, rolled up without a query per fiche.

A fiche with sub-actions takes the weighted mean of its children (abandoned children left out); a fiche without
children takes the share of its steps done; a fiche without steps is 0 until it is « réalisé » (100).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from allervers.plan.enums import FicheStatus


@dataclass
class Node:
    pk: int
    parent_id: int | None
    status: str
    weight: int
    steps_done: int = 0
    steps_total: int = 0
    children: list[Node] = field(default_factory=list)


def rollup(nodes: Iterable[Node]) -> dict[int, int]:
    """Progress in percent (0-100) for every node, children before parents."""
    by_pk = {node.pk: node for node in nodes}
    for node in by_pk.values():
        node.children = []
    for node in by_pk.values():
        if node.parent_id in by_pk:
            by_pk[node.parent_id].children.append(node)
    result: dict[int, int] = {}
    for node in by_pk.values():
        _progress(node, result)
    return result


def _progress(node: Node, result: dict[int, int]) -> int:
    if node.pk in result:
        return result[node.pk]
    if node.status == FicheStatus.DONE:
        value = 100
    elif counted := [child for child in node.children if child.status != FicheStatus.ABANDONED]:
        total_weight = sum(child.weight for child in counted) or len(counted)
        weighted = sum(_progress(child, result) * (child.weight or 0) for child in counted)
        value = round(weighted / total_weight) if any(child.weight for child in counted) else 0
    elif node.steps_total:
        value = round(100 * node.steps_done / node.steps_total)
    else:
        value = 0
    for child in node.children:
        _progress(child, result)
    result[node.pk] = value
    return value


def weighted_mean(pairs: Iterable[tuple[int, int]]) -> int:
    """Mean of (progress, weight) pairs, 0 when nothing weighs."""
    items = list(pairs)
    total = sum(weight for _, weight in items)
    return round(sum(value * weight for value, weight in items) / total) if total else 0
