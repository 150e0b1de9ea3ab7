"""ORCID's public API (v3.0): the works of a record, for the owner's profile.

``GET {api_url}/<orcid>/works`` answers the record's works grouped by ORCID (``group[]``, each
with the ``external-ids`` its versions share and one ``work-summary`` per source that added
it). A summary has the title, type, date, journal title (v3.0) and ids, but never the
authors, so the details of one summary a group, the one the owner prefers (the highest
``display-index``), are fetched in bulk, ``GET {api_url}/<orcid>/works/<put-code>,...``, up to
100 a request (``{"bulk": [{"work": ...} | {"error": ...}]}``). The authors are the work's
``contributors`` (``credit-name``), else the names in its BibTeX ``citation``, as many
importers leave only that. ORCID's anonymous public API allows 12 requests a second (bursts
of 40) within a daily quota; publist sends a handful per profile, a quarter of a second apart.

Types come in both spellings ORCID has used (``journal-article``, ``JOURNAL_ARTICLE``); only
``self`` ids (any case) are the work's own: a ``part-of`` ISSN or ISBN is its container's.

>>> work = parse_works({"group": [{"external-ids": {"external-id": [{"external-id-type": "doi",
...     "external-id-value": "10.4204/eptcs.172.16", "external-id-relationship": "SELF"}]},
...     "work-summary": [{"put-code": 15894056, "title": {"title": {"value": "Complexity of Grammar"
...     " Induction for Quantum Types"}}, "type": "JOURNAL_ARTICLE", "journal-title": {"value":
...     "EPTCS"}, "publication-date": {"year": {"value": "2014"}}}]}]})[0]
>>> work.key, work.type, work.doi, work.year, work.published.venue
('15894056', 'journal-article', '10.4204/eptcs.172.16', 2014, 'EPTCS')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final, Unpack
from urllib.parse import quote

from publist.errors import FetchError
from publist.sources.http import Answer, Client, Retry, Transport, json_body
from publist.sources.profile import ProfileWork, arxiv_of, not_found, split_doi
from publist.sources.published import Published, is_preprint, mapping, person, plain, text, year_of

WAIT_AFTER_429: Final = 0.0
"""Seconds at least after a 429 (past 12 a second or the daily quota): ORCID documents no
minimum; its ``Retry-After``, else the shared back-off (1, 2, 4 s), decides."""
MAX_BULK: Final = 100
"""ORCID's limit of put-codes in one ``/works/<put-codes>`` request."""
_KINDS: Final = {
    "journal-article": "journal", "conference-paper": "conference", "book-chapter": "other",
    "book": "other", "edited-book": "other", "dissertation": "other", "dissertation-thesis": "other",
    "report": "other", "supervised-student-publication": "other", "conference-proceedings": "other",
}
"""ORCID's work types that name a venue in ``journal-title``; the rest (``preprint``,
``working-paper``, ``other``, ``data-set`` ...) are no venue."""
_AUTHOR_ROLES: Final = ("", "author", "co-investigator", "principal-investigator")


def _value(data: Any, *path: str) -> str:
    """``data[path...]["value"]`` as text, ``''`` where any step is missing."""
    for step in path:
        data = mapping(data).get(step)
    return text(mapping(data).get("value"))


def _plain(value: str) -> str:
    """A title as ORCID keeps it, HTML tags and entities (``<i>``, ``&ldquo;``) decoded and a
    trailing comma dropped."""
    return plain(value).rstrip(",;").strip()


def _fold(kind: str) -> str:
    return kind.strip().lower().replace("_", "-")


def _own_ids(ids: Any) -> tuple[str, str]:
    """``(doi, arxiv)`` from ``external-ids``: only the work's own (``self``) ids."""
    doi = arxiv = ""
    for item in mapping(ids).get("external-id") or []:
        item = mapping(item)
        if text(item.get("external-id-relationship")).lower() not in ("self", ""):
            continue
        kind = text(item.get("external-id-type")).lower()
        value = _value(item, "external-id-normalized") or text(item.get("external-id-value"))
        if kind == "doi":
            found_doi, found_arxiv = split_doi(value)
            doi, arxiv = doi or found_doi, arxiv or found_arxiv
        elif kind == "arxiv":
            arxiv = arxiv or arxiv_of(value)
    return doi, arxiv


def _preferred(summaries: list[Any]) -> dict[str, Any]:
    """The summary the owner prefers: the highest ``display-index``, else the first."""
    def rank(summary: dict[str, Any]) -> int:
        index = text(summary.get("display-index"))
        return int(index) if index.isdigit() else 0

    found = [mapping(s) for s in summaries if mapping(s)]
    return max(found, key=rank) if found else {}


def _published(kind: str, venue: str, year: int | None, doi: str, title: str,
               authors: tuple[str, ...]) -> Published | None:
    published_kind = _KINDS.get(kind)
    if published_kind is None or not venue or is_preprint(venue) or venue.lower() == "corr":
        return None
    return Published("ORCID", published_kind, venue, year=year, doi=doi, title=title, authors=authors)


def parse_works(data: Any) -> list[ProfileWork]:
    """The works of a ``/works`` answer, one a group, without authors (summaries lack them)."""
    if not isinstance(data, dict) or not isinstance(data.get("group"), list):
        raise Retry("ORCID answered with JSON that is not a list of works")
    works = []
    for group in data["group"]:
        group = mapping(group)
        found = group.get("work-summary")
        summaries: list[Any] = found if isinstance(found, list) else []
        summary = _preferred(summaries)
        title = _plain(_value(summary, "title", "title"))
        if not summary or not title:
            continue
        doi, arxiv = _own_ids(group.get("external-ids"))
        for other in summaries:  # a group's ids may sit on its summaries only
            more_doi, more_arxiv = _own_ids(mapping(other).get("external-ids"))
            doi, arxiv = doi or more_doi, arxiv or more_arxiv
        kind = _fold(text(summary.get("type")))
        year = year_of(_value(summary, "publication-date", "year"))
        works.append(ProfileWork(
            "ORCID", title, (), year, kind,
            _published(kind, _plain(_value(summary, "journal-title")), year, doi, title, ()),
            doi=doi, arxiv=arxiv, key=text(str(summary.get("put-code") or "")),
        ))
    return works


