"""The venue sources' parsers on recorded and documented answers, and their clients against a
real HTTP server on 127.0.0.1: batching, pacing, 429s, keys, etiquette, garbage."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from publist.errors import FetchError
from publist.sources.cache import Cache
from publist.sources.crossref import CrossrefClient, parse_work, published
from publist.sources.dblp import DblpClient, parse_record, parse_search
from publist.sources.http import Retry
from publist.sources.semanticscholar import SemanticScholarClient, parse_paper

from conftest import Clock
from fake_venues import DATA, DBLP_RECORDS, dblp, semanticscholar

RECORDED_S2 = DATA / "semanticscholar"


def test_a_recorded_semantic_scholar_batch_with_an_unknown_id() -> None:
    papers = [parse_paper(p) for p in json.loads((RECORDED_S2 / "paper_batch_first_id_not_found_null.json").read_text())]
    assert papers[0] is None  # the id Semantic Scholar did not know: null
    assert papers[1] is not None and papers[1].published is None  # an SSRN record is no venue
    assert papers[3] is not None and papers[3].published is None  # no venue at all


def test_a_recorded_reference_of_an_arxiv_paper_published_at_icml() -> None:
    data = json.loads((RECORDED_S2 / "reference_item_arxiv_1402.0030_icml.json").read_text())
    paper = parse_paper(data["citedPaper"])
    assert paper is not None and paper.arxiv == "1402.0030"
    assert paper.dblp == ""  # journals/corr/MnihG14 is DBLP's CoRR copy, not a venue
    assert paper.published is not None
    assert (paper.published.kind, paper.published.venue, paper.published.pages) == (
        "conference", "International Conference on Machine Learning", "1791-1799")
    assert "ICML" in paper.published.aliases and paper.published.year is None


def test_recorded_crossref_works() -> None:
    work = published(parse_work(json.loads((DATA / "crossref" / "works_10.2196_22081_has-preprint.json").read_text())))
    assert work is not None
    assert (work.kind, work.venue, work.volume, work.number, work.pages, work.year) == (
        "journal", "Journal of Medical Internet Research", "22", "11", "e22081", 2020)
    assert work.authors[0] == "Antoine Grenier Ouimet"


@pytest.mark.parametrize(
    "body",
    [{"status": "ok", "message": {"type": "posted-content", "container-title": ["bioRxiv"],
                                  "DOI": "10.1101/2020.01.01.123456"}},
     {"status": "ok", "message": {"type": "journal-article", "container-title": ["arXiv"]}},
     {"status": "ok", "message": {"type": "dataset", "container-title": ["Zenodo"]}}],
)
def test_crossref_preprints_and_other_things_are_no_venue(body: dict) -> None:
    assert published(parse_work(body)) is None


def test_dblp_records_and_hits_in_their_documented_shapes() -> None:
    record = parse_record(DBLP_RECORDS["journals/ip/YaoHL16"].encode())
    assert record is not None
    assert (record.kind, record.venue, record.volume, record.number, record.pages, record.year) == (
        "journal", "Inverse Problems", "32", "7", "075006", 2016)
    assert parse_record(DBLP_RECORDS["journals/corr/abs-1906-04596"].encode()) is None
    hits = parse_search({"result": {"hits": {"@total": "2", "hit": [
        {"info": {"authors": {"author": {"@pid": "1", "text": "Wei Wang 0001"}}, "title": "A Paper.",
                  "venue": ["NeurIPS", "x"], "year": "2019", "type": "Conference and Workshop Papers",
                  "key": "conf/nips/W19", "ee": ["https://doi.org/10.5555/x", "https://y"]}},
        {"info": {"title": "A Paper.", "venue": "CoRR", "key": "journals/corr/abs-1"}}]}}})
    assert [(h.venue, h.title, h.authors, h.doi) for h in hits] == [
        ("NeurIPS", "A Paper", ("Wei Wang",), "10.5555/x")]
    assert parse_search({"result": {"hits": {"@total": "0"}}}) == []
    with pytest.raises(Retry):
        parse_search(["not", "a", "result"])


def test_dblp_xml_with_entities_is_refused_not_retried() -> None:
    hostile = b'<!DOCTYPE dblp [<!ENTITY x "y">]><dblp><article key="a"><title>&x;</title></article></dblp>'
    with pytest.raises(FetchError):
        parse_record(hostile)


def _s2_client(server: HTTPServer, clock: Clock, **kwargs) -> SemanticScholarClient:
    return SemanticScholarClient(server.url_for("/graph/v1"), sleep=clock.sleep, clock=clock.time,
                                 delay_seconds=1.0, **kwargs)


def test_semantic_scholar_asks_500_ids_a_request_one_second_apart(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/graph/v1/paper/batch", method="POST").respond_with_handler(semanticscholar())
    clock = Clock()
    ids = [f"2001.{i:05d}" for i in range(1, 1002)] + ["1906.04596"]
    batch = _s2_client(httpserver, clock).by_arxiv(ids)
    assert [len(json.loads(r.data)["ids"]) for r, _ in httpserver.log] == [500, 500, 2]
    assert clock.sleeps == [1.0, 1.0]
    assert batch.found["1906.04596"] is not None and batch.found["2001.00001"] is None
    assert not batch.failed


def test_semantic_scholar_429_with_and_without_retry_after(httpserver: HTTPServer) -> None:
    answers = [Response("Too Many Requests", status=429, headers={"Retry-After": "7"}),
               Response('{"message": "Too Many Requests"}', status=429)]

    def busy(request: Request) -> Response:
        return answers.pop(0) if answers else semanticscholar()(request)

    httpserver.expect_request("/graph/v1/paper/batch").respond_with_handler(busy)
    clock = Clock()
    batch = _s2_client(httpserver, clock).by_arxiv(["1906.04596"])
    assert batch.found["1906.04596"] is not None
    assert clock.sleeps == [7.0, 2.0]  # Retry-After, then backoff (1 s doubled)
    assert len(httpserver.log) == 3


def test_semantic_scholar_key_from_the_config_or_the_environment(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    httpserver.expect_request("/graph/v1/paper/batch").respond_with_handler(semanticscholar())
    _s2_client(httpserver, Clock(), api_key="from-config").by_arxiv(["1906.04596"])
    monkeypatch.setenv("S2_API_KEY", "from-environment")
    _s2_client(httpserver, Clock()).by_arxiv(["1906.04596"])
    monkeypatch.delenv("S2_API_KEY")
    _s2_client(httpserver, Clock()).by_arxiv(["1906.04596"])
    assert [r.headers.get("x-api-key") for r, _ in httpserver.log] == ["from-config", "from-environment", None]


def test_semantic_scholar_garbage_is_retried_then_reported(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/graph/v1/paper/batch").respond_with_data("[1, 2, 3]")
    clock = Clock()
    batch = _s2_client(httpserver, clock, retries=2).by_arxiv(["1906.04596"])
    assert batch.failed == {"1906.04596": "Semantic Scholar answered with something other than one "
                                          "record per id after 2 retries"}
    assert len(httpserver.log) == 3


def test_crossref_names_the_user_in_its_user_agent_and_a_404_is_no_work(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/works/10.1000/unknown").respond_with_data("Resource not found.", status=404)
    client = CrossrefClient(httpserver.url_for(""), mailto="yao@example.org", delay_seconds=0)
    assert client.works(["10.1000/unknown"]).found == {"10.1000/unknown": None}
    (request, _), = httpserver.log
    assert request.headers["User-Agent"].endswith("(bibliography sync; mailto:yao@example.org)")


def test_dblp_by_key_and_by_title(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/rec/conf/nips/ZhangYGKGBM19.xml").respond_with_handler(dblp())
    httpserver.expect_request("/rec/conf/none/X.xml").respond_with_handler(dblp())
    httpserver.expect_request("/search/publ/api").respond_with_handler(dblp())
    client = DblpClient(httpserver.url_for(""), delay_seconds=0)
    records = client.records(["conf/nips/ZhangYGKGBM19", "conf/none/X"])
    assert records.found["conf/nips/ZhangYGKGBM19"].venue == "NeurIPS"  # type: ignore[union-attr]
    assert records.found["conf/none/X"] is None
    hits = client.search(["Residual Networks as Nonlinear Systems"]).found
    assert hits == {"Residual Networks as Nonlinear Systems": []}  # only the CoRR copy matched
    assert dict(httpserver.log[-1][0].args) == {"q": "Residual Networks as Nonlinear Systems",
                                          "format": "json", "h": "10"}


def test_a_saved_null_is_an_answer_for_cache_hours_like_any_other(tmp_path: Path) -> None:
    clock = Clock()
    cache = Cache(tmp_path / "crossref", 24 * 3600, now=clock.time)
    miss = object()
    cache.put("doi", "10.5555/not-registered", None)  # Crossref's 404
    cache.put("doi", "10.1109/iccv.2019.00038", {"doi": "10.1109/ICCV.2019.00038"})
    assert cache.get("doi", "10.5555/not-registered", miss) is None
    assert cache.get("doi", "10.5555/never-asked", miss) is miss
    clock.sleep(24 * 3600 + 1)
    assert cache.get("doi", "10.5555/not-registered", miss) is miss
    assert cache.get("doi", "10.1109/iccv.2019.00038", miss) is miss


def test_a_source_that_cannot_be_connected_to_is_asked_once_and_not_retried(httpserver: HTTPServer) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens there once the socket is closed
    clock = Clock()
    refused = DblpClient(f"http://127.0.0.1:{port}", sleep=clock.sleep, clock=clock.time)
    batch = refused.records(["conf/iccv/DongYGMK19", "conf/nips/DongYAGMK20"])
    why = f"cannot reach 127.0.0.1:{port} (connection refused)"
    assert batch.failed == {"conf/iccv/DongYGMK19": why, "conf/nips/DongYAGMK20": why}
    assert refused.http.requests_sent == 1 and clock.sleeps == [] and refused.http.unreachable == why
    # TLS that fails (an https client and a plain HTTP server) is the same
    httpserver.expect_request(re.compile("^/dblp/")).respond_with_handler(dblp())
    tls = DblpClient(httpserver.url_for("/dblp").replace("http://", "https://"), sleep=clock.sleep, clock=clock.time)
    assert tls.records(["conf/iccv/DongYGMK19"]).failed == {
        "conf/iccv/DongYGMK19": f"cannot reach {httpserver.host}:{httpserver.port} (TLS error)"}
    assert tls.http.requests_sent == 1 and clock.sleeps == [] and httpserver.log == []
    # a server that answers 503 is still asked again, with back-off
    httpserver.clear()
    httpserver.expect_request(re.compile("^/dblp/")).respond_with_data("busy", status=503)
    busy = DblpClient(httpserver.url_for("/dblp"), retries=2, sleep=clock.sleep, clock=clock.time)
    assert busy.records(["conf/iccv/DongYGMK19"]).failed == {"conf/iccv/DongYGMK19": "HTTP 503 after 2 retries"}
    assert busy.http.requests_sent == 3 and clock.sleeps == [2.0, 4.0]
    # ... and once every retry failed, it is down for this run: the next question is not sent
    assert busy.http.unreachable == "HTTP 503 after 2 retries"
    assert busy.records(["conf/nips/DongYAGMK20"]).failed == {"conf/nips/DongYAGMK20": "HTTP 503 after 2 retries"}
    assert busy.http.requests_sent == 3 and len(httpserver.log) == 3


def test_a_name_that_does_not_resolve_is_a_connection_failure() -> None:
    import requests
    from urllib3.exceptions import MaxRetryError, NameResolutionError

    from publist.sources.http import _cannot_connect, _reason

    lookup = requests.ConnectionError(MaxRetryError(None, "/", NameResolutionError(  # type: ignore[arg-type]
        "api.crossref.org", None, "[Errno -2] Name or service not known")))  # type: ignore[arg-type]
    assert _cannot_connect(lookup) and _reason(lookup) == "name lookup failed; check your connection"
    assert not _cannot_connect(requests.ConnectTimeout("connect timed out"))
    assert not _cannot_connect(requests.ConnectionError("Connection aborted.", "RemoteDisconnected"))


# --- a web page where data was asked for: a network's login page, a proxy's error page -------

PAGES = {
    "login": (('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Network login</title></head>'
              '<body><form action="/login">...</form></body></html>'), "text/html; charset=utf-8"),
    "squid": (('<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN" "http://www.w3.org/TR/html4/strict.dtd">\n'
              '<html><head>\n<meta type="copyright" content="Copyright (C) 1996-2020 The Squid Software Foundation">\n'
              "<title>ERROR: The requested URL could not be retrieved</title>"), "text/html"),
    "xhtml": (('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
              '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml">'
              "<head><title>Access denied</title></head><body/></html>"), "application/xhtml+xml"),
    "mislabelled": ("\n  <!-- portal -->\n<html><head><title>Sign in</title></head></html>", "application/json"),
    "fragment": ("<p>Your session has expired.</p>", "text/html"),
}


def _asked(source: str, url: str) -> str:
    """What one look-up of ``source`` says when it fails, from a batch or a raised error."""
    from publist.sources.arxiv import ArxivClient
    from publist.sources.inspire import InspireClient
    from publist.sources.openalex import OpenAlexClient
    from publist.sources.orcid import OrcidClient

    fast = {"delay_seconds": 0, "retries": 0}
    calls = {
        "Semantic Scholar": lambda: SemanticScholarClient(url, **fast).by_arxiv(["1906.04596"]),  # type: ignore[arg-type]
        "Crossref": lambda: CrossrefClient(url, **fast).works(["10.1109/ICCV.2019.00038"]),  # type: ignore[arg-type]
        "OpenAlex": lambda: OpenAlexClient(url, api_key="k", **fast).citations(["10.1109/ICCV.2019.00038"]),  # type: ignore[arg-type]
        "ORCID": lambda: OrcidClient(url, **fast).profile("0000-0002-1825-0097"),  # type: ignore[arg-type]
        "INSPIRE": lambda: InspireClient(url, **fast).citations(["arXiv:1906.04596"]),  # type: ignore[arg-type]
        "DBLP": lambda: DblpClient(url, **fast).search(["Residual Networks"]),  # type: ignore[arg-type]
        "arXiv": lambda: ArxivClient(url, **fast).fetch_ids(["1906.04596"]),  # type: ignore[arg-type]
    }
    try:
        batch = calls[source]()
    except FetchError as err:
        return str(err)
    (failed,) = batch.failed.values()
    return str(failed)


@pytest.mark.parametrize("page", sorted(PAGES))
@pytest.mark.parametrize(
    ("source", "expected"),
    [("Semantic Scholar", "JSON"), ("Crossref", "JSON"), ("OpenAlex", "JSON"), ("ORCID", "JSON"),
     ("INSPIRE", "JSON"), ("DBLP", "JSON"), ("arXiv", "XML")],
)
def test_a_web_page_answered_with_200_is_called_a_web_page(httpserver: HTTPServer, source: str, expected: str,
                                                           page: str) -> None:
    body, content_type = PAGES[page]
    httpserver.expect_request(re.compile(".*")).respond_with_data(body, content_type=content_type)
    said = _asked(source, httpserver.url_for("/api"))
    assert said.endswith(f"{source} answered with a web page, not {expected} (a proxy's or a network's "
                         "login page?) after 0 retries"), said


def test_json_that_is_broken_is_still_called_malformed(httpserver: HTTPServer) -> None:
    httpserver.expect_request(re.compile(".*")).respond_with_data('{"message": "ok", "items": [', content_type="text/plain")
    assert _asked("Crossref", httpserver.url_for("/api")) == (
        "Crossref answered with malformed JSON (JSONDecodeError) after 0 retries")
