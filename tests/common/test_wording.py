import pytest

from allervers.common.wording import near_place, of_place


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Oyonnax", "d'Oyonnax"),
        ("Ambérieu-en-Bugey", "d'Ambérieu-en-Bugey"),
        ("Écully", "d'Écully"),
        ("Yvoire", "d'Yvoire"),
        ("Hauteville-Lompnes", "d'Hauteville-Lompnes"),
        ("Belley", "de Belley"),
        ("Le Poizat-Lalleyriat", "du Poizat-Lalleyriat"),
        ("Les Neyrolles", "des Neyrolles"),
        ("La Boisse", "de La Boisse"),
        ("L'Abergement-Clémenciat", "de L'Abergement-Clémenciat"),
    ],
)
def test_de_is_elided_or_contracted_as_french_does(name, expected):
    assert of_place(name) == expected


def test_an_aspirated_h_keeps_de():
    assert of_place("Haguenau", "67") == "de Haguenau"
    assert of_place("Honfleur", "14") == "de Honfleur"
    assert of_place("Hyères", "83") == "d'Hyères"


def test_near_place_reads_as_a_heading_does():
    assert near_place("Oyonnax") == "près d'Oyonnax"
    assert near_place("Nantua") == "près de Nantua"
