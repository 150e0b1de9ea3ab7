"""OpenAlex: the works of an author, for the owner's profile; works' citation counts by DOI.

``GET {api_url}/works?filter=author.id:<id>&per-page=200&cursor=*&select=...`` answers
``{"meta": {"count", "next_cursor"}, "results": [work, ...]}``; the next page is asked with
``cursor=<next_cursor>`` until it is ``null`` (cursor paging, documented at
https://docs.openalex.org/how-to-use-the-api/get-lists-of-entities/paging). ``select`` asks only
the fields publist reads. Since 13 February 2026 OpenAlex wants a (free) API key on every call
(``api_key=...``; https://developers.openalex.org/guides/authentication): without one the
client says so before sending anything. It allows 100 requests a second; publist waits a
tenth of a second between its pages. An empty list may mean an author id OpenAlex does not
know: then the author itself is asked (``/authors/<id>``, free), to say which.

Each authorship keeps ``raw_author_name``, the name as printed on the paper, which is what
tells a misattributed work from the owner's; OpenAlex's own ``author.display_name`` is its
guess of who that is, used only where the raw name is missing. A work whose location is a
repository (arXiv, Zenodo) or whose type is ``preprint`` has no venue.

Citation counts (``cited_by_count``) are asked by DOI, :data:`DOIS_PER_REQUEST` at a time with
the documented OR filter (``filter=doi:10.1/a|10.1/b``, ``select=id,doi,cited_by_count``); an
arXiv paper by arXiv's DOI, ``10.48550/arXiv.<id>``, under which OpenAlex files arXiv's copies.
A DOI that no work of the answer has is a paper OpenAlex does not know: no count, not 0. The
filter syntax has no escape, so a DOI that holds one of its operators (``,`` between filters,
``|`` for OR, ``+`` for AND: :data:`FILTER_SYNTAX`) is asked on its own, as a single work
(``GET {api_url}/works/doi:<doi>``, percent-encoded; 404 for one OpenAlex does not know).

>>> work = parse_work({"id": "https://openalex.org/W1", "display_name": "A Paper", "type":
...     "article", "publication_year": 2017, "doi": "https://doi.org/10.1103/PhysRevLett.118.221101",
...     "authorships": [{"raw_author_name": "B. P. Abbott", "author": {"display_name": "Benjamin Abbott"}}],
...     "primary_location": {"source": {"display_name": "Physical Review Letters", "type": "journal"}},
...     "biblio": {"volume": "118", "issue": "22", "first_page": "221101", "last_page": "221101"}})
>>> work.openalex, work.authors, work.doi, work.published.venue, work.published.pages
('W1', ('B. P. Abbott',), '10.1103/PhysRevLett.118.221101', 'Physical Review Letters', '221101')
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from typing import Any, Final, NamedTuple, Unpack
from urllib.parse import quote

from publist.errors import FetchError
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
"""Seconds at least after a 429: OpenAlex documents no minimum; its ``Retry-After``, else the
shared back-off (1, 2, 4 s), decides (a spent daily budget answers 429 all day: the retries
then end in one line)."""
SELECT: Final = "id,doi,display_name,publication_year,type,primary_location,locations,authorships,biblio"
"""The fields publist reads of a work, and so all it asks for."""
PER_PAGE: Final = 200
"""The most works OpenAlex gives in one page."""
FILTER_SYNTAX: Final = re.compile(r"[,|+]")
"""What a filter value cannot hold: OpenAlex reads ``,`` as AND between filters, ``|`` as OR and
``+`` as AND within one (https://developers.openalex.org/guides/filtering), with no escape."""
DOIS_PER_REQUEST: Final = 50
"""DOIs OR'ed in one filter (OpenAlex takes up to 100 values; 50 keeps the URL short)."""
KEY_HELP: Final = ("OpenAlex needs an API key (free at https://openalex.org/settings/api): set "
                   "[openalex] api_key in config.toml or OPENALEX_API_KEY in the environment")
_KINDS: Final = {"journal": "journal", "conference": "conference", "book series": "other",
                 "ebook platform": "other"}
"""Source types that are venues; a ``repository`` (arXiv, Zenodo, a university's) is not."""


def _short(url: str) -> str:
    """``W2755950973`` from ``https://openalex.org/W2755950973``."""
    return url.rstrip("/").rsplit("/", 1)[-1]


def _pages(biblio: dict[str, Any]) -> str:
    first, last = text(biblio.get("first_page")), text(biblio.get("last_page"))
    return f"{first}-{last}" if first and last and last != first else first or last


def _published(work: dict[str, Any], kind: str, doi: str, title: str,
               authors: tuple[str, ...], year: int | None) -> Published | None:
    source = mapping(mapping(work.get("primary_location")).get("source"))
    venue, source_kind = plain(text(source.get("display_name"))), text(source.get("type")).lower()
    if kind == "preprint" or source_kind not in _KINDS or not venue or is_preprint(venue, doi):
        return None
    biblio = mapping(work.get("biblio"))
    return Published(
        "OpenAlex", _KINDS[source_kind], venue, volume=text(biblio.get("volume")),
        number=text(biblio.get("issue")), pages=_pages(biblio), year=year, doi=doi, title=title,
        authors=authors, key=_short(text(work.get("id"))),
    )


def _arxiv(work: dict[str, Any], doi_arxiv: str) -> str:
    """The arXiv id of a work: arXiv's DOI, or an arXiv location's page or PDF."""
    if doi_arxiv:
        return doi_arxiv
    for location in work.get("locations") or []:
        location = mapping(location)
        for link in (text(location.get("landing_page_url")), text(location.get("pdf_url"))):
            found = arxiv_of(link) or split_doi(link)[1]
            if found:
                return found
    return ""


def parse_work(data: Any) -> ProfileWork | None:
    """A work of a ``/works`` page; ``None`` for one without id or title."""
    if not isinstance(data, dict) or not text(data.get("id")):
        return None
    title = plain(text(data.get("display_name")) or text(data.get("title")))  # HTML, as Crossref's
    if not title:
        return None
    authors = tuple(
        n for n in (
            person(plain(text(mapping(a).get("raw_author_name"))
                         or text(mapping(mapping(a).get("author")).get("display_name"))))
            for a in data.get("authorships") or []
        ) if n
    )
    doi, doi_arxiv = split_doi(text(data.get("doi")))
    year, kind = year_of(data.get("publication_year")), text(data.get("type")).lower()
    return ProfileWork(
        "OpenAlex", title, authors, year, kind, _published(data, kind, doi, title, authors, year),
        doi=doi, arxiv=_arxiv(data, doi_arxiv), openalex=_short(text(data["id"])),
        key=_short(text(data["id"])),
    )


class Page(NamedTuple):
    """One page of ``/works``."""

    works: list[ProfileWork]
    next_cursor: str | None
    """The cursor of the next page; ``None`` on the last."""
    total: int | None
    """``meta.count``: how many works the whole list has."""
    size: int
    """How many results the page had, including any publist could not read."""


def parse_page(data: Any) -> Page:
    """The works of one page, its next cursor and the list's ``meta.count``."""
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        raise Retry("OpenAlex answered with JSON that is not a list of works")
    meta = mapping(data.get("meta"))
    count = meta.get("count")
    works = [w for w in (parse_work(r) for r in data["results"]) if w is not None]
    return Page(works, text(meta.get("next_cursor")) or None,
                count if isinstance(count, int) and not isinstance(count, bool) else None, len(data["results"]))


class OpenAlexClient:
    """The works of an OpenAlex author, e.g. ``OpenAlexClient(url, api_key=k).profile("A5023888391")``."""

    def __init__(
        self,
        api_url: str = "https://api.openalex.org",
        *,
        api_key: str = "",
        mailto: str = "",
        delay_seconds: float = 0.1,
        per_page: int = PER_PAGE,
        **transport: Unpack[Transport],
    ) -> None:
        self.api_url = api_url.rstrip("/")
        self.api_key = api_key or os.environ.get("OPENALEX_API_KEY", "")
        self.mailto = mailto
        self.per_page = max(1, min(per_page, PER_PAGE))
        self.http = Client("OpenAlex", delay_seconds=delay_seconds, wait_after_429=WAIT_AFTER_429, **transport)

    def profile(self, author_id: str) -> list[ProfileWork]:
        """Every work of the author, ``per_page`` a request, following ``next_cursor``."""
        if not self.api_key:
            raise FetchError(f"OpenAlex profile {author_id}: {KEY_HELP}")
        works: list[ProfileWork] = []
        cursor: str | None = "*"
        seen: set[str] = set()
        received = 0
        try:
            while cursor is not None:
                seen.add(cursor)
                page = self.http.request(
                    "GET", f"{self.api_url}/works", _read_page, params=self._params({
                        "filter": f"author.id:{author_id}", "per-page": str(self.per_page),
                        "cursor": cursor, "select": SELECT}))
                works += page.works
                received += page.size
                # the documented end is an empty page; meta.count spares asking for it
                if not page.size or (page.total is not None and received >= page.total):
                    break
                cursor = page.next_cursor
                if cursor in seen:
                    raise FetchError("its next cursor repeats an earlier one: paging does not advance")
            if not works:
                self.http.request("GET", f"{self.api_url}/authors/{author_id}", _read_author,
                                  params=self._params({"select": "id"}))
        except FetchError as err:
            raise FetchError(f"OpenAlex profile {author_id}: {err}") from None
        return works

    def citations(self, dois: Iterable[str]) -> Batch[int | None]:
        """``cited_by_count`` of each DOI's work (``None`` for a DOI OpenAlex does not know),
        :data:`DOIS_PER_REQUEST` a request; the keys are the DOIs as given."""
        wanted = list(dict.fromkeys(dois))
        result: Batch[int | None] = Batch()
        if wanted and not self.api_key:
            result.failed.update(dict.fromkeys(wanted, KEY_HELP))
            return result
        batched = [doi for doi in wanted if not FILTER_SYNTAX.search(doi)]
        for start in range(0, len(batched), DOIS_PER_REQUEST):
            chunk = batched[start : start + DOIS_PER_REQUEST]
            try:
                counts = self.http.request(
                    "GET", f"{self.api_url}/works", _read_counts, params=self._params({
                        "filter": "doi:" + "|".join(chunk), "per-page": str(PER_PAGE),
                        "select": "id,doi,cited_by_count"}))
            except FetchError as err:
                result.failed.update(dict.fromkeys(chunk, str(err)))
                continue
            for doi in chunk:
                result.found[doi] = counts.get(doi.lower())
        for doi in wanted:
            if FILTER_SYNTAX.search(doi):
                try:
                    result.found[doi] = self.http.request(
                        "GET", f"{self.api_url}/works/doi:{quote(doi, safe='/')}", _read_count,
                        params=self._params({"select": "id,doi,cited_by_count"}))
                except FetchError as err:
                    result.failed[doi] = str(err)
        return result

    def _params(self, params: dict[str, str]) -> dict[str, str]:
        extra = {"api_key": self.api_key} | ({"mailto": self.mailto} if self.mailto else {})
        return params | extra


def _refusal(answer: Answer) -> FetchError:
    why = ""
    try:
        data = mapping(json_body(answer, "OpenAlex"))
        why = text(data.get("message")) or text(data.get("error"))
    except Retry:
        pass
    message = f"HTTP {answer.status} from OpenAlex" + (f": {why}" if why else "")
    if answer.status in (401, 403):
        message += "; check the API key ([openalex] api_key or OPENALEX_API_KEY)"
    return FetchError(message)


def _read_page(answer: Answer) -> Page:
    if answer.status != 200:
        raise _refusal(answer)
    return parse_page(json_body(answer, "OpenAlex"))


def parse_counts(data: Any) -> dict[str, int]:
    """``cited_by_count`` by DOI (lower case, without ``https://doi.org/``) of a ``/works``
    answer; a work without a DOI or a count is left out."""
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        raise Retry("OpenAlex answered with JSON that is not a list of works")
    out: dict[str, int] = {}
    for work in data["results"]:
        work = mapping(work)
        doi = text(work.get("doi")).lower().removeprefix("https://doi.org/")
        count = count_of(work.get("cited_by_count"))
        if doi and count is not None:
            out[doi] = max(count, out.get(doi, 0))
    return out


def _read_counts(answer: Answer) -> dict[str, int]:
    if answer.status != 200:
        raise _refusal(answer)
    return parse_counts(json_body(answer, "OpenAlex"))


def _read_count(answer: Answer) -> int | None:
    """``cited_by_count`` of a single work; ``None`` for a DOI OpenAlex does not know (404)."""
    if answer.status == 404:
        return None
    if answer.status != 200:
        raise _refusal(answer)
    data = json_body(answer, "OpenAlex")
    if not isinstance(data, dict):
        raise Retry("OpenAlex answered with JSON that is not a work")
    return count_of(data.get("cited_by_count"))


def _read_author(answer: Answer) -> None:
    if answer.status == 404:
        raise FetchError(not_found("openalex", 404))
    if answer.status != 200:
        raise _refusal(answer)
