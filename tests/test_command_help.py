"""Every command of ours explains itself: `allervers <command> --help` prints its French help."""

import pytest
from django.core.management import get_commands, load_command_class

OURS = sorted(name for name, app in get_commands().items() if app.startswith("allervers."))


def test_there_are_commands_to_check():
    assert "bench-data" in OURS and "rebuild-search-index" in OURS


@pytest.mark.parametrize("name", OURS)
def test_the_help_of_each_command_prints(name):
    command = load_command_class(get_commands()[name], name)
    text = command.create_parser("allervers", name).format_help()
    assert command.help.split()[0] in text
