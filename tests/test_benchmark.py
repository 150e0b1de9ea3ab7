"""The benchmark harness works (on a tiny corpus); the timings themselves are not tested."""

from __future__ import annotations

import re
import subprocess
import sys

from publist.api import loads, render
from publist.config import Config, RenderOptions

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from corpus import corpus


def test_corpus_is_deterministic_and_valid() -> None:
    small, large = corpus(20), corpus(50)
    assert small == corpus(20)
    pubs, problems = loads(large)
    assert len(pubs) == 50 and problems == []


def test_a_large_file_renders_like_its_parts() -> None:
    """No special path for big files: the first 20 of 50 entries render as 20 entries do."""
    config = Config(render=RenderOptions(sort="file"))
    small, _ = render(loads(corpus(20))[0], config, "md")
    large, _ = render(loads(corpus(50))[0], config, "md")
    assert large.startswith(small)


def test_harness_prints_a_table(tmp_path) -> None:  # type: ignore[no-untyped-def]
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--sizes", "20", "--repeat", "1",
         "--no-peers", "--no-sync", "--json", str(tmp_path / "figures.json")],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "| entries | tool | wall (s) | peak MB | entries/s | publist / tool |" in proc.stdout
    assert "| 20 | publist |" in proc.stdout
    assert "- refs.bib:" in proc.stdout
    assert (tmp_path / "figures.json").read_text().startswith("[")


def test_the_sync_benchmark_runs_against_its_stand_ins(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from run import PREPRINTS, bench_sync

    table = bench_sync(tmp_path, real_delays=False, n=PREPRINTS + 20)
    first, second = table[2], table[3]
    assert "arXiv 2, Semantic Scholar 1, DBLP 100, Crossref 100" in first and first.endswith("| ok |")
    assert "arXiv 0, Semantic Scholar 0, DBLP 0, Crossref 0" in second and second.endswith("| ok |")
    assert (tmp_path / "sync" / "refs.bib").read_text().count("@inproceedings{") == PREPRINTS


def test_the_profile_sync_benchmark_runs_against_its_stand_ins(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from run import bench_profile_sync

    table = bench_profile_sync(tmp_path, real_delays=False, n=60)
    with_profile, without = table[2], table[3]
    assert "with a DBLP profile" in with_profile and with_profile.endswith("| ok |")
    assert "without a profile" in without and without.endswith("| ok |")
    counts = [int(n) for n in re.findall(r"(?:arXiv|Scholar|DBLP|Crossref) (\d+)", with_profile)]
    assert sum(counts) <= 15 and f"{sum(counts)} requests" in table[-1] and table[-1].endswith(": met")
