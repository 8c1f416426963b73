"""A plain text progress bar on a stream (stderr), drawn only when the work is long enough to need one."""

from __future__ import annotations

from typing import TextIO

MIN_TOTAL = 500
WIDTH = 30


class ProgressBar:
    def __init__(self, stream: TextIO, label: str, total: int) -> None:
        self.stream, self.label, self.total = stream, label, total
        self.enabled = total >= MIN_TOTAL
        self._last_percent = -1

    def update(self, done: int) -> None:
        if not self.enabled:
            return
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
    """Factory handed to the import: one bar per phase (lecture, validation, écriture)."""

    def __init__(self, stream: TextIO | None) -> None:
        self.stream = stream

    def bar(self, label: str, total: int) -> ProgressBar | None:
        return ProgressBar(self.stream, label, total) if self.stream is not None and total else None
