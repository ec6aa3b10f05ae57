"""The per-store cache: finished answers and validation reports, each kept while the store's state (its
build's content hashes) is unchanged and no write has happened since (forget()). Validation reports come from
the summaries `samverkan build` stored (samverkan.summaries) where they are current; only an agreement without
one is validated here."""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field

from ..errors import NotFound
from ..namespaces import BUILD_GRAPH, SAM
from ..resolve import resolve
from ..store import EmbeddedStore, Store
from ..summaries import stored_figures, stored_outside, stored_reports
from ..validate import AgreementReport, ValidationReport, load_shapes, outside_reports, validate_agreement
from ..validate.data import agreement_iris, ontology_triples


@dataclass
class _StoreCache:
    """One store's validated agreements and finished results, valid while the store's state is `state`
    and no write has happened since (`generation`, bumped by forget())."""

    state: str | None = None
    generation: int = 0
    agreements: list[str] | None = None
    reports: dict[str, AgreementReport] = field(default_factory=dict)
    results: OrderedDict = field(default_factory=OrderedDict)
    frozen: bool = False
    #: a write since the build that its stored summaries do not reflect (forget() after a SPARQL update)
    unsummarised: bool = False
    #: the store's state just after that write: only a change from it (a build) makes the summaries current again
    unsummarised_state: str | None = None
    #: the embedded store's version when `state` was read (see _version)
    state_version: int | None = None
    computing: dict = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


_CACHE: weakref.WeakKeyDictionary[Store, _StoreCache] = weakref.WeakKeyDictionary()
_CACHE_LOCK = threading.Lock()
#: most finished results (pages, JSON, resolved ids) kept per store; the least recently used go first
MAX_RESULTS = 512


def _store_cache(store: Store) -> _StoreCache:
    with _CACHE_LOCK:
        return _CACHE.setdefault(store, _StoreCache())


def forget(store: Store, summaries_current: bool = False) -> None:
    """Drop the cached validation reports and results of a store. Call it after writing to the store other
    than by `samverkan build` (which records new content hashes); the SPARQL endpoint does after each update.
    Unless `summaries_current` (the writer refreshed them, samverkan.summaries.refresh), the stored summaries
    are no longer trusted: agreements are validated on request until the store's state changes."""
    cache = _store_cache(store)
    state = None if summaries_current else store_state(store)
    with cache.lock:
        if not summaries_current:
            cache.unsummarised, cache.unsummarised_state = True, state
        cache.generation += 1
        cache.agreements = None
        cache.reports = {}
        cache.results.clear()


_STATE = (f"SELECT (SHA1(GROUP_CONCAT(CONCAT(STR(?g), \" \", STR(?h)); separator=\"|\")) AS ?digest) "
          f"(COUNT(*) AS ?n) WHERE {{ GRAPH <{BUILD_GRAPH}> {{ ?g <{SAM}contentHash> ?h }} }}")


def store_state(store: Store) -> str:
    """What the store's content is, cheaply: a digest of the content hash of each source file that `build`
    recorded (graph https://w3id.org/samverkan/id/build). Changes whenever a build changes a graph.
    An embedded store knows without a query (EmbeddedStore.state_token: its writes, its reopenings)."""
    token = getattr(store, "state_token", None)
    if token is not None:
        return token()
    rows = store.select(_STATE).rows
    row = rows[0] if rows else {}
    return f"{row['n'].value if 'n' in row else 0}:{row['digest'].value if 'digest' in row else ''}"


def freeze(store: Store) -> None:
    """Declare that only this process writes to `store` (e.g. the server's in-memory copy), and always
    followed by forget(): cached answers are then served without asking the store for its state each time."""
    cache = _store_cache(store)
    with cache.lock:
        cache.frozen = True


def _current(store: Store) -> tuple[_StoreCache, str, int]:
    """The store's cache, emptied if the store changed since; with the state and generation now."""
    cache = _store_cache(store)
    version = _version(store)
    with cache.lock:
        if cache.state is not None and (cache.frozen or (version is not None and cache.state_version == version)):
            return cache, cache.state, cache.generation
    state = store_state(store)
    with cache.lock:
        if cache.state != state:
            cache.state, cache.agreements, cache.reports = state, None, {}
            if state != cache.unsummarised_state:
                cache.unsummarised = False
            cache.results.clear()
        cache.state_version = version
        return cache, state, cache.generation


def _version(store: Store) -> int | None:
    """An embedded store's count of writes and re-openings (EmbeddedStore.version), after it looked whether a
    build changed its files: while it stays, so does the store's state (no query needed). None for a server."""
    if not isinstance(store, EmbeddedStore):
        return None
    store.refresh()
    return store.version


def cached(store: Store, key: tuple, compute, keep=None):
    """compute() once per store state and key, then the same object from the cache (callers must not change
    it). Concurrent callers of a cold key wait for the one computing it instead of computing it again.
    `keep(value)` false: the value is returned but not kept (e.g. too large)."""
    cache, state, generation = _current(store)
    return _once(cache, state, generation, key, compute, keep)


def _once(cache: _StoreCache, state: str, generation: int, key: tuple, compute, keep=None):
    """cached() for a cache already checked against the store's state: one computation per key at a time."""
    with cache.lock:
        if key in cache.results:
            cache.results.move_to_end(key)
            return cache.results[key]
        key_lock = cache.computing.setdefault(key, threading.Lock())
    with key_lock:
        with cache.lock:
            if key in cache.results and cache.state == state and cache.generation == generation:
                return cache.results[key]
        try:
            value = compute()
        finally:
            with cache.lock:
                cache.computing.pop(key, None)
        with cache.lock:
            if cache.state == state and cache.generation == generation and (keep is None or keep(value)):
                cache.results[key] = value
                while len(cache.results) > MAX_RESULTS:
                    cache.results.popitem(last=False)
    return value


