"""Issue 17, start-up: a read-only server answers from the on-disk store at once; `--in-memory` copies the store in
the background and answers from the disk until the copy is complete (and again after a build until the next one);
the follow-up form's save goes into the on-disk store as `samverkan build FILE` would, and waits for (or refuses
while) another writer holds it. Real on-disk stores, a real second process holding the store."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.routers import follow_up
from api.settings import Settings
from samverkan.build import build, recorded_graphs
from samverkan.paths import graph_dir
from samverkan.store import EmbeddedStore, writing_briefly

PASSWORD = "korrekt-häst-batteri"
FORM = "/agreements/boras-2015/follow-up/2016"
GENOMFORD = "https://w3id.org/samverkan/id/follow-up-status/genomford"
REPORT = "https://w3id.org/samverkan/id/agreement/boras-2015/follow-up/2016"


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    """A copy of graph/, a store built from it, and an editor for Borås stad (anna)."""
    from conftest import Cli

    folder = tmp_path_factory.mktemp("serve-start")
    graph = folder / "graph"
    shutil.copytree(graph_dir(), graph)
    with EmbeddedStore(folder / "store") as store:
        build(store, [graph])
    editors = folder / "editors.json"
    assert Cli()("user", "add", "anna", "--org", "boras-stad", "--file", editors, input=PASSWORD + "\n").exit_code == 0
    return {"graph": graph, "store": folder / "store", "editors": editors}


def _total(client: TestClient) -> int:
    answer = client.get("/api/agreements", params={"limit": 1})
    assert answer.status_code == 200, answer.text
    return answer.json()["total"]


@pytest.fixture()
def gated_copy(monkeypatch):
    """Background copies into memory wait for the returned event before they start copying."""
    gate = threading.Event()
    original = EmbeddedStore._copy

    def held(self, number, source):
        gate.wait(120)
        original(self, number, source)

    monkeypatch.setattr(EmbeddedStore, "_copy", held)
    yield gate
    gate.set()


def test_a_read_only_server_answers_from_the_disk_by_default(built_store_dir):
    app = create_app(settings=Settings(store=str(built_store_dir)))
    with TestClient(app) as client:
        store = app.state.store
        assert store.path == built_store_dir and store.read_only and not store.in_memory
        assert _total(client) >= 3


def test_an_in_memory_server_answers_before_its_copy_is_complete(built_store_dir, gated_copy):
    app = create_app(settings=Settings(store=str(built_store_dir), in_memory=True))
    with TestClient(app) as client:
        store = app.state.store
        before = client.get("/api/agreements", params={"limit": 50}).json()
        assert not store.memory_ready  # answered from the disk while the copy waits
        gated_copy.set()
        assert store.copied.wait(120)
        assert client.get("/api/agreements", params={"limit": 50}).json() == before
        assert before["total"] >= 3


def test_an_in_memory_server_serves_a_build_at_once_and_copies_it_again(deployment, tmp_path, gated_copy):
    """A build seen on disk: answered from the disk at once (not from the stale copy, nor from a stale cache),
    then from the new copy once it is complete."""
    graph = tmp_path / "graph"
    shutil.copytree(deployment["graph"], graph)
    folder = tmp_path / "store"
    with EmbeddedStore(folder) as writer:
        build(writer, [graph])
    app = create_app(settings=Settings(store=str(folder), in_memory=True))
    with TestClient(app) as client:
        store = app.state.store
        gated_copy.set()
        assert store.copied.wait(120)
        total = _total(client)
        gated_copy.clear()
        (graph / "agreements" / "boden-2010-2011.ttl").unlink()
        with writing_briefly(folder) as writer:
            build(writer, [graph])
        store.refresh(now=True)
        assert not store.memory_ready and _total(client) == total - 1
        gated_copy.set()
        assert store.copied.wait(120)
        assert _total(client) == total - 1


def _signed_in(client: TestClient) -> str:
    """Sign anna in; the form page's text."""
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/sign-in").text).group(1)
    assert client.post("/sign-in", data={"user": "anna", "password": PASSWORD, "csrf": token}).status_code == 303
    return client.get(FORM).text


def _form(page: str) -> dict[str, str]:
    data = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page))
    data.update({"status-1": GENOMFORD, "date-1": "2016-11-30"})
    return data


@pytest.fixture()
def served(deployment, tmp_path):
    """The app over its own copy of the deployment's store and graph, read-only from disk, as `samverkan serve`."""
    graph = tmp_path / "graph"
    shutil.copytree(deployment["graph"], graph)
    shutil.copytree(deployment["store"], tmp_path / "store")
    settings = Settings(store=str(tmp_path / "store"), editors=str(deployment["editors"]), graph=str(graph))
    app = create_app(settings=settings)
    with TestClient(app, follow_redirects=False) as client:
        yield client, app.state.store, graph


def test_a_saved_follow_up_is_in_the_on_disk_store_as_a_build_would_load_it(served):
    client, store, graph = served
    path = graph / "follow-ups" / "boras-2015" / "2016.ttl"
    version = store.version
    assert client.post(FORM, data=_form(_signed_in(client))).status_code == 303
    assert store.version > version  # the served store was opened again at once
    page = client.get("/agreements/boras-2015").text
    assert 'status-cell genomford">Genomförd' in page
    store.close()
    with EmbeddedStore(store.path) as disk:
        assert REPORT in disk.graph_names()
        assert recorded_graphs(disk)[REPORT].path == str(path.resolve())
        assert build(disk, [path]).loaded == []  # the build's record says it is loaded already


def test_a_save_while_another_process_holds_the_store_writes_nothing(served, monkeypatch):
    client, store, graph = served
    path = graph / "follow-ups" / "boras-2015" / "2016.ttl"
    data = _form(_signed_in(client))
    holder = subprocess.Popen([sys.executable, "-c", "import sys, pyoxigraph; s = pyoxigraph.Store(sys.argv[1]); "
                               "print('held', flush=True); sys.stdin.read()", str(store.path)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        monkeypatch.setattr(follow_up, "STORE_WAIT", 0.3)
        answer = client.post(FORM, data=data)
        assert answer.status_code == 503
        assert "uppdateras just nu av en annan process" in answer.text and "Ingenting sparades" in answer.text
        assert not path.exists()
    finally:
        holder.stdin.close()
        holder.wait(30)
    assert client.post(FORM, data=data).status_code == 303  # once it let go
    assert path.exists()


def test_serving_a_store_that_was_never_built_says_so(cli, tmp_path):
    missing = tmp_path / "never-built"
    result = cli("serve", "--store", str(missing), "--port", "0")
    assert result.exit_code == 2
    assert "never built" in result.stderr and f"samverkan build --store {missing}" in result.stderr
    assert not Path(missing).exists()
