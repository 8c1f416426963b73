"""What the HSDS API's filters select among the published listings, in the database where it can.

Filters add up (the standard's rule: a boolean AND). A taxonomy term selects the services tagged with it; a
thematique category also selects those tagged with one of its themes, as the directory's own search does.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from allervers.api.errors import BadParameter
from allervers.api.hsds_params import Params
from allervers.common.geo import haversine_m, longitude_scale
from allervers.common.text import search_tokens
from allervers.directory.enums import TermKind
from allervers.directory.exports.hsds_taxonomies import Taxonomy
from allervers.directory.models import Service, ServiceTerm, Structure
from allervers.territories.models import Commune

# Taxonomies whose terms the directory indexes as ServiceTerm rows.
INDEXED = {
    "thematiques": TermKind.THEMATIQUE,
    "publics": TermKind.PUBLIC,
    "modes-accueil": TermKind.MODE_ACCUEIL,
    "frais": TermKind.FRAIS,
}
_METRES_PER_DEGREE = 111_320


def services() -> QuerySet[Service]:
    """Published services of published structures, in a stable order for paging."""
    return Service.objects.visible().select_related("structure", "structure__commune", "commune").order_by("pk")


def structures() -> QuerySet[Structure]:
    return Structure.objects.visible().select_related("commune").order_by("pk")


def filtered_services(params: Params, queryset: QuerySet[Service] | None = None) -> QuerySet[Service]:
    """The filters of /services and /service_at_locations."""
    found = services() if queryset is None else queryset
    for token in search_tokens(params.text("search") or ""):
        found = found.filter(search_text__contains=f" {token}")
    term = params.term()
    if term is not None:
        found = found.filter(_with_term(*term))
    taxonomy = params.taxonomy()
    if taxonomy is not None:
        found = found.filter(_with_taxonomy(taxonomy))
    organization = params.organization_pk()
    if organization is not None:
        found = found.filter(structure_id=organization)
    modified_after = params.modified_after()
    if modified_after is not None:
        found = found.filter(updated_at__gte=modified_after)
    return found


def _refuse_fields(taxonomy: Taxonomy) -> None:
    if taxonomy.is_fields:
        raise BadParameter(
            "Les termes de la taxonomie « champs-aller-vers » nomment des champs, pas des catégories : "
            "ils ne filtrent pas les services."
        )


def _with_term(taxonomy: Taxonomy, code: str) -> Q:
    _refuse_fields(taxonomy)
    if taxonomy.key in INDEXED:
        return Q(id__in=ServiceTerm.objects.matching(INDEXED[taxonomy.key], [code]))
    if taxonomy.key == "types-services":
        return Q(service_type=code)
    # A JSON list of codes, read as text on both databases: the code between quotes is in it.
    if taxonomy.key == "modes-mobilisation":
        return Q(modes_mobilisation__icontains=f'"{code}"')
    return Q(structure__reseaux_porteurs__icontains=f'"{code}"')


def _with_taxonomy(taxonomy: Taxonomy) -> Q:
    _refuse_fields(taxonomy)
    if taxonomy.key in INDEXED:
        return Q(id__in=ServiceTerm.objects.filter(kind=INDEXED[taxonomy.key]).values("service_id"))
    if taxonomy.key == "types-services":
        return ~Q(service_type="")
    # A JSON list holding at least one code holds a quote.
    if taxonomy.key == "modes-mobilisation":
        return Q(modes_mobilisation__icontains='"')
    return Q(structure__reseaux_porteurs__icontains='"')


def places(params: Params) -> QuerySet[Service]:
    """The services that have a place (a service_at_location each), with the filters of /service_at_locations."""
    found = filtered_services(params, services().filter(commune__isnull=False))
    postcode, proximity = params.text("postcode"), params.proximity()
    if proximity is not None and postcode is None:
        raise BadParameter("« proximity » se donne avec « postcode » : la distance se mesure depuis ce code postal.")
    if postcode is None:
        return found
    communes = list(Commune.objects.filter(postal_code_rows__code=postcode).select_related("parent").distinct())
    if not communes:
        raise BadParameter(f"Code postal inconnu : « {postcode} » (un code CEDEX n'est pas un code de commune).")
    zones = sorted({code for commune in communes for code in commune.covering_zone_codes()})
    found = found.filter(id__in=ServiceTerm.objects.matching(TermKind.ZONE, zones))
    if proximity is None:
        return found
    points = [(c.latitude, c.longitude) for c in communes if c.latitude is not None and c.longitude is not None]
    if not points:
        raise BadParameter(f"Le code postal « {postcode} » n'a pas de point connu d'où mesurer une distance.")
    return _within(found, sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points), proximity)


def _within(found: QuerySet[Service], latitude: float, longitude: float, metres: float) -> QuerySet[Service]:
    # A box in the database, then the exact distance; a confidential place is at its commune's point.
    span = metres / _METRES_PER_DEGREE
    box = found.filter(
        latitude__range=(latitude - span, latitude + span),
        longitude__range=(longitude - span / longitude_scale(latitude), longitude + span / longitude_scale(latitude)),
    )
    near = [
        pk
        for pk, lat, lon in box.values_list("pk", "latitude", "longitude")
        if lat is not None and lon is not None and haversine_m(latitude, longitude, lat, lon) <= metres
    ]
    return found.filter(pk__in=near)


def searched_structures(params: Params) -> QuerySet[Structure]:
    found = structures()
    wanted = search_tokens(params.text("search") or "")
    if not wanted:
        return found
    matching = [
        pk
        for pk, name, description in found.values_list("pk", "name", "description")
        if _has_all(search_tokens(f"{name} {description}"), wanted)
    ]
    return found.filter(pk__in=matching)


def _has_all(words: list[str], wanted: list[str]) -> bool:
    return all(any(word.startswith(token) for word in words) for token in wanted)


def matches(text: str, wanted: str | None) -> bool:
    """A search over the taxonomy lists (in memory): every word of `wanted` starts a word of `text`."""
    return _has_all(search_tokens(text), search_tokens(wanted or ""))
