"""``publist sync``: look every entry up on arXiv and add what is missing to refs.bib.

The steps are separate so that each can be tested on its own: find what to ask
(:func:`plan`), ask arXiv or the cache (:func:`look_up`), decide what to add
(:func:`decide`, pure), and splice it into the text (:mod:`publist.bib.splice`). Only the CLI
writes the file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from publist import arxivid, latex, matching, names, publication
from publist.bib import splice
from publist.bib.reader import Bibliography, Record
from publist.config import ArxivOptions, Config
from publist.model import Diagnostic
from publist.sources.arxiv import ArxivClient
from publist.sources.atom import ArxivEntry
from publist.sources.cache import Cache
from publist.sync import enrich


@dataclass(frozen=True, slots=True)
class Plan:
    """What to ask arXiv: entries by id (without version), and entries to find by title."""

    by_id: dict[str, list[Record]]
    by_title: dict[str, list[Record]]
    ambiguous: list[tuple[Record, str]] = field(default_factory=list)
    """Entries that name two different arXiv papers, with why: neither is looked up."""


@dataclass
class Answers:
    """arXiv's answers by id and by title, and the questions that could not be answered."""

    by_id: dict[str, list[ArxivEntry]] = field(default_factory=dict)
    by_title: dict[str, list[ArxivEntry]] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    requests: int = 0


@dataclass(frozen=True, slots=True)
class Change:
    """Fields added to one entry, e.g. ``eprint`` and ``doi`` from ``arXiv 1912.07145v3``."""

    key: str
    line: int
    added: tuple[tuple[str, str], ...]
    source: str
    filled: tuple[str, ...] = ()
    """Names of the added fields that were there but empty, filled in place."""


@dataclass
class Outcome:
    """Everything a run did: the new text, what changed, what could not be matched or looked up."""

    text: str
    changes: list[Change] = field(default_factory=list)
    unmatched: list[Diagnostic] = field(default_factory=list)
    failed: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    requests: int = 0


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


Progress = Callable[[str, int, int], None]
"""``progress(what, done, total)``: a step of the look-ups finished."""


def look_up(
    wanted: Plan, client: ArxivClient, cache: Cache | None, refresh: bool = False,
    progress: Progress | None = None,
) -> Answers:
    """Answers from the cache where it has them, from arXiv for the rest."""
    answers = Answers()
    for kind, queries, store in (("id", wanted.by_id, answers.by_id),
                                 ("title", wanted.by_title, answers.by_title)):
        missing: list[str] = []
        for query in queries:
            cached = None if refresh or cache is None else cache.get(kind, query)
            try:
                store[query] = [ArxivEntry.from_json(e) for e in cached]  # type: ignore[union-attr]
            except (TypeError, KeyError, ValueError, AttributeError):  # a miss, or damaged
                missing.append(query)
        if not missing:
            continue
        step = client.batch_size if kind == "id" else client.titles_per_request
        for start in range(0, len(missing), step):
            chunk = missing[start : start + step]
            if progress:
                progress(f"arXiv {'ids' if kind == 'id' else 'titles'}", start, len(missing))
            if kind == "id":
                batch = client.fetch_ids(chunk)
            else:
                batch = client.search_titles(chunk, {q: _first_surname(wanted.by_title[q]) for q in chunk})
            for query in chunk:
                if query in batch.found:
                    store[query] = batch.found[query]
                elif batch.failed.get(query) == "not found on arXiv":
                    store[query] = []
                else:
                    answers.failed[query] = batch.failed.get(query, "no answer")
                    continue
                if cache is not None:
                    cache.put(kind, query, [e.to_json() for e in store[query]])
                    if kind == "title":  # the next run asks for these by id
                        for entry in store[query]:
                            cache.put("id", entry.id, [entry.to_json()])
        if progress:
            progress(f"arXiv {'ids' if kind == 'id' else 'titles'}", len(missing), len(missing))
    answers.requests = client.requests_sent
    return answers


def _first_surname(records: list[Record]) -> str:
    """The folded surname of the first author, e.g. ``yao``, for a look-alike search."""
    first = names.parse_list(records[0].fields.get("author", ""))[:1]
    return min((min(names.surname_keys(a.last), key=lambda k: (len(k), k)) for a in first if a.last), default="")


def decide(bib: Bibliography, wanted: Plan, answers: Answers, encoding: str = "utf-8") -> Outcome:
    """What to add to which entry; pure.

    Fields an entry inherits through ``crossref`` count as its own. Text that ``encoding``
    (the file's) cannot hold is written as LaTeX; a field that cannot be written at all is
    left out and reported, and the others are still written.
    """
    out = Outcome(bib.text, requests=answers.requests)
    edits: list[tuple[Record, list[tuple[str, str]]]] = []
    path = bib.path
    by_key = {r.key.lower(): r for r in bib.records}
    writable = latex.encodable_in(encoding)

    def note(target: list[Diagnostic], record: Record, message: str) -> None:
        target.append(Diagnostic(path, record.line, f"entry '{record.key}': {message}"))

    def consider(record: Record, arxiv: ArxivEntry) -> None:
        fields = publication.inherit(record, by_key)
        added, notes = enrich.additions(fields, record.type, arxiv)
        for message in notes:
            note(out.warnings, record, message)
        kept: list[tuple[str, str]] = []
        for name, value in added:
            text, missing = latex.from_unicode(value, writable)
            if missing:
                note(out.warnings, record, f"{name} from arXiv holds '{missing}', which {encoding} "
                     "cannot hold and LaTeX cannot spell; not written")
            else:
                kept.append((name, text))
        if kept:
            edits.append((record, kept))
            source = f"arXiv {arxiv.id}v{arxiv.version}"
            filled = tuple(n for n, _ in kept if n in record.fields)
            out.changes.append(Change(record.key, record.line, tuple(kept), source, filled))

    for arxiv_id, records in wanted.by_id.items():
        for record in records:
            if arxiv_id in answers.failed:
                note(out.failed, record, f"arXiv {arxiv_id}: {answers.failed[arxiv_id]}")
            elif not answers.by_id.get(arxiv_id):
                note(out.unmatched, record, f"arXiv {arxiv_id} was not found on arXiv")
            else:
                consider(record, answers.by_id[arxiv_id][0])
    for title, records in wanted.by_title.items():
        for record in records:
            if title in answers.failed:
                note(out.failed, record, f"title search: {answers.failed[title]}")
                continue
            authors = names.parse_list(record.fields.get("author", ""))
            verdict = matching.judge(record.fields["title"], authors, answers.by_title.get(title, []))
            if verdict.kind == "match" and verdict.entry is not None:
                consider(record, verdict.entry)
            elif verdict.kind == "near":
                note(out.unmatched, record, f"not written: {verdict.reason}")
            else:
                note(out.unmatched, record, "no paper with this title and an author in common on arXiv")
    for record, why in wanted.ambiguous:
        note(out.unmatched, record, why)
    out.changes.sort(key=lambda c: c.line)
    out.text = splice.apply(bib.text, edits)
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


def cache_for(config: Config, source: str = "arxiv", hours: float | None = None) -> Cache:
    """The cache of one source, in ``<cache_dir>/<source>``; ``cache_dir`` is relative to the
    config file."""
    from publist.sources.cache import default_folder

    root = config.arxiv.cache_dir
    folder = Path(config.resolve(root)) if root else default_folder()
    return Cache(folder / source, (config.arxiv.cache_hours if hours is None else hours) * 3600)
