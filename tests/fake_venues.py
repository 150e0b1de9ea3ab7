"""Stand-ins on 127.0.0.1 for Semantic Scholar, DBLP and Crossref, answering as the real APIs do.

They serve the records in tests/data/venues/ (see its SOURCES.md): Semantic Scholar's
``POST /graph/v1/paper/batch``, DBLP's ``/rec/<key>.xml`` and ``/search/publ/api``, and
Crossref's ``/works/<doi>``, over real HTTP (pytest-httpserver). Each also counts what it was
asked, so that tests can check request counts and that no title search was made.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from publist.papers.matching import normalize_title

DATA = Path(__file__).resolve().parent / "data" / "venues"
S2_PAPERS: dict[str, dict] = json.loads((DATA / "semanticscholar" / "seed_papers.json").read_text())
DBLP_RECORDS: dict[str, str] = {
    re.search(r'key="([^"]+)"', p.read_text()).group(1): p.read_text()  # type: ignore[union-attr]
    for p in sorted((DATA / "dblp").glob("rec_*.xml"))
}
CROSSREF_WORKS: dict[str, str] = {
    json.loads(p.read_text())["message"]["DOI"].lower(): p.read_text()
    for p in sorted((DATA / "crossref").glob("works_*.json"))
}


def semanticscholar(papers: dict[str, dict | None] | None = None) -> Callable[[Request], Response]:
    """``POST /paper/batch``: a list aligned with the ids, ``null`` for a paper not known."""
    pool = S2_PAPERS if papers is None else papers

    def answer(request: Request) -> Response:
        if "fields" not in request.args:
            return Response('{"error":"fields are required"}', status=400)
        ids = json.loads(request.data)["ids"]
        found = [pool.get(i.removeprefix("ARXIV:")) for i in ids]
        return Response(json.dumps(found), content_type="application/json")

    return answer


def _hit(xml: str) -> dict:
    """A DBLP search hit as the search API writes one, from a record."""
    def tag(name: str) -> str:
        m = re.search(rf"<{name}>(.*?)</{name}>", xml, re.DOTALL)
        return m.group(1) if m else ""

    key = re.search(r'key="([^"]+)"', xml).group(1)  # type: ignore[union-attr]
    authors = [{"@pid": "0", "text": a} for a in re.findall(r"<author>(.*?)</author>", xml)]
    info = {"authors": {"author": authors if len(authors) != 1 else authors[0]} if authors else "",
            "title": tag("title"),
            "venue": tag("booktitle") or tag("journal"), "pages": tag("pages"), "year": tag("year"),
            "type": "Conference and Workshop Papers" if "<inproceedings" in xml else (
                "Informal and Other Publications" if "corr/" in key else "Journal Articles"),
            "key": key, "ee": tag("ee"), "url": f"https://dblp.org/rec/{key}"}
    if tag("volume"):
        info["volume"] = tag("volume")
    if tag("number"):
        info["number"] = tag("number")
    return {"@score": "5", "@id": "1", "info": {k: v for k, v in info.items() if v}, "url": "URL#1"}


def dblp(records: dict[str, str] | None = None) -> Callable[[Request], Response]:
    """``/rec/<key>.xml`` and ``/search/publ/api?q=...&format=json``, as DBLP answers them."""
    pool = DBLP_RECORDS if records is None else records

    def answer(request: Request) -> Response:
        path = unquote(request.path).removeprefix("/dblp")
        if path.startswith("/rec/") and path.endswith(".xml"):
            xml = pool.get(path[len("/rec/") : -len(".xml")])
            if xml is None:
                return Response("<html>not found</html>", status=404)
            return Response(xml, content_type="application/xml")
        if path == "/search/publ/api":
            words = set(normalize_title(request.args.get("q", "")).split())
            hits = [_hit(x) for x in pool.values()
                    if words and words <= set(normalize_title(_hit(x)["info"]["title"]).split())]
            hits = hits[: int(request.args.get("h", "30"))]
            body = {"result": {"query": request.args.get("q"), "status": {"@code": "200", "text": "OK"},
                               "hits": {"@total": str(len(hits)), "@computed": str(len(hits)),
                                        "@sent": str(len(hits)), "@first": "0",
                                        **({"hit": hits} if hits else {})}}}
            return Response(json.dumps(body), content_type="application/json")
        return Response("not found", status=404)

    return answer


def crossref(works: dict[str, str] | None = None) -> Callable[[Request], Response]:
    """``/works/<doi>``: the work, or Crossref's 404 for a DOI it does not know."""
    pool = CROSSREF_WORKS if works is None else works

    def answer(request: Request) -> Response:
        doi = unquote(request.path).removeprefix("/crossref").removeprefix("/works/").lower()
        if doi in pool:
            return Response(pool[doi], content_type="application/json")
        return Response("Resource not found.", status=404, content_type="text/plain")

    return answer


def serve(server: HTTPServer, s2: Callable | None = None, dblp_: Callable | None = None,
          crossref_: Callable | None = None) -> str:
    """All three on one server, under their own paths; the config.toml tables that point at it."""
    server.expect_request(re.compile("^/s2/")).respond_with_handler(s2 or semanticscholar())
    server.expect_request(re.compile("^/dblp/")).respond_with_handler(dblp_ or dblp())
    server.expect_request(re.compile("^/crossref/")).respond_with_handler(crossref_ or crossref())
    base = server.url_for("")
    return (f'[semanticscholar]\napi_url = "{base}s2/graph/v1"\ndelay_seconds = 0\n\n'
            f'[dblp]\napi_url = "{base}dblp"\ndelay_seconds = 0\n\n'
            f'[crossref]\napi_url = "{base}crossref"\ndelay_seconds = 0\nmailto = "yao@example.org"\n')


def asked(server: HTTPServer, prefix: str) -> list[Request]:
    """The requests one stand-in received, e.g. ``asked(server, "/dblp/search")``."""
    return [r for r, _ in server.log if r.path.startswith(prefix)]
