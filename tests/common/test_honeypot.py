"""The anti-robot field of the public forms: hidden from people and assistive technologies, still a trap."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

JOIN = reverse("backoffice:join")


def _honeypot(html: str) -> str:
    start = html.index('<div class="honeypot" aria-hidden="true">')
    return html[start : html.index("</div>", start)]


def test_it_is_aria_hidden_out_of_the_tab_order_unlabelled_as_optional_and_empty(client):
    html = client.get(JOIN).content.decode()
    field = _honeypot(html)

    assert 'name="website"' in field and 'tabindex="-1"' in field and 'autocomplete="off"' in field
    assert 'value=""' in field
    assert "Optionnel" not in field
    assert html.count('name="website"') == 1


def test_a_robot_that_fills_it_is_refused_and_a_person_told_why(client):
    response = client.post(
        JOIN, {"name": "Structure fictive", "website": "http://spam.example"}, headers={"Sec-Fetch-Site": "same-origin"}
    )
    html = response.content.decode()

    assert response.status_code == 200
    assert "Un champ invisible, qui sert à écarter les robots, a été rempli" in html
    assert 'value="http://spam.example"' not in _honeypot(html)
