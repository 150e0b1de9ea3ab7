"""The services of one sync, asked at the same time: their clients, and how each is asked.

:func:`look_up` runs :func:`publist.sync.lookup.entry` for every entry of the plan on a
:class:`~publist.sync.pipeline.Pipeline`, with one worker per service (arXiv, Semantic
Scholar, DBLP, Crossref, ORCID, OpenAlex): the owner's profiles are read on their service's
worker and client (the DBLP profile and DBLP's records share DBLP's pace), each kind of
question is answered from its cache (``cache_hours``, ``--refresh``) or asked, and arXiv's ids
and Semantic Scholar's batch are gathered into as few requests as they allow. A service that
cannot be reached is not asked again this run (its client says so at once).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any, NamedTuple

from publist import profiles
from publist.bib.reader import Bibliography, Record
from publist.config import Config
from publist.errors import FetchError
from publist.sources.arxiv import ArxivClient
from publist.sources.atom import ArxivEntry
from publist.sources.cache import Cache
from publist.sources.crossref import Work
from publist.sources.http import Batch, Client
from publist.sources.profile import SERVICES, ProfileSource
from publist.sources.published import Published
from publist.sources.semanticscholar import Paper
from publist.sync import lookup
from publist.sync.lookup import ARXIV, CROSSREF, DBLP, SEMANTIC_SCHOLAR, Clients, Run, VenueAnswers
from publist.sync.pipeline import Ask, Kind, Pipeline, Watch
from publist.sync.steps import Answers, Plan, cache_for, client_for, venue_clients
from publist.text import names


@dataclass
class Services:
    """The clients of one run: arXiv, the venue sources turned on, and each profile's client."""

    arxiv: ArxivClient
    venues: Clients
    profiles: dict[profiles.Profile, ProfileSource]
    """The client each profile is read with: DBLP's and Semantic Scholar's are the venue clients."""

    def http(self) -> list[Client]:
        """Every service's HTTP client but arXiv's, once each."""
        clients = [*self.venues, *self.profiles.values()]
        return list({id(c.http): c.http for c in clients if c is not None}.values())  # type: ignore[union-attr]


def services(config: Config, watch: Watch | None = None) -> Services:
    """The clients config.toml asks for; each tells ``watch`` why it waits, under its own name."""

    def waits(key: str) -> Callable[[float, str], None] | None:
        name = {"arxiv": ARXIV, "crossref": CROSSREF, **SERVICES}[key]
        return None if watch is None else partial(_waiting, watch, name)

    venues = venue_clients(config, waits=waits)
    shared = {"dblp": venues.dblp, "semanticscholar": venues.semanticscholar}
    read = {p: shared.get(p.service) or profiles.client(config, p.service, waits(p.service))
            for p in (profiles.configured(config) if "profiles" in config.venue_sources else [])}
    return Services(client_for(config.arxiv, on_wait=waits("arxiv")), venues, read)


def _waiting(watch: Watch, name: str, seconds: float, why: str) -> None:
    watch.status(name, f"waiting {seconds:.1f} s ({why})")


class Looked(NamedTuple):
    """What the look-ups found: the plan as it was asked, arXiv's answers, the venue sources'."""

    plan: Plan
    """The plan, with the entries a profile gave an arXiv id moved from title to id."""
    answers: Answers
    venues: VenueAnswers


def look_up(bib: Bibliography, wanted: Plan, config: Config, clients: Services, refresh: bool = False,
            watch: Watch | None = None) -> Looked:
    """Every entry looked up, every service at once."""
    by_query = {r.start: ("id", i) for i, records in wanted.by_id.items() for r in records}
    by_query.update((r.start, ("title", t)) for t, records in wanted.by_title.items() for r in records)
    run, pipeline = _run(bib, wanted.by_title, by_query, config, clients, refresh, watch)
    answers = Answers(requests=clients.arxiv.requests_sent, unreachable=clients.arxiv.http.unreachable)
    for ask, answer in pipeline.answers.items():
        if ask.service == ARXIV:
            if answer.ok:
                (answers.by_id if ask.kind == "id" else answers.by_title)[ask.query] = answer.value
            else:
                answers.failed[ask.query] = answer.why
    return Looked(_asked(wanted, run), answers, run.out)


def venues(bib: Bibliography, config: Config, clients: Services, refresh: bool = False) -> VenueAnswers:
    """What the venue sources and the profiles know of each entry's published version, arXiv
    not asked (``publist add`` has just read the papers from arXiv, and writes them as these
    entries)."""
    run, _ = _run(bib, {}, {}, config, clients, refresh, None)
    return run.out


def _run(bib: Bibliography, by_title: Mapping[str, list[Record]], by_query: Mapping[int, tuple[str, str]],
         config: Config, clients: Services, refresh: bool, watch: Watch | None) -> tuple[Run, Pipeline]:
    """Every entry's look-up on one pipeline: ``by_query`` is what each entry asks arXiv (by
    offset), ``by_title`` the entries under each title searched."""
    from publist.papers import publication

    asks = tuple(Ask(SERVICES[p.service], "profile", p.id) for p in clients.profiles)
    run = Run(publication.keyed(bib), by_title, clients.venues, names.Owner.of(config.owner), asks)
    pipeline = Pipeline(kinds(config, clients, refresh), refresh, watch)
    pipeline.run(lookup.entry(run, record, by_query.get(record.start)) for record in bib.records)
    run.out.requests = {c.name: c.requests_sent for c in clients.http()}
    run.out.unreachable = {c.name: c.unreachable for c in clients.http() if c.unreachable}
    return run, pipeline


