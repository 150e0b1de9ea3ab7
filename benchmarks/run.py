"""Time publist against its peers on the same files, and check the budgets.

    python benchmarks/run.py                      # both corpora, 100 to 50,000 entries, + sync
    python benchmarks/run.py --sizes 100 --repeat 1 --no-sync --no-department   # quick
    python benchmarks/run.py --only-style         # --style apa against the built-in layout

Two corpora: this repository's own (``benchmarks/corpus.py``, about 680 bytes an entry) and
the department files of the shared benchmark (about 1 KB an entry: abstracts, keywords, long
notes), read from ``--department DIR`` (``corpus-{100,1000,10000,50000}.bib``) or built there
by ``benchmarks/make_corpus.py`` (it needs Debian's texlive-bibtex-extra).

Every command runs in a fresh process; the table gives the median wall time of --repeat runs
(at least 5 for publist up to 10,000 entries, 21 for the repository's refs.bib),
the peak memory (maximum resident set size) of the slowest tool run, entries per second, and
publist's time as a fraction of each peer's (0.10 = ten times faster). Peers: pybtex's
``plain`` style to Markdown (always; it is a test dependency), bibtex2html and pandoc's
citeproc when they are installed (Debian: ``apt-get install bibtex2html pandoc``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import parse_qs, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import corpus


@dataclass
class Budgets:
    """What a corpus's figures must meet; ``None`` where an issue sets no such budget."""

    seconds: dict[int | str, float]
    """Wall time by size (``refs.bib`` or entries)."""
    memory_mb: float
    """Peak memory at 10,000 entries."""
    linear: float
    """50,000 entries: at most this many times the 10,000-entry time."""
    peer_ratio: float | None = None
    """10,000 entries: at most this many times bibtex2html's time."""
    format_spread: float | None = None
    """HTML and LaTeX: within this fraction of Markdown's time."""


BUDGETS = Budgets({"refs.bib": 0.120, 100: 0.150, 10_000: 1.5}, 250, 5.5)
"""What issue 5 asks for on the repository's corpus (medians on a 2-core machine)."""
DEPARTMENT_BUDGETS = Budgets({"refs.bib": 0.060, 100: 0.080}, 100, 5.2, peer_ratio=1.3,
                             format_spread=0.10)
"""What issue 9 asks for on the department files."""
STYLE_BUDGET = 3.0
"""Issue 16: ``--style apa`` within this many times the built-in layout, 1,000 entries, the owner
on each."""
PEER_LIMITS = {"pandoc": 10_000}  # pandoc takes over 10 minutes and 5 GB at 50,000 entries
PYBTEX = (
    "import sys, io, contextlib, pybtex, pybtex.errors\n"
    "pybtex.errors.set_strict_mode(False)\n"
    "with contextlib.redirect_stderr(io.StringIO()):\n"
    "    out = pybtex.format_from_file(sys.argv[1], 'plain', citations=['*'],"
    " output_backend='markdown')\n"
    "sys.stdout.write(str(out))\n"
)


@dataclass
class Run:
    tool: str
    size: int | str
    seconds: float
    peak_mb: float
    ok: bool


# Runs a command and reports its wall time and peak memory from a tiny process of its own, so
# that the figures are the command's: on Linux a forked child starts out with its parent's
# resident size, which would inflate the peak of anything started from this (large) process.
_WRAPPER = (
    "import os, sys, time\n"
    "start = time.perf_counter()\n"
    "pid = os.fork()\n"
    "if pid == 0:\n"
    "    sink = os.open(os.devnull, os.O_WRONLY)\n"
    "    os.dup2(sink, 1); os.dup2(sink, 2)\n"
    "    os.execvp(sys.argv[1], sys.argv[1:])\n"
    "_, status, usage = os.wait4(pid, 0)\n"
    "print(time.perf_counter() - start, usage.ru_maxrss, os.waitstatus_to_exitcode(status))\n"
)


