"""publist sync end to end, against a fake arXiv on 127.0.0.1 serving recorded answers."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from conftest import ROOT
from fake_arxiv import entries, handler
from publist import cli
from publist.fileio import locked

ARXIV_LINE = re.compile(r"^\s*(eprint|archiveprefix|primaryclass)\s*=.*\n", re.M)
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
        '[owner]\nnames = ["Zhewei Yao"]\n\n[arxiv]\n'
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
    status, out, err = sync()
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
    assert err == "refs.bib: another publist sync is editing this file; try again when it has finished\n"


def test_unreachable_arxiv_is_one_line_and_the_file_is_untouched(project: Path) -> None:
    (project / "config.toml").write_text(
        '[arxiv]\napi_url = "http://127.0.0.1:9/api/query"\ndelay_seconds = 0\nretries = 1\ncache_dir = "cache"\n'
    )
    stripped = strip_arxiv((ROOT / "refs.bib").read_text())
    (project / "refs.bib").write_text(stripped)
    status, _, err = sync()
    assert status == 1
    assert (project / "refs.bib").read_text() == stripped
    assert "title search: cannot reach 127.0.0.1:9 (connection refused) after 1 retry" in err
    assert "Traceback" not in err
