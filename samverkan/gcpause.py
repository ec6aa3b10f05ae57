"""Pausing CPython's cyclic garbage collector around work that makes many small acyclic objects."""

from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def gc_paused():
    """The cyclic collector off for the block: reading a report or a network makes hundreds of thousands of
    small acyclic objects (rows, terms, findings, edge attributes), and the collector's passes over them cost
    a quarter to a third of the time, growing faster than the graph (refcounting still frees them)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