# As an installed package runs: with its bytecode (pip compiles it; a shell may forbid writing it).
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def measure(cmd: list[str], repeat: int, cwd: Path, warm_up: bool = True) -> tuple[float, float, bool]:
    """Median wall time, peak RSS (MB) and success of ``cmd`` run ``repeat`` times, after one
    run that is not counted (it writes the bytecode caches) unless ``warm_up`` is off, for a
    command whose first run is what is measured (a sync fills its cache)."""
    if warm_up:
        subprocess.run(cmd, cwd=cwd, capture_output=True, env=_ENV, check=False)
    times, peaks, ok = [], [], True
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", _WRAPPER, *cmd], cwd=cwd, capture_output=True,
                             text=True, check=True, env=_ENV).stdout.split()
        times.append(float(out[0]))
        peaks.append(int(out[1]) / 1024)
        ok = ok and out[2] == "0"
    return statistics.median(times), max(peaks), ok


def publist(bib: Path, work: Path, fmt: str = "md") -> list[str]:
    return [sys.executable, "-m", "publist", "render", "--format", fmt, "--bib", str(bib),
            "--config", str(work / "empty.toml")]


def tools(bib: Path, work: Path) -> dict[str, list[str]]:
    commands = {
        "publist": publist(bib, work),
        "pybtex": [sys.executable, "-c", PYBTEX, str(bib)],
    }
    if shutil.which("bibtex2html"):
        commands["bibtex2html"] = ["bibtex2html", "-nodoc", "-nokeys", "-noheader", "-nofooter",
                                   "-o", str(work / "b2h"), str(bib)]
    if shutil.which("pandoc"):
        commands["pandoc"] = ["pandoc", "--citeproc", "-t", "gfm", "--bibliography", str(bib),
                              str(work / "nocite.md"), "-o", os.devnull]
    return commands


def versions() -> str:
    import pybtex

    parts = [f"Python {platform.python_version()}", f"pybtex {pybtex.__version__}"]
    for tool, flag in (("bibtex2html", "-version"), ("pandoc", "--version")):
        if shutil.which(tool):
            out = subprocess.run([tool, flag], capture_output=True, text=True, check=False)
            first = (out.stdout or out.stderr).splitlines()[0]
            parts.append(first.replace("This is ", "").split(", compiled")[0])
    return ", ".join(parts)


def render_table(runs: list[Run]) -> str:
    lines = ["| entries | tool | wall (s) | peak MB | entries/s | publist / tool |",
             "|---:|---|---:|---:|---:|---:|"]
    by_size: dict[int | str, dict[str, Run]] = {}
    for run in runs:
        by_size.setdefault(run.size, {})[run.tool] = run
    for size, group in by_size.items():
        mine = group.get("publist")
        for tool, run in group.items():
            n = size if isinstance(size, int) else 18
            rate = f"{n / run.seconds:,.0f}" if run.ok else "failed"
            ratio = f"{mine.seconds / run.seconds:.2f}" if mine and run.ok and tool != "publist" else ""
            label = f"{size:,}" if isinstance(size, int) else size
            lines.append(f"| {label} | {tool} | {run.seconds:.3f} | {run.peak_mb:.0f} | {rate} | {ratio} |")
    return "\n".join(lines)


# --- sync: a local server that answers like arXiv, Semantic Scholar, DBLP and Crossref -----


PREPRINTS = 100
"""Entries of the sync benchmark that are preprints published at a conference."""


