"""Server settings, read from the environment (SAMVERKAN_*)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field


def _number(name: str, default: float, cast=float):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = cast(raw)
    except ValueError as exc:
        raise ValueError(f"${name} must be a number, got {raw!r}") from exc
    if value <= 0:
        raise ValueError(f"${name} must be greater than 0, got {raw!r}")
    return value


@dataclass(frozen=True)
class Settings:
    """What a deployment can configure.

    store: store spec (folder, :memory: or http(s) URL); None → $SAMVERKAN_STORE or ./var/store.
    write_token: bearer token that allows SPARQL updates; None → the endpoint is read-only.
    query_timeout: seconds a SPARQL query may run before the endpoint answers 503.
    max_rows: most result rows (or triples) a SPARQL query returns; more are cut off.
    max_body: largest request body in bytes.
    query_workers: worker processes that run /sparql queries on an embedded store (each is killed and
        replaced when its query passes the time limit), and at most that many queries run at once.
    in_memory: when read-only (no write token), also copy an on-disk embedded store into memory in the
        background and answer from the copy once complete (faster whole-graph queries, the data's size in
        memory); the server answers from the disk meanwhile, and again after a build until the new copy is in.
    source_texts: a folder holding the source documents' text files (named by the catalogue's sam:seedFile), so
        document pages show the text with numbered lines; None → the pages say the text is not available here.
    editors: the editors file (samverkan user add) of those who may record follow-up from the web; None → nobody
        can sign in and the site is read-only.
    graph: the graph folder whose follow-ups/ the follow-up form writes into; None → the package's graph/.
    remote_options: RemoteStore keyword arguments (kind, query_url, update_url, gsp_url, timeout, …) for an
        http(s) store, over the $SAMVERKAN_* ones (as `samverkan --query-url … serve` gives them).
    """

    store: str | None = None
    write_token: str | None = None
    query_timeout: float = 10.0
    max_rows: int = 10_000
    max_body: int = 1_000_000
    query_workers: int = 2
    in_memory: bool = False
    source_texts: str | None = None
    editors: str | None = None
    graph: str | None = None
    remote_options: dict = field(default_factory=dict, hash=False)

    @classmethod
    def from_env(cls, **overrides) -> Settings:
        """Settings from $SAMVERKAN_STORE, $SAMVERKAN_WRITE_TOKEN, $SAMVERKAN_QUERY_TIMEOUT,
        $SAMVERKAN_MAX_ROWS, $SAMVERKAN_MAX_BODY, $SAMVERKAN_QUERY_WORKERS, $SAMVERKAN_IN_MEMORY (1 for the
        in-memory copy) and $SAMVERKAN_SOURCE_TEXTS;
        keyword arguments win over the environment."""
        values = {
            "store": os.environ.get("SAMVERKAN_STORE") or None,
            "write_token": os.environ.get("SAMVERKAN_WRITE_TOKEN") or None,
            "query_timeout": _number("SAMVERKAN_QUERY_TIMEOUT", 10.0),
            "max_rows": _number("SAMVERKAN_MAX_ROWS", 10_000, int),
            "max_body": _number("SAMVERKAN_MAX_BODY", 1_000_000, int),
            "query_workers": _number("SAMVERKAN_QUERY_WORKERS", 2, int),
            "in_memory": os.environ.get("SAMVERKAN_IN_MEMORY", "0").strip().lower() in ("1", "true", "yes", "on"),
            "source_texts": os.environ.get("SAMVERKAN_SOURCE_TEXTS") or None,
            "editors": os.environ.get("SAMVERKAN_EDITORS") or None,
            "graph": os.environ.get("SAMVERKAN_GRAPH") or None,
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)
