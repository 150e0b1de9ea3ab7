"""A small, polite client for arXiv's query API.

arXiv's terms of use (https://info.arxiv.org/help/api/tou.html) ask for one connection at a
time and at least 3 seconds between requests; the client waits that long between calls
(``delay_seconds``), retries 429, 5xx and connection errors with exponential backoff
(honouring ``Retry-After``), never retries a 400 but drops the id it names, and says who it
is in its User-Agent. Time and sleep are injected so that tests can check the pacing.
"""

from __future__ import annotations

import email.utils
import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final
from urllib.parse import urlsplit

from publist import __version__, arxivid
from publist.errors import FetchError
from publist.sources.atom import ArxivEntry, FeedError, parse

if TYPE_CHECKING:
    import requests

USER_AGENT: Final = f"publist/{__version__} (bibliography sync; python-requests)"
MAX_RETRY_AFTER: Final = 120.0
"""Longest ``Retry-After`` publist waits for; a longer one ends the look-up."""
RESULTS_PER_TITLE: Final = 5
PREFIX_WORDS: Final = 4
"""Leading title words that, with the first author, find look-alikes of a title."""


@dataclass
class Batch:
    """The answer to some look-ups: what was found, and why the rest failed."""

    found: dict[str, list[ArxivEntry]] = field(default_factory=dict)
    """By query: an id (without version) or a title, e.g. ``{"1912.07145": [entry]}``."""
    failed: dict[str, str] = field(default_factory=dict)
    """By query, the reason, e.g. ``{"1912.07145": "HTTP 503 after 3 retries"}``."""


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
        timeout_seconds: float = 30.0,
        retries: int = 3,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        on_wait: Callable[[float, str], None] | None = None,
    ) -> None:
        self.api_url = api_url
        self.delay_seconds = delay_seconds  # arXiv's terms: at least 3 s between requests
        self.batch_size = batch_size
        self.titles_per_request = titles_per_request
        self.timeout_seconds = timeout_seconds
        self.retries = retries
        self._session = session
        self._sleep = sleep
        self._clock = clock
        self._on_wait = on_wait
        self._last_request: float | None = None
        self.requests_sent = 0

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
        import requests

        session = self._session or requests.Session()
        self._session = session
        host = urlsplit(self.api_url).netloc or self.api_url
        problem = ""
        for attempt in range(self.retries + 1):
            self._pace()
            self.requests_sent += 1
            wait = self.delay_seconds * 2**attempt
            try:
                response = session.get(
                    self.api_url, params=params, timeout=self.timeout_seconds,
                    headers={"User-Agent": USER_AGENT, "Accept": "application/atom+xml"},
                )
                body = response.content
            except requests.Timeout:
                problem = f"no answer from {host} within {self.timeout_seconds:g} s"
            except requests.RequestException as err:
                problem = f"cannot reach {host} ({_reason(err)})"
            else:
                status = response.status_code
                if _cut_off(response.headers, body):
                    problem = f"cannot reach {host} (the answer was cut off)"
                elif status == 200:
                    try:
                        return parse(body)
                    except FeedError as err:
                        if err.hostile:
                            raise FetchError(f"arXiv answered with {err}") from None
                        problem = f"arXiv answered with {err}"
                elif status == 400:
                    try:
                        parse(body)
                    except FeedError as err:
                        raise _BadId(str(err), err.bad_id) from None
                    raise FetchError("arXiv refused the request (HTTP 400)")
                elif status == 429 or 500 <= status < 600:
                    problem = f"HTTP {status}"
                    after = _retry_after(response.headers.get("Retry-After"))
                    if after is not None:
                        if after > MAX_RETRY_AFTER:
                            raise FetchError(
                                f"HTTP {status}: arXiv asks to wait {after:.0f} s; try again later"
                            )
                        wait = max(after, wait if self.delay_seconds else 0.0)
                else:
                    raise FetchError(f"HTTP {status} from {host}")
            finally:
                self._last_request = self._clock()
            if attempt < self.retries and wait > 0:
                if self._on_wait:
                    self._on_wait(wait, f"{problem}; retrying")
                self._sleep(wait)
        retries = "retry" if self.retries == 1 else "retries"
        raise FetchError(f"{problem} after {self.retries} {retries}")

    def _pace(self) -> None:
        """Wait until ``delay_seconds`` have passed since the last request."""
        if self._last_request is None or self.delay_seconds <= 0:
            return
        wait = self.delay_seconds - (self._clock() - self._last_request)
        if wait > 0:
            if self._on_wait:
                self._on_wait(wait, "arXiv's rate limit")
            self._sleep(wait)


class _BadId(FetchError):
    """HTTP 400 naming an id that arXiv cannot read."""

    def __init__(self, message: str, bad_id: str | None) -> None:
        super().__init__(message)
        self.bad_id = bad_id


def _phrase(title: str, words: int | None = None) -> str:
    """A title as an arXiv phrase: folded words only, e.g. ``pyhessian neural networks ...``."""
    from publist.matching import title_words

    return " ".join(title_words(title)[:words])


def _title_clause(title: str, surname: str) -> str:
    """``ti:"<title>"``, or with an author: ``... OR (au:<surname> AND ti:"<first words>")``."""
    exact = f'ti:"{_phrase(title)}"'
    author = re.sub(r"[^\w]+", "_", surname).strip("_")
    if not author or len(title.split()) <= PREFIX_WORDS:
        return exact
    return f'{exact} OR (au:{author} AND ti:"{_phrase(title, PREFIX_WORDS)}")'


def _cut_off(headers: Mapping[str, str], body: bytes) -> bool:
    """Whether fewer bytes arrived than the server announced."""
    length = headers.get("Content-Length", "")
    return length.isdigit() and "Content-Encoding" not in headers and len(body) < int(length)


def _reason(err: Exception) -> str:
    text = str(err)
    lowered = text.lower()
    if "resolve" in lowered or "name or service" in lowered or "nodename" in lowered:
        return "name lookup failed; check your connection"
    if "refused" in lowered:
        return "connection refused"
    if "incompleteread" in lowered or "chunked" in lowered or "connection broken" in lowered:
        return "the answer was cut off"
    if "ssl" in lowered or "certificate" in lowered:
        return "TLS error"
    return type(err).__name__


def _retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header: a number or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if re.fullmatch(r"\d+(\.\d+)?", value):
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())