def _asked(wanted: Plan, run: Run) -> Plan:
    """The plan as it was asked: an entry a profile gave an arXiv id was asked for by that id,
    one that a profile lists without an arXiv copy was not asked."""
    by_title = {t: kept for t, records in wanted.by_title.items()
                if (kept := [r for r in records if r.start not in run.given])}
    by_id = {i: list(records) for i, records in wanted.by_id.items()}
    for records in wanted.by_title.values():
        for record in records:
            if run.given.get(record.start, ("", ""))[0]:  # not asked at all without an id
                by_id.setdefault(run.given[record.start][0], []).append(record)
    return Plan(by_id, by_title, wanted.ambiguous, {s: p for s, (i, p) in run.given.items() if i})


def kinds(config: Config, clients: Services, refresh: bool = False) -> dict[tuple[str, str], Kind]:
    """How each kind of question is asked, and where its answers are kept."""
    arxiv = clients.arxiv
    s2, dblp, crossref = clients.venues
    profile_kinds = tuple((SERVICES[p.service], "profile") for p in clients.profiles)
    arxiv_cache = cache_for(config)
    out = {
        (ARXIV, "id"): Kind(partial(_arxiv_ids, arxiv), arxiv.batch_size, arxiv_cache, "id",
                            _entries, _dump_entries, after=profile_kinds),
        (ARXIV, "title"): Kind(partial(_arxiv_titles, arxiv), arxiv.titles_per_request, arxiv_cache, "title",
                               _entries, _dump_entries, keep=_keeper(), after=profile_kinds),
    }
    for p, source in clients.profiles.items():
        out[(SERVICES[p.service], "profile")] = Kind(partial(_profile, config, p, source, refresh))

    def cache(name: str) -> Cache:
        return cache_for(config, name, getattr(config, name).cache_hours)

    if s2 is not None:
        out[(SEMANTIC_SCHOLAR, "arxiv")] = Kind(
            lambda asks: s2.by_arxiv(a.query for a in asks), s2.batch_size, cache("semanticscholar"), "arxiv",
            _optional(Paper.from_json), _dump, after=((ARXIV, "id"), (ARXIV, "title"), *profile_kinds))
    if dblp is not None:
        out[(DBLP, "key")] = Kind(lambda asks: dblp.records(a.query for a in asks), 1, cache("dblp"), "key",
                                  _optional(Published.from_json), _dump)
        out[(DBLP, "title")] = Kind(lambda asks: dblp.search(a.query for a in asks), 1, cache("dblp"), "title",
                                    lambda data: [Published.from_json(d) for d in data],
                                    lambda found: [r.to_json() for r in found])
    if crossref is not None:
        out[(CROSSREF, "doi")] = Kind(lambda asks: crossref.works(a.query for a in asks), 1, cache("crossref"),
                                      "doi", _optional(Work.from_json), _dump)
    return out


def _arxiv_ids(client: ArxivClient, asks: list[Ask]) -> Batch[list[ArxivEntry]]:
    """arXiv's entries by id; an id arXiv does not have is an answer (no entry), and is kept."""
    batch = client.fetch_ids(a.query for a in asks)
    for query, why in list(batch.failed.items()):
        if why == "not found on arXiv":
            del batch.failed[query]
            batch.found[query] = []
    return batch


def _arxiv_titles(client: ArxivClient, asks: list[Ask]) -> Batch[list[ArxivEntry]]:
    return client.search_titles([a.query for a in asks], {a.query: a.extra for a in asks})


def _keeper() -> Callable[[Cache, Ask, list[ArxivEntry]], None]:
    """Keeps a title search's results, and each result by its id, once a run (the titles of
    one request share their results): the next run asks for these by id."""
    kept: set[str] = set()

    def keep(cache: Cache, ask: Ask, found: list[ArxivEntry]) -> None:
        cache.put("title", ask.query, _dump_entries(found))
        for entry in found:
            if entry.id not in kept:
                kept.add(entry.id)
                cache.put("id", entry.id, [entry.to_json()])

    return keep


def _profile(config: Config, profile: profiles.Profile, source: ProfileSource, refresh: bool,
             asks: list[Ask]) -> Batch[Any]:
    """A profile's works (its own cache, :func:`publist.profiles.works`), or one line naming it."""
    try:
        return Batch(found={profile.id: profiles.works(config, profile, source=source, refresh=refresh)})
    except FetchError as err:
        return Batch(failed={profile.id: str(err)})


def _entries(data: Any) -> list[ArxivEntry]:
    return [ArxivEntry.from_json(e) for e in data]


def _dump_entries(entries: list[ArxivEntry]) -> list[Any]:
    return [e.to_json() for e in entries]


def _optional(load: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda data: None if data is None else load(data)


def _dump(record: Any) -> Any:
    return None if record is None else record.to_json()
