"""Where a paper was published, decided from what the sources say; pure, with provenance.

:func:`merge` puts the records of the sources that reached the paper together: a field (the
venue, its volume, pages, year, DOI) is known only when every source that gives it agrees;
where two disagree, it is not known, and the disagreement is reported. :func:`decide` then
says, for one entry, what a plain sync adds (only to an entry with no venue, in the fields
its type uses), what it suggests (for a preprint, which it does not touch), what
``--upgrade`` would write, and what it noticed (a contradicted venue, another title).

>>> from publist.sources.published import Published
>>> dblp = Published("DBLP", "conference", "NeurIPS", pages="5152-5162", year=2019)
>>> s2 = Published("Semantic Scholar", "conference", "Neural Information Processing Systems",
...                aliases=("NeurIPS",), pages="5151-5161", year=2019)
>>> merged = merge([Found(dblp, "DBLP key"), Found(s2, "arXiv id")])
>>> merged.venue, merged.pages, merged.problems
(Value(value='NeurIPS', sources=('DBLP', 'Semantic Scholar')), None, ('pages: DBLP says 5152-5162, Semantic Scholar says 5151-5161',))
>>> [(a.field, a.value) for a in decide({"title": "T"}, "inproceedings", merged).add]
[('booktitle', 'NeurIPS'), ('year', '2019')]
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Final, NamedTuple

from publist.bib import fields as fieldnames
from publist.bib.splice import Edit
from publist.papers import arxivid, preprints, venues
from publist.papers.links import bare_doi, doi_key
from publist.papers.matching import normalize_title
from publist.sources.published import Published
from publist.text.latex import escape


class Found(NamedTuple):
    """A source's record and how it was reached: ``arXiv id``, ``DBLP key``, ``DOI``, ``title``."""

    record: Published
    via: str


class Value(NamedTuple):
    """A value the sources agree on, and which sources give it."""

    value: str
    sources: tuple[str, ...]

    @property
    def source(self) -> str:
        """The sources, as the report names them, e.g. ``DBLP, Semantic Scholar``."""
        return ", ".join(self.sources)


class Merged(NamedTuple):
    """What the sources agree on about one paper's published version."""

    kind: str | None
    venue: Value | None
    volume: Value | None
    number: Value | None
    pages: Value | None
    year: Value | None
    doi: Value | None
    title: Value | None
    names: frozenset[str]
    """Every name the sources give the venue, for comparing with the entry's."""
    problems: tuple[str, ...]


NOTHING: Final = Merged(None, None, None, None, None, None, None, None, frozenset(), ())
_DASHES: Final = re.compile(r"\s*(?:-+|\u2013|\u2014)\s*")


def _normal(field: str, value: str) -> str:
    value = " ".join(value.split())
    if field == "pages":
        return _DASHES.sub("-", value)
    if field in ("volume", "number") and value.isdigit():
        return str(int(value))
    return doi_key(bare_doi(value) or value) if field == "doi" else value


def _agreed(field: str, records: Sequence[Published], problems: list[str]) -> Value | None:
    given = [(str(getattr(r, field)), r.source) for r in records if getattr(r, field)]
    if not given:
        return None
    values = {_normal(field, v) for v, _ in given}
    if len(values) > 1:
        said = ", ".join(f"{s} says {v}" for v, s in given)
        problems.append(f"{field}: {said}")
        return None
    return Value(given[0][0], tuple(dict.fromkeys(s for _, s in given)))


def merge(found: Sequence[Found], dois: Sequence[tuple[str, str]] = ()) -> Merged:
    """What the records agree on; each disagreement is one line in ``problems``.

    ``dois`` are DOIs other sources give, with the source, e.g. arXiv's: they must agree too.
    """
    records = [f.record for f in found]
    if not records:
        return NOTHING
    problems: list[str] = []
    kinds = {r.kind for r in records if r.kind != "other"}
    kind = None
    if len(kinds) > 1:
        problems.append("kind: " + ", ".join(f"{r.source} says {r.kind}" for r in records))
    else:
        kind = kinds.pop() if kinds else "other"
    venue = _venue(records, kind, problems)
    names = frozenset(n for r in records for n in (r.venue, *r.aliases))
    # the publisher's metadata (DBLP, Crossref) before Semantic Scholar's, which is often arXiv's
    titles = sorted((r for r in records if r.title), key=lambda r: _service(r) == "Semantic Scholar")
    title = Value(titles[0].title, (titles[0].source,)) if titles else None
    volume, number, pages, year = (_agreed(f, records, problems) for f in
                                   ("volume", "number", "pages", "year"))
    with_dois = [*records, *(Published(source, "other", "", doi=doi) for doi, source in dois)]
    doi = _agreed("doi", with_dois, problems)
    return Merged(kind, venue, volume, number, pages, year, doi, title, names, tuple(problems))


