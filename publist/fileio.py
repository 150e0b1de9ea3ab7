"""Files on disk: read a .bib file, replace a file atomically, lock a file being edited.

A reader of the target never sees half a file: the new content goes to a temporary file
in the same folder, is flushed to disk, and is then renamed over the target in one step.
Only a regular file is replaced so; an output that is a pipe, a terminal or a device
(``-o /dev/stdout``, ``-o >(gzip > out.gz)``, a named pipe, ``/dev/null``) is written into,
since renaming over it would put a plain file where the special file was.
Paths are strings or ``os.PathLike``; nothing here imports more than ``os`` until it writes.
"""

from __future__ import annotations

import os
import stat
from types import TracebackType
from typing import IO

from publist.errors import BibError, LockedError, PublistError

StrPath = str | os.PathLike[str]
TEMPORARY_SUFFIX = ".publist-tmp"
REPLACED: list[str] = []
"""The files this process has replaced, in order: what a Ctrl-C must not say was left alone."""


def read_bytes(path: StrPath) -> bytes:
    """The bytes of a .bib file, or a :class:`BibError` that says why they cannot be read."""
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        raise BibError("no such file", os.fspath(path)) from None
    except IsADirectoryError:
        raise BibError("is a folder, not a .bib file", os.fspath(path)) from None
    except OSError as err:
        raise BibError(err.strerror or str(err), os.fspath(path)) from None


def _folder(path: StrPath) -> str:
    return os.path.dirname(os.fspath(path)) or "."


def target(path: StrPath) -> str:
    """The file a path names: a symbolic link is followed to the file it points at."""
    return os.path.realpath(path)


def check_writable(path: StrPath) -> None:
    """Refuse, before any work, to replace a file that must not be replaced.

    A read-only file stays as it is (replacing it needs only the folder's permission, so
    it would go through silently); so does a file with several hard links, whose other
    names would keep the old text, and a file in a folder where no temporary file can go.
    """
    try:
        st = os.stat(path)  # followed as the kernel follows it: /dev/fd/63 is the pipe it names
    except FileNotFoundError:
        return
    name = os.fspath(path)
    if not stat.S_ISREG(st.st_mode):
        _check_special(path, st.st_mode)
        raise PublistError(f"{name}: is not a regular file (a pipe or a device); nothing written")
    if not st.st_mode & 0o222 or not os.access(path, os.W_OK):
        raise PublistError(f"{name}: is read-only; nothing written (make it writable first)")
    if st.st_nlink > 1:
        raise PublistError(
            f"{name}: has {st.st_nlink} hard links, which replacing it would split apart; "
            "nothing written (use a symbolic link instead)"
        )
    folder = _folder(target(path))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise PublistError(f"{name}: its folder ({folder}) is read-only, and replacing the file "
                           "writes beside it; nothing written")


def check_file(path: StrPath) -> None:
    """Refuse, before any work, a .bib file that a command editing it cannot use: missing, a
    folder, or not a regular file (a pipe, which reading would wait on for ever, or a device);
    a dry run refuses it as the real run does."""
    name = os.fspath(path)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise BibError("no such file", name) from None
    except OSError as err:
        raise BibError(err.strerror or str(err), name) from None
    if stat.S_ISDIR(mode):
        raise BibError("is a folder, not a .bib file", name)
    if not stat.S_ISREG(mode):
        raise PublistError(f"{name}: is not a regular file (a pipe or a device); nothing written")


