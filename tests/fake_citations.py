"""Stand-ins on 127.0.0.1 for the citation sources, answering as the real APIs do.

They serve the records in tests/data/citations/ (see its SOURCES.md): Semantic Scholar's
``POST /graph/v1/paper/batch`` (``ARXIV:`` and ``DOI:`` ids, ``citationCount``), OpenAlex's
``GET /works?filter=doi:a|b&select=...`` (the OR filter, DOIs as ``https://doi.org/...``) and
INSPIRE's ``GET /api/literature?q=arxiv:X or doi:"Y"&size=..&fields=...``.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from pathlib import Path

from werkzeug import Request, Response

from fake_venues import S2_PAPERS

DATA = Path(__file__).resolve().parent / "data" / "citations"
SEED_COUNTS: dict[str, int] = json.loads((DATA / "semanticscholar" / "seed_counts.json").read_text())
RECORDED_S2: list[dict | None] = json.loads(
    (DATA / "semanticscholar" / "paper_batch_first_id_not_found_null.json").read_text())


def s2_pool() -> dict[str, dict | None]:
    """Semantic Scholar's papers by their ids as the batch takes them (``ARXIV:...``, ``DOI:...``):
    the seed papers with their counts, and the recorded batch's papers by DOI."""
    pool: dict[str, dict | None] = {}
    for arxiv, paper in S2_PAPERS.items():
        if arxiv in SEED_COUNTS:
            record = copy.deepcopy(paper) | {"citationCount": SEED_COUNTS[arxiv]}
            pool[f"ARXIV:{arxiv}"] = record
            doi = (record.get("externalIds") or {}).get("DOI")
            if doi:
                pool[f"DOI:{doi.lower()}"] = record
    for paper in RECORDED_S2:
        if paper is not None:
            pool[f"DOI:{paper['externalIds']['DOI'].lower()}"] = paper
    return pool


def semanticscholar(pool: dict[str, dict | None] | None = None) -> Callable[[Request], Response]:
    """``POST /paper/batch``: a list aligned with the ids, ``null`` for a paper not known."""
    papers = s2_pool() if pool is None else pool

    def answer(request: Request) -> Response:
        if "fields" not in request.args:
            return Response('{"error":"fields are required"}', status=400)
        ids = json.loads(request.data)["ids"]
        if len(ids) > 500:
            return Response('{"error":"-- batch size is limited to 500"}', status=400)
        found = [papers.get(i if i.startswith("ARXIV:") else "DOI:" + i[4:].lower()) for i in ids]
        return Response(json.dumps(found), content_type="application/json")

    return answer


def openalex_works() -> list[dict]:
    """The works OpenAlex knows: the recorded one and the seed papers'."""
    recorded = json.loads((DATA / "openalex" / "works_doi_10.7717_peerj.4375.json").read_text())["results"]
    return recorded + json.loads((DATA / "openalex" / "seed_works.json").read_text())["results"]


def openalex(works: list[dict] | None = None, key: str = "test-key") -> Callable[[Request], Response]:
    """``GET /works?filter=doi:a|b``: the works whose DOI is one of the values (case ignored),
    with only the ``select``ed fields; 401 without the key, 400 for more than 100 values. As
    OpenAlex reads filters, ``,`` starts another filter (``10.1/a,b`` is ``doi:10.1/a`` and a
    filter ``b`` it does not know: 400) and ``+`` joins values with AND. ``GET /works/doi:<doi>``:
    that one work, 404 when there is none."""
    pool = openalex_works() if works is None else works

    def single(request: Request, doi: str) -> Response:
        found = [w for w in pool if w["doi"].lower().removeprefix("https://doi.org/") == doi.lower()]
        if not found:
            return Response('{"error":"Not Found","message":"no work with that DOI"}', status=404)
        select = request.args.get("select", "").split(",")
        return Response(json.dumps({k: found[0][k] for k in select if k in found[0]}),
                        content_type="application/json")

    def answer(request: Request) -> Response:
        if request.args.get("api_key") != key:
            return Response('{"error":"Unauthorized","message":"API key required"}', status=401)
        if one := re.search(r"/works/doi:(.+)$", request.path):
            return single(request, one.group(1))
        filters = request.args.get("filter", "").split(",")
        m = re.fullmatch(r"doi:(.+)", filters[0])
        if not m or len(filters) > 1:
            return Response('{"error":"Invalid query parameters error."}', status=400)
        if "+" in m.group(1):  # AND of two DOIs: no work has both
            return Response(json.dumps({"meta": {"count": 0}, "results": []}), content_type="application/json")
        values = [v.lower().removeprefix("https://doi.org/") for v in m.group(1).split("|")]
        if len(values) > 100:
            return Response('{"error":"Invalid query parameters error.","message":"max 100 values"}',
                            status=400)
        select = request.args.get("select", "").split(",")
        hits = [{k: w[k] for k in select if k in w} for w in pool
                if w["doi"].lower().removeprefix("https://doi.org/") in values]
        body = {"meta": {"count": len(hits), "page": 1, "per_page": int(request.args.get("per-page", 25))},
                "results": hits}
        return Response(json.dumps(body), content_type="application/json")

    return answer


def inspire_records() -> list[dict]:
    """INSPIRE's literature records: the recorded one and the seed papers'."""
    recorded = json.loads((DATA / "inspire" / "literature_doi_10.1016_j.nuclphysa.2021.122138.json").read_text())
    seed = json.loads((DATA / "inspire" / "seed_records.json").read_text())
    return recorded["hits"]["hits"] + seed["hits"]["hits"]


def inspire(records: list[dict] | None = None) -> Callable[[Request], Response]:
    """``GET /literature?q=...``: the records that an ``arxiv:`` or ``doi:`` term of the query
    names, at most ``size`` (INSPIRE refuses a size over 1000)."""
    pool = inspire_records() if records is None else records

    def answer(request: Request) -> Response:
        size = int(request.args.get("size", 10))
        if size > 1000:
            return Response('{"message": "Maximum page size is 1000", "status": 400}', status=400)
        terms = re.findall(r'(arxiv|doi):("[^"]*"|\S+)', request.args.get("q", ""))
        wanted = {(kind, value.strip('"').lower()) for kind, value in terms}
        hits = []
        for record in pool:
            meta = record["metadata"]
            keys = {("arxiv", e["value"].lower()) for e in meta.get("arxiv_eprints", [])}
            keys |= {("doi", d["value"].lower()) for d in meta.get("dois", [])}
            if keys & wanted:
                fields = request.args.get("fields", "").split(",")
                hits.append(record | {"metadata": {k: v for k, v in meta.items() if k in fields}})
        body = {"hits": {"total": len(hits), "hits": hits[:size]}, "links": {}}
        return Response(json.dumps(body), content_type="application/json")

    return answer