class _FakeSources(BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []
    times: ClassVar[list[tuple[str, float]]] = []
    """When each request came, by the service it was for: ``("dblp", monotonic time)``."""

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        type(self).requests.append(path.split("/")[1])
        type(self).times.append((path.split("/")[1], time.monotonic()))
        if path == "/api/query":
            self._send(self._atom(), "application/atom+xml")
        elif path.startswith("/dblp/rec/"):
            key = path[len("/dblp/rec/") : -len(".xml")]
            self._send(f'<dblp><inproceedings key="{key}"><author>Jane Doe</author>'
                       f"<title>Paper {key[-5:]}.</title><pages>1-10</pages><year>2020</year>"
                       "<booktitle>NeurIPS</booktitle></inproceedings></dblp>", "application/xml")
        elif path.startswith("/crossref/works/"):
            doi = path[len("/crossref/works/") :]
            self._send(json.dumps({"status": "ok", "message": {
                "DOI": doi, "type": "proceedings-article", "page": "1-10", "issued": {"date-parts": [[2020]]},
                "container-title": ["Advances in Neural Information Processing Systems 33"]}}),
                "application/json")
        else:
            self.send_error(404)

    def do_POST(self) -> None:  # Semantic Scholar's paper batch
        type(self).requests.append("s2")
        type(self).times.append(("s2", time.monotonic()))
        ids = json.loads(self.rfile.read(int(self.headers["Content-Length"])))["ids"]
        papers = []
        for i in ids:
            n = int(i.rsplit(".", 1)[1])
            venue = n < PREPRINTS  # the preprints were published at NeurIPS
            papers.append({
                "externalIds": {"ArXiv": i[6:], **({"DBLP": f"conf/nips/Doe20-{n:05d}",
                                                     "DOI": f"10.5555/neurips.{n}"} if venue else {})},
                "title": f"Paper {n}", "year": 2019, "authors": [{"name": "Jane Doe"}],
                "venue": "NeurIPS" if venue else "arXiv.org",
                "publicationVenue": {"name": "Neural Information Processing Systems", "type": "conference",
                                     "alternate_names": ["NeurIPS"]} if venue else None,
                "journal": {"pages": "1-10"} if venue else {"name": "ArXiv"},
                "publicationTypes": ["Conference"]})
        self._send(json.dumps(papers), "application/json")

    def _atom(self) -> str:
        query = parse_qs(urlsplit(self.path).query)
        ids = [i for i in query.get("id_list", [""])[0].split(",") if i]
        entries = "".join(
            f"<entry><id>http://arxiv.org/abs/{i}v1</id><title>Paper {int(i.rsplit('.', 1)[1])}</title>"
            f"<published>2020-01-01T00:00:00Z</published>"
            f'<arxiv:primary_category term="cs.LG"/><author><name>Jane Doe</name></author></entry>'
            for i in ids
        )
        return ("<?xml version='1.0' encoding='UTF-8'?><feed xmlns='http://www.w3.org/2005/Atom' "
                "xmlns:arxiv='http://arxiv.org/schemas/atom' "
                "xmlns:opensearch='http://a9.com/-/spec/opensearch/1.1/'>"
                f"<opensearch:totalResults>{len(ids)}</opensearch:totalResults>{entries}</feed>")

    def _send(self, body: str, kind: str) -> None:
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        return


DELAYS = {"arxiv": 3.0, "semanticscholar": 1.0, "dblp": 2.0, "crossref": 1.0}
"""Each service's pause between requests, as it asks (arXiv's terms, DBLP's and the others' etiquette)."""
SERVICES = (("arXiv", "arxiv"), ("Semantic Scholar", "semanticscholar"), ("DBLP", "dblp"), ("Crossref", "crossref"))


def _tables(urls: dict[str, str], delays: dict[str, float]) -> str:
    """config.toml's tables of the services at these addresses, paced as ``delays`` say."""
    return "".join(f'[{key}]\napi_url = "{urls[key]}"\ndelay_seconds = {delays.get(key, 0)}\n'
                   for key in urls)


def _alone(counts: dict[str, int], delays: dict[str, float]) -> tuple[str, float]:
    """The slowest service, and how long its requests take alone at its pace."""
    name, key = max(SERVICES, key=lambda s: max(counts.get(s[0], 0) - 1, 0) * delays.get(s[1], 0))
    return name, max(counts.get(name, 0) - 1, 0) * delays.get(key, 0)


def _row(label: str, counts: dict[str, int], seconds: float, peak: float, ok: bool) -> str:
    asked = ", ".join(f"{k} {v}" for k, v in counts.items())
    return f"| {label} | {asked} | {seconds:.1f} s | {peak:.0f} MB | {'ok' if ok else 'failed'} |"


def bench_sync(work: Path, real_delays: bool = True, n: int = 1000) -> list[str]:
    """A sync of ``n`` entries with arXiv ids, ``PREPRINTS`` of them preprints published at a
    conference, against local stand-ins paced as the real services ask (or not at all)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeSources)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    folder = work / "sync"
    folder.mkdir()
    (folder / "refs.bib").write_text("".join(
        f"@misc{{p{i},\n  title = {{Paper {i}}},\n  author = {{Doe, Jane}},\n  year = 2019,\n"
        f"  eprint = {{2001.{i:05d}}},\n}}\n\n" if i < PREPRINTS else
        f"@article{{p{i},\n  title = {{Paper {i}}},\n  author = {{Doe, Jane}},\n"
        f"  journal = {{J}},\n  year = 2020,\n  eprint = {{2001.{i:05d}}},\n}}\n\n"
        for i in range(n)
    ))
    delay = DELAYS if real_delays else {}
    urls = {"arxiv": f"{base}/api/query", "semanticscholar": f"{base}/s2/graph/v1", "dblp": f"{base}/dblp",
            "crossref": f"{base}/crossref"}
    (folder / "config.toml").write_text('cache_dir = "cache"\n' + _tables(urls, delay))
    out, verdict = [], []
    for label in ("first run", "second run (cache)"):
        _FakeSources.requests.clear()
        _FakeSources.times.clear()
        seconds, peak, ok = measure([sys.executable, "-m", "publist", "sync", "--upgrade"], 1, folder,
                                    warm_up=False)
        asked = {name: _FakeSources.requests.count(key) for name, key in
                 (("arXiv", "api"), ("Semantic Scholar", "s2"), ("DBLP", "dblp"), ("Crossref", "crossref"))}
        out.append(_row(f"sync --upgrade, {n:,} entries ({PREPRINTS} preprints published), {label}",
                        asked, seconds, peak, ok))
        if label == "first run" and real_delays:
            name, alone = _alone(asked, delay)
            over = seconds / alone - 1 if alone else 0.0
            verdict.append(f"- sync of {n:,} entries, first run: {seconds:.1f} s; the slowest service alone "
                           f"({name}, {asked[name]} requests at its pace) {alone:.1f} s: {over:+.1%} "
                           f"(budget within 10%): {'met' if over <= 0.10 else 'MISSED'}")
    server.shutdown()
    return ["| run | requests | wall | peak | status |", "|---|---|---:|---:|---|", *out, "", *verdict]


def bench_profile_sync(work: Path, real_delays: bool = True, n: int = 200) -> list[str]:
    """The first sync of a researcher's Google Scholar export (the first ``n`` entries of a real
    one, tests/data/psync/) against stand-ins that know the same papers (tests/fake_owner.py),
    with the researcher's DBLP profile configured and without; budget: at most 15 requests and
    30 s with the profile."""
    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root / "tests"))
    import fake_owner
    import fake_profiles
    from pytest_httpserver import HTTPServer

    import fake_arxiv
    import fake_venues

    text = fake_owner.scholar_export("scholar-alr.bib", entries=n)
    papers = fake_owner.world(text)
    server = HTTPServer(threaded=True)
    server.start()
    page = fake_profiles.dblp({fake_owner.PID: fake_owner.dblp_person(papers)})
    records = fake_venues.dblp(fake_owner.dblp_records(papers))
    server.expect_request("/api/query").respond_with_handler(fake_arxiv.handler(fake_owner.arxiv_pool(papers)))
    fake_venues.serve(server, s2=fake_venues.semanticscholar(fake_owner.semanticscholar_papers(papers)),
                      dblp_=lambda r: (page if r.path.startswith("/dblp/pid/") else records)(r),
                      crossref_=fake_venues.crossref(fake_owner.crossref_works(papers)))
    base = server.url_for("")
    urls = {"arxiv": f"{base}api/query", "semanticscholar": f"{base}s2/graph/v1", "dblp": f"{base}dblp",
            "crossref": f"{base}crossref"}
    delay = DELAYS if real_delays else {}
    out, verdict = [], []
    for label, profile in (("with a DBLP profile", True), ("without a profile", False)):
        folder = work / f"scholar-{'profile' if profile else 'none'}"
        folder.mkdir()
        (folder / "refs.bib").write_text(text, encoding="utf-8")
        owner = '[owner]\nnames = ["Gerhard Neumann"]\n' + (f'dblp = "{fake_owner.PID}"\n' if profile else "")
        (folder / "config.toml").write_text('cache_dir = "cache"\n' + owner + _tables(urls, delay))
        server.clear_log()
        seconds, peak, ok = measure([sys.executable, "-m", "publist", "sync"], 1, folder, warm_up=False)
        asked = {name: len([r for r, _ in server.log if r.path.startswith(prefix)]) for name, prefix in
                 (("arXiv", "/api/"), ("Semantic Scholar", "/s2/"), ("DBLP", "/dblp/"), ("Crossref", "/crossref/"))}
        out.append(_row(f"sync, a {n}-entry Google Scholar export, {label}, first run", asked, seconds, peak, ok))
        if profile:
            total = sum(asked.values())
            verdict.append(f"- {n}-entry Google Scholar export with a DBLP profile: {total} requests, "
                           f"{seconds:.1f} s (budget 15 requests, 30 s): "
                           f"{'met' if total <= 15 and seconds <= 30 else 'MISSED'}")
    server.stop()
    return ["| run | requests | wall | peak | status |", "|---|---|---:|---:|---|", *out, "", *verdict]


def owned_corpus(root: Path, n: int) -> str:
    """``n`` entries with the owner on each: this repository's refs.bib (its @strings once,
    then its entries again and again, each with a key and a title of its own)."""
    text = (root / "refs.bib").read_text(encoding="utf-8")
    blocks = re.split(r"\n(?=@)", text)
    head = [b for b in blocks if re.match(r"@(?:string|preamble|comment)\b", b, re.IGNORECASE)]
    entries = [b for b in blocks if b.startswith("@") and b not in head]
    out = head[:]
    for i in range(n):
        entry = re.sub(r"^(@\w+\s*[{(]\s*)[^,]*,", rf"\g<1>own{i},", entries[i % len(entries)], count=1)
        if i >= len(entries):
            entry = re.sub(r"(\btitle\s*=\s*[{\"])", rf"\g<1>Part {i // len(entries)}: ", entry, count=1)
        out.append(entry.rstrip() + "\n")
    return "\n".join(out)


def bench_style(work: Path, root: Path, repeat: int, n: int = 1000, style: str = "apa",
                department: Path | None = None) -> list[str]:
    """``--style`` against the built-in layout on ``n`` entries with the owner on each (every
    name a style writes is matched against the highlighted people), with the budget's verdict:
    this repository's papers again and again (their macros' texts kept after the first round,
    :mod:`publist.formats.cslmemo`), and, given the department file of ``n`` entries, ``n``
    different papers with the owner added to each author list (where little is kept)."""
    config = work / "owner.toml"
    config.write_text('[owner]\nnames = ["Zhewei Yao"]\n')
    corpora = {"this repository's papers repeated": owned_corpus(root, n)}
    if department is not None:
        corpora["different papers (department file)"] = with_owner(department.read_text(encoding="utf-8"))
    rows, ratios, ok = [], [], True
    for number, (label, text) in enumerate(corpora.items()):
        bib = work / f"owned-{n}-{number}.bib"
        bib.write_text(text, encoding="utf-8")
        base = [sys.executable, "-m", "publist", "render", "--bib", str(bib), "--config", str(config)]
        layout, layout_peak, ok1 = measure(base, repeat, work)
        styled, styled_peak, ok2 = measure([*base, "--style", style], repeat, work)
        ok = ok and ok1 and ok2
        ratios.append((label, styled / layout))
        rows += [f"| {n:,} entries, {label}, built-in layout | {layout:.3f} | {layout_peak:.0f} |",
                 f"| {n:,} entries, {label}, --style {style} | {styled:.3f} | {styled_peak:.0f} |"]
    worst = max(ratio for _, ratio in ratios)
    verdict = ("met" if worst <= STYLE_BUDGET and ok else "MISSED") if n == 1000 else (
        "the budget is at 1,000 entries")
    return ["| run | wall (s) | peak MB |", "|---|---:|---:|", *rows, "",
            *(f"- --style {style}, {n:,} entries, {label}: {ratio:.2f} x the built-in layout"
              for label, ratio in ratios),
            f"- budget {STYLE_BUDGET} x on each: {verdict}"]


def with_owner(text: str) -> str:
    """A .bib text with the owner added first to every author list."""
    return re.sub(r"(^[ \t]*author[ \t]*=[ \t]*[{\"])", r"\g<1>Yao, Zhewei and ", text,
                  flags=re.MULTILINE | re.IGNORECASE)


def _profiles(n: int) -> dict[str, object]:
    """The stand-ins' handlers for one owner's ``n`` papers, listed by the four profiles in
    their documented shapes: the same papers (by DOI) everywhere, every second one also with
    an arXiv preprint that DBLP lists as its CoRR copy."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    import fake_profiles as fake

    titles = [f"Cracked Pots, Part {i}" for i in range(n)]
    records = []
    for i, t in enumerate(titles):
        records.append(f'<article key="journals/jpc/C{i}"><author pid="12/3456">Josiah Carberry</author>'
                       f"<title>{t}.</title><journal>J. Psychoceramics</journal><year>2020</year>"
                       f"<ee>https://doi.org/10.5555/jpc.{i}</ee></article>")
        if i % 2:
            records.append(f'<article key="journals/corr/abs-2001-{i:05d}" publtype="informal"><author>Josiah '
                           f"Carberry</author><title>{t}.</title><journal>CoRR</journal>"
                           f"<volume>abs/2001.{i:05d}</volume><year>2020</year></article>")
    doi = [{"external-id-type": "doi", "external-id-value": f"10.5555/jpc.{i}",
            "external-id-relationship": "self"} for i in range(n)]
    summaries = [{"external-ids": {"external-id": [doi[i]]}, "work-summary": [
        {"put-code": 10000 + i, "title": {"title": {"value": t}}, "type": "journal-article",
         "journal-title": {"value": "J. Psychoceramics"}, "external-ids": {"external-id": [doi[i]]}}]}
        for i, t in enumerate(titles)]
    details = [{"put-code": 10000 + i, "contributors": {"contributor": [{"credit-name": {"value": "Josiah Carberry"}}]}}
               for i in range(n)]
    s2 = [{"paperId": f"{i:040x}", "title": t, "year": 2020, "authors": [{"name": "Josiah Carberry"}],
           "externalIds": {"DOI": f"10.5555/jpc.{i}", **({"ArXiv": f"2001.{i:05d}"} if i % 2 else {})}}
          for i, t in enumerate(titles)]
    oa = [{"id": f"https://openalex.org/W{i}", "display_name": t, "doi": f"https://doi.org/10.5555/jpc.{i}",
           "publication_year": 2020, "authorships": [{"raw_author_name": "Josiah Carberry"}]}
          for i, t in enumerate(titles)]
    return {"dblp_": fake.dblp({"12/3456": fake.dblp_person("12/3456", records)}),
            "orcid_": fake.orcid({"0000-0002-1825-0097": fake.OrcidRecord({"group": summaries}, details)}),
            "s2": fake.semanticscholar({"1234567": s2}), "openalex_": fake.openalex({"A5000000001": oa})}


