"""Field rules shared by the file import and the demo loader: zone tokens, contact channels, a commune's point."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from allervers.directory.enums import ChannelKind
from allervers.directory.validators import normalize_phone, validate_zone_codes
from allervers.territories.models import Commune

ZONE_TOKENS = ("commune", "epci", "departement")


def expand_zone(tokens: list[str], commune: Commune | None) -> list[str]:
    """Zone codes, where « commune », « epci » and « departement » stand for those of the listing's commune."""
    codes = []
    for token in tokens:
        if token in ZONE_TOKENS:
            if commune is None:
                raise ValidationError(f"la zone « {token} » demande une commune à la structure")
            current = commune.current
            code = {"commune": current.code, "epci": current.epci_id, "departement": current.department_id}[token]
            if not code:
                raise ValidationError(f"la commune {current.name} n'a pas de {token}")
            codes.append(code)
        else:
            codes.append(token)
    return validate_zone_codes(codes)


def clean_channels(channels: list[dict[str, str]]) -> list[dict[str, str]]:
    """Contact channels {kind, value, label}; phone and SMS numbers normalised. Raises every problem at once."""
    cleaned, messages = [], []
    for channel in channels:
        kind = channel.get("kind") or ChannelKind.WEB
        value = str(channel.get("value", "")).strip()
        if kind not in ChannelKind.values:
            messages.append(
                f"canal de contact inconnu : « {kind} » (valeurs possibles : {', '.join(ChannelKind.values)})"
            )
        elif kind in {ChannelKind.PHONE, ChannelKind.SMS}:
            try:
                value = normalize_phone(value)
            except ValidationError as error:
                messages.extend(error.messages)
        cleaned.append({"kind": kind, "value": value, "label": str(channel.get("label", "") or "")})
    if messages:
        raise ValidationError(messages)
    return cleaned


def commune_point(commune: Commune | None) -> tuple[float | None, float | None]:
    """Without a geocoded address, the commune's point (its town hall) stands for the place."""
    if commune is None:
        return None, None
    place = commune if commune.latitude is not None else commune.current
    return place.latitude, place.longitude
