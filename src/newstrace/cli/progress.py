"""Progress as plain lines, for runs whose stderr is a log file or a pipe: what is done (of
how many), the rate and the time left, after some seconds or some items since the last line,
and once at the end. A terminal gets rich's live bar instead (``summary``)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import IO


def duration(seconds: float) -> str:
    """``42s``, ``3m 05s``, ``2h 07m``."""
    s = round(seconds)
    if s < 60:
        return f"{s}s"
    if s < 3600:
        return f"{s // 60}m {s % 60:02d}s"
    return f"{s // 3600}h {s % 3600 // 60:02d}m"


class ProgressLines:
    """Counts items as they are done and prints a line when ``every_seconds`` or
    ``every_items`` have passed since the last one."""

    def __init__(
        self,
        verb: str,
        unit: str,
        out: IO[str],
        *,
        every_seconds: float,
        every_items: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.verb, self.unit, self.out = verb, unit, out
        self.every_seconds, self.every_items = every_seconds, every_items
        self.clock = clock
        self.started = clock()
        self.done = 0
        self.total: int | None = None
        self.note = ""
        self._last_time = self.started
        self._last_done = 0

    def advance(self, count: int = 1, total: int | None = None, note: str = "") -> None:
        self.done += count
        if total is not None:
            self.total = total
        self.note = note
        now = self.clock()
        if (
            now - self._last_time >= self.every_seconds
            or self.done - self._last_done >= max(1, self.every_items)
        ) and not self._complete():
            self._print(now)

    def finish(self) -> None:
        """The closing line, when anything was done."""
        if self.done:
            self._print(self.clock(), final=True)

    def _complete(self) -> bool:
        return self.total is not None and self.done >= self.total

    def line(self, now: float, final: bool = False) -> str:
        elapsed = max(now - self.started, 1e-9)
        rate = self.done / elapsed
        done = f"{self.done}/{self.total}" if self.total is not None else str(self.done)
        text = f"{self.verb}: {done} {self.unit}"
        if self.total:
            text += f" ({100 * self.done // self.total}%)"
        text += f", {rate:.2f} {self.unit}/s"
        if final:
            text += f", done in {duration(elapsed)}"
        elif self.total is not None and rate > 0:
            text += f", about {duration((self.total - self.done) / rate)} left"
        if self.note and not final:
            text += f" ({self.note})"
        return text

    def _print(self, now: float, final: bool = False) -> None:
        self.out.write(self.line(now, final) + "\n")
        self.out.flush()
        self._last_time, self._last_done = now, self.done
