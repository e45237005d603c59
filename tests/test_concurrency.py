"""The dashboard keeps reading while the CLI loads and rolls back.

Two reader processes query the published snapshot in a tight loop through ``etl.store.db.open_reader``
— one like the app (keeps its connection, reopens when ``snapshot_signature`` changes, keeps the
previous connection open one more generation), one opening afresh every time — while a third
process runs ``python -m etl load`` / ``rollback`` nine times. Then:

* no error of any kind reached a reader (in particular no "database is locked" / "Could not set
  lock"), and the readers made progress throughout;
* every observation is consistent with some published version: the (data_version → counts)
  pairs equal those of the same steps replayed one by one, and inside each read the
  observations equal the live uploads' rows_loaded;
* the readers saw the final version once the writer finished.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from etl.store import db as dbmod
from tests.fixtures import ledgers as L

REPO = Path(__file__).resolve().parent.parent

STATE_SQL = """
SELECT (SELECT CAST(value AS BIGINT) FROM meta WHERE key = 'data_version') AS v,
       (SELECT count(*) FROM hazards) AS hazards,
       (SELECT count(*) FROM hazard_observations) AS obs,
       (SELECT coalesce(sum(rows_loaded), 0) FROM uploads WHERE status = 'live' AND kind = 'hazard') AS live_rows,
       (SELECT count(*) FROM uploads WHERE status = 'live') AS live_uploads,
       (SELECT count(*) FROM hazards WHERE status = 'open') AS open_hazards
"""

READER = r"""
import json, os, sys, time, traceback
sys.path.insert(0, {repo!r})
from pathlib import Path
from etl.store import db as dbmod
db, out, stop, mode = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
SQL = {sql!r}
seen, errors, reads = {{}}, [], 0
con = prev = None
sig = None
def read(c):
    return list(c.cursor().execute(SQL).fetchone())
final = False
while True:
    if stop.exists():
        final = True
    try:
        if mode == "fresh":
            c = dbmod.open_reader(db)
            try:
                row = read(c)
            finally:
                c.close()
        else:
            s = dbmod.snapshot_signature(db)
            if con is None or s != sig:
                new = dbmod.open_reader(db)
                if prev is not None:
                    prev.close()
                prev, con, sig = con, new, s
            row = read(con)
        reads += 1
        seen.setdefault(str(row[0]), []).append(row) if len(seen.get(str(row[0]), [])) < 3 else None
        last = row
    except Exception as exc:
        errors.append(type(exc).__name__ + ": " + str(exc).splitlines()[0])
    if final:
        break
    time.sleep(0.005)  # a page run every few ms: busy, but leaves the 2 cores to the writer too
out.write_text(json.dumps({{"seen": seen, "errors": errors[:50], "n_errors": len(errors), "reads": reads,
                            "last": last}}))
"""

STEPS = [("load", "m.xlsx"), ("load", "a.xlsx"), ("load", "cg.xlsx"), ("rollback", "2"), ("load", "hexi.xlsx"),
         ("load", "bp.csv"), ("rollback", "3"), ("load", "a.xlsx"), ("load", "bad.xlsx")]


def write_inputs(d: Path) -> None:
    d.mkdir(parents=True, exist_ok=True)
    for name, data in {"m.xlsx": L.march_ledger(), "a.xlsx": L.april_ledger(), "cg.xlsx": L.example_chengguan(),
                       "hexi.xlsx": L.example_hexi_nanshan(), "bp.csv": L.example_beiping_csv(),
                       "bad.xlsx": L.bad_rows()}.items():
        (d / name).write_bytes(data)


def cli(step, inputs: Path, db: Path) -> subprocess.CompletedProcess:
    cmd, arg = step
    target = str(inputs / arg) if cmd == "load" else arg
    env = {k: v for k, v in os.environ.items() if k != "SAFETY_WAREHOUSE"}
    return subprocess.run([sys.executable, "-m", "etl", cmd, target, "--db", str(db)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)


def state(db: Path) -> list:
    con = dbmod.open_reader(db)
    try:
        return list(con.execute(STATE_SQL).fetchone())
    finally:
        con.close()


def test_readers_never_see_lock_errors_or_torn_state(tmp_path):
    inputs = tmp_path / "in"
    write_inputs(inputs)
    # the truth: the same steps one by one, state after each published version
    truth_db = tmp_path / "truth" / "w.duckdb"
    dbmod.ensure_ready(truth_db)
    truth = {0: state(truth_db)}
    from etl.store.writes import ingest
    from etl.store.writes import rollback_upload as rollback

    for cmd, arg in STEPS:
        if cmd == "load":
            assert ingest(inputs / arg, db=truth_db).status == "loaded"
        else:
            rollback(truth_db, int(arg))
        s = state(truth_db)
        truth[s[0]] = s
    assert len(truth) == len(STEPS) + 1

    db = tmp_path / "live" / "w.duckdb"
    dbmod.ensure_ready(db)
    stop = tmp_path / "stop"
    readers = []
    for mode in ("holder", "fresh"):
        out = tmp_path / f"reader-{mode}.json"
        code = READER.format(repo=str(REPO), sql=STATE_SQL)
        readers.append((mode, out, subprocess.Popen([sys.executable, "-c", code, str(db), str(out), str(stop), mode],
                                                    cwd=REPO)))
    time.sleep(1.5)  # readers running before the first write
    for step in STEPS:
        proc = cli(step, inputs, db)
        assert proc.returncode == 0, (step, proc.stdout, proc.stderr)
    time.sleep(0.5)
    stop.write_text("stop")
    final = truth[max(truth)]
    for mode, out, p in readers:
        assert p.wait(timeout=60) == 0, mode
        rep = json.loads(out.read_text())
        assert rep["n_errors"] == 0, (mode, rep["errors"])
        assert rep["reads"] > 50, (mode, rep["reads"])
        for version, rows in rep["seen"].items():
            for row in rows:
                assert row == truth[int(version)], (mode, version, row, truth[int(version)])
                assert row[2] == row[3], (mode, "observations != live rows_loaded", row)
        assert rep["last"] == final, (mode, rep["last"], final)
        # the readers followed the versions, not just the first and last
        assert len(rep["seen"]) >= 3, (mode, sorted(rep["seen"]))
        print(f"\nreader {mode}: {rep['reads']} reads, versions seen {sorted(map(int, rep['seen']))}")
