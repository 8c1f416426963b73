from allervers.network.models.requests import VisitEvent, VisitRequest
from allervers.network.models.units import MobileUnit, Stop, StopException

__all__ = ["MobileUnit", "Stop", "StopException", "VisitEvent", "VisitRequest"]
