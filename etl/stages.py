"""Where a load spends its time, stage by stage (parse, header, normalise, insert, snapshot …).

Off unless a caller collects: ``with stages.collect() as seconds: ingest(...)`` fills ``seconds``
(stage name → wall-clock seconds, in the order the stages first ran) and ``seconds.cpu`` (the
same stages in CPU seconds of the process, all its threads: comparable across runs on a busy
machine). The loader benchmark prints them; a load without a collector pays one context-variable
read per stage. Stages never nest: each is a separate span of the load, so their sum is the
load's time less the small glue between them.

Work a load does on a thread of its own beside the stages (``background``: a new warehouse
migrated while the file is read) is no stage: its CPU is kept out of the stages it ran beside,
so each stage's CPU is that stage's own, and is left in the load's total (the benchmark's
"between stages").
"""

from __future__ import annotations

import contextlib
import contextvars
import threading
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


_background_lock = threading.Lock()
_background_running: dict[int, tuple[int, float]] = {}  # thread id -> (its CPU clock, its CPU at the start)
_background_done = 0.0  # CPU seconds of background blocks that have ended


def _cpu() -> float:
    """The process's CPU seconds (all threads) less what background blocks have used."""
    with _background_lock:
        used = _background_done + sum(time.clock_gettime(clock) - start for clock, start in _background_running.values())
    return time.process_time() - used


@contextlib.contextmanager
def background() -> Iterator[None]:
    """Mark the block, on a thread of its own, as work beside the stages: its CPU is kept out of
    the stage figures of the threads it runs beside."""
    global _background_done
    try:
        clock = time.pthread_getcpuclockid(threading.get_ident())
    except (AttributeError, OSError):  # no per-thread CPU clock here: nothing to keep apart
        yield
        return
    key = threading.get_ident()
    with _background_lock:
        _background_running[key] = (clock, time.clock_gettime(clock))
    try:
        yield
    finally:
        with _background_lock:
            _, start = _background_running.pop(key)
            _background_done += time.clock_gettime(clock) - start


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
    start, cpu = time.perf_counter(), _cpu()
    try:
        yield
    finally:
        seconds.add(name, time.perf_counter() - start, _cpu() - cpu)


class Laps:
    """Consecutive stages of one function without indenting it: ``laps = stages.laps()``, then
    ``laps.lap("header")`` at the end of each stage (the time since the previous lap)."""

    __slots__ = ("_seconds", "_last", "_last_cpu")

    def __init__(self, seconds: StageTimes | None) -> None:
        self._seconds = seconds
        self._last, self._last_cpu = (time.perf_counter(), _cpu()) if seconds is not None else (0.0, 0.0)

    def lap(self, name: str) -> None:
        if self._seconds is None:
            return
        now, cpu = time.perf_counter(), _cpu()
        self._seconds.add(name, now - self._last, cpu - self._last_cpu)
        self._last, self._last_cpu = now, cpu

    def skip(self) -> None:
        """Start the next lap now (the time since the previous lap belongs to no stage)."""
        if self._seconds is not None:
            self._last, self._last_cpu = time.perf_counter(), _cpu()


def laps() -> Laps:
    return Laps(_current.get())
