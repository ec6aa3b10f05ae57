"""The OpenAPI description matches what the API answers: schemathesis with every check, bounded, in-process.

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
