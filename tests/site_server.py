"""The web app served by uvicorn on a free loopback port over a store built from graph/, for browser tests.
A test module imports `site` (the fixture, one server per module)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from conftest import SEEDS
from oxigraph_server import free_port
from processes import running
from samverkan.build import build
from samverkan.store import EmbeddedStore

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The base URL of the running site (read-only, the seed documents as its source texts)."""
    store_dir = tmp_path_factory.mktemp("site") / "store"
    store = EmbeddedStore(store_dir)
    build(store)
    store.close()
    port = free_port()
    env = {**os.environ, "SAMVERKAN_STORE": str(store_dir), "SAMVERKAN_SOURCE_TEXTS": str(SEEDS)}
    env.pop("SAMVERKAN_WRITE_TOKEN", None)
    log = tmp_path_factory.mktemp("site-log") / "uvicorn.log"
    command = [sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory", "--host", "127.0.0.1",
               "--port", str(port), "--log-level", "warning"]
    with running(command, f"http://127.0.0.1:{port}/static/style.css", log, env=env, cwd=REPO):
        yield f"http://127.0.0.1:{port}"
