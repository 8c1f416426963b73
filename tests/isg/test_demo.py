"""`load-isg-demo` loads one filled post at the gendarmerie group of the Ain with synthetic shares and feeds fiche
2.2.3 of the demo plan; it refuses without the demo directory and a second run changes nothing."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Sum

from allervers.directory.models import Service
from allervers.isg.enums import PostStatus
from allervers.isg.models import Funding, IsgPost
from allervers.plan.models import Indicator

pytestmark = pytest.mark.django_db


def load() -> str:
    out = StringIO()
    call_command("load-isg-demo", stdout=out)
    return out.getvalue()


def test_it_refuses_without_the_demo_directory():
    with pytest.raises(CommandError, match="load-demo"):
        load()


def test_it_loads_the_post_and_is_safe_to_rerun():
    call_command("load-demo", verbosity=0)
    call_command("load-plan-demo", stdout=StringIO())
    first = load()
    assert "1 poste(s)" in first and "5 financement(s) synthétique(s)" in first and "4 indicateur(s)" in first
    load()
    post = IsgPost.objects.get()
    assert post.host.source_id == "ggd-ain" and post.status == PostStatus.FILLED and post.started_on is None
    assert Service.objects.filter(isg_post__isnull=False).count() == 1
    assert post.service in Service.objects.visible()
    codes = set(post.communes.values_list("code", flat=True))
    assert "01053" not in codes and len(codes) == post.communes.count() > 50
    assert Funding.objects.count() == 5
    shares = {year: Funding.objects.filter(year=year).aggregate(s=Sum("share"))["s"] for year in (2025, 2026)}
    assert shares == {2025: Decimal(100), 2026: Decimal(100)}
    assert all("synthétique" in funding.note for funding in Funding.objects.all())
    assert "synthétiques" in post.notes and "illustratives" in post.notes
    fiche = Indicator.objects.filter(automatic_source="isg-postes-par-statut").get().fiche
    assert fiche is not None and fiche.number == "2.2.3"
    assert Indicator.objects.filter(automatic_source__startswith="isg-").count() == 4
    assert {
        v.category: v.value for v in Indicator.objects.get(automatic_source="isg-postes-par-statut").latest_values()
    }["pourvu"] == 1
