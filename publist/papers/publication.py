"""From bib records to publications: names, dates, links, flags and cross-references.

>>> from publist.bib.reader import read
>>> pubs, problems = load(read('@misc{k, title={T}, author={Yao, Zhewei}, date={2019-12}}'))
>>> pubs[0].year, pubs[0].month, pubs[0].authors[0].last
(2019, 12, 'Yao')
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

from publist.bib.reader import Bibliography, Record
from publist.model import Diagnostic, Notice, Publication, Span
from publist.papers import arxivid
from publist.papers import links as linkmod
from publist.text import names
from publist.text.escaped import unescape_fields
from publist.text.latex import SORTING_MACROS, drop_macros, to_text

_MONTHS: Final = {
    name: number
    for number, month in enumerate(
        ("january", "february", "march", "april", "may", "june", "july", "august",
         "september", "october", "november", "december"),
        start=1,
    )
    for name in (month, month[:3])
}
_YEAR: Final = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_ISO_DATE: Final = re.compile(r"^\s*(\d{4})(?:-(\d{1,2}))?")
_TRUE: Final = frozenset({"true", "yes", "1", "on"})
# Entry types that hold no publication of their own (biblatex data containers).
_CONTAINERS: Final = frozenset({"xdata", "set", "comment"})


def load(bib: Bibliography) -> tuple[list[Publication], list[Diagnostic]]:
    """Every renderable publication of a bibliography, in file order, and what was skipped."""
    diagnostics = list(bib.diagnostics)
    by_key = keyed(bib)
    parents = _parents(bib, by_key)
    if parents:
        diagnostics.append(_parents_notice(bib.path, [r for r in bib.records if r.start in parents]))
    pubs: list[Publication] = []
    for record in bib.records:
        if record.type in _CONTAINERS or record.start in parents:
            continue
        pub = build(record, bib.path, by_key)
        diagnostics.extend(pub.diagnostics)
        if pub.title and to_text(pub.title).strip():
            pubs.append(pub)
        else:
            diagnostics.append(
                Diagnostic(bib.path, record.line, f"entry '{record.key}' has no title; skipped")
            )
    return pubs, diagnostics


def _parents(bib: Bibliography, by_key: Mapping[str, Record]) -> set[int]:
    """Where the entries stand that serve only as crossref parents: a proceedings volume or a
    collection (DBLP's ``@proceedings{DBLP:conf/stoc/2024, editor = ...}``), which its papers
    show as their venue. A parent with authors of its own (a book whose chapters cite it) is a
    publication, and listed."""
    return {parent.start for r in bib.records if "crossref" in r.fields
            and (parent := by_key.get(r.fields["crossref"].strip().lower())) is not None
            and parent is not r and not parent.fields.get("author", "").strip()}


def _parents_notice(path: str, parents: list[Record]) -> Notice:
    """One line for all the crossref parents a list leaves out, naming each; at the first."""
    keys = [r.key for r in parents]
    what = "entry serves" if len(keys) == 1 else "entries serve"
    return Notice(path, parents[0].line, f"{len(keys)} {what} only as crossref parents (a proceedings or "
                  "collection whose title its papers show as their venue); not listed: "
                  + ", ".join(keys))


def build(record: Record, path: str, by_key: Mapping[str, Record] | None = None) -> Publication:
    """The publication of one record; fields it inherits by ``crossref`` are filled in."""
    fields = unescape_fields(inherit(record, by_key or {}))
    problems: list[Diagnostic] = []

    def report(field: str, message: str) -> None:
        line = record.field_lines.get(field, record.line)
        problems.append(Diagnostic(path, line, f"entry '{record.key}', field '{field}': {message}"))

    ids = list(arxivid.found(fields))  # once: links and the check of ids both need them
    found_links, link_problems = linkmod.extract(fields, ids)
    for field, message in link_problems:
        report(field, message)
    clash = arxivid.conflict(fields, ids)
    if clash:
        report(clash[1].field, arxivid.describe(clash))
    for field in ("author", "editor"):
        if "," in fields.get(field, ""):
            for name in names.split_list(fields[field]):
                if names.trailing_comma(name):
                    report(field, names.trailing_comma_problem(name))
    year, month = _date(fields)
    if fields.get("year") and year is None:
        report("year", f"'{fields['year']}' has no year in it")
    return Publication(
        key=record.key,
        type=record.type,
        span=Span(path, record.line, record.end_line, record.start),
        fields=fields,
        title=fields.get("title", "").strip(),
        authors=names.parse_list(fields.get("author", ""), fields.get("author+an", "")),
        editors=names.parse_list(fields.get("editor", ""), fields.get("editor+an", "")),
        year=year,
        month=month,
        links=found_links,
        selected=any(fields.get(f, "").strip().lower() in _TRUE for f in ("selected", "featured")),
        field_lines=record.field_lines,
        diagnostics=tuple(problems),
    )


def keyed(bib: Bibliography) -> dict[str, Record]:
    """Entries by key in lower case, for ``crossref``; of two entries with one key, the first,
    as BibTeX reads it. Everything else takes an entry by its place in the file, not its key."""
    out: dict[str, Record] = {}
    for record in bib.records:
        out.setdefault(record.key.lower(), record)
    return out


def inherit(record: Record, by_key: Mapping[str, Record]) -> Mapping[str, str]:
    """BibTeX's crossref: missing fields come from the parent; its title is our booktitle."""
    parent_key = record.fields.get("crossref", "").strip().lower()
    parent = by_key.get(parent_key)
    if parent is None or parent is record:
        return record.fields
    fields = dict(record.fields)
    for name, value in parent.fields.items():
        if name == "title":
            fields.setdefault("booktitle", value)
        elif name not in ("crossref", "ids"):
            fields.setdefault(name, value)
    return fields


def _date(fields: Mapping[str, str]) -> tuple[int | None, int | None]:
    """Year and month from ``year``/``month`` or biblatex's ``date`` (``2019-12-16``)."""
    year = month = None
    written = fields.get("year", "")
    if "\\" in written:  # "{\noopsort{1973c}}1981": the key is for sorting; the year is 1981
        written = drop_macros(written, SORTING_MACROS)
    if m := _YEAR.search(written):
        year = int(m.group(1))
    date = _ISO_DATE.match(fields.get("date", ""))
    if date:
        year = year or int(date.group(1))
        if date.group(2) and 1 <= int(date.group(2)) <= 12:
            month = int(date.group(2))
    if fields.get("month", "").strip():
        month = month_of(fields["month"]) or month
    return year, month


_SORT_KEY: Final = re.compile(r"\\(?:noopsort|SortNoop|sortnoop|noop)\s*\{\s*(\d{4})([^{}]*)\}")


def sort_year(pub: Publication) -> tuple[int, tuple[int, ...]] | None:
    r"""The year an entry sorts by, newest first, and what follows it in a sort key: the
    ``\noopsort`` key BibTeX files write before a year (``{\noopsort{1973c}}1981`` sorts as
    1973, after 1973b), else the year itself; ``None`` without a year.

    >>> from publist.api import loads
    >>> sort_year(loads(r"@book{k, title={T}, year={{\noopsort{1973c}}1981}}")[0][0])
    (1973, (-99,))
    """
    key = _SORT_KEY.search(pub.fields.get("year", "")) if "\\" in pub.fields.get("year", "") else None
    if key is not None:
        return int(key.group(1)), tuple(-ord(c) for c in key.group(2).strip())
    return None if pub.year is None else (pub.year, ())


_MONTH_WORD: Final = re.compile(
    r"(?<![a-z])(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)(?:[a-z]*)(?![a-z])"
)


def month_of(value: str) -> int | None:
    """The month a ``month`` field names, e.g. 7 for ``7``, ``jul``, ``July~10`` (``jul # "~10"``)
    or PMLR's ``18--24 Jul``; the first of a range (``Jul--Aug``); ``None`` if it names none.

    >>> month_of("18--24 Jul"), month_of("10--15 Jun"), month_of("July~10"), month_of("Sommer")
    (7, 6, 7, None)
    """
    text = value.strip().strip(".").lower()
    if text.isdigit():
        return int(text) if 1 <= int(text) <= 12 else None
    for m in _MONTH_WORD.finditer(text):
        number = _MONTHS[m.group(1)]
        if _MONTH_NAMES[number - 1].startswith(m.group(0)) or m.group(0) == "sept":
            return number  # a month's name or its abbreviation, not "Juliet" or "Marseille"
    return None


_MONTH_NAMES: Final = tuple(name for name in _MONTHS if len(name) > 3 or name == "may")
