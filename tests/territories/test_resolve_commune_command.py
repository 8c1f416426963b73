from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def run(text):
    out = StringIO()
    call_command("resolve-commune", text, stdout=out)
    return out.getvalue()


def test_it_prints_the_insee_code_and_name():
    assert run("01300 Belley") == "01034 Belley\n"


def test_it_prints_the_note_on_a_second_line():
    assert run("01110 Hauteville-Lompnes").splitlines() == [
        "01185 Plateau d'Hauteville",
        "Hauteville-Lompnes est une commune déléguée de Plateau d'Hauteville (01185).",
    ]


def test_it_fails_with_exit_code_1_and_lists_the_candidates():
    with pytest.raises(CommandError) as caught:
        run("Saint-Denis")

    assert caught.value.returncode == 1
    lines = str(caught.value).splitlines()
    assert lines[0].startswith("Plusieurs communes s'appellent « Saint-Denis »")
    assert "  93066 Saint-Denis (93200) — Seine-Saint-Denis (93)" in lines
