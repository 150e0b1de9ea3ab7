"""Files on disk: read a .bib file, replace a file atomically, lock a file being edited.

A reader of the target never sees half a file: the new content goes to a temporary file
in the same folder, is flushed to disk, and is then renamed over the target in one step.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from publist.errors import BibError, LockedError, PublistError


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


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` while editing it; refuse if another process has it.

    The lock is the operating system's (``flock``): it goes away with the process, so a
    killed sync never leaves a stale lock behind.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on POSIX: no lock, as before
        yield
        return
    try:
        handle = open(path, "rb")  # noqa: SIM115 - held for the duration of the lock
    except FileNotFoundError:
        raise BibError("no such file", str(path)) from None
    with handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise LockedError(
                f"{path}: another publist sync is editing this file; "
                "try again when it has finished"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def remove_stale_temporaries(path: Path) -> list[Path]:
    """Remove temporary files a killed run left beside ``path``; call it holding the lock."""
    folder = path.parent if str(path.parent) else Path(".")
    removed = []
    for stale in folder.glob(f".{path.name}.*.publist-tmp"):
        try:
            stale.unlink()
            removed.append(stale)
        except OSError:
            continue
    return removed
