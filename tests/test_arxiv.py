"""The arXiv client against a real HTTP server on 127.0.0.1: batching, pacing, retries, errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from publist.sources.arxiv import ArxivClient
from publist.sources.atom import FeedError, parse

from conftest import Clock
from fake_arxiv import DATA, entries, handler


def client(server: HTTPServer, clock: Clock | None = None, **kwargs) -> ArxivClient:
    clock = clock or Clock()
    return ArxivClient(server.url_for("/api/query"), sleep=clock.sleep, clock=clock.time, **kwargs)


def test_parse_current_and_legacy_layouts() -> None:
    (e,), total = parse((DATA / "legacy2016_id_list_1111.2011v2.xml").read_bytes())
    assert (e.id, e.version, e.doi, e.journal_ref, e.primary_category, total) == (
        "1111.2011", 2, "10.1103/PhysRevB.85.115117", "Phys. Rev. B 85, 115117 (2012)", "cond-mat.str-el", 1)
    assert e.title == "Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit"
    (e,), _ = parse((DATA / "api2026_id_astro-ph_0601001.xml").read_bytes())
    assert (e.id, e.version, e.journal_ref) == ("astro-ph/0601001", 1, "ActaAstron.56:1-50,2006")
    (e,), _ = parse((DATA / "api2026_id_2104.12255v1_title_0.xml").read_bytes())
    assert e.title == "0"
    many, total = parse((DATA / "api2026_search_testing_start0_max100.xml").read_bytes())
    assert len(many) == 100 and sum(bool(x.doi) for x in many) == 32 and total > 100


def test_error_feed_names_the_bad_id() -> None:
    with pytest.raises(FeedError) as err:
        parse((DATA / "api2026_id_abc_http400_error.xml").read_bytes())
    assert (str(err.value), err.value.bad_id) == ("arXiv says: incorrect id format for abc", "abc")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "an empty answer"),
        (b"<feed xmlns='http://www.w3.org/2005/Atom'><entry>", "malformed XML"),
        ((b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
         b"<feed>&lol2;</feed>"), "XML that publist refuses to read"),
        (b'<!DOCTYPE feed SYSTEM "http://evil.example/x.dtd"><feed/>', "XML that publist refuses to read"),
        (b"<html><body>Rate exceeded.</body></html>", "a web page, not XML"),
        (b"<!DOCTYPE html>\n<html lang='en'><title>Sign in</title></html>", "a web page, not XML"),
        (b"<?xml version='1.0'?><rss><channel/></rss>", "not an Atom feed"),
    ],
)
def test_unusable_answers(body: bytes, message: str) -> None:
    with pytest.raises(FeedError) as err:
        parse(body)
    assert str(err.value).startswith(message)


def test_ids_in_batches_matched_by_id_not_by_order(httpserver: HTTPServer) -> None:
    pool = entries("seed_papers.xml")
    httpserver.expect_request("/api/query").respond_with_handler(handler(pool))
    ids = list(pool)[::-1] + ["0808.05394"]  # 18 real ids, reversed, and one arXiv does not have
    batch = client(httpserver, batch_size=7, delay_seconds=0).fetch_ids(ids)
    asked = [r.args["id_list"].split(",") for r, _ in httpserver.log]
    assert [len(a) for a in asked] == [7, 7, 5]  # ceil(19 / 7) requests
    assert [r.args["max_results"] for r, _ in httpserver.log] == ["7", "7", "5"]
    assert all(batch.found[i][0].id == i for i in pool)
    assert batch.failed == {"0808.05394": "not found on arXiv"}


def test_recorded_batch_with_a_missing_id(httpserver: HTTPServer) -> None:
    body = (DATA / "api2026_id_0808.05394_1707.08567_one_missing.xml").read_bytes()
    httpserver.expect_request("/api/query").respond_with_data(body, content_type="application/atom+xml")
    batch = client(httpserver).fetch_ids(["0808.05394", "1707.08567"])
    assert list(batch.found) == ["1707.08567"] and batch.failed == {"0808.05394": "not found on arXiv"}


def test_requests_are_paced_three_seconds_apart(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/query").respond_with_handler(handler(entries("seed_papers.xml")))
    clock = Clock()
    waits: list[tuple[float, str]] = []
    c = client(httpserver, clock, batch_size=6, on_wait=lambda s, why: waits.append((s, why)))
    c.fetch_ids(list(entries("seed_papers.xml")))
    assert len(httpserver.log) == 3
    assert clock.sleeps == [3.0, 3.0]
    assert waits == [(3.0, "arXiv asks for 3 s between requests")] * 2


def _sequence(*responses: Response):
    answers = list(responses)

    def answer(request: Request) -> Response:
        return answers.pop(0)

    return answer


def _ok() -> Response:
    return Response((DATA / "api2026_id_1605.08386.xml").read_bytes(), content_type="application/atom+xml")


def test_retries_after_429_and_503_honouring_retry_after(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/query").respond_with_handler(_sequence(
        Response("Rate exceeded.", status=429, headers={"Retry-After": "7"}),
        Response("busy", status=503),
        _ok(),
    ))
    clock = Clock()
    batch = client(httpserver, clock).fetch_ids(["1605.08386"])
    assert list(batch.found) == ["1605.08386"]
    assert clock.sleeps == [7.0, 6.0]  # Retry-After, then backoff 3 * 2**1


def test_gives_up_after_the_retries(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/query").respond_with_data("busy", status=503)
    clock = Clock()
    batch = client(httpserver, clock, retries=3).fetch_ids(["1605.08386"])
    assert batch.failed == {"1605.08386": "HTTP 503 after 3 retries"}
    assert len(httpserver.log) == 4 and clock.sleeps == [3.0, 6.0, 12.0]


def test_a_400_is_not_retried_but_the_id_it_names_is_dropped(httpserver: HTTPServer) -> None:
    error = (DATA / "api2026_id_abc_http400_error.xml").read_bytes()
    httpserver.expect_request("/api/query").respond_with_handler(_sequence(
        Response(error, status=400, content_type="application/atom+xml"),
        _ok(),
    ))
    batch = client(httpserver).fetch_ids(["abc", "1605.08386"])
    assert list(batch.found) == ["1605.08386"]
    assert batch.failed == {"abc": "arXiv says: incorrect id format for abc"}
    assert [r.args["id_list"] for r, _ in httpserver.log] == ["abc,1605.08386", "1605.08386"]


def test_hostile_xml_is_not_retried(httpserver: HTTPServer) -> None:
    bomb = b'<!DOCTYPE x [<!ENTITY a "aaaa">]><feed>&a;</feed>'
    httpserver.expect_request("/api/query").respond_with_data(bomb, content_type="application/atom+xml")
    batch = client(httpserver).fetch_ids(["1605.08386"])
    assert batch.failed["1605.08386"].startswith("arXiv answered with XML that publist refuses to read")
    assert len(httpserver.log) == 1


def test_a_long_retry_after_ends_the_look_up(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/query").respond_with_data("", status=429, headers={"Retry-After": "3600"})
    batch = client(httpserver).fetch_ids(["1605.08386"])
    assert batch.failed == {"1605.08386": "HTTP 429: arXiv asks to wait 3600 s; try again later"}


def test_timeout_and_truncated_answers_are_retried(httpserver: HTTPServer) -> None:
    import time as real_time

    def slow(request: Request) -> Response:
        real_time.sleep(0.5)
        return _ok()

    httpserver.expect_request("/api/query").respond_with_handler(slow)
    batch = client(httpserver, timeout_seconds=0.1, retries=1, delay_seconds=0).fetch_ids(["1605.08386"])
    assert batch.failed == {"1605.08386": f"no answer from {httpserver.host}:{httpserver.port} within 0.1 s after 1 retry"}


def test_user_agent_names_publist(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/query").respond_with_handler(lambda r: _ok())
    client(httpserver).fetch_ids(["1605.08386"])
    request, _ = httpserver.log[0]
    assert request.headers["User-Agent"].startswith("publist/")


def test_title_search_batches_several_titles_a_request(httpserver: HTTPServer, tmp_path: Path) -> None:
    pool = entries("seed_papers.xml")
    httpserver.expect_request("/api/query").respond_with_handler(handler(pool))
    titles = [f"title number {i}" for i in range(23)]
    batch = client(httpserver, delay_seconds=0, titles_per_request=10).search_titles(titles)
    assert len(httpserver.log) == 3  # at most one request per 10 titles
    assert set(batch.found) == set(titles) and not batch.failed


def test_a_truncated_answer_is_retried_and_reported(httpserver: HTTPServer) -> None:
    body = (DATA / "api2026_id_1605.08386.xml").read_bytes()
    cut = Response(body[:300], content_type="application/atom+xml")
    cut.automatically_set_content_length = False
    cut.headers["Content-Length"] = str(len(body))  # announces more than it sends
    httpserver.expect_request("/api/query").respond_with_response(cut)
    arxiv = client(httpserver, retries=2)
    batch = arxiv.fetch_ids(["1605.08386"])
    assert arxiv.requests_sent == 3  # the first try and two retries
    assert batch.failed == {"1605.08386": f"cannot reach {httpserver.host}:{httpserver.port} "
                                          "(the answer was cut off) after 2 retries"}


def test_an_empty_or_malformed_answer_is_retried_and_reported(httpserver: HTTPServer) -> None:
    body = (DATA / "api2026_id_1605.08386.xml").read_bytes()
    httpserver.expect_request("/api/query").respond_with_handler(_sequence(
        Response(b"", content_type="application/atom+xml"),
        Response(body[:300], content_type="application/atom+xml"),
        _ok(),
    ))
    clock = Clock()
    batch = client(httpserver, clock, retries=2).fetch_ids(["1605.08386"])
    assert list(batch.found) == ["1605.08386"] and clock.sleeps == [3.0, 6.0]
