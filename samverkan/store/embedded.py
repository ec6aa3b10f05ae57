"""The embedded store: pyoxigraph on disk (transactional) or in memory."""

from __future__ import annotations

import fcntl
import gc
import itertools
import logging
import shutil
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from ..errors import SamverkanError, StoreError
from ..namespaces import PREFIXES
from . import swap
from .base import Extra, QueryTimeout, SelectResult, Store, Term, batched_updates, bind_values, replace_graphs_update


log = logging.getLogger("samverkan.store")


class QueryError(SamverkanError):
    """A SPARQL query or update is malformed; the message carries line and column."""


class StoreInUse(StoreError):
    """Another process (or another writer in this one) holds the on-disk store for writing."""


def _parse_error(exc: SyntaxError) -> QueryError:
    return QueryError(f"malformed SPARQL: {exc}")


def _in_use(path: Path) -> str:
    return (f"the store at {path} is in use by another process: another `samverkan build`, or a server "
            "(`samverkan serve` with a write token, `oxigraph serve`) holds it. Wait for the build to finish, "
            "or build through the server's URL (--store http://…), or stop the server and build again")


def _disk_state(path: Path) -> tuple:
    """What changes when a write to an on-disk store is finished: the manifest RocksDB names, its size and time."""
    try:
        manifest = (path / "CURRENT").read_text().strip()
        info = (path / manifest).stat()
        return manifest, info.st_size, info.st_mtime_ns
    except OSError:
        return ()


#: on-disk stores this process has open for writing (resolved path → how many)
_WRITING: dict[Path, int] = {}


def _locked_by_a_writer(path: Path) -> bool:
    """True while a process (a build, a writing server) holds the store's lock file.

    A store this process writes to is not probed: closing a probe's file would release this
    process's own lock on it (POSIX locks belong to the process)."""
    if _WRITING.get(path.resolve()):
        return True
    try:
        with open(path / "LOCK", "rb+") as handle:
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            fcntl.lockf(handle, fcntl.LOCK_UN)
        return False
    except OSError:
        return True


class _Superseded(Exception):
    """A background copy into memory that a newer one replaced."""


def _drain(results, deadline: float | None, convert) -> tuple[list, bool]:
    """Read query results to the end (True), or until the deadline has passed (False)."""
    items = []
    for n, item in enumerate(results):
        if deadline is not None and n % 256 == 0 and time.monotonic() > deadline:
            return items, False
        items.append(convert(item))
    return items, True


