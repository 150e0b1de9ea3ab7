"""``publist sync --citations``: every entry's citation count from the configured source, kept in
the counts file beside the .bib (:mod:`publist.papers.citations`).

One source for the whole list (``[citations] source``), asked in batches for the entries that
have an arXiv id or a DOI: Semantic Scholar through the paper batch that sync's venue look-up
also sends (its cache answers when that ran first), OpenAlex by DOI, INSPIRE by both. Answers
are cached for ``cache_hours``, so a second sync asks nothing; the date of a count is the day
the source gave it. A paper the source does not know has no count (never 0). When any
question fails, the counts file is kept as it was, and the run says so in one line.

>>> from publist.api import loads
>>> pubs, _ = loads("@misc{a, title={A}, eprint={1912.07145}} @misc{b, title={B}, doi={10.1145/x}}"
...                 "@misc{c, title={C}}")
>>> found = collect(pubs, "semanticscholar", {"arXiv:1912.07145": (412, "2026-12-05"), "doi:10.1145/x": (None, "2026-12-05")})
>>> found.counts, found.unknown, found.without
({'a': Count(cited=412, source='semanticscholar', id='arXiv:1912.07145', date='2026-12-05')}, ['b (refs.bib:1)'], ['c (refs.bib:1)'])
"""

from __future__ import annotations

import datetime
import os
import time
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from publist.errors import PublistError
from publist.model import Publication
from publist.papers import citations
from publist.papers.citations import Count
from publist.sources.cache import Cache
from publist.sources.http import Batch
from publist.sources.inspire import InspireClient
from publist.sources.openalex import KEY_HELP, OpenAlexClient
from publist.sources.semanticscholar import Paper, SemanticScholarClient

if TYPE_CHECKING:
    from publist.config import Config

Answer = tuple[int | None, str]
"""A source's count for one identifier (``None``: it does not know the paper) and its date."""
_MISS: Final = object()
UNKNOWN_SHOWN: Final = 20
"""Entries the source does not know, named one by one in the report; the rest are counted."""


class Found(NamedTuple):
    """What the answers give the entries: the counts by entry name, and the entries the
    source does not know or that have no identifier (named ``key (refs.bib:12)``)."""

    counts: dict[str, Count]
    unknown: list[str]
    without: list[str]


def _where(pub: Publication) -> str:
    return f"{pub.key} ({pub.span.path}:{pub.span.line})"


def collect(pubs: Iterable[Publication], source: str, answers: Mapping[str, Answer]) -> Found:
    """The counts of the entries, from the answers to their identifiers (pure)."""
    pubs = list(pubs)
    names = citations.names(pubs)
    found = Found({}, [], [])
    for pub in pubs:
        asked = citations.identifier(pub, source)
        if not asked:
            found.without.append(_where(pub))
            continue
        if asked not in answers:
            continue  # the question failed: said once, for the source
        count, date = answers[asked]
        if count is None:
            found.unknown.append(_where(pub))
        else:
            found.counts[names[pub.span.start]] = Count(count, source, asked, date)
    return found