def bench_discover(work: Path, n: int = 500) -> list[str]:
    """``publist discover`` on an ``n``-paper profile on each of the four services (stand-ins
    on 127.0.0.1, no pacing), the .bib holding every second paper: the cache empty, then full."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    import fake_profiles as fake
    from pytest_httpserver import HTTPServer

    server = HTTPServer()
    server.start()
    folder = work / "discover"
    folder.mkdir()
    try:
        tables = fake.serve(server, **_profiles(n))  # type: ignore[arg-type]
        (folder / "config.toml").write_text(
            'cache_dir = "cache"\n[owner]\nnames = ["Josiah Carberry"]\ndblp = "12/3456"\n'
            'orcid = "0000-0002-1825-0097"\nsemanticscholar = "1234567"\nopenalex = "A5000000001"\n' + tables)
        (folder / "refs.bib").write_text("".join(
            f"@article{{c{i},\n  title = {{Cracked Pots, Part {i}}},\n  author = {{Carberry, Josiah}},\n"
            f"  journal = {{J. Psychoceramics}},\n  year = 2020,\n  doi = {{10.5555/jpc.{i}}},\n}}\n\n"
            for i in range(0, n, 2)))
        out = []
        for label, budget in (("cache empty", 5.0), ("from the cache", 1.0)):
            server.clear_log()
            seconds, peak, _ = measure([sys.executable, "-m", "publist", "discover", "--check"], 1, folder,
                                        warm_up=False)
            verdict = "within" if seconds < budget else "OVER"
            out.append(f"| discover, {n}-paper profile on 4 services, {label} | {len(server.log)} | "
                       f"{seconds:.2f} s | {peak:.0f} MB | {verdict} the {budget:.0f} s budget |")
    finally:
        server.stop()
    return ["| run | requests | wall | peak | budget |", "|---|---:|---:|---:|---|", *out]


def department_corpus(folder: Path, sizes: list[int]) -> list[Path] | str:
    """The department files of these sizes, built with make_corpus.py when missing; or why not."""
    wanted = [folder / f"corpus-{n}.bib" for n in sizes]
    if all(p.exists() for p in wanted):
        return wanted
    builder = Path(__file__).resolve().parent / "make_corpus.py"
    done = subprocess.run([sys.executable, str(builder), "--out", str(folder),
                           "--sizes", ",".join(str(n) for n in sizes)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0 or not all(p.exists() for p in wanted):
        last = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        return f"could not build the department corpus in {folder}: {last[0]}"
    return wanted


def bench_department(files: list[Path], work: Path, repeat: int, root: Path) -> tuple[list[Run], str]:
    """publist (Markdown; HTML, LaTeX and Typst at 10,000) and bibtex2html on the department files."""
    runs: list[Run] = []
    seconds, peak, ok = measure([sys.executable, "-m", "publist", "render", "--format", "md"],
                                max(repeat, 21), root)
    runs.append(Run("publist", "refs.bib", seconds, peak, ok))
    for bib in files:
        size = int(bib.stem.split("-")[1])
        times = max(repeat, 21) if size <= 100 else (max(repeat, 5) if size <= 10_000 else repeat)
        seconds, peak, ok = measure(publist(bib, work), times, work)
        runs.append(Run("publist", size, seconds, peak, ok))
        if size == 10_000:
            for fmt in ("html", "latex", "typst"):
                seconds, peak, ok = measure(publist(bib, work, fmt), times, work)
                runs.append(Run(f"publist --format {fmt}", size, seconds, peak, ok))
        if shutil.which("bibtex2html"):
            seconds, peak, ok = measure(["bibtex2html", "-nodoc", "-nokeys", "-noheader", "-nofooter",
                                         "-o", str(work / "b2h"), str(bib)],
                                        times if size <= 10_000 else 1, work)
            runs.append(Run("bibtex2html", size, seconds, peak, ok))
    return runs, verdicts(runs, DEPARTMENT_BUDGETS)


def imports(root: Path) -> str:
    """What rendering refs.bib imports (``python -X importtime``): modules, publist's own."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "publist", "render", "--format", "md"],
                          cwd=root, capture_output=True, text=True, env=_ENV, check=False)
    names = [line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if "|" in line][1:]
    own = [n for n in names if n.startswith("publist")]
    third = sorted({n.split(".")[0] for n in names if n.split(".")[0] in ("pylatexenc", "requests", "rich",
                                                                           "jinja2", "citeproc", "lxml")})
    python, _, _ = measure([sys.executable, "-c", "pass"], 21, root)
    return (f"- rendering refs.bib imports {len(names)} modules, {len(own)} of them publist's; "
            f"third-party: {', '.join(third) or 'none'}\n"
            f"- Python itself (`python -c pass`, the same interpreter and site-packages): "
            f"{python * 1000:.0f} ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000,10000,50000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-peers", action="store_true", help="time publist only")
    parser.add_argument("--no-sync", action="store_true")
    parser.add_argument("--no-sync-delays", action="store_true",
                        help="no pause between requests in the sync run (default: each service's own)")
    parser.add_argument("--no-discover", action="store_true", help="skip the discover run")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    parser.add_argument("--department", type=Path, default=Path("/tmp/publist-bench"),
                        help="folder of the department corpus (built there when missing)")
    parser.add_argument("--no-department", action="store_true", help="skip the department files")
    parser.add_argument("--no-style", action="store_true", help="skip --style against the built-in layout")
    parser.add_argument("--only-style", action="store_true", help="only --style against the built-in layout")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    root = Path(__file__).resolve().parent.parent
    runs: list[Run] = []
    style_size = 1000 if 1000 in sizes else max(sizes, default=1000)  # the budget's size, else a quick one
    style_repeat = max(args.repeat, 3) if style_size >= 1000 else args.repeat
    style_corpus = None if args.no_department else department_corpus(args.department, [style_size])
    if isinstance(style_corpus, str):
        print(style_corpus)
        style_corpus = None
    style_bib = style_corpus[0] if style_corpus else None
    if args.only_style:
        with tempfile.TemporaryDirectory() as tmp:
            print("\n".join(bench_style(Path(tmp), root, style_repeat, style_size, department=style_bib)))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "empty.toml").write_text("")
        (work / "nocite.md").write_text('---\nnocite: |\n  @*\n---\n')
        # a tenth of a second on a shared machine: the median of many runs
        seconds, peak, ok = measure([sys.executable, "-m", "publist", "render", "--format", "md"],
                                    max(args.repeat, 21), root)
        runs.append(Run("publist", "refs.bib", seconds, peak, ok))
        for size in sizes:
            bib = work / f"corpus-{size}.bib"
            bib.write_text(corpus(size), encoding="utf-8")
            for tool, cmd in tools(bib, work).items():
                if tool != "publist" and (args.no_peers or size > PEER_LIMITS.get(tool, size)):
                    continue
                repeat = max(args.repeat, 5) if tool == "publist" and size <= 10_000 else (
                    args.repeat if tool == "publist" or size <= 10_000 else 1)
                seconds, peak, ok = measure(cmd, repeat, work)
                runs.append(Run(tool, size, seconds, peak, ok))
        print(f"# publist benchmark, {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, "
              f"{versions()}\n")
        print("## This repository's corpus (about 680 bytes an entry)\n")
        print(render_table(runs))
        print()
        print(verdicts(runs, BUDGETS))
        if not args.no_department:
            print("\n## Department files (about 1 KB an entry; issue 9's budgets)\n")
            files = department_corpus(args.department, sizes)
            if isinstance(files, str):
                print(files)
            else:
                department, budget_lines = bench_department(files, work, args.repeat, root)
                runs += department
                print(render_table(department))
                print()
                print(budget_lines)
                print(imports(root))
        if not args.no_style:
            print("\n## A CSL style (issue 16's budget)\n")
            print("\n".join(bench_style(work, root, style_repeat, style_size, department=style_bib)))
        if not args.no_sync:
            print()
            print("\n".join(bench_sync(work, not args.no_sync_delays)))
            print()
            print("\n".join(bench_profile_sync(work, not args.no_sync_delays)))
        if not args.no_discover:
            print()
            print("\n".join(bench_discover(work)))
    if args.json:
        args.json.write_text(json.dumps([r.__dict__ for r in runs], indent=2))
    return 0 if all(r.ok for r in runs if r.tool == "publist") else 1


