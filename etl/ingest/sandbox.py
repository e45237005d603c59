"""Read uploaded files in a child process with a memory limit, so that no upload — however it
is built — can grow the dashboard's own process or take it down for everyone.

The upload page's preview calls ``analyse_isolated`` and ``layouts_isolated`` instead of
``pipeline.analyse`` and ``mappings._layouts_from_raw``; the 会商意见 upload reads its sheet with
``read_isolated``; the command line's ``load`` reads through ``analyse_isolated`` too
(``writes.ingest(isolated=True)``). They run in worker processes
(``python -m etl.ingest.sandbox``) that import the loader once and then serve calls over a pipe, a
pickle each way, so a call costs no Python start-up. Each worker has ``RLIMIT_AS`` =
``CHILD_MEMORY``: a read that needs more fails in the worker (a ``MemoryError``, or the
reader aborting the worker), and the caller gets a refusal sentence; a read that takes longer
than ``CHILD_TIMEOUT`` seconds is stopped the same way, and a fresh worker takes its place.
A worker unused for ``IDLE_SECONDS`` exits by itself (its memory back to the machine).
The parent only ever receives the result — the analysis (rows to store, problems, warnings),
never the raw grid.

The cell budget in ``etl.ingest.workbook`` refuses hostile shapes before any cell is built; this is
the second line, for whatever nobody foresaw. ``.xls`` files are read in a child of their own
anyway (``workbook._read_xls_isolated``).
"""

from __future__ import annotations

import atexit
import importlib
import logging
import os
import pickle
import queue
import select
import shutil
import struct
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from etl import problems
from etl.problems import RefusedFile

CHILD_MEMORY = 1_500_000_000  # bytes of address space per worker (the loader's imports take ~0.45 GB)
CHILD_TIMEOUT = 120  # seconds per call
IDLE_SECONDS = 900  # a worker with no call for this long exits (its ~170 MB back); the next call starts one
IDLE_EXIT = 75  # the exit code that says so
WORKERS = 2
ENV_DISABLE = "SAFETY_NO_SANDBOX"  # "1": read in-process (debugging only)
_PRELOAD = ("etl.ingest.pipeline", "etl.store.uploads_service.mappings")
_ROOT = Path(__file__).resolve().parents[2]
_HEADER = struct.Struct("!Q")

log = logging.getLogger(__name__)
# where a worker's stderr goes: inherited (the server's log) unless the command line hides it
# (``for_command_line``): a reader that runs out of memory prints the allocator's message there
_worker_stderr: int | None = None


class WorkerDied(Exception):
    pass


class _Worker:
    """One ``python -m etl.ingest.sandbox`` process and its two pipes, and a private temporary
    folder (its ``TMPDIR``: the halves of a large sheet, ``etl.ingest.halves``) that is removed when
    the worker is stopped or found dead, whatever state a killed read left it in."""

    def __init__(self, memory: int):
        env = dict(os.environ)
        self.tmp = tempfile.mkdtemp(prefix="etl-reader-")
        env["TMPDIR"] = self.tmp
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(_ROOT), env.get("PYTHONPATH")]))
        try:
            self.proc = subprocess.Popen([sys.executable, "-m", "etl.ingest.sandbox", str(memory), str(IDLE_SECONDS)],
                                         cwd=str(_ROOT), env=env,
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=_worker_stderr)
        except BaseException:
            shutil.rmtree(self.tmp, ignore_errors=True)
            raise

    def call(self, request: bytes, timeout: float) -> bytes:
        try:
            self.proc.stdin.write(_HEADER.pack(len(request)) + request)
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError) as exc:
            raise WorkerDied() from exc
        deadline = time.monotonic() + timeout
        (size,) = _HEADER.unpack(self._read(_HEADER.size, deadline))
        return self._read(size, deadline)

    def _read(self, n: int, deadline: float) -> bytes:
        fd, chunks, left = self.proc.stdout.fileno(), [], n
        while left:
            wait = deadline - time.monotonic()
            if wait <= 0 or not select.select([fd], [], [], wait)[0]:
                raise TimeoutError()
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                raise WorkerDied()
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)

    def exit_code(self) -> int | None:
        try:
            return self.proc.wait(5)
        except subprocess.TimeoutExpired:
            return None

    def kill(self) -> None:
        try:
            self.proc.kill()
            self.proc.wait(5)
        except (OSError, subprocess.TimeoutExpired):
            pass
        shutil.rmtree(self.tmp, ignore_errors=True)


_idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
_slots = None  # a semaphore of WORKERS, made on first use


def _take() -> _Worker:
    global _slots
    if _slots is None:
        _slots = threading.BoundedSemaphore(WORKERS)
    _slots.acquire()
    if _warming:  # a worker is starting (prewarm): wait for it rather than start a second one
        _warm_done.wait(WARM_WAIT)
    try:
        w = _idle.get_nowait()
        if w.proc.poll() is None:
            return w
        w.kill()  # retired while idle: its folder goes with it
    except queue.Empty:
        pass
    try:
        return _Worker(CHILD_MEMORY)
    except BaseException:
        _slots.release()
        raise


def _give_back(w: _Worker | None) -> None:
    if w is not None:
        _idle.put(w)
    _slots.release()


_warming = False
_warm_done = threading.Event()
WARM_WAIT = 30  # seconds a call waits for a worker that prewarm is starting, before starting its own


def for_command_line() -> None:
    """The command line reads files through the workers too: their stderr (a dying reader's own
    message) and this module's warnings stay off the terminal, which shows the refusal sentence
    instead. Starts a worker while the command line goes on."""
    global _worker_stderr
    _worker_stderr = subprocess.DEVNULL
    log.setLevel(logging.ERROR)
    prewarm()