def resolved(store: Store, value: str, kind: str = "any") -> str:
    """samverkan.resolve.resolve, remembered per store state (NotFound and Ambiguous are not remembered)."""
    return cached(store, ("resolve", value, kind), lambda: resolve(store, value, kind))


def validation(store: Store, agreement: str | None = None, lang: str = "sv", outside: bool = True) -> ValidationReport:
    """samverkan.validate.validate(store, agreement, lang) with the default shapes, each agreement validated
    once per store state (store_state, and forget() after writes) and then served from a per-store cache.
    For the whole graph (agreement None) the findings outside any agreement come last, as the CLI gives them
    (`outside=False` leaves them out, for figures per agreement). Raises NotFound for an IRI that is not an
    agreement with its own graph."""
    cache, state, generation = _current(store)
    with cache.lock:
        known, reports = cache.agreements, dict(cache.reports)
    if known is None:
        known = agreement_iris(store)
    if agreement is not None and agreement not in known:
        raise NotFound("agreement", agreement, [a for a in known if agreement.rsplit("/", 1)[-1] in a])
    targets = known if agreement is None else [agreement]
    missing = [a for a in targets if a not in reports]
    inputs: list = []  # the shapes and the ontology, read once, and only when an agreement is validated here

    def validate(iri: str) -> AgreementReport:
        with cache.lock:  # validated by a caller this one waited for
            if iri in cache.reports and cache.state == state and cache.generation == generation:
                return cache.reports[iri]
        if not inputs:
            inputs.extend((load_shapes(), ontology_triples(store)))
        report = validate_agreement(store, iri, *inputs)
        with cache.lock:
            if cache.state == state and cache.generation == generation:
                cache.reports[iri] = report
        return report

    if missing and not cache.unsummarised:
        stored = _once(cache, state, generation, ("stored", *missing) if len(missing) < 50 else ("stored-all",),
                       lambda: stored_reports(store, missing if len(missing) < 50 else known), keep=lambda _: False)
        with cache.lock:
            if cache.state == state and cache.generation == generation:
                cache.reports.update(stored)
        reports.update(stored)
        missing = [a for a in missing if a not in reports]
    # concurrent callers validate each agreement once: the others wait for it (reports are kept in cache.reports,
    # not among the results)
    for iri in missing:
        reports[iri] = _once(cache, state, generation, ("report", iri), lambda iri=iri: validate(iri),
                             keep=lambda _: False)
    with cache.lock:
        if cache.generation == generation and cache.state == state:
            cache.agreements = known
    found = [reports[a] for a in targets]
    if agreement is None and outside:
        found += _once(cache, state, generation, ("outside",), lambda: _stored_or_computed_outside(store, known))
    return ValidationReport(found, lang)


def _stored_or_computed_outside(store: Store, known: list[str]) -> list[AgreementReport]:
    """The group of findings on things that belong to no agreement (empty or one report): stored by the build,
    else from the whole graph's validation (what `samverkan validate` lists under "Utanför överenskommelserna")."""
    stored = None if _store_cache(store).unsummarised else stored_outside(store)
    return stored if stored is not None else outside_reports(store, load_shapes(), known)


def completeness(store: Store, lang: str = "sv", agreement: str | None = None) -> dict[str, dict]:
    """The validator's completeness figures per agreement IRI: {"score": 0–100, or None when the agreement
    has no commitments, "commitments": n, "with_…": n}. Only agreements with their own graph are validated."""
    figures = figures_of(store)
    if figures is not None and (agreement is None or agreement in figures):
        return {a: dict(f["completeness"]) for a, f in figures.items() if agreement is None or a == agreement}
    try:
        report = validation(store, agreement, lang, outside=False)
    except NotFound:
        return {}
    return {entry.id: dict(entry.completeness) for entry in report.agreements}


def figures_of(store: Store) -> dict[str, dict] | None:
    """{agreement IRI: {"labels", "completeness", "counts"}} from the stored summaries, when every agreement
    with its own graph has a current one and nothing has written to the store since the build; else None."""
    def read():
        known = agreement_iris(store)
        figures = stored_figures(store)
        return {a: figures[a] for a in known} if all(a in figures for a in known) else None

    cache, state, generation = _current(store)
    if cache.unsummarised:
        return None
    return _once(cache, state, generation, ("figures",), read)


def validation_summary(store: Store) -> list[tuple[AgreementReport, dict]] | None:
    """Each agreement's report without its findings and its counts by severity, from the stored summaries,
    then the outside group whole (its counts from its findings); None where summaries are not current."""
    figures = figures_of(store)
    if figures is None:
        return None
    out = [(AgreementReport(id=a, labels=f["labels"], completeness=f["completeness"], results=[]), f["counts"])
           for a, f in figures.items()]
    return out + [(r, r.counts()) for r in _outside_group(store)]


def _outside_group(store: Store) -> list[AgreementReport]:
    cache, state, generation = _current(store)
    return _once(cache, state, generation, ("outside",), lambda: _stored_or_computed_outside(store, agreement_iris(store)))


def no_figures() -> dict:
    return {"score": None, "commitments": 0}
