"""Asking the venue sources about the entries that need it, or their caches.

Semantic Scholar is asked for every entry with an arXiv id (500 a request); DBLP and Crossref
only for the entries that need a venue (a preprint, or an entry with none), one request a
paper: DBLP by the key Semantic Scholar gave, else by a title search whose hits must pass the
strict title rule of :mod:`publist.matching`; Crossref by the published DOI. A source that
fails fails its own questions only: the others go on.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, NamedTuple, TypeVar

from publist import arxivid, matching, names
from publist.links import bare_doi
from publist.sources.cache import Cache
from publist.sources.crossref import CrossrefClient, Work, published
from publist.sources.dblp import DblpClient
from publist.sources.http import Batch
from publist.sources.published import Published
from publist.sources.semanticscholar import Paper, SemanticScholarClient
from publist.sync.venues import Found

T = TypeVar("T")


class Question(NamedTuple):
    """What is known about one entry when asking where it appeared."""

    entry: int
    """The entry itself: its offset in the file (two entries with one key are two entries)."""
    arxiv: str | None
    """The arXiv id without version, if the entry has one."""
    doi: str | None
    """A published (not arXiv's) DOI the entry or arXiv gave, if any."""
    title: str
    authors: str
    """The ``author`` field, for the title rule."""
    needs_venue: bool
    """Whether the entry is a preprint or has no venue: then DBLP and Crossref are asked too."""


@dataclass
class VenueAnswers:
    """The records found for each entry (by :attr:`Question.entry`), what failed, and what was
    refused."""

    found: dict[int, list[Found]] = field(default_factory=dict)
    failed: dict[int, list[str]] = field(default_factory=dict)
    refused: dict[int, str] = field(default_factory=dict)
    """Title-search look-alikes refused, by entry, with why."""
    unreachable: dict[str, str] = field(default_factory=dict)
    """Sources that could not be reached at all, with why: one line each, not one per entry."""
    requests: dict[str, int] = field(default_factory=dict)
    """Requests sent to each source, e.g. ``{"Semantic Scholar": 1, "DBLP": 4}``."""


class Clients(NamedTuple):
    """The venue sources to ask; ``None`` for one that is turned off."""

    semanticscholar: SemanticScholarClient | None
    dblp: DblpClient | None
    crossref: CrossrefClient | None


Progress = Callable[[str, int, int], None]


def _cached(
    cache: Cache | None, refresh: bool, kind: str, queries: Sequence[str],
    load: Callable[[Any], T], ask: Callable[[list[str]], Batch[T]], dump: Callable[[T], Any],
) -> Batch[T]:
    """Answers from the cache where it has them (a damaged one is a miss), the rest asked."""
    result: Batch[T] = Batch()
    missing: list[str] = []
    for query in dict.fromkeys(queries):
        saved = _MISS if refresh or cache is None else cache.get(kind, query, _MISS)
        try:
            if saved is _MISS:
                raise KeyError(query)
            result.found[query] = load(saved)  # a saved null is "not found": an answer too
        except (KeyError, TypeError, ValueError, AttributeError):
            missing.append(query)
    if missing:
        asked = ask(missing)
        result.failed.update(asked.failed)
        for query, answer in asked.found.items():
            result.found[query] = answer
            if cache is not None:
                cache.put(kind, query, dump(answer))
    return result


_MISS: Final = object()
"""What the cache gives for a question it has no answer to (``None`` is an answer)."""


def _optional(load: Callable[[Any], T]) -> Callable[[Any], T | None]:
    return lambda data: None if data is None else load(data)


def _dump(record: Any) -> Any:
    return None if record is None else record.to_json()


def look_up(
    questions: Sequence[Question], clients: Clients, caches: Mapping[str, Cache | None],
    refresh: bool = False, progress: Progress | None = None,
) -> VenueAnswers:
    """What the sources know about each entry's published version."""
    out = VenueAnswers()
    papers: dict[str, Paper | None] = {}
    s2, dblp, crossref = clients

    def fail(entry: int, source: SemanticScholarClient | DblpClient | CrossrefClient, what: str,
             why: str) -> None:
        if why != source.http.unreachable:  # that is said once, for the source
            out.failed.setdefault(entry, []).append(f"{what}: {why}")

    if s2 is not None:
        ids = [q.arxiv for q in questions if q.arxiv]
        if progress:
            progress("Semantic Scholar", 0, len(ids))
        batch = _cached(caches.get("semanticscholar"), refresh, "arxiv", ids,
                        _optional(Paper.from_json), s2.by_arxiv, _dump)
        papers = batch.found
        for q in questions:
            if q.arxiv in batch.failed:
                fail(q.entry, s2, "Semantic Scholar", batch.failed[q.arxiv])
            paper = papers.get(q.arxiv or "")
            if paper is not None and paper.published is not None:
                out.found.setdefault(q.entry, []).append(Found(paper.published, "arXiv id"))
    needing = [q for q in questions if q.needs_venue]
    dois: dict[int, str] = {}
    if dblp is not None:
        _dblp(needing, papers, dblp, caches.get("dblp"), refresh, out, dois, progress, fail)
    if crossref is not None:
        for q in needing:
            doi = _doi(q, papers.get(q.arxiv or ""), dois.get(q.entry))
            if doi:
                dois[q.entry] = doi
        if progress:
            progress("Crossref", 0, len(dois))
        works = _cached(caches.get("crossref"), refresh, "doi", list(dois.values()),
                        _optional(Work.from_json), crossref.works, _dump)
        for entry, doi in dois.items():
            if doi in works.failed:
                fail(entry, crossref, f"Crossref {doi}", works.failed[doi])
            elif (record := published(works.found.get(doi))) is not None:
                out.found.setdefault(entry, []).append(Found(record, "DOI"))
    out.requests = {c.http.name: c.http.requests_sent for c in clients if c is not None}
    out.unreachable = {c.http.name: c.http.unreachable for c in clients if c is not None and c.http.unreachable}
    return out


def _doi(question: Question, paper: Paper | None, from_dblp: str | None) -> str | None:
    """The published DOI to ask Crossref about: the entry's, else arXiv's, S2's or DBLP's."""
    for doi in (question.doi, paper.published.doi if paper and paper.published else None, from_dblp):
        if doi and bare_doi(doi) and not arxivid.parse(doi):
            return bare_doi(doi)
    return None


def _dblp(
    needing: Sequence[Question], papers: Mapping[str, Paper | None], client: DblpClient,
    cache: Cache | None, refresh: bool, out: VenueAnswers, dois: dict[int, str],
    progress: Progress | None, fail: Callable[[int, DblpClient, str, str], None],
) -> None:
    by_dblp_key = {q.entry: p.dblp for q in needing if (p := papers.get(q.arxiv or "")) and p.dblp}
    by_title = [q for q in needing if q.entry not in by_dblp_key and q.title.strip()]
    if progress:
        progress("DBLP", 0, len(by_dblp_key) + len(by_title))
    records = _cached(cache, refresh, "key", list(by_dblp_key.values()),
                      _optional(Published.from_json), client.records, _dump)
    for entry, dblp_key in by_dblp_key.items():
        if dblp_key in records.failed:
            fail(entry, client, f"DBLP {dblp_key}", records.failed[dblp_key])
        elif (record := records.found.get(dblp_key)) is not None:
            out.found.setdefault(entry, []).append(Found(record, "DBLP key"))
            if record.doi:
                dois[entry] = record.doi
    titles = {q.entry: matching.normalize_title(q.title) for q in by_title}
    hits = _cached(cache, refresh, "title", [t for t in titles.values() if t],
                   lambda data: [Published.from_json(d) for d in data], client.search,
                   lambda found: [r.to_json() for r in found])
    for q in by_title:
        title = titles[q.entry]
        if title in hits.failed:
            fail(q.entry, client, "DBLP title search", hits.failed[title])
            continue
        verdict = matching.judge(q.title, names.parse_list(q.authors), hits.found.get(title, []),
                                 name=lambda r: f"DBLP {r.key}")
        if verdict.kind == "match" and verdict.entry is not None:
            out.found.setdefault(q.entry, []).append(Found(verdict.entry, "title"))
            if verdict.entry.doi:
                dois[q.entry] = verdict.entry.doi
        elif verdict.kind == "near":
            out.refused[q.entry] = verdict.reason
