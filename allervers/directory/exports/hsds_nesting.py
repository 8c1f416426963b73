"""The HSDS 3.0 JSON forms: the rows of `Records` nested as the standard's compiled schemas nest them.

A nested object is its row without the columns we hold nothing in (the JSON schemas type every field, null
included nowhere), followed by every list its table schema declares (empty when we have no row: every table of
the standard is there), and the objects it points to: a service holds its phones, schedules, areas, places
(each with its location and address), languages, attributes (each with its taxonomy term and taxonomy), and its
organization as one-to-one fields. The tables say which row belongs to which: a child row names its parent in
`<parent>_id` (`link_id` for an attribute).
"""

from __future__ import annotations

from typing import Any

from allervers.directory.exports.hsds_records import Records, Row
from allervers.directory.exports.hsds_schema import columns, referenced_table, table_schema

# Objects nested with their one-to-one fields only: a service's organization (its own lists are the
# organization's answer), as in the standard's service_list schema.
FLAT = {"organization"}
_PARENT_COLUMN = {"taxonomy_detail": "taxonomy_id"}


class Nesting:
    def __init__(self, records: Records) -> None:
        self.tables = records.tables
        self._indexes: dict[tuple[str, str], dict[Any, list[Row]]] = {}

    # Lookups ----------------------------------------------------------------------------------------------------
    def rows(self, table: str, column: str, value: Any) -> list[Row]:
        index = self._indexes.get((table, column))
        if index is None:
            index = self._indexes[(table, column)] = {}
            for row in self.tables[table]:
                index.setdefault(row.get(column), []).append(row)
        return index.get(value, []) if value is not None else []

    def get(self, table: str, identifier: Any) -> Row | None:
        found = self.rows(table, "id", identifier)
        return found[0] if found else None

    # Forms ------------------------------------------------------------------------------------------------------
    def flat(self, table: str, row: Row) -> dict[str, Any]:
        """The object's one-to-one fields, in the schema's order, without those we hold nothing in."""
        return {name: row[name] for name in columns(table) if row.get(name) is not None}

    def nested(self, table: str, row: Row) -> dict[str, Any]:
        """The object with every list and object its table schema declares."""
        result = self.flat(table, row)
        for name, spec in table_schema(table)["properties"].items():
            if spec.get("type") == "array":
                child = referenced_table(spec["items"]["$ref"])
                result[name] = [self.nested(child, found) for found in self._children(child, table, row)]
            elif "$ref" in spec:
                child = referenced_table(spec["$ref"])
                target = self.get(child, row.get(_PARENT_COLUMN.get(name, f"{child}_id")))
                if target is not None:
                    result[name] = self.flat(child, target) if name in FLAT else self.nested(child, target)
        return result

    def _children(self, child: str, parent: str, row: Row) -> list[Row]:
        if child == "attribute":
            return self.rows(child, "link_id", row["id"])
        column = f"{parent}_id"
        return self.rows(child, column, row["id"]) if column in columns(child) else []

    # The standard's compiled schemas ----------------------------------------------------------------------------
    def service(self, row: Row) -> dict[str, Any]:
        """compiled/service.json: a service with all its related data."""
        return self.nested("service", row)

    def service_item(self, row: Row) -> dict[str, Any]:
        """compiled/service_list.json: a service's one-to-one fields, with its organization's."""
        result = self.flat("service", row)
        organization = self.get("organization", row["organization_id"])
        if organization is not None:
            result["organization"] = self.flat("organization", organization)
        return result

    def service_minimal(self, row: Row) -> dict[str, Any]:
        """The `minimal` form of a list of services: what tells a client whether to fetch a service again."""
        return {name: row[name] for name in ("id", "name", "status", "last_modified") if row.get(name) is not None}

    def organization(self, row: Row, services: list[dict[str, Any]]) -> dict[str, Any]:
        """compiled/organization.json: an organization with its related data and its services."""
        return {**self.nested("organization", row), "services": services}

    def service_at_location(self, row: Row) -> dict[str, Any]:
        """compiled/service_at_location.json: a service at one place, with its location and its service (whose
        own places the standard leaves out there)."""
        result = self.nested("service_at_location", row)
        service = self.get("service", row["service_id"])
        if service is not None:
            nested = self.service(service)
            result["service"] = {key: value for key, value in nested.items() if key != "service_at_locations"}
        return result

    def service_at_location_item(self, row: Row) -> dict[str, Any]:
        """compiled/service_at_location_list.json: one-to-one fields, with the location's and the service's."""
        result = self.flat("service_at_location", row)
        location = self.get("location", row["location_id"])
        if location is not None:
            result["location"] = self.flat("location", location)
        service = self.get("service", row["service_id"])
        if service is not None:
            result["service"] = self.service_item(service)
        return result
