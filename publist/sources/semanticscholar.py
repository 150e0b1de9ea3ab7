"""Semantic Scholar's Graph API: papers by arXiv id, 500 a request, with their venues; an
author's papers (``GET {api_url}/author/<id>/papers?fields=...&offset=...&limit=...``, up to
1000 a page, ``next`` the offset of the next page) for the owner's profile.

``POST {api_url}/paper/batch?fields=...`` with ``{"ids": ["ARXIV:1912.07145", ...]}`` answers
a list aligned with the ids, ``null`` for a paper it does not know. An API key (header
``x-api-key``) is optional; without one Semantic Scholar answers 429 when it is busy, and the
client backs off. The record gives the published venue (``publicationVenue``, ``venue``,
``journal``), the DBLP key and the published DOI in ``externalIds``.

>>> paper = parse_paper({"externalIds": {"ArXiv": "1906.04596", "DBLP": "conf/nips/ZhangYGKGBM19"},
...     "title": "ANODEV2: A Coupled Neural ODE Framework", "year": 2019, "venue": "NeurIPS",
...     "publicationVenue": {"name": "Neural Information Processing Systems", "type": "conference",
...                          "alternate_names": ["NeurIPS", "NIPS"]},
...     "journal": {"pages": "5152-5162"}, "authors": [{"name": "Tianjun Zhang"}]})
>>> paper.dblp, paper.published.venue, paper.published.pages
('conf/nips/ZhangYGKGBM19', 'Neural Information Processing Systems', '5152-5162')
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import Any, Final, NamedTuple, Unpack

from publist.errors import FetchError
from publist.papers import arxivid
from publist.sources.http import Answer, Batch, Client, Retry, Transport, json_body
from publist.sources.profile import ProfileWork, arxiv_of, not_found, split_doi
from publist.sources.published import (
    Published,
    count_of,
    is_preprint,
    mapping,
    person,
    plain,
    text,
    year_of,
)

WAIT_AFTER_429: Final = 0.0
"""Seconds at least after a 429 (busy, without a key): Semantic Scholar documents no minimum;
its ``Retry-After``, else the shared back-off (1, 2, 4 s), decides."""
FIELDS: Final = "title,authors,year,venue,publicationVenue,journal,publicationTypes,externalIds"
"""What publist reads of a paper, and so all it asks for."""
BATCH_FIELDS: Final = FIELDS + ",citationCount"
"""What the paper batch asks: the venue and the citation count come in one batch, so that
``sync --citations`` after the venue look-up asks nothing more."""
MAX_BATCH: Final = 500
"""Semantic Scholar's limit of ids per batch request."""
MAX_PAGE: Final = 1000
"""Semantic Scholar's limit of papers per page of ``/author/<id>/papers``."""


class Paper(NamedTuple):
    """What Semantic Scholar says about an arXiv paper."""

    arxiv: str
    title: str
    year: int | None
    authors: tuple[str, ...]
    dblp: str
    """DBLP's key of the published version, never of its CoRR copy, or ``''``."""
    published: Published | None
    """The published version, or ``None`` when Semantic Scholar knows only the preprint."""
    citations: int | None = None
    """``citationCount``: how many papers cite it (all its versions); ``None`` when not given."""

    def to_json(self) -> dict[str, Any]:
        """A plain dict for the cache."""
        return {"arxiv": self.arxiv, "title": self.title, "year": self.year,
                "authors": list(self.authors), "dblp": self.dblp,
                "published": self.published.to_json() if self.published else None,
                "citations": self.citations}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Paper:
        """The paper :meth:`to_json` saved; ``KeyError``/``TypeError`` if it is damaged (or
        saved before publist asked for counts: then it is asked again)."""
        published = data["published"]
        return cls(str(data["arxiv"]), str(data["title"]), year_of(data["year"]),
                   tuple(str(a) for a in data["authors"]), str(data["dblp"]),
                   Published.from_json(published) if published else None,
                   count_of(data["citations"]))


