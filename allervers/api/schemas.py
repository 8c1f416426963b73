"""What API v1 answers: data·inclusion API v1's items and pages, plus our victim-support extension fields.

Output fields are plain strings rather than URL or e-mail types: a listing saved before a validator tightened
must never turn an answer into a server error. Fields of data·inclusion first, in its schema's terms; ours after.
"""

from __future__ import annotations

import datetime

from ninja import Field, Schema


class Error(Schema):
    detail: str = Field(description="Message d'erreur en français, à montrer tel quel.")


class Canal(Schema):
    nature: str = Field(description="phone, sms, chat, web ou video.")
    valeur: str = Field(description="Numéro ou adresse à utiliser.")
    libelle: str = Field("", description="Libellé du canal.")


class _Listing(Schema):
    id: str = Field(description="« source--identifiant », comme data·inclusion : l'identifiant dans la source.")
    source: str = Field(description="Source de la fiche : « allervers » pour une fiche saisie ici.")
    nom: str
    lien_source: str | None = Field(None, description="Adresse de la fiche publique sur Aller-vers.")
    date_maj: datetime.date = Field(description="Date de dernière modification de la fiche.")
    commune: str | None = Field(None, description="Nom de la commune.")
    code_postal: str | None = None
    code_insee: str | None = Field(None, description="Code INSEE de la commune.")
    adresse: str | None = Field(None, description="Adresse, nulle si elle est confidentielle.")
    complement_adresse: str | None = Field(None, description="Complément d'adresse, nul si confidentiel.")
    longitude: float | None = Field(None, description="Longitude, nulle si l'adresse est confidentielle.")
    latitude: float | None = Field(None, description="Latitude, nulle si l'adresse est confidentielle.")
    telephone: str | None = Field(None, description="Téléphone public.")
    courriel: str | None = Field(None, description="Courriel public.")
    horaires_accueil: str | None = Field(None, description="Horaires au format OpenStreetMap opening_hours.")
    adresse_certifiee: bool = Field(description="Toujours faux : les adresses ne sont pas géocodées par la BAN.")
    # Our extension.
    adresse_confidentielle: bool = Field(
        False, description="Vrai pour un lieu dont l'adresse n'est communiquée qu'aux professionnels."
    )
    url: str = Field(description="Adresse de la fiche publique sur Aller-vers.")
    verifie_le: datetime.date | None = Field(None, description="Date de la dernière vérification humaine.")


class ServiceItem(_Listing):
    structure_id: str = Field(description="Identifiant de la structure, « source--identifiant ».")
    description: str
    type: str | None = Field(None, description="Type de service data·inclusion.")
    thematiques: list[str] | None = Field(description="Thématiques data·inclusion (les nôtres y sont traduites).")
    frais: str | None = None
    frais_precisions: str | None = None
    publics: list[str] | None = Field(description="Publics data·inclusion (les nôtres y sont traduits).")
    publics_precisions: str | None = None
    conditions_acces: str | None = None
    modes_accueil: list[str] | None
    zone_eligibilite: list[str] | None = Field(
        description="Codes de communes, EPCI, départements (une région est détaillée) ou france."
    )
    contact_nom_prenom: str | None = Field(None, description="Toujours nul : nous ne publions aucun nom.")
    lien_mobilisation: str | None = None
    modes_mobilisation: list[str] | None
    mobilisable_par: list[str] | None
    mobilisation_precisions: str | None = None
    volume_horaire_hebdomadaire: float | None = None
    nombre_semaines: int | None = None
    score_qualite: float = Field(
        ge=0, le=1, description="Score de qualité, calculé avec les critères et le code de data·inclusion."
    )
    # Our extension.
    thematiques_detaillees: list[str] = Field(
        description="Thématiques avec les codes de l'extension aide aux victimes, acceptés par la recherche."
    )
    publics_detailles: list[str] = Field(description="Publics avec les codes de l'extension aide aux victimes.")
    zone_eligibilite_detaillee: list[str] = Field(description="Zone d'intervention, les régions (R84) comprises.")
    nature: str = Field(description="service, ou helpline pour une ligne d'écoute ou d'urgence.")
    canaux: list[Canal] = Field(description="Canaux de contact : téléphone, SMS, tchat, site, visio.")
    ouvert_24h: bool = Field(description="Joignable 24 h/24, 7 j/7.")
    langues: list[str] = Field(description="Langues parlées (ISO 639-1).")


class StructureItem(_Listing):
    description: str | None = None
    siret: str | None = None
    site_web: str | None = None
    accessibilite_lieu: str | None = Field(None, description="Fiche acceslibre.")
    reseaux_porteurs: list[str] = Field(description="Réseaux porteurs data·inclusion (les nôtres y sont traduits).")
    # Our extension.
    reseaux_porteurs_detailles: list[str] = Field(description="Réseaux porteurs avec les codes de notre extension.")
    type_structure: str = Field(description="Type de structure.")


class DetailedService(ServiceItem):
    structure: StructureItem


class SourceId(Schema):
    source: str
    id: str


class ListedStructure(StructureItem):
    score_qualite: float = Field(ge=0, le=1, description="Moyenne des scores de ses services, 0 sans service.")
    doublons: list[SourceId] = Field(description="Structures de même SIRET venues d'autres sources.")


class DetailedStructure(StructureItem):
    score_qualite: float = Field(ge=0, le=1, description="Moyenne des scores de ses services, 0 sans service.")
    doublons: list[StructureItem] = Field(description="Structures de même SIRET venues d'autres sources.")
    services: list[ServiceItem]


class SearchItem(Schema):
    service: DetailedService
    distance: int | None = Field(
        description="Distance en kilomètres (arrondie), comme data·inclusion ; nulle pour un service à distance, "
        "sans commune cherchée ou dont l'adresse est confidentielle."
    )


class _Page(Schema):
    total: int = Field(description="Nombre total de résultats.")
    page: int = Field(description="Numéro de la page.")
    size: int = Field(description="Nombre de résultats de cette page, comme data·inclusion.")
    pages: int = Field(description="Nombre de pages pour la taille demandée, 0 sans résultat.")


class SearchPage(_Page):
    items: list[SearchItem]


class ServicePage(_Page):
    items: list[ServiceItem]


class StructurePage(_Page):
    items: list[ListedStructure]


class SourceOut(Schema):
    slug: str
    nom: str
    description: str | None


class FrameworkValue(Schema):
    value: str = Field(description="Code, à passer aux filtres.")
    label: str
    description: str | None = None


class CommuneOut(Schema):
    code_commune: str = Field(description="Code INSEE de la commune actuelle, à passer à la recherche.")
    nom: str
    label: str = Field(description="Libellé à afficher : nom, code postal, commune de rattachement.")
    code_postal: str | None = None
    departement: str | None = Field(None, description="Code du département.")
