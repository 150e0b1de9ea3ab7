"""publist sync end to end, against a fake arXiv on 127.0.0.1 serving recorded answers."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from publist import cli
from publist.fileio import locked

from conftest import ROOT
from fake_arxiv import entries, handler

ARXIV_LINE = re.compile(r"^\s*(eprint|archiveprefix|primaryclass)\s*=.*\n", re.MULTILINE)
NEAR_MISSES = ("mu2018parameter", "hu2017adaptive", "yao2016tv")


def strip_arxiv(text: str, keys: tuple[str, ...] | None = None) -> str:
    """refs.bib without the lines that sync writes, in every entry or in ``keys`` only."""
    def strip(m: re.Match[str]) -> str:
        entry = m.group(0)
        key = re.match(r"@\w+\{([^,]+),", entry)
        if keys is None or (key and key.group(1) in keys):
            return ARXIV_LINE.sub("", entry)
        return entry

    return re.sub(r"@\w+\{[^@]*?\n\}\n", strip, text)


@pytest.fixture
def arxiv(httpserver: HTTPServer) -> HTTPServer:
    httpserver.expect_request("/api/query").respond_with_handler(handler(entries("seed_papers.xml")))
    return httpserver


@pytest.fixture
def project(tmp_path: Path, arxiv: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "refs.bib").write_bytes((ROOT / "refs.bib").read_bytes())
    (tmp_path / "config.toml").write_text(
        '[owner]\nnames = ["Zhewei Yao"]\n\n[venues]\nsources = []\n\n[arxiv]\n'
        f'api_url = "{arxiv.url_for("/api/query")}"\n'
        'delay_seconds = 0\ncache_dir = "cache"\n'
    )
    return tmp_path


def sync(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = cli.run(["sync", *argv], out, err)
    return status, out.getvalue(), err.getvalue()


def requests_to(server: HTTPServer) -> list[dict[str, str]]:
    return [dict(request.args) for request, _ in server.log]


def test_stripped_arxiv_fields_come_back_and_nothing_else_changes(project: Path, arxiv: HTTPServer) -> None:
    original = (ROOT / "refs.bib").read_text(encoding="utf-8")
    (project / "refs.bib").write_text(strip_arxiv(original), encoding="utf-8")
    status, _out, err = sync()
    assert status == 0, err
    # the three papers whose CV title differs from arXiv's are refused, never written
    assert (project / "refs.bib").read_text(encoding="utf-8") == strip_arxiv(original, NEAR_MISSES)
    for key in NEAR_MISSES:
        assert f"entry '{key}': not written: arXiv" in err
    assert "15 entries updated (2 request(s) to arXiv)" in err
    queries = requests_to(arxiv)
    assert [q["search_query"].count("(au:") for q in queries] == [10, 8]  # 10 titles a request


def test_nothing_to_add_leaves_the_file_byte_identical(project: Path, arxiv: HTTPServer) -> None:
    before = (project / "refs.bib").stat()
    status, _, err = sync()
    assert status == 0
    assert (project / "refs.bib").read_bytes() == (ROOT / "refs.bib").read_bytes()
    assert (project / "refs.bib").stat().st_mtime_ns == before.st_mtime_ns
    assert "nothing to add; the file is unchanged (1 request(s) to arXiv)" in err
    (query,) = requests_to(arxiv)
    assert len(query["id_list"].split(",")) == 18 and query["max_results"] == "18"


def test_a_second_sync_sends_no_request_and_refresh_asks_again(project: Path, arxiv: HTTPServer) -> None:
    (project / "refs.bib").write_text(strip_arxiv((ROOT / "refs.bib").read_text()))
    assert sync()[0] == 0
    first = len(arxiv.log)
    status, _, err = sync()
    assert status == 0 and len(arxiv.log) == first
    assert "(0 request(s) to arXiv)" in err
    # 15 ids in one request, the 3 refused titles in another
    assert sync("--refresh")[0] == 0 and len(arxiv.log) == first + 2


def test_dry_run_prints_a_diff_and_writes_nothing(project: Path) -> None:
    stripped = strip_arxiv((ROOT / "refs.bib").read_text())
    (project / "refs.bib").write_text(stripped)
    status, out, err = sync("--dry-run")
    assert status == 0
    assert (project / "refs.bib").read_text() == stripped
    assert out.startswith("--- a/refs.bib\n+++ b/refs.bib\n@@")
    added = [line for line in out.splitlines() if line.startswith("+") and not line.startswith("+++")]
    removed = [line for line in out.splitlines() if line.startswith("-") and not line.startswith("---")]
    assert removed == [] and len(added) == 15 * 2 + 6  # eprint + archiveprefix, 6 primaryclass
    assert "would be updated" in err


def test_a_second_sync_on_the_same_file_is_refused(project: Path) -> None:
    with locked(project / "refs.bib"):
        status, _, err = sync()
    assert status == 1
    assert err == "refs.bib: another publist command is editing this file; try again when it has finished\n"


def test_unreachable_arxiv_is_one_line_and_the_file_is_untouched(project: Path) -> None:
    (project / "config.toml").write_text(
        '[venues]\nsources = []\n[arxiv]\napi_url = "http://127.0.0.1:9/api/query"\ndelay_seconds = 0\n'
        'retries = 1\ncache_dir = "cache"\n'
    )
    stripped = strip_arxiv((ROOT / "refs.bib").read_text())
    (project / "refs.bib").write_text(stripped)
    status, _, err = sync()
    assert status == 1
    assert (project / "refs.bib").read_text() == stripped
    # one line for arXiv, not one per entry, and no retry of a refused connection
    assert "\nFailed\n  arXiv: cannot reach 127.0.0.1:9 (connection refused); not asked again in this run\n" in err
    assert "entry '" not in err and "retr" not in err and "(1 request(s) to arXiv)" in err
    assert "Traceback" not in err


def test_doi_and_venue_from_arxiv_and_a_disagreement_named_with_its_line(
    project: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "250")
    httpserver.clear()
    pool = entries("legacy2016_id_list_1111.2011v2.xml", "api2026_id_astro-ph_0601001.xml")
    httpserver.expect_request("/api/query").respond_with_handler(handler(pool))
    bib = (
        "\ufeff@article{murray2012,\r\n  title = {Quantum Criticality},\r\n  eprint = {1111.2011},\r\n}\r\n\r\n"
        "@article{old,\r\n  title = {X},\r\n  journal = {Acta Astronomica},\r\n"
        "  doi = {10.1000/mine},\r\n  eprint = {astro-ph/0601001},\r\n  archiveprefix = {arXiv},\r\n}\r\n\r\n"
        "@misc{preprint,\r\n  title = {Quantum Criticality},\r\n  eprint = {1111.2011},\r\n"
        "  archiveprefix = {arXiv},\r\n  primaryclass = {cond-mat.str-el},\r\n}\r\n\r\n"
        "@article{mine,\r\n  title = {Q},\r\n  journal = {PRB},\r\n  doi = {10.1000/mine},\r\n"
        "  eprint = {1111.2011},\r\n  archiveprefix = {arXiv},\r\n  primaryclass = {cond-mat.str-el},\r\n}\r\n"
    )
    (project / "refs.bib").write_bytes(bib.encode("utf-8"))
    status, _, err = sync()
    assert status == 0
    new = (project / "refs.bib").read_bytes()
    assert new.startswith(b"\xef\xbb\xbf@article{murray2012,\r\n") and b"\n" not in new.replace(b"\r\n", b"")
    assert new.decode("utf-8-sig") == bib[1:].replace(
        "  eprint = {1111.2011},\r\n}",
        "  eprint = {1111.2011},\r\n  archiveprefix = {arXiv},\r\n  primaryclass = {cond-mat.str-el},\r\n"
        "  doi = {10.1103/PhysRevB.85.115117},\r\n"
        "  journal = {Phys. Rev. B 85, 115117 (2012)},\r\n}", 1,
    ).replace(
        "  archiveprefix = {arXiv},\r\n}\r\n", "  archiveprefix = {arXiv},\r\n  primaryclass = {astro-ph},\r\n}\r\n", 1
    )
    # the preprint is not touched: arXiv's DOI and journal reference are suggested
    assert "preprint (refs.bib:14)" in err and "Suggested" in err
    assert ("refs.bib:21: entry 'mine': arXiv gives DOI 10.1103/PhysRevB.85.115117, the entry has "
            "10.1000/mine; kept") in err


def test_failed_look_ups_leave_their_entries_and_the_rest_is_written(
    project: Path, httpserver: HTTPServer
) -> None:
    httpserver.clear()
    pool = entries("seed_papers.xml")

    def flaky(request):
        if "id_list" in request.args:
            return handler(pool)(request)
        return Response("<feed", status=200, content_type="application/atom+xml")  # malformed

    from werkzeug import Response

    httpserver.expect_request("/api/query").respond_with_handler(flaky)
    original = (ROOT / "refs.bib").read_text()
    text = strip_arxiv(original, ("yao2019pyhessian",)).replace("  primaryclass  = {cs.CV},\n", "")
    (project / "config.toml").write_text((project / "config.toml").read_text() + "retries = 1\n")
    (project / "refs.bib").write_text(text)
    status, _, err = sync()
    assert status == 1
    assert "\nFailed\n  arXiv: arXiv answered with malformed XML" in err
    assert (project / "refs.bib").read_text() == strip_arxiv(original, ("yao2019pyhessian",))


def test_ctrl_c_leaves_the_file_as_it_was(project: Path, httpserver: HTTPServer) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    httpserver.clear()
    started = []

    finished = []

    def slow(request):
        started.append(1)
        time.sleep(3)
        finished.append(1)
        return handler(entries("seed_papers.xml"))(request)

    httpserver.expect_request("/api/query").respond_with_handler(slow)
    stripped = strip_arxiv((ROOT / "refs.bib").read_text())
    (project / "refs.bib").write_text(stripped)
    # A test run started in the background ignores SIGINT, and a child would inherit that; a
    # handler (unlike an ignored signal) is reset at exec, so the child gets Ctrl-C as a user does.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        proc = subprocess.Popen([sys.executable, "-m", "publist", "sync"], cwd=project,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    finally:
        signal.signal(signal.SIGINT, previous)
    deadline = time.monotonic() + 10
    while not started and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=20)
    assert proc.returncode == 130
    assert err.strip().splitlines()[-1] == "interrupted; nothing was written"
    assert "Traceback" not in err
    assert (project / "refs.bib").read_text() == stripped
    assert [p.name for p in project.iterdir() if "publist-tmp" in p.name] == []
    # the server is shared by the tests: let it finish answering before the next test starts
    deadline = time.monotonic() + 10
    while len(finished) < len(started) and time.monotonic() < deadline:
        time.sleep(0.05)
