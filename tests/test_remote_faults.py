"""When the server is down, restarting, refusing or failing: one clear line, retries only when it helps, nothing half-done."""

from __future__ import annotations

import base64
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pyoxigraph as ox
import pytest

from backends import start_remote_store
from oxigraph_server import OxigraphServer, free_port
from samverkan.build import build
from samverkan.errors import StoreError
from samverkan.paths import graph_dir
from samverkan.store import EmbeddedStore, QueryError
from samverkan.store.remote import RemoteStore, remote_options_from_env

pytestmark = pytest.mark.server


class Stub:
    """A loopback HTTP server that answers every request with one status and records the requests."""

    def __init__(self, status: int, body: bytes = b"", content_type: str = "text/plain"):
        self.requests: list[dict] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                stub.requests.append({"path": self.path, "headers": dict(self.headers), "body": self.rfile.read(length)})
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = do_DELETE = _answer

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def stub(request):
    server = Stub(*request.param)
    yield server
    server.close()


# status → (error type, words the one line must contain, how many requests: 1 = never retried)
FAILURES = [
    ((401, b"Unauthorized"), StoreError, "refused the credentials (HTTP 401)", 1),
    ((403, b"Forbidden"), StoreError, "access denied (HTTP 403)", 1),
    ((404, b"Not found"), StoreError, "no SPARQL endpoint here (HTTP 404)", 1),
    ((400, b"error at 1:8: expected one of VERSION"), QueryError, "error at 1:8", 1),
    ((500, b"disk full"), StoreError, "server error (HTTP 500): disk full", 1),
    ((503, b"restarting"), StoreError, "server unavailable (HTTP 503)", 3),
    ((502, b"bad gateway"), StoreError, "server unavailable (HTTP 502)", 3),
]


@pytest.mark.parametrize("stub, error, words, requests", FAILURES, indirect=["stub"])
def test_failure_is_one_clear_line_and_4xx_is_never_retried(stub, error, words, requests):
    store = RemoteStore(stub.url, user="anna", password="hemligt-lösen", retries=2, backoff=0.01)
    with pytest.raises(error) as raised:
        store.select("SELECT * WHERE { ?s ?p ?o }")
    message = str(raised.value)
    assert words in message
    assert "\n" not in message
    assert "hemligt" not in message
    if error is StoreError:
        assert message.startswith(f"{stub.url}/query: ")
    assert len(stub.requests) == requests


@pytest.mark.parametrize("stub", [(503, b"")], indirect=True)
def test_a_failed_update_is_not_retried_after_a_gateway_error_but_replace_graphs_is(stub):
    store = RemoteStore(stub.url, retries=2, backoff=0.01)
    with pytest.raises(StoreError, match="HTTP 503"):
        store.replace_graphs({"https://example.org/g": []})
    assert len(stub.requests) == 3  # DROP + INSERT again is harmless


RESULTS = (b'{"head":{"vars":["x"]},"results":{"bindings":[]}}', "application/sparql-results+json")


@pytest.mark.parametrize("stub", [(200, *RESULTS)], indirect=True)
@pytest.mark.parametrize("options, url_credentials, expected", [
    ({"user": "anna", "password": "lösen"}, "", "Basic " + base64.b64encode("anna:lösen".encode()).decode()),
    ({}, "anna:l%C3%B6sen@", "Basic " + base64.b64encode("anna:lösen".encode()).decode()),
    ({"token": "abc.def"}, "", "Bearer abc.def"),
    ({}, "", None),
])
def test_credentials_are_sent_and_never_shown(stub, options, url_credentials, expected):
    store = RemoteStore(stub.url.replace("http://", "http://" + url_credentials), **options)
    assert store.select("SELECT ?x WHERE { ?x ?p ?o }").rows == []
    assert stub.requests[0]["headers"].get("Authorization") == expected
    assert "lösen" not in store.description and "anna" not in store.description and "abc" not in repr(store)


def test_unreachable_server_names_the_url_after_retrying():
    port = free_port()  # nothing listens there
    store = RemoteStore(f"http://127.0.0.1:{port}", retries=1, backoff=0.01)
    with pytest.raises(StoreError) as raised:
        store.graph_names()
    assert str(raised.value) == (f"http://127.0.0.1:{port}/query: cannot connect (connection refused); "
                                 "is the server running? (tried 2 times)")


def test_options_from_the_environment():
    env = {"SAMVERKAN_QUERY_URL": "http://q/sparql", "SAMVERKAN_USER": "u", "SAMVERKAN_PASSWORD": "p",
           "SAMVERKAN_TIMEOUT": "2.5", "SAMVERKAN_RETRIES": "0", "SAMVERKAN_STORE_KIND": "fuseki"}
    assert remote_options_from_env(env) == {"query_url": "http://q/sparql", "user": "u", "password": "p",
                                            "timeout": 2.5, "retries": 0, "kind": "fuseki"}
    with pytest.raises(StoreError, match="SAMVERKAN_TIMEOUT"):
        remote_options_from_env({"SAMVERKAN_TIMEOUT": "soon"})


