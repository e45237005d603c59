"""Issue 14, item 7: tiny files that took gigabytes. A total cell budget across sheets checked
before any cell is built, a line and line-length cap for CSV, and the upload preview read in a
memory-limited child process. Memory is measured as this test process's peak resident set
(VmHWM, reset before each step) over its level before the step — never time.

The review's figures on the code before: a 1.5 KB xlsx declaring 384,000 × 26 cells took
537 MB, 16 such sheets 2.3 GB, a 20 MB CSV of blank lines 1.7 GB.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from etl.ingest import pipeline, sandbox
from etl.ingest.workbook import read_workbook
from etl.problems import RefusedFile
from etl.store import uploads_service as svc
from etl.store import writes
from tests.fixtures import has_chinese
from tests.fixtures import hostile_shapes as S

PARENT_CAP_MB = 80  # what the parent may grow by while refusing or previewing one such file


def _rss_kb(field: str) -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(field)


class PeakGrowth:
    """``with PeakGrowth() as g: …`` → ``g.mb``: the peak resident memory during the block
    over the level at its start. Uses the kernel's high-water mark (reset through
    /proc/self/clear_refs) and, in case that reset is unavailable, a sampling thread."""

    def __enter__(self):
        self.base = _rss_kb("VmRSS")
        try:
            with open("/proc/self/clear_refs", "w") as fh:
                fh.write("5")  # reset VmHWM to the current RSS
            self.hwm_ok = True
        except OSError:
            self.hwm_ok = False
        self.sampled, self._stop = self.base, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self):
        while not self._stop.is_set():
            self.sampled = max(self.sampled, _rss_kb("VmRSS"))
            time.sleep(0.002)

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        peak = max(self.sampled, _rss_kb("VmHWM") if self.hwm_ok else 0)
        self.mb = (peak - self.base) / 1024
        return False


@pytest.fixture(scope="module", autouse=True)
def stop_workers():
    yield
    sandbox.shutdown()


def _refused(fn, *args):
    with pytest.raises(RefusedFile) as info:
        fn(*args)
    assert has_chinese(info.value.message_zh) and info.value.message_en
    return info.value


# ---------------------------------------------------------------- the cell budget, in-process


def _refused_small(data: bytes, max_bytes: int) -> None:
    """A file under ``max_bytes`` refused for its cells before they are built, the parent staying small."""
    assert len(data) < max_bytes
    with PeakGrowth() as g:
        exc = _refused(read_workbook, data, "城关镇台账.xlsx")
    assert "万个单元格" in exc.message_zh or "使用范围" in exc.message_zh
    assert g.mb < PARENT_CAP_MB, f"grew {g.mb:.0f} MB refusing a {len(data)} byte file"


@pytest.mark.parametrize("sheets", [1, 16])
def test_a_tiny_xlsx_declaring_millions_of_cells_is_refused_before_they_are_built(sheets):
    _refused_small(S.declared_grid(384_000, "Z", sheets), 20_000)


def test_the_budget_counts_all_sheets_together():
    """Three sheets of 150,000 × 26 cells: each alone under the budget, together over it."""
    data = S.declared_grid(150_000, "Z", 3)
    with PeakGrowth() as g:
        _refused(read_workbook, data, "三个表.xlsx")
    assert g.mb < PARENT_CAP_MB


def test_unnumbered_rows_of_bare_cells_count_against_the_budget():
    """Rows without row numbers holding bare ``<c>`` cells (no attributes): the reader places them
    one after another, so they are cells like any other. 300,000 of them in a 40 KB file were read
    in full before the check counted them."""
    _refused_small(S.bare_cells(300_000), 100_000)


def test_a_few_bare_cells_still_read():
    """The same shape, small: read, every bare cell in its place."""
    sheets = read_workbook(S.bare_cells(3), "小表.xlsx")
    assert [row[:1] for row in sheets[0].rows[-3:]] == [[1], [1], [1]]


def test_a_csv_of_blank_lines_is_refused_with_bounded_memory():
    data = S.blank_lines_csv(10)
    with PeakGrowth() as g:
        exc = _refused(pipeline.analyse, data, "北坪镇台账.csv")
    assert "行" in exc.message_zh
    # the 10 MB file and its decoded text are in memory; 10M row lists are not
    assert g.mb < PARENT_CAP_MB, f"grew {g.mb:.0f} MB"


def test_a_csv_line_of_two_million_cells_is_refused():
    with PeakGrowth() as g:
        _refused(pipeline.analyse, S.long_line_csv(), "一行.csv")
    assert g.mb < PARENT_CAP_MB


def test_an_ordinary_ledger_is_within_every_limit():
    from tests.fixtures import ledgers as L

    a = pipeline.analyse(L.march_ledger(), "东城街道3月台账.xlsx")
    assert a.rows_loaded == 3


# ---------------------------------------------------------------- the preview in a child process


def test_the_upload_preview_reads_in_a_child_the_parent_stays_small(db_path):
    """150,000 × 26 cells (under the budget): the reading happens in the worker, and what comes
    back to the dashboard process is the analysis of one hazard, not 3.9M cells."""
    from tests.fixtures import ledgers as L

    writes.ingest(L.march_ledger(), "东城街道3月台账.xlsx", db=db_path)
    svc.preview_file("warm.xlsx", L.march_ledger(), db=db_path)  # start the workers (imports) first
    data = S.declared_grid(150_000, "Z", 1)
    with PeakGrowth() as g:
        pv = svc.preview_file("城关镇2025年3月台账.xlsx", data, db=db_path)
    assert pv.status in ("ready", "refused")
    if pv.status == "ready":
        assert pv.analysis.rows_loaded == 1
    else:
        assert has_chinese(pv.message_zh)
    assert g.mb < PARENT_CAP_MB, f"the dashboard process grew {g.mb:.0f} MB"


def test_the_workers_memory_limit_holds_and_a_failure_is_a_refusal(db_path):
    """A worker that asks for more than CHILD_MEMORY gets a MemoryError there; the caller gets a
    refusal sentence, and the next file is read normally."""
    big = sandbox.CHILD_MEMORY * 2
    with PeakGrowth() as g:
        exc = _refused(lambda: sandbox.run_isolated("builtins", "bytearray", big, file_name="城关镇台账.xlsx"))
    assert "内存" in exc.message_zh
    assert g.mb < PARENT_CAP_MB
    from tests.fixtures import ledgers as L

    ok = svc.preview_file("东城街道3月台账.xlsx", L.march_ledger(), db=db_path)
    assert ok.status == "ready" and ok.analysis.rows_loaded == 3


def test_a_worker_that_dies_is_replaced(db_path):
    with pytest.raises(RefusedFile):
        sandbox.run_isolated("os", "_exit", 3, file_name="x.xlsx")  # the worker vanishes mid-call
    from tests.fixtures import ledgers as L

    assert svc.preview_file("东城街道3月台账.xlsx", L.march_ledger(), db=db_path).status == "ready"


def test_a_worker_that_dies_leaves_no_temporary_files():
    """A worker's temporary files (the halves of a large sheet) live in a folder of its own, removed
    when the worker dies mid-read, is stopped, or is found retired."""
    made = sandbox.run_isolated("tempfile", "mkdtemp", file_name="x.xlsx")  # inside the worker's TMPDIR
    folder = os.path.dirname(made)
    assert os.path.basename(folder).startswith("etl-reader-") and os.path.isdir(made)
    with pytest.raises(RefusedFile):
        sandbox.run_isolated("os", "_exit", 3, file_name="x.xlsx")  # the same worker, killed mid-call
    assert not os.path.exists(folder)
    made = sandbox.run_isolated("tempfile", "mkdtemp", file_name="x.xlsx")
    sandbox.shutdown()
    assert not os.path.exists(os.path.dirname(made))


def test_prewarm_starts_the_worker_that_serves_the_next_file():
    sandbox.shutdown()
    sandbox.prewarm()
    for _ in range(600):  # wait for the background start (bounded), then check who answers
        if not sandbox._idle.empty():
            break
        threading.Event().wait(0.2)
    assert not sandbox._idle.empty()
    warm_pid = sandbox._idle.queue[-1].proc.pid
    assert sandbox.run_isolated("os", "getpid", file_name="x.xlsx") == warm_pid
    assert warm_pid != __import__("os").getpid()


def test_an_idle_worker_gives_its_memory_back_and_the_next_call_starts_another(monkeypatch):
    sandbox.shutdown()
    monkeypatch.setattr(sandbox, "IDLE_SECONDS", 1)
    first = sandbox.run_isolated("os", "getpid", file_name="x.xlsx")
    worker = sandbox._idle.queue[-1]
    assert worker.proc.wait(60) == sandbox.IDLE_EXIT  # it retired by itself
    second = sandbox.run_isolated("os", "getpid", file_name="x.xlsx")
    assert second != first
    sandbox.shutdown()


def test_a_worker_that_retires_just_as_a_call_arrives_is_replaced(monkeypatch):
    sandbox.shutdown()
    monkeypatch.setattr(sandbox, "IDLE_SECONDS", 1)
    first = sandbox.run_isolated("os", "getpid", file_name="x.xlsx")
    retired = sandbox._idle.get_nowait()
    assert retired.proc.wait(60) == sandbox.IDLE_EXIT

    def take_the_retired_one():
        sandbox._slots.acquire()
        return retired

    monkeypatch.setattr(sandbox, "_take", take_the_retired_one)
    assert sandbox.run_isolated("os", "getpid", file_name="x.xlsx") not in (first, None)
    sandbox.shutdown()


def test_grid_extent_in_one_pass_finds_what_the_three_scans_found():
    """sheet_xml_extent reads two-letter and three-letter columns and six-to-nine-digit rows in one
    pass; on any XML it gives what the three separate scans gave (the rules written out here)."""
    import random
    import re

    from etl.ingest.zipcheck import _ROW_NUM, _col_number, sheet_xml_extent

    big_row = re.compile(rb'r="[A-Z]{1,3}(\d{6,9})"')
    col2, col3 = re.compile(rb'r="([A-Z]{2})\d'), re.compile(rb'r="([A-Z]{3,})\d')

    def three_scans(xml: bytes) -> tuple[int, int]:
        rows = max((int(x) for x in _ROW_NUM.findall(xml)), default=0)
        rows = max(rows, max((int(x) for x in big_row.findall(xml)), default=0))
        wide = set(col3.findall(xml)) or set(col2.findall(xml))
        cols = max(_col_number(c) for c in wide) if wide else 26
        cells = xml.count(b"<c ") + xml.count(b"<c>") + xml.count(b"<c/>")  # bare cells count too
        if rows == 0 and cells:
            rows = min(1_048_576, max(1, cells))
        return rows, cols

    parts = [b'<c r="', b'<row r="', b"A", b"Z", b"AB", b"XFD", b"ABCD", b"1", b"12", b"123456", b"1048576",
             b"1234567890", b'"', b">", b" ", b'r="', b"<c ", b"<c>", b"<c/>", b"<c", b"/>", b"99999"]
    rnd = random.Random(14)
    for _ in range(20_000):
        xml = b"".join(rnd.choice(parts) for _ in range(rnd.randrange(1, 14)))
        assert sheet_xml_extent(xml) == three_scans(xml), xml
    assert sheet_xml_extent(b'<row r="3"><c r="XFD1048576" t="s"><v>0</v></c></row>') == (1_048_576, 16_384)


# ---------------------------------------------------------------- reference forms the first check misses


@pytest.mark.parametrize("form", sorted(S.far_reference_forms()))
def test_each_crafted_reference_form_is_refused_in_the_worker(form):
    """Cell references the reader accepts but the zip check's scan does not read as far (either
    quote, spaces around "=", lower-case letters, leading zeros, a cell's row over its row
    element's, cells without references run wide): the reader would ask for billions of cells.
    In the worker they end in the budget sentence, and this process is untouched."""
    data = S.far_reference_forms()[form]
    assert len(data) < 10_000
    exc = _refused(sandbox.read_isolated, data, f"{form}.xlsx")
    assert exc.code == "too_big" and f"{form}.xlsx" in exc.message_zh


def test_the_command_line_reads_files_in_the_worker_and_survives_crafted_ones(tmp_path):
    """``python -m etl load`` reads through the memory-limited worker, like the upload page: each
    crafted file is refused with its sentence, the good file beside them loads, and no stack trace
    reaches the terminal (the reader's own message is asked for with RUST_BACKTRACE=1)."""
    from tests.fixtures.ledgers import STD_HEADER, H, Sheet, d, xlsx

    files = []
    for form, data in S.far_reference_forms().items():
        files.append(tmp_path / f"{form}.xlsx")
        files[-1].write_bytes(data)
    good = tmp_path / "城关镇台账.xlsx"
    good.write_bytes(xlsx([Sheet("台账", [list(STD_HEADER), H(1, "CG-1", "消防", "甲单位", "灭火器失效", "一般",
                                                             d(2025, 3, 1))])]))
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "RUST_BACKTRACE": "1", "PYTHONPATH": str(root)}
    env.pop("SAFETY_NO_SANDBOX", None)
    proc = subprocess.run([sys.executable, "-m", "etl", "load", *map(str, files), str(good),
                           "--db", str(tmp_path / "w.duckdb")],
                          cwd=root, env=env, capture_output=True, text=True, timeout=300)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out  # some file refused
    for f in files:
        assert f"✗ {f.name}: 拒收 refused" in proc.stdout, out
    assert f"✓ 已导入 loaded {good.name}" in proc.stdout, out
    assert "stack backtrace" not in out and "memory allocation" not in out and "Traceback" not in out, out


