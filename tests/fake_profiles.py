"""Stand-ins on 127.0.0.1 for the four profile services, answering as the real APIs do.

They serve the answers in tests/data/profiles/ (see its SOURCES.md), or profiles a test makes:
DBLP's ``/pid/<pid>.xml``, ORCID's ``/v3.0/<orcid>/works`` and ``/works/<put-codes>`` (at most
100, an ``error`` item for a put-code it does not have), Semantic Scholar's
``/graph/v1/author/<id>/papers`` (``offset``, ``limit`` at most 1000, ``next``) and OpenAlex's
``/works?filter=author.id:<id>`` (``per-page`` at most 200, ``cursor``, ``select``, an API key
required) and ``/authors/<id>``. Each stand-in is mounted under a prefix of its own
(``/dblp``, ``/orcid``, ``/s2``, ``/openalex``) on one server; ``fake_venues.asked(server,
prefix)`` lists what each was asked.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

DATA = Path(__file__).resolve().parent / "data" / "profiles"
KEY = "test-key"
"""The OpenAlex API key the stand-in accepts."""
Handler = Callable[[Request], Response]


def _json(data: Any, status: int = 200) -> Response:
    return Response(json.dumps(data), status=status, content_type="application/json;charset=UTF-8")


def load(path: str) -> Any:
    return json.loads((DATA / path).read_text(encoding="utf-8"))


# --- DBLP ----------------------------------------------------------------------------------

def dblp(people: dict[str, bytes] | None = None) -> Handler:
    """``/pid/<pid>.xml``: the person's page, or DBLP's 404 page for a pid it does not know."""
    pool = people if people is not None else {"12/3456": (DATA / "dblp" / "pid_12-3456.xml").read_bytes()}

    def answer(request: Request) -> Response:
        m = re.fullmatch(r"/dblp/pid/(.+)\.xml", unquote(request.path))
        if m and m.group(1) in pool:
            return Response(pool[m.group(1)], content_type="application/xml; charset=utf-8")
        return Response("<!DOCTYPE html><html><title>dblp: Error 404</title></html>", status=404,
                        content_type="text/html")

    return answer


def dblp_person(pid: str, records: Iterable[str]) -> bytes:
    """A person's page holding these record elements, each in its ``<r>``."""
    body = "".join(f"<r>{r}</r>\n" for r in records)
    return (f'<?xml version="1.0" encoding="US-ASCII"?>\n<dblpperson name="Josiah Carberry" pid="{pid}">\n'
            f'<person key="homepages/{pid}"><author pid="{pid}">Josiah Carberry</author></person>\n'
            f"{body}</dblpperson>\n").encode()


# --- ORCID ---------------------------------------------------------------------------------

class OrcidRecord:
    """An ORCID record: its ``/works`` answer, and the details of its works by put-code."""

    def __init__(self, works: Any, details: Iterable[Any]) -> None:
        self.works = works
        self.details = {str(w["put-code"]): w for w in details}

    @classmethod
    def recorded(cls, orcid: str, bulk_files: Iterable[str]) -> OrcidRecord:
        details = [item["work"] for f in bulk_files for item in load(f"orcid/{f}")["bulk"] if "work" in item]
        return cls(load(f"orcid/{orcid}_works.json"), details)


def recorded_orcid() -> dict[str, OrcidRecord]:
    return {orcid: OrcidRecord.recorded(orcid, [f"{orcid}_works_bulk.json"])
            for orcid in ("0000-0002-1825-0097", "0000-0003-1415-9269", "0000-0002-2718-2815")}


def orcid(records: dict[str, OrcidRecord] | None = None) -> Handler:
    """``/v3.0/<orcid>/works`` and ``/v3.0/<orcid>/works/<put-code>,...``, as ORCID answers them."""
    pool = records if records is not None else recorded_orcid()

    def answer(request: Request) -> Response:
        m = re.fullmatch(r"/orcid/v3\.0/([\dX-]+)/works(?:/([\d,]+))?", request.path)
        record = pool.get(m.group(1)) if m else None
        if record is None:
            return _json(load("orcid/not_found_http404.json"), 404)
        if m is None or m.group(2) is None:
            return _json(record.works)
        codes = m.group(2).split(",")
        if len(codes) > 100:
            return _json({"response-code": 400, "user-message": "Too many put-codes: at most 100",
                          "developer-message": "400 Bad Request: at most 100 put-codes"}, 400)
        missing = {"response-code": 404, "user-message": "The resource was not found.", "error-code": 9016}
        return _json({"bulk": [{"work": record.details[c]} if c in record.details else {"error": missing}
                               for c in codes]})

    return answer


# --- Semantic Scholar ----------------------------------------------------------------------

