"""The only caller of ``duckdb.connect``: paths, migrations, the writer lock, snapshots.

How the CLI and the running dashboard share one warehouse
---------------------------------------------------------
DuckDB lets one process hold a database file read-write, and then no other process may
open it at all, not even read-only. So readers and the writer never open the same file:

* ``warehouse.duckdb`` (the *master*) is opened read-write only by a writer — the CLI or
  the upload page — for the duration of one load or rollback, under an exclusive
  ``flock`` on ``warehouse.duckdb.lock`` (a second writer waits its turn).
* After its transaction commits, the writer checkpoints, closes the master and
  *publishes* it: copies it to a new generation file ``warehouse.duckdb.snap.<version>.<ns>``
  and atomically points the symlink ``warehouse.duckdb.snapshot`` at it.
* Readers (every dashboard session, analysts' SQL) open the snapshot read-only, by the
  generation file's own path: DuckDB caches database instances per path inside a process,
  so reopening one stable path would hand back the old data. A reader holding an old
  generation keeps reading it (even once unlinked) until it notices the new one —
  ``snapshot_signature`` is a cheap ``stat`` per page run — and reopens. The writer keeps
  the two newest generations and unlinks older ones.

A crash between commit and publish leaves the snapshot one version behind; the next
writer (or ``ensure_ready``) republishes, since the published version is recorded in
``warehouse.duckdb.published``.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb

from etl import stages

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB = PROJECT_ROOT / "data" / "warehouse.duckdb"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
ENV_VAR = "SAFETY_WAREHOUSE"

# Readers get a bounded share of the machine: the app serves many sessions on 2 cores.
READER_CONFIG = {"threads": 2, "memory_limit": "2GB"}
WRITER_CONFIG = {"threads": 2, "memory_limit": "4GB"}
# An upload's transaction (insert, re-derive, commit) runs DuckDB on one thread: on the 100k-row
# loader bench a second thread saved no time and raised the load's peak memory by 30-50 MB.
# Maintenance rebuilds and rollbacks keep WRITER_CONFIG's threads.
UPLOAD_THREADS = 1


def private(path: Path, mode: int = 0o600) -> None:
    """Owner-only permissions (0600 files, 0700 folders): the warehouse, its snapshots, lock and
    markers, and the archive of uploaded originals hold every ledger's rows."""
    with contextlib.suppress(OSError):
        os.chmod(path, mode)


@contextlib.contextmanager
def private_umask() -> Iterator[None]:
    """Files created meanwhile (DuckDB's WAL, copies) start owner-only. Only writers use it, and
    they run one at a time (the writer lock), so two never swap the process umask at once."""
    old = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(old)


class WarehouseBusy(RuntimeError):
    """Another writer held the warehouse for longer than we were willing to wait."""


def resolve_path(cli_db: str | os.PathLike[str] | None = None) -> Path:
    """``--db`` wins, then ``$SAFETY_WAREHOUSE``, then ``data/warehouse.duckdb``."""
    if cli_db:
        return Path(cli_db).expanduser().resolve()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser().resolve()
    return DEFAULT_DB


def archive_dir(db: Path) -> Path:
    """Where every loaded original is kept, named by its sha256: ``<warehouse folder>/archive``."""
    return Path(db).parent / "archive"


def snapshot_path(db: Path) -> Path:
    return db.with_name(db.name + ".snapshot")


def _published_marker(db: Path) -> Path:
    return db.with_name(db.name + ".published")


def _lock_path(db: Path) -> Path:
    return db.with_name(db.name + ".lock")


def migrations() -> list[tuple[int, Path]]:
    out = []
    for p in sorted(MIGRATIONS_DIR.glob("[0-9][0-9][0-9]_*.sql")):
        out.append((int(p.name[:3]), p))
    return out


def latest_schema_version() -> int:
    return migrations()[-1][0]


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'"
    ).fetchone()[0]
    if not exists:
        return 0
    return con.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()[0]


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Apply every numbered migration newer than the file's version, each in a transaction."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMP)"
    )
    # every migration not yet applied, in number order — not merely those above the highest
    # applied, so two branches that each added a number both land
    applied = {r[0] for r in con.execute("SELECT version FROM schema_migrations").fetchall()}
    current = max(applied, default=0)
    for version, path in migrations():
        if version in applied:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(path.read_text(encoding="utf-8"))
            con.execute("INSERT INTO schema_migrations VALUES (?, now())", [version])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        current = max(current, version)
    return current


def data_version(con: duckdb.DuckDBPyConnection) -> int:
    return int(con.execute("SELECT value FROM meta WHERE key = 'data_version'").fetchone()[0])