def parse_paper(data: Any) -> Paper | None:
    """A paper record of the Graph API; ``None`` for ``null`` (unknown) or a record without id."""
    if not isinstance(data, dict):
        return None
    ids = mapping(data.get("externalIds"))
    arxiv = arxivid.parse(text(ids.get("ArXiv"))) or ""
    dblp = text(ids.get("DBLP"))
    if dblp.startswith("journals/corr/"):
        dblp = ""  # DBLP's copy of the preprint, not a venue
    doi = text(ids.get("DOI"))
    authors = tuple(person(text(a.get("name"))) for a in data.get("authors") or []
                    if isinstance(a, dict) and text(a.get("name")))
    return Paper(arxiv, text(data.get("title")), year_of(data.get("year")), authors, dblp,
                 _published(data, doi), count_of(data.get("citationCount")))


def parse_listed(data: Any) -> ProfileWork | None:
    """A paper of an author's ``/papers`` page as a profile lists it; ``None`` without title."""
    if not isinstance(data, dict) or not text(data.get("title")):
        return None
    ids = mapping(data.get("externalIds"))
    doi, arxiv = split_doi(text(ids.get("DOI")))
    types = [t for t in data.get("publicationTypes") or [] if isinstance(t, str)]
    return ProfileWork(
        "Semantic Scholar", plain(text(data.get("title"))),
        tuple(n for n in (person(text(a.get("name"))) for a in data.get("authors") or []
                          if isinstance(a, dict)) if n),
        year_of(data.get("year")), (types[0] if types else "").lower(), _published(data, doi),
        doi=doi, arxiv=arxiv_of(text(ids.get("ArXiv"))) or arxiv, dblp=text(ids.get("DBLP")),
        semanticscholar=text(data.get("paperId")), key=text(data.get("paperId")),
    )


def parse_author_papers(data: Any) -> tuple[list[ProfileWork], int | None]:
    """The papers of one ``/author/<id>/papers`` page, and the offset of the next (``None``: last)."""
    if not isinstance(data, dict) or not isinstance(data.get("data"), list):
        raise Retry("Semantic Scholar answered with something other than a page of papers")
    works = [w for w in (parse_listed(p) for p in data["data"]) if w is not None]
    after = data.get("next")
    return works, after if isinstance(after, int) and not isinstance(after, bool) else None


def _published(data: dict[str, Any], doi: str) -> Published | None:
    place = mapping(data.get("publicationVenue"))
    journal = mapping(data.get("journal"))
    name = text(place.get("name")) or text(data.get("venue")) or text(journal.get("name"))
    if not name or is_preprint(name) or is_preprint(text(journal.get("name"))) and not place:
        return None
    if is_preprint("", doi) and not doi.lower().startswith("10.48550/"):
        return None  # SSRN's or bioRxiv's record: its "journal" is the server's own series
    types = [t for t in data.get("publicationTypes") or [] if isinstance(t, str)]
    kind = text(place.get("type")).lower()
    if kind not in ("conference", "journal"):
        kind = "conference" if "Conference" in types else "journal" if "JournalArticle" in types else "other"
    volume = text(journal.get("volume"))
    aliases = tuple(text(a) for a in place.get("alternate_names") or [] if text(a))
    if text(data.get("venue")) and text(data.get("venue")) != name:
        aliases += (text(data.get("venue")),)
    return Published(
        "Semantic Scholar", kind, name, aliases=aliases,
        volume="" if volume.startswith("abs/") else volume, pages=text(journal.get("pages")).strip(),
        # Semantic Scholar's year is the paper's first appearance (often its arXiv year), not
        # the venue's: it is no evidence of when the venue published it
        year=None, doi="" if is_preprint("", doi) else doi,
        title=text(data.get("title")),
        authors=tuple(person(text(a.get("name"))) for a in data.get("authors") or []
                      if isinstance(a, dict)),
    )


