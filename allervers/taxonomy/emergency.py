"""Emergency numbers: stable national facts, shown before anything else when someone may be in danger.

Source: service-public.fr, « Numéros d'urgence » (vérifié le 26/11/2026).
"""

from dataclasses import dataclass

SOURCE_URL = "https://www.service-public.fr/particuliers/vosdroits/F33954"


@dataclass(frozen=True)
class EmergencyNumber:
    number: str
    title: str
    when: str
    sms: bool = False

    @property
    def tel_href(self) -> str:
        return f"tel:{self.number}"

    @property
    def sms_href(self) -> str:
        return f"sms:{self.number}"


EMERGENCY_NUMBERS = [
    EmergencyNumber("17", "Police secours et gendarmerie", "Un danger immédiat, une violence en cours."),
    EmergencyNumber("112", "Numéro d'urgence européen", "Depuis n'importe quel téléphone, partout en Europe."),
    EmergencyNumber(
        "114",
        "Urgence par SMS, tchat ou visio",
        "Si vous ne pouvez pas parler (personne sourde, ou agresseur présent) : envoyez un SMS au 114.",
        sms=True,
    ),
    EmergencyNumber("15", "SAMU", "Une urgence médicale."),
    EmergencyNumber("18", "Sapeurs-pompiers", "Un incendie, un accident, une personne en péril."),
    EmergencyNumber("115", "SAMU social", "Besoin d'un hébergement d'urgence, cette nuit."),
]
