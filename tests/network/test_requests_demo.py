"""`load-network-requests-demo`: the demonstration social centre's two requests, one accepted (its stop created and
shown in the unit's calendar), one declined; the social centre stays out of the public directory; safe to re-run."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from allervers.directory.models import Structure
from allervers.network.models import Stop, VisitRequest
from allervers.network.request_enums import VisitStatus
from tests.factories import coordinator

pytestmark = pytest.mark.django_db


def load() -> str:
    out = StringIO()
    call_command("load-network-requests-demo", stdout=out)
    return out.getvalue()


def test_it_refuses_without_the_units_demo():
    with pytest.raises(CommandError, match="load-network-demo"):
        load()


def test_it_loads_one_accepted_and_one_declined_request_and_is_safe_to_rerun(client):
    call_command("load-demo", verbosity=0)
    call_command("load-network-demo", stdout=StringIO())
    stops_before = Stop.objects.count()
    assert "2 demande(s) de passage : 1 acceptée(s), 1 refusée(s)." in load()
    assert "2 demande(s) de passage : 1 acceptée(s), 1 refusée(s)." in load()
    assert Stop.objects.count() == stops_before + 1
    accepted = VisitRequest.objects.get(status=VisitStatus.ACCEPTED)
    declined = VisitRequest.objects.get(status=VisitStatus.DECLINED)
    assert accepted.stop is not None and accepted.stop.commune.code == "01283"
    assert accepted.stop.dtstart == accepted.wished_date_2
    assert declined.stop is None and declined.decision_reason.startswith("Démonstration")
    centre = Structure.objects.get(source_id="centre-social-demonstration")
    assert centre.is_demo and centre not in Structure.objects.visible()
    assert set(accepted.events.values_list("actor_label", flat=True)) == {"démonstration"}
    client.force_login(coordinator(zone_codes=["01"]))
    month = accepted.stop.dtstart.strftime("%Y-%m")
    page = client.get(reverse("network:unit-calendar", args=[accepted.unit.pk]), {"mois": month}).content.decode()
    assert "visite demandée par Centre social de démonstration" in page and accepted.reference in page
