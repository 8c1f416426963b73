"""What the API reads and writes: data·inclusion v1 field names, plus our victim-support extension.

Output fields are plain strings rather than URL or e-mail types: a listing saved before a validator tightened
must never turn an answer into a server error.
"""

from __future__ import annotations

import datetime
from typing import Any

from ninja import Field, Schema

MAX_PAGE = 10_000
MAX_ID = 2**63 - 1
# PostgreSQL refuses a NUL character in a string: refuse it here rather than fail there.
NO_NUL = r"^[^\x00]*$"
INSEE_CODE = r"^(\d{5}|2[ABab]\d{3})$"

_LIST_HELP = "Répétez le paramètre ou séparez les codes par des virgules."


class Error(Schema):
    detail: str = Field(description="Message d'erreur en français, à montrer tel quel.")


def _page() -> Any:
    return Field(1, ge=1, le=MAX_PAGE, description="Numéro de la page, à partir de 1.")


def _size() -> Any:
    return Field(20, ge=1, le=100, description="Nombre de résultats par page, de 1 à 100.")


class SearchParams(Schema):
    code_commune: str | None = Field(
        None,
        max_length=5,
        pattern=INSEE_CODE,
        description="Code INSEE d'une commune actuelle (ou d'un arrondissement de Paris, Lyon ou Marseille). "
        "Sans commune, la recherche porte sur tout le territoire et aucune distance n'est calculée.",
    )
    thematiques: list[str] = Field(
        default_factory=list,
        description="Codes de thématiques (référentiel data·inclusion et extension aide aux victimes). " + _LIST_HELP,
    )
    publics: list[str] = Field(default_factory=list, description=f"Codes de publics. {_LIST_HELP}")
    modes_accueil: list[str] = Field(
        default_factory=list, description=f"Modes d'accueil (en-presentiel, a-distance). {_LIST_HELP}"
    )
    frais: list[str] = Field(default_factory=list, description=f"Codes de frais. {_LIST_HELP}")
    q: str = Field(
        "",
        max_length=200,
        pattern=NO_NUL,
        description="Mots recherchés dans le nom, la description, les thématiques et les publics, ou un numéro "
        "de téléphone (« 3919 », « 01 40 47 06 06 »). « tchat », « sms » ou « visio » trouvent les lignes "
        "joignables ainsi.",
    )
    page: int = _page()
    size: int = _size()


class StructureListParams(Schema):
    code_commune: str | None = Field(
        None,
        max_length=5,
        pattern=INSEE_CODE,
        description="Code INSEE de la commune où se trouvent les structures.",
    )
    page: int = _page()
    size: int = _size()


class CommuneParams(Schema):
    q: str = Field(
        ...,
        min_length=2,
        max_length=100,
        pattern=NO_NUL,
        description="Début du nom ou du code postal, au moins 2 caractères.",
    )
    limit: int = Field(10, ge=1, le=20, description="Nombre maximal de communes proposées, de 1 à 20.")


class Canal(Schema):
    nature: str = Field(description="phone, sms, chat, web ou video.")
    valeur: str = Field(description="Numéro ou adresse à utiliser.")
    libelle: str = Field("", description="Libellé du canal.")


class Listing(Schema):
    id: str
    source: str
    nom: str
    description: str | None = None
    commune: str | None = Field(None, description="Nom de la commune.")
    code_postal: str | None = None
    code_insee: str | None = Field(None, description="Code INSEE de la commune.")
    adresse: str | None = Field(None, description="Adresse, nulle si elle est confidentielle.")
    complement_adresse: str | None = Field(None, description="Complément d'adresse, nul si confidentiel.")
    latitude: float | None = Field(None, description="Latitude, nulle si l'adresse est confidentielle.")
    longitude: float | None = Field(None, description="Longitude, nulle si l'adresse est confidentielle.")
    adresse_confidentielle: bool = Field(
        False, description="Vrai pour un lieu dont l'adresse n'est communiquée qu'aux professionnels."
    )
    telephone: str | None = Field(None, description="Téléphone public.")
    courriel: str | None = Field(None, description="Courriel public.")
    horaires_accueil: str | None = Field(None, description="Horaires au format OpenStreetMap opening_hours.")
    date_maj: datetime.date = Field(description="Date de dernière modification de la fiche.")
    lien_source: str = Field(description="Adresse de la fiche publique sur Aller-vers.")
    url: str = Field(description="Adresse de la fiche publique sur Aller-vers.")
    verifie_le: datetime.date | None = Field(None, description="Date de la dernière vérification humaine.")


class ServiceOut(Listing):
    structure_id: str
    type: str | None = Field(None, description="Type de service data·inclusion.")
    thematiques: list[str] = Field(description="Thématiques data·inclusion (les nôtres y sont traduites).")
    thematiques_detaillees: list[str] = Field(
        description="Thématiques avec les codes de l'extension aide aux victimes, acceptés par la recherche."
    )
    publics: list[str] = Field(description="Publics data·inclusion (les nôtres y sont traduits).")
    publics_detailles: list[str] = Field(description="Publics avec les codes de l'extension aide aux victimes.")
    publics_precisions: str | None = None
    modes_accueil: list[str]
    frais: str | None = None
    frais_precisions: str | None = None
    conditions_acces: str | None = None
    zone_eligibilite: list[str] = Field(
        description="Codes de communes, EPCI, départements (une région est détaillée) ou france."
    )
    modes_mobilisation: list[str]
    mobilisable_par: list[str]
    mobilisation_precisions: str | None = None
    lien_mobilisation: str | None = None
    nature: str = Field(description="service, ou helpline pour une ligne d'écoute ou d'urgence.")
    canaux: list[Canal] = Field(description="Canaux de contact : téléphone, SMS, tchat, site, visio.")
    ouvert_24h: bool = Field(description="Joignable 24 h/24, 7 j/7.")
    langues: list[str] = Field(description="Langues parlées.")


class StructureOut(Listing):
    siret: str | None = None
    site_web: str | None = None
    accessibilite_lieu: str | None = Field(None, description="Fiche acceslibre.")
    reseaux_porteurs: list[str] = Field(description="Réseaux porteurs data·inclusion (les nôtres y sont traduits).")
    reseaux_porteurs_detailles: list[str] = Field(description="Réseaux porteurs avec les codes de notre extension.")
    type_structure: str = Field(description="Type de structure.")


class SearchItem(Schema):
    service: ServiceOut
    distance: int | None = Field(
        description="Distance en mètres depuis la commune, nulle pour un service à distance ou sans commune."
    )


class Page(Schema):
    total: int = Field(description="Nombre total de résultats.")
    page: int
    size: int
    pages: int = Field(description="Nombre de pages, au moins 1.")


class SearchPage(Page):
    items: list[SearchItem]


class StructurePage(Page):
    items: list[StructureOut]


class CommuneOut(Schema):
    code_commune: str = Field(description="Code INSEE de la commune actuelle, à passer à la recherche.")
    nom: str
    label: str = Field(description="Libellé à afficher : nom, code postal, commune de rattachement.")
    code_postal: str | None = None
    departement: str | None = Field(None, description="Code du département.")