def test_a_request_waits_for_a_restarting_server(tmp_path):
    server = OxigraphServer(tmp_path / "db")
    store = RemoteStore(server.url, retries=6, backoff=0.1)  # up to 6.3 s of patience
    timer = threading.Timer(0.2, server.start)
    timer.start()
    try:
        assert store.graph_names() == []
    finally:
        timer.join()
        server.stop()


class KillingProxy:
    """Forwards TCP to the server; once an update request has sent its first bytes, kills the server (SIGKILL)
    and stops listening, so the update is cut off half-way as in a crash."""

    def __init__(self, server: OxigraphServer, port: int):
        self.server, self.killed = server, threading.Event()
        self.listener = socket.create_server(("127.0.0.1", port))
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self.killed.is_set():
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._pipe, args=(client,), daemon=True).start()

    def _pipe(self, client: socket.socket):
        try:
            upstream = socket.create_connection(("127.0.0.1", self.server.port))
        except OSError:
            client.close()
            return
        first = client.recv(1024)
        if first.startswith(b"POST /update"):
            upstream.sendall(first)  # headers and the start of the body, never the rest
            self.server.stop(kill=True)
            self.killed.set()
            self.listener.close()
            client.close()
            upstream.close()
            return
        upstream.sendall(first)

        def copy(src, dst):
            try:
                while data := src.recv(65536):
                    dst.sendall(data)
            except OSError:
                pass
            finally:
                dst.close()

        threading.Thread(target=copy, args=(client, upstream), daemon=True).start()
        copy(upstream, client)


def canonical_quads(text: str) -> ox.Dataset:
    dataset = ox.Dataset(ox.parse(text.encode(), format=ox.RdfFormat.N_QUADS))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return dataset


def dataset_of(store) -> dict[str, int]:
    return {g: len(store.graph_triples(g)) for g in store.graph_names()}


def test_server_killed_in_the_middle_of_a_build(tmp_path):
    server = OxigraphServer(tmp_path / "db").start()
    first = graph_dir() / "agreements" / "mark-2022-2024.ttl"
    try:
        store = RemoteStore(server.url, retries=2, backoff=0.05)
        build(store, [first])
        before = dataset_of(store)

        proxy_port = free_port()
        KillingProxy(server, proxy_port)
        through_proxy = RemoteStore(f"http://127.0.0.1:{proxy_port}", retries=2, backoff=0.05)
        with pytest.raises(StoreError) as raised:
            build(through_proxy)  # a full build: every file, one update that never completes
        assert str(raised.value).startswith(f"http://127.0.0.1:{proxy_port}/update: ")
        assert "\n" not in str(raised.value)

        server.start()
        assert dataset_of(store) == before  # no trace of the half-done build

        build(store)
        expected = EmbeddedStore(None)
        build(expected)
        assert dataset_of(store) == dataset_of(expected)
    finally:
        server.stop()


def test_server_restarted_between_two_commands(cli, tmp_path):
    server = OxigraphServer(tmp_path / "db").start()
    try:
        first = cli("build", "--store", server.url)
        assert first.exit_code == 0, first.output
        server.restart()
        second = cli("stats", "--store", server.url, "--format", "json")
        assert second.exit_code == 0, second.output
        assert '"mark-2022-2024"' in second.stdout
    finally:
        server.stop()


@pytest.fixture(scope="module")
def remote_built_by_cli(tmp_path_factory):
    store = start_remote_store(tmp_path_factory)
    yield store
    store.close()


def test_cli_build_stats_export_on_a_server_match_embedded(cli, remote_built_by_cli, tmp_path):
    url = remote_built_by_cli.server.url
    embedded_dir = tmp_path / "store"
    remote_build = cli("build", "--store", url)
    embedded_build = cli("build", "--store", embedded_dir)
    assert remote_build.exit_code == embedded_build.exit_code == 0, remote_build.output
    assert remote_build.stdout.splitlines()[0] == embedded_build.stdout.splitlines()[0].replace(
        f"lagret i {embedded_dir}", f"lagret på {url}")
    again = cli("build", "--store", url)
    assert "läste ingenting (allt oförändrat)" in again.stdout

    for args in (["stats", "--format", "json"], ["stats", "--lang", "en"], ["export", "--format", "nq"]):
        remote = cli(*args, "--store", url)
        embedded = cli(*args, "--store", embedded_dir)
        assert remote.exit_code == 0, remote.output
        if args[0] == "export":
            assert canonical_quads(remote.stdout) == canonical_quads(embedded.stdout)
        else:
            assert remote.stdout == embedded.stdout

    by_env = cli("stats", "--format", "json", env={"SAMVERKAN_STORE": url})
    assert by_env.stdout == cli("stats", "--format", "json", "--store", embedded_dir).stdout


def test_cli_unreachable_server_exits_2_with_one_line(cli):
    url = f"http://anna:hemligt@127.0.0.1:{free_port()}"
    result = cli("stats", "--store", url, env={"SAMVERKAN_RETRIES": "0"})
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot connect" in lines[0] and "127.0.0.1" in lines[0]
    assert "hemligt" not in result.stderr + result.stdout
