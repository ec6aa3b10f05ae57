"""Shared fixtures: the seed graph in a store (on every back end), the CLI, and the seed documents."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from api.dependencies import get_settings, get_store
from api.settings import Settings
from backends import BACKENDS, seed_store_for
from backends import pytest_collection_modifyitems  # noqa: F401 - the hook marks Virtuoso's known failures
from samverkan.cli import app
from samverkan.store import EmbeddedStore

REPO = Path(__file__).resolve().parent.parent
SEEDS = Path(os.environ.get("SAMVERKAN_SEEDS", REPO.parent / "shared" / "seeds"))


@pytest.fixture(scope="session", params=BACKENDS)
def seed_store(request, tmp_path_factory):
    """The seed graph, built once per back end for the whole session. Read-only by convention."""
    store = seed_store_for(request.param, tmp_path_factory)
    yield store
    store.close()


@pytest.fixture(scope="session")
def embedded_seed_store():
    """The seed graph in an in-memory embedded store (for tests that are about something else)."""
    return seed_store_for("embedded", None)


class Cli:
    """Runs `samverkan …` in-process, as a user would type it."""

    def __init__(self):
        self.runner = CliRunner()

    def __call__(self, *args: str, env: dict | None = None, input: str | None = None):
        return self.runner.invoke(app, [str(a) for a in args], env=env, input=input, catch_exceptions=False)


@pytest.fixture
def cli():
    return Cli()


@pytest.fixture(scope="session")
def built_store_dir(tmp_path_factory) -> Path:
    """An on-disk embedded store built from graph/ once per session (tests must not write to it)."""
    path = tmp_path_factory.mktemp("store") / "store"
    result = CliRunner().invoke(app, ["build", "--store", str(path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return path


def seed_text(file_name: str) -> str:
    """The text of a seed document from ../shared/seeds, or skip the test saying why."""
    path = SEEDS / file_name
    if not path.is_file():
        pytest.skip(f"seed document {file_name} not found in {SEEDS} (set SAMVERKAN_SEEDS or put shared/ beside the repo)")
    return path.read_text(encoding="utf-8")


def app_client(store, *, follow_redirects: bool = True, **settings) -> TestClient:
    """The real web app with `store` swapped in for its store (as prez's tests do); `settings` override Settings."""
    web_app = create_app(EmbeddedStore(None), settings=Settings())
    web_app.dependency_overrides[get_store] = lambda: store
    if settings:
        web_app.dependency_overrides[get_settings] = lambda: Settings(**settings)
    return TestClient(web_app, follow_redirects=follow_redirects)
