"""Every operation of the public API, fed by schemathesis with inputs generated from its own OpenAPI document.

Valid and invalid inputs alike (schemathesis's positive and negative modes): the API must never answer a 5xx,
must answer only the status codes it declares, and its bodies must match the schemas it publishes. The directory
holds a few listings of every shape (on site, at a distance, a helpline, a shelter whose address is confidential)
over the real communes loaded for the session, so that searches and reads return real pages, not empty lists.

Bounded: Hypothesis's max_examples=25 per operation, plus the boundary cases schemathesis derives from the schema
(a few hundred requests for the eighteen operations, some seconds), and no Hypothesis example database: a failure is
reproduced from the curl command of its report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pytest
import schemathesis
from django.conf import settings
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import ServiceFactory, StructureFactory, commune

pytestmark = pytest.mark.django_db

OPENAPI = "/api/v1/openapi.json"
OYONNAX = "01283"
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


class InTransactionWSGI:
    """Django's WSGI application as its test client runs it: the request neither opens nor closes database
    connections, so it sees the test's rolled-back transaction (the demo listings) and leaves it open. The client
    address is set, as a WSGI server sets it (werkzeug's test client sets none)."""

    def __init__(self) -> None:
        self.handler = WSGIHandler()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)
        environ.setdefault("REMOTE_ADDR", "192.0.2.10")
        try:
            response = self.handler(environ, start_response)
            body = b"".join(response)
            response.close()  # sends request_finished, as a WSGI server would
            return [body]
        finally:
            signals.request_started.connect(close_old_connections)
            signals.request_finished.connect(close_old_connections)


def _hosts() -> list[str]:
    return [*settings.ALLOWED_HOSTS, "localhost"]  # werkzeug's test client asks for localhost


# The document needs no database (collection time): the served one, as a client of the API would read it.
with override_settings(ALLOWED_HOSTS=_hosts()):
    schema = schemathesis.openapi.from_wsgi(OPENAPI, InTransactionWSGI())


def _listings() -> None:
    """A few listings of every shape the API exports, at two real communes of the Ain and at a distance."""
    association = StructureFactory(
        name="Association fictive d'aide aux victimes",
        siret="12345678900017",
        website="https://aide.example.org",
        phone="+33474000000",
        email="accueil@example.org",
        opening_hours="Mo-Fr 09:00-12:00",
        reseaux_porteurs=["france-victimes"],
    )
    ServiceFactory(
        structure=association,
        languages=["fr", "en"],
        channels=[{"kind": "phone", "value": "+33474000000", "label": "Accueil"}],
        zone_eligibilite=["01"],
    )
    ServiceFactory(structure=association, commune=commune(OYONNAX), publics=["femmes"])
    ServiceFactory(structure=association, remote=True, channels=[{"kind": "web", "value": "https://aide.example.org"}])
    ServiceFactory(helpline=True, name="Ligne d'écoute fictive", channels=[{"kind": "sms", "value": "114"}])
    shelter = StructureFactory(name="Lieu de mise à l'abri fictif", address="1 rue Fictive", address_confidential=True)
    ServiceFactory(structure=shelter, address="1 rue Fictive", address_complement="Bât. B", address_confidential=True)
    # Imported from another source, under the association's SIRET: the duplicates of data·inclusion's routes.
    imported = StructureFactory(
        name="Association fictive (DORA)", source="dora", source_id="s-1", siret="12345678900017"
    )
    ServiceFactory(structure=imported, source="dora", source_id="abc", service_type="information")


@pytest.fixture
def directory(db: None) -> Iterator[None]:
    _listings()
    # The limit is per client IP and every generated request comes from the same one: a 429 would hide the answer.
    with override_settings(ALLERVERS_API_RATE="1000000/m", ALLOWED_HOSTS=_hosts()):
        yield


@schema.parametrize()
@hypothesis_settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
def test_every_operation_answers_a_declared_status_with_a_body_matching_its_schema(case: Any, directory: None) -> None:
    case.call_and_validate(checks=CHECKS)
