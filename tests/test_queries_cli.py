"""`samverkan queries` and `samverkan query` as a user types them: formats, errors, exit codes."""

from __future__ import annotations

import csv
import io
import json
import re
import socket
import threading

import pytest

from samverkan.namespaces import ID


@pytest.fixture(scope="module")
def store_args(built_store_dir):
    return ["--store", str(built_store_dir)]


def test_queries_lists_names_titles_and_params(cli):
    result = cli("queries", "--lang", "en")
    assert result.exit_code == 0
    assert "who-coordinates-what" in result.stdout and "Who coordinates what?" in result.stdout
    assert "actor" in result.stdout
    listed = json.loads(cli("queries", "--format", "json").stdout)
    responsibilities = next(q for q in listed if q["name"] == "responsibilities")
    assert responsibilities["params"][0] == {"name": "actor", "type": "actor", "optional": False, "default": None,
                                             "description": responsibilities["params"][0]["description"]}
    assert responsibilities["title"] == "Vad ansvarar en aktör för?"


def test_query_by_label_in_a_table(cli, store_args):
    result = cli("query", "responsibilities", "--param", "actor=Tekniska nämnden", *store_args)
    assert result.exit_code == 0, result.stderr
    assert "Trygghet i offentlig miljö (Borås)" in result.stdout and "samordnar" in result.stdout


