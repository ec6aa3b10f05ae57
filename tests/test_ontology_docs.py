"""`make docs` generates the ontology's HTML documentation with pyLODE, offline."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from samverkan.paths import ontology_file

PYLODE = Path(sys.executable).with_name("pylode")


@pytest.mark.skipif(not PYLODE.exists() and not shutil.which("pylode"), reason="pylode is not installed (make test installs it)")
def test_pylode_documents_every_class_without_remote_assets(tmp_path):
    out = tmp_path / "index.html"
    done = subprocess.run([str(PYLODE), str(ontology_file()), "-o", str(out)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    html = out.read_text(encoding="utf-8")
    for label in ["Samverkansöverenskommelse", "Collaboration agreement", "Åtagande", "samordnar", "coordinates"]:
        assert label in html
    assert not re.search(r'<(script|link)[^>]+(src|href)="https?://', html)
