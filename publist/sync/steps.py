"""``publist sync``: look every entry up on arXiv and add what is missing to refs.bib.

The steps are separate so that each can be tested on its own: find what to ask
(:func:`plan`), ask every service or the cache (:func:`publist.sync.services.look_up`), match
arXiv's answers to the entries (:func:`match`), decide what to add (:func:`decide`, pure), and
splice it into the text (:mod:`publist.bib.splice`). Only the CLI writes the file.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, NamedTuple

from publist.bib import splice
from publist.bib.reader import Bibliography, Record
from publist.bib.splice import Edit
from publist.config import ArxivOptions, Config
from publist.errors import BibError
from publist.model import Diagnostic
from publist.papers import arxivid, identity, matching, preprints, publication
from publist.sources.arxiv import ArxivClient
from publist.sources.atom import ArxivEntry
from publist.sources.cache import Cache
from publist.sources.crossref import CrossrefClient
from publist.sync import enrich, lookup, venues
from publist.sync.lookup import Clients, Failure, VenueAnswers
from publist.sync.venues import Addition, Found, Upgrade
from publist.text import latex, names


@dataclass(frozen=True, slots=True)
class Plan:
    """What to ask arXiv: entries by id (without version), and entries to find by title."""

    by_id: dict[str, list[Record]]
    by_title: dict[str, list[Record]]
    ambiguous: list[tuple[Record, str]] = field(default_factory=list)
    """Entries that name two different arXiv papers, with why: neither is looked up."""
    given: dict[int, str] = field(default_factory=dict)
    """Entries looked up by an arXiv id that a profile gave (the file has none), by offset,
    with the profile, e.g. ``{120: "DBLP profile"}``."""


@dataclass
class Answers:
    """arXiv's answers by id and by title, and the questions that could not be answered."""

    by_id: dict[str, list[ArxivEntry]] = field(default_factory=dict)
    by_title: dict[str, list[ArxivEntry]] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    requests: int = 0
    unreachable: str = ""
    """Why arXiv could not be reached at all, if it could not (:attr:`Client.unreachable`)."""


@dataclass(frozen=True, slots=True)
class Change:
    """What sync writes to one entry (or suggests for it), each field with its source."""

    key: str
    line: int
    fields: tuple[Addition, ...]
    filled: tuple[str, ...] = ()
    """Names of the written fields that were there but empty, filled in place."""
    upgraded: str = ""
    """The new type when ``--upgrade`` turned a preprint into its published entry."""
    removed: tuple[tuple[str, str], ...] = ()
    """Fields an upgrade took out (or renamed where they stood), each with why, e.g.
    ``("journal", "a preprint's venue")``, ``("month", "the preprint's date")``."""
    replaced: tuple[tuple[str, str], ...] = ()
    """Fields an upgrade replaced, each with the value it had, e.g. ``("year", "2019")``."""


@dataclass
class Outcome:
    """Everything a run did: the new text, what changed, what could not be matched or looked up."""

    text: str
    changes: list[Change] = field(default_factory=list)
    suggestions: list[Change] = field(default_factory=list)
    """What is known but not written: a preprint's published version (``--upgrade`` writes it)."""
    unmatched: list[Diagnostic] = field(default_factory=list)
    failed: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    requests: dict[str, int] = field(default_factory=dict)
    """Requests sent to each source, e.g. ``{"arXiv": 1, "DBLP": 3}``."""
    profiles: list[str] = field(default_factory=list)
    """Profiles that could not be read, one line each naming the profile."""
    unreachable: dict[str, str] = field(default_factory=dict)
    """Sources that could not be reached at all, with why: one line each, e.g. ``{"arXiv":
    "cannot reach export.arxiv.org (name lookup failed; check your connection)"}``."""
    widespread: list[str] = field(default_factory=list)
    """A service's failures that several entries share, one line each (a login page, a wrong
    ``api_url``), e.g. ``DBLP: HTTP 404 from DBLP (12 entries left as they were: ...)``."""


def plan(bib: Bibliography) -> Plan:
    """Entries with an arXiv id are looked up by id, the others by title."""
    by_id: dict[str, list[Record]] = {}
    by_title: dict[str, list[Record]] = {}
    ambiguous: list[tuple[Record, str]] = []
    for record in bib.records:
        found = arxivid.find(record.fields)
        clash = None if found else arxivid.conflict(record.fields)
        if found:
            by_id.setdefault(arxivid.base(found), []).append(record)
        elif clash:
            ambiguous.append((record, arxivid.describe(clash)))
        elif record.fields.get("title", "").strip() and not record.fields.get("eprint", "").strip():
            title = matching.normalize_title(record.fields["title"])
            if title:
                by_title.setdefault(title, []).append(record)
    return Plan(by_id, by_title, ambiguous)


