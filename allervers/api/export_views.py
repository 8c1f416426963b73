"""The directory as an open-data export; a partner's token may add the professional-only contacts."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.decorators import decorate_view
from ninja.errors import HttpError

from allervers.api.models import PartnerToken
from allervers.api.params import accepting
from allervers.api.schemas import Error
from allervers.directory.exports.datainclusion import export_datainclusion
from allervers.network.exports import add_stop_services

router = Router(tags=["Données ouvertes"])


def _token(request: HttpRequest) -> PartnerToken | None:
    header = request.headers.get("Authorization", "")
    if not header:
        return None
    scheme, _, raw = header.partition(" ")
    token = PartnerToken.authenticate(raw.strip()) if scheme.lower() == "bearer" else None
    if token is None:
        raise HttpError(401, "Jeton d'accès invalide ou révoqué.")
    return token


@router.get(
    "/export/datainclusion",
    response={200: dict[str, Any], 400: Error, 401: Error, 429: Error},
    summary="Exporter l'annuaire au format data·inclusion v1",
    description=(
        "Toutes les structures et tous les services publiés, au format data·inclusion v1 (les termes de notre "
        "extension sont convertis). Sans jeton : export public, sans coordonnées réservées aux professionnels ni "
        "adresses confidentielles. Un partenaire muni d'un jeton (en-tête « Authorization: Bearer … ») qui y "
        "donne droit reçoit aussi ces informations."
    ),
)
@decorate_view(accepting(None))
def export(request: HttpRequest) -> dict[str, Any]:
    token = _token(request)
    # The mobile units' stops, as services at their places (allervers/network/exports.py).
    return add_stop_services(export_datainclusion(include_private=bool(token and token.include_private)))
