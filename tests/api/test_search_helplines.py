"""The search API returns the helplines too (issue 15, item 1), with the data·inclusion parameter names."""

import pytest

from allervers.directory.demo import load_demo
from allervers.directory.models import Service

pytestmark = pytest.mark.django_db

URL = "/api/v1/search/services"
OYONNAX = "01283"
L3919 = "fnsf-3919--violences-femmes-info"
L3977 = "federation-3977--3977"
L3018 = "e-enfance-3018--3018"
L119 = "gip-enfance-en-danger-119--119"
FDFA = "fdfa--ecoute-violences-femmes-handicapees"
HELPLINE = "helpline"


@pytest.fixture(autouse=True)
def demo(db):
    load_demo()


def items(client, **params):
    params.setdefault("size", 100)
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return response.json()["items"]


def line_ids(found):
    """The source ids (those of the demo file) of the helplines among the items, in order: the API writes them
    « source--id », as data·inclusion's does."""
    source_ids = set(Service.objects.helplines().values_list("source_id", flat=True))
    found_ids = [
        item["service"]["id"].removeprefix(item["service"]["source"] + "--")
        for item in found
        if item["service"]["nature"] == HELPLINE
    ]
    assert set(found_ids) <= source_ids
    return found_ids


@pytest.mark.parametrize("place", [{"code_commune": OYONNAX}, {}], ids=["near-oyonnax", "anywhere"])
@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("3919", L3919),
        ("01 40 47 06 06", FDFA),
        ("0140470606", FDFA),
        ("violences conjugales", L3919),
        ("harcèlement", L3018),
        ("maltraitance", L3977),
        ("femmes handicapées", FDFA),
    ],
)
def test_a_text_or_a_number_returns_the_matching_lines(client, place, q, expected):
    assert expected in line_ids(items(client, q=q, **place))


def test_a_line_comes_with_its_channels_and_no_distance(client):
    [item] = items(client, code_commune=OYONNAX, q="3919")
    assert item["distance"] is None
    assert item["service"]["nature"] == HELPLINE
    assert item["service"]["ouvert_24h"] is True
    assert {"nature": "phone", "valeur": "3919"}.items() <= item["service"]["canaux"][0].items()
    assert item["service"]["zone_eligibilite"] == ["france"]


def test_the_remote_mode_lists_the_lines(client):
    found = items(client, code_commune=OYONNAX, modes_accueil="a-distance")
    assert {L3919, L119, L3977, L3018, FDFA} <= set(line_ids(found))
    assert all(item["distance"] is None for item in found if item["service"]["nature"] == HELPLINE)


def test_an_urgent_theme_puts_its_lines_first(client):
    found = items(client, code_commune=OYONNAX, thematiques="aide-aux-victimes--violences-conjugales")
    natures = [item["service"]["nature"] for item in found]
    count = natures.count(HELPLINE)
    assert count >= 3 and natures[:count] == [HELPLINE] * count
    assert L3919 in line_ids(found)[:2], "with the 114, the lines whose main theme it is"


def test_tchat_finds_the_lines_with_a_chat(client):
    found = items(client, q="tchat")
    assert {L119, L3018} <= set(line_ids(found))
    for item in found:
        assert (
            any(canal["nature"] == "chat" for canal in item["service"]["canaux"])
            or "tchat" in (item["service"]["nom"] + (item["service"]["description"] or "")).lower()
        )
