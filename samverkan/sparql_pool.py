"""A small pool of SPARQL worker processes (samverkan.sparql_worker) that a server can kill.

A pyoxigraph query running on a thread cannot be stopped, and a parser crash kills the process it runs in.
In a worker process both are harmless: a query past its time limit gets its worker killed (the CPU is free
at once, the slot too) and a worker that dies is replaced; the server itself stays up.

Workers read the data themselves: an on-disk store read-only, opened by the worker (also when the server answers
from an in-memory copy of it: the copy is of the same files); only a store with no files behind it (`:memory:`)
is handed over as an N-Quads snapshot the pool writes. When the store changes (EmbeddedStore.version: a write,
or a build seen on disk) workers are replaced before the next query.
"""

from __future__ import annotations

import atexit
import logging
import os
import pickle
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import weakref
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from .errors import SamverkanError
from .store.base import SelectResult
from .sparql_worker import _HEADER, write_message

log = logging.getLogger("samverkan.sparql")
# the worker imports this very samverkan package, whatever the working folder holds
_WORKER_MAIN = (f"import sys; sys.path.insert(0, {str(Path(__file__).resolve().parent.parent)!r}); "
                "from samverkan.sparql_worker import main; main()")
START_SECONDS = 120.0  # starting a worker and opening its store (a snapshot of a large `:memory:` store takes a while)


class WorkerTimeout(SamverkanError):
    """The worker did not answer before the deadline; it was killed."""


class WorkerCrashed(SamverkanError):
    """The worker process died while answering (a crash in the engine); it was replaced."""


class PoolBusy(SamverkanError):
    """Every worker stayed busy until the deadline."""


