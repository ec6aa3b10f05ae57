"""Start and stop a real Virtuoso server (Debian's `virtuoso-opensource`) for tests.

Each server gets a fresh database in its own folder, a hand-written virtuoso.ini, and two free
loopback ports (SQL and HTTP). Its anonymous SPARQL account is allowed to update, as the test
back end builds the seed graph through /sparql.
"""

from __future__ import annotations

import shutil
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from oxigraph_server import free_port
from processes import stop

VIRTUOSO = "virtuoso-t"
ISQL = "isql-vt"
DBA_PASSWORD = "dba"  # the default of a fresh database; the server listens on 127.0.0.1 only

_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CaseMode = 2
DirsAllowed = .
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 1
CheckpointInterval = 0

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}/www
ServerThreads = 4
MaxClientConnections = 4
Charset = UTF-8

[URIQA]
DefaultHost = 127.0.0.1:{http_port}

[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = 60
"""


def virtuoso_missing() -> str | None:
    """Why a Virtuoso server cannot be started here, or None when it can."""
    missing = [name for name in (VIRTUOSO, ISQL) if shutil.which(name) is None]
    if missing:
        return (f"{' and '.join(missing)} not found: Virtuoso comes from Debian "
                "(`apt-get install virtuoso-opensource`, as .ci/run does)")
    return None


class VirtuosoServer:
    """`virtuoso-t +foreground` on a fresh database in `folder`, HTTP on 127.0.0.1:PORT."""

    def __init__(self, folder: Path, max_rows: int = 1_000_000):
        self.folder = Path(folder)
        self.sql_port = free_port()
        self.http_port = free_port()
        self.max_rows = max_rows
        self.process: subprocess.Popen | None = None
        self.log = self.folder / "virtuoso-stdout.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    def start(self, timeout: float = 60.0) -> VirtuosoServer:
        """Start on the folder's database (created on first start) and wait until SPARQL answers."""
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / "www").mkdir(exist_ok=True)
        fresh = not (self.folder / "virtuoso.db").exists()
        ini = self.folder / "virtuoso.ini"
        ini.write_text(_INI.format(dir=self.folder, sql_port=self.sql_port, http_port=self.http_port,
                                   max_rows=self.max_rows))
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen([VIRTUOSO, "+configfile", str(ini), "+foreground"], cwd=self.folder,
                                            stdout=log, stderr=subprocess.STDOUT)
        limit = time.monotonic() + timeout
        while time.monotonic() < limit:
            if self.process.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited with {self.process.returncode}: {self._log_tail()}")
            if self._answers():
                if fresh:
                    try:
                        self.sql("GRANT SPARQL_UPDATE TO \"SPARQL\";")
                    except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
                        self.stop()
                        raise RuntimeError(f"could not allow SPARQL updates: {exc}") from None
                return self
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"Virtuoso did not answer on {self.url} within {timeout:g} s: {self._log_tail()}")

    def _answers(self) -> bool:
        request = urllib.request.Request(f"{self.url}/sparql?query=ASK%7B%7D",
                                         headers={"Accept": "application/sparql-results+json"})
        try:
            with urllib.request.urlopen(request, timeout=1) as response:
                return response.status == 200
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return False

    def sql(self, statements: str) -> str:
        """Run SQL statements as the dba through isql (for set-up that SPARQL cannot do)."""
        done = subprocess.run([ISQL, f"127.0.0.1:{self.sql_port}", "dba", DBA_PASSWORD, f"exec={statements}"],
                              capture_output=True, text=True, timeout=30)
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql failed: {(done.stdout + done.stderr)[-500:]}")
        return done.stdout

    def _log_tail(self) -> str:
        texts = [p.read_text(errors="replace") for p in (self.log, self.folder / "virtuoso.log") if p.exists()]
        return " ".join("\n".join(texts).split())[-500:]

    def stop(self, kill: bool = False) -> None:
        """Stop the server (SIGKILL with kill=True, like a crash) and wait until it is gone."""
        if self.process is None:
            return
        stop(self.process, kill=kill, wait_seconds=20)
        self.process = None

    def __enter__(self) -> VirtuosoServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
