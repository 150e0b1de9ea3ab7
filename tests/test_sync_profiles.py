"""publist sync with the owner's profiles, every service at once: stand-ins on 127.0.0.1 that
know one researcher's papers (tests/fake_owner.py), synced from that researcher's real Google
Scholar export (tests/data/psync/SOURCES.md)."""

from __future__ import annotations

import io
import itertools
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import fake_owner
import fake_profiles
import pytest
from fake_owner import PID
from pytest_httpserver import HTTPServer
from test_venues import refused_port
from werkzeug import Request, Response

from publist import cli

import fake_arxiv
import fake_venues
from fake_venues import asked

OWNER = "Tushar Khot"
ORCID = "0000-0002-1825-0097"
Handler = Callable[[Request], Response]


class Log:
    """When each stand-in began and finished answering each request: ``(service, start, end)``."""

    def __init__(self, latency: float = 0.0) -> None:
        self.latency = latency
        self.requests: list[tuple[str, float, float]] = []

    def timed(self, service: str, handler: Handler) -> Handler:
        def answer(request: Request) -> Response:
            start = time.monotonic()
            time.sleep(self.latency)  # a real service takes a while to answer
            response = handler(request)
            self.requests.append((service, start, time.monotonic()))
            return response

        return answer

    def of(self, service: str) -> list[tuple[float, float]]:
        return sorted((s, e) for name, s, e in self.requests if name == service)


def serve(server: HTTPServer, papers: list[fake_owner.Paper], log: Log | None = None,
          person: str = PID) -> None:
    """arXiv, Semantic Scholar, DBLP (the person's page and its records), Crossref and ORCID."""
    log = log or Log()
    page = fake_profiles.dblp({person: fake_owner.dblp_person(papers)})
    records = fake_venues.dblp(fake_owner.dblp_records(papers))

    def dblp(request: Request) -> Response:
        return (page if request.path.startswith("/dblp/pid/") else records)(request)

    server.expect_request("/api/query").respond_with_handler(
        log.timed("arXiv", fake_arxiv.handler(fake_owner.arxiv_pool(papers))))
    fake_venues.serve(server, s2=log.timed("Semantic Scholar", fake_venues.semanticscholar(
        fake_owner.semanticscholar_papers(papers))), dblp_=log.timed("DBLP", dblp),
        crossref_=log.timed("Crossref", fake_venues.crossref(fake_owner.crossref_works(papers))))


def project(folder: Path, server: HTTPServer, bib: str, dblp: str = "", orcid: str = "",
            delays: dict[str, float] | None = None, orcid_url: str = "") -> Path:
    """refs.bib and a config.toml whose services are the stand-ins (no pause unless ``delays``)."""
    folder.mkdir(exist_ok=True)
    (folder / "refs.bib").write_text(bib, encoding="utf-8")
    delays = delays or {}
    base = server.url_for("")
    profiles = (f'dblp = "{dblp}"\n' if dblp else "") + (f'orcid = "{orcid}"\n' if orcid else "")
    tables = "".join(
        f'[{name}]\napi_url = "{url}"\ndelay_seconds = {delays.get(name, 0)}\nretries = 1\n'
        for name, url in (("arxiv", f"{base}api/query"), ("semanticscholar", f"{base}s2/graph/v1"),
                          ("dblp", f"{base}dblp"), ("crossref", f"{base}crossref"),
                          ("orcid", orcid_url or f"{base}orcid/v3.0")))
    (folder / "config.toml").write_text(
        f'cache_dir = "cache"\n[owner]\nnames = ["{OWNER}"]\n{profiles}{tables}', encoding="utf-8")
    return folder


