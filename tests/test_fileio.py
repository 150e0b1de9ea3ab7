"""Output files: a regular file is replaced atomically; a pipe, a terminal or a device is
written into, and stays what it was (``-o /dev/null`` as root must never replace /dev/null)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from publist import fileio
from publist.errors import PublistError

from conftest import run

ENTRY = "@misc{k,\n  title = {A Title},\n  author = {Yao, Zhewei},\n  year = 2020,\n}\n"
LIST = "- **A Title**  \n  **Z. Yao**  \n  2020\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project whose renames can only land in its own folder: a broken write cannot
    replace /dev/null or a file elsewhere, it fails the test instead."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "refs.bib").write_text(ENTRY)
    (tmp_path / "config.toml").write_text('[owner]\nnames = ["Zhewei Yao"]\n')

    def only_here(real: Callable[..., Any]) -> Callable[..., Any]:
        def guarded(src: str, dst: str, *args: Any, **kwargs: Any) -> Any:
            if not os.path.realpath(dst).startswith(str(tmp_path.resolve()) + os.sep):
                raise AssertionError(f"publist tried to rename a file over {dst}")
            return real(src, dst, *args, **kwargs)
        return guarded

    monkeypatch.setattr(os, "replace", only_here(os.replace))
    monkeypatch.setattr(os, "rename", only_here(os.rename))
    return tmp_path


def test_a_named_pipe_is_written_into_and_stays_a_pipe(project: Path) -> None:
    fifo = project / "publications.fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    assert run("render", "-o", str(fifo)) == (0, "", "")
    reader.join(timeout=10)
    assert got == [LIST.encode()]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert sorted(p.name for p in project.iterdir()) == ["config.toml", "publications.fifo", "refs.bib"]


def test_dev_null_is_written_into_and_stays_the_device(project: Path) -> None:
    before = os.stat("/dev/null")
    assert run("render", "--format", "html", "-o", "/dev/null") == (0, "", "")
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode)
    assert (after.st_ino, after.st_rdev, after.st_mode) == (before.st_ino, before.st_rdev, before.st_mode)


def test_dev_stdout_is_standard_output(project: Path, capfd: pytest.CaptureFixture[str]) -> None:
    assert run("render", "-o", "/dev/stdout") == (0, "", "")
    assert capfd.readouterr().out == LIST


def test_a_descriptor_is_written_through_so_that_an_append_redirection_appends(project: Path) -> None:
    log = project / "log.md"
    log.write_text("# Earlier\n")
    fd = os.open(log, os.O_WRONLY | os.O_APPEND)
    try:
        for path in (f"/dev/fd/{fd}", f"/proc/self/fd/{fd}"):
            assert run("render", "-o", path) == (0, "", "")
    finally:
        os.close(fd)
    assert log.read_text() == "# Earlier\n" + LIST + LIST


def test_a_process_substitution_receives_the_list(project: Path) -> None:
    script = '"$0" -m publist render -o >(cat > got.md); wait $!'
    proc = subprocess.run(["bash", "-c", script, sys.executable], capture_output=True, text=True,
                          timeout=60, check=False)
    assert (proc.returncode, proc.stderr) == (0, "")
    assert (project / "got.md").read_text() == LIST


def test_a_regular_file_is_still_replaced_atomically(project: Path) -> None:
    (project / "out.md").write_text("old\n")
    inode = os.stat(project / "out.md").st_ino
    assert run("render", "-o", "out.md") == (0, "", "")
    assert (project / "out.md").read_text() == LIST
    assert os.stat(project / "out.md").st_ino != inode  # a new file, renamed into place


def test_a_folder_is_not_an_output(project: Path) -> None:
    (project / "site").mkdir()
    assert run("render", "-o", "site") == (1, "", "site: is a folder; nothing written (name a file)\n")


@pytest.mark.parametrize(("kind", "what"), [(stat.S_IFBLK, "a block device (a disk)"),
                                            (stat.S_IFSOCK, "a socket")])
def test_a_disk_or_a_socket_is_never_written(kind: int, what: str) -> None:
    with pytest.raises(PublistError) as err:
        fileio._check_special("/dev/sdz", kind | 0o660)
    assert str(err.value) == (f"/dev/sdz: is {what}; nothing written (publist writes files, pipes "
                              "and character devices)")


def test_an_atomic_replace_refuses_a_pipe_rather_than_put_a_file_in_its_place(project: Path) -> None:
    fifo = project / "refs.fifo"
    os.mkfifo(fifo)
    with pytest.raises(PublistError) as err:
        fileio.write_atomic(fifo, b"@misc{k}\n")
    assert str(err.value) == f"{fifo}: is not a regular file (a pipe or a device); nothing written"
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


@pytest.mark.parametrize(("argv", "message"), [
    (["-o", ""], "-o: an empty path names no file"),                # -o "$OUT" with OUT unset
    (["--inplace", "README.md", ""], "--inplace: an empty path names no file"),
    (["--inplace", "README.md", "-o", ""], "-o: an empty path names no file"),
    # the options that name a file or a style, never the default they would fall back to
    (["--style", ""], "--style: an empty name names no style"),
    (["--style", "", "--format", "html"], "--style: an empty name names no style"),
    (["--template", ""], "--template: an empty path names no file"),
    (["--bib", ""], "--bib: an empty path names no file"),               # not refs.bib instead
    (["--config", ""], "--config: an empty path names no file"),
    (["--strings", "strings.bib", "--strings", ""], "--strings: an empty path names no file"),
])
def test_an_empty_path_is_refused_not_standard_output(project: Path, argv: list[str], message: str) -> None:
    (project / "README.md").write_text("<!-- publist:start -->\n<!-- publist:end -->\n")
    assert run("render", *argv) == (2, "", message + "\n")
    assert (project / "README.md").read_text() == "<!-- publist:start -->\n<!-- publist:end -->\n"


@pytest.mark.parametrize("argv", [
    ["sync", "--bib", ""], ["sync", "--dry-run", "--config", ""], ["add", "--bib", "", "2102.11107"],
    ["check", "refs.bib", ""], ["discover", "--bib", ""], ["init", "--config", ""],
])
def test_every_command_refuses_an_empty_path_before_it_reads_or_asks(project: Path, argv: list[str]) -> None:
    before = sorted(p.name for p in project.iterdir())
    status, out, err = run(*argv)
    assert (status, out, len(err.splitlines())) == (2, "", 1) and "an empty path names no file" in err
    assert sorted(p.name for p in project.iterdir()) == before
