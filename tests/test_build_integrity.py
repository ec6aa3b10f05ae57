"""Issue 16 items 6–10: a build makes the store hold exactly what its source files hold, refuses bad input
with file:line (exit 2, store unchanged), writes in bounded transactions of whole graphs, and says plainly
when another process holds the store. Real on-disk stores, a real Oxigraph server, real processes."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

from backends import start_remote_store
from oxigraph_server import free_port
from processes import running
from samverkan.build import build, recorded_graphs
from samverkan.errors import StoreError
from samverkan.namespaces import BUILD_GRAPH, ID, SAM
from samverkan.paths import graph_dir
from samverkan.sources import file_hash
from samverkan.store import EmbeddedStore
from samverkan.store.base import batched_updates
from samverkan.summaries import is_summary_graph
from samverkan.validate import validate

BODEN = ID + "agreement/boden-2010-2011"
MARK = ID + "agreement/mark-2022-2024"
SAMVERKAN = [sys.executable, "-c", "from samverkan.cli import main; main()"]


@pytest.fixture
def graph_copy(tmp_path):
    target = tmp_path / "graph"
    shutil.copytree(graph_dir(), target)
    return target


def content(store) -> dict[str, set[str]]:
    """Named graph → its triples (as N-Triples text; blank nodes renamed), the bookkeeping graph left out."""
    out = {}
    for g in store.graph_names():
        if g != BUILD_GRAPH:
            out[g] = {re.sub(r"_:\w+", "_:b", f"{t.subject} {t.predicate} {t.object}") for t in store.graph_triples(g)}
    return out


def on_disk(path: Path) -> dict[str, set[str]]:
    with EmbeddedStore(path, read_only=True) as store:
        return content(store)


def summary(stdout: str) -> tuple[int, int]:
    graphs, triples = re.search(r": (\d+) grafer, (\d+) tripler", stdout).groups()
    return int(graphs), int(triples)


def store_totals(path: Path) -> tuple[int, int]:
    """(named graphs, triples) in an on-disk store, counted quad by quad, the bookkeeping graphs (the build's and
    the stored summaries) left out."""
    with EmbeddedStore(path, read_only=True) as store:
        graphs = [g for g in store.graph_names() if g != BUILD_GRAPH and not is_summary_graph(g)]
        return len(graphs), sum(len(store.graph_triples(g)) for g in graphs)


# --- item 6: a deleted source file ------------------------------------------------------------

@pytest.mark.parametrize("force", [False, True], ids=["build", "build --force"])
def test_a_deleted_source_file_is_dropped_and_the_summary_matches_the_store(cli, tmp_path, graph_copy, force):
    """Issue 16 item 6: removing boden-2010-2011.ttl and building the folder again removes Boden from the
    store, the build says so, and the summary line counts what the store now holds."""
    store = tmp_path / "store"
    assert cli("build", "--store", store, graph_copy).exit_code == 0
    (graph_copy / "agreements" / "boden-2010-2011.ttl").unlink()
    result = cli("build", "--store", store, graph_copy, *(["--force"] if force else []))
    assert result.exit_code == 0, result.output
    assert "tog bort 1 graf vars källfil är borta" in result.stdout and BODEN in result.stdout
    slugs = [a["slug"] for a in json.loads(cli("stats", "--store", store, "--format", "json").stdout)["agreements"]]
    assert "boden-2010-2011" not in slugs and "mark-2022-2024" in slugs
    held = on_disk(store)
    assert BODEN not in held
    assert summary(result.stdout) == store_totals(store)
    # the same count a fresh build of the remaining files gives
    fresh = cli("build", "--store", tmp_path / "fresh", graph_copy)
    assert summary(fresh.stdout) == summary(result.stdout)


def test_a_deleted_source_file_is_dropped_when_another_file_is_built(cli, tmp_path, graph_copy):
    """Issue 16 item 6: a file that is gone is gone whatever the build was given."""
    store = tmp_path / "store"
    cli("build", "--store", store, graph_copy)
    (graph_copy / "agreements" / "boden-2010-2011.ttl").unlink()
    mark = graph_copy / "agreements" / "mark-2022-2024.ttl"
    mark.write_text(mark.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    result = cli("build", "--store", store, mark)
    assert result.exit_code == 0
    assert BODEN in result.stdout and BODEN not in on_disk(store)
    assert summary(result.stdout) == store_totals(store)


# --- item 7: ill-typed literals -----------------------------------------------------------------

MARK_FILE = graph_dir() / "agreements" / "mark-2022-2024.ttl"

# (what is written in the seed file, what replaces it, words the error must hold)
ILL_TYPED = [
    ('sam:periodStart "2022"^^xsd:gYear', 'sam:periodStart "twenty-twenty"^^xsd:gYear', "xsd:gYear"),
    ('sam:periodStart "2022"^^xsd:gYear', 'sam:periodStart "2019-13-45"^^xsd:gYear', "xsd:gYear"),
    ('sam:periodEnd "2024"^^xsd:gYear', "sam:periodEnd 2024", "xsd:gYear"),
    ('sam:signedOn "2022-05-18"^^xsd:date', 'sam:signedOn "yesterday"^^xsd:date', "xsd:date"),
    ('sam:signedAt "Kinna"@sv', "sam:signedAt 42", "rdf:langString"),
]


@pytest.mark.parametrize("seed_text, bad_text, words", ILL_TYPED, ids=[b for _, b, _ in ILL_TYPED])
def test_an_ill_typed_literal_is_refused_with_file_and_line(cli, tmp_path, graph_copy, seed_text, bad_text, words):
    """Issue 16 item 7: ill-typed literals are refused at build time with file:line, exit 2, store unchanged."""
    store = tmp_path / "store"
    assert cli("build", "--store", store, graph_copy).exit_code == 0
    before = cli("export", "--store", store, "--format", "nq").stdout
    mark = graph_copy / "agreements" / "mark-2022-2024.ttl"
    text = mark.read_text(encoding="utf-8")
    line = text[:text.index(seed_text)].count("\n") + 1
    mark.write_text(text.replace(seed_text, bad_text, 1), encoding="utf-8")
    result = cli("build", "--store", store, graph_copy)
    assert result.exit_code == 2
    assert f"mark-2022-2024.ttl:{line}:" in result.stderr and words in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert cli("export", "--store", store, "--format", "nq").stdout == before


def test_ill_typed_values_that_arrive_another_way_fail_validation_alike_on_both_engines(caplog):
    """Issue 16 item 7: the same mistakes written by a SPARQL update (not through a build) are Violations,
    the SPARQL-compiled engine and pyshacl give the same findings, and no rdflib traceback is logged."""
    store = EmbeddedStore(None)
    build(store)
    store.update(f"""PREFIX sam: <{SAM}> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DELETE {{ GRAPH <{MARK}> {{ <{MARK}> sam:periodStart ?y ; sam:signedOn ?d ; sam:signedAt ?p }} }}