class Step(NamedTuple):
    """The step inside a sync: :meth:`start` before the look-ups (the counts file is read
    first, so that a broken one stops the run before anything is written), :meth:`finish`
    after them, with the entries as sync leaves them."""

    config: Config
    path: str
    old: dict[str, Count]
    started: float

    @classmethod
    def start(cls, config: Config, bib: str, now: Callable[[], float] = time.time) -> Step:
        """Read the counts file beside ``bib``; stop at once if the source cannot be asked."""
        if config.citations.source == "openalex" and not (
                config.openalex.api_key or os.environ.get("OPENALEX_API_KEY")):
            raise PublistError(f"[citations] source = \"openalex\": {KEY_HELP}")
        path = config.counts_path(bib)
        return cls(config, path, citations.load(path), now())

    def finish(self, pubs: list[Publication], refresh: bool = False, dry_run: bool = False,
               on_wait: Callable[[float, str], None] | None = None) -> Report:
        """Ask the source, and write the file unless something failed (or ``dry_run``)."""
        source = self.config.citations.source
        client = client_for(self.config, on_wait)
        wanted = [i for i in (citations.identifier(p, source) for p in pubs) if i]
        answers, failed = ask(wanted, client, caches(self.config, source),
                              refresh_since=self.started if refresh else None)
        found = collect(pubs, source, answers)
        unreachable = client.http.unreachable
        reasons: dict[str, list[str]] = {}  # one line per reason, not per paper: a batch fails whole
        for asked, why in failed.items():
            if why != unreachable:
                reasons.setdefault(why, []).append(asked)
        problems = [f"{why} ({asked[0]}" + (f" and {len(asked) - 1} more)" if len(asked) > 1 else ")")
                    for why, asked in reasons.items()]
        written = False
        if not failed and not dry_run:
            written = citations.save(self.path, found.counts)
        return Report(found, self.old, self.path, citations.SOURCES[source], problems, unreachable,
                      client.http.requests_sent, written, dry_run)


class Report(NamedTuple):
    """What ``sync --citations`` did, for the command's report."""

    found: Found
    old: dict[str, Count]
    path: str
    source: str
    failed: list[str]
    unreachable: str
    requests: int
    written: bool
    dry_run: bool

    @property
    def ok(self) -> bool:
        return not self.failed and not self.unreachable

    def lines(self) -> list[str]:
        """The report: failures, papers the source does not know, then one summary line."""
        out = []
        if self.unreachable:
            out.append(f"Failed: {self.source}: {self.unreachable}")
        out += [f"Failed: {self.source}: {line}" for line in self.failed]
        if self.found.unknown:
            shown = self.found.unknown[:UNKNOWN_SHOWN]
            more = len(self.found.unknown) - len(shown)
            out.append(f"Not known to {self.source} (no count): " + ", ".join(shown)
                       + (f" and {more} more" if more else ""))
        if self.found.without:
            n = len(self.found.without)
            out.append(f"No arXiv id or DOI, so no count asked: {n} {'entry' if n == 1 else 'entries'}")
        counts = self.found.counts
        changed = sum(1 for name, c in counts.items() if self.old.get(name, c)[:3] != c[:3]
                      or name not in self.old)
        asked = f"{self.requests} request(s) to {self.source}"
        if not self.ok:
            out.append(f"{self.path}: kept as it was ({asked}); try again later")
        elif self.dry_run:
            out.append(f"{self.path}: would hold {len(counts)} count(s), {changed} new or changed ({asked})")
        else:
            verb = "written" if self.written else "unchanged"
            out.append(f"{self.path}: {verb}, {len(counts)} count(s) from {self.source}, "
                       f"{changed} new or changed ({asked})")
        return out


def client_for(config: Config, on_wait: Callable[[float, str], None] | None = None
               ) -> SemanticScholarClient | OpenAlexClient | InspireClient:
    """The client of ``[citations] source``, as its own table configures it."""
    source = config.citations.source
    options = getattr(config, source)
    common: dict[str, Any] = {"delay_seconds": options.delay_seconds, "timeout_seconds": options.timeout_seconds,
                              "retries": options.retries, "on_wait": on_wait}
    if source == "semanticscholar":
        return SemanticScholarClient(options.api_url, api_key=options.api_key,
                                     batch_size=options.batch_size, **common)
    if source == "openalex":
        return OpenAlexClient(options.api_url, api_key=options.api_key, mailto=options.mailto, **common)
    return InspireClient(options.api_url, **common)


def caches(config: Config, source: str) -> Cache:
    """The source's cache folder, the one sync's other look-ups use."""
    from publist.sync.steps import cache_for

    return cache_for(config, source, getattr(config, source).cache_hours)


