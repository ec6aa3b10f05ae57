"""Findings of two validators compared as multisets of (severity, focus node)."""

from __future__ import annotations

import collections


def compare_findings(fast: list, other: list) -> dict:
    """Paths are left out: the fast path names a path for SPARQL-based results where pyshacl reports none."""
    a = collections.Counter(tuple(x[:2]) for x in fast)
    b = collections.Counter(tuple(x[:2]) for x in other)
    only_fast, only_other = a - b, b - a
    return {"identical": not only_fast and not only_other, "fast": sum(a.values()), "naive": sum(b.values()),
            "only_fast": sum(only_fast.values()), "only_naive": sum(only_other.values()),
            "examples_only_fast": [list(k) for k in list(only_fast)[:3]],
            "examples_only_naive": [list(k) for k in list(only_other)[:3]],
            "by_severity_fast": dict(collections.Counter(x[0] for x in fast)),
            "by_severity_other": dict(collections.Counter(x[0] for x in other))}
