"""{% load referral_tags %}: what a listing's page needs to know of hand-overs."""

from __future__ import annotations

from django import template

from allervers.directory.models import Structure
from allervers.referrals.models import structures_without_members

register = template.Library()


@register.filter
def receives_referrals(structure: Structure) -> bool:
    """A hand-over is read by the structure's members: a structure without any cannot receive one (one query)."""
    return not structures_without_members([structure])
