"""Issue 13 (security): editors from the deployment's file (`samverkan user add|list|remove`, argon2 hashes), the
sign-in page, a signed HttpOnly SameSite cookie, CSRF tokens, sign-out, expiry and rate-limited failures — over
real HTTP against `samverkan serve` on the seed store (read-only: nothing here writes the graph)."""

from __future__ import annotations

import json
import re
import stat
import time

import httpx
import pytest
from live_serve import samverkan_serve

PASSWORD = "korrekt-häst-batteri"
BORAS = "https://w3id.org/samverkan/id/org/boras-stad"


def _editors(cli, tmp_path, *users: tuple[str, str]):
    path = tmp_path / "editors.json"
    for name, org in users:
        result = cli("user", "add", name, "--org", org, "--file", path, input=PASSWORD + "\n")
        assert result.exit_code == 0, result.output
    return path


def _csrf(page: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def _sign_in(client: httpx.Client, user: str = "anna", password: str = PASSWORD, next: str = "/") -> httpx.Response:
    token = _csrf(client.get("/sign-in").text)
    return client.post("/sign-in", data={"user": user, "password": password, "csrf": token, "next": next})


@pytest.fixture(scope="module")
def served(built_store_dir, tmp_path_factory):
    """A server with one editor (anna, Borås stad); yields (url, editors file)."""
    from conftest import Cli

    folder = tmp_path_factory.mktemp("editors")
    path = _editors(Cli(), folder, ("anna", "boras-stad"))
    with samverkan_serve(str(built_store_dir), folder / "serve.log",
                         env={"SAMVERKAN_EDITORS": str(path)}) as (url, _):
        yield url, path


def test_user_add_list_remove_keep_only_an_argon2_hash(cli, tmp_path):
    """Issue 13 security: `samverkan user add` reads the password from stdin, stores an argon2id hash (never the
    password) in a file only its owner can read; list shows names and organisations; remove takes the editor out."""
    path = _editors(cli, tmp_path, ("anna", "boras-stad"), ("bo", "polisen/lpo-boras"))
    text = path.read_text()
    assert PASSWORD not in text
    data = json.loads(text)
    assert data["editors"]["anna"]["password_hash"].startswith("$argon2id$")
    assert data["editors"]["anna"]["organisations"] == [BORAS]
    assert len(data["session_secret"]) >= 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    listed = cli("user", "list", "--file", path).output
    assert "anna\t" + BORAS in listed and "argon2" not in listed
    assert "bo\thttps://w3id.org/samverkan/id/org/polisen/lpo-boras" in listed
    assert cli("user", "remove", "bo", "--file", path).exit_code == 0
    assert "bo" not in json.loads(path.read_text())["editors"]
    assert json.loads(path.read_text())["session_secret"] == data["session_secret"]


@pytest.mark.parametrize("args, password, words", [
    (["anna", "--org", "boras-stad"], "kort", "lösenordet är för kort"),
    (["anna", "--org", "boras-stad"], PASSWORD, "redaktören ”anna” finns redan"),
    (["ny användare", "--org", "boras-stad"], PASSWORD, "inte ett användarnamn"),
    (["cia", "--org", "Borås Stad"], PASSWORD, "inte en organisations kortnamn"),
])
def test_user_add_refuses_bad_input_and_leaves_the_file(cli, tmp_path, args, password, words):
    """Issue 13 security: a short password, an existing name, a bad name or organisation → exit 2, one clear line,
    the editors file unchanged."""
    path = _editors(cli, tmp_path, ("anna", "boras-stad"))
    before = path.read_bytes()
    result = cli("user", "add", *args, "--file", path, input=password + "\n")
    assert result.exit_code == 2 and words in result.output
    assert path.read_bytes() == before


def test_user_commands_need_an_editors_file(cli):
    """Issue 13 security: there is no default editors file (nor user) — without --file or $SAMVERKAN_EDITORS, exit 2."""
    result = cli("user", "list", env={"SAMVERKAN_EDITORS": ""})
    assert result.exit_code == 2 and "SAMVERKAN_EDITORS" in result.output


def test_without_editors_the_site_is_read_only(built_store_dir, tmp_path):
    """Issue 13 security: with no editors configured there is no sign-in link, the sign-in page says the site is
    read-only and a sign-in attempt is refused."""
    with samverkan_serve(str(built_store_dir), tmp_path / "serve.log") as (url, _), httpx.Client(base_url=url) as client:
        home = client.get("/")
        assert home.status_code == 200 and 'href="/sign-in' not in home.text
        page = client.get("/sign-in")
        assert "skrivskyddad" in page.text
        token = _csrf(client.get("/sign-in").text) if 'name="csrf"' in page.text else ""
        answer = client.post("/sign-in", data={"user": "admin", "password": "admin", "csrf": token})
        assert answer.status_code == 403 and "samverkan_session" not in answer.headers.get("set-cookie", "")


def test_sign_in_sets_a_strict_http_only_cookie_and_sign_out_revokes_it(served):
    """Issue 13 security: the right password → 303 to `next` with an HttpOnly, SameSite=Strict session cookie; the
    pages then offer sign-out; signing out (with the CSRF token) ends the session, also for a copy of the cookie."""
    url, _ = served
    with httpx.Client(base_url=url) as client:
        assert 'href="/sign-in' in client.get("/").text
        answer = _sign_in(client, next="/agreements/boras-2015")
        assert answer.status_code == 303 and answer.headers["location"] == "/agreements/boras-2015"
        cookie = next(c for c in answer.headers.get_list("set-cookie") if c.startswith("samverkan_session="))
        assert "HttpOnly" in cookie and "samesite=strict" in cookie.lower() and "Secure" not in cookie  # plain http
        page = client.get("/agreements/boras-2015").text
        assert "Logga ut (anna)" in page
        stolen = client.cookies.get("samverkan_session")
        assert client.post("/sign-out", data={"csrf": "fel"}).status_code == 403
        assert "Logga ut (anna)" in client.get("/").text  # a forged sign-out does nothing
        assert client.post("/sign-out", data={"csrf": _csrf(page)}).status_code == 303
        assert "Logga ut (anna)" not in client.get("/").text
    with httpx.Client(base_url=url, cookies={"samverkan_session": stolen}) as replay:
        assert "Logga ut (anna)" not in replay.get("/").text


@pytest.mark.parametrize("form", [
    {"user": "anna", "password": PASSWORD},  # no token
    {"user": "anna", "password": PASSWORD, "csrf": "x" * 43},  # not the cookie's token
])
def test_sign_in_without_the_csrf_token_is_refused(served, form):
    """Issue 13 security: a sign-in form without this browser's CSRF token → 403 and no session."""
    url, _ = served
    with httpx.Client(base_url=url) as client:
        client.get("/sign-in")
        answer = client.post("/sign-in", data=form)
        assert answer.status_code == 403 and "Formuläret kunde inte kontrolleras" in answer.text
        assert "samverkan_session" not in client.cookies


def test_wrong_password_or_unknown_user_is_refused_alike(served):
    """Issue 13 security: a wrong password and an unknown name get the same 401 answer, and no session."""
    url, _ = served
    with httpx.Client(base_url=url) as client:
        wrong, unknown = _sign_in(client, password="fel-lösenord"), _sign_in(client, user="okänd")
        assert wrong.status_code == unknown.status_code == 401
        assert "Fel användarnamn eller lösenord" in wrong.text and "Fel användarnamn eller lösenord" in unknown.text
        assert "samverkan_session" not in client.cookies


def test_sign_in_never_redirects_to_another_site(served):
    """Issue 13 security: `next` may only be a path on this site (no open redirect to //elsewhere)."""
    url, _ = served
    with httpx.Client(base_url=url) as client:
        assert _sign_in(client, next="//evil.example/x").headers["location"] == "/"


def test_a_new_password_or_removal_ends_the_sessions(served, cli):
    """Issue 13 security: changing an editor's password (user add --replace) ends their existing sessions."""
    url, path = served
    with httpx.Client(base_url=url) as client:
        _sign_in(client)
        assert "Logga ut (anna)" in client.get("/").text
        result = cli("user", "add", "anna", "--org", "boras-stad", "--replace", "--file", path, input=PASSWORD + "\n")
        assert result.exit_code == 0, result.output
        assert "Logga ut (anna)" not in client.get("/").text


def test_sessions_expire_and_failed_sign_ins_are_rate_limited(built_store_dir, cli, tmp_path):
    """Issue 13 security: a session older than $SAMVERKAN_SESSION_MAX_AGE is no longer signed in; after 5 failed
    sign-ins for a user the next attempt gets 429 with Retry-After, even with the right password."""
    path = _editors(cli, tmp_path, ("anna", "boras-stad"))
    env = {"SAMVERKAN_EDITORS": str(path), "SAMVERKAN_SESSION_MAX_AGE": "1"}
    with samverkan_serve(str(built_store_dir), tmp_path / "serve.log", env=env) as (url, _), \
            httpx.Client(base_url=url) as client:
        assert _sign_in(client).status_code == 303
        assert "Logga ut (anna)" in client.get("/").text
        time.sleep(2.5)  # the cookie's signed timestamp is now older than the maximum age
        assert "Logga ut (anna)" not in client.get("/").text
        for _ in range(5):
            assert _sign_in(client, password="gissning-123").status_code == 401
        limited = _sign_in(client)
        assert limited.status_code == 429 and int(limited.headers["retry-after"]) > 0
        assert "För många misslyckade inloggningar" in limited.text
        assert "samverkan_session" not in limited.headers.get("set-cookie", "")


def test_a_broken_editors_file_signs_nobody_in_and_the_pages_still_work(built_store_dir, tmp_path):
    """Issue 13 security: an editors file that is not JSON → the sign-in answers 503 with a clear message and
    no session; the public pages keep working."""
    path = tmp_path / "editors.json"
    path.write_text("{ not json", encoding="utf-8")
    with samverkan_serve(str(built_store_dir), tmp_path / "serve.log", env={"SAMVERKAN_EDITORS": str(path)}) as (url, _), \
            httpx.Client(base_url=url, cookies={"samverkan_session": "x.y.z"}) as client:
        assert client.get("/agreements/boras-2015").status_code == 200
        answer = _sign_in(client)
        assert answer.status_code == 503 and "Redaktörsfilen kan inte läsas" in answer.text
