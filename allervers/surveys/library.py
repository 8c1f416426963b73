"""The library of question blocks, aligned on the families of the national VRS survey (and CVS before it).

Wording kept short and plain. Each block goes on its own page; a follow-up question is asked only after a « oui »
to the question it depends on (`after`), on the page after it (the form works without JavaScript). Profile
questions (sexe, age, commune) are asked on the last page, as separate fields, because the weighting needs them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from allervers.surveys.enums import Family

if TYPE_CHECKING:
    from allervers.surveys.models import Survey


@dataclass(frozen=True)
class LibraryQuestion:
    code: str
    text: str
    sensitive: bool = False
    after: str = ""  # code of the question that must be answered « oui » first
    indicator: bool = False
    help_text: str = ""


@dataclass(frozen=True)
class Block:
    family: Family
    title: str
    questions: tuple[LibraryQuestion, ...]


PERIOD = "Au cours des 12 derniers mois"

BLOCKS: tuple[Block, ...] = (
    Block(
        Family.VICTIMISATION,
        "Ce qui vous est arrivé",
        (
            LibraryQuestion("cambriolage", f"{PERIOD}, votre logement a-t-il été cambriolé ?", indicator=True),
            LibraryQuestion("vol", f"{PERIOD}, vous a-t-on volé un objet (sac, téléphone, argent…) ?", indicator=True),
            LibraryQuestion(
                "vol_vehicule", f"{PERIOD}, vous a-t-on volé votre véhicule ou un objet dans votre véhicule ?"
            ),
            LibraryQuestion(
                "escroquerie", f"{PERIOD}, avez-vous été victime d'une arnaque sur internet ou par téléphone ?"
            ),
            LibraryQuestion("injures", f"{PERIOD}, vous a-t-on insulté·e ?", indicator=True),
            LibraryQuestion("menaces", f"{PERIOD}, vous a-t-on menacé·e ?", sensitive=True),
            LibraryQuestion(
                "violences_physiques",
                f"{PERIOD}, vous a-t-on frappé·e ou bousculé·e volontairement ?",
                sensitive=True,
                indicator=True,
            ),
            LibraryQuestion(
                "violences_sexuelles",
                f"{PERIOD}, quelqu'un vous a-t-il imposé un geste ou un acte sexuel ?",
                sensitive=True,
                indicator=True,
            ),
            LibraryQuestion(
                "violences_menage",
                f"{PERIOD}, une personne qui vit avec vous vous a-t-elle frappé·e, menacé·e ou humilié·e ?",
                sensitive=True,
                indicator=True,
            ),
            LibraryQuestion(
                "harcelement_en_ligne",
                f"{PERIOD}, avez-vous été harcelé·e sur internet ou sur les réseaux sociaux ?",
                sensitive=True,
            ),
        ),
    ),
    Block(
        Family.REPORTING,
        "Si vous avez subi une de ces situations",
        (
            LibraryQuestion("victime_une_fois", "Avez-vous répondu « oui » à au moins une des questions précédentes ?"),
            LibraryQuestion("plainte", "Avez-vous porté plainte ?", after="victime_une_fois", indicator=True),
            LibraryQuestion("main_courante", "Avez-vous fait une main courante ?", after="victime_une_fois"),
            LibraryQuestion(
                "signalement",
                "En avez-vous parlé à une association, un service social ou un professionnel de santé ?",
                after="victime_une_fois",
            ),
            LibraryQuestion(
                "pas_plainte_inutile",
                "Si vous n'avez pas porté plainte : pensiez-vous que cela ne servirait à rien ?",
                after="victime_une_fois",
            ),
            LibraryQuestion(
                "pas_plainte_peur",
                "Si vous n'avez pas porté plainte : aviez-vous peur des conséquences ?",
                after="victime_une_fois",
                sensitive=True,
            ),
        ),
    ),
    Block(
        Family.INSECURITY,
        "Votre sentiment de sécurité",
        (
            LibraryQuestion("insecurite_domicile", "Vous arrive-t-il de ne pas vous sentir en sécurité chez vous ?"),
            LibraryQuestion(
                "insecurite_quartier",
                "Vous arrive-t-il de ne pas vous sentir en sécurité dans votre quartier ?",
                indicator=True,
            ),
            LibraryQuestion(
                "renonce_sortir",
                "Vous arrive-t-il de renoncer à sortir seul·e de chez vous pour des raisons de sécurité ?",
                indicator=True,
            ),
        ),
    ),
    Block(
        Family.HELP,
        "Les aides que vous connaissez",
        (
            LibraryQuestion(
                "connait_3919",
                "Connaissez-vous le 3919, numéro d'écoute pour les femmes victimes de violences ?",
                indicator=True,
            ),
            LibraryQuestion(
                "connait_116006", "Connaissez-vous le 116 006, numéro d'aide aux victimes ?", indicator=True
            ),
            LibraryQuestion(
                "connait_local",
                "Connaissez-vous un lieu près de chez vous où une victime peut être aidée (association, CCAS…) ?",
            ),
        ),
    ),
)


def library_question(code: str) -> LibraryQuestion | None:
    for block in BLOCKS:
        for question in block.questions:
            if question.code == code:
                return question
    return None


def add_blocks(survey: Survey, families: list[str] | None = None) -> int:
    """Copy the library's blocks into a survey, one page per block, each question with its national figure when
    one is published; returns the number of questions added."""
    from allervers.surveys.models import Question
    from allervers.surveys.national import link

    added, page = 0, 0
    for block in BLOCKS:
        page += 1
        if families is not None and block.family not in families:
            continue
        created: dict[str, Question] = {}
        first_page = page
        for order, item in enumerate(block.questions):
            # A follow-up goes on the next page: without JavaScript, a page can only depend on earlier pages.
            if item.after:
                page = first_page + 1
            question, new = Question.objects.get_or_create(
                survey=survey,
                code=item.code,
                defaults={
                    "family": block.family,
                    "text": item.text,
                    "help_text": item.help_text,
                    "page": page,
                    "order": order,
                    "sensitive": item.sensitive,
                    "indicator": item.indicator,
                    "shown_if": created.get(item.after),
                },
            )
            created[item.code] = question
            added += new
    link(survey)
    return added


def page_titles() -> dict[int, str]:
    """The title of each page that add_blocks lays out."""
    titles, page = {}, 0
    for block in BLOCKS:
        page += 1
        titles[page] = block.title
        if any(item.after for item in block.questions):
            page += 1
            titles[page] = block.title + " (suite)"
    return titles
