"""Files on disk: read a .bib file, and replace a file atomically.

A reader of the target never sees half a file: the new content goes to a temporary file
in the same folder, is flushed to disk, and is then renamed over the target in one step.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from publist.errors import BibError, PublistError


def read_bytes(path: Path) -> bytes:
    """The bytes of a .bib file, or a :class:`BibError` that says why they cannot be read."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise BibError("no such file", str(path)) from None
    except IsADirectoryError:
        raise BibError("is a folder, not a .bib file", str(path)) from None
    except OSError as err:
        raise BibError(err.strerror or str(err), str(path)) from None


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step, keeping the file's permissions."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".publist-tmp", dir=folder)
    except OSError as err:
        raise PublistError(f"{path}: cannot write here: {err.strerror or err}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException as err:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(err, OSError):
            raise PublistError(f"{path}: cannot write: {err.strerror or err}") from None
        raise
