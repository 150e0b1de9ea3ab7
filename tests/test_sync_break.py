"""publist sync as a demanding researcher uses it: real files against stand-ins that know their
papers (tests/fake_owner.py), a second sync that must do nothing, the dry run's diff against
the real run, and services that fail in the ways real ones do."""

from __future__ import annotations

import io
import re
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import fake_owner
import pytest
from pytest_httpserver import HTTPServer
from test_sync_profiles import project, serve
from werkzeug import Request, Response

from publist import cli

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="module")
def threaded() -> Iterator[HTTPServer]:
    served = HTTPServer(threaded=True)
    served.start()
    yield served
    served.stop()


@pytest.fixture
def server(threaded: HTTPServer) -> HTTPServer:
    threaded.clear()
    return threaded


def sync(folder: Path, *argv: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, bytes, str]:
    """Run ``publist sync`` in ``folder``: the status, standard output (bytes), the report."""
    monkeypatch.chdir(folder)
    monkeypatch.setenv("COLUMNS", "250")
    out, err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8"), io.StringIO()
    status = cli.run(["sync", *argv], out, err)
    out.flush()
    return status, out.buffer.getvalue(), err.getvalue()  # type: ignore[attr-defined]


def owned(folder: Path, server: HTTPServer, name: str) -> tuple[Path, bytes]:
    """A project holding a real file (no profile), and stand-ins that know its papers."""
    data = (DATA / name).read_bytes()
    serve(server, fake_owner.world(data.decode("utf-8"), name))
    return project(folder, server, data.decode("utf-8")), data


# --- a second sync does nothing ---------------------------------------------------------------

# each holds an entry that sync's arXiv id turns into a preprint: a @misc with a publisher
# (GitHub, Springer) or a patent's howpublished, which has a venue until it gets an eprint
BECOMES_A_PREPRINT = ["wild/ads-luger.bib", "wild/academicpages-khot.bib", "wild/lab-kastner.bib",
                      "wild/alfolio-stratigakos.bib"]


@pytest.mark.parametrize("name", BECOMES_A_PREPRINT)
def test_the_first_sync_asks_what_the_second_would_and_the_second_sends_nothing(
    name: str, tmp_path: Path, server: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, _ = owned(tmp_path, server, name)
    status, _, err = sync(folder, monkeypatch=monkeypatch)
    assert status == 0, err
    written = (folder / "refs.bib").read_bytes()
    server.clear_log()
    status, _, err = sync(folder, monkeypatch=monkeypatch)
    assert status == 0 and server.log == [], [r.url for r, _ in server.log]
    assert (folder / "refs.bib").read_bytes() == written
    assert "nothing to add; the file is unchanged (0 request(s) to arXiv)" in err


def test_a_misc_with_a_publisher_that_becomes_a_preprint_is_asked_about_its_venue(
    tmp_path: Path, server: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    bib = ("@misc{pybind11,\n  author = {Wenzel Jakob and Jason Rhinelander},\n  year = {2017},\n"
           "  publisher = {GitHub},\n  title = {pybind11: Seamless operability between C++11 and Python}\n}\n")
    papers = [p._replace(arxiv="1712.10023") for p in fake_owner.world(bib)]
    serve(server, papers)
    folder = project(tmp_path, server, bib)
    assert sync(folder, monkeypatch=monkeypatch)[0] == 0
    assert "  eprint = {1712.10023},\n" in (folder / "refs.bib").read_text()
    # the entry is now a preprint without a venue: DBLP was searched for one in the first run
    assert [r.args["q"] for r, _ in server.log if r.path.startswith("/dblp/search/")] == [
        "pybind11 seamless operability between c 11 and python"]
    server.clear_log()
    assert sync(folder, monkeypatch=monkeypatch)[0] == 0 and server.log == []