@dataclass
class Matched:
    """arXiv's record of each entry, by the entry's offset, and what could not be matched."""

    entries: dict[int, ArxivEntry] = field(default_factory=dict)
    unmatched: list[Diagnostic] = field(default_factory=list)
    failed: list[tuple[Record, Failure]] = field(default_factory=list)
    requests: int = 0
    unreachable: str = ""


def match(bib: Bibliography, wanted: Plan, answers: Answers) -> Matched:
    """arXiv's record of each entry: by id, or by a title search that passes the strict rule."""
    out = Matched(requests=answers.requests, unreachable=answers.unreachable)

    def note(target: list[Diagnostic], record: Record, message: str) -> None:
        target.append(Diagnostic(bib.path, record.line, f"entry '{record.key}': {message}"))

    for arxiv_id, records in wanted.by_id.items():
        for record in records:
            given = f" (given by the {wanted.given[record.start]})" if record.start in wanted.given else ""
            if arxiv_id in answers.failed:
                if answers.failed[arxiv_id] != answers.unreachable:  # said once, for arXiv
                    out.failed.append((record, Failure("arXiv", f"arXiv {arxiv_id}{given}", answers.failed[arxiv_id])))
            elif not answers.by_id.get(arxiv_id):
                note(out.unmatched, record, f"arXiv {arxiv_id}{given} was not found on arXiv")
            else:
                out.entries[record.start] = answers.by_id[arxiv_id][0]
    for title, records in wanted.by_title.items():
        for record in records:
            if title in answers.failed:
                if answers.failed[title] != answers.unreachable:
                    out.failed.append((record, Failure("arXiv", "title search", answers.failed[title])))
                continue
            verdict = lookup.title_match(record, answers.by_title.get(title, []))
            if verdict.kind == "match" and verdict.entry is not None:
                out.entries[record.start] = verdict.entry
            elif verdict.kind == "near":
                note(out.unmatched, record, f"not written: {verdict.reason}")
            else:
                note(out.unmatched, record, "no paper with this title and an author in common on arXiv")
    for record, why in wanted.ambiguous:
        note(out.unmatched, record, why)
    return out