def sync(folder: Path, *argv: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.chdir(folder)
    monkeypatch.setenv("COLUMNS", "250")
    out, err = io.StringIO(), io.StringIO()
    status = cli.run(["sync", *argv], out, err)
    return status, err.getvalue()


EXPORT = fake_owner.scholar_export()
PAPERS = fake_owner.world(EXPORT)


def test_a_scholar_export_with_a_dblp_profile_asks_a_handful_of_requests(
    tmp_path: Path, server: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    serve(server, PAPERS)
    folder = project(tmp_path / "with", server, EXPORT, dblp=PID)
    status, err = sync(folder, "--upgrade", monkeypatch=monkeypatch)
    assert status == 0, err
    # 99 entries: the person's page once, and nothing per entry from DBLP or Crossref
    assert len(asked(server, "/dblp/pid/")) == 1 and asked(server, "/dblp/rec/") == []
    assert asked(server, "/crossref/") == []
    # one title search: the one paper that needs a venue and whose author list, cut short by
    # "and others", does not name the owner (DBLP's page for the owner may not hold it)
    (search,) = asked(server, "/dblp/search/")
    assert search.args["q"] == "robust tooling and new resources for large language model evaluation via catwalk"
    entry = EXPORT[EXPORT.index("@article{richardsonrobust,"):].split("\n}")[0]
    assert "Khot" not in entry and entry.endswith("Gu, Yuling and others}")
    # the ids the file lacks and the profile gives are asked for by id, 100 a request
    given = {p.arxiv for p in PAPERS if p.arxiv and not p.in_file_as_preprint}
    by_id = [set(r.args["id_list"].split(",")) for r in asked(server, "/api/query") if "id_list" in r.args]
    assert given <= set().union(*by_id) and len(by_id) == 2
    # a paper DBLP lists without its arXiv copy is not searched on arXiv by title: only the others
    (titles,) = [r.args["search_query"] for r in asked(server, "/api/query") if "search_query" in r.args]
    listed = {fake_owner.normal(p.title) for p in PAPERS if p.venue or p.arxiv}
    searched = re.findall(r'(?<!AND )ti:"([^"]*)"', titles)
    assert searched and not listed & set(searched)
    assert "(7 request(s): 3 to arXiv, 2 to Semantic Scholar, 2 to DBLP)" in err


def test_the_profile_writes_what_dblp_and_crossref_would_one_request_a_paper(
    tmp_path: Path, server: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    serve(server, PAPERS)
    with_profile = project(tmp_path / "with", server, EXPORT, dblp=PID)
    assert sync(with_profile, "--upgrade", monkeypatch=monkeypatch)[0] == 0
    profile_requests = len(server.log)
    server.clear_log()
    without = project(tmp_path / "without", server, EXPORT)
    status, err = sync(without, "--upgrade", monkeypatch=monkeypatch)
    assert status == 0
    assert (with_profile / "refs.bib").read_text() == (without / "refs.bib").read_text() != EXPORT
    # (a @misc with a publisher, natarajan2015boosted, is searched on DBLP: once sync writes its
    # arXiv id it is a preprint, and the first sync asks what the second would)
    assert "(33 request(s): 10 to arXiv, 2 to Semantic Scholar, 16 to DBLP, 5 to Crossref)" in err
    assert profile_requests == 7


def test_the_report_names_the_profile_as_the_source(
    tmp_path: Path, server: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    serve(server, PAPERS)
    folder = project(tmp_path, server, EXPORT, dblp=PID)
    status, err = sync(folder, "--upgrade", monkeypatch=monkeypatch)
    assert status == 0
    # an arXiv preprint of 2022 that the DBLP profile lists as published at ICLR 2023
    paper = next(p for p in PAPERS if p.key == "liang2022better")
    assert paper.in_file_as_preprint and (paper.venue, paper.year) == ("ICLR", 2023)
    start = err.rindex("\n", 0, err.index("liang2022better (refs.bib:610)")) + 1
    rows = [" ".join(c.strip() for c in line.split("│")[2:-1]) for line in err[start:].splitlines()[:5]]
    assert rows == ["type @inproceedings the published version",
                    "booktitle ICLR Semantic Scholar, DBLP profile",
                    "pages 77--86 Semantic Scholar, DBLP profile",
                    "doi 10.5555/liang2022better Semantic Scholar, DBLP profile",
                    "year 2023 (was 2022) DBLP profile"]
    text = (folder / "refs.bib").read_text()
    entry = text[text.index("@inproceedings{liang2022better,"):].split("\n}")[0]
    assert "booktitle={ICLR}" in entry and "year={2023}" in entry and "journal=" not in entry


def test_a_profile_that_cannot_be_read_fails_only_its_own_part(
    tmp_path: Path, server: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    serve(server, PAPERS)
    reference = project(tmp_path / "reference", server, EXPORT)
    assert sync(reference, monkeypatch=monkeypatch)[0] == 0
    server.clear_log()
    # a DBLP person id the stand-in does not know: DBLP is asked one record at a time instead
    folder = project(tmp_path / "unknown", server, EXPORT, dblp="99/9999")
    status, err = sync(folder, monkeypatch=monkeypatch)
    assert status == 1
    assert "\nFailed\n  DBLP profile 99/9999: not found (HTTP 404); check 'owner.dblp' in config.toml\n" in err
    assert (folder / "refs.bib").read_text() == (reference / "refs.bib").read_text() != EXPORT
    assert len(asked(server, "/dblp/rec/")) == 4 and len(asked(server, "/dblp/search/")) == 12
    assert "Traceback" not in err and "entries updated" in err
    # ORCID down: its line, and the DBLP profile still answers for the papers it lists
    server.clear_log()
    port = refused_port()
    folder = project(tmp_path / "orcid-down", server, EXPORT, dblp=PID, orcid=ORCID,
                     orcid_url=f"http://127.0.0.1:{port}/v3.0")
    status, err = sync(folder, monkeypatch=monkeypatch)
    assert status == 1
    failed = err.split("Failed\n")[1].splitlines()
    assert failed[:2] == [f"  ORCID profile {ORCID}: cannot reach 127.0.0.1:{port} (connection refused)",
                          f"  ORCID: cannot reach 127.0.0.1:{port} (connection refused); not asked again in this run"]
    assert (folder / "refs.bib").read_text() == (reference / "refs.bib").read_text()
    assert asked(server, "/dblp/rec/") == [] and len(asked(server, "/dblp/pid/")) == 1


def test_a_second_sync_asks_nothing_and_refresh_asks_again(
    tmp_path: Path, server: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    serve(server, PAPERS)
    folder = project(tmp_path, server, EXPORT, dblp=PID)
    assert sync(folder, monkeypatch=monkeypatch)[0] == 0
    first = [r.path for r, _ in server.log]
    assert first.count(f"/dblp/pid/{PID}.xml") == 1 and len(first) == 7
    written = (folder / "refs.bib").read_text()
    (folder / "refs.bib").write_text(EXPORT)
    server.clear_log()
    status, err = sync(folder, monkeypatch=monkeypatch)
    assert status == 0 and server.log == [] and "(0 request(s) to arXiv)" in err
    assert (folder / "refs.bib").read_text() == written
    (folder / "refs.bib").write_text(EXPORT)
    assert sync(folder, "--refresh", monkeypatch=monkeypatch)[0] == 0
    assert sorted(r.path for r, _ in server.log) == sorted(first)


def test_services_are_asked_at_the_same_time_each_at_its_own_pace(
    tmp_path: Path, server: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = Log(latency=0.03)
    papers = fake_owner.world(EXPORT)
    serve(server, papers, log)
    delays = {"arxiv": 0.15, "semanticscholar": 0.1, "dblp": 0.1, "crossref": 0.05}
    folder = project(tmp_path, server, EXPORT, delays=delays)
    status, err = sync(folder, "--upgrade", monkeypatch=monkeypatch)
    assert status == 0, err
    spans = {}
    for service, key in (("arXiv", "arxiv"), ("Semantic Scholar", "semanticscholar"), ("DBLP", "dblp"),
                         ("Crossref", "crossref")):
        requests = log.of(service)
        assert len(requests) >= 2, service
        # one request at a time, and the service's pause between them
        gaps = [after[0] - before[1] for before, after in itertools.pairwise(requests)]
        assert min(gaps) >= delays[key] - 0.005, (service, gaps)
        spans[service] = (requests[0][0], requests[-1][1])
    # DBLP (by Semantic Scholar's keys) and Crossref start while arXiv is still being asked
    for service in ("DBLP", "Crossref"):
        assert spans[service][0] < spans["arXiv"][1], service
    overlapping = [(a, b) for a, sa, ea in log.requests for b, sb, eb in log.requests
                   if a < b and max(sa, sb) < min(ea, eb)]
    assert overlapping, "no two services were ever asked at the same moment"


@pytest.fixture
def own_server() -> Iterator[HTTPServer]:
    """A stand-in of its own: the answers it is still sleeping on when the test ends go nowhere."""
    served = HTTPServer(threaded=True)
    served.start()
    yield served
    served.stop()


def test_ctrl_c_while_services_are_asked_stops_at_once_and_writes_nothing(
    tmp_path: Path, own_server: HTTPServer
) -> None:
    server = own_server
    import os
    import signal
    import subprocess
    import sys

    started: list[str] = []

    def slow(service: str, handler: Handler) -> Handler:
        def answer(request: Request) -> Response:
            started.append(service)
            time.sleep(4)
            return handler(request)

        return answer

    page = fake_profiles.dblp({PID: fake_owner.dblp_person(PAPERS)})
    server.expect_request("/api/query").respond_with_handler(
        slow("arXiv", fake_arxiv.handler(fake_owner.arxiv_pool(PAPERS))))
    server.expect_request(re.compile("^/dblp/")).respond_with_handler(slow("DBLP", page))
    server.expect_request(re.compile("^/s2/")).respond_with_handler(
        slow("Semantic Scholar", fake_venues.semanticscholar(fake_owner.semanticscholar_papers(PAPERS))))
    folder = project(tmp_path, server, EXPORT, dblp=PID)
    # a test run started in the background ignores SIGINT, and a child would inherit that; a
    # handler (unlike an ignored signal) is reset at exec, so the child gets Ctrl-C as a user does
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        proc = subprocess.Popen([sys.executable, "-m", "publist", "sync"], cwd=folder,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    finally:
        signal.signal(signal.SIGINT, previous)
    deadline = time.monotonic() + 20
    while len(set(started)) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert set(started) == {"arXiv", "DBLP", "Semantic Scholar"}  # three services asked at once
    interrupted = time.monotonic()
    os.kill(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=20)
    assert time.monotonic() - interrupted < 2  # the answers would take 4 s
    assert proc.returncode == 130
    assert err.strip().splitlines()[-1] == "interrupted; nothing was written"
    assert "Traceback" not in err
    assert (folder / "refs.bib").read_text() == EXPORT


def test_each_service_has_a_progress_line_that_says_what_it_waits_for(
    tmp_path: Path, server: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from publist.bib import reader
    from publist.config import load
    from publist.sync.services import look_up, services
    from publist.sync.steps import plan

    serve(server, PAPERS)
    delays = {"arxiv": 0.2, "semanticscholar": 0.1, "dblp": 0.15}
    folder = project(tmp_path, server, fake_owner.scholar_export(entries=40), dblp=PID, delays=delays)
    monkeypatch.chdir(folder)
    heard: dict[str, list[str]] = {}

    class Lines:
        def count(self, service: str, done: int, total: int) -> None:
            assert 0 <= done <= total

        def status(self, service: str, text: str) -> None:
            heard.setdefault(service, []).append(text)

    config = load(folder / "config.toml")
    bib = reader.read((folder / "refs.bib").read_text(), "refs.bib")
    looked = look_up(bib, plan(bib), config, services(config, Lines()), watch=Lines())
    assert looked.venues.requests == {"Semantic Scholar": 1, "DBLP": 1, "Crossref": 0}
    assert set(heard) == {"arXiv", "Semantic Scholar", "DBLP"}  # Crossref was never asked
    assert any(re.fullmatch(r"waiting 0\.[12] s \(arXiv asks for 0\.2 s between requests\)", s)
               for s in heard["arXiv"])
    # the ids arXiv finds by title are gathered into one request to Semantic Scholar
    assert "gathering questions until arXiv answer" in heard["Semantic Scholar"]
    assert heard["DBLP"][0] == "asking" and all(s in ("asking", "done", "waiting for what the other services find")
                                                 for s in heard["DBLP"])


CARBERRY = """\
@misc{carberry2021,
  title = {Psychoceramics and the Cracked Pot Theory},
  author = {Carberry, Josiah and Wang, Wei},
  year = {2021},
  eprint = {2101.00001},
  archiveprefix = {arXiv},
}

@article{carberry2020,
  title = {On Ceramic Fractures in Theory and Practice},
  author = {Carberry, Josiah},
  year = {2020},
}
"""


def test_each_of_the_four_profiles_is_a_source_named_for_it(
    tmp_path: Path, server: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the profiles' recorded shapes (tests/data/profiles/SOURCES.md): a NeurIPS paper and its
    # arXiv preprint, a journal paper, on DBLP, ORCID, Semantic Scholar and OpenAlex
    author, batch = fake_profiles.semanticscholar(), fake_venues.semanticscholar({})
    tables = fake_profiles.serve(server, s2=lambda r: (batch if r.path.endswith("/paper/batch") else author)(r))
    server.expect_request("/api/query").respond_with_handler(fake_arxiv.handler(fake_arxiv.entry(
        "2101.00001", "Psychoceramics and the Cracked Pot Theory", ("Josiah Carberry", "Wei Wang"), primary="cs.DL")))
    (tmp_path / "refs.bib").write_text(CARBERRY)
    (tmp_path / "config.toml").write_text(
        f'cache_dir = "cache"\n[owner]\nnames = ["Josiah Carberry"]\ndblp = "12/3456"\norcid = "{ORCID}"\n'
        f'semanticscholar = "1234567"\nopenalex = "A5000000001"\n[arxiv]\n'
        f'api_url = "{server.url_for("/api/query")}"\ndelay_seconds = 0\n{tables}'
        f'[crossref]\napi_url = "{server.url_for("/crossref")}"\ndelay_seconds = 0\n')
    status, err = sync(tmp_path, "--upgrade", monkeypatch=monkeypatch)
    assert status == 0, err
    text = (tmp_path / "refs.bib").read_text()
    assert text == CARBERRY.replace("@misc{carberry2021", "@inproceedings{carberry2021").replace(
        "  archiveprefix = {arXiv},\n}", "  archiveprefix = {arXiv},\n  booktitle = {NeurIPS},\n  volume = {34},\n"
        "  pages = {1201--1213},\n  primaryclass = {cs.DL},\n}").replace(
        "  year = {2020},\n}", "  year = {2020},\n  journal = {Journal of Psychoceramics},\n  volume = {12},\n"
        "  number = {3},\n  pages = {45--67},\n  doi = {10.5555/JPC.2020.42},\n}")
    every = "DBLP profile, ORCID profile, Semantic Scholar profile, OpenAlex profile"
    assert re.search(rf"journal\s+│ Journal of Psychoceramics\s+│ {every}", err)
    # DBLP's short name for a conference, as CVs print it, though all four name it
    assert re.search(r"booktitle\s+│ NeurIPS\s+│ Semantic Scholar profile, OpenAlex profile, DBLP profile, "
                     r"ORCID profile", err)
    # each profile in its one or two requests, and nothing per entry from DBLP or Crossref
    assert "(7 request(s): 1 to arXiv, 2 to Semantic Scholar, 1 to DBLP, 2 to ORCID, 1 to OpenAlex)" in err
