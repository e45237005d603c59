"""Where a load spends its time, stage by stage (parse, header, normalise, insert, snapshot …).

Off unless a caller collects: ``with stages.collect() as seconds: ingest(...)`` fills ``seconds``
(stage name → seconds, in the order the stages first ran). The loader benchmark prints it; a
load without a collector pays one context-variable read per stage. Stages never nest: each is a
separate span of the load, so their sum is the load's time less the small glue between them.
"""

from __future__ import annotations

import contextlib
import contextvars
import time
from collections.abc import Iterator

_current: contextvars.ContextVar[dict[str, float] | None] = contextvars.ContextVar("etl_stage_seconds", default=None)


@contextlib.contextmanager
def collect() -> Iterator[dict[str, float]]:
    """Collect the stage timings of what runs inside the block (this thread or task only)."""
    seconds: dict[str, float] = {}
    token = _current.set(seconds)
    try:
        yield seconds
    finally:
        _current.reset(token)


@contextlib.contextmanager
def stage(name: str) -> Iterator[None]:
    """Time the block as ``name`` (added up when it runs several times, e.g. once per sheet)."""
    seconds = _current.get()
    if seconds is None:
        yield
        return
    start = time.perf_counter()
    try:
        yield
    finally:
        seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - start


class Laps:
    """Consecutive stages of one function without indenting it: ``laps = stages.laps()``, then
    ``laps.lap("header")`` at the end of each stage (the time since the previous lap)."""

    __slots__ = ("_seconds", "_last")

    def __init__(self, seconds: dict[str, float] | None) -> None:
        self._seconds = seconds
        self._last = time.perf_counter() if seconds is not None else 0.0

    def lap(self, name: str) -> None:
        if self._seconds is None:
            return
        now = time.perf_counter()
        self._seconds[name] = self._seconds.get(name, 0.0) + now - self._last
        self._last = now

    def skip(self) -> None:
        """Start the next lap now (the time since the previous lap belongs to no stage)."""
        if self._seconds is not None:
            self._last = time.perf_counter()


def laps() -> Laps:
    return Laps(_current.get())
