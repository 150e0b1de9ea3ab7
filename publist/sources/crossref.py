"""Crossref's REST API: a published work by its DOI.

``{api_url}/works/{doi}`` answers ``{"status": "ok", "message": {...}}`` with the container
title, volume, issue, page, publisher, type and issued date; 404 for a DOI it does not know.
Crossref's etiquette (https://api.crossref.org/swagger-ui/index.html) asks callers to say who
they are: with ``[crossref] mailto`` the User-Agent carries ``mailto:...``, which also puts
the requests in Crossref's "polite" pool. A work of type ``posted-content`` is a preprint,
never a venue.

>>> work = published(parse_work({"status": "ok", "message": {"type": "journal-article",
...     "container-title": ["Inverse Problems"], "volume": "32", "issue": "7", "page": "075006",
...     "issued": {"date-parts": [[2016, 5, 20]]}, "DOI": "10.1088/0266-5611/32/7/075006"}}))
>>> work.kind, work.venue, work.volume, work.number, work.year
('journal', 'Inverse Problems', '32', '7', 2016)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, Final, NamedTuple, Unpack
from urllib.parse import quote

from publist import __version__
from publist.errors import FetchError
from publist.sources.http import USER_AGENT, Answer, Batch, Client, Retry, Transport, json_body
from publist.sources.published import Published, is_preprint, mapping, person, plain, text, year_of

WAIT_AFTER_429: Final = 0.0
"""Seconds at least after a 429: Crossref documents no minimum; its ``Retry-After``, else the
shared back-off (1, 2, 4 s), decides."""
_MEETING: Final = re.compile(r"\b(?:conference|symposium|workshop)\b", re.IGNORECASE)
_KINDS: Final = {
    "journal-article": "journal", "proceedings-article": "conference", "book-chapter": "other",
    "book": "other", "monograph": "other", "report": "other", "dissertation": "other",
}


class Work(NamedTuple):
    """A work as Crossref describes it: what a new entry needs, and a venue's record."""

    doi: str
    type: str
    """Crossref's type, e.g. ``journal-article``, ``proceedings-article``, ``posted-content``."""
    title: str
    authors: tuple[tuple[str, str], ...]
    """``(family, given)`` names, e.g. ``(("Schölkopf", "Bernhard"),)``."""
    container: str
    short_container: tuple[str, ...]
    volume: str
    issue: str
    page: str
    year: int | None
    month: int | None
    publisher: str

    def to_json(self) -> dict[str, Any]:
        """A plain dict for the cache."""
        return self._asdict() | {"authors": [list(a) for a in self.authors],
                                 "short_container": list(self.short_container)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Work:
        """The work :meth:`to_json` saved; ``KeyError``/``TypeError`` if it is damaged."""
        values = {name: data[name] for name in cls._fields}
        values["authors"] = tuple((str(f), str(g)) for f, g in values["authors"])
        values["short_container"] = tuple(str(t) for t in values["short_container"])
        return cls(**values)


def parse_work(data: Any) -> Work:
    """The work of a ``/works/{doi}`` answer; :class:`Retry` when it is not one."""
    if not isinstance(data, dict) or not isinstance(data.get("message"), dict):
        raise Retry("Crossref answered with JSON that is not a work")
    work = data["message"]
    issued = mapping(work.get("issued"))
    parts = issued.get("date-parts") if isinstance(issued.get("date-parts"), list) else []
    date = parts[0] if parts and isinstance(parts[0], list) else []
    month = date[1] if len(date) > 1 and isinstance(date[1], int) and 1 <= date[1] <= 12 else None
    return Work(
        doi=text(work.get("DOI")), type=text(work.get("type")), title=plain(text(work.get("title"))),
        authors=tuple(_author(a) for a in work.get("author") or []
                      if isinstance(a, dict) and (text(a.get("family")) or text(a.get("name")))),
        container=plain(text(work.get("container-title"))),
        short_container=tuple(t for t in (text(s) for s in work.get("short-container-title") or []) if t),
        volume=text(work.get("volume")), issue=text(work.get("issue")), page=text(work.get("page")),
        year=year_of(date[0]) if date else None, month=month, publisher=text(work.get("publisher")),
    )


def _author(author: dict[str, Any]) -> tuple[str, str]:
    """``(family, given)``: a suffix (``Jr.``) after the family name; an organisation
    (``{"name": "The ATLAS Collaboration"}``) as a family name without given names."""
    family = text(author.get("family"))
    if not family:
        return text(author.get("name")), ""
    suffix = text(author.get("suffix"))
    return (f"{family} {suffix}" if suffix else family), text(author.get("given"))


def published(work: Work | None) -> Published | None:
    """Where a work appeared; ``None`` for a preprint (``posted-content``) or no venue."""
    if work is None:
        return None
    kind = _KINDS.get(work.type)
    if kind is None or not work.container or is_preprint(work.container, work.doi):
        return None  # posted-content (a preprint), a dataset, a peer review ...
    if kind == "journal" and _MEETING.search(work.container):
        kind = "conference"  # AAAI, IJCAI and PMLR register their proceedings as journal articles
    return Published(
        "Crossref", kind, work.container, aliases=work.short_container, volume=work.volume,
        number=work.issue, pages=work.page, year=work.year, publisher=work.publisher, doi=work.doi,
        title=work.title, authors=tuple(person(f"{g} {_SUFFIX.sub('', f)}".strip()) for f, g in work.authors),
        key=work.doi,
    )


_SUFFIX: Final = re.compile(r",?\s+(?:[JS]r\.?|I{2,3}|IV)$")
"""A suffix :func:`_author` put after a family name, taken off again for ``First Last``."""


class CrossrefClient:
    """Works by DOI, e.g. ``CrossrefClient(url, mailto="me@uni.edu").works(["10.1109/x"])``."""

    def __init__(
        self,
        api_url: str = "https://api.crossref.org",
        *,
        mailto: str = "",
        delay_seconds: float = 1.0,
        **transport: Unpack[Transport],
    ) -> None:
        self.api_url = api_url.rstrip("/")
        agent = f"publist/{__version__} (bibliography sync; mailto:{mailto})" if mailto else USER_AGENT
        self.http = Client("Crossref", delay_seconds=delay_seconds, headers={"User-Agent": agent},
                           wait_after_429=WAIT_AFTER_429, **transport)

    def works(self, dois: Iterable[str]) -> Batch[Work | None]:
        """Each DOI's work, one request a DOI; ``None`` for a DOI Crossref does not know."""
        result: Batch[Work | None] = Batch()
        for doi in dict.fromkeys(dois):
            try:
                url = f"{self.api_url}/works/{quote(doi, safe='/:;()._-')}"
                result.found[doi] = self.http.request("GET", url, _read_work)
            except FetchError as err:
                result.failed[doi] = str(err)
        return result


def _read_work(answer: Answer) -> Work | None:
    if answer.status == 404:
        return None
    if answer.status != 200:
        raise FetchError(f"HTTP {answer.status} from Crossref")
    return parse_work(json_body(answer, "Crossref"))