INSERT {{ GRAPH <{MARK}> {{ <{MARK}> sam:periodStart "twenty-twenty"^^xsd:gYear , "2019-13-45"^^xsd:gYear ;
    sam:signedOn "yesterday"^^xsd:date ; sam:signedAt 42 }} }}
WHERE {{ GRAPH <{MARK}> {{ <{MARK}> sam:periodStart ?y ; sam:signedOn ?d ; sam:signedAt ?p }} }}""")
    reports = [validate(store, MARK, engine=engine) for engine in ("sparql", "pyshacl")]
    findings = [sorted((f.severity, f.focus, f.shape, str(f.raw.value)) for a in r.agreements for f in a.results)
                for r in reports]
    assert findings[0] == findings[1]
    violations = {(shape.rsplit("#", 1)[1], value) for severity, focus, shape, value in findings[0]
                  if severity == "violation" and focus == MARK}
    assert {("PeriodStartYearFormShape", "twenty-twenty"), ("PeriodStartYearFormShape", "2019-13-45"),
            ("SignedOnDatatypeShape", "yesterday"),
            ("SignedAtDatatypeShape", "42")} <= violations
    assert any(shape.endswith("#PeriodStartOnceShape") and focus == MARK for _, focus, shape, _ in findings[0])
    assert not [r for r in caplog.records if "Failed to convert" in r.getMessage()]


def test_the_seed_graph_has_no_ill_typed_value(embedded_seed_store):
    """Issue 16 item 7: the new shapes find nothing wrong in the real seed agreements."""
    report = validate(embedded_seed_store)
    datatype = [f for a in report.agreements for f in a.results
                if f.shape and re.search(r"(Datatype|YearForm|Once)Shape$", f.shape)]
    assert datatype == []


# --- item 8: bad bytes in a build file ----------------------------------------------------------

def test_a_byte_order_mark_is_skipped(cli, tmp_path):
    """Issue 16 item 8: a .ttl saved with a UTF-8 BOM builds to exactly the same graph."""
    folder = tmp_path / "bom"
    folder.mkdir()
    (folder / "mark-2022-2024.ttl").write_bytes(b"\xef\xbb\xbf" + MARK_FILE.read_bytes())
    with_bom = cli("build", "--store", tmp_path / "a", folder)
    assert with_bom.exit_code == 0, with_bom.output
    assert cli("build", "--store", tmp_path / "b", MARK_FILE).exit_code == 0
    assert on_disk(tmp_path / "a")[MARK] == on_disk(tmp_path / "b")[MARK]


@pytest.mark.parametrize("tail, words", [
    (b'<agreement/mark-2022-2024> rdfs:comment "' + b"x" * (17 * 1024 * 1024) + b'" .\n', "16 MB"),
    (b"# Bor\xe5s in Latin-1\n", "not UTF-8"),
], ids=["line over 16 MB", "invalid UTF-8"])
def test_unreadable_bytes_are_one_line_with_file_and_line(cli, tmp_path, graph_copy, tail, words):
    """Issue 16 item 8: a line over 16 MB (a MemoryError traceback before) or bytes that are not UTF-8:
    exit 2, one line naming the file and the line, the store as it was."""
    store = tmp_path / "store"
    assert cli("build", "--store", store, graph_copy).exit_code == 0
    before = on_disk(store)
    mark = graph_copy / "agreements" / "mark-2022-2024.ttl"
    raw = mark.read_bytes()
    line = raw.count(b"\n") + 1
    mark.write_bytes(raw + tail)
    result = cli("build", "--store", store, graph_copy)
    assert result.exit_code == 2
    assert f"mark-2022-2024.ttl:{line}:" in result.stderr and words in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert on_disk(store) == before


# --- item 9: national scale: bounded batches, leftovers, a remote server's limits ---------------

def seed_graphs() -> dict[str, list[ox.Triple]]:
    store = EmbeddedStore(None)
    build(store)
    return {g: store.graph_triples(g) for g in store.graph_names() if g != BUILD_GRAPH}


@pytest.mark.parametrize("limit", [{"max_triples": 300}, {"max_bytes": 40_000}], ids=["triples", "bytes"])
def test_batched_updates_stay_within_the_limit_and_give_the_same_store(limit):
    """Issue 16 item 9: a large write is cut into updates of whole graphs, each within the limit (a graph
    larger than the limit alone), that together give what one update gives."""
    graphs = seed_graphs()
    updates = list(batched_updates(graphs, **limit))
    assert len(updates) > 3
    batched, single = EmbeddedStore(None), EmbeddedStore(None)
    for update in updates:
        batched.update(update)
        lines = update.splitlines()
        size = len(update.encode()) if "max_bytes" in limit else sum(1 for line in lines if line.endswith(" ."))
        alone = sum(1 for line in lines if line.startswith("GRAPH <")) == 1
        assert size <= next(iter(limit.values())) or alone
    single.replace_graphs(graphs)
    assert content(batched) == content(single)


def generated(folder: Path, seed: int) -> Path:
    from samverkan.generate import generate

    generate(folder, municipalities=6, years=3, seed=seed, force=True)
    return folder


def test_a_large_build_into_an_existing_store_equals_a_fresh_build(tmp_path):
    """Issue 16 item 9: a build into an existing store larger than one transaction (here 2000 triples) is
    bulk-loaded beside the store and swapped in; it ends exactly where a fresh build of the same files
    does, the bookkeeping matches every graph, and nothing is left beside the store."""
    data = generated(tmp_path / "data", seed=1)
    store = EmbeddedStore(tmp_path / "store", max_batch_triples=2000)
    build(store, [data])
    generated(data, seed=2)
    report = build(store, [data])
    fresh = EmbeddedStore(None)
    build(fresh, [data])
    assert content(store) == content(fresh)
    graphs = [g for g in fresh.graph_names() if g != BUILD_GRAPH and not is_summary_graph(g)]
    assert (report.graphs, report.triples) == (len(graphs), sum(len(fresh.graph_triples(g)) for g in graphs))
    records = recorded_graphs(store)
    assert set(records) == {g for g in content(fresh) if not is_summary_graph(g)}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "store"]
    for record in records.values():
        if record.path.startswith(str(data.resolve())):
            assert record.sha256 == file_hash(Path(record.path))


def test_kill_9_during_a_large_build_leaves_whole_graphs_and_the_next_build_finishes(tmp_path):
    """Issue 16 item 9 (and the README's kill -9 figure): a build killed at any moment leaves every graph
    whole (its old or its new content), bookkeeping that says which, and the next build finishes the job."""
    old, new = generated(tmp_path / "old", seed=1), generated(tmp_path / "new", seed=2)
    data = tmp_path / "data"
    shutil.copytree(old, data)
    store = tmp_path / "store"
    env = {**os.environ, "SAMVERKAN_BATCH_TRIPLES": "300"}
    subprocess.run([*SAMVERKAN, "build", "--store", str(store), str(data)], env=env, check=True, capture_output=True)
    versions = {}
    for label, folder in (("old", old), ("new", new)):
        reference = EmbeddedStore(None)
        build(reference, [folder])
        versions[label] = content(reference)
    shutil.rmtree(data)
    shutil.copytree(new, data)

    started = time.monotonic()
    timed = subprocess.run([*SAMVERKAN, "build", "--store", str(tmp_path / "timing"), str(data), "--force"],
                           env=env, capture_output=True)
    assert timed.returncode == 0
    took = time.monotonic() - started
    shutil.rmtree(tmp_path / "timing")
    build_process = subprocess.Popen([*SAMVERKAN, "build", "--store", str(store), str(data)], env=env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(took * 0.75)
    build_process.send_signal(signal.SIGKILL)
    build_process.wait()

    with EmbeddedStore(store) as after:
        held = content(after)
        records = recorded_graphs(after)
    for graph, triples in held.items():
        if is_summary_graph(graph):
            continue  # derived, and computed again by the next build (checked below)
        if graph in versions["new"] and triples == versions["new"][graph]:
            label = "new"
        else:
            assert triples == versions["old"].get(graph), f"{graph} is neither its old nor its new content"
            label = "old"
        if graph in records and records[graph].path.startswith(str(data.resolve())):
            source = (new if label == "new" else old) / Path(records[graph].path).relative_to(data.resolve())
            assert records[graph].sha256 == file_hash(source), f"the bookkeeping of {graph} does not match it"
    finished = subprocess.run([*SAMVERKAN, "build", "--store", str(store), str(data)], env=env, capture_output=True)
    assert finished.returncode == 0
    assert on_disk(store) == versions["new"]


def test_files_a_killed_build_left_are_removed_by_the_next_build(cli, tmp_path):
    """Issue 16 item 9: pyoxigraph's bulk loader writes bulk-<n>.sst files into the store folder and moves
    them into the database at the end, and a large build bulk-loads a copy beside the store; a build killed
    before the end leaves them (hundreds of MB at national scale). The next build removes them and says so."""
    store = tmp_path / "store"
    assert cli("build", "--store", store).exit_code == 0
    leftover = store / "bulk-107471102139602142485881792316154308272.sst"
    leftover.write_bytes(b"\0" * 2_000_000)
    (tmp_path / ".store.building").mkdir()
    (tmp_path / ".store.building" / "000012.sst").write_bytes(b"\0" * 1_000_000)
    result = cli("build", "--store", store, "--force")
    assert result.exit_code == 0
    assert not leftover.exists() and not (tmp_path / ".store.building").exists()
    assert "tog bort 3,0 MB filer som ett avbrutet bygge lämnat" in result.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]


def test_a_remote_build_goes_in_batches_that_readers_see_whole(tmp_path_factory, tmp_path, graph_copy):
    """Issue 16 item 9: with a small request limit the build to an Oxigraph server is several update
    requests; a reader polling meanwhile sees every agreement graph at its old or its new size, never
    half of one, and the end state is that of an embedded build."""
    remote = start_remote_store(tmp_path_factory, update_bytes=60_000)
    try:
        build(remote, [graph_copy])
        agreements = sorted(p for p in (graph_copy / "agreements").glob("*.ttl"))
        old = {g: len(remote.graph_triples(g)) for g in remote.graph_names()}
        for path in agreements:
            text = path.read_text(encoding="utf-8")
            slug = path.stem
            path.write_text(text + "".join(f'\n<agreement/{slug}> rdfs:comment "extra {i}"@sv .' for i in range(40)),
                            encoding="utf-8")
        graphs = [ID + "agreement/" + p.stem for p in agreements]
        seen: list[dict[str, int]] = []
        done = threading.Event()
        counts = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"

        def read():
            while not done.is_set():
                seen.append({r["g"].value: int(r["n"].value) for r in remote.select(counts)})

        reader = threading.Thread(target=read)
        reader.start()
        try:
            report = build(remote, [graph_copy])
        finally:
            done.set()
            reader.join()
        assert len(report.loaded) == len(agreements)
        for observation in seen:
            for g in graphs:
                assert observation.get(g) in (old[g], old[g] + 40), f"{g} seen half-written"
        embedded = EmbeddedStore(None)
        build(embedded, [graph_copy])
        assert content(remote) == content(embedded)
    finally:
        remote.close()


def test_a_servers_request_limit_is_reported_as_what_it_is(tmp_path_factory):
    """Issue 16 item 9: Oxigraph refuses request bodies over 128 MiB; that is said as a size limit with the
    setting to lower, not as 'malformed SPARQL'."""
    remote = start_remote_store(tmp_path_factory, update_bytes=300 * 1024 * 1024)
    try:
        big = ox.Triple(ox.NamedNode(MARK), ox.NamedNode(SAM + "revision"), ox.Literal("x" * (130 * 1024 * 1024)))
        with pytest.raises(StoreError) as raised:
            remote.replace_graphs({MARK: [big]})
        message = str(raised.value)
        assert "134217728" in message and "SAMVERKAN_UPDATE_BYTES" in message
        assert "malformed" not in message
    finally:
        remote.close()


# --- item 10: two builds at once; a read-only server while a build runs ------------------------

def test_a_build_while_another_process_holds_the_store_says_so(cli, tmp_path):
    """Issue 16 item 10: not RocksDB's 'IO error: While lock file', but who holds the store and what to do."""
    store = tmp_path / "store"
    holder = subprocess.Popen([sys.executable, "-c", "import sys, pyoxigraph; s = pyoxigraph.Store(sys.argv[1]); "
                               "print('open', flush=True); sys.stdin.read()", str(store)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        result = cli("build", "--store", store)
    finally:
        holder.stdin.close()
        holder.wait()
    assert result.exit_code == 2
    assert "in use by another process" in result.stderr and "another `samverkan build`" in result.stderr
    assert "IO error" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_an_on_disk_read_only_server_serves_a_build_finished_while_it_runs(cli, tmp_path, graph_copy):
    """Issue 16 item 10: `serve --on-disk` shows what a build wrote while it ran, without a restart."""
    store = tmp_path / "store"
    assert cli("build", "--store", store, graph_copy).exit_code == 0
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if k != "SAMVERKAN_WRITE_TOKEN"}

    def slugs() -> set[str]:
        with urllib.request.urlopen(url + "/api/agreements", timeout=10) as response:
            body = json.loads(response.read())
        items = body["items"]
        return {item["id"].rsplit("/", 1)[1] for item in items}

    command = [*SAMVERKAN, "serve", "--on-disk", "--host", "127.0.0.1", "--port", str(port), "--store", str(store)]
    with running(command, url + "/api/agreements", tmp_path / "serve.log", env=env):
        assert "boden-2010-2011" in slugs()
        (graph_copy / "agreements" / "boden-2010-2011.ttl").unlink()
        built = cli("build", "--store", store, graph_copy)
        assert built.exit_code == 0, built.output
        deadline = time.monotonic() + 15
        while "boden-2010-2011" in slugs() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert "boden-2010-2011" not in slugs() and "mark-2022-2024" in slugs()


def test_an_on_disk_read_only_server_answers_sparql_from_a_build_finished_while_it_runs(cli, tmp_path, graph_copy):
    """Issue 16 item 10: /sparql of `serve --on-disk` answered from the graph before the build for as long as
    only /sparql was asked (its workers reloaded only after a page had looked at the store); now within seconds."""
    store = tmp_path / "store"
    assert cli("build", "--store", store, graph_copy).exit_code == 0
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if k != "SAMVERKAN_WRITE_TOKEN"}
    ask = url + "/sparql?" + urllib.parse.urlencode({"query": f"ASK {{ GRAPH <{BODEN}> {{ ?s ?p ?o }} }}"})

    def has_boden() -> bool:
        with urllib.request.urlopen(ask, timeout=10) as response:
            return json.loads(response.read())["boolean"]

    command = [*SAMVERKAN, "serve", "--on-disk", "--host", "127.0.0.1", "--port", str(port), "--store", str(store)]
    with running(command, ask, tmp_path / "serve.log", env=env):
        assert has_boden()
        (graph_copy / "agreements" / "boden-2010-2011.ttl").unlink()
        assert cli("build", "--store", store, graph_copy).exit_code == 0
        deadline = time.monotonic() + 15
        while has_boden() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not has_boden()