class WorkerFailed(SamverkanError):
    """The worker answered with an error message."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


class _Worker:
    def __init__(self, version):
        self.version = version
        self.process = subprocess.Popen([sys.executable, "-c", _WORKER_MAIN], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, close_fds=True)
        self.info: dict = {}

    @property
    def pid(self) -> int:
        return self.process.pid

    def call(self, message, deadline: float):
        """Send one message and wait for the answer until `deadline` (time.monotonic())."""
        try:
            write_message(self.process.stdin, message)
        except (BrokenPipeError, OSError):
            raise WorkerCrashed(self._death()) from None
        return self._read(deadline)

    def _read(self, deadline: float):
        """One message from the worker (4-byte length, then a pickle), read as it arrives until `deadline`."""
        fd = self.process.stdout.fileno()
        buffer = bytearray()
        size = None
        while True:
            need = _HEADER.size if size is None else size
            if len(buffer) >= need:
                if size is None:
                    (size,) = _HEADER.unpack(buffer[:_HEADER.size])
                    del buffer[:_HEADER.size]
                    continue
                return pickle.loads(bytes(buffer[:size]))  # noqa: S301 - our own child process
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise WorkerTimeout("no answer before the deadline")
            ready, _, _ = select.select([fd], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(fd, min(need - len(buffer), 1 << 20))
            if not chunk:
                raise WorkerCrashed(self._death())
            buffer += chunk

    def _death(self) -> str:
        try:
            code = self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.kill()
            code = self.process.returncode
        if code is not None and code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = str(-code)
            return f"the query engine process stopped with signal {name}"
        return f"the query engine process exited with code {code}"

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()
            except OSError:
                pass


class WorkerPool:
    """Up to `size` worker processes for one store (`store` None: workers only check queries)."""

    def __init__(self, store=None, size: int = 2):
        self._store = weakref.ref(store) if store is not None else None
        self.size = max(1, size)
        self._idle: list[_Worker] = []
        self._running = 0
        self._lock = threading.Condition()
        self._snapshot: tuple[object, str] | None = None  # (version, N-Quads file) of an in-memory store
        self._folder: str | None = None
        self._closed = False
        self.isolated: bool | None = None  # whether the workers have no network (known after the first start)
        atexit.register(self.close)

    @property
    def runs_queries(self) -> bool:
        """Whether queries run in these workers (an embedded store), not only the checks (a remote store)."""
        return self._store is not None

    # -- the store a worker opens ------------------------------------------------------------------
    def _version(self):
        store = self._store() if self._store else None
        if store is None:
            return None
        if hasattr(store, "refresh"):  # an on-disk store a build may have changed since
            store.refresh()
        return id(store), getattr(store, "version", 0)

    def _spec(self, version):
        store = self._store() if self._store else None
        if store is None:
            return None
        path = getattr(store, "path", None)
        if path is not None:
            return ("path", str(path))
        if self._snapshot is None or self._snapshot[0] != version:
            if self._folder is None:
                self._folder = tempfile.mkdtemp(prefix="samverkan-sparql-")
            file = os.path.join(self._folder, f"snapshot-{version[1]}.nq")
            started = time.perf_counter()
            store._store.dump(file, format=ox.RdfFormat.N_QUADS)  # noqa: SLF001 - an EmbeddedStore's pyoxigraph store
            if self._snapshot is not None:
                try:
                    os.remove(self._snapshot[1])
                except OSError:
                    pass
            self._snapshot = (version, file)
            log.info("wrote a snapshot of %s for the SPARQL workers in %.2f s", store.description,
                     time.perf_counter() - started)
        return ("nquads", self._snapshot[1])

    # -- workers -------------------------------------------------------------------------------
    def _start(self, version) -> _Worker:
        worker = _Worker(version)
        try:
            deadline = time.monotonic() + START_SECONDS
            ready = worker._read(deadline)  # the worker says "ready" first
            worker.info = ready[1]
            with self._lock:
                spec = self._spec(version)
            answer = worker.call(("open", spec), deadline)
            if answer[0] != "ok":
                raise WorkerFailed(answer[0], f"a query worker could not open the store: {answer[1]}")
        except BaseException:
            worker.kill()
            raise
        if self.isolated is None:
            self.isolated = bool(worker.info.get("isolated"))
            if not self.isolated:
                log.warning("SPARQL workers run with network access (no network namespace here); "
                            "SERVICE and LOAD are refused by the query check only")
        return worker

    def _acquire(self, deadline: float) -> tuple[_Worker, float]:
        """An idle worker, or a new one while there are fewer than `size`; and the seconds spent starting it."""
        version = self._version()
        with self._lock:
            while True:
                if self._closed:
                    raise PoolBusy("the query workers are shut down")
                stale = [w for w in self._idle if w.version != version]
                for worker in stale:
                    self._idle.remove(worker)
                    self._running -= 1
                    worker.kill()
                if self._idle:
                    return self._idle.pop(), 0.0
                if self._running < self.size:
                    self._running += 1
                    break
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise PoolBusy("every query worker is busy")
                self._lock.wait(remaining)
        started = time.monotonic()
        try:
            return self._start(version), time.monotonic() - started
        except BaseException:
            with self._lock:
                self._running -= 1
                self._lock.notify()
            raise

    def _release(self, worker: _Worker, healthy: bool) -> None:
        if not healthy:
            worker.kill()
        with self._lock:
            if healthy and not self._closed:
                self._idle.append(worker)
            else:
                self._running -= 1
                if healthy:
                    worker.kill()
            self._lock.notify()
        if not healthy:
            threading.Thread(target=self._replace, name="sparql-worker-start", daemon=True).start()

    def _replace(self) -> None:
        """Start a worker in the background for one that was killed, so the next query need not wait for it."""
        version = self._version()
        with self._lock:
            if self._closed or self._running >= self.size:
                return
            self._running += 1
        try:
            worker = self._start(version)
        except Exception as exc:  # noqa: BLE001 - the next query starts one itself and reports what fails
            log.warning("could not start a SPARQL worker: %s", exc)
            with self._lock:
                self._running -= 1
                self._lock.notify()
            return
        self._release(worker, True)

    def call(self, message, deadline: float):
        """Send `message` to a worker and return its answer. Raises WorkerTimeout (the worker was killed),
        WorkerCrashed (it died; it will be replaced), PoolBusy, or WorkerFailed for an ("error"/"syntax", …) answer."""
        worker, starting = self._acquire(deadline)
        deadline += starting  # the time limit is for the query, not for starting its worker
        healthy = False
        try:
            answer = worker.call(message, deadline)
            chunks = []
            while answer[0] == "chunk":  # an answer in several messages: its bytes, then what they are
                chunks.append(answer[1])
                answer = worker._read(deadline)
            if chunks:
                answer = (*answer, chunks)
            healthy = True
        except WorkerTimeout:
            log.warning("killed SPARQL worker %s: the query ran past its time limit", worker.pid)
            raise
        except WorkerCrashed as exc:
            log.error("SPARQL worker %s died: %s", worker.pid, exc)
            raise
        finally:
            self._release(worker, healthy)
        if answer[0] in ("error", "syntax"):
            raise WorkerFailed(answer[0], answer[1])
        return answer

    def pids(self) -> list[int]:
        with self._lock:
            return [w.pid for w in self._idle]

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
            self._running -= len(idle)
            self._lock.notify_all()
        for worker in idle:
            worker.kill()
        if self._folder:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None

    # -- what callers ask ----------------------------------------------------------------------
    def features(self, text: str, update: bool, deadline: float) -> set[str] | str:
        """What rdflib's parser finds in `text` (node names), or its message when it cannot read it."""
        answer = self.call(("check", text, update), deadline)
        return set(answer[1]) if answer[0] == "features" else answer[1]

    def query(self, text: str, *, default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = (),
              deadline: float) -> SelectResult | bool | list[ox.Triple]:
        """Run a query on the store in a worker: rows (SELECT), a boolean (ASK) or triples (CONSTRUCT/DESCRIBE)."""
        options = {"union": not default_graphs, "default_graphs": list(default_graphs),
                   "named_graphs": list(named_graphs)}
        answer = self.call(("query", text, options), deadline)
        if answer[0] == "ask":
            return answer[1]
        if answer[0] == "graph":
            return [quad.triple for quad in ox.parse(answer[1], format=ox.RdfFormat.N_TRIPLES)]
        solutions = ox.parse_query_results(answer[1], format=ox.QueryResultsFormat.JSON)
        variables = [v.value for v in solutions.variables]
        return SelectResult(variables, [{name: value for name, value in zip(variables, solution) if value is not None}
                                        for solution in solutions])

    def answer(self, text: str, *, default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = (),
               formats: dict, max_rows: int, deadline: float) -> tuple:
        """Run a query in a worker and get its answer as bytes in the format `formats` names for its kind
        (samverkan.sparql_answer): ("ask", bool), ("unacceptable", kind) or ("answered", kind, format, cut?, chunks)."""
        options = {"union": not default_graphs, "default_graphs": list(default_graphs),
                   "named_graphs": list(named_graphs)}
        answer = self.call(("answer", text, options, formats, max_rows), deadline)
        if answer[0] == "answered" and len(answer) == 4:
            answer = (*answer, [])
        return answer

    def probe_update(self, text: str, deadline: float) -> None:
        """Parse and run an update on an empty store in a worker: proves the parser survives it."""
        self.call(("probe-update", text), deadline)


