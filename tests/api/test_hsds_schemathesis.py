"""Every operation of the HSDS API, fed by schemathesis with inputs generated from its own OpenAPI document (the
specification's, made ours: allervers/api/hsds_openapi.py).

Valid and invalid inputs alike: the API must never answer a 5xx, must answer only the status codes it declares,
with the content types it declares, and bodies matching the schemas it publishes. The directory holds listings of
every shape (tests/api/test_hsds_api.py) over the real communes loaded for the session.

Bounded as tests/api/test_schemathesis.py: Hypothesis's max_examples=25 per operation plus the boundary cases
schemathesis derives (a few hundred requests for the eleven operations), no example database.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.test import override_settings
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from tests.api.test_hsds_api import hsds_listings
from tests.api.test_schemathesis import CHECKS, InTransactionWSGI, _hosts

pytestmark = pytest.mark.django_db

OPENAPI = "/api/hsds/openapi.json"

with override_settings(ALLOWED_HOSTS=_hosts()):
    schema = schemathesis.openapi.from_wsgi(OPENAPI, InTransactionWSGI())


@pytest.fixture
def directory(db: None) -> Iterator[None]:
    hsds_listings()
    with override_settings(ALLERVERS_API_RATE="1000000/m", ALLOWED_HOSTS=_hosts()):
        yield


@schema.parametrize()
@hypothesis_settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
def test_every_hsds_operation_answers_a_declared_status_with_a_body_matching_its_schema(
    case: Any, directory: None
) -> None:
    case.call_and_validate(checks=CHECKS)
