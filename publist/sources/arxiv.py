"""arXiv's query API: papers by id (batched) and by title (several titles a request).

arXiv's terms of use (https://info.arxiv.org/help/api/tou.html) ask for one connection at a
time and at least 3 seconds between requests: the shared client (:mod:`publist.sources.http`)
paces and retries; this module says what to ask and what an answer means. A 400 is never
retried, but the id it names is dropped and the others asked for again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final, Unpack

from publist.errors import FetchError
from publist.papers import arxivid
from publist.sources import http
from publist.sources.atom import ArxivEntry, FeedError, parse
from publist.sources.http import Answer, Client, Retry, Transport, web_page, web_page_problem

WAIT_AFTER_429: Final = 3.0
"""Seconds at least after a 429: arXiv's terms ask for one request every 3 s, and a 429 says
that was not kept (a ``Retry-After`` that asks for more is honoured)."""
RESULTS_PER_TITLE: Final = 5
PREFIX_WORDS: Final = 4
"""Leading title words that, with the first author, find look-alikes of a title."""


Batch = http.Batch[list[ArxivEntry]]
"""arXiv's answers by query: an id (without version) or a title, e.g. ``{"1912.07145": [entry]}``."""


class ArxivClient:
    """Look papers up on arXiv by id (batched) or by title (several titles a request).

    e.g. ``ArxivClient("https://export.arxiv.org/api/query").fetch_ids(["1912.07145"])``
    """

    def __init__(
        self,
        api_url: str = "https://export.arxiv.org/api/query",
        *,
        delay_seconds: float = 3.0,
        batch_size: int = 100,
        titles_per_request: int = 10,
        **transport: Unpack[Transport],
    ) -> None:
        self.api_url = api_url
        self.batch_size = batch_size
        self.titles_per_request = titles_per_request
        # arXiv's terms: at least 3 s between requests
        self.http = Client("arXiv", delay_seconds=delay_seconds, wait_after_429=WAIT_AFTER_429,
                           headers={"Accept": "application/atom+xml"}, **transport)

    @property
    def requests_sent(self) -> int:
        """Requests sent so far, retries included."""
        return self.http.requests_sent

# --- public look-ups ----------------------------------------------------------------

    def fetch_ids(self, ids: Iterable[str]) -> Batch:
        """Entries by id, ``batch_size`` ids a request, matched back by the id in each entry."""
        wanted = list(dict.fromkeys(arxivid.base(i) for i in ids))
        result = Batch()
        for start in range(0, len(wanted), self.batch_size):
            self._fetch_batch(wanted[start : start + self.batch_size], result)
        return result

    def search_titles(self, titles: Iterable[str], surnames: dict[str, str] | None = None) -> Batch:
        """Candidate entries for each title; several titles share one ``OR`` query.

        Each title asks for the exact phrase and, when ``surnames`` gives the first author's
        surname, for that author's papers whose title starts with the same words: that is
        how a look-alike (a CV's reworded title) is seen, to be refused and reported.
        """
        wanted = [t for t in dict.fromkeys(titles) if _phrase(t)]
        result = Batch()
        for start in range(0, len(wanted), self.titles_per_request):
            group = wanted[start : start + self.titles_per_request]
            query = " OR ".join(_title_clause(t, (surnames or {}).get(t, "")) for t in group)
            params = {"search_query": query, "start": "0",
                      "max_results": str(RESULTS_PER_TITLE * len(group))}
            try:
                entries, _ = self._get(params)
            except FetchError as err:
                result.failed.update({t: str(err) for t in group})
                continue
            result.found.update({t: entries for t in group})
        return result

    # --- requests -------------------------------------------------------------------------

    def _fetch_batch(self, batch: list[str], result: Batch) -> None:
        while batch:
            params = {"id_list": ",".join(batch), "start": "0", "max_results": str(len(batch))}
            try:
                entries, _ = self._get(params)
            except _BadId as err:
                # arXiv refused one id: drop it, report it, and ask again for the others
                bad = err.bad_id if err.bad_id in batch else None
                if bad is None:
                    result.failed.update({i: str(err) for i in batch})
                    return
                result.failed[bad] = str(err)
                batch = [i for i in batch if i != bad]
                continue
            except FetchError as err:
                result.failed.update({i: str(err) for i in batch})
                return
            by_id = {e.id: e for e in entries}
            for wanted in batch:
                if wanted in by_id:
                    result.found[wanted] = [by_id[wanted]]
                else:
                    result.failed[wanted] = "not found on arXiv"
            return

    def _get(self, params: dict[str, str]) -> tuple[list[ArxivEntry], int]:
        """One query, paced and retried; :class:`FetchError` when it cannot be answered."""
        return self.http.request("GET", self.api_url, _read_feed, params=params)


def _read_feed(answer: Answer) -> tuple[list[ArxivEntry], int]:
    """The entries of a 200, the bad id of a 400; malformed answers are asked for again."""
    if answer.status == 200:
        if web_page(answer.body, answer.headers.get("Content-Type", "")):  # a network's login page
            raise Retry(web_page_problem("arXiv", "XML"))
        try:
            return parse(answer.body)
        except FeedError as err:
            if err.hostile:
                raise FetchError(f"arXiv answered with {err}") from None
            raise Retry(f"arXiv answered with {err}") from None
    if answer.status == 400:
        try:
            parse(answer.body)
        except FeedError as err:
            raise _BadId(str(err), err.bad_id) from None
        raise FetchError("arXiv refused the request (HTTP 400)")
    raise FetchError(f"HTTP {answer.status} from arXiv")


class _BadId(FetchError):
    """HTTP 400 naming an id that arXiv cannot read."""

    def __init__(self, message: str, bad_id: str | None) -> None:
        super().__init__(message)
        self.bad_id = bad_id


def _phrase(title: str, words: int | None = None) -> str:
    """A title as an arXiv phrase: folded words only, e.g. ``pyhessian neural networks ...``."""
    from publist.papers.matching import title_words

    return " ".join(title_words(title)[:words])


def _title_clause(title: str, surname: str) -> str:
    """``ti:"<title>"``, or with an author: ``... OR (au:<surname> AND ti:"<first words>")``."""
    exact = f'ti:"{_phrase(title)}"'
    author = re.sub(r"[^\w]+", "_", surname).strip("_")
    if not author or len(title.split()) <= PREFIX_WORDS:
        return exact
    return f'{exact} OR (au:{author} AND ti:"{_phrase(title, PREFIX_WORDS)}")'
