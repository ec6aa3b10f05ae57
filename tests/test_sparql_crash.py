"""Issue 16 item 1: no query text can crash the server, the shared SPARQL server behind it, or the CLI.

Each trigger below segfaulted `samverkan serve` (and `oxigraph serve` behind `--store http://…`, and
`samverkan query --sparql`) before: the parser's recursion overflowed the thread's stack. Now the text is
measured first and refused with a 400 that says why; the server answers the next request as before.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from backends import start_remote_store
from live_serve import get_query, post_query, samverkan_serve
from samverkan.build import build

TRIGGERS = {
    "3,000 nested groups": "SELECT * WHERE " + "{" * 3000 + "}" * 3000,
    "FILTER parentheses 10,000 deep": "SELECT * WHERE { FILTER(" + "(" * 10000 + "true" + ")" * 10000 + ") }",
    "OPTIONAL 3,000 deep": "SELECT * WHERE { ?s ?p ?o " + "OPTIONAL { ?s ?p ?o " * 3000 + "}" * 3000 + " }",
    "20,000 terms of 1 + 1": "SELECT * WHERE { FILTER(" + " + ".join(["1"] * 20000) + " > 0) }",
    "20,000 terms of 1+1 (no spaces)": "SELECT * WHERE { FILTER(" + "+".join(["1"] * 20000) + " > 0) }",
    "20,000 !": "SELECT * WHERE { FILTER(" + "!" * 20000 + "true) }",
    "20,000 unary minus": "SELECT * WHERE { BIND(" + "-" * 20000 + "1 AS ?x) }",
    "a property path of 20,000 steps": "SELECT * WHERE { ?s " + "/".join(["<http://x/p>"] * 20000) + " ?o }",
    "RDF-star triples 3,000 deep": "SELECT * WHERE { " + "<< " * 3000 + "?s ?p ?o" + " >> ?p ?o" * 3000 + " }",
    # SPARQL ends a comment at a line feed or a carriage return: what follows a lone CR is code to the parser
    "20,000 ! after a comment ended by CR": "SELECT * WHERE { # note\r FILTER(" + "!" * 20000 + "true) }",
    # between a `<` and a `>` comparison without spaces, 20,000 operators look like one IRI to a plain reader
    "20,000 ! between < and > without spaces": "SELECT * WHERE { ?a ?b ?c FILTER(?a<" + "!" * 20000 + "true&&?b>1) }",
    "20,000 terms of 1+1 after a comment ended by CR": "SELECT * WHERE { #\rFILTER(" + "+".join(["1"] * 20000) + " > 0) }",
}
TOKEN = "crash-test-token"
AGREEMENTS = "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a <https://w3id.org/samverkan/ontology#Agreement> }"


@pytest.fixture(scope="module", params=["embedded", "remote"])
def server(request, built_store_dir, tmp_path_factory):
    """`samverkan serve` over the seed graph: on disk, or on a real Oxigraph server (yields URL, oxigraph or None)."""
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    env = {"SAMVERKAN_WRITE_TOKEN": TOKEN}
    if request.param == "embedded":
        with samverkan_serve(str(built_store_dir), log, env=env) as (url, process):
            yield url, process, None
        return
    remote = start_remote_store(tmp_path_factory)
    build(remote)
    try:
        with samverkan_serve(remote.endpoints.base, log, env=env) as (url, process):
            yield url, process, remote.server
    finally:
        remote.close()


def _agreements(url: str) -> int:
    import json

    status, body = get_query(url, AGREEMENTS)
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


@pytest.mark.server
@pytest.mark.parametrize("name", TRIGGERS)
def test_a_crash_trigger_is_refused_and_the_server_stays_up(server, name):
    """Issue 16 item 1: each trigger answers 400 with a reason, and the server (and Oxigraph behind it) lives on."""
    url, process, oxigraph = server
    before = _agreements(url)
    status, body = post_query(url, TRIGGERS[name])
    assert status == 400, body
    assert "deep" in body or "operators" in body, body
    assert "djup" in body or "nivåer" in body or "operatorer" in body, body  # the Swedish half
    assert process.poll() is None, "samverkan serve died"
    if oxigraph is not None:
        assert oxigraph.process.poll() is None, "the Oxigraph server behind samverkan died"
    assert _agreements(url) == before


@pytest.mark.server
def test_get_with_a_deep_query_is_refused_too(server):
    """Issue 16 item 1: the curl of the issue, as GET: 400, nothing dies."""
    url, process, _ = server
    status, body = get_query(url, "SELECT * WHERE " + "{" * 3000 + "}" * 3000)
    assert status == 400 and "64" in body, body
    assert process.poll() is None


@pytest.mark.server
@pytest.mark.parametrize("update", [
    "DELETE WHERE " + "{" * 3000 + "}" * 3000,
    "INSERT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(" + "(" * 10000 + "true" + ")" * 10000 + ") }",
    "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(" + "!" * 20000 + "true) }",
])
def test_a_crash_trigger_in_an_update_is_refused(server, update):
    """Issue 16 items 1 and 4: updates (with the write token) reach no parser either when too deep."""
    url, process, oxigraph = server
    before = _agreements(url)
    status, body = post_query(url, update, token=TOKEN, update=True)
    assert status == 400, body
    assert process.poll() is None and (oxigraph is None or oxigraph.process.poll() is None)
    assert _agreements(url) == before


@pytest.mark.parametrize("name", ["3,000 nested groups", "20,000 !", "20,000 ! after a comment ended by CR",
                                  "20,000 ! between < and > without spaces"])
def test_cli_refuses_a_crash_trigger_with_exit_2(built_store_dir, name):
    """Issue 16 item 1: `samverkan query --sparql` exited 139 (segfault); now exit 2 and the reason."""
    done = subprocess.run([sys.executable, "-c", "from samverkan.cli import main; main()", "--lang", "en", "query",
                           "--store", str(built_store_dir), "--sparql", TRIGGERS[name]],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, (done.returncode, done.stderr[-500:])
    assert "--sparql" in done.stderr and ("deep" in done.stderr or "operators" in done.stderr), done.stderr[-500:]
