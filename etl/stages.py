"""Where a load spends its time, stage by stage (parse, header, normalise, insert, snapshot …).

Off unless a caller collects: ``with stages.collect() as seconds: ingest(...)`` fills ``seconds``
(stage name → wall-clock seconds, in the order the stages first ran) and ``seconds.cpu`` (the
same stages in CPU seconds of the process, all its threads: comparable across runs on a busy
machine). The loader benchmark prints them; a load without a collector pays one context-variable
read per stage. Stages never nest: each is a separate span of the load, so their sum is the
load's time less the small glue between them.
"""

from __future__ import annotations

import contextlib
import contextvars
import time
from collections.abc import Iterator


class StageTimes(dict):
    """stage → wall-clock seconds; ``cpu``: stage → CPU seconds."""

    def __init__(self) -> None:
        super().__init__()
        self.cpu: dict[str, float] = {}

    def add(self, name: str, wall: float, cpu: float) -> None:
        self[name] = self.get(name, 0.0) + wall
        self.cpu[name] = self.cpu.get(name, 0.0) + cpu


_current: contextvars.ContextVar[StageTimes | None] = contextvars.ContextVar("etl_stage_seconds", default=None)


@contextlib.contextmanager
def collect() -> Iterator[StageTimes]:
    """Collect the stage timings of what runs inside the block (this thread or task only)."""
    seconds = StageTimes()
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
    start, cpu = time.perf_counter(), time.process_time()
    try:
        yield
    finally:
        seconds.add(name, time.perf_counter() - start, time.process_time() - cpu)


class Laps:
    """Consecutive stages of one function without indenting it: ``laps = stages.laps()``, then
    ``laps.lap("header")`` at the end of each stage (the time since the previous lap)."""

    __slots__ = ("_seconds", "_last", "_last_cpu")

    def __init__(self, seconds: StageTimes | None) -> None:
        self._seconds = seconds
        self._last, self._last_cpu = (time.perf_counter(), time.process_time()) if seconds is not None else (0.0, 0.0)

    def lap(self, name: str) -> None:
        if self._seconds is None:
            return
        now, cpu = time.perf_counter(), time.process_time()
        self._seconds.add(name, now - self._last, cpu - self._last_cpu)
        self._last, self._last_cpu = now, cpu

    def skip(self) -> None:
        """Start the next lap now (the time since the previous lap belongs to no stage)."""
        if self._seconds is not None:
            self._last, self._last_cpu = time.perf_counter(), time.process_time()


def laps() -> Laps:
    return Laps(_current.get())
