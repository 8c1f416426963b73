from django.db import models


class Urgency(models.TextChoices):
    """When a step applies."""

    DANGER = "danger-immediat", "En cas de danger immédiat"
    NO_DANGER = "sans-danger", "Sans danger immédiat"
    ALWAYS = "toujours", "Dans tous les cas"


class Audience(models.TextChoices):
    """Who a step is written for: some steps (a report to the prosecutor) are for professionals only."""

    EVERYONE = "tous", "Tout le monde"
    PROFESSIONALS = "professionnels", "Professionnels"


class ContactMode(models.TextChoices):
    CALL = "appeler", "Appeler"
    GO = "se-rendre", "Se rendre sur place"
    ONLINE = "en-ligne", "En ligne"
    WRITE = "ecrire", "Écrire un signalement"


class CompetenceKind(models.TextChoices):
    """Territorial competences: the unit is fixed by where the person lives, not by the person's choice."""

    CRIP = "crip", "Cellule de recueil des informations préoccupantes (CRIP)"
    PARQUET = "parquet", "Parquet (procureur de la République)"
    FORCES_DE_L_ORDRE = "forces-de-l-ordre", "Brigade de gendarmerie ou commissariat de police"
    JUGE_PROTECTION = "juge-des-contentieux-de-la-protection", "Juge des contentieux de la protection (tutelles)"


class Asker(models.TextChoices):
    """The assistant's first question: for whom."""

    MYSELF = "moi", "Pour moi"
    RELATIVE = "proche", "Pour une personne que je connais"
    PROFESSIONAL = "professionnel", "Je suis un ou une professionnelle"


class DangerAnswer(models.TextChoices):
    YES = "oui", "Oui, quelqu'un est en danger maintenant"
    NO = "non", "Non, pas en ce moment"
    UNSURE = "ne-sait-pas", "Je ne sais pas"