_POOLS: dict[int, tuple[weakref.ref, WorkerPool]] = {}
_POOLS_LOCK = threading.RLock()  # re-entrant: a store may be collected (and its pool closed) while it is held


def pool_for(store, size: int = 2) -> WorkerPool:
    """The worker pool of `store` (one per store object, made on first use, closed when the store goes)."""
    key = id(store)
    with _POOLS_LOCK:
        entry = _POOLS.get(key)
        if entry is not None and entry[0]() is store:
            return entry[1]
        pool = WorkerPool(store if _runs_locally(store) else None, size)
        _POOLS[key] = (weakref.ref(store, lambda ref, k=key: _forget(k, ref)), pool)
    if entry is not None:
        entry[1].close()  # a pool left behind by a store that had this id before
    return pool


def close_pool(store) -> None:
    """Stop the workers of `store`'s pool, if it has one."""
    with _POOLS_LOCK:
        entry = _POOLS.get(id(store))
        if entry is None or entry[0]() is not store:
            return
        del _POOLS[id(store)]
    entry[1].close()


def _forget(key: int, ref: weakref.ref) -> None:
    with _POOLS_LOCK:
        entry = _POOLS.get(key)
        if entry is None or entry[0] is not ref:
            return
        del _POOLS[key]
    entry[1].close()


def _runs_locally(store) -> bool:
    """Whether queries on `store` run in this machine's engine (an EmbeddedStore), not on a remote server."""
    return hasattr(store, "_store") and hasattr(store, "path")