def authors_of(work: Any) -> tuple[str, ...]:
    """The authors of a work's details: its contributors, else its BibTeX citation's.

    >>> authors_of({"contributors": {"contributor": []}, "citation": {"citation-type": "BIBTEX",
    ...     "citation-value": "@InProceedings{d, Author= {Delpeuch, Antonin and Preller, Anne}}"}})
    ('Antonin Delpeuch', 'Anne Preller')
    """
    work = mapping(work)
    names = []
    for contributor in mapping(work.get("contributors")).get("contributor") or []:
        contributor = mapping(contributor)
        role = _fold(text(mapping(contributor.get("contributor-attributes")).get("contributor-role")))
        name = person(_value(contributor, "credit-name"))
        if name and role in _AUTHOR_ROLES:
            names.append(name)
    if names:
        return tuple(names)
    citation = mapping(work.get("citation"))
    if text(citation.get("citation-type")).lower() == "bibtex":
        return _bibtex_authors(text(citation.get("citation-value")))
    return ()


def _bibtex_authors(citation: str) -> tuple[str, ...]:
    """The ``author`` names of a BibTeX citation, as ``First von Last``; ``()`` if it has none."""
    from publist.bib import reader
    from publist.text import latex, names

    try:
        entries = [b for b in reader.read(citation, "ORCID citation", recover=True).records if b.fields]
    except Exception:  # noqa: BLE001 - a citation is free text: one that does not read has no names
        return ()
    if not entries:
        return ()
    field = entries[0].fields.get("author", "")
    out = []
    for author in names.parse_list(field):
        if author.others:
            continue
        name = " ".join(p for p in (author.first, author.von, author.last, author.jr) if p)
        out.append(person(latex.to_text(name)))
    return tuple(n for n in out if n)


def parse_bulk(data: Any) -> dict[str, Any]:
    """The works of a bulk answer by put-code; an ``error`` item (a removed work) is left out."""
    if not isinstance(data, dict) or not isinstance(data.get("bulk"), list):
        raise Retry("ORCID answered with JSON that is not a bulk answer")
    out = {}
    for item in data["bulk"]:
        work = mapping(mapping(item).get("work"))
        code = work.get("put-code")
        if work and code is not None:
            out[str(code)] = work
    return out


class OrcidClient:
    """The works of an ORCID record, e.g. ``OrcidClient(url).profile("0000-0002-1825-0097")``."""

    def __init__(
        self,
        api_url: str = "https://pub.orcid.org/v3.0",
        *,
        delay_seconds: float = 0.25,
        **transport: Unpack[Transport],
    ) -> None:
        self.api_url = api_url.rstrip("/")
        self.http = Client("ORCID", delay_seconds=delay_seconds, wait_after_429=WAIT_AFTER_429,
                           headers={"Accept": "application/json"}, **transport)

    def profile(self, orcid: str) -> list[ProfileWork]:
        """Every work of the record, with its authors: 1 request, and 1 more per 100 works."""
        try:
            works = self.http.request("GET", f"{self.api_url}/{quote(orcid)}/works", _read_works)
            details = self._details(orcid, [w.key for w in works if w.key])
        except FetchError as err:
            raise FetchError(f"ORCID profile {orcid}: {err}") from None
        return [_with_details(w, details.get(w.key)) for w in works]

    def _details(self, orcid: str, codes: Iterable[str]) -> dict[str, Any]:
        wanted = list(dict.fromkeys(codes))
        found: dict[str, Any] = {}
        for start in range(0, len(wanted), MAX_BULK):
            chunk = ",".join(wanted[start : start + MAX_BULK])
            found.update(self.http.request("GET", f"{self.api_url}/{quote(orcid)}/works/{chunk}", _read_bulk))
        return found


def _with_details(work: ProfileWork, details: Mapping[str, Any] | None) -> ProfileWork:
    """A summary's work with the authors (and journal title, in v2) of its details."""
    if not details:
        return work
    authors = authors_of(details)
    published = work.published
    venue = _plain(_value(details, "journal-title"))
    if published is None and venue:
        published = _published(work.type, venue, work.year, work.doi, work.title, authors)
    elif published is not None:
        published = published._replace(authors=authors)
    return work._replace(authors=authors, published=published)


def _refusal(answer: Answer) -> str:
    """ORCID's own words for an error (``user-message``, ``developer-message``), if any."""
    try:
        data = json_body(answer, "ORCID")
    except Retry:
        return ""
    data = mapping(data)
    return text(data.get("user-message")) or text(data.get("developer-message"))


def _read_works(answer: Answer) -> list[ProfileWork]:
    if answer.status in (404, 410):
        raise FetchError(not_found("orcid", answer.status))
    if answer.status != 200:
        why = _refusal(answer)
        raise FetchError(f"HTTP {answer.status} from ORCID" + (f": {why}" if why else ""))
    return parse_works(json_body(answer, "ORCID"))


def _read_bulk(answer: Answer) -> dict[str, Any]:
    if answer.status != 200:
        why = _refusal(answer)
        raise FetchError(f"HTTP {answer.status} from ORCID" + (f": {why}" if why else ""))
    return parse_bulk(json_body(answer, "ORCID"))
