"""Shared test helpers: paths, golden files and the ``--update-golden`` option."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from publist import cli

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
WILD = DATA / "wild"

READER_WARNINGS = [
    # al-folio: a key given twice, a field given twice
    ("alfolio-stratigakos.bib", "alfolio-stratigakos.bib:66: duplicate key 'stratigakos2021short' (first at line 29)"),
    ("alfolio-vasilescu.bib", "alfolio-vasilescu.bib:32: field year given twice; the first one is used"),
    # a CV's months written as macros BibTeX does not define
    ("cv-pasquier.bib", ("cv-pasquier.bib:86: entry 't:2018:2', field 'month': undefined @string 'February' "
                        "(put text in braces)")),
    # JabRef's stale encoding header on a UTF-8 file
    ("cv-arnold.bib", ("cv-arnold.bib:2: the file says '% Encoding: Cp1252', but its bytes are UTF-8; read as "
                      "UTF-8 (remove or correct the line)")),
]
"""Real files of tests/data/wild and a line render says of each as it reads it (a key or field
given twice, an undefined @string, an encoding line the bytes contradict): every command that
reads the file says the same."""


def diff_of(argv: list[str]) -> bytes:
    """What ``publist ARGV`` (a ``--dry-run``) prints on standard output, as bytes: a diff is in
    the file's own encoding and line endings."""
    import io

    from publist import cli

    out, err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8"), io.StringIO()
    assert cli.run(argv, out, err) == 0, err.getvalue()
    out.flush()
    diff: bytes = out.buffer.getvalue()  # type: ignore[attr-defined]
    return diff


def patched(folder: Path, data: bytes, diff: bytes) -> bytes:
    """``data`` as refs.bib in a new ``folder``, after GNU ``patch -p1`` applied ``diff`` to it
    (no fuzz: the diff must fit the file's bytes exactly)."""
    import shutil
    import subprocess

    patch = shutil.which("patch")
    assert patch is not None, "GNU patch is needed for this test (Debian package patch)"
    folder.mkdir()
    (folder / "refs.bib").write_bytes(data)
    subprocess.run([patch, "-p1", "--quiet", "--binary", "--fuzz=0"], input=diff, cwd=folder, check=True)
    return (folder / "refs.bib").read_bytes()


class Clock:
    """A clock that only moves when a client sleeps: pacing is then exact."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 3))
        self.now += seconds


@pytest.fixture(scope="module")
def threaded() -> Iterator[HTTPServer]:
    """One stand-in server a test module's tests share, answering requests at the same time."""
    served = HTTPServer(threaded=True)
    served.start()
    yield served
    served.stop()


@pytest.fixture
def server(threaded: HTTPServer) -> HTTPServer:
    """A stand-in that answers requests at the same time, as the real services do (each test its own handlers)."""
    threaded.clear()
    return threaded


def run(*argv: str) -> tuple[int, str, str]:
    """``publist *argv`` in this process: its exit status, standard output and standard error."""
    out, err = io.StringIO(), io.StringIO()
    status = cli.run(list(argv), out, err)
    return status, out.getvalue(), err.getvalue()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite golden files from the current output (review the diff by eye)",
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest):
    """Compare text with a golden file, or rewrite it under --update-golden."""
    update = request.config.getoption("--update-golden")

    def check(path: Path, text: str) -> None:
        if update:
            path.write_text(text, encoding="utf-8", newline="")
            return
        assert path.exists(), f"missing golden file {path}; run pytest --update-golden"
        assert text == path.read_text(encoding="utf-8"), f"output differs from {path.name}"

    return check
