"""INSPIRE (high-energy physics): citation counts of papers by arXiv id and DOI.

Its literature API (https://github.com/inspirehep/rest-api-doc) is searched with one query
for many papers, ``GET {api_url}/literature?q=arxiv:1207.7214 or doi:10.1103/...&size=..&
fields=control_number,arxiv_eprints,dois,citation_count``, which answers ``{"hits": {"total":
n, "hits": [{"metadata": {...}}, ...]}}``; each record's ``arxiv_eprints[].value`` and
``dois[].value`` tell which question it answers, and ``citation_count`` counts the citations
of the paper and its versions (INSPIRE files a preprint and its article as one record). A
question no record answers is a paper INSPIRE does not know: no count, not 0. INSPIRE allows
15 requests in 5 seconds from one address and answers 429 past that (which counts too), so
the client waits :data:`DELAY` between requests and at least :data:`WAIT_AFTER_429` (5 s) after a 429.

>>> parse_counts({"hits": {"total": 1, "hits": [{"metadata": {"control_number": 1842768,
...     "citation_count": 0, "dois": [{"value": "10.1016/j.nuclphysa.2021.122138"}]}}]}})
{'doi:10.1016/j.nuclphysa.2021.122138': 0}
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final, Unpack

from publist.errors import FetchError
from publist.papers import arxivid
from publist.sources.http import Answer, Batch, Client, Retry, Transport, json_body
from publist.sources.published import count_of, mapping, text

WAIT_AFTER_429: Final = 5.0
"""Seconds at least after a 429: INSPIRE counts refused requests against its quota of 15 in
5 s and asks callers to wait at least 5 s before trying again (its REST API documentation,
"Rate limiting"), whatever a shorter ``Retry-After`` or the back-off would say."""
DELAY: Final = 0.4
"""Seconds between requests: 15 in any 5 s window is INSPIRE's limit; 12.5 stays under it."""
IDS_PER_REQUEST: Final = 50
"""Questions OR'ed in one query: short enough for a URL, one page of answers."""
FIELDS: Final = "control_number,arxiv_eprints,dois,citation_count"


def query(ids: Iterable[str]) -> str:
    """INSPIRE's search for some ``arXiv:<id>`` and ``doi:<doi>`` questions.

    >>> query(["arXiv:1207.7214", "doi:10.1103/PhysRevLett.19.1264", "arXiv:hep-th/9711200"])
    'arxiv:1207.7214 or doi:"10.1103/PhysRevLett.19.1264" or arxiv:hep-th/9711200'
    """
    parts = []
    for asked in ids:
        kind, _, value = asked.partition(":")
        quoted = value.replace("\\", "\\\\").replace('"', '\\"')
        parts.append(f"arxiv:{arxivid.base(value)}" if kind == "arXiv" else f'doi:"{quoted}"')
    return " or ".join(parts)


def parse_counts(data: Any) -> dict[str, int]:
    """``citation_count`` by question (``arXiv:<id>``, ``doi:<doi>`` in lower case) of a search
    answer; a record without a count answers nothing."""
    hits = mapping(mapping(data).get("hits")).get("hits")
    if not isinstance(hits, list):
        raise Retry("INSPIRE answered with JSON that is not a list of records")
    out: dict[str, int] = {}
    for hit in hits:
        metadata = mapping(mapping(hit).get("metadata"))
        count = count_of(metadata.get("citation_count"))
        if count is None:
            continue
        for eprint in metadata.get("arxiv_eprints") or []:
            found = arxivid.parse(text(mapping(eprint).get("value")))
            if found:
                out[f"arXiv:{arxivid.base(found)}"] = count
        for doi in metadata.get("dois") or []:
            value = text(mapping(doi).get("value")).lower()
            if value:
                out[f"doi:{value}"] = count
    return out


class InspireClient:
    """Citation counts, e.g. ``InspireClient().citations(["arXiv:1207.7214"])``."""

    def __init__(
        self,
        api_url: str = "https://inspirehep.net/api",
        *,
        delay_seconds: float = DELAY,
        **transport: Unpack[Transport],
    ) -> None:
        self.api_url = api_url.rstrip("/")
        self.http = Client("INSPIRE", delay_seconds=delay_seconds, wait_after_429=WAIT_AFTER_429, **transport)

    def citations(self, ids: Iterable[str]) -> Batch[int | None]:
        """The count of each ``arXiv:<id>`` or ``doi:<doi>`` (``None``: INSPIRE does not know
        it), :data:`IDS_PER_REQUEST` a request; the keys are the questions as given."""
        wanted = list(dict.fromkeys(ids))
        result: Batch[int | None] = Batch()
        for start in range(0, len(wanted), IDS_PER_REQUEST):
            chunk = wanted[start : start + IDS_PER_REQUEST]
            try:
                counts = self.http.request(
                    "GET", f"{self.api_url}/literature", _read,
                    # a DOI or an arXiv id may be on two records (a duplicate, an erratum)
                    params={"q": query(chunk), "size": str(2 * len(chunk)), "fields": FIELDS},
                )
            except FetchError as err:
                result.failed.update(dict.fromkeys(chunk, str(err)))
                continue
            for asked in chunk:
                kind, _, value = asked.partition(":")
                result.found[asked] = counts.get(
                    f"arXiv:{arxivid.base(value)}" if kind == "arXiv" else f"doi:{value.lower()}")
        return result


def _read(answer: Answer) -> dict[str, int]:
    if answer.status != 200:
        why = ""
        try:
            why = text(mapping(json_body(answer, "INSPIRE")).get("message"))
        except Retry:
            pass
        raise FetchError(f"HTTP {answer.status} from INSPIRE" + (f": {why}" if why else ""))
    return parse_counts(json_body(answer, "INSPIRE"))
