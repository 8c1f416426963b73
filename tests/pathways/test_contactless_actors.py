"""An actor a person is sent to always comes with a way to reach it or where to ask (issue 15, review)."""

import pytest
from django.urls import reverse

from allervers.directory.models import Service

pytestmark = pytest.mark.django_db


def test_the_114_is_never_offered_as_a_call(client, demo):
    line = Service.objects.get(source_id="cnr-114--114")
    assert line.phone == ""
    html = client.get(reverse("portal:service", args=[line.pk, line.slug])).content.decode()
    assert 'href="tel:114"' not in html
    assert 'href="sms:114"' in html


def test_a_service_page_gives_its_web_channels(client, demo):
    caf = Service.objects.get(source_id="caf-ain--prestations-pensions")
    html = client.get(reverse("portal:service", args=[caf.pk, caf.slug])).content.decode()
    assert "Autres moyens de contact" in html
    assert 'href="https://www.caf.fr"' in html


def test_a_fiche_step_with_a_contactless_actor_says_where_to_ask(client, demo):
    html = client.get(reverse("pathways:commune-fiche", args=["violences-conjugales", "01173"])).content.decode()
    # Gex: the complaint step names the departmental gendarmerie, which has no phone of its own here.
    assert "Groupement de gendarmerie départementale" in html
    assert "brigade la plus proche" in html


def test_the_116_006_second_number_is_read_once(client, demo):
    html = client.get(reverse("portal:emergency")).content.decode()
    button = html.split("Depuis l&#x27;étranger", 1)[1].split("</a>", 1)[0]
    assert button.count("+33") == 1


def test_where_to_ask_keeps_the_sentences_on_how_to_reach_an_actor():
    from allervers.pathways.templatetags.fiche_tags import where_to_ask

    description = "Échelon de commandement. Pour trouver la brigade, cherchez sur l'annuaire. En cas de danger, le 17."
    assert where_to_ask(description) == "Pour trouver la brigade, cherchez sur l'annuaire."
    assert where_to_ask("Unité médico-judiciaire de l'hôpital.") == ""