class EmbeddedStore(Store):
    """pyoxigraph Store; `path=None` keeps everything in memory.

    `version` counts the writes made through this object and the times it was opened again (SPARQL
    worker processes reload when it moves).

    Read-only on disk, it follows builds: a read-only view is a snapshot of the store when opened, so
    when a write has finished since (the store's files changed and no process holds its lock) the
    store is opened again, checked at most every RECHECK seconds.

    Read-only on disk with `in_memory`, it also copies the store into memory in a background thread and
    answers from the copy once it is complete (from the disk until then, and again from the moment a build
    changed the disk, until the new copy is complete). `version` does not move at that switch: the content
    is the same.
    """

    #: seconds between two checks whether a read-only store changed on disk
    RECHECK = 1.0
    version = 0

    def __init__(self, path: str | Path | None = None, read_only: bool = False, max_batch_triples: int | None = None,
                 *, in_memory: bool = False):
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        if max_batch_triples is not None:
            self.max_batch_triples = max_batch_triples
        self._reopen_lock = threading.Lock()
        self._checked_at = time.monotonic()
        self._disk_state = _disk_state(self.path) if read_only and self.path is not None else None
        self.description = "embedded in-memory store" if self.path is None else f"embedded store at {self.path}"
        #: copy the on-disk store into memory in the background (read-only only); whether reads use the copy now
        self.in_memory = bool(in_memory and read_only and self.path is not None)
        self.memory_ready = False
        self.copied = threading.Event()  # set while reads use a complete in-memory copy
        self.loaded_in: float | None = None  # seconds the last complete in-memory copy took
        self._copies = 0  # which background copy is the current one
        self._open()
        if self.in_memory:
            self.description += " (copied into memory in the background)"
            self._start_copy()

    def _open(self) -> None:
        try:
            if self.path is None:
                self._store = ox.Store()
            elif self.read_only:
                swap.restore_missing(self.path)
                if not (self.path / "CURRENT").is_file():
                    raise StoreError(f"there is no store at {self.path} (never built): build it first with "
                                     f"`samverkan build --store {self.path}`")
                self._store = ox.Store.read_only(str(self.path))
            else:
                swap.restore_missing(self.path)
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
                key = self.path.resolve()
                _WRITING[key] = _WRITING.get(key, 0) + 1
        except OSError as exc:
            if "lock" in str(exc).lower():
                raise StoreInUse(_in_use(self.path)) from None
            raise StoreError(f"cannot open the store at {self.path}: {exc}") from exc

    # -- opening -------------------------------------------------------------------------------
    @property
    def _store(self) -> ox.Store:
        self.refresh()
        return self._handle

    def refresh(self, now: bool = False) -> None:
        """A read-only on-disk store: open it again if a build changed it since the last check (at most once per
        RECHECK seconds, or `now`), so `version` moves. Reading through this object does it by itself."""
        if self._disk_state is not None and (now or time.monotonic() - self._checked_at > self.RECHECK):
            self._reopen_if_changed()

    def state_token(self) -> str:
        """What the content is, cheaply (no query): changes with each write through this object and each
        reopening after a build. A writable on-disk store is locked, so nothing else can change it."""
        self.refresh()
        return f"embedded:{id(self)}:{self.version}"

    @_store.setter
    def _store(self, handle: ox.Store | None) -> None:
        self._handle = handle

    def _reopen_if_changed(self) -> None:
        with self._reopen_lock:
            self._checked_at = time.monotonic()
            state = _disk_state(self.path)
            if state == self._disk_state or _locked_by_a_writer(self.path):
                return
            try:
                self._handle = ox.Store.read_only(str(self.path))
            except OSError:
                return  # keep serving the snapshot we have; try again at the next check
            self._disk_state = state
            self.version += 1
            if self.in_memory:  # the old copy is stale: answer from the disk until the new one is complete
                self.memory_ready = False
                self.copied.clear()
                self._start_copy()

    def _start_copy(self) -> None:
        self._copies += 1
        threading.Thread(target=self._copy, args=(self._copies, self._handle), name="samverkan-memory-copy",
                         daemon=True).start()

    def _copy(self, number: int, source: ox.Store) -> None:
        """Copy `source` into memory, then answer from the copy, unless a newer copy or close() came since."""
        started = time.perf_counter()
        copy = ox.Store()

        def quads():
            for n, quad in enumerate(source.quads_for_pattern(None, None, None, None)):
                if n % 65536 == 0 and number != self._copies:
                    raise _Superseded
                yield quad

        try:
            copy.bulk_extend(quads())
        except _Superseded:
            return
        except Exception as exc:  # noqa: BLE001 - the server keeps answering from the disk
            log.warning("could not copy %s into memory: %s", self.path, exc)
            return
        with self._reopen_lock:
            if number != self._copies or self._handle is None:
                return
            self._handle = copy
            self.memory_ready = True
            self.loaded_in = time.perf_counter() - started
            self.copied.set()
        log.info("copied %s into memory in %.2f s", self.path, self.loaded_in)

    # -- reading -------------------------------------------------------------------------------
    def _query(self, query: str, bindings):
        try:
            return self._store.query(bind_values(query, bindings or {}), use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise _parse_error(exc) from exc
        except OSError as exc:
            raise StoreError(f"{self.description}: {exc}") from exc

    def select(self, query: str, bindings: Mapping[str, Term | None] | None = None) -> SelectResult:
        solutions = self._query(query, bindings)
        if not isinstance(solutions, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        variables = [v.value for v in solutions.variables]
        rows = [{name: value for name, value in zip(variables, solution) if value is not None} for solution in solutions]
        return SelectResult(variables, rows)

    def select_tuples(self, query: str) -> list[tuple[Term | None, ...]]:
        solutions = self._query(query, None)
        if not isinstance(solutions, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        return [tuple(solution) for solution in solutions]

    def ask(self, query: str, bindings: Mapping[str, Term | None] | None = None) -> bool:
        result = self._query(query, bindings)
        if not isinstance(result, ox.QueryBoolean):
            raise QueryError("expected an ASK query")
        return bool(result)

    def construct(self, query: str, bindings: Mapping[str, Term | None] | None = None) -> list[ox.Triple]:
        result = self._query(query, bindings)
        if not isinstance(result, ox.QueryTriples):
            raise QueryError("expected a CONSTRUCT or DESCRIBE query")
        return list(result)

    def sparql(self, query: str, *, default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = (),
               deadline: float | None = None) -> SelectResult | bool | list[ox.Triple]:
        options: dict = {"use_default_graph_as_union": not default_graphs}
        if default_graphs:
            options["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
        if named_graphs:
            options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        try:
            result = self._store.query(query, **options)
        except SyntaxError as exc:
            raise _parse_error(exc) from exc
        except OSError as exc:
            raise StoreError(f"{self.description}: {exc}") from exc

        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        if isinstance(result, ox.QueryTriples):
            items, finished = _drain(result, deadline, lambda triple: triple)
            variables = None
        else:
            variables = [v.value for v in result.variables]
            items, finished = _drain(result, deadline, lambda s: {v: s[v] for v in variables if s[v] is not None})
        # pyoxigraph's result iterator belongs to this thread: let go of it here, not in a traceback
        del result
        if not finished:
            raise QueryTimeout("query ran past its time limit")
        return items if variables is None else SelectResult(variables, items)

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def graph_triples(self, graph: str) -> list[ox.Triple]:
        return [q.triple for q in self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph))]

    def dump(self, fmt: ox.RdfFormat) -> bytes:
        if fmt in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS):
            return self._store.dump(format=fmt, prefixes=PREFIXES)
        triples = sorted({q.triple for q in self._store.quads_for_pattern(None, None, None, None)}, key=str)
        return ox.serialize(triples, format=fmt, prefixes=PREFIXES) or b""

    def memory_copy(self) -> "EmbeddedStore":
        """An in-memory store with the same quads (streamed, not held in Python); whole-graph queries run ~5× faster."""
        copy = EmbeddedStore(None)
        copy._store.bulk_extend(self._store.quads_for_pattern(None, None, None, None))
        copy.description = f"in-memory copy of {self.description}"
        return copy

    # -- writing -------------------------------------------------------------------------------
    def replace_graphs(self, graphs: Mapping[str, Iterable[ox.Triple]], drop: Iterable[str] = (), *,
                       extra: Extra | None = None) -> None:
        """One transaction up to max_batch_triples; a larger write to an on-disk store builds the new state
        beside it and swaps it in (store/swap.py), so it is all-or-nothing too, fast and streamed; in
        memory, transactions of whole graphs."""
        self.version += 1
        drop = list(drop)
        self.remove_leftovers()
        if not drop and not self.graph_names():
            if self.path is not None:  # a first build: bulk-loaded beside, so a killed one leaves the store empty
                self._rebuild_beside(graphs, drop, extra)
                return
            self._bulk_load_into_empty_store(graphs)
            if extra is not None:
                update = replace_graphs_update(extra(list(graphs)))
                if update:
                    self.update(update)
            return
        held: dict[str, list[ox.Triple]] = {}
        items = iter(graphs.items())
        count = 0
        for iri, triples in items:
            held[iri] = list(triples)
            count += len(held[iri])
            if self.max_batch_triples is not None and count > self.max_batch_triples:
                break
        else:
            extras = extra(list(held)) if extra is not None else {}
            update = replace_graphs_update({**held, **extras}, drop)
            if update:
                self.update(update)
            return
        everything = {**held, **dict(items)}
        if self.path is None:
            for update in batched_updates(everything, drop, extra=extra, max_triples=self.max_batch_triples):
                self.update(update)
            return
        self._rebuild_beside(everything, drop, extra)

    def _rebuild_beside(self, graphs: Mapping[str, Iterable[ox.Triple]], drop: list[str], extra: Extra | None) -> None:
        extras = extra(list(graphs)) if extra is not None else {}
        replaced = {*graphs, *drop, *extras}
        keep = [g for g in self.graph_names() if g not in replaced]
        new = ((iri, triples) for part in (graphs, extras) for iri, triples in part.items())
        quads = (ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(iri)) for iri, triples in new for t in triples)
        default = self._handle.quads_for_pattern(None, None, None, ox.DefaultGraph())
        try:
            swap.write_beside(self._handle, self.path, keep, itertools.chain(default, quads))
        except OSError as exc:
            raise StoreError(f"{self.description}: {exc}") from exc
        # let go of the old store and everything reading it: RocksDB keeps a process-wide lock per path
        del default, quads, new
        self._handle = None
        gc.collect()
        swap.swap_in(self.path)
        self._forget_writer()
        self._open()

    def _bulk_load_into_empty_store(self, graphs: Mapping[str, Iterable[ox.Triple]]) -> None:
        # An in-memory store has no other readers yet, so the fast non-transactional bulk loader is safe
        # here; if it fails half-way the store is emptied again, exactly as it was.
        quads = (ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(iri)) for iri, triples in graphs.items() for t in triples)
        try:
            self._store.bulk_extend(quads)
        except BaseException:
            self._store.clear()
            raise

    def remove_leftovers(self) -> int:
        """Delete what a killed write left behind; the bytes freed.

        pyoxigraph's bulk loader writes bulk-*.sst files into the store folder and moves them into the
        database when it ingests them, and a large write builds a copy beside the store (store/swap.py):
        while this process holds the store's lock, any such file or folder left is an orphan.
        """
        if self.path is None or self.read_only:
            return 0
        freed = 0
        for leftover in [*self.path.glob("bulk-*.sst"), *swap.leftovers(self.path)]:
            files = [leftover] if leftover.is_file() else [p for p in leftover.rglob("*") if p.is_file()]
            freed += sum(p.stat().st_size for p in files if p.exists())
            if leftover.is_file():
                leftover.unlink(missing_ok=True)
            else:
                shutil.rmtree(leftover, ignore_errors=True)
        return freed

    def update(self, sparql: str) -> None:
        self.version += 1
        try:
            self._store.update(sparql)
        except SyntaxError as exc:
            raise _parse_error(exc) from exc
        except OSError as exc:
            raise StoreError(f"{self.description}: {exc}") from exc

    def close(self) -> None:
        if self.path is not None and not self.read_only and self._store is not None:
            try:
                self._store.flush()
            except OSError:
                pass
            self._forget_writer()
        self._disk_state = None
        self._copies += 1  # a background copy still running stops
        self._store = None

    def _forget_writer(self) -> None:
        key = self.path.resolve()
        if _WRITING.get(key, 0) > 1:
            _WRITING[key] -= 1
        else:
            _WRITING.pop(key, None)


@contextmanager
def writing_briefly(path: str | Path, wait: float = 10.0) -> Iterator[EmbeddedStore]:
    """The on-disk store at `path` opened read-write for one short write and closed after it (so readers can
    open it again), waiting up to `wait` seconds while another writer (a `samverkan build`) holds it;
    StoreInUse after that."""
    deadline = time.monotonic() + wait
    while True:
        try:
            store = EmbeddedStore(path)
            break
        except StoreInUse:
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.1)
    try:
        yield store
    finally:
        store.close()
        gc.collect()  # the lock goes with the last reference to the pyoxigraph store
