"""The campaigns' vocabularies: themes (and the directory themes whose helplines suit them), publics, shops."""

from django.db import models


class Theme(models.TextChoices):
    VIOLENCES_INTRAFAMILIALES = "violences-intrafamiliales", "violences intrafamiliales et conjugales"
    ENFANCE = "enfance-en-danger", "enfance en danger"
    PERSONNES_AGEES = "personnes-agees-handicap", "maltraitance des personnes âgées ou handicapées"
    NUMERIQUE = "cyberharcelement", "harcèlement et violences numériques"
    VICTIMES = "aide-aux-victimes", "aide à toutes les victimes"


# The directory's thematiques (taxonomy) whose helplines a support of the theme prints: the numbers come from the
# directory's helplines, never from this file.
THEME_THEMATIQUES: dict[str, list[str]] = {
    Theme.VIOLENCES_INTRAFAMILIALES: [
        "aide-aux-victimes--violences-conjugales",
        "aide-aux-victimes--enfance-en-danger",
        "aide-aux-victimes--maltraitance-personnes-agees",
    ],
    Theme.ENFANCE: ["aide-aux-victimes--enfance-en-danger", "aide-aux-victimes--cyberharcelement"],
    Theme.PERSONNES_AGEES: [
        "aide-aux-victimes--maltraitance-personnes-agees",
        "aide-aux-victimes--maltraitance-personnes-handicapees",
    ],
    Theme.NUMERIQUE: ["aide-aux-victimes--cyberharcelement"],
    Theme.VICTIMES: ["aide-aux-victimes--ecoute-et-orientation"],
}


class TargetPublic(models.TextChoices):
    TOUS = "tous", "tout public"
    TEMOINS = "temoins", "témoins et proches"
    PERSONNES_AGEES = "personnes-agees", "personnes âgées"
    JEUNES = "jeunes", "jeunes"
    FEMMES = "femmes", "femmes"
    HANDICAP = "handicap", "personnes en situation de handicap"


class ShopKind(models.TextChoices):
    BOULANGERIE = "boulangerie", "boulangerie"
    PHARMACIE = "pharmacie", "pharmacie"
    TABAC = "tabac", "bureau de tabac"
    EPICERIE = "epicerie", "épicerie"
    MARCHE = "marche", "marché"
    BAILLEUR = "bailleur", "bailleur social"


class SupportKind(models.TextChoices):
    FOURREAU = "fourreau", "fourreau à baguette"
    SACHET = "sachet", "sachet de pharmacie"
    SET_DE_TABLE = "set-de-table", "set de table (A3 paysage)"
    AFFICHE_A4 = "affiche-a4", "affiche A4"
    AFFICHE_A3 = "affiche-a3", "affiche A3"
    FLYER_A5 = "flyer-a5", "flyer A5"
    CARTE = "carte", "carte de poche (85 × 55 mm)"
