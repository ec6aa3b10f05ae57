"""`pip install .` (not editable) works: the wheel carries ontology/, shapes/, queries/ and graph/."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def run(*args, cwd=None):
    return subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def wheel_venv(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("wheel")
    built = run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", tmp / "dist", REPO)
    assert built.returncode == 0, built.stderr
    venv = tmp / "venv"
    assert run(sys.executable, "-m", "venv", "--without-pip", venv).returncode == 0
    # The fresh venv borrows this environment's dependencies, but not its editable samverkan.
    site = next((venv / "lib").glob("python*/site-packages"))
    (site / "borrowed_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    wheel = next((tmp / "dist").glob("samverkan-*.whl"))
    installed = run(sys.executable, "-m", "pip", "--python", venv / "bin" / "python", "install", "-q", "--no-deps", "--no-index", wheel)
    assert installed.returncode == 0, installed.stderr
    return venv, tmp


def test_installed_wheel_uses_its_own_data(wheel_venv):
    venv, tmp = wheel_venv
    where = run(venv / "bin" / "python", "-c", "import samverkan.paths as p; print(p.data_root())", cwd=tmp)
    root = Path(where.stdout.strip())
    assert root.is_relative_to(venv)
    for folder in ["ontology", "shapes", "queries", "graph"]:
        assert (root / folder).is_dir(), folder
    assert (root / "graph" / "agreements" / "mark-2022-2024.ttl").is_file()


def test_installed_command_builds_and_counts_from_another_directory(wheel_venv):
    venv, tmp = wheel_venv
    built = run(venv / "bin" / "samverkan", "build", "--store", tmp / "store", cwd=tmp)
    assert built.returncode == 0, built.stderr
    stats = run(venv / "bin" / "samverkan", "stats", "--store", tmp / "store", cwd=tmp)
    assert "mark-2022-2024" in stats.stdout and "boras-2015" in stats.stdout