def _records(cli, store_args, fmt):
    result = cli("query", "commitments", "-p", "agreement=boden-2010-2011", "--format", fmt, *store_args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _text(value):
    return "" if value is None else str(value)


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_csv_and_tsv_hold_the_same_rows_as_json(cli, store_args, fmt):
    data = json.loads(_records(cli, store_args, "json"))
    assert data["query"] == "commitments" and data["columns"][0] == "agreement"
    text = _records(cli, store_args, fmt)
    if fmt == "csv":
        parsed = list(csv.DictReader(io.StringIO(text)))
    else:
        lines = text.rstrip("\n").split("\n")
        header = lines[0].split("\t")
        parsed = [dict(zip(header, line.split("\t"))) for line in lines[1:]]
    expected = [{k: _text(v).replace("\t", " ").replace("\n", " ") if fmt == "tsv" else _text(v) for k, v in r.items()}
                for r in data["rows"]]
    assert parsed == expected
    assert "commitment_label" in parsed[0] and "responsible_label" not in parsed[0]


def test_json_rows_carry_labels_in_the_requested_language(cli, store_args):
    data = json.loads(cli("query", "who-coordinates-what", "--format", "json", "--lang", "en", *store_args).stdout)
    assert data["columns"] == ["coordinator", "thing", "thing_type", "source"]
    row = next(r for r in data["rows"] if r["thing"] == ID + "forum/mark/trygghets-och-sakerhetsradet")
    assert set(row) == {"coordinator", "coordinator_label", "thing", "thing_label", "thing_type", "thing_type_label",
                        "source", "source_label"}
    assert row["coordinator_label"] == "Municipal Management Office (Mark)"
    assert row["thing_type_label"] == "Council"


@pytest.mark.parametrize("args, words", [
    (["query", "no-such-question"], ["ingen fråga som heter ”no-such-question”", "who-coordinates-what"]),
    (["query", "responsibilities"], ["actor"]),
    (["query", "responsibilities", "-p", "actor=Borås Stad", "-p", "colour=red"], ["colour", "valid parameters: actor"]),
    (["query", "responsibilities", "-p", "actor"], ["namn=värde"]),
    (["query", "agreements-timeline", "-p", "date=2023-02-30"], ["date"]),
    (["query", "responsibilities", "-p", 'actor=x" } ; DROP ALL ; #'], ["ingen aktör som heter"]),
    (["query", "responsibilities", "-p", "actor=<http://a> } UNION { ?s ?p ?o"], ["ingen aktör som heter"]),
    (["query", "--sparql", "SELECT ?x WHERE {\n  ?x ?p \n}"], ["--sparql:3:", "malformed SPARQL"]),
    (["query"], ["precis ett av"]),
])
def test_errors_exit_2_with_a_clear_message(cli, store_args, args, words):
    result = cli(*args, *store_args)
    assert result.exit_code == 2
    for word in words:
        assert word in result.stderr


def test_injection_leaves_the_store_unchanged(cli, store_args):
    count = ["query", "--sparql", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "--format", "json", *store_args]
    before = json.loads(cli(*count).stdout)["rows"][0]["n"]
    assert cli("query", "forum-members", "-p", 'forum=x" } ; DROP ALL ; #', *store_args).exit_code == 2
    assert cli("query", "--sparql", "DROP ALL", *store_args).exit_code == 2
    assert json.loads(cli(*count).stdout)["rows"][0]["n"] == before > 0


def test_file_query_and_its_syntax_error(cli, store_args, tmp_path):
    good = tmp_path / "forums.rq"
    good.write_text("PREFIX sam: <https://w3id.org/samverkan/ontology#>\n"
                    "SELECT ?f WHERE { ?f sam:forumOf ?m } ORDER BY ?f\n", encoding="utf-8")
    result = cli("query", "--file", str(good), "--format", "csv", *store_args)
    assert result.exit_code == 0 and ID + "forum/mark/est" in result.stdout
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?f\nWHERE {\n  ?f ?p ?o .\n  FILTER(?f = )\n}\n", encoding="utf-8")
    result = cli("query", "--file", str(bad), *store_args)
    assert result.exit_code == 2
    assert re.search(re.escape(str(bad)) + r":\d+:\d+: malformed SPARQL", result.stderr), result.stderr


def test_output_file_is_written_whole(cli, store_args, tmp_path):
    target = tmp_path / "out.json"
    assert cli("query", "forums", "--format", "json", "-o", str(target), *store_args).exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["query"] == "forums"
    assert cli("query", "forums", "-p", "municipality=Atlantis", "-o", str(tmp_path / "no.json"), *store_args).exit_code == 2
    assert not (tmp_path / "no.json").exists()


# --- table headings in the reader's language; csv/tsv/json keep the variable names scripts rely on ---------

def _headings(stdout):
    return re.split(r"\s{2,}", stdout.splitlines()[0].strip())


@pytest.mark.parametrize("lang_args, headings", [
    ([], ["Samordnare", "Vad", "Typ", "Källa"]),
    (["--lang", "sv"], ["Samordnare", "Vad", "Typ", "Källa"]),
    (["--lang", "en"], ["Coordinator", "What", "Type", "Source"]),
])
def test_table_headings_follow_the_language(cli, store_args, lang_args, headings):
    result = cli("query", "who-coordinates-what", *lang_args, *store_args)
    assert result.exit_code == 0, result.stderr
    assert _headings(result.stdout) == headings


@pytest.mark.parametrize("name, params, lang, headings", [
    ("signatories", ["-p", "agreement=mark-2022-2024"], "sv",
     ["Överenskommelse", "Undertecknare", "Befattning", "För", "Undertecknad", "Ort"]),
    ("signatories", ["-p", "agreement=mark-2022-2024"], "en",
     ["Agreement", "Signatory", "Post", "On behalf of", "Signed on", "Place"]),
    ("responsibilities", ["-p", "actor=Tekniska nämnden"], "sv",
     ["Enhet", "Roll", "Vad", "Typ", "Överenskommelse", "Källa"]),
])
def test_named_query_tables_have_readable_headings(cli, store_args, name, params, lang, headings):
    result = cli("query", name, *params, "--lang", lang, *store_args)
    assert result.exit_code == 0, result.stderr
    assert _headings(result.stdout) == headings


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_csv_tsv_and_json_keep_the_variable_names(cli, store_args, lang):
    columns = ["coordinator", "thing", "thing_type", "source"]
    labelled = [n for c in columns for n in (c, c + "_label")]
    base = ["query", "who-coordinates-what", "--lang", lang, *store_args]
    assert cli(*base, "--format", "csv").stdout.splitlines()[0].split(",") == labelled
    assert cli(*base, "--format", "tsv").stdout.splitlines()[0].split("\t") == labelled
    assert json.loads(cli(*base, "--format", "json").stdout)["columns"] == columns


def test_ad_hoc_sparql_tables_keep_the_variable_names(cli, store_args):
    result = cli("query", "--sparql", "PREFIX sam: <https://w3id.org/samverkan/ontology#>\n"
                 "SELECT ?forum ?municipality WHERE { ?forum sam:forumOf ?municipality } LIMIT 1", *store_args)
    assert result.exit_code == 0, result.stderr
    assert _headings(result.stdout) == ["forum", "municipality"]


def test_ad_hoc_sparql_with_service_is_refused_and_connects_nowhere(cli, store_args, tmp_path):
    """Issue 16 item 2: `samverkan query --sparql` / `--file` ran SERVICE, so the engine connected to the URL (a
    FILTER EXISTS form once per row), and a failed one was a traceback with exit 1. Now exit 2, nothing connects."""
    connections = []
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(50)

        def accept():
            while True:
                try:
                    peer, _ = listener.accept()
                except OSError:
                    return
                connections.append(1)
                peer.close()

        threading.Thread(target=accept, daemon=True).start()
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
        texts = [f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
                 f"select * where {{ ?x ?y ?z filter exists {{ service silent <{url}> {{ ?s ?p ?o }} }} }} limit 3",
                 f"SELECT * WHERE {{ # note\r SERVICE <{url}> {{ ?s ?p ?o }} }}",
                 f"SELECT * WHERE {{ VALUES ?u {{ <{url}> }} SERVICE ?u {{ ?s ?p ?o }} }}"]
        for text in texts:
            result = cli("--lang", "en", "query", "--sparql", text, *store_args)
            assert result.exit_code == 2 and "SERVICE" in result.stderr, (text, result.exit_code, result.stderr[-300:])
        query_file = tmp_path / "federated.rq"
        query_file.write_text(texts[0], encoding="utf-8")
        result = cli("query", "--file", str(query_file), *store_args)
        assert result.exit_code == 2 and str(query_file) in result.stderr and "utgående" in result.stderr, result.stderr
    assert connections == []