def _venue(records: Sequence[Published], kind: str | None, problems: list[str]) -> Value | None:
    # records name one venue when their names meet, directly or through another record's
    # (Semantic Scholar knows both DBLP's "ICPRAM" and Crossref's long name)
    groups: list[tuple[set[str], list[Published]]] = []
    for record in records:
        names = {k for n in (record.venue, *record.aliases) for k in venues.keys(n)}
        meeting = [g for g in groups if g[0] & names]
        groups = [g for g in groups if not g[0] & names]
        groups.append((names.union(*(g[0] for g in meeting)),
                       [r for g in meeting for r in g[1]] + [record]))
    if len(groups) > 1:
        a, b = groups[0][1][0], groups[1][1][0]
        problems.append(f"venue: {a.source} says {a.venue}, {b.source} says {b.venue}")
        return None
    # CVs print DBLP's short conference names; journals as their publisher names them
    order = ("DBLP", "Semantic Scholar", "Crossref") if kind == "conference" else (
        "Crossref", "Semantic Scholar", "DBLP")
    best = min(records, key=lambda r: order.index(_service(r)) if _service(r) in order else len(order))
    return Value(best.venue, tuple(dict.fromkeys(r.source for r in records)))


def _service(record: Published) -> str:
    """The service behind a record: a profile's (``DBLP profile``) is its service's (``DBLP``)."""
    return record.source.removesuffix(" profile")


class Addition(NamedTuple):
    """A field to write, and where its value comes from."""

    field: str
    value: str
    source: str


class Upgrade(NamedTuple):
    """What ``--upgrade`` writes to an entry: its published version (a preprint's type, venue
    and date), or just the published year (an entry whose year contradicts it)."""

    type: str
    """The new entry type, e.g. ``inproceedings``; ``""`` keeps the entry's."""
    set: tuple[Addition, ...]
    """Fields to add, or to replace when the entry has them (venue, year or date, DOI)."""
    remove: tuple[str, ...]
    """What contradicts the published version: the preprint's venue fields (``journal =
    {arXiv preprint ...}``), its month, its ``pubstate``."""

    def applied(self, fields: Mapping[str, str]) -> dict[str, str]:
        """The entry's fields as the upgrade leaves them: what a later sync would look at."""
        out = {k: v for k, v in fields.items() if k not in self.remove}
        out.update((a.field, a.value) for a in self.set)
        return out

    def edit(self, own: Mapping[str, str], values: Mapping[str, str]) -> Edit:
        """The edit of the entry's text: the published venue takes the place of the
        preprint's venue field (renamed where it stands), other fields are replaced or added.

        ``own`` is the entry's own fields; ``values`` the text to write for each field of
        :attr:`set` (escaped and encoded by the caller).
        """
        remove = list(self.remove)
        replace: dict[str, str] = {}
        rename: dict[str, tuple[str, str]] = {}
        add: list[tuple[str, str]] = []
        for a in self.set:
            if a.field in own:
                replace[a.field] = values[a.field]
            elif a.field in ("booktitle", "journal") and (host := next(
                    (f for f in remove if f in _HOSTS), None)):
                remove.remove(host)
                rename[host] = (a.field, values[a.field])
            else:
                add.append((a.field, values[a.field]))
        return Edit(add=add, replace=replace, rename=rename, remove=tuple(remove), type=self.type or None)


_HOSTS: Final = ("journal", "journaltitle", "howpublished", "publisher", "organization")
WHY_REMOVED: Final = {"month": "the preprint's date", "pubstate": "the preprint's state",
                      "note": "the preprint's note"}
"""Why ``--upgrade`` takes a field out, as the report says it; any other: a preprint's venue."""


class Decision(NamedTuple):
    """What sync does about one entry's published version."""

    add: list[Addition]
    suggest: list[Addition]
    upgrade: Upgrade | None
    notes: list[str]


_TYPE_KIND: Final = {"article": "journal", "inproceedings": "conference", "conference": "conference"}


def _venue_fields(merged: Merged, kind: str) -> list[Addition]:
    assert merged.venue is not None
    name = "booktitle" if kind == "conference" else "journal"
    out = [Addition(name, escape(merged.venue.value), merged.venue.source)]
    for field, value in (("volume", merged.volume), ("number", merged.number), ("pages", merged.pages)):
        if value is not None:
            written = _DASHES.sub("--", value.value) if field == "pages" else value.value
            out.append(Addition(field, escape(written), value.source))
    return out


