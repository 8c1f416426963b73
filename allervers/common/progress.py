"""One plain-text progress bar for the long commands (territories, directory import), drawn on a stream.

A command gives `Progress(stream)` (None: nothing is drawn) to the work; the work asks it for one bar per phase
(`progress.bar("Validation", total).update(done)`) or calls it as `progress(step, done, total)`.
"""

from __future__ import annotations

import sys
from typing import TextIO

WIDTH = 30


class ProgressBar:
    def __init__(self, stream: TextIO, label: str, total: int) -> None:
        self.stream, self.label, self.total = stream, label, total
        self._last_percent = -1

    def update(self, done: int) -> None:
        percent = done * 100 // self.total
        if percent == self._last_percent:
            return
        self._last_percent = percent
        filled = WIDTH * done // self.total
        self.stream.write(
            f"\r{self.label} [{'#' * filled}{'.' * (WIDTH - filled)}] {percent:3d} % ({done}/{self.total})"
        )
        if done >= self.total:
            self.stream.write("\n")
        self.stream.flush()


class Progress:
    """Bars on `stream`, for work of at least `min_total` items (a short file needs none)."""

    def __init__(self, stream: TextIO | None, *, min_total: int = 0) -> None:
        self.stream, self.min_total = stream, min_total
        self._bars: dict[str, ProgressBar] = {}

    @classmethod
    def on_terminal(cls, verbosity: int, stream: TextIO = sys.stdout) -> Progress:
        """Bars only for a person watching: verbosity 1 or more, and a terminal rather than a log file."""
        return cls(stream if verbosity >= 1 and stream.isatty() else None)

    def bar(self, label: str, total: int) -> ProgressBar | None:
        if self.stream is None or not total or total < self.min_total:
            return None
        return ProgressBar(self.stream, label, total)

    def __call__(self, step: str, done: int, total: int) -> None:
        if step not in self._bars:
            bar = self.bar(step, total)
            if bar is None:
                return
            self._bars[step] = bar
        self._bars[step].update(done)
