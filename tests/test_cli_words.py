"""Issue 14 (the CLI speaks from the same catalogue): `samverkan` prints Swedish by default and English with
`--lang en` or $SAMVERKAN_LANG=en, in its tables, messages, errors and usage errors, with none of the other
language's words (the leak lists of the browser test) and no IRI or RDF term in its text output."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from test_browser_words_a11y import LEAKS, RDF_TEXT

REPO = Path(__file__).resolve().parent.parent

#: commands whose whole text output is the CLI's own words and the graph's labels
COMMANDS = [["stats"], ["validate", "--format", "summary"], ["validate", "-a", "boras-2015"],
            ["validate", "-a", "mark-2022-2024"], ["network", "--metrics", "--top", "5"],
            ["query", "who-coordinates-what"], ["validate", "-a", "nowhere-1999"], ["query"]]


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c))
def test_each_command_speaks_one_language_and_no_rdf(cli, built_store_dir, command, lang):
    result = cli("--lang", lang, *command, "--store", built_store_dir)
    out = result.stdout + result.stderr
    assert out.strip()
    leak = LEAKS[lang].search(out)
    assert not leak, f"{leak.group(0)!r} in {lang}: …{out[max(0, leak.start() - 80):leak.end() + 40]}…"
    if command[0] == "validate":
        rdf = RDF_TEXT.search(result.stdout)
        assert not rdf, f"{rdf.group(0)!r} shown: …{result.stdout[max(0, rdf.start() - 80):rdf.end() + 40]}…"


def test_swedish_by_default_english_by_option_or_environment(cli, built_store_dir):
    """The headings of `samverkan stats` and the error for an unknown agreement, in the catalogue's words."""
    swedish = cli("stats", "--store", built_store_dir).stdout.splitlines()[0].split()
    assert swedish[:4] == ["Överenskommelse", "Parter", "Period", "Undertecknad"]
    for english in (cli("--lang", "en", "stats", "--store", built_store_dir),
                    cli("stats", "--store", built_store_dir, env={"SAMVERKAN_LANG": "en"})):
        assert english.stdout.splitlines()[0].split()[:4] == ["Agreement", "Parties", "Period", "Signed"]
    assert cli("stats", "--lang", "sv", "--store", built_store_dir,
               env={"SAMVERKAN_LANG": "en"}).stdout.startswith("Överenskommelse")  # the option wins
    unknown = cli("validate", "-a", "nowhere-1999", "--store", built_store_dir)
    assert unknown.exit_code == 2
    assert unknown.stderr == "fel: Det finns ingen överenskommelse som heter ”nowhere-1999”.\n"
    unknown = cli("--lang", "en", "validate", "-a", "nowhere-1999", "--store", built_store_dir)
    assert unknown.stderr == "error: There is no agreement called “nowhere-1999”.\n"


@pytest.mark.parametrize("lang, said", [
    (None, ["fel: ogiltigt värde för --format: ”pdf” är inte ett av", "Hjälp: samverkan validate --help"]),
    ("en", ["error: invalid value for --format: “pdf” is not one of", "Help: samverkan validate --help"]),
])
def test_usage_errors_in_the_readers_language(lang, said):
    """A value Typer refuses is one line in the reader's language (and where to find help), exit code 2."""
    args = ["validate", "--format", "pdf", *(["--lang", lang] if lang else [])]
    proc = subprocess.run([sys.executable, "-c", "from samverkan.cli import main; main()", *args],
                          capture_output=True, text=True, cwd=REPO, timeout=60,
                          env={"PATH": "/usr/bin:/bin", "HOME": str(REPO)})
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [line for line in proc.stderr.splitlines() if line]  # no blank lines
    for text in said:
        assert text in proc.stderr
    assert "Usage:" not in proc.stderr and "Invalid value" not in proc.stderr
