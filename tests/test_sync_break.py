"""publist sync as a demanding researcher uses it: real files against stand-ins that know their
papers (tests/fake_owner.py), a second sync that must do nothing, the dry run's diff against
the real run, and services that fail in the ways real ones do."""

from __future__ import annotations

import difflib
import io
import re
import time
from pathlib import Path

import fake_owner
import pytest
from pytest_httpserver import HTTPServer
from test_sync_profiles import project, serve
from werkzeug import Request, Response

from publist import cli

DATA = Path(__file__).resolve().parent / "data"


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


# --- one service fails, the others work -------------------------------------------------------

PREFIX = {"arXiv": "/api/query", "Semantic Scholar": "/s2/", "DBLP": "/dblp/", "Crossref": "/crossref/"}
LOGIN = ('<!DOCTYPE html><html><head><title>Sign in</title></head><body><form action="/login">'
         "Your session has expired</form></body></html>")


def fault(kind: str) -> Response:
    """A service failing as real ones do (a university proxy's login page, a rate limit ...)."""
    if kind == "down":
        return Response("<html><body>503 Service Unavailable</body></html>", status=503, content_type="text/html")
    if kind == "login page":
        return Response(LOGIN, status=200, content_type="text/html; charset=utf-8")
    if kind == "garbage":
        return Response(b"\x1f\x8b\x08\x00garbage", status=200, content_type="application/json")
    if kind == "429":
        return Response("Too Many Requests", status=429)
    if kind == "429 Retry-After":
        return Response("Too Many Requests", status=429, headers={"Retry-After": "1"})
    if kind == "slow":
        time.sleep(1.2)
        return Response("", status=200)
    if kind == "cut off":
        cut = Response(b'{"message": {"DOI": "10.', status=200, content_type="application/json")
        cut.headers["Content-Length"] = "4000"  # and the connection closes after 24 bytes
        cut.direct_passthrough = True
        return cut
    assert kind == "wrong api_url", kind
    return Response("<html><title>404 Not Found</title></html>", status=404, content_type="text/html")


FAULTS = [("arXiv", "login page"), ("arXiv", "down"), ("arXiv", "cut off"),
          ("Semantic Scholar", "garbage"), ("Semantic Scholar", "429"), ("Semantic Scholar", "login page"),
          ("DBLP", "slow"), ("DBLP", "429 Retry-After"), ("DBLP", "wrong api_url"),
          ("Crossref", "cut off"), ("Crossref", "down"), ("Crossref", "login page")]


@pytest.fixture(scope="module")
def healthy(tmp_path_factory: pytest.TempPathFactory, threaded: HTTPServer) -> bytes:
    """academicpages-khot.bib as a sync with every service working writes it."""
    threaded.clear()
    folder, _ = owned(tmp_path_factory.mktemp("healthy"), threaded, "wild/academicpages-khot.bib")
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert sync(folder, monkeypatch=monkeypatch)[0] == 0
    return (folder / "refs.bib").read_bytes()


@pytest.mark.parametrize(("service", "kind"), FAULTS, ids=[f"{s}-{k}" for s, k in FAULTS])
def test_a_service_that_fails_is_one_line_and_the_others_are_written(
    service: str, kind: str, healthy: bytes, tmp_path: Path, server: HTTPServer,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []  # as each request arrives (the server's log has those answered)

    def failing(request: Request) -> Response:
        asked.append(request.path)
        return fault(kind)

    server.expect_request(re.compile("^" + re.escape(PREFIX[service]))).respond_with_handler(failing)
    folder, original = owned(tmp_path, server, "wild/academicpages-khot.bib")
    config = folder / "config.toml"
    config.write_text(config.read_text().replace("retries = 1\n", "retries = 1\ntimeout_seconds = 0.5\n"))
    started = time.monotonic()
    status, _, err = sync(folder, monkeypatch=monkeypatch)
    took = time.monotonic() - started
    assert status == 1 and "Traceback" not in err
    failed = err.split("\nFailed\n")[1].split("\nrefs.bib: ")[0].splitlines()
    assert [line for line in failed if service in line] == failed and len(failed) == 1, failed
    assert failed[0].startswith(f"  {service}: ")
    if (service, kind) == ("arXiv", "login page"):
        assert failed[0] == ("  arXiv: arXiv answered with a web page, not XML (a proxy's or a network's login "
                             "page?) after 1 retry; not asked again in this run")
    if (service, kind) == ("DBLP", "wrong api_url"):  # said once, not for each of 12 entries
        assert failed[0] == ("  DBLP: HTTP 404 from DBLP (12 entries left as they were: khotcs (refs.bib:53), "
                             "natarajan2015boosted (refs.bib:187) and 10 more)")
    if kind not in ("login page", "wrong api_url"):  # failed through its retries: not asked again
        assert len(asked) == 2 and took < 5, (len(asked), took)
        assert failed[0].endswith("; not asked again in this run")
    # what the others found is written, as added lines; the failed entries are left as they were
    written = (folder / "refs.bib").read_bytes()
    removed = [line for line in difflib.diff_bytes(difflib.unified_diff, original.splitlines(), written.splitlines(),
                                                   n=0) if line.startswith(b"-") and not line.startswith(b"---")]
    assert removed == []
    if service != "arXiv":  # arXiv's ids are what the others are asked by
        assert written != original
    # nothing of the failure was kept: once the service is back, the next sync writes the rest
    server.clear()
    owned(tmp_path, server, "wild/academicpages-khot.bib")
    (folder / "refs.bib").write_bytes(written)
    assert sync(folder, monkeypatch=monkeypatch)[0] == 0
    assert (folder / "refs.bib").read_bytes() == healthy


# --- Ctrl-C -----------------------------------------------------------------------------------


def test_ctrl_c_after_the_file_is_written_does_not_say_nothing_was_written(
    tmp_path: Path, server: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    import publist.commands.sync as command

    folder, original = owned(tmp_path, server, "wild/ads-luger.bib")

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt  # the user presses Ctrl-C while the report is printed

    monkeypatch.setattr(command, "_report", interrupted)
    status, _, err = sync(folder, monkeypatch=monkeypatch)
    written = (folder / "refs.bib").read_bytes()
    assert status == 130 and written != original and b"  eprint = {1712.10023},\n" in written
    assert err.strip() == "interrupted after refs.bib was written; nothing else was written"
    # before the write, nothing was written, and it says so
    (folder / "refs.bib").write_bytes(original)
    monkeypatch.setattr("publist.fileio.write_atomic", interrupted)
    status, _, err = sync(folder, monkeypatch=monkeypatch)
    assert (status, err.strip()) == (130, "interrupted; nothing was written")
    assert (folder / "refs.bib").read_bytes() == original