def write(path: StrPath, data: bytes) -> None:
    """Write an output file: a regular (or new) file is replaced atomically; a pipe, a
    terminal or a character device is written into, e.g. ``-o /dev/stdout``.

    A path that names one of this process's open descriptors (``/dev/stdout``, ``/dev/fd/63``
    as a shell's process substitution passes it) is written through that descriptor, so that
    the shell's redirection (``>>`` appends) holds.
    """
    descriptor = _descriptor(path)
    if descriptor is not None:
        _write_all(path, descriptor, data)
        return
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        mode = stat.S_IFREG
    except OSError as err:
        raise PublistError(f"{os.fspath(path)}: cannot write: {err.strerror or err}") from None
    if stat.S_ISREG(mode):
        write_atomic(path, data)
        return
    _check_special(path, mode)
    try:
        fd = os.open(path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
    except OSError as err:
        raise PublistError(f"{os.fspath(path)}: cannot write: {err.strerror or err}") from None
    try:
        _write_all(path, fd, data)
    finally:
        os.close(fd)


def _descriptor(path: StrPath) -> int | None:
    """The open descriptor a path names (``/dev/stdout``, ``/dev/fd/3``, ``/proc/self/fd/3``),
    found by following its symbolic links, or ``None``."""
    name = os.path.abspath(os.fspath(path))
    folders = {"/dev/fd", os.path.realpath("/proc/self/fd")}
    for _ in range(40):  # the kernel's own limit on a chain of links
        folder, base = os.path.split(name)
        if base.isdigit() and os.path.realpath(folder) in folders:
            return int(base)
        if not os.path.islink(name):
            return None
        name = os.path.normpath(os.path.join(folder, os.readlink(name)))
    return None


def _check_special(path: StrPath, mode: int) -> None:
    """Refuse what an output cannot be: a folder, a block device (a disk), a socket."""
    name = os.fspath(path)
    if stat.S_ISDIR(mode):
        raise PublistError(f"{name}: is a folder; nothing written (name a file)")
    if not (stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)):
        what = "a block device (a disk)" if stat.S_ISBLK(mode) else "a socket"
        raise PublistError(f"{name}: is {what}; nothing written (publist writes files, pipes "
                           "and character devices)")


def _write_all(path: StrPath, fd: int, data: bytes) -> None:
    """All of ``data`` into an open descriptor (a pipe takes it in parts)."""
    view = memoryview(data)
    try:
        while view:
            view = view[os.write(fd, view) :]
    except OSError as err:
        raise PublistError(f"{os.fspath(path)}: cannot write: {err.strerror or err}") from None


def write_atomic(path: StrPath, data: bytes, *, user_file: bool = True) -> None:
    """Replace ``path`` with ``data`` in one step, keeping the file's permissions.

    A user's file is recorded in :data:`REPLACED` (a Ctrl-C says it was written); the cache's
    files (``user_file=False``) are not.

    A symbolic link stays a link: the file it points at is replaced. Only a regular file is
    replaced: a pipe or a device is refused (:func:`write` writes into them).
    """
    import tempfile

    check_writable(path)
    real = target(path)
    name = os.path.basename(real)
    try:
        mode = os.stat(real).st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=TEMPORARY_SUFFIX, dir=_folder(real))
    except OSError as err:
        raise PublistError(f"{os.fspath(path)}: cannot write here: {err.strerror or err}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, real)
        if user_file:
            REPLACED.append(os.fspath(path))
    except BaseException as err:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(err, OSError):
            raise PublistError(f"{os.fspath(path)}: cannot write: {err.strerror or err}") from None
        raise


def same_file(a: StrPath, b: StrPath) -> bool:
    """Whether two paths name one file (through links, or two spellings of one path)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return target(a) == target(b)


class locked:  # a context manager used like a function: ``with locked(path):``
    """Hold an exclusive lock on ``path`` while editing it; refuse if another process has it.

    The lock is the operating system's (``flock``): it goes away with the process, so a
    killed sync, add or discover never leaves a stale lock behind.
    """

    def __init__(self, path: StrPath) -> None:
        self.path = path
        self._handle: IO[bytes] | None = None

    def __enter__(self) -> None:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not on POSIX: no lock
            return
        try:
            self._handle = open(self.path, "rb")
        except FileNotFoundError:
            raise BibError("no such file", os.fspath(self.path)) from None
        try:
            fcntl.flock(self._handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._handle.close()
            raise LockedError(
                f"{os.fspath(self.path)}: another publist command is editing this file; "
                "try again when it has finished"
            ) from None

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if self._handle is not None:
            self._handle.close()  # closing releases the lock
            self._handle = None


def remove_stale_temporaries(path: StrPath) -> list[str]:
    """Remove temporary files a killed run left beside ``path``; call it holding the lock."""
    real = target(path)
    folder = _folder(real)
    prefix = "." + os.path.basename(real) + "."
    removed = []
    for name in os.listdir(folder):
        if name.startswith(prefix) and name.endswith(TEMPORARY_SUFFIX):
            try:
                os.unlink(os.path.join(folder, name))
                removed.append(name)
            except OSError:
                continue
    return removed