def decide(
    bib: Bibliography, matched: Matched, encoding: str = "utf-8",
    found: VenueAnswers | None = None, upgrade: bool = False,
) -> Outcome:
    """What to write to which entry, and what to suggest; pure.

    Fields an entry inherits through ``crossref`` count as its own. Text that ``encoding``
    (the file's) cannot hold is written as LaTeX; a field that cannot be written at all is
    left out and reported, and the others are still written. A preprint gets only its arXiv
    fields; its published version is suggested, and written with ``upgrade``.
    """
    out = Outcome(bib.text, unmatched=list(matched.unmatched),
                  requests={"arXiv": matched.requests, **(found.requests if found else {})},
                  unreachable={**({"arXiv": matched.unreachable} if matched.unreachable else {}),
                               **(found.unreachable if found else {})},
                  profiles=list(found.profiles) if found else [])
    arxiv = matched.entries
    by_key = publication.keyed(bib)
    writable = latex.encodable_in(encoding)
    edits: list[tuple[Record, Edit]] = []
    made: dict[int, Change] = {}  # by the entry's offset: keys may repeat

    def note(target: list[Diagnostic], record: Record, message: str) -> None:
        target.append(Diagnostic(bib.path, record.line, f"entry '{record.key}': {message}"))

    def written(record: Record, additions: list[Addition]) -> dict[str, str]:
        values = {}
        for a in additions:
            text, missing = latex.from_unicode(a.value, writable)
            if missing:
                note(out.warnings, record, f"{a.field} from {a.source} holds '{missing}', which "
                     f"{encoding} cannot hold and LaTeX cannot spell; not written")
            else:
                values[a.field] = text
        return values

    failures = list(matched.failed)
    in_file: identity.Papers[Record] | None = None  # the published entries, when a preprint has one
    upgraded: set[int] = set()
    for record in bib.records:
        fields = publication.inherit(record, by_key)
        entry = arxiv.get(record.start)
        records = found.found.get(record.start, []) if found else []
        if found and record.start in found.refused:
            note(out.unmatched, record, f"not written: {found.refused[record.start]}")
        failures += [(record, f) for f in (found.failed.get(record.start, []) if found else [])]
        plan = _plan(fields, record.type, entry, records)
        if plan.upgrade is not None and plan.upgrade.type:  # a preprint's published version
            in_file = in_file or _published_entries(bib, by_key)
            paper = {**_paper(fields), **_published(records, _surnames(fields))}
            twin = in_file.find(paper)
            if twin is not None:  # DBLP's exports hold the CoRR copy and the published record
                same = f"'{twin.item.key}' (line {twin.item.line}, the same {twin.how})"
                plan.notes.append(f"the same paper as {same}, which this run upgrades; not upgraded twice"
                                  if twin.item.start in upgraded else
                                  f"its published version is in the file already: {same}; not upgraded")
                plan = plan._replace(upgrade=None, suggests=[])
            elif upgrade:  # a second preprint of this paper is not upgraded too
                in_file.add(record, paper)
                upgraded.add(record.start)
        for message in plan.notes:
            note(out.warnings, record, message)
        if upgrade and plan.upgrade is not None:
            up = plan.upgrade
            # what a sync would add to the published entry is written with it: a second sync
            # has nothing to do, and the dry run's diff is the final state
            after = _plan(up.applied(fields), up.type or record.type, entry, records)
            sets = [*up.set, *(a for a in after.writes if a.field not in {s.field for s in up.set})]
            values = written(record, sets)
            unchanged = {f for f, v in values.items() if " ".join(record.fields.get(f, "").split()) == v}
            up = up._replace(set=tuple(a for a in sets if a.field in values and a.field not in unchanged))
            change = up.edit(record.fields, values)
            edits.append((record, change))
            made[record.start] = Change(
                record.key, record.line, up.set, upgraded=up.type,
                removed=tuple((f, venues.WHY_REMOVED.get(f, "a preprint's venue"))
                              for f in (*change.remove, *change.rename)),
                replaced=tuple((f, record.fields[f]) for f in change.replace))
            continue
        if plan.suggests:
            out.suggestions.append(Change(record.key, record.line, tuple(plan.suggests),
                                          upgraded=plan.upgrade.type if plan.upgrade else ""))
        values = written(record, plan.writes)
        kept = tuple(a for a in plan.writes if a.field in values)
        if kept:
            edits.append((record, Edit(add=[(a.field, values[a.field]) for a in kept])))
            filled = tuple(a.field for a in kept if a.field in record.fields)
            made[record.start] = Change(record.key, record.line, kept, filled)
    out.widespread, out.failed = _grouped(bib.path, failures)
    skipped: list[tuple[Record, BibError]] = []
    out.text = splice.apply(bib.text, edits, bib.path, skipped)
    for record, error in skipped:  # a bug in publist: that entry stays as it was
        del made[record.start]
        note(out.failed, record, f"{error.msg}; the entry was left as it was")
    out.changes = list(made.values())
    return out


SHOWN: Final = 2
"""Entries named in a line of failures that several share; the others are counted."""


def _grouped(path: str, failures: list[tuple[Record, Failure]]) -> tuple[list[str], list[Diagnostic]]:
    """A service's failures for one reason: one line when several entries share it, else said
    of the entry (``refs.bib:8: entry 'x': DBLP conf/x/y: HTTP 404 from DBLP``)."""
    by: dict[tuple[str, str], list[tuple[Record, Failure]]] = {}
    for record, failure in failures:
        by.setdefault((failure.service, failure.why), []).append((record, failure))
    lines: list[str] = []
    single: list[Diagnostic] = []
    for (service, why), items in by.items():
        items.sort(key=lambda item: item[0].start)
        if len(items) == 1:
            record, failure = items[0]
            single.append(Diagnostic(path, record.line, f"entry '{record.key}': {failure.what}: {why}"))
            continue
        named = ", ".join(f"{r.key} ({path}:{r.line})" for r, _ in items[:SHOWN])
        more = f" and {len(items) - SHOWN} more" if len(items) > SHOWN else ""
        lines.append(f"{service}: {why} ({len(items)} entries left as they were: {named}{more})")
    return lines, sorted(single, key=lambda d: d.line or 0)


class _Plan(NamedTuple):
    """What a plain sync does about one entry."""

    writes: list[Addition]
    suggests: list[Addition]
    notes: list[str]
    upgrade: Upgrade | None
    """What ``--upgrade`` writes instead."""


