"""The OpenAPI description matches what the API answers: schemathesis with every check, bounded, in-process;
HEAD and OPTIONS on every route.

Schemathesis (https://schemathesis.readthedocs.io) reads /openapi.json, makes requests from it (the
coverage phase: documented and undocumented values, missing parameters, unsupported methods; then
a few random ones) and checks each answer: no 5xx, status code, media type and body as documented,
invalid input refused, valid input accepted, `Allow` of a 405 and of OPTIONS. It runs against the real
app over ASGI on the seed graph; a fixed seed, few examples and a deadline keep it to seconds.
"""

from __future__ import annotations

from pathlib import Path

import hypothesis
import schemathesis
from schemathesis.config import SchemathesisConfig

from api.app import create_app
from backends import seed_store_for
from conftest import app_client

#: the time one request may take: a bound against a hang (the network's PNG takes seconds on a busy machine)
DEADLINE_MS = 30_000

# A SPARQL query or update body is UTF-8 text
schemathesis.serializer.alias("application/sparql-query", "text/plain")
schemathesis.serializer.alias("application/sparql-update", "text/plain")

#: seed, examples per operation and the two places where a check's idea of a valid request is not this API's
CONFIG = SchemathesisConfig.from_path(Path(__file__).with_name("schemathesis.toml"))


# Loaded when the module is collected (schemathesis's lazy fixture loader fails on pytest 9: no Function._nodeid).
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(seed_store_for("embedded", None)), config=CONFIG)


@schema.parametrize()
@hypothesis.settings(deadline=DEADLINE_MS, suppress_health_check=list(hypothesis.HealthCheck))
def test_every_answer_matches_the_openapi_description(case):
    """Issue 16 item 11: schemathesis with every check passes on every documented operation: 404 and 400
    are documented, media types match, `view` is an enum, OPTIONS and 405 answer with the right `Allow`."""
    case.call_and_validate()


def test_head_answers_like_get_without_a_body(embedded_seed_store):
    """Issue 16 item 11: HEAD works on every GET route (the CORS setup promised it; it answered 405): the same
    status and headers as GET, no body."""
    client = app_client(embedded_seed_store)
    for url in ("/api/agreements/boras-2015", "/id/agreement/boras-2015", "/agreements/boras-2015",
                "/sparql?query=ASK%7B%7D", "/static/style.css"):
        get, head = client.get(url, follow_redirects=False), client.head(url, follow_redirects=False)
        assert (head.status_code, head.headers["content-type"]) == (get.status_code, get.headers["content-type"]), url
        assert head.headers["content-length"] == str(len(get.content)) and head.content == b"", url
    assert client.head("/api/agreements/no-such-agreement").status_code == 404


def test_options_and_405_list_every_method_of_the_path(embedded_seed_store):
    """Issue 16 item 11: OPTIONS answers 204 with `Allow`; a 405 lists every method of the path (/sparql has
    GET and POST; Starlette named only the first route's)."""
    client = app_client(embedded_seed_store)
    options = client.options("/sparql")
    assert options.status_code == 204 and options.headers["allow"] == "GET, HEAD, OPTIONS, POST"
    assert client.options("/api/agreements").headers["allow"] == "GET, HEAD, OPTIONS"
    refused = client.delete("/sparql")
    assert refused.status_code == 405 and refused.headers["allow"] == "GET, HEAD, OPTIONS, POST"
    assert client.options("/no/such/path").status_code == 404