def bump_data_version(con: duckdb.DuckDBPyConnection) -> int:
    """Call inside the write transaction: every load and rollback moves the version on."""
    con.execute(
        "UPDATE meta SET value = CAST(CAST(value AS BIGINT) + 1 AS VARCHAR) WHERE key = 'data_version'"
    )
    return data_version(con)


@contextlib.contextmanager
def threads(con: duckdb.DuckDBPyConnection, n: int) -> Iterator[None]:
    """Run the block with DuckDB on ``n`` threads, then give the connection its setting back."""
    old = int(con.execute("SELECT current_setting('threads')").fetchone()[0])
    con.execute("SET threads = ?", [int(n)])
    ok = False
    try:
        yield
        ok = True
    finally:
        try:
            con.execute("SET threads = ?", [old])
        except duckdb.Error:
            if ok:  # on the way out of a failure the failure is the news, not the setting
                raise


@contextlib.contextmanager
def writer_lock(db: Path, timeout: float) -> Iterator[None]:
    """The one-writer lock (``<db>.lock``): held by ``writer`` and by maintenance while it reads the
    master; raises ``WarehouseBusy`` after ``timeout`` seconds."""
    db.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(_lock_path(db), os.O_RDWR | os.O_CREAT, 0o600)
    private(_lock_path(db))
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise WarehouseBusy(
                        "另一个导入或回退正在进行，请稍后再试。/ Another load or rollback is running; try again shortly."
                    ) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def published_version(db: Path) -> int | None:
    """The data version of the published snapshot (from its marker); None when there is none."""
    try:
        return int(json.loads(_published_marker(db).read_text())["data_version"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


KEEP_GENERATIONS = 2


def _generations(db: Path) -> list[Path]:
    def order(p: Path):
        parts = p.name.rsplit(".", 2)
        try:
            return (int(parts[-2]), int(parts[-1]))
        except (ValueError, IndexError):
            return (-1, -1)

    return sorted(db.parent.glob(db.name + ".snap.*.*"), key=order)


def publish(db: Path, version: int) -> None:
    """Copy the closed master to a new generation file and point the snapshot symlink at it."""
    gen = db.with_name(f"{db.name}.snap.{version}.{time.time_ns()}")
    tmp = gen.with_name(gen.name + ".tmp")
    shutil.copyfile(db, tmp)
    private(tmp)
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, gen)
    link = snapshot_path(db)
    ltmp = link.with_name(link.name + ".tmp")
    with contextlib.suppress(FileNotFoundError):
        os.unlink(ltmp)
    os.symlink(gen.name, ltmp)
    os.replace(ltmp, link)
    marker = _published_marker(db)
    mtmp = marker.with_name(marker.name + ".tmp")
    mtmp.write_text(json.dumps({"data_version": version, "published_at": time.time(), "file": gen.name}))
    private(mtmp)
    os.replace(mtmp, marker)
    current = os.path.realpath(link)
    for old in _generations(db)[:-KEEP_GENERATIONS]:
        if str(old) != current:
            with contextlib.suppress(OSError):
                old.unlink()


def current_snapshot(db: Path) -> Path:
    """The generation file the snapshot symlink points at (open this path, not the link)."""
    return Path(os.path.realpath(snapshot_path(db)))


class Prebuilt:
    """A new, fully migrated, empty warehouse being built in a private temporary folder, on a
    thread of its own, while the file to load is read (DuckDB releases the GIL while it works).

    Only for a master that does not exist yet (every migration runs: about 0.1 CPU s): nothing
    is created beside the master until a writer adopts the copy (``writer(prebuilt=...)``), so a
    refused file still leaves no warehouse behind. If the build fails, the writer migrates in
    place as it always did."""

    def __init__(self) -> None:
        self._dir = Path(tempfile.mkdtemp(prefix="warehouse-new-"))
        self.path = self._dir / "warehouse.duckdb"
        self._ok = False
        self._thread = threading.Thread(target=self._build, name="prebuild-warehouse", daemon=True)
        self._thread.start()

    def _build(self) -> None:
        with stages.background():  # its CPU is not the read's: kept out of the stages it runs beside
            self._migrate()

    def _migrate(self) -> None:
        try:
            con = duckdb.connect(str(self.path), config={**WRITER_CONFIG, "threads": 1})
            try:
                migrate(con)
                con.execute("CHECKPOINT")
            finally:
                con.close()
            self._ok = not Path(str(self.path) + ".wal").exists()
        except Exception:  # noqa: BLE001 - the writer then migrates in place; nothing is lost
            self._ok = False

    def take(self) -> Path | None:
        """The closed, migrated warehouse file once built; None if building it failed."""
        self._thread.join()
        return self.path if self._ok else None

    def discard(self) -> None:
        self._thread.join()
        shutil.rmtree(self._dir, ignore_errors=True)


@contextlib.contextmanager
def prebuilt_if_new(db: Path) -> Iterator[Prebuilt | None]:
    """A ``Prebuilt`` warehouse while the block runs when ``db`` does not exist yet, else None;
    whatever was not adopted is removed on the way out."""
    pre = None
    if not db.exists():
        try:
            pre = Prebuilt()
        except (OSError, RuntimeError):  # no temporary folder or no thread: the writer migrates in place
            pre = None
    if pre is None:
        yield None
        return
    try:
        yield pre
    finally:
        pre.discard()


def _adopt(prebuilt: Prebuilt, db: Path) -> None:
    """Under the writer lock, for a master that still does not exist: copy the prebuilt warehouse
    into place (a temporary name, then an atomic rename, so a crash never leaves half a file)."""
    if db.exists() or db.with_name(db.name + ".wal").exists():
        return
    src = prebuilt.take()
    if src is None:
        return
    tmp = db.with_name(db.name + ".new.tmp")
    try:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out, open(src, "rb") as fh:
            shutil.copyfileobj(fh, out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, db)
    except OSError:  # e.g. a full disk: no half copy stays, and the writer migrates in place as before
        with contextlib.suppress(OSError):
            tmp.unlink()


@contextlib.contextmanager
def writer(db: Path | None = None, *, lock_timeout: float = 120.0,
           prebuilt: Prebuilt | None = None) -> Iterator[duckdb.DuckDBPyConnection]:  # fmt: skip
    """Exclusive read-write access to the master; migrates on open, publishes on close.

    The caller runs its own ``BEGIN``/``COMMIT``; whatever it committed is published.
    ``prebuilt``: a warehouse built meanwhile (``prebuilt_if_new``), used if the master still
    does not exist once the lock is held.
    """
    db = resolve_path(db) if db is None else Path(db)
    with writer_lock(db, lock_timeout), private_umask():
        # present from before the first write until the snapshot is published: if this process
        # dies in between, readers find it and republish (see heal_if_interrupted)
        _pending(db).write_text(str(os.getpid()))
        laps = stages.laps()
        if prebuilt is not None:
            _adopt(prebuilt, db)
        con = duckdb.connect(str(db), config=WRITER_CONFIG)
        private(db)
        try:
            migrate(con)
            laps.lap("open")
            yield con
            laps.skip()
            con.execute("CHECKPOINT")
            version = data_version(con)
        finally:
            con.close()
        laps.lap("checkpoint")
        publish(db, version)
        laps.lap("snapshot")
        with contextlib.suppress(FileNotFoundError):
            _pending(db).unlink()


def _pending(db: Path) -> Path:
    return db.with_name(db.name + ".pending")


def heal_if_interrupted(db: Path) -> bool:
    """A writer that died between commit and publish leaves ``.pending`` behind and readers one
    version behind. When no writer holds the lock now, republish. Cheap when all is well (a stat).
    Returns True when it republished."""
    if not _pending(db).exists():
        return False
    fd = os.open(_lock_path(db), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False  # a writer is at work; it will publish
        fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
    try:
        with writer(db, lock_timeout=5):
            pass
    except WarehouseBusy:
        return False
    return True


def ensure_ready(db: Path | None = None) -> Path:
    """Make sure a current snapshot exists (creating/migrating the master if needed)."""
    db = resolve_path(db) if db is None else Path(db)
    con = _open_current(db)
    if con is None:
        with writer(db):
            pass
    else:
        con.close()
    return current_snapshot(db)


def _open_current(db: Path) -> duckdb.DuckDBPyConnection | None:
    """A read-only connection to the published snapshot if it is there and fully migrated, else None."""
    heal_if_interrupted(db)
    if not (snapshot_path(db).exists() and db.exists() and published_version(db) is not None):
        return None
    try:
        con = duckdb.connect(str(current_snapshot(db)), read_only=True, config=READER_CONFIG)
    except duckdb.Error:
        return None
    if _schema_ok(con):
        return con
    con.close()
    return None


def _schema_ok(con: duckdb.DuckDBPyConnection) -> bool:
    if schema_version(con) == 0:
        return False
    applied = {r[0] for r in con.execute("SELECT version FROM schema_migrations").fetchall()}
    return {v for v, _ in migrations()} <= applied


def snapshot_signature(db: Path | None = None) -> tuple[int, int] | None:
    """(inode, mtime) of the published generation: changes exactly when a writer publishes."""
    db = resolve_path(db) if db is None else Path(db)
    heal_if_interrupted(db)
    try:
        st = os.stat(snapshot_path(db))
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns)


def open_reader(db: Path | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the current snapshot (made ready first if needed)."""
    db = resolve_path(db) if db is None else Path(db)
    con = _open_current(db)  # one connect in the common case (the schema is checked on it)
    if con is not None:
        return con
    return duckdb.connect(str(ensure_ready(db)), read_only=True, config=READER_CONFIG)
