import pytest

from allervers.territories.enums import CommuneKind
from allervers.territories.resolver import CommuneResolutionError, resolve_commune

pytestmark = pytest.mark.django_db


def resolved_code(text):
    return resolve_commune(text).commune.code


def test_it_resolves_a_postal_code_and_a_name():
    resolution = resolve_commune("01300 Belley")

    assert (resolution.commune.code, resolution.commune.name) == ("01034", "Belley")
    assert resolution.matched == resolution.commune
    assert resolution.note == ""


def test_it_resolves_a_name_alone():
    assert resolved_code("Belley") == "01034"


def test_it_resolves_an_insee_code():
    assert resolve_commune("01283").commune.name == "Oyonnax"


def test_it_resolves_a_cedex_postal_code_through_its_department():
    resolution = resolve_commune("CCAS :01703 Saint-Maurice-de-Beynost")

    assert (resolution.commune.code, resolution.commune.name) == ("01376", "Saint-Maurice-de-Beynost")


def test_it_resolves_a_cedex_code_of_a_prefecture():
    assert resolved_code("01005 Bourg-en-Bresse") == "01053"


def test_it_ignores_the_word_cedex_after_a_regular_postal_code():
    assert resolved_code("01000 BOURG EN BRESSE CEDEX") == "01053"


def test_it_ignores_a_cedex_number_after_the_name():
    assert resolved_code("Bourg-en-Bresse Cedex 01") == "01053"


def test_it_reads_st_and_ste_as_saint_and_sainte():
    assert resolved_code("St Maurice de Beynost") == "01376"
    assert resolve_commune("ste-foy-lès-lyon").commune.name == "Sainte-Foy-lès-Lyon"


def test_it_ignores_accents_the_official_name_lacks():
    resolution = resolve_commune("01206 Valsérhône")

    assert (resolution.commune.code, resolution.commune.name) == ("01033", "Valserhône")


def test_it_resolves_a_delegated_commune_to_its_commune_nouvelle_with_a_note():
    resolution = resolve_commune("01110 Hauteville-Lompnes")

    assert (resolution.commune.code, resolution.commune.name) == ("01185", "Plateau d'Hauteville")
    assert resolution.commune.kind == CommuneKind.COMMUNE
    assert resolution.matched.name == "Hauteville-Lompnes"
    assert resolution.matched.kind == CommuneKind.DELEGATED
    assert "Hauteville-Lompnes est une commune déléguée de Plateau d'Hauteville" in resolution.note


def test_it_resolves_the_former_name_of_a_commune_nouvelle_without_postal_code():
    resolution = resolve_commune("Bellegarde-sur-Valserine")

    assert resolution.commune.name == "Valserhône"
    assert "commune déléguée de Valserhône" in resolution.note


def test_it_refuses_an_ambiguous_name_and_lists_the_namesakes_with_their_department():
    with pytest.raises(CommuneResolutionError) as caught:
        resolve_commune("Saint-Denis")

    assert "Plusieurs communes s'appellent « Saint-Denis »" in caught.value.message
    listed = {(c.current.code, c.department_code) for c in caught.value.candidates}
    assert {("93066", "93"), ("97411", "974"), ("11339", "11"), ("30247", "30")} <= listed


@pytest.mark.parametrize("text", ["Saint-Denis 93", "Saint-Denis (93)", "Saint-Denis (Seine-Saint-Denis)"])
def test_it_resolves_a_namesake_given_its_department(text):
    assert resolved_code(text) == "93066"


def test_it_resolves_a_namesake_given_its_postal_code():
    assert resolved_code("97400 Saint-Denis") == "97411"


def test_it_resolves_a_postal_code_alone_when_it_serves_one_commune():
    assert resolve_commune("01440").commune.name == "Viriat"


def test_it_lists_the_communes_of_a_postal_code_alone_that_serves_several():
    with pytest.raises(CommuneResolutionError) as caught:
        resolve_commune("01100")

    assert "Le code postal 01100 couvre plusieurs communes" in caught.value.message
    assert "Oyonnax" in [candidate.name for candidate in caught.value.candidates]


def test_it_suggests_the_right_spelling_of_a_misspelled_name_without_guessing():
    with pytest.raises(CommuneResolutionError) as caught:
        resolve_commune("Oyonax")

    assert "Aucune commune ne s'appelle « Oyonax »" in caught.value.message
    assert caught.value.candidates[0].name == "Oyonnax"


def test_it_says_so_when_nothing_comes_close():
    with pytest.raises(CommuneResolutionError) as caught:
        resolve_commune("Xqzwv")

    assert caught.value.candidates == []
    assert "Vérifiez l'orthographe" in caught.value.message


def test_it_asks_for_a_name_when_given_an_unknown_code():
    with pytest.raises(CommuneResolutionError) as caught:
        resolve_commune("01703")

    assert "indiquez aussi le nom de la commune" in caught.value.message


def test_it_asks_for_something_when_given_nothing():
    with pytest.raises(CommuneResolutionError) as caught:
        resolve_commune("  ")

    assert caught.value.message == "Indiquez le nom de la commune ou son code postal."


def test_it_keeps_the_name_when_the_postal_code_does_not_fit_and_says_so():
    resolution = resolve_commune("01000 Oyonnax")

    assert resolution.commune.name == "Oyonnax"
    assert "Le code postal 01000 ne correspond pas à cette commune" in resolution.note


def test_it_resolves_a_paris_postal_code_to_its_arrondissement():
    resolution = resolve_commune("75011 Paris")

    assert (resolution.commune.code, resolution.commune.kind) == ("75111", CommuneKind.MUNICIPAL_DISTRICT)
    assert resolution.commune.current.name == "Paris"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Paris 11e", "75111"),
        ("Paris 11", "75111"),
        ("Lyon 3eme arrondissement", "69383"),
        ("Marseille 1er", "13201"),
    ],
)
def test_it_resolves_an_arrondissement_written_by_hand(text, code):
    assert resolved_code(text) == code


def test_it_reads_marseille_13_as_the_city_in_its_department():
    assert resolved_code("Marseille 13") == "13055"


def test_it_finds_a_name_written_without_its_article():
    assert resolved_code("Havre") == "76351"
    assert resolved_code("Havre (Le)") == "76351"
    assert resolved_code("Abergement-Clémenciat") == "01001"


def test_it_resolves_corsican_postal_codes():
    assert resolved_code("20000 Ajaccio") == "2A004"
    assert resolved_code("20090 Ajaccio Cedex 9") == "2A004"


def test_it_resolves_an_overseas_cedex_code_through_its_three_digit_department():
    assert resolved_code("97717 Saint-Denis Cedex 9") == "97411"


def test_it_needs_only_a_few_queries(django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        resolve_commune("01110 Hauteville-Lompnes")
    with django_assert_max_num_queries(3):
        resolve_commune("Bellegarde-sur-Valserine")
