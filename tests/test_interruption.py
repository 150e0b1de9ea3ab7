"""Concurrency and interruption: a killed sync leaves the old file or the new one, never a mix."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from pytest_httpserver import HTTPServer

from publist.sources.atom import ArxivEntry
from publist.sources.cache import Cache

N = 4000


def _big_bib() -> str:
    return "".join(
        f"@article{{paper{i},\n  title   = {{Paper number {i} on a long topic}},\n"
        f"  author  = {{Doe, Jane and Roe, Richard}},\n  journal = {{Journal {i % 17}}},\n"
        f"  year    = {{2020}},\n  eprint  = {{2001.{i:05d}}},\n  archiveprefix = {{arXiv}},\n}}\n\n"
        for i in range(N)
    )


def _project(tmp: Path, api_url: str) -> None:
    (tmp / "config.toml").write_text(
        f'[venues]\nsources = []\n[arxiv]\napi_url = "{api_url}"\ndelay_seconds = 0\ncache_dir = "cache"\n'
    )
    cache = Cache(tmp / "cache" / "arxiv", 24 * 3600)
    for i in range(N):
        cache.put("id", f"2001.{i:05d}", [ArxivEntry(f"2001.{i:05d}", 1, "T", ("Jane Doe",), "cs.LG").to_json()])


def _sync(cwd: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "publist", "sync"], cwd=cwd,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_killed_at_any_moment_the_file_is_old_or_new(tmp_path: Path, httpserver: HTTPServer) -> None:
    _project(tmp_path, httpserver.url_for("/api/query"))
    bib = tmp_path / "refs.bib"
    old = _big_bib().encode()
    bib.write_bytes(old)
    start = time.monotonic()
    assert _sync(tmp_path).wait(timeout=120) == 0  # every answer is cached: no request
    full = time.monotonic() - start
    new = bib.read_bytes()
    assert new != old and new.count(b"primaryclass") == N
    assert httpserver.log == []
    outcomes = set()
    rng = random.Random(7)
    for _ in range(12):
        bib.write_bytes(old)
        proc = _sync(tmp_path)
        time.sleep(rng.uniform(0.3, 1.0) * full)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        now = bib.read_bytes()
        assert now in (old, new), "the file is neither the old one nor the new one"
        outcomes.add("new" if now == new else "old")
    # a later run does not trip on what a killed one left behind, and tidies it
    bib.write_bytes(old)
    assert _sync(tmp_path).wait(timeout=120) == 0
    assert bib.read_bytes() == new
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".publist-tmp")] == []
    assert outcomes  # at least one kill landed; which ones depends on timing


def test_a_second_sync_process_is_refused_while_one_runs(tmp_path: Path, httpserver: HTTPServer) -> None:
    started: list[int] = []

    def slow(request):  # type: ignore[no-untyped-def]
        from werkzeug import Response

        started.append(1)
        time.sleep(2)
        return Response("<feed xmlns='http://www.w3.org/2005/Atom'/>", content_type="application/atom+xml")

    httpserver.expect_request("/api/query").respond_with_handler(slow)
    (tmp_path / "config.toml").write_text(
        f'[venues]\nsources = []\n[arxiv]\napi_url = "{httpserver.url_for("/api/query")}"\n'
        'delay_seconds = 0\ncache_dir = "cache"\n')
    (tmp_path / "refs.bib").write_text("@misc{a,\n  title = {A paper},\n  author = {Doe, Jane},\n}\n")
    first = _sync(tmp_path)
    deadline = time.monotonic() + 20
    while not started and time.monotonic() < deadline:
        time.sleep(0.05)
    second = subprocess.run([sys.executable, "-m", "publist", "sync"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60, check=False)
    assert second.returncode == 1
    assert second.stderr == ("refs.bib: another publist command is editing this file; "
                             "try again when it has finished\n")
    assert first.wait(timeout=60) == 0