def test_the_agreement_sheet_is_read_in_the_worker(tmp_path):
    """The 会商意见 upload runs in the dashboard's own process: a crafted sheet is refused there
    with a sentence instead of ending the server (run in a child here, so that a regression fails
    this test rather than the test run)."""
    path = tmp_path / "会商清单.xlsx"
    path.write_bytes(S.far_reference_forms()["单引号"])
    root = Path(__file__).resolve().parent.parent
    script = ("import sys\nfrom pathlib import Path\nfrom etl.ingest.agreements import load_agreements\n"
              "from etl.problems import RefusedFile\n"
              "try:\n    load_agreements(Path(sys.argv[1]).read_bytes(), '会商清单.xlsx', db=Path(sys.argv[2]))\n"
              "except RefusedFile as exc:\n    print('refused', exc.code, exc.message_zh)\n")
    env = {**os.environ, "PYTHONPATH": str(root)}
    env.pop("SAFETY_NO_SANDBOX", None)
    proc = subprocess.run([sys.executable, "-c", script, str(path), str(tmp_path / "w.duckdb")],
                          cwd=root, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.startswith("refused too_big “会商清单.xlsx”"), proc.stdout


def test_a_call_right_after_prewarm_waits_for_that_worker_instead_of_starting_another(monkeypatch):
    """The command line starts the worker before its own imports (``sandbox.for_command_line``) and
    asks it to read a moment later: the call waits for the worker being started, so its start
    overlaps the command line's imports instead of being paid twice."""
    sandbox.shutdown()
    monkeypatch.delenv(sandbox.ENV_DISABLE, raising=False)
    started = []
    real = sandbox._Worker

    class Counting(real):
        def __init__(self, memory):
            started.append(memory)
            super().__init__(memory)

    monkeypatch.setattr(sandbox, "_Worker", Counting)
    sandbox.prewarm()
    pid = sandbox.run_isolated("os", "getpid", file_name="x.xlsx")
    assert pid != os.getpid() and len(started) == 1
    assert sandbox.run_isolated("os", "getpid", file_name="x.xlsx") == pid  # and it is kept for the next call
