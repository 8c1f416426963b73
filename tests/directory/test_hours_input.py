"""Hours typed as people write them become OSM syntax; what cannot be read is refused with a French message."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allervers.directory import hours
from allervers.directory.hours_input import HoursInputError, to_osm


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Lundi au vendredi : 9h00 - 12h00 / 14h00 - 17h00", "Mo-Fr 09:00-12:00,14:00-17:00"),
        ("du lundi au vendredi de 9 heures à 12 heures", "Mo-Fr 09:00-12:00"),
        ("9h-12h du lundi au vendredi", "Mo-Fr 09:00-12:00"),
        ("Lun. 9h-12h", "Mo 09:00-12:00"),
        ("en semaine 9h-18h, samedi 9h-12h", "Mo-Fr 09:00-18:00; Sa 09:00-12:00"),
        ("du lundi au vendredi 9h-17h sauf mercredi", "Mo-Tu,Th-Fr 09:00-17:00"),
        ("du lundi au vendredi 9h-17h ; mercredi 9h-12h", "Mo-Fr 09:00-17:00; We 09:00-12:00"),
        ("du vendredi au lundi 10h-12h", "Mo,Fr-Su 10:00-12:00"),
        ("du lundi au vendredi 9h-12h sauf jours fériés", "Mo-Fr 09:00-12:00; PH off"),
        ("du lundi au vendredi sauf les jours fériés, de 9 h à 12 h", "Mo-Fr 09:00-12:00; PH off"),
        ("du lundi au vendredi de 9 h à 12 h sur rendez-vous", 'Mo-Fr 09:00-12:00 "sur rendez-vous"'),
        ("du lundi au vendredi 9h-12h ; sur rdv le samedi", 'Mo-Fr 09:00-12:00; Sa unknown "sur rendez-vous"'),
        ("tous les jours de 9 h à midi", "Mo-Su 09:00-12:00"),
        ("lundi 20h-minuit", "Mo 20:00-24:00"),
        ("lundi 9h-12h\nmardi 14h-17h", "Mo 09:00-12:00; Tu 14:00-17:00"),
        ("fermé", "off"),
        ('"sur rendez-vous"', 'unknown "sur rendez-vous"'),  # an OSM comment alone is not "open at any time"
    ],
)
def test_it_stores_hours_written_in_many_ways(typed, stored):
    assert to_osm(typed) == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("le matin", "ces mots ne sont pas compris : « matin »"),
        ("mardi et jeudi après-midi", "« après-midi »"),
        ("lundi", "« lundi » : précisez les heures"),
        ("9h-12h", "« 9h-12h » : précisez les jours"),
        ("lundi 9h", "Il manque l'heure de fin après « 9h »"),
        ("lundi 25h-26h", "« 25h » n'est pas une heure"),
        ("lundi 9h-9h", "l'heure de fin est l'heure de début"),
        ("lundi -", "Il manque le dernier jour"),
        ("du lundi au vendredi 9h-17h, fermé de 12h à 14h", "pour une pause dans la journée"),
        ("sauf lundi", "« sauf » : écrivez d'abord les jours d'ouverture"),
    ],
)
def test_it_says_in_french_what_it_did_not_understand(typed, message):
    with pytest.raises(HoursInputError, match=message):
        to_osm(typed)


def test_nothing_typed_is_no_hours():
    assert to_osm("  \n ") == ""


WORDS = [
    "lundi", "mardi", "ven", "sam.", "dimanche", "du", "au", "à", "-", ",", "et", ";", "de", "9h", "12 h 30", "14h",
    "17:00", "midi", "minuit", "24h/24", "7j/7", "fermé", "sauf", "jours fériés", "sur rendez-vous", "les autres jours",
    "tous les jours", "non précisés", "matin", "8", "99", "(", ")", ".", "\n", "Mo-Fr", "09:00-12:00",
]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=12))
def test_any_mix_of_words_is_stored_as_osm_or_refused_in_french(words):
    typed = " ".join(words)
    try:
        stored = to_osm(typed)
    except HoursInputError as error:
        assert str(error) and "Traceback" not in str(error)
    else:
        assert stored == "" or hours.parse(stored) is not None
