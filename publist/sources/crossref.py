"""Crossref's REST API: a published work by its DOI.

``{api_url}/works/{doi}`` answers ``{"status": "ok", "message": {...}}`` with the container
title, volume, issue, page, publisher, type and issued date; 404 for a DOI it does not know.
Crossref's etiquette (https://api.crossref.org/swagger-ui/index.html) asks callers to say who
they are: with ``[crossref] mailto`` the User-Agent carries ``mailto:...``, which also puts
the requests in Crossref's "polite" pool. A work of type ``posted-content`` is a preprint,
never a venue.

>>> work = parse_work({"status": "ok", "message": {"type": "journal-article",
...     "container-title": ["Inverse Problems"], "volume": "32", "issue": "7", "page": "075006",
...     "issued": {"date-parts": [[2016, 5, 20]]}, "DOI": "10.1088/0266-5611/32/7/075006"}})
>>> work.kind, work.venue, work.volume, work.number, work.year
('journal', 'Inverse Problems', '32', '7', 2016)
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import quote

from publist import __version__
from publist.errors import FetchError
from publist.sources.http import USER_AGENT, Answer, Batch, Client, Retry, json_body
from publist.sources.published import Published, is_preprint, person, text, year_of

if TYPE_CHECKING:
    import requests

_MEETING: Final = re.compile(r"\b(?:conference|symposium|workshop)\b", re.IGNORECASE)
_KINDS: Final = {
    "journal-article": "journal", "proceedings-article": "conference", "book-chapter": "other",
    "book": "other", "monograph": "other", "report": "other", "dissertation": "other",
}


def parse_work(data: Any) -> Published | None:
    """The publication of a ``/works/{doi}`` answer; ``None`` for a preprint or no venue."""
    if not isinstance(data, dict) or not isinstance(data.get("message"), dict):
        raise Retry("Crossref answered with JSON that is not a work")
    work = data["message"]
    kind = _KINDS.get(text(work.get("type")))
    doi = text(work.get("DOI"))
    venue = text(work.get("container-title"))
    if kind is None or not venue or is_preprint(venue, doi):
        return None  # posted-content (a preprint), a dataset, a peer review ...
    if kind == "journal" and _MEETING.search(venue):
        kind = "conference"  # AAAI, IJCAI and PMLR register their proceedings as journal articles
    issued = work.get("issued") if isinstance(work.get("issued"), dict) else {}
    parts = issued.get("date-parts") if isinstance(issued.get("date-parts"), list) else []
    year = year_of(parts[0][0]) if parts and isinstance(parts[0], list) and parts[0] else None
    authors = tuple(
        person(" ".join(p for p in (text(a.get("given")), text(a.get("family"))) if p))
        for a in work.get("author") or [] if isinstance(a, dict) and text(a.get("family"))
    )
    return Published(
        "Crossref", kind, venue,
        aliases=tuple(t for t in (text(s) for s in work.get("short-container-title") or []) if t),
        volume=text(work.get("volume")), number=text(work.get("issue")),
        pages=text(work.get("page")), year=year, publisher=text(work.get("publisher")),
        doi=doi, title=text(work.get("title")), authors=authors, key=doi,
    )


class CrossrefClient:
    """Works by DOI, e.g. ``CrossrefClient(url, mailto="me@uni.edu").works(["10.1109/x"])``."""

    def __init__(
        self,
        api_url: str = "https://api.crossref.org",
        *,
        mailto: str = "",
        delay_seconds: float = 1.0,
        timeout_seconds: float = 30.0,
        retries: int = 3,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        on_wait: Callable[[float, str], None] | None = None,
    ) -> None:
        self.api_url = api_url.rstrip("/")
        agent = f"publist/{__version__} (bibliography sync; mailto:{mailto})" if mailto else USER_AGENT
        self.http = Client("Crossref", delay_seconds=delay_seconds, timeout_seconds=timeout_seconds,
                           retries=retries, headers={"User-Agent": agent}, session=session,
                           sleep=sleep, clock=clock, on_wait=on_wait)

    def works(self, dois: Iterable[str]) -> Batch[Published | None]:
        """Each DOI's work, one request a DOI; ``None`` for a DOI Crossref does not know."""
        result: Batch[Published | None] = Batch()
        for doi in dict.fromkeys(dois):
            try:
                url = f"{self.api_url}/works/{quote(doi, safe='/:;()._-')}"
                result.found[doi] = self.http.request("GET", url, _read_work)
            except FetchError as err:
                result.failed[doi] = str(err)
        return result


def _read_work(answer: Answer) -> Published | None:
    if answer.status == 404:
        return None
    if answer.status != 200:
        raise FetchError(f"HTTP {answer.status} from Crossref")
    return parse_work(json_body(answer, "Crossref"))
