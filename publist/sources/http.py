"""One polite HTTP client for every source: pacing, retries, ``Retry-After``, timeouts.

Each source (arXiv, Semantic Scholar, DBLP, Crossref) asks for a politeness of its own: a
delay between requests (arXiv's terms ask for 3 s, DBLP for 1 to 2 s, Crossref and Semantic
Scholar for about 1 s without a key), one request at a time, a User-Agent that names the
caller. The client waits that long between its requests, retries 429, 5xx, timeouts and answers
cut short with exponential backoff, honours ``Retry-After`` (up to :data:`MAX_RETRY_AFTER`),
waits at least a source's own minimum after a 429 (``wait_after_429``: INSPIRE counts refused
requests against its quota and asks for 5 s; each source module declares its ``WAIT_AFTER_429``),
and gives up with one :class:`FetchError` line. A source it cannot connect to at all (no
network, a name that does not resolve, a refused connection, TLS failing) is not asked again
in the run: offline, a sync says so in seconds instead of retrying every question. What an answer
means is the source's business: it passes a ``parse`` function that returns the records,
raises :class:`Retry` for an answer worth asking again (malformed), or :class:`FetchError`
for one that is final. Time and sleep are injected, so that tests check the pacing exactly.
"""

from __future__ import annotations

import email.utils
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final, Generic, NamedTuple, TypedDict, TypeVar
from urllib.parse import urlsplit

from publist import __version__
from publist.errors import FetchError

if TYPE_CHECKING:
    import requests

USER_AGENT: Final = f"publist/{__version__} (bibliography sync; python-requests)"
MAX_RETRY_AFTER: Final = 120.0
"""Longest ``Retry-After`` publist waits for; a longer one ends the look-up."""
T = TypeVar("T")


@dataclass
class Batch(Generic[T]):
    """The answers to some look-ups: what was found, and why the rest failed.

    e.g. ``Batch(found={"1912.07145": record}, failed={"1906.04596": "HTTP 503 after 3 retries"})``.
    A look-up that found nothing is ``found`` with an empty answer (``[]`` or ``None``): that
    is an answer, and it is cached; a failure is not.
    """

    found: dict[str, T] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)


class Answer(NamedTuple):
    """An HTTP answer that is not retried for its status (not 429 or 5xx)."""

    status: int
    headers: Mapping[str, str]
    body: bytes


class Retry(Exception):
    """Raised by a ``parse`` function: this answer is unusable, but another try may work."""


class Transport(TypedDict, total=False):
    """How a source's client sends its requests, besides its pace and headers: what the
    config (timeouts, retries) and the tests (a session, a clock) set, passed on to
    :class:`Client` as they are, e.g. ``DblpClient(url, retries=0, sleep=clock.sleep)``."""

    timeout_seconds: float
    retries: int
    session: requests.Session | None
    sleep: Callable[[float], None]
    clock: Callable[[], float]
    on_wait: Callable[[float, str], None] | None


