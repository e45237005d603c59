"""etl.stages: the loader benchmark's stage breakdown names every stage of a load, in the order
they ran, and a load nobody collects for records nothing."""

from __future__ import annotations

import threading
import time

from etl import stages
from etl.store import writes
from tests.fixtures import ledgers as L

LOAD_STAGES = ["zip check", "parse", "clean", "header", "reading", "normalise", "table & keys", "open",
               "duplicate check", "insert", "derive", "archive", "commit", "checkpoint", "snapshot"]


def test_a_load_reports_each_stage_once_in_order(db_path, tmp_path):
    t = time.perf_counter()
    with stages.collect() as seconds:
        rep = writes.ingest(L.march_ledger(), "东城街道2025年3月隐患台账.xlsx", db=db_path)
    total = time.perf_counter() - t
    assert rep.status == "loaded"
    assert list(seconds) == LOAD_STAGES and list(seconds.cpu) == LOAD_STAGES
    assert all(s >= 0 for s in seconds.values()) and all(s >= 0 for s in seconds.cpu.values())
    # the stages are separate spans of the load: together no longer than the whole
    assert sum(seconds.values()) <= total


def test_nothing_is_recorded_without_a_collector(db_path):
    with stages.collect() as outer:
        pass
    writes.ingest(L.march_ledger(), "东城街道2025年3月隐患台账.xlsx", db=db_path)
    assert outer == {}


def test_nested_collectors_stay_apart():
    with stages.collect() as outer:
        with stages.stage("a"):
            pass
        with stages.collect() as inner:
            with stages.stage("b"):
                pass
        laps = stages.laps()
        laps.lap("a")
    assert list(outer) == ["a"] and list(inner) == ["b"]


def _burn_beside(seconds: float) -> None:
    """Burn ``seconds`` of CPU on a thread marked as background work, and wait for it."""

    burnt = []

    def burn():
        with stages.background():
            end = time.thread_time() + seconds
            while time.thread_time() < end:
                pass
        burnt.append(seconds)

    t = threading.Thread(target=burn)
    t.start()
    t.join()
    assert burnt == [seconds]


def test_work_on_a_background_thread_stays_out_of_the_stages_beside_it():
    """A stage's CPU is its own: CPU a background thread (a new warehouse migrated while the file
    is read) burnt meanwhile is not in it, whether the stage is a block or a lap."""
    with stages.collect() as seconds:
        with stages.stage("beside"):
            _burn_beside(0.3)
        laps = stages.laps()
        _burn_beside(0.3)
        laps.lap("lap beside")
    assert seconds.cpu["beside"] < 0.15
    assert seconds.cpu["lap beside"] < 0.15
