"""Moved to allervers/taxonomy/emergency.py (the reference layer, below every module that shows the numbers)."""

from allervers.taxonomy.emergency import EMERGENCY_NUMBERS, SOURCE_URL, EmergencyNumber

__all__ = ["EMERGENCY_NUMBERS", "SOURCE_URL", "EmergencyNumber"]
