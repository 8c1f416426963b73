"""What a printed fiche says of an actor listed without any contact: where to ask, as its description says."""

from __future__ import annotations

import re

from django import template

register = template.Library()

# The sentences of a description that tell how to reach an actor we hold no contact for (the demo's wording,
# and what a coordinator writes in the same spirit).
_WHERE = re.compile(
    r"nous n'avons pas|nous ne connaissons pas|pour (?:la|le|les) joindre|pour trouver|cherchez|demandez|adressez",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


@register.filter
def where_to_ask(description: str) -> str:
    """The first sentence of the description on how to reach the actor (a printed sheet has one page); empty
    when it says nothing of it."""
    return next((s for s in _SENTENCE.split(description.strip()) if _WHERE.search(s)), "")