def _duration(seconds: float, scale: float) -> str:
    """Milliseconds for budgets under a second, else seconds."""
    return f"{seconds * 1000:.0f} ms" if scale < 1 else f"{seconds:.3f} s"


def verdicts(runs: list[Run], budgets: Budgets) -> str:
    """One line per budget: the figure, the budget, met or MISSED."""
    mine = {r.size: r for r in runs if r.tool == "publist"}
    peer = {r.size: r for r in runs if r.tool == "bibtex2html"}
    lines = []

    def check(what: str, figure: str, budget: str, met: bool) -> None:
        lines.append(f"- {what}: {figure} (budget {budget}): {'met' if met else 'MISSED'}")

    for size, budget in budgets.seconds.items():
        if size in mine:
            label = size if isinstance(size, str) else f"{size:,} entries"
            seconds = mine[size].seconds
            check(label, _duration(seconds, budget), _duration(budget, budget), seconds <= budget)
    ten = mine.get(10_000)
    if ten is not None and budgets.peer_ratio is not None and 10_000 in peer:
        ratio = ten.seconds / peer[10_000].seconds
        check("10,000 entries", f"{ratio:.2f} x bibtex2html", f"{budgets.peer_ratio} x",
              ratio <= budgets.peer_ratio)
    if ten is not None:
        check("10,000 entries peak memory", f"{ten.peak_mb:.0f} MB", f"{budgets.memory_mb:.0f} MB",
              ten.peak_mb <= budgets.memory_mb)
    if ten is not None and budgets.format_spread is not None:
        for fmt in ("html", "latex", "typst"):
            other = next((r for r in runs if r.tool == f"publist --format {fmt}" and r.size == 10_000), None)
            if other is not None:
                spread = other.seconds / ten.seconds - 1
                check(f"10,000 entries, {fmt}", f"{spread:+.0%} of Markdown's time",
                      f"within {budgets.format_spread:.0%}", abs(spread) <= budgets.format_spread)
    if ten is not None and 50_000 in mine:
        ratio = mine[50_000].seconds / ten.seconds
        check("50,000 / 10,000 entries", f"{ratio:.1f} x", f"{budgets.linear} x", ratio <= budgets.linear)
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
