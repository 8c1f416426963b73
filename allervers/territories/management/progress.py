"""A one-line progress bar for management commands, shown only on a terminal."""

from __future__ import annotations

from django.core.management.base import OutputWrapper

BAR_WIDTH = 30


class ProgressBar:
    def __init__(self, stream: OutputWrapper, verbosity: int) -> None:
        self.stream = stream
        self.enabled = verbosity >= 1 and stream.isatty()
        self.step = ""

    def __call__(self, step: str, done: int, total: int) -> None:
        if not self.enabled or total == 0:
            return
        filled = BAR_WIDTH * done // total
        bar = "█" * filled + "·" * (BAR_WIDTH - filled)
        self.stream.write(f"\r{step} [{bar}] {done}/{total}", ending="")
        self.step = step
        if done >= total:
            self.stream.write("")
            self.step = ""
        self.stream.flush()
