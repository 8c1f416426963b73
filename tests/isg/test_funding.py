"""The funding table by year and funder (amounts and average shares), and the rule that a year's shares of a post
never exceed 100 %, from the model and from the coordinator's form."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from allervers.isg import coverage
from allervers.isg.enums import FunderKind
from allervers.isg.models import Funding, IsgPost
from allervers.territories.models import EPCI
from tests.factories import coordinator
from tests.isg.conftest import MIRIBEL_EPCI

pytestmark = pytest.mark.django_db


def fund(post, year, kind, share=None, amount=None, **extra):
    funding = Funding(post=post, year=year, funder_kind=kind, share=share, amount=amount, **extra)
    funding.full_clean()
    funding.save()
    return funding


@pytest.fixture
def funded(known):
    miribel_epci = EPCI.objects.get(siren=MIRIBEL_EPCI)
    fund(known.miribel, 2026, FunderKind.STATE, share=Decimal(50), amount=Decimal(20000))
    fund(known.miribel, 2026, FunderKind.EPCI, share=Decimal(50), amount=Decimal(20000), epci=miribel_epci)
    fund(known.belley, 2026, FunderKind.STATE, share=Decimal(80), amount=Decimal(28000))
    fund(known.belley, 2026, FunderKind.COMMUNE, share=Decimal(20), funder_name="Commune fictive")
    fund(known.miribel, 2025, FunderKind.STATE, amount=Decimal(15000))
    return known


def test_the_table_groups_by_year_and_funder(funded):
    rows = coverage.funding_table(IsgPost.objects.all())
    table = [(row.year, row.funder, row.amount, row.average_share, len(row.posts), row.posts_of_year) for row in rows]
    assert table == [
        (2026, "État (FIPD)", Decimal(48000), Decimal("65.0"), 2, 2),  # (50 + 80) / 2
        (2026, "EPCI — Communauté de communes de Miribel et du Plateau", Decimal(20000), Decimal("25.0"), 1, 2),
        (2026, "commune — Commune fictive", None, Decimal("10.0"), 1, 2),
        (2025, "État (FIPD)", Decimal(15000), None, 1, 1),  # an amount, no share
    ]
    assert coverage.year_totals(rows) == {2026: Decimal(68000), 2025: Decimal(15000)}


def test_shares_of_a_year_cannot_exceed_100_percent(funded):
    with pytest.raises(ValidationError) as error:
        fund(funded.miribel, 2026, FunderKind.DEPARTMENT, share=Decimal("0.5"))
    assert error.value.message_dict["share"] == [
        "Les parts de 2026 dépasseraient 100 % : 100 % déjà attribués, il reste 0 % au plus."
    ]
    fund(funded.miribel, 2027, FunderKind.DEPARTMENT, share=Decimal(100))  # another year is free


def test_editing_a_funding_does_not_count_it_twice(funded):
    funding = Funding.objects.get(post=funded.belley, funder_kind=FunderKind.STATE)
    funding.share = Decimal(80)
    funding.full_clean()
    funding.share = Decimal(81)
    with pytest.raises(ValidationError, match="il reste 80 % au plus"):
        funding.full_clean()


def test_a_funding_needs_an_amount_or_a_share(known):
    with pytest.raises(ValidationError, match="Indiquez un montant, une part"):
        fund(known.miribel, 2026, FunderKind.STATE)


def test_a_share_above_100_is_refused(known):
    with pytest.raises(ValidationError) as error:
        fund(known.miribel, 2026, FunderKind.STATE, share=Decimal(120))
    assert "share" in error.value.message_dict


def test_the_form_says_so_in_french_and_saves_nothing(client, funded):
    client.force_login(coordinator(("01",)))
    url = reverse("isg:funding-create", args=[funded.belley.pk])
    response = client.post(url, {"year": 2026, "funder_kind": FunderKind.DEPARTMENT, "share": "5"})
    assert response.status_code == 200
    assert "dépasseraient 100 %" in response.content.decode()
    assert funded.belley.fundings.count() == 2
    response = client.post(url, {"year": 2027, "funder_kind": FunderKind.DEPARTMENT, "share": "5,5"})
    assert response.status_code == 302
    assert funded.belley.fundings.get(year=2027).share == Decimal("5.5")


def test_the_dashboard_shows_the_funding_table(client, funded):
    client.force_login(coordinator(("01",)))
    page = client.get(reverse("isg:dashboard")).content.decode()
    assert "Financement des postes, par année et par financeur" in page
    assert "48\u202f000 €" in page and "65 %" in page and "non renseigné" in page
