"""A one-line progress bar for management commands, shown only on a terminal."""

from __future__ import annotations

from django.core.management.base import OutputWrapper

BAR_WIDTH = 30


class ProgressBar:
    def __init__(self, stream: OutputWrapper, verbosity: int) -> None:
        self.stream = stream
        self.enabled = verbosity >= 1 and stream.isatty()
        self.shown: tuple[str, int] = ("", -1)

    def __call__(self, step: str, done: int, total: int) -> None:
        if not self.enabled or total == 0:
            return
        percent = 100 * done // total
        if (step, percent) == self.shown:
            return
        self.shown = (step, percent)
        filled = BAR_WIDTH * done // total
        bar = "█" * filled + "·" * (BAR_WIDTH - filled)
        self.stream.write(f"\r{step} [{bar}] {done}/{total}", ending="\n" if done >= total else "")
        self.stream.flush()