def recorded_semanticscholar() -> dict[str, list[Any]]:
    """Author 1234567's papers, and author 1723755's 875 (titles only, as when only titles are asked)."""
    return {"1234567": load("semanticscholar/author_1234567_papers.json"),
            "1723755": [{"paperId": f"{i:040x}", "title": f"Paper {i}"} for i in range(875)]}


def semanticscholar(authors: dict[str, list[Any]] | None = None) -> Handler:
    """``/graph/v1/author/<id>/papers?fields=...&offset=...&limit=...``: a page and ``next``."""
    pool = authors if authors is not None else recorded_semanticscholar()

    def answer(request: Request) -> Response:
        m = re.fullmatch(r"/s2/graph/v1/author/(\w+)/papers", request.path)
        if not m or m.group(1) not in pool:
            author = m.group(1) if m else "?"
            return _json({"error": f"Author with id {author} not found"}, 404)
        if "fields" not in request.args:
            return _json({"error": "fields are required"}, 400)
        offset, limit = int(request.args.get("offset", "0")), int(request.args.get("limit", "100"))
        if limit > 1000:
            return _json({"error": "Requested limit is too large. Limit must be <= 1000"}, 400)
        papers = pool[m.group(1)]
        page: dict[str, Any] = {"offset": offset, "data": papers[offset : offset + limit]}
        if offset + limit < len(papers):
            page["next"] = offset + limit
        return _json(page)

    return answer


# --- OpenAlex ------------------------------------------------------------------------------

def recorded_openalex() -> dict[str, list[Any]]:
    return {"A5000000001": load("openalex/works_A5000000001.json")}


def _cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"[{offset}]".encode()).decode()


def openalex(authors: dict[str, list[Any]] | None = None, key: str = KEY) -> Handler:
    """``/works?filter=author.id:<id>&per-page&cursor&select&api_key`` and ``/authors/<id>``.

    The last page's ``next_cursor`` still points on; the page after it is empty, with a
    ``null`` cursor, as OpenAlex documents.
    """
    pool = authors if authors is not None else recorded_openalex()

    def answer(request: Request) -> Response:
        if request.args.get("api_key") != key:
            return _json({"error": "Unauthorized", "message": "A valid API key is required"}, 401)
        m = re.fullmatch(r"/openalex/authors/(A\d+)", request.path)
        if m:
            if m.group(1) in pool:
                return _json({"id": f"https://openalex.org/{m.group(1)}"})
            return _json({"error": "404 Not Found", "message": f"Author {m.group(1)} not found"}, 404)
        f = re.fullmatch(r"author\.id:(A\d+)", request.args.get("filter", ""))
        if request.path != "/openalex/works" or not f:
            return _json(load("openalex/invalid_filter_http400.json"), 400)
        per_page = int(request.args.get("per-page", "25"))
        if not 1 <= per_page <= 200:
            return _json({"error": "Invalid query parameters error.", "message": "per-page must be between 1 and 200"}, 400)
        cursor = request.args.get("cursor", "*")
        offset = 0 if cursor == "*" else json.loads(base64.urlsafe_b64decode(cursor))[0]
        works = pool.get(f.group(1), [])
        fields = request.args.get("select", "").split(",")
        results = [{k: w[k] for k in fields if k in w} for w in works[offset : offset + per_page]]
        return _json({"meta": {"count": len(works), "db_response_time_ms": 12, "page": None,
                               "per_page": per_page, "next_cursor": _cursor(offset + per_page) if results else None,
                               "groups_count": None},
                      "results": results, "group_by": []})

    return answer


def serve(server: HTTPServer, dblp_: Handler | None = None, orcid_: Handler | None = None,
          s2: Handler | None = None, openalex_: Handler | None = None) -> str:
    """All four on one server under their prefixes; the config.toml tables that point at it."""
    server.expect_request(re.compile("^/dblp/")).respond_with_handler(dblp_ or dblp())
    server.expect_request(re.compile("^/orcid/")).respond_with_handler(orcid_ or orcid())
    server.expect_request(re.compile("^/s2/")).respond_with_handler(s2 or semanticscholar())
    server.expect_request(re.compile("^/openalex/")).respond_with_handler(openalex_ or openalex())
    base = server.url_for("")
    return (f'[dblp]\napi_url = "{base}dblp"\ndelay_seconds = 0\n\n'
            f'[orcid]\napi_url = "{base}orcid/v3.0"\ndelay_seconds = 0\n\n'
            f'[semanticscholar]\napi_url = "{base}s2/graph/v1"\ndelay_seconds = 0\n\n'
            f'[openalex]\napi_url = "{base}openalex"\ndelay_seconds = 0\napi_key = "{KEY}"\n')
