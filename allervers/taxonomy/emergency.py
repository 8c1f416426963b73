"""Emergency numbers: stable national facts, shown before anything else when someone may be in danger.

Source: service-public.fr, « Numéros d'urgence » (vérifié le 26/11/2026).
The 114 takes no voice call: SMS, and a chat with video ("conversation totale") from the Urgence 114 application
or from www.urgence114.fr, for deaf and hard-of-hearing people and for anyone who cannot speak. Sources, consulted
on 02/12/2026: info.urgence114.fr (the Centre national relais 114, CHU Grenoble-Alpes), informations.handicap.fr
« 114 : l'appli d'urgence pour les sourds » (the web call at www.urgence114.fr), aidetech.arsla.org « Appel
d'urgence 114 » (updated November 2025: SMS, chat with video through the application or the web platform, fax).
"""

from dataclasses import dataclass

SOURCE_URL = "https://www.service-public.fr/particuliers/vosdroits/F33954"
URGENCE_114_URL = "https://www.urgence114.fr"


@dataclass(frozen=True)
class EmergencyNumber:
    number: str
    title: str
    when: str
    # False for a number that takes no voice call (the 114): its link sends an SMS.
    voice: bool = True
    web_url: str = ""
    web_label: str = ""

    @property
    def href(self) -> str:
        """The link a tap follows: a call, or an SMS for a number that takes no call."""
        return f"tel:{self.number}" if self.voice else f"sms:{self.number}"

    @property
    def action(self) -> str:
        return "appeler le" if self.voice else "envoyer un SMS au"


EMERGENCY_NUMBERS = [
    EmergencyNumber("17", "Police secours et gendarmerie", "Un danger immédiat, une violence en cours."),
    EmergencyNumber("112", "Numéro d'urgence européen", "Depuis n'importe quel téléphone, partout en Europe."),
    EmergencyNumber(
        "114",
        "Urgence par SMS, si vous ne pouvez pas parler ou entendre",
        "Pour les personnes sourdes ou malentendantes, et pour toute personne qui ne peut pas parler "
        "(l'agresseur est là, par exemple). Le 114 ne prend pas les appels : envoyez-lui un SMS.",
        voice=False,
        web_url=URGENCE_114_URL,
        web_label="Tchat ou visio, en langue des signes aussi : application ou site Urgence 114",
    ),
    EmergencyNumber("15", "SAMU", "Une urgence médicale."),
    EmergencyNumber("18", "Sapeurs-pompiers", "Un incendie, un accident, une personne en péril."),
    EmergencyNumber("115", "SAMU social", "Besoin d'un hébergement d'urgence, cette nuit."),
]
