"""Citation counts end to end: ``publist sync --citations`` against stand-ins for Semantic
Scholar, OpenAlex and INSPIRE on 127.0.0.1 (tests/fake_citations.py, tests/data/citations/
SOURCES.md), the counts file beside the .bib, and the counts in every format of render."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from publist.api import loads
from publist.errors import PublistError
from publist.papers import citations
from publist.papers.citations import Count
from publist.sources.cache import Cache
from publist.sources.inspire import InspireClient
from publist.sources.openalex import OpenAlexClient
from publist.sources.semanticscholar import SemanticScholarClient

from conftest import DATA, ROOT, run
from fake_arxiv import entries, handler
from fake_citations import SEED_COUNTS, inspire, openalex, semanticscholar
from fake_venues import asked, serve

ARXIV_POOL = entries("seed_papers.xml")
TODAY = datetime.datetime.now(datetime.UTC).date().isoformat()


@pytest.fixture
def project(tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The seed CV's refs.bib and config, every source pointed at the stand-ins."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "250")
    monkeypatch.delenv("OPENALEX_API_KEY", raising=False)
    monkeypatch.delenv("S2_API_KEY", raising=False)
    httpserver.expect_request("/api/query").respond_with_handler(handler(ARXIV_POOL))
    venues = serve(httpserver, s2=semanticscholar())
    httpserver.expect_request(re.compile("^/openalex/")).respond_with_handler(openalex())
    httpserver.expect_request(re.compile("^/inspire/")).respond_with_handler(inspire())
    base = httpserver.url_for("")
    (tmp_path / "refs.bib").write_text((ROOT / "refs.bib").read_text())
    (tmp_path / "config.toml").write_text(
        (ROOT / "config.toml").read_text()
        + f'\n[arxiv]\napi_url = "{httpserver.url_for("/api/query")}"\ndelay_seconds = 0\n'
        'cache_dir = "cache"\n\n' + venues
        + f'\n[openalex]\napi_url = "{base}openalex"\ndelay_seconds = 0\napi_key = "test-key"\n'
        f'\n[inspire]\napi_url = "{base}inspire/api"\ndelay_seconds = 0\n')
    return tmp_path


def configure(project: Path, text: str) -> None:
    config = project / "config.toml"
    config.write_text(config.read_text() + "\n" + text)


def counts(project: Path, name: str = "citations.json") -> dict[str, dict]:
    return json.loads((project / name).read_text())["counts"]


# sync --citations: Semantic Scholar


def test_sync_citations_keeps_each_entrys_count_source_id_and_date_from_semantic_scholar(
    project: Path, httpserver: HTTPServer
) -> None:
    status, _, err = run("sync", "--citations")
    assert status == 0, err
    found = counts(project)
    assert found["yao2019pyhessian"] == {"count": 412, "date": TODAY, "id": "arXiv:1912.07145",
                                         "source": "semanticscholar"}
    assert {name: c["count"] for name, c in found.items()} == {
        key: SEED_COUNTS[c["id"][6:]] for key, c in found.items()}
    assert len(found) == 17  # 18 entries: TV-Gaussian (1510.05239) is unknown, so has no count
    assert "yao2016tv" not in found
    assert "Not known to Semantic Scholar (no count): yao2016tv (refs.bib:203)" in err
    assert "citations.json: written, 17 count(s) from Semantic Scholar, 17 new or changed" in err
    # the venue look-up's batch carried the counts: one request to Semantic Scholar in all
    (batch,) = asked(httpserver, "/s2/")
    assert batch.args["fields"].endswith(",citationCount")


def test_a_second_sync_asks_nothing_and_leaves_the_file_byte_for_byte(
    project: Path, httpserver: HTTPServer
) -> None:
    assert run("sync", "--citations")[0] == 0
    first = (project / "citations.json").read_bytes()
    sent = len(httpserver.log)
    status, _, err = run("sync", "--citations")
    assert status == 0, err
    assert len(httpserver.log) == sent  # the cache answers within cache_hours
    assert (project / "citations.json").read_bytes() == first
    assert "citations.json: unchanged, 17 count(s) from Semantic Scholar, 0 new or changed" in err
    # sorted keys, one entry a line, a newline at the end
    text = first.decode()
    assert text.startswith('{\n  "counts": {\n    "dong2019hawq": {"count": 689, "date": ')
    assert text.endswith('}\n  },\n  "publist": 1\n}\n')


def test_refresh_asks_again_once_and_cached_counts_keep_the_day_they_were_given(
    project: Path, httpserver: HTTPServer
) -> None:
    assert run("sync", "--citations")[0] == 0
    before = len(asked(httpserver, "/s2/"))
    assert run("sync", "--citations", "--refresh")[0] == 0
    # the venue look-up asked again; the counts step used what it had just been told
    assert len(asked(httpserver, "/s2/")) == before + 1
    cache = Cache(project / "cache" / "semanticscholar", 86400)
    assert cache.saved("arxiv", "1912.07145") is not None


def test_enabled_in_config_makes_every_sync_gather_counts_into_the_file_it_names(project: Path) -> None:
    configure(project, '[citations]\nenabled = true\nfile = "data/counts.json"\n')
    (project / "data").mkdir()
    status, _, err = run("sync")
    assert status == 0, err
    assert counts(project, "data/counts.json")["dong2019hawq"]["count"] == 689
    assert not (project / "citations.json").exists()


def test_a_count_of_zero_is_a_count_and_a_null_is_no_count(project: Path) -> None:
    # the recorded batch: null for the first id, 10670, 2185 and 0 for the others (by DOI)
    (project / "refs.bib").write_text(
        "@article{did, title = {How Much Should We Trust Differences-in-Differences Estimates?},"
        " doi = {10.2139/ssrn.288970}}\n"
        "@article{audits, title = {Improving Third-Party Audits}, doi = {10.1257/rct.1355}}\n"
        "@article{nobody, title = {Unknown}, doi = {10.5555/nothing.here}}\n")
    configure(project, "[venues]\nsources = []\n")
    status, _, err = run("sync", "--citations")
    assert status == 0, err
    found = counts(project)
    assert found["did"]["count"] == 10670 and found["did"]["id"] == "doi:10.2139/ssrn.288970"
    assert found["audits"]["count"] == 0
    assert "nobody" not in found
    assert "Not known to Semantic Scholar (no count): nobody (refs.bib:3)" in err


def test_two_entries_under_one_key_are_two_entries_in_the_counts_file(project: Path) -> None:
    # Google Scholar's export of HAWQ and HAWQ-V2: both dong2019hawq (issue 21)
    (project / "refs.bib").write_text((DATA / "identity" / "google-scholar-same-key.bib").read_text())
    configure(project, "[venues]\nsources = []\n")
    status, _, err = run("sync", "--citations")
    assert status == 0, err
    found = counts(project)
    assert (found["dong2019hawq"]["id"], found["dong2019hawq"]["count"]) == ("arXiv:1905.03696", 689)
    assert (found["dong2019hawq#2"]["id"], found["dong2019hawq#2"]["count"]) == ("arXiv:1911.03852", 240)
    out = run("render", "--citations")[1]
    assert "Cited by 689" in out.split("HAWQ-V2")[0] and "Cited by 240" in out.split("HAWQ-V2")[1]


# faults: the old file kept as it was, one line, exit 1


OLD = (b'{\n  "counts": {\n    "yao2019pyhessian": {"count": 1, "date": "2026-01-01", "id": '
       b'"arXiv:1912.07145", "source": "semanticscholar"}\n  },\n  "publist": 1\n}\n')


@pytest.mark.parametrize(
    ("answer", "said"),
    [
        (Response("busy", status=503),
         "Failed: Semantic Scholar: HTTP 503 after 1 retry\n"),
        (Response('[{"paperId": "a", "citationCount": ', status=200, content_type="application/json"),
         "Semantic Scholar answered with malformed JSON (JSONDecodeError) after 1 retry"),
        (Response("<html>oops</html>", status=200, content_type="text/html"),
         "Semantic Scholar answered with a web page, not JSON (a proxy's or a network's login page?) after 1 retry"),
        (Response('{"data": []}', status=200, content_type="application/json"),
         "Semantic Scholar answered with something other than one record per id after 1 retry"),
    ],
    ids=["down", "garbage", "login-page", "wrong-shape"],
)
def test_a_source_down_or_answering_garbage_keeps_the_old_counts_file(
    project: Path, httpserver: HTTPServer, answer: Response, said: str
) -> None:
    httpserver.clear()
    httpserver.expect_request("/api/query").respond_with_handler(handler(ARXIV_POOL))
    httpserver.expect_request(re.compile("^/s2/")).respond_with_response(answer)
    configure(project, "[venues]\nsources = []\n")
    text = (project / "config.toml").read_text()
    (project / "config.toml").write_text(text.replace("[semanticscholar]\n", "[semanticscholar]\nretries = 1\n"))
    (project / "citations.json").write_bytes(OLD)
    status, _, err = run("sync", "--citations")
    assert status == 1
    assert said in err
    assert "citations.json: kept as it was (2 request(s) to Semantic Scholar); try again later" in err
    assert (project / "citations.json").read_bytes() == OLD
    assert "Traceback" not in err
    assert len([line for line in err.splitlines() if line.startswith("Failed: Semantic Scholar")]) == 1


def test_a_source_that_refuses_connections_is_one_line(project: Path) -> None:
    configure(project, "[venues]\nsources = []\n")
    text = (project / "config.toml").read_text()
    (project / "config.toml").write_text(re.sub(r'(\[semanticscholar\]\napi_url = )"[^"]*"',
                                                r'\1"http://127.0.0.1:9/s2"', text))
    (project / "citations.json").write_bytes(OLD)
    status, _, err = run("sync", "--citations")
    assert status == 1
    assert [line for line in err.splitlines() if "Semantic Scholar" in line] == [
        "Failed: Semantic Scholar: cannot reach 127.0.0.1:9 (connection refused)",
        "citations.json: kept as it was (1 request(s) to Semantic Scholar); try again later"]
    assert (project / "citations.json").read_bytes() == OLD


def test_a_broken_counts_file_stops_sync_before_anything_is_written(project: Path) -> None:
    (project / "citations.json").write_text('{"counts": {"x": {"count": "many"}}}')
    bib = (project / "refs.bib").read_bytes()
    status, _, err = run("sync", "--citations")
    assert status == 1
    assert err.strip().endswith("citations.json: entry 'x': a count needs count (a whole number), source "
                                "(semanticscholar, openalex, inspire), id and date (YYYY-MM-DD)")
    assert (project / "refs.bib").read_bytes() == bib
    (project / "citations.json").write_text('{"counts": {\n')
    status, _, err = run("render", "--citations")
    assert (status, err.strip().splitlines()[-1]) == (1, (
        "citations.json:2: not a citation counts file (Expecting property name enclosed in double "
        "quotes); fix it or delete it and run publist sync --citations"))


def test_dry_run_asks_but_writes_no_counts(project: Path) -> None:
    status, _, err = run("sync", "--citations", "--dry-run")
    assert status == 0, err
    assert "citations.json: would hold 17 count(s), 17 new or changed" in err
    assert not (project / "citations.json").exists()


# OpenAlex and INSPIRE


def test_openalex_is_asked_by_doi_in_batches_with_the_or_filter(project: Path, httpserver: HTTPServer) -> None:
    configure(project, '[citations]\nsource = "openalex"\n\n[venues]\nsources = []\n')
    status, _, err = run("sync", "--citations")
    assert status == 0, err
    found = counts(project)
    # published entries by their DOI (the published work's count), preprints by arXiv's DOI
    assert found["dong2019hawq"] == {"count": 655, "date": TODAY, "id": "doi:10.1109/ICCV.2019.00038",
                                     "source": "openalex"}
    assert found["yao2019pyhessian"]["count"] == 405 and found["yao2019pyhessian"]["id"] == "arXiv:1912.07145"
    assert "yao2016tv" not in found
    (request,) = asked(httpserver, "/openalex/")
    values = request.args["filter"].removeprefix("doi:").split("|")
    assert len(values) == 18 and "10.48550/arxiv.1912.07145" in values and "10.1109/iccv.2019.00038" in values
    assert request.args["select"] == "id,doi,cited_by_count"


def test_openalex_without_a_key_is_refused_before_anything_is_asked(project: Path, httpserver: HTTPServer) -> None:
    text = (project / "config.toml").read_text().replace('api_key = "test-key"\n', "")
    (project / "config.toml").write_text(text + '\n[citations]\nsource = "openalex"\n')
    status, _, err = run("sync", "--citations")
    assert status == 1
    assert err.strip() == ('[citations] source = "openalex": OpenAlex needs an API key (free at '
                           "https://openalex.org/settings/api): set [openalex] api_key in config.toml "
                           "or OPENALEX_API_KEY in the environment")
    assert httpserver.log == []


def test_openalex_client_batches_fifty_dois_a_request_and_knows_a_recorded_work(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/works").respond_with_handler(openalex())
    client = OpenAlexClient(httpserver.url_for(""), api_key="test-key", delay_seconds=0)
    dois = ["10.7717/PEERJ.4375"] + [f"10.5555/n{i}" for i in range(60)]
    batch = client.citations(dois)
    assert batch.found["10.7717/PEERJ.4375"] == 565  # recorded: W2741809807
    assert batch.found["10.5555/n3"] is None and not batch.failed
    assert [len(r.args["filter"].split("|")) for r, _ in httpserver.log] == [50, 11]


def test_openalex_asks_a_doi_that_holds_filter_syntax_on_its_own(httpserver: HTTPServer) -> None:
    # DOIs are free text after the slash: a comma, a pipe or a plus would split OpenAlex's filter
    odd = {"10.5555/a,b": 7, "10.5555/x|y": 8, "10.5555/p+q": 9}
    works = [{"id": f"https://openalex.org/W{n}", "doi": f"https://doi.org/{doi}", "cited_by_count": count}
             for n, (doi, count) in enumerate(odd.items())]
    works.append({"id": "https://openalex.org/W9", "doi": "https://doi.org/10.5555/plain", "cited_by_count": 3})
    httpserver.expect_request(re.compile("^/works")).respond_with_handler(openalex(works))
    client = OpenAlexClient(httpserver.url_for(""), api_key="test-key", delay_seconds=0)
    batch = client.citations(["10.5555/plain", *odd, "10.5555/unknown,doi", "10.5555/other"])
    assert not batch.failed
    assert batch.found == {"10.5555/plain": 3, **odd, "10.5555/unknown,doi": None, "10.5555/other": None}
    asked_ = [r.args.get("filter") or r.path for r, _ in httpserver.log]
    assert asked_ == ["doi:10.5555/plain|10.5555/other", "/works/doi:10.5555/a,b", "/works/doi:10.5555/x|y",
                      "/works/doi:10.5555/p+q", "/works/doi:10.5555/unknown,doi"]
    sent = [r.environ["RAW_URI"].split("?")[0] for r, _ in httpserver.log[1:]]  # as it went over the wire
    assert sent == ["/works/doi:10.5555/a%2Cb", "/works/doi:10.5555/x%7Cy", "/works/doi:10.5555/p%2Bq",
                    "/works/doi:10.5555/unknown%2Cdoi"]


def test_inspire_counts_by_arxiv_id_and_doi_with_one_query(project: Path, httpserver: HTTPServer) -> None:
    configure(project, '[citations]\nsource = "inspire"\n\n[venues]\nsources = []\n')
    status, _, err = run("sync", "--citations")
    assert status == 0, err
    found = counts(project)
    assert found["yao2019pyhessian"] == {"count": 206, "date": TODAY, "id": "arXiv:1912.07145",
                                         "source": "inspire"}
    assert "yao2018inexact" not in found and "yao2016tv" not in found
    assert "Not known to INSPIRE (no count): yao2018inexact (refs.bib:170), yao2016tv (refs.bib:203)" in err
    (request,) = asked(httpserver, "/inspire/")
    assert request.args["q"].startswith("arxiv:1912.07145 or arxiv:1911.03852 or ")
    assert request.args["fields"] == "control_number,arxiv_eprints,dois,citation_count"


def test_inspire_client_reads_the_recorded_answer_and_batches_fifty_questions(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/literature").respond_with_handler(inspire())
    client = InspireClient(httpserver.url_for(""), delay_seconds=0)
    asked_ = ["doi:10.1016/J.NUCLPHYSA.2021.122138", "arXiv:1905.03696v2"] + [f"arXiv:2101.{i:05d}" for i in range(60)]
    batch = client.citations(asked_)
    assert batch.found["doi:10.1016/J.NUCLPHYSA.2021.122138"] == 0  # recorded: a count of 0
    assert batch.found["arXiv:1905.03696v2"] == 344
    assert batch.found["arXiv:2101.00007"] is None
    assert [r.args["size"] for r, _ in httpserver.log] == ["100", "24"]


@pytest.mark.parametrize(("headers", "sleeps"), [
    ({}, [5.0, 5.0]),  # no Retry-After: INSPIRE's 5 s, not the 1 and 2 s of the back-off
    ({"Retry-After": "1"}, [5.0, 5.0]),  # a shorter Retry-After does not shorten it
    ({"Retry-After": "8"}, [8.0, 8.0]),  # a longer one is honoured
])
def test_inspire_is_left_at_least_five_seconds_after_a_429(httpserver: HTTPServer, headers: dict[str, str],
                                                           sleeps: list[float]) -> None:
    from werkzeug import Request, Response

    from conftest import Clock

    refused = [Response("Too Many Requests", status=429, headers=headers) for _ in range(2)]

    def busy(request: Request) -> Response:
        return refused.pop(0) if refused else inspire()(request)

    httpserver.expect_request("/literature").respond_with_handler(busy)
    clock = Clock()
    client = InspireClient(httpserver.url_for(""), delay_seconds=0, sleep=clock.sleep, clock=clock.time)
    assert client.citations(["arXiv:1905.03696"]).found == {"arXiv:1905.03696": 344}
    assert clock.sleeps == sleeps and len(httpserver.log) == 3


def test_each_source_declares_its_wait_after_a_429() -> None:
    from publist.sources import arxiv, crossref, dblp, inspire, openalex, orcid, semanticscholar
    from publist.sources.arxiv import ArxivClient
    from publist.sources.crossref import CrossrefClient
    from publist.sources.dblp import DblpClient
    from publist.sources.openalex import OpenAlexClient
    from publist.sources.orcid import OrcidClient

    clients = {inspire: InspireClient("http://127.0.0.1:9"), arxiv: ArxivClient("http://127.0.0.1:9"),
               crossref: CrossrefClient("http://127.0.0.1:9"), dblp: DblpClient("http://127.0.0.1:9"),
               semanticscholar: SemanticScholarClient("http://127.0.0.1:9"),
               openalex: OpenAlexClient("http://127.0.0.1:9", api_key="k"), orcid: OrcidClient("http://127.0.0.1:9")}
    for module, client in clients.items():
        assert client.http.wait_after_429 == module.WAIT_AFTER_429, module.__name__
    assert inspire.WAIT_AFTER_429 == 5.0 and arxiv.WAIT_AFTER_429 == 3.0


def test_inspire_answering_garbage_fails_its_questions(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/literature").respond_with_data('{"hits": 3}', content_type="application/json")
    client = InspireClient(httpserver.url_for(""), delay_seconds=0, retries=0)
    batch = client.citations(["arXiv:1905.03696"])
    assert batch.failed == {"arXiv:1905.03696": "INSPIRE answered with JSON that is not a list of records after 0 retries"}


def test_semantic_scholar_asks_dois_and_arxiv_ids_in_batches_of_its_size(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/paper/batch").respond_with_handler(semanticscholar())
    client = SemanticScholarClient(httpserver.url_for(""), delay_seconds=0, batch_size=2)
    papers = client.by_arxiv(["1912.07145", "1911.03852v2", "1905.03696"])
    assert [p.citations if p else None for p in papers.found.values()] == [412, 240, 689]
    assert [len(r.json["ids"]) for r, _ in httpserver.log] == [2, 1]


# the counts file


def test_the_file_is_byte_stable_and_reads_back() -> None:
    found = {"b": Count(5, "inspire", "doi:10.1/b", "2026-12-01"), "a#2": Count(1234, "openalex", "arXiv:2101.00001", "2026-12-05")}
    data = citations.dumps(found)
    assert data == citations.dumps(dict(reversed(found.items())))
    assert citations.loads(data, "c.json") == found
    assert citations.dumps({}) == b'{\n  "counts": {},\n  "publist": 1\n}\n'


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xff", "c.json: not a citation counts file (not UTF-8); fix it or delete it and run publist sync --citations"),
        (b"[]", 'c.json: not a citation counts file (no "counts" object); fix it or delete it and run publist sync --citations'),
        (b'{"counts": {"a": {"count": -1, "source": "inspire", "id": "doi:1", "date": "2026-01-01"}}}',
         "c.json: entry 'a': a count needs count (a whole number), source (semanticscholar, openalex, inspire), id and date (YYYY-MM-DD)"),
        (b'{"counts": {"a": {"count": 1, "source": "scholar", "id": "doi:1", "date": "2026-01-01"}}}',
         "c.json: entry 'a': a count needs count (a whole number), source (semanticscholar, openalex, inspire), id and date (YYYY-MM-DD)"),
        (b'{"counts": {"a": {"count": 1, "source": "inspire", "id": "doi:1", "date": "yesterday"}}}',
         "c.json: entry 'a': a count needs count (a whole number), source (semanticscholar, openalex, inspire), id and date (YYYY-MM-DD)"),
    ],
)
def test_a_broken_file_is_one_line_naming_it(data: bytes, message: str) -> None:
    with pytest.raises(PublistError) as err:
        citations.loads(data, "c.json")
    assert str(err.value) == message


def test_a_count_belongs_to_the_entry_only_while_it_has_the_id_asked() -> None:
    pubs, _ = loads("@misc{a, title={A}, eprint={1912.07145v3}}\n@misc{b, title={B}, doi={10.1109/X.1}}\n"
                    "@misc{a, title={A2}, eprint={2101.00001}}\n@misc{c, title={C}, eprint={2101.00002}}\n")
    kept = {"a": Count(4, "inspire", "arXiv:1912.07145", "2026-12-05"),
            "b": Count(5, "inspire", "doi:10.1109/x.1", "2026-12-05"),
            "a#2": Count(6, "inspire", "arXiv:2101.00001", "2026-12-05"),
            "c": Count(7, "inspire", "arXiv:2101.09999", "2026-12-05")}  # c's id changed since
    by_entry = citations.for_entries(pubs, kept)
    assert [by_entry.get(p.span.start, None) and by_entry[p.span.start].cited for p in pubs] == [4, 5, 6, None]


def test_identifiers_prefer_arxiv_except_for_openalex() -> None:
    pubs, _ = loads("@inproceedings{p, title={P}, eprint={1905.03696}, doi={10.1109/ICCV.2019.00038}}\n"
                    "@misc{q, title={Q}, doi={10.48550/arXiv.2101.00001}}\n@misc{r, title={R}}\n")
    assert [citations.identifier(p, "semanticscholar") for p in pubs] == [
        "arXiv:1905.03696", "arXiv:2101.00001", ""]
    assert [citations.identifier(p, "openalex") for p in pubs] == [
        "doi:10.1109/ICCV.2019.00038", "arXiv:2101.00001", ""]


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('[citations]\nsource = "scholar"\n',
         "config.toml: 'citations.source' must be one of 'semanticscholar', 'openalex', 'inspire', not 'scholar'"),
        ("[citations]\nmax_age_days = -1\n", "config.toml: 'citations.max_age_days' must not be negative"),
        ('[citations]\nfile = " "\n', "config.toml: 'citations.file' must name a file, e.g. \"citations.json\""),
        ('[render]\ncitations_label = "{n} cites"\n',
         "config.toml: 'render.citations_label': unknown placeholder {n} (expected one of: {count}, {source}, {date})"),
        ('[render]\ncitations_label = "{count:d}"\n',
         "config.toml: 'render.citations_label': Unknown format code 'd' for object of type 'str' in '{count:d}'"),
        ('[render]\ncitation_summary_label = "{count}"\n',
         ("config.toml: 'render.citation_summary_label': unknown placeholder {count} (expected one of: "
         "{total}, {h}, {papers}, {source}, {date})")),
        ('[render]\nsort = "cites"\n', "config.toml: 'render.sort' must be one of 'date', 'file', 'citations', not 'cites'"),
    ],
)
def test_config_mistakes_are_one_line(tmp_path: Path, table: str, message: str) -> None:
    from publist.config import loads as config
    from publist.errors import ConfigError

    with pytest.raises(ConfigError) as err:
        config(table)
    assert str(err.value) == message


# render: the golden case tests/data/render/citations.{md,html,tex,typ} (test_golden.py), and


CASE = DATA / "render" / "citations.bib"


def render_case(*argv: str, config: str = "", folder: Path | None = None) -> tuple[int, str, str]:
    """The golden case, its config with the ``[render]`` keys ``config`` sets written to ``folder``."""
    return run("render", "--bib", str(CASE), "--config", str(case_config(config, folder)), *argv)


def case_config(extra: str, folder: Path | None) -> Path:
    path = CASE.parent / "citations.toml"
    if not extra or folder is None:
        return path
    text = path.read_text().replace('file = "citations.counts.json"',
                                    f'file = "{CASE.parent / "citations.counts.json"}"')
    for key in re.findall(r"^(\w+) = ", extra, re.MULTILINE):  # a key given again replaces it
        text = re.sub(rf"^{key} = .*\n", "", text, flags=re.MULTILINE)
    (folder / "config.toml").write_text(text.replace("[render]\n", "[render]\n" + extra))
    return folder / "config.toml"


def test_json_and_templates_get_each_entrys_count_and_the_summary(tmp_path: Path) -> None:
    status, out, err = render_case("--format", "json")
    assert status == 0, err
    items = {item["id"]: item["publist"] for item in json.loads(out)}
    assert items["big"]["citations"] == {"count": 12345, "source": "Semantic Scholar", "date": "2026-12-01",
                                         "id": "doi:10.1103/physrevlett.116.061102"}
    assert items["big"]["lines"]["citations"] == "Cited by 12,345"
    assert items["pub"]["citations"]["count"] == 50  # its preprint's, shown once
    assert items["dup-2"]["citations"]["count"] == 0
    assert items["uncounted"]["citations"] is None and items["moved"]["citations"] is None
    assert list(items) == ["big", "old", "pub", "dup", "dup-2", "uncounted", "moved"]
    template = tmp_path / "cv.md.j2"
    template.write_text("{% for item in items %}{{ item.id }}: {{ item.publist.citations.count "
                        "if item.publist.citations else '-' }}\n{% endfor %}"
                        "{{ citation_summary.total }} / h={{ citation_summary.h }} / {{ citation_summary.line }}\n")
    status, out, err = render_case("--template", str(template))
    assert status == 0, err
    assert out == ("big: 12345\nold: 99\npub: 50\ndup: 7\ndup-2: 0\nuncounted: -\nmoved: -\n"
                   "12501 / h=4 / Citations: 12,501, h-index 4 (Semantic Scholar, 1900-01-01)\n")


def test_labels_and_separators_are_configurable_and_a_dated_label_needs_no_as_of(tmp_path: Path) -> None:
    status, out, _ = render_case(folder=tmp_path, config='citations_label = "{count} citations ({source}, {date})"\n'
                                 'citations_separator = "\u202f"\ncitation_summary_label = "{papers} papers, '
                                 '{total} citations"\n')
    assert status == 0
    assert "12\u202f345 citations (Semantic Scholar, 2026-12-01)" in out
    assert "99 citations (Semantic Scholar, 1900-01-01)\n" in out  # no "(as of ...)" twice
    assert out.endswith("\n5 papers, 12\u202f501 citations\n")


def test_without_citations_on_the_list_is_as_before_and_sorting_by_count_still_works(tmp_path: Path) -> None:
    status, out, _ = render_case("--format", "md", folder=tmp_path,
                                 config="citations = false\ncitation_summary = false\n")
    assert status == 0
    assert "Cited by" not in out and "Citations:" not in out
    titles = re.findall(r"^- \*\*(.+?)\*\*", out, re.MULTILINE)
    assert titles[:3] == ["Observation of Gravitational Waves from a Binary Black Hole Merger",
                          "A TV-Gaussian Prior for Infinite-Dimensional Bayesian Inverse Problems",
                          "Sparse Hessians at Scale"]
    # ties and entries without a count by date: 2023 before 2020
    assert titles[-2:] == ["A Paper the Source Does Not Know", "An Entry Whose arXiv Id Was Corrected"]


def test_a_csl_style_keeps_the_count_after_each_entry() -> None:
    status, out, err = render_case("--style", "apa", "--format", "md")
    assert status == 0, err
    first = out.split("\n- ")[0]
    assert "Physical Review Letters" in first and first.rstrip().endswith("Cited by 12,345")


def test_render_without_a_counts_file_says_so_in_one_line(project: Path) -> None:
    status, out, err = run("render", "--citations")
    assert status == 0
    assert err == f"{project / 'citations.json'}: no citation counts yet; run publist sync --citations\n".replace(
        str(project) + "/", "")
    assert "Cited by" not in out
    assert run("render", "--citations", "--strict")[0] == 1


def test_render_inplace_markers_take_citations_as_an_option(project: Path) -> None:
    assert run("sync", "--citations")[0] == 0
    (project / "README.md").write_text("# Me\n<!-- publist:start citations limit=1 -->\n<!-- publist:end -->\n")
    status, _, err = run("render", "--inplace", "README.md")
    assert status == 0, err
    assert "  Cited by 412\n<!-- publist:end -->" in (project / "README.md").read_text()


def test_check_warns_of_old_counts_and_of_counts_for_another_id(tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(CASE.read_text())
    (tmp_path / "citations.json").write_text((CASE.parent / "citations.counts.json").read_text())
    (tmp_path / "config.toml").write_text('[citations]\nmax_age_days = 30\n')
    _, out, _ = run("check", "--config", str(tmp_path / "config.toml"), str(bib))
    warnings = [line for line in out.splitlines() if "[citations-" in line]
    assert warnings == [
        (f"{bib}:44: warning: entry 'old': its citation count is from 1900-01-01, older than 30 days "
        "([citations] max_age_days); run publist sync --citations [citations-age]"),
        (f"{bib}:59: warning: entry 'moved': its citation count was asked for arXiv:2002.00001, which the "
        "entry no longer has; it is not shown; run publist sync --citations [citations-id]")]


def test_the_counts_compile_in_latex_and_typst(tmp_path: Path) -> None:
    import subprocess

    from typstcheck import compile_lists, words

    status, typ, _ = render_case("--format", "typst")
    assert status == 0
    compiled = compile_lists(tmp_path, {"citations": typ})
    assert "Cited by 12,345" in words(compiled.text)
    assert "Citations: 12,501, h-index 4 (Semantic Scholar, 1900-01-01)" in words(compiled.text)
    status, tex, _ = render_case("--format", "latex", "--standalone")
    assert status == 0
    (tmp_path / "cv.tex").write_text(tex)
    done = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-no-shell-escape", "cv.tex"], cwd=tmp_path,
                          capture_output=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout.decode(errors="replace")[-2000:]


def _known(source: str) -> dict[str, int]:
    """What each stand-in counts, by the identifier publist asks it."""
    from fake_citations import inspire_records, openalex_works, s2_pool

    if source == "semanticscholar":
        return {("arXiv:" + k[6:] if k.startswith("ARXIV:") else "doi:" + k[4:]): p["citationCount"]
                for k, p in s2_pool().items() if p is not None}
    if source == "openalex":
        out = {}
        for work in openalex_works():
            doi = work["doi"].removeprefix("https://doi.org/")
            out["arXiv:" + doi[len("10.48550/arxiv."):] if doi.startswith("10.48550/") else "doi:" + doi] = \
                work["cited_by_count"]
        return out
    out = {}
    for record in inspire_records():
        meta = record["metadata"]
        for e in meta.get("arxiv_eprints", []):
            out["arXiv:" + e["value"]] = meta["citation_count"]
        for d in meta.get("dois", []):
            out["doi:" + d["value"].lower()] = meta["citation_count"]
    return out


@pytest.mark.parametrize("source", ["semanticscholar", "openalex", "inspire"])
@pytest.mark.parametrize("export", sorted(p.name for p in (DATA / "exports").glob("*.bib")))
def test_every_exporters_file_gets_the_counts_the_source_has_for_its_ids(
    project: Path, source: str, export: str
) -> None:
    """Real exports (Google Scholar, DBLP, INSPIRE, ADS, Zotero ...): each entry with an id the
    source knows gets that count, under its own name; the others get none."""
    (project / "refs.bib").write_text((DATA / "exports" / export).read_text(encoding="utf-8"), encoding="utf-8")
    configure(project, f'[citations]\nsource = "{source}"\n\n[venues]\nsources = []\n')
    status, _, err = run("sync", "--citations")
    assert status == 0, err
    pubs, _ = loads((project / "refs.bib").read_text(encoding="utf-8"), str(project / "refs.bib"))
    names = citations.names(pubs)
    known = {k.lower(): v for k, v in _known(source).items()}
    want = {}
    for pub in pubs:
        asked_ = citations.identifier(pub, source)
        if asked_.lower() in known:
            want[names[pub.span.start]] = (known[asked_.lower()], asked_)
    got = {name: (c["count"], c["id"]) for name, c in counts(project).items()}
    assert got == want
    assert want or "no count" in err or "0 count(s)" in err


def test_entries_without_ids_are_counted_not_asked_and_a_folder_is_no_counts_file(project: Path) -> None:
    (project / "refs.bib").write_text("@misc{a, title={A}}\n@misc{b, title={B}}\n")
    configure(project, "[venues]\nsources = []\n")
    status, _, err = run("sync", "--citations")
    assert status == 0, err
    assert "No arXiv id or DOI, so no count asked: 2 entries" in err
    assert "citations.json: written, 0 count(s) from Semantic Scholar, 0 new or changed (0 request(s)" in err
    (project / "citations.json").unlink()
    (project / "citations.json").mkdir()
    status, _, err = run("render", "--citations")
    assert (status, err) == (1, "citations.json: is a folder, not a citation counts file ([citations] file names it)\n")


def test_the_report_names_twenty_unknown_papers_and_counts_the_rest() -> None:
    from publist.sync.citations import Found, Report

    unknown = [f"k{i} (refs.bib:{i})" for i in range(1, 26)]
    report = Report(Found({}, unknown, []), {}, "citations.json", "INSPIRE", [], "", 1, True, False)
    assert report.lines()[0] == ("Not known to INSPIRE (no count): " + ", ".join(unknown[:20]) + " and 5 more")