class Client:
    """Requests to one source, e.g. ``Client("arXiv", delay_seconds=3).request(...)``."""

    def __init__(
        self,
        name: str,
        *,
        delay_seconds: float,
        timeout_seconds: float = 30.0,
        retries: int = 3,
        headers: Mapping[str, str] | None = None,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        on_wait: Callable[[float, str], None] | None = None,
        wait_after_429: float = 0.0,
    ) -> None:
        self.name = name
        """How messages name the source, e.g. ``arXiv`` in ``arXiv asks to wait 3600 s``."""
        self.delay_seconds = delay_seconds
        self.wait_after_429 = wait_after_429
        """The least a 429 makes the client wait, whatever ``Retry-After`` or the back-off say,
        e.g. ``5.0`` for INSPIRE; ``0`` where the source documents no minimum."""
        self.timeout_seconds = timeout_seconds
        self.retries = retries
        self.headers = {"User-Agent": USER_AGENT, **(headers or {})}
        self._session = session
        self._sleep = sleep
        self._clock = clock
        self._on_wait = on_wait
        self._last_request: float | None = None
        self.requests_sent = 0
        self.unreachable = ""
        """Why the source cannot be reached, once connecting failed (its name does not resolve,
        the connection is refused, TLS fails), e.g. ``cannot reach dblp.org (connection
        refused)``, or a request failed through every retry (5xx, 429, timeouts, answers cut
        off or malformed), e.g. ``HTTP 503 after 3 retries``: it is then not asked again this
        run. ``""`` while it answers."""

    def request(
        self,
        method: str,
        url: str,
        parse: Callable[[Answer], T],
        *,
        params: Mapping[str, str] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> T:
        """One request, paced and retried, and what ``parse`` makes of the answer."""
        import requests

        session = self._session or requests.Session()
        self._session = session
        host = urlsplit(url).netloc or url
        if self.unreachable:  # offline, or the service is down: no waiting and retrying for each question
            raise FetchError(self.unreachable)
        problem = ""
        for attempt in range(self.retries + 1):
            self._pace()
            self.requests_sent += 1
            wait = self.delay_seconds * 2**attempt
            try:
                response = session.request(
                    method, url, params=params, json=json, timeout=self.timeout_seconds,
                    headers={**self.headers, **(headers or {})},
                )
                body = response.content
            except requests.Timeout:
                problem = f"no answer from {host} within {self.timeout_seconds:g} s"
            except requests.RequestException as err:
                problem = f"cannot reach {host} ({_reason(err)})"
                if _cannot_connect(err):
                    self.unreachable = problem
                    raise FetchError(problem) from None
            except OSError as err:  # requests' own set-up, e.g. a REQUESTS_CA_BUNDLE that names no file
                raise FetchError(f"cannot reach {host}: {err}") from None
            else:
                status = response.status_code
                if _cut_off(response.headers, body):
                    problem = f"cannot reach {host} (the answer was cut off)"
                elif status == 429 or 500 <= status < 600:
                    problem = f"HTTP {status}"
                    after = _retry_after(response.headers.get("Retry-After"))
                    if after is not None:
                        if after > MAX_RETRY_AFTER:
                            self.unreachable = f"HTTP {status}: {self.name} asks to wait {after:.0f} s; try again later"
                            raise FetchError(self.unreachable)
                        wait = max(after, wait if self.delay_seconds else 0.0)
                    elif status == 429:
                        wait = max(wait, 2.0**attempt)  # too fast even with no delay set: back off
                    if status == 429:
                        wait = max(wait, self.wait_after_429)
                else:
                    try:
                        return parse(Answer(status, response.headers, body))
                    except Retry as err:
                        problem = str(err)
            finally:
                self._last_request = self._clock()
            if attempt < self.retries and wait > 0:
                if self._on_wait:
                    self._on_wait(wait, f"{problem}; retrying")
                self._sleep(wait)
        retries = "retry" if self.retries == 1 else "retries"
        # down, overloaded or too slow through every retry: the next question would wait as long
        self.unreachable = f"{problem} after {self.retries} {retries}"
        raise FetchError(self.unreachable)

    def _pace(self) -> None:
        """Wait until ``delay_seconds`` have passed since the last request."""
        if self._last_request is None or self.delay_seconds <= 0:
            return
        wait = self.delay_seconds - (self._clock() - self._last_request)
        if wait > 0:
            if self._on_wait:
                self._on_wait(wait, f"{self.name} asks for {self.delay_seconds:g} s between requests")
            self._sleep(wait)


def json_body(answer: Answer, what: str) -> Any:
    """The JSON of an answer, or :class:`Retry` saying why it is not JSON: empty, a web page
    (:func:`web_page`), or malformed."""
    import json

    if not answer.body.strip():
        raise Retry(f"{what} answered with an empty answer")
    try:
        return json.loads(answer.body)
    except (ValueError, RecursionError) as err:
        if web_page(answer.body, answer.headers.get("Content-Type", "")):
            raise Retry(web_page_problem(what, "JSON")) from None
        raise Retry(f"{what} answered with malformed JSON ({type(err).__name__})") from None


_HTML: Final = re.compile(
    rb"(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|title|meta)[\s>/]",
    re.IGNORECASE | re.DOTALL)


def web_page(body: bytes, content_type: str = "") -> bool:
    """Whether an answer is a web page (HTML, by its type or its start) where data was asked
    for: what a network's login page or a proxy's error page sends for any address, with 200.

    >>> web_page(b'<!DOCTYPE html>\\n<html lang="en">'), web_page(b"<p>blocked</p>", "text/html; charset=utf-8")
    (True, True)
    >>> web_page(b'{"data": []}'), web_page(b"<?xml version='1.0'?><feed>")
    (False, False)
    """
    return content_type.split(";")[0].strip().lower() in ("text/html", "application/xhtml+xml") or bool(
        _HTML.match(body))


def web_page_problem(what: str, expected: str) -> str:
    """What a source's web page is called, e.g. ``DBLP answered with a web page, not XML (...)``."""
    return f"{what} answered with a web page, not {expected} (a proxy's or a network's login page?)"


def _cut_off(headers: Mapping[str, str], body: bytes) -> bool:
    """Whether fewer bytes arrived than the server announced."""
    length = headers.get("Content-Length", "")
    return length.isdigit() and "Content-Encoding" not in headers and len(body) < int(length)


def _cannot_connect(err: Exception) -> bool:
    """Whether a request failed before any answer could come: the name does not resolve, the
    connection is refused or TLS fails (not a timeout, nor an answer cut off, which a retry
    may mend)."""
    import requests
    from urllib3.exceptions import NewConnectionError

    if isinstance(err, (requests.exceptions.SSLError, requests.exceptions.ProxyError)):
        return True
    reason = getattr(err.args[0], "reason", None) if err.args else None
    return isinstance(err, requests.ConnectionError) and isinstance(reason, NewConnectionError)


def _reason(err: Exception) -> str:
    import requests

    if isinstance(err, requests.exceptions.ProxyError):  # HTTPS_PROXY / HTTP_PROXY
        return f"the proxy failed: {_reason(Exception(str(err)))}; check HTTPS_PROXY and NO_PROXY"
    text = str(err)
    lowered = text.lower()
    if "resolve" in lowered or "name or service" in lowered or "nodename" in lowered:
        return "name lookup failed; check your connection"
    if "refused" in lowered:
        return "connection refused"
    if "incompleteread" in lowered or "chunked" in lowered or "connection broken" in lowered:
        return "the answer was cut off"
    if "certificate verify failed" in lowered:  # a network that inspects TLS, or a wrong bundle
        why = re.search(r"certificate verify failed: ([^()'\"]+?)\s*[('\"]", text)
        return (f"its certificate is not trusted ({why.group(1) if why else 'certificate verify failed'}); "
                "if your network inspects TLS, set REQUESTS_CA_BUNDLE to its certificate authority")
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
