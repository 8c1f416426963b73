from allervers.outreach.models.catalogue import AwarenessEvent, Offer, Session
from allervers.outreach.models.registrations import Evaluation, Registration, RegistrationLog

__all__ = ["AwarenessEvent", "Evaluation", "Offer", "Registration", "RegistrationLog", "Session"]
