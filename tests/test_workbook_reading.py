"""The workbook reader's speed-ups keep what it reads and refuses: the cyclic collector paused
while a sheet's cells are built is always restored (after a load, a refusal, an exception, and
when loads overlap in threads)."""

from __future__ import annotations

import gc
import threading

import pytest

from etl.ingest import pipeline
from etl.ingest import workbook as wb
from etl.problems import RefusedFile
from tests.fixtures import ledgers as L


@pytest.fixture(autouse=True)
def _collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    assert wb._gc_pauses == 0
    (gc.enable if was else gc.disable)()


def _watch_clean_rows(monkeypatch) -> list[bool]:
    """Record whether the collector was on each time the reader cleaned a sheet's cells (inside
    the read, after the cells were built)."""
    seen: list[bool] = []
    clean = wb.clean_rows

    def watching(rows):
        seen.append(gc.isenabled())
        return clean(rows)

    monkeypatch.setattr(wb, "clean_rows", watching)
    return seen


def test_the_collector_is_paused_during_the_read_and_back_on_after_a_load(monkeypatch):
    seen = _watch_clean_rows(monkeypatch)
    analysis = pipeline.analyse(L.title_rows(1), "ledger.xlsx")
    assert analysis.rows_loaded == 3
    assert seen and not any(seen)
    assert gc.isenabled()


@pytest.mark.parametrize("build", [lambda: L.far_stray_cell("XFD1048576"), lambda: b"PK\x03\x04 not a zip"],
                         ids=["far-stray-cell", "broken-zip"])
def test_the_collector_is_back_on_after_a_refused_file(build):
    with pytest.raises(RefusedFile):
        pipeline.analyse(build(), "ledger.xlsx")
    assert gc.isenabled()


def test_the_collector_is_back_on_after_an_unforeseen_failure(monkeypatch):
    def boom(rows):
        raise KeyError("unforeseen")

    monkeypatch.setattr(wb, "clean_rows", boom)
    with pytest.raises(RefusedFile):  # analyse turns it into a refusal
        pipeline.analyse(L.title_rows(1), "ledger.xlsx")
    assert gc.isenabled()
    with pytest.raises(KeyError), wb.gc_paused():
        raise KeyError("inside")
    assert gc.isenabled()


def test_a_collector_switched_off_before_stays_off():
    gc.disable()
    pipeline.analyse(L.title_rows(1), "ledger.xlsx")
    assert not gc.isenabled()


def test_overlapping_loads_in_two_threads_switch_it_back_on_only_when_the_last_leaves():
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    states: dict[str, bool] = {}

    def first():
        with wb.gc_paused():
            first_in.set()
            second_in.wait(10)
        states["after first left"] = gc.isenabled()
        first_out.set()

    def second():
        first_in.wait(10)
        with wb.gc_paused():
            second_in.set()
            first_out.wait(10)
            states["second still inside"] = gc.isenabled()
        states["after second left"] = gc.isenabled()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert states == {"after first left": False, "second still inside": False, "after second left": True}