def _plan(fields: Mapping[str, str], entry_type: str, entry: ArxivEntry | None,
          records: list[Found]) -> _Plan:
    """What arXiv's record and the venue sources' records add to one entry, suggest for it
    and notice about it; pure."""
    source = f"arXiv {entry.id}v{entry.version}" if entry else ""
    arxiv_doi = entry.doi.split()[0] if entry and entry.doi.strip() else ""
    merged = venues.merge(records, [(arxiv_doi, "arXiv")] if arxiv_doi else []) if records else venues.NOTHING
    from_arxiv = enrich.additions(fields, entry_type, entry) if entry else None
    # decided on the entry as it will be, its arXiv id written: what the next sync sees
    fields = {**fields, **dict(from_arxiv.ids)} if from_arxiv else fields
    decision = venues.decide(fields, entry_type, merged)
    writes: list[Addition] = []
    suggests, notes = list(decision.suggest), list(decision.notes)
    if from_arxiv:
        notes += from_arxiv.notes
        writes += [Addition(n, v, source) for n, v in from_arxiv.ids]
        preprint = preprints.needs_upgrade(fields, entry_type)
        for name, value in from_arxiv.published:
            if records:  # the structured sources know better (arXiv's DOI is among theirs)
                continue
            (suggests if preprint else writes).append(Addition(name, value, source))
    return _Plan(writes + decision.add, suggests, notes, decision.upgrade)


def _surnames(fields: Mapping[str, str]) -> set[str]:
    return matching.surnames(names.parse_list(fields.get("author", "")))


def _paper(fields: Mapping[str, str]) -> dict[str, str]:
    """The keys of an entry's paper (:mod:`publist.papers.identity`)."""
    return identity.keys(fields, fields.get("title", ""), _surnames(fields))


def _published_entries(bib: Bibliography, by_key: Mapping[str, Record]) -> identity.Papers[Record]:
    """The entries of the file that are not preprints, by their papers' keys."""
    out: identity.Papers[Record] = identity.Papers()
    for record in bib.records:
        fields = publication.inherit(record, by_key)
        if not preprints.is_preprint_entry(fields, record.type):
            out.add(record, _paper(fields))
    return out


def _published(found: Sequence[Found], surnames: set[str]) -> dict[str, str]:
    """The keys of the published version the sources found: its DOI, its DBLP key, and its
    title with the entry's authors (a published title may differ from the preprint's)."""
    out: dict[str, str] = {}
    for record in (f.record for f in found):
        out.update(identity.identifiers({"doi": record.doi} if record.doi else {}))
        if record.source in ("DBLP", "DBLP profile") and record.key:
            out[f"dblp:{record.key}"] = f"DBLP {record.key}"
    for record in (f.record for f in found):
        out.update(identity.title_keys(record.title, surnames))
    return out


def client_for(
    options: ArxivOptions, on_wait: Callable[[float, str], None] | None = None
) -> ArxivClient:
    """The client the config asks for; ``on_wait(seconds, why)`` hears about every wait."""
    return ArxivClient(
        options.api_url,
        delay_seconds=options.delay_seconds,
        batch_size=options.batch_size,
        titles_per_request=options.titles_per_request,
        timeout_seconds=options.timeout_seconds,
        retries=options.retries,
        on_wait=on_wait,
    )


def venue_clients(
    config: Config, on_wait: Callable[[float, str], None] | None = None, *,
    waits: Callable[[str], Callable[[float, str], None] | None] | None = None,
) -> Clients:
    """The venue sources config.toml turns on (``[venues] sources``), as it configures them.

    ``on_wait(seconds, why)`` hears about every wait; ``waits(name)``, when given, gives each
    source a listener of its own, by its config key (``dblp``).
    """
    from publist import profiles

    def wait(name: str) -> Callable[[float, str], None] | None:
        return waits(name) if waits is not None else on_wait

    on = set(config.venue_sources)
    s2 = profiles.client(config, "semanticscholar", wait("semanticscholar")) if "semanticscholar" in on else None
    dblp = profiles.client(config, "dblp", wait("dblp")) if "dblp" in on else None
    return Clients(s2, dblp, crossref_client(config, wait("crossref")) if "crossref" in on else None)  # type: ignore[arg-type]


def crossref_client(config: Config, on_wait: Callable[[float, str], None] | None = None) -> CrossrefClient:
    """Crossref as ``[crossref]`` configures it: for venues, and for ``publist add``'s DOIs."""
    c = config.crossref
    return CrossrefClient(c.api_url, mailto=c.mailto, delay_seconds=c.delay_seconds,
                          timeout_seconds=c.timeout_seconds, retries=c.retries, on_wait=on_wait)


def cache_for(config: Config, source: str = "arxiv", hours: float | None = None) -> Cache:
    """The cache of one source, in ``<cache_dir>/<source>``; ``cache_dir`` is relative to the
    config file."""
    from publist.sources.cache import default_folder

    root = config.cache_dir or config.arxiv.cache_dir
    folder = Path(config.resolve(root)) if root else default_folder()
    return Cache(folder / source, (config.arxiv.cache_hours if hours is None else hours) * 3600)