def ask(wanted: Iterable[str], client: SemanticScholarClient | OpenAlexClient | InspireClient,
        cache: Cache, refresh_since: float | None = None) -> tuple[dict[str, Answer], dict[str, str]]:
    """Each identifier's count and date, from the cache where it has one (saved after
    ``refresh_since``, when given: a ``--refresh`` asks again what an earlier run saved, not
    what this one did), the rest asked; and why the questions that failed did."""
    wanted = list(dict.fromkeys(wanted))
    if isinstance(client, SemanticScholarClient):
        # the venue look-up's own cache entries: one paper record per arXiv id or DOI
        arxiv = [i for i in wanted if i.startswith("arXiv:")]
        dois = [i for i in wanted if i.startswith("doi:")]
        answers, failed = _cached(cache, refresh_since, "arxiv", {i: i[6:] for i in arxiv},
                                  _paper_count, client.by_arxiv, _paper_json)
        more, more_failed = _cached(cache, refresh_since, "doi", {i: i[4:].lower() for i in dois},
                                    _paper_count, client.by_doi, _paper_json)
        return answers | more, failed | more_failed
    if isinstance(client, OpenAlexClient):
        return _cached(cache, refresh_since, "count", {i: _openalex_doi(i) for i in wanted},
                       _plain_count, client.citations, lambda count: count)
    return _cached(cache, refresh_since, "count", {i: i for i in wanted}, _plain_count,
                   client.citations, lambda count: count)


def _openalex_doi(asked: str) -> str:
    """The DOI OpenAlex is asked by: the entry's, or arXiv's for an arXiv id."""
    kind, _, value = asked.partition(":")
    return value.lower() if kind == "doi" else f"10.48550/arxiv.{value}".lower()


def _paper_count(data: Any) -> int | None:
    """A cached paper's count; a paper saved before publist asked for counts is asked again."""
    if data is None:
        return None
    record = Paper.from_json(data)
    if record.citations is None:
        raise KeyError("citations")
    return record.citations


def _paper_json(record: Any) -> Any:
    return None if record is None else record.to_json()


def _plain_count(data: Any) -> int | None:
    if data is None:
        return None
    if isinstance(data, bool) or not isinstance(data, int) or data < 0:
        raise ValueError(data)
    return data


def _cached(cache: Cache, refresh_since: float | None, kind: str, queries: Mapping[str, str],
            load: Callable[[Any], int | None], fetch: Callable[[list[str]], Batch[Any]],
            dump: Callable[[Any], Any]) -> tuple[dict[str, Answer], dict[str, str]]:
    """The answers to ``queries`` (identifier: the source's question), from the cache or asked."""
    answers: dict[str, Answer] = {}
    missing: dict[str, list[str]] = {}
    for asked, question in queries.items():
        saved = cache.saved(kind, question)
        data = cache.get(kind, question, _MISS)
        try:
            if data is _MISS or saved is None or (refresh_since is not None and saved < refresh_since):
                raise KeyError(question)
            answers[asked] = (load(data), _day(saved))
        except (KeyError, TypeError, ValueError, AttributeError):
            missing.setdefault(question, []).append(asked)
    failed: dict[str, str] = {}
    if missing:
        batch = fetch(list(missing))
        today = _day(time.time())
        for question, why in batch.failed.items():
            failed.update(dict.fromkeys(missing.get(question, []), why))
        for question, record in batch.found.items():
            cache.put(kind, question, dump(record))
            count = load(dump(record))
            for asked in missing.get(question, []):
                answers[asked] = (count, today)
        for question, asked_list in missing.items():  # a question the client left unanswered
            for asked in asked_list:
                if asked not in answers and asked not in failed:
                    failed[asked] = "no answer"
    return answers, failed


def _day(when: float) -> str:
    """The UTC day of a Unix time, ``YYYY-MM-DD``."""
    return datetime.datetime.fromtimestamp(when, datetime.UTC).date().isoformat()
