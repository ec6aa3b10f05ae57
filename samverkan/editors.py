"""The editors a deployment allows to record follow-up from the web: a JSON file outside the repository.

The file's path is in $SAMVERKAN_EDITORS. It holds each editor's name, an argon2 password hash (argon2-cffi)
and the organisations (IRIs) whose agreements they may edit, plus the deployment's session secret, generated
when the file is first written. There is no default editor: without the file nobody can sign in, and the
public site is read-only as before. The file is written all-or-nothing (followup.files.atomic_write), mode 0600.

    {"session_secret": "…", "editors": {"anna": {"password_hash": "$argon2id$…",
                                                  "organisations": ["https://w3id.org/samverkan/id/org/boras-stad"]}}}
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from .i18n import Worded, WordedSourceError
from .namespaces import ID

ENV = "SAMVERKAN_EDITORS"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
MIN_PASSWORD = 10


@dataclass(frozen=True)
class Editor:
    name: str
    password_hash: str
    organisations: tuple[str, ...]

    @property
    def fingerprint(self) -> str:
        """Changes when the password does: a session made before a new password stops working."""
        return hashlib.sha256(self.password_hash.encode()).hexdigest()[:16]


def editors_path(path: str | Path | None = None) -> Path | None:
    """The editors file given, else $SAMVERKAN_EDITORS, else None (nobody may edit)."""
    chosen = path or os.environ.get(ENV) or None
    return Path(chosen) if chosen else None


def organisation_iri(value: str) -> str:
    """An organisation as an IRI: an IRI as it is, `org/boras-stad`, `boras-stad` or `polisen/lpo-boras` below the
    id base."""
    value = value.strip()
    if value.startswith(("http://", "https://")):
        return value
    value = value.removeprefix("org/")
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)*", value):
        raise Worded("editor_bad_org", "--org", value=value)
    return f"{ID}org/{value}"


def _read(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"editors": {}}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise WordedSourceError(str(path), getattr(exc, "lineno", None), "editor_file_unreadable", detail=str(exc)) from exc
    if not isinstance(data, dict) or not isinstance(data.get("editors", {}), dict):
        raise WordedSourceError(str(path), None, "editor_file_shape")
    data.setdefault("editors", {})
    return data


def load(path: Path | None) -> dict[str, Editor]:
    """The editors in the file, by name ({} without a file)."""
    if path is None:
        return {}
    editors = {}
    for name, entry in _read(path)["editors"].items():
        if not isinstance(entry, dict) or not isinstance(entry.get("password_hash"), str):
            raise WordedSourceError(str(path), None, "editor_no_hash", name=name)
        editors[name] = Editor(name, entry["password_hash"], tuple(entry.get("organisations") or ()))
    return editors


def session_secret(path: Path | None) -> str | None:
    """$SAMVERKAN_SESSION_SECRET, else the secret generated into the editors file (None without either)."""
    secret = os.environ.get("SAMVERKAN_SESSION_SECRET") or None
    if secret or path is None:
        return secret
    return _read(path).get("session_secret") or None


def _write(path: Path, data: dict) -> None:
    from .followup.files import atomic_write

    data.setdefault("session_secret", secrets.token_urlsafe(32))
    atomic_write(path, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    os.chmod(path, 0o600)


def add(path: Path, name: str, password: str, organisations: list[str], *, replace: bool = False) -> Editor:
    """Add (or with `replace`, update) an editor; the password is hashed with argon2id."""
    from argon2 import PasswordHasher

    if not _NAME.match(name):
        raise Worded("editor_bad_name", value=name)
    if len(password) < MIN_PASSWORD:
        raise Worded("editor_short_password", n=MIN_PASSWORD)
    if not organisations:
        raise Worded("editor_no_org")
    data = _read(path)
    if name in data["editors"] and not replace:
        raise Worded("editor_exists", name=name)
    iris = sorted({organisation_iri(o) for o in organisations})
    data["editors"][name] = {"password_hash": PasswordHasher().hash(password), "organisations": iris}
    _write(path, data)
    return load(path)[name]


def remove(path: Path, name: str) -> None:
    """Remove an editor; their sessions stop working at their next request."""
    data = _read(path)
    if name not in data["editors"]:
        raise Worded("editor_unknown", str(path), name=name)
    del data["editors"][name]
    _write(path, data)


#: a hash to check a password against when the user name is unknown, so both take the same time
_DUMMY: list[str] = []


def verify(editors: dict[str, Editor], name: str, password: str) -> Editor | None:
    """The editor when the name and password match, else None (as slow for an unknown name as for a wrong password)."""
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError

    hasher = PasswordHasher()
    editor = editors.get(name)
    if editor is None:
        if not _DUMMY:
            _DUMMY.append(hasher.hash(secrets.token_urlsafe(16)))
        target = _DUMMY[0]
    else:
        target = editor.password_hash
    try:
        hasher.verify(target, password)
    except (VerificationError, InvalidHashError):
        return None
    return editor


def may_edit(editor: Editor, parties: set[str] | list[str]) -> bool:
    """Whether one of the editor's organisations is among an agreement's parties."""
    return bool(set(editor.organisations) & set(parties))
