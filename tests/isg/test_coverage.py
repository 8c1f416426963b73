"""Coverage figures on the known data set: communes and population shares of the department and by EPCI; vacant
and planned posts cover nothing; zone codes resolve to communes, unknown ones are refused in French."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from allervers.isg import coverage
from allervers.isg.models import IsgPost, communes_for_zone, split_codes
from tests.factories import commune
from tests.isg.conftest import MIRIBEL_EPCI

pytestmark = pytest.mark.django_db


def test_the_department_share_counts_filled_posts_only(known):
    whole = coverage.department_coverage("01")
    assert (whole.communes, whole.communes_covered) == (391, 7)
    assert (whole.population, whole.population_covered) == (643_350, 23_839 + 1_115)
    assert whole.communes_share == Decimal("1.8")  # 7 / 391
    assert whole.population_share == Decimal("3.9")  # 24,954 / 643,350
    assert whole.label == "Ain"


def test_by_epci_each_row_counts_its_communes_in_the_department(known):
    rows = {row.label: row for row in coverage.coverage_by_epci("01")}
    miribel = rows[commune("01249").epci.name]
    assert (miribel.communes_covered, miribel.communes, miribel.communes_share) == (6, 6, Decimal("100.0"))
    assert miribel.population_share == Decimal("100.0")
    usses = rows[commune("01010").epci.name]
    assert (usses.communes_covered, usses.communes) == (1, 3)  # its Haute-Savoie communes are not counted
    assert usses.communes_share == Decimal("33.3")
    assert usses.population_share == Decimal("33.0")  # 1,115 / 3,378
    bourg = rows[commune("01053").epci.name]
    assert bourg.communes_covered == 0 and bourg.communes_share == Decimal("0.0")
    assert sum(row.communes for row in rows.values()) == 391


def test_filling_the_vacant_post_covers_its_commune(known):
    known.bourg.fill()
    whole = coverage.department_coverage("01")
    assert whole.communes_covered == 8
    assert whole.population_covered == 23_839 + 1_115 + commune("01053").population


def test_a_scope_limits_the_epci_rows(known):
    rows = coverage.coverage_by_epci("01", _scope_filter([MIRIBEL_EPCI]))
    assert [row.label for row in rows] == [commune("01249").epci.name]


def _scope_filter(codes):
    from allervers.accounts.models import CoordinatorScope

    return CoordinatorScope(label="x", zone_codes=codes).commune_filter("")


def test_status_counts_and_vacant_posts(known):
    posts = IsgPost.objects.in_department("01")
    assert coverage.status_counts(posts) == {"pourvu": 2, "vacant": 1, "en projet": 1}
    assert list(coverage.vacant_posts(posts)) == [known.bourg]


def test_zone_codes_resolve_epci_communes_and_departments(db):
    assert split_codes(" 01010, 01053 ;200070852 01010") == ["01010", "01053", "200070852"]
    assert [c.code for c in communes_for_zone([MIRIBEL_EPCI])] == [
        "01043",
        "01249",
        "01275",
        "01376",
        "01418",
        "01424",
    ]
    assert len(communes_for_zone(["01"])) == 391
    assert [c.code for c in communes_for_zone(["01010", "01010"])] == ["01010"]


def test_an_unknown_code_is_refused_in_french(db):
    with pytest.raises(ValidationError, match="Code\\(s\\) inconnu\\(s\\) : 99999, 123456789"):
        communes_for_zone(["01010", "99999", "123456789"])


def test_changing_the_zone_changes_the_communes_and_the_service_zone(known):
    known.belley.cover(["01010", "01118"])
    assert sorted(known.belley.communes.values_list("code", flat=True)) == ["01010", "01118"]
    known.belley.service.refresh_from_db()
    assert known.belley.service.zone_eligibilite == ["01010", "01118"]
    assert coverage.department_coverage("01").communes_covered == 8