def decide(fields: Mapping[str, str], entry_type: str, merged: Merged) -> Decision:
    """What to add, suggest and upgrade for one entry (``fields`` with what it inherits)."""
    notes = [f"the sources disagree on the {p}; not written" for p in merged.problems]
    if merged.venue is None or merged.kind is None:
        return Decision([], [], None, notes)
    if merged.title and normalize_title(merged.title.value) != normalize_title(fields.get("title", "")):
        notes.append(f"published as '{merged.title.value}' ({merged.title.source})")
    kind = merged.kind
    year = Addition("year", merged.year.value, merged.year.source) if merged.year else None
    doi = Addition("doi", merged.doi.value, merged.doi.source) if merged.doi else None
    wanted = [*_venue_fields(merged, kind), *(x for x in (year, doi) if x)] if kind != "other" else []
    if preprints.needs_upgrade(fields, entry_type):
        upgrade = _upgrade(fields, kind, wanted) if wanted else None
        return Decision([], wanted or [Addition("venue", merged.venue.value, merged.venue.source)],
                        upgrade, notes)
    if preprints.has_venue(fields):
        mine = {fields[f] for f in preprints.VENUE_FIELDS if fields.get(f, "").strip()}
        if not venues.same(mine, set(merged.names)):
            notes.append(f"the entry's venue differs from {merged.venue.source}'s "
                         f"'{merged.venue.value}'; kept")
        elif doi and not fieldnames.value(fields, "doi"):
            return Decision([_slot(fields, doi)], [], None, notes)
        return Decision([], [], None, notes)
    if _TYPE_KIND.get(entry_type) != kind:
        notes.append(f"published in {merged.venue.value} ({merged.venue.source}), a {kind} "
                     f"venue, but the entry is an @{entry_type}; not written")
        return Decision([], wanted, None, notes)
    add = [_slot(fields, a) for a in wanted if not fieldnames.value(fields, a.field)]
    given = _year(fields)
    if year is None or given is None or given == year.value:
        return Decision(add, [], None, notes)
    notes.append(f"the entry's year {given} differs from the published version's {year.value} "
                 f"({year.source}); kept (publist sync --upgrade replaces it)")
    month = ("month",) if fields.get("month", "").strip() else ()
    return Decision(add, [], Upgrade("", tuple(_dated(fields, year)), month), notes)


def _year(fields: Mapping[str, str]) -> str | None:
    """The year an entry gives, from ``year`` or biblatex's ``date``, e.g. ``2019``."""
    m = re.search(r"(?<!\d)\d{4}(?!\d)", fieldnames.value(fields, "year"))
    return m.group() if m else None


def _dated(fields: Mapping[str, str], year: Addition) -> list[Addition]:
    """The published year in the fields the entry dates itself with: ``year``, biblatex's
    ``date`` (the preprint's day, replaced by the year), or both when it has both."""
    out = [year] if "year" in fields or "date" not in fields else []
    return out + ([year._replace(field="date")] if "date" in fields else [])


def _slot(fields: Mapping[str, str], addition: Addition) -> Addition:
    return addition._replace(field=fieldnames.slot(fields, addition.field))


def _upgrade(fields: Mapping[str, str], kind: str, wanted: list[Addition]) -> Upgrade:
    """The published entry: type, venue fields and date replaced, what contradicts them
    taken out (the preprint's month, its ``pubstate``, a note that it is a preprint); the
    arXiv id kept (as ``eprint`` when the published DOI takes the place of arXiv's)."""
    remove = [f for f in (*_HOSTS, "note") if fields.get(f, "").strip() and (
        preprints.server(fields[f]) or f == "note" and preprints.is_machine_form(fields[f]))]
    remove += [f for f in ("volume", "number", "pages", "eid")
               if fields.get(f, "").strip() and _is_id_form(f, fields)]
    remove += [f for f in ("pubstate",) if fields.get(f, "").strip()]  # every value is unpublished
    year = next((a for a in wanted if a.field == "year"), None)
    if year is not None and fields.get("month", "").strip():
        remove.append("month")  # the preprint's, not the venue's
    kept = {k: v for k, v in fields.items() if k not in remove}
    sets = [a for a in wanted if a.field != "year"] + (_dated(fields, year) if year else [])
    if not fieldnames.value(kept, "eprint") and arxivid.find(fields):
        found = arxivid.find(fields)
        assert found is not None
        sets += [Addition("eprint", arxivid.base(found), "the entry"),
                 Addition("archiveprefix", "arXiv", "the entry")]
    if fields.get("doi", "").strip() and not arxivid.parse(fields["doi"]):
        sets = [a for a in sets if a.field != "doi"]  # the entry's own published DOI stays
    return Upgrade("inproceedings" if kind == "conference" else "article", tuple(sets),
                   tuple(f for f in remove if f not in {a.field for a in sets}))


def _is_id_form(field: str, fields: Mapping[str, str]) -> bool:
    """Whether a volume, number or pages field holds an arXiv id form (``abs/...``, ``arXiv:...``)."""
    return any(f.field == field for f in arxivid.found(fields))
