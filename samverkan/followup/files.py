"""Writing a follow-up file all-or-nothing: a temporary file beside it, fsync, then rename (or link)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..i18n import WordedSourceError


def atomic_write(path: Path, data: bytes, *, overwrite: bool = True) -> None:
    """Write `data` to `path` so that a crash leaves the old file or the new one, never part of one.

    Without `overwrite`, an existing file is refused (a SourceError) and left untouched, also when another
    process creates it meanwhile (the new file is linked into place, which fails if the name exists)."""
    path = Path(path)
    if not overwrite and path.exists():
        raise WordedSourceError(str(path), None, "fu_err_file_exists")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        if overwrite:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise WordedSourceError(str(path), None, "fu_err_file_exists") from None
            finally:
                os.unlink(tmp)
        _fsync_dir(path.parent)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