def prewarm() -> None:
    """Start one worker in the background (the upload page calls this when an analyst opens it),
    so the first file dropped does not wait for the worker's imports. Does nothing if a worker
    is idle or one is being started."""
    global _warming
    if _warming or not _idle.empty() or os.environ.get(ENV_DISABLE) == "1":
        return
    _warming = True
    _warm_done.clear()

    def start() -> None:
        global _warming
        try:
            w = _Worker(CHILD_MEMORY)
            w.call(pickle.dumps(("builtins", "len", ((),), {})), CHILD_TIMEOUT)  # returns once imported
            _idle.put(w)
        except Exception:  # noqa: BLE001 - a failed warm-up only means the first call starts one
            log.warning("sandbox warm-up failed", exc_info=True)
        finally:
            _warming = False
            _warm_done.set()

    threading.Thread(target=start, name="sandbox-prewarm", daemon=True).start()


def run_isolated(module: str, fn: str, *args: Any, file_name: str, **kwargs: Any) -> Any:
    """``module.fn(*args, **kwargs)`` in a memory-limited worker. A RefusedFile raised there is
    raised here; running out of memory or time becomes a ``too_big`` refusal of ``file_name``."""
    if os.environ.get(ENV_DISABLE) == "1":
        return getattr(importlib.import_module(module), fn)(*args, **kwargs)
    request = pickle.dumps((module, fn, args, kwargs), protocol=pickle.HIGHEST_PROTOCOL)
    w = _take()
    try:
        try:
            reply = w.call(request, CHILD_TIMEOUT)
        except WorkerDied:
            if w.exit_code() != IDLE_EXIT:
                raise
            w.kill()
            w = _Worker(CHILD_MEMORY)  # it had just retired for being idle: a fresh one, once
            reply = w.call(request, CHILD_TIMEOUT)
    except WorkerDied as exc:
        log.warning("reading %r: the worker died (memory limit %d bytes)", file_name, CHILD_MEMORY)
        w.kill()
        _give_back(None)
        raise problems.too_big(file_name, "memory", mb=CHILD_MEMORY // 1_000_000) from exc
    except TimeoutError as exc:
        log.warning("reading %r: over %d s, worker stopped", file_name, CHILD_TIMEOUT)
        w.kill()
        _give_back(None)
        raise problems.too_big(file_name, "timeout", seconds=CHILD_TIMEOUT) from exc
    except BaseException:
        w.kill()
        _give_back(None)
        raise
    _give_back(w)
    status, payload = pickle.loads(reply)  # our own worker's answer, never the user's bytes
    if status == "refused":
        zh, en, code, params = payload
        raise RefusedFile(zh, en, code, **params)
    if status == "memory":
        raise problems.too_big(file_name, "memory", mb=CHILD_MEMORY // 1_000_000)
    if status == "error":
        raise problems.corrupt(file_name, "reader", error=payload)
    return payload


def analyse_isolated(data: bytes, file_name: str, **kwargs: Any):
    """``pipeline.analyse`` in a worker (same arguments, same result, same refusals)."""
    return run_isolated("etl.ingest.pipeline", "analyse", data, file_name, file_name=file_name, **kwargs)


def read_isolated(data: bytes, name: str):
    """``workbook.read_workbook`` in a worker: the sheets of a file from outside, for readers that
    are not ``pipeline.analyse`` (the 会商意见 sheet). Same refusals; the grid never grows this process."""
    return run_isolated("etl.ingest.workbook", "read_workbook", data, name, file_name=name)


def layouts_isolated(data: bytes, name: str):
    """``uploads_service.mappings._layouts_from_raw`` in a worker; [] when it cannot be read."""
    try:
        return run_isolated("etl.store.uploads_service.mappings", "_layouts_from_raw", data, name, file_name=name)
    except RefusedFile:
        return []


def shutdown() -> None:
    """Stop the idle workers and remove their folders (at exit; tests)."""
    while True:
        try:
            _idle.get_nowait().kill()
        except queue.Empty:
            return


atexit.register(shutdown)


# ---------------------------------------------------------------- the worker side


def _call(module: str, fn: str, args: tuple, kwargs: dict) -> tuple[str, Any]:
    func = getattr(importlib.import_module(module), fn)
    try:
        return "ok", func(*args, **kwargs)
    except RefusedFile as exc:  # sent as data: an exception with keyword params may not unpickle
        return "refused", (exc.message_zh, exc.message_en, getattr(exc, "code", "refused"),
                           getattr(exc, "params", {}))
    except MemoryError:
        return "memory", None
    except Exception as exc:  # noqa: BLE001 - anything else: a refusal naming the error, never a crash
        return "error", type(exc).__name__


def _serve(memory: int, idle: float = IDLE_SECONDS) -> None:
    import resource

    for name in _PRELOAD:
        importlib.import_module(name)
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a stray print must not corrupt the replies
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    inp = sys.stdin.buffer
    while True:
        if not select.select([inp], [], [], idle)[0]:
            os._exit(IDLE_EXIT)  # nothing asked for a while: give the memory back
        head = inp.read(_HEADER.size)
        if len(head) < _HEADER.size:
            return  # the parent closed the pipe
        (size,) = _HEADER.unpack(head)
        module, fn, args, kwargs = pickle.loads(inp.read(size))
        try:
            reply = pickle.dumps(_call(module, fn, args, kwargs), protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            reply = pickle.dumps(("memory", None))
        except Exception as exc:  # noqa: BLE001 - a result that cannot be sent
            reply = pickle.dumps(("error", type(exc).__name__))
        out.write(_HEADER.pack(len(reply)) + reply)
        out.flush()


if __name__ == "__main__":
    _serve(int(sys.argv[1]), float(sys.argv[2]) if len(sys.argv) > 2 else IDLE_SECONDS)
