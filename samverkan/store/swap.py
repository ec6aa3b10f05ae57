"""Large writes to an on-disk store: bulk-load the new state into a folder beside it, then swap it in.

pyoxigraph's transactional writes into a big store are slow (≈ 15k triples/s here) and hold the whole
transaction in memory; its bulk loader is fast and streams. So a write larger than one transaction
builds the complete new store beside the old one (the graphs it keeps, streamed out of the old
store, and the new ones) and swaps the folders with renames, each of them atomic:

    STORE.building  ← bulk load, flush, close          (killed here: STORE untouched; the folder is removed later)
    STORE.building  → STORE.ready                      (complete)
    STORE           → STORE.previous, STORE.ready → STORE
    STORE.previous  removed

Opening the store puts back a STORE a killed swap left missing (restore_missing()); a write removes
the other leftovers (leftovers()), so the store is always the old state or the new one, never a mix.
The swap needs free disk space for a second copy of the store while it runs.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox


def sibling(path: Path, kind: str) -> Path:
    return path.with_name(f".{path.name}.{kind}")


def restore_missing(path: Path) -> None:
    """A process killed between the two renames of a swap left no STORE: the ready (new) or else the
    previous (old) store becomes STORE again."""
    if path.exists():
        return
    for candidate in (sibling(path, "ready"), sibling(path, "previous")):
        if candidate.is_dir():
            try:
                candidate.rename(path)
                return
            except OSError:
                pass  # another process restored it first


def leftovers(path: Path) -> list[Path]:
    """What a killed large write left beside STORE (while STORE exists and this process holds its lock,
    nothing else may be using them): a half-built, an unswapped or an old copy."""
    return [p for p in (sibling(path, kind) for kind in ("building", "ready", "previous")) if p.is_dir()]


def write_beside(old: ox.Store, path: Path, keep: Iterable[str], quads: Iterable[ox.Quad]) -> None:
    """Bulk-load graphs `keep` of `old` and `quads` into STORE.building and mark it ready."""
    building = sibling(path, "building")
    shutil.rmtree(building, ignore_errors=True)
    new = ox.Store(str(building))
    new.bulk_extend(_chain(old, keep, quads))
    new.flush()
    del new  # closes the folder
    building.rename(sibling(path, "ready"))


def _chain(old: ox.Store, keep: Iterable[str], quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
    for graph in keep:
        yield from old.quads_for_pattern(None, None, None, ox.NamedNode(graph))
    yield from quads


def swap_in(path: Path) -> None:
    """STORE.ready becomes STORE; the old store is removed."""
    previous = sibling(path, "previous")
    shutil.rmtree(previous, ignore_errors=True)
    path.rename(previous)
    sibling(path, "ready").rename(path)
    shutil.rmtree(previous, ignore_errors=True)
