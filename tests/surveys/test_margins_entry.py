"""Margins typed in by hand from an INSEE table: by sexe, age band and commune or EPCI, totals checked, French
errors naming the field or the line at fault, nothing replaced until the whole table is right."""

import pytest
from django.urls import reverse

from tests.factories import coordinator

pytestmark = pytest.mark.django_db

AGES = {"age_18_29": 150, "age_30_44": 250, "age_45_59": 250, "age_60_74": 220, "age_75_et_plus": 130}


@pytest.fixture
def logged_in(client):
    client.force_login(coordinator())
    return client


def _post(client, survey, **data):
    base = {"sexe_F": 520, "sexe_H": 480, **AGES, "territories": "01249 ; 600\n01043 ; 400", "source": "RP 2021"}
    return client.post(reverse("surveys:margins-entry", args=[survey.pk]), base | data)


def test_the_form_is_prefilled_with_the_current_margins(logged_in, open_survey):
    page = logged_in.get(reverse("surveys:margins-entry", args=[open_survey.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'value="520"' in html and "01249 ; 600" in html
    assert "Personnes de 75 ans et plus" in html


def test_margins_typed_by_commune_replace_the_old_ones(logged_in, open_survey):
    response = _post(logged_in, open_survey, illustrative="")
    assert response.status_code == 302
    margins = open_survey.margins_dict()
    assert margins["sexe"] == {"F": 520.0, "H": 480.0}
    assert margins["age_groupe"]["75 et plus"] == 130.0 and len(margins["age_groupe"]) == 5
    assert margins["commune"] == {"01249": 600.0, "01043": 400.0}
    open_survey.refresh_from_db()
    assert open_survey.margins_source == "RP 2021" and not open_survey.margins_illustrative


def test_margins_can_be_given_by_epci_and_the_questionnaire_then_offers_its_communes(logged_in, open_survey, client):
    from allervers.territories.models import Commune

    assert _post(logged_in, open_survey, territories="240100800 ; 1000").status_code == 302
    assert open_survey.margins_dict()["epci"] == {"240100800": 1000.0}
    assert "commune" not in open_survey.margins_dict()
    from allervers.surveys.pages import communes_of

    codes = {code for code, _ in communes_of(open_survey)}
    assert codes == set(Commune.objects.current().filter(epci_id="240100800").values_list("code", flat=True))


def test_totals_that_differ_are_refused_with_each_total(logged_in, open_survey):
    response = _post(logged_in, open_survey, sexe_F=530, territories="01249 ; 600\n01043 ; 390")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Les totaux ne concordent pas (sexe 1\u202f010, tranches d&#x27;âge 1\u202f000, territoires 990)" in html
    assert open_survey.margins_dict()["sexe"] == {"F": 520.0, "H": 480.0}  # unchanged


def test_each_bad_territory_line_is_reported_with_its_number(logged_in, open_survey):
    lines = "01249 ; 600\n\n01043 ; quatre cents\n99999 ; 10\n01249 ; 5\n240100800 ; 3"
    response = _post(logged_in, open_survey, territories=lines)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Ligne 3 : « 01043 ; quatre cents »" in html
    assert "Ligne 4 : « 99999 » n&#x27;est ni un code INSEE de commune ni un SIREN d&#x27;EPCI" in html
    assert "Ligne 5 : le territoire 01249 apparaît deux fois." in html
    assert "pas un mélange des deux" in html


def test_a_missing_or_negative_count_is_refused_on_its_field(logged_in, open_survey):
    response = _post(logged_in, open_survey, sexe_H="", age_60_74=-3)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Ce champ est obligatoire." in html
    assert "supérieure ou égale à 0" in html


def test_margins_without_territories_weight_on_sexe_and_age_only(logged_in, open_survey):
    assert _post(logged_in, open_survey, territories="").status_code == 302
    assert set(open_survey.margins_dict()) == {"sexe", "age_groupe"}


def test_decimals_are_accepted_with_a_comma_or_a_point_and_kept(logged_in, open_survey):
    shares = {
        "age_18_29": "18,2",
        "age_30_44": "24.6",
        "age_45_59": "25,1",
        "age_60_74": "20,0",
        "age_75_et_plus": "12",
    }
    response = _post(
        logged_in, open_survey, sexe_F="51,3", sexe_H="48.7", territories="01249 ; 60,5\n01043 ; 39.5", **shares
    )
    assert response.status_code == 302
    margins = open_survey.margins_dict()
    assert margins["sexe"] == {"F": 51.3, "H": 48.7}
    assert margins["age_groupe"]["30-44"] == 24.6 and margins["age_groupe"]["18-29"] == 18.2
    assert margins["commune"] == {"01249": 60.5, "01043": 39.5}
    page = logged_in.get(reverse("surveys:margins-entry", args=[open_survey.pk])).content.decode()
    assert 'value="51,3"' in page and "01249 ; 60,5" in page  # shown back in French notation


def test_totals_within_rounding_are_accepted_and_beyond_it_refused_with_the_tolerance(logged_in, open_survey):
    # Shares: the ages add up to 99.9, which the rounding of each typed value explains (half its last decimal).
    ages = {"age_18_29": "18,2", "age_30_44": "24,6", "age_45_59": "25,1", "age_60_74": "20", "age_75_et_plus": "12"}
    ok = _post(logged_in, open_survey, sexe_F="51,3", sexe_H="48,7", territories="", **(ages | {"age_60_74": "20,0"}))
    assert ok.status_code == 302
    assert sum(open_survey.margins_dict()["age_groupe"].values()) == pytest.approx(99.9)
    # Counts to the unit: sexe 1 003 against ages 1 000 is within 1 + 2.5; 1 004 is not.
    assert _post(logged_in, open_survey, sexe_F=523, territories="").status_code == 302
    refused = _post(logged_in, open_survey, sexe_F=524, territories="")
    html = refused.content.decode()
    assert refused.status_code == 400
    assert "Les totaux ne concordent pas (sexe 1\u202f004, tranches d&#x27;âge 1\u202f000)" in html
    assert "n&#x27;expliquent qu&#x27;un écart de 3,5 au plus" in html


@pytest.mark.parametrize("typed", ["douze", "1.234,5", "12,5 %", "12,,5", "1e3"])
def test_a_number_that_is_not_one_is_refused_in_french(logged_in, open_survey, typed):
    response = _post(logged_in, open_survey, sexe_H=typed, territories=f"01249 ; {typed}")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Écrivez un nombre, avec une virgule ou un point pour les décimales (par exemple 8 120 ou 12,5)." in html
    assert "Ligne 1 : « 01249 ; " in html and "décimales avec une virgule ou un point" in html
    assert open_survey.margins_dict()["sexe"] == {"F": 520.0, "H": 480.0}  # unchanged


def test_the_engine_weights_margins_whose_totals_differ_by_rounding_only():
    from allervers.surveys.estimation import Respondent, check_margins, rounding_slack

    assert rounding_slack([18.2, 24.6, 25.1, 20.0, 12.0]) == pytest.approx(0.05 * 3 + 0.5 * 2)
    people = [Respondent(commune="01249", sexe=s, age_groupe="30-44", answers={}) for s in "FH"]
    close = {"sexe": {"F": 51.3, "H": 48.7}, "age_groupe": {"30-44": 99.9}}
    assert check_margins(people, close) == []
    far = {"sexe": {"F": 51.3, "H": 48.7}, "age_groupe": {"30-44": 99.5}}
    assert check_margins(people, far) == [
        "Marges : les totaux des variables diffèrent au-delà des arrondis (99,5, 100)."
    ]