class SemanticScholarClient:
    """Papers by arXiv id, e.g. ``SemanticScholarClient(url).by_arxiv(["1906.04596"])``."""

    def __init__(
        self,
        api_url: str = "https://api.semanticscholar.org/graph/v1",
        *,
        api_key: str = "",
        delay_seconds: float = 1.0,
        batch_size: int = MAX_BATCH,
        page_size: int = MAX_PAGE,
        **transport: Unpack[Transport],
    ) -> None:
        self.api_url = api_url.rstrip("/")
        self.batch_size = min(batch_size, MAX_BATCH)
        self.page_size = max(1, min(page_size, MAX_PAGE))
        key = api_key or os.environ.get("S2_API_KEY", "")
        # without a key Semantic Scholar shares a rate limit among all callers: 1 s apart
        self.http = Client("Semantic Scholar", delay_seconds=delay_seconds, wait_after_429=WAIT_AFTER_429,
                           headers={"x-api-key": key} if key else None, **transport)

    def profile(self, author_id: str) -> list[ProfileWork]:
        """Every paper of an author, ``page_size`` a request (``/author/<id>/papers``, paged).

        e.g. ``SemanticScholarClient(url).profile("1723755")``; only the fields publist reads.
        """
        works: list[ProfileWork] = []
        offset: int | None = 0
        try:
            while offset is not None:
                page, after = self.http.request(
                    "GET", f"{self.api_url}/author/{author_id}/papers", _read_author_papers,
                    params={"fields": FIELDS, "offset": str(offset), "limit": str(self.page_size)})
                works += page
                if after is not None and after <= offset:
                    raise FetchError(f"the page after offset {offset} starts at {after}: paging does not advance")
                offset = after
        except FetchError as err:
            raise FetchError(f"Semantic Scholar profile {author_id}: {err}") from None
        return works

    def by_arxiv(self, ids: Iterable[str]) -> Batch[Paper | None]:
        """Each id's paper (``None`` when Semantic Scholar does not know it), ``batch_size`` a request."""
        return self.papers((arxivid.base(i) for i in ids), "ARXIV")

    def by_doi(self, dois: Iterable[str]) -> Batch[Paper | None]:
        """Each DOI's paper, as :meth:`by_arxiv` (the DOIs as given are the keys)."""
        return self.papers(dois, "DOI")

    def papers(self, ids: Iterable[str], kind: str) -> Batch[Paper | None]:
        """Papers by Semantic Scholar's ids of one ``kind`` (``ARXIV``, ``DOI``), ``batch_size``
        a request, e.g. ``client.papers(["10.1145/3292500"], "DOI")``."""
        wanted = list(dict.fromkeys(ids))
        result: Batch[Paper | None] = Batch()
        for start in range(0, len(wanted), self.batch_size):
            chunk = wanted[start : start + self.batch_size]
            try:
                papers = self.http.request(
                    "POST", f"{self.api_url}/paper/batch", _batch_reader(len(chunk)),
                    params={"fields": BATCH_FIELDS}, json={"ids": [f"{kind}:{i}" for i in chunk]},
                )
            except FetchError as err:
                result.failed.update({i: str(err) for i in chunk})
                continue
            for arxiv_id, paper in zip(chunk, papers, strict=True):
                result.found[arxiv_id] = paper
        return result


def _read_author_papers(answer: Answer) -> tuple[list[ProfileWork], int | None]:
    if answer.status == 404:
        raise FetchError(not_found("semanticscholar", 404))
    if answer.status != 200:
        _refuse(answer)
    return parse_author_papers(json_body(answer, "Semantic Scholar"))


def _refuse(answer: Answer) -> None:
    data = json_body(answer, "Semantic Scholar") if answer.body.strip() else {}
    why = text(data.get("error") or data.get("message")) if isinstance(data, dict) else ""
    raise FetchError(f"HTTP {answer.status} from Semantic Scholar" + (f": {why}" if why else ""))


def _batch_reader(count: int) -> Callable[[Answer], list[Paper | None]]:
    def read(answer: Answer) -> list[Paper | None]:
        if answer.status != 200:
            _refuse(answer)
        data = json_body(answer, "Semantic Scholar")
        if not isinstance(data, list) or len(data) != count:
            raise Retry("Semantic Scholar answered with something other than one record per id")
        return [parse_paper(item) for item in data]

    return read
