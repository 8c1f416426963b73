"""data·inclusion's quality score of a service, computed by data·inclusion's own code on what we publish of it.

The criteria are those of the official package (data_inclusion.schema.v1.score_qualite: a defined address for an
on-site service, modes of mobilisation, at least one public and one theme, a contact, a recent update, defined
fees, a description of a good length, a phone or an e-mail when the mobilisation asks for one), each between 0
and 1, the score their mean over the criteria that apply, rounded to two decimals. It is computed on the service
as the data·inclusion export and API publish it (allervers/directory/exports/datainclusion.py): a confidential
address counts as no address, our extension terms as their data·inclusion equivalents, a description too short
for the schema as the one the export writes in its place.

A structure's score is the mean of its published services' scores, 0 for a structure without one, as
data·inclusion defines it. Scores depend on the day (an update ages): cached per day and per published values.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from data_inclusion.schema import v1 as di
from data_inclusion.schema.v1.score_qualite import score
from django.utils import timezone

from allervers.directory.models import Service
from allervers.taxonomy import terms

# The export writes a description of its own under this length (data·inclusion requires one).
MIN_DESCRIPTION = 5
# The package's description criterion knows lengths up to 10,000 characters (a longer one is « longue » too).
_LONGEST_SCORED = 10_000


def service_description(service: Service) -> str:
    """The description the data·inclusion export publishes: the service's, or a sentence naming it."""
    if len(service.description) >= MIN_DESCRIPTION:
        return service.description
    return f"Service « {service.name} »."


def service_score(service: Service, today: datetime.date | None = None) -> float:
    """The score of the service as published; the service's structure is not read."""
    mapped_publics = terms.to_datainclusion(
        [code for code in service.publics if code in terms.publics()], terms.publics()
    )
    thematiques = terms.to_datainclusion(
        [code for code in service.thematiques if code in terms.thematiques()], terms.thematiques()
    )
    key = (
        service.source,
        min(len(service_description(service)), _LONGEST_SCORED),
        bool(service.address) and not service.address_confidential,
        bool(service.phone),
        bool(service.email),
        bool(service.lien_mobilisation),
        tuple(service.modes_accueil),
        tuple(service.modes_mobilisation),
        tuple(service.mobilisable_par),
        bool(thematiques),
        bool(mapped_publics),
        service.frais,
        bool(service.frais_precisions),
        timezone.localdate(service.updated_at),
    )
    return _score(key, today or timezone.localdate())


def structure_score(service_scores: Iterable[float]) -> float:
    scores = list(service_scores)
    return round(sum(scores) / len(scores), 2) if scores else 0.0


@lru_cache(maxsize=65_536)
def _score(key: tuple[Any, ...], today: datetime.date) -> float:
    (
        source,
        description_length,
        has_address,
        has_phone,
        has_email,
        has_link,
        modes_accueil,
        modes_mobilisation,
        mobilisable_par,
        has_thematique,
        has_public,
        frais,
        has_frais_precisions,
        date_maj,
    ) = key
    # The criteria read attributes only: a model built without validation from the published values is enough,
    # and a value the schema would refuse (an old code) can't turn a score into an error.
    published = di.Service.model_construct(
        source=source,
        description="x" * description_length,
        adresse="x" if has_address else None,
        telephone="x" if has_phone else None,
        courriel="x" if has_email else None,
        lien_mobilisation="x" if has_link else None,
        modes_accueil=list(modes_accueil) or None,
        modes_mobilisation=list(modes_mobilisation) or None,
        mobilisable_par=list(mobilisable_par) or None,
        thematiques=["x"] if has_thematique else None,
        publics=["x"] if has_public else None,
        frais=frais or None,
        frais_precisions="x" if has_frais_precisions else None,
        date_maj=date_maj,
    )
    value, _ = score(published)
    return float(value)
