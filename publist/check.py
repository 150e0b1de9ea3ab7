"""``publist check``: what is wrong, or likely wrong, in a .bib file; pure.

Each finding names its line and reads like a compiler's (``refs.bib:42: error: ...``), so that
editors jump to it. Errors are what breaks the list (a syntax error, a duplicate key, a
malformed DOI); warnings are what is likely a mistake (an entry without the owner, a title in
Google Scholar's lower case). What the reader and :func:`publist.papers.publication.load` already
report is classified here; the rest are the rules below.

>>> from publist.bib.reader import read
>>> from publist.config import Config
>>> bib = read("@article{a, title = {a title in lower case}, author = {Yao, Zhewei and and Li, J.},"
...            " year = 2019, eprint = {1913.00001}, archiveprefix = {arXiv}}\\n", recover=True)
>>> for finding in check(bib, Config(owner=("Zhewei Yao",))):
...     print(finding)
refs.bib:1: error: entry 'a', field 'eprint': '1913.00001' is not an arXiv id [bad-arxiv-id]
refs.bib:1: error: entry 'a', field 'author': a stray 'and' (an empty name) [stray-and]
refs.bib:1: warning: entry 'a', field 'title': written all in lower case (as Google Scholar exports titles); capitals are lost [title-case]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Final, NamedTuple

from publist.bib.reader import Bibliography, Record
from publist.config import Config
from publist.model import Author, Diagnostic, Notice, Publication
from publist.papers import arxivid, identity, kinds, publication
from publist.text import names
from publist.text.latex import to_text


class Finding(NamedTuple):
    """One problem, e.g. ``refs.bib:12: error: duplicate key 'yao2019' (first at line 3)``."""

    path: str
    line: int | None
    level: str
    """``error``, ``warning``, or ``note`` for what is not wrong but worth knowing (an erratum
    beside its article)."""
    code: str
    """The rule, e.g. ``duplicate-key``, for ``--format json`` and for searching the README."""
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.level}: {self.message} [{self.code}]"


# What the reader and publication.load report, by a part of the message: level and code.
_KNOWN: Final = (
    ("has no title", "error", "missing-title"),
    ("has a comma at the end, which BibTeX drops", "warning", "trailing-comma"),
    ("; skipped", "error", "syntax"),
    ("duplicate key", "error", "duplicate-key"),
    ("given twice", "warning", "duplicate-field"),
    ("unbalanced braces", "error", "unbalanced-braces"),
    ("undefined @string", "warning", "undefined-string"),
    ("macros are used and defined nowhere", "warning", "undefined-string"),
    ("is not a DOI", "error", "bad-doi"),
    ("is not an http(s) or relative URL", "error", "bad-url"),
    ("has no year in it", "error", "bad-year"),
    ("arXiv ids disagree", "error", "arxiv-conflict"),
    ("@preamble", "warning", "preamble"),
    ("but its bytes are UTF-8", "warning", "encoding"),
)
ENTRY_TYPES: Final = frozenset(
    # BibTeX's standard styles
    "article book booklet conference inbook incollection inproceedings manual mastersthesis misc "
    "phdthesis proceedings techreport unpublished "
    # biblatex
    "bookinbook mvbook collection mvcollection suppbook suppcollection suppperiodical online "
    "patent periodical mvproceedings reference mvreference inreference report set thesis xdata "
    "software dataset artwork audio bibnote commentary image jurisdiction legislation legal letter "
    "movie music performance review standard video customa customb customc customd custome customf "
    "electronic www preprint".split()
)

_SYNC_FILLS: Final = frozenset({"doi", "eprint", "journal", "booktitle", "year"})
"""Fields an exporter leaves empty that ``publist sync`` fills in where it stands (never a
``url`` or a ``title``: sync writes neither)."""


def check(bib: Bibliography, config: Config) -> list[Finding]:
    """Every finding in a bibliography, in file order, each reported once."""
    pubs, diagnostics = publication.load(bib)
    # a notice says what a list does (a crossref parent left out), not what is wrong
    findings = [_classify(d) for d in diagnostics if not isinstance(d, Notice)]
    owner = names.Owner.of(config.owner)
    by_key = publication.keyed(bib)
    for record in bib.records:
        findings += _entry_rules(bib.path, record, publication.inherit(record, by_key))
    for pub in pubs:
        findings += _publication_rules(pub, owner, config)
    findings += _same_papers(bib.path, pubs)
    unique = list(dict.fromkeys(findings))
    return sorted(unique, key=lambda f: (f.line or 0, ("error", "warning", "note").index(f.level)))


def _classify(diagnostic: Diagnostic) -> Finding:
    for part, level, code in _KNOWN:
        if part in diagnostic.message:
            return Finding(diagnostic.path, diagnostic.line, level, code, diagnostic.message)
    return Finding(diagnostic.path, diagnostic.line, "warning", "other", diagnostic.message)


Report = Callable[[str, str, str, str], Finding]
"""``at(field, level, code, message)``: a finding about a field of the entry at hand."""


def _entry_rules(path: str, record: Record, fields: Mapping[str, str]) -> Iterator[Finding]:
    """Rules on a record's fields: its type, ids, names, dates, titles."""

    def at(field: str, level: str, code: str, message: str) -> Finding:
        line = record.field_lines.get(field, record.line) if field else record.line
        what = f"entry '{record.key}', field '{field}'" if field else f"entry '{record.key}'"
        return Finding(path, line, level, code, f"{what}: {message}")

    if record.type not in ENTRY_TYPES:
        yield at("", "warning", "unknown-type", f"@{record.type} is not a BibTeX or biblatex entry type")
    get = fields.get
    kind = (get("archiveprefix") or get("eprinttype") or "").strip().lower()
    eprint = (get("eprint") or "").strip()
    if eprint and kind == "arxiv" and not arxivid.parse(eprint):
        meant = arxivid.with_archive(eprint, fields)
        hint = (f": an id from before April 2007 starts with its archive (eprint = {{{meant}}})"
                if meant else "")
        yield at("eprint", "error", "bad-arxiv-id", f"'{eprint}' is not an arXiv id{hint}")
    for name in ("arxiv", "arxivid"):
        value = (get(name) or "").strip()
        if value and not arxivid.parse(value):
            yield at(name, "error", "bad-arxiv-id", f"'{value}' is not an arXiv id")
    month = (get("month") or "").strip()
    if month and publication.month_of(month) is None:
        yield at("month", "warning", "bad-month", f"'{month}' is not a month")
    for name in ("author", "editor"):
        if get(name):
            yield from _name_list(name, get(name, ""), at)
    title = to_text(get("title", "")).strip()
    letters = [c for c in title if c.isalpha()]
    if len(title.split()) >= 3 and letters and all(c.islower() for c in letters):
        yield at("title", "warning", "title-case",
                 "written all in lower case (as Google Scholar exports titles); capitals are lost")
    elif len(title.split()) >= 3 and len(letters) > 12 and all(c.isupper() for c in letters):
        yield at("title", "warning", "title-case", "written all in capitals")
    for name, value in record.fields.items():
        if not value.strip():
            hint = "publist sync fills it where it can" if name in _SYNC_FILLS else "fill it in or remove it"
            yield at(name, "warning", "empty-field", f"is empty ({hint})")
    annotation = get("author+an") or ""
    count = len(names.split_list(get("author") or ""))
    for number in sorted({int(n) for n in re.findall(r"(?:^|;)\s*(\d+)\s*[:=]", annotation)}):
        if number > count or number < 1:
            yield at("author+an", "error", "bad-annotation",
                     f"names author {number}, but the entry has {count}")


def _name_list(field: str, value: str, at: Report) -> Iterator[Finding]:
    if value.count("{") != value.count("}"):
        return  # the reader reports it
    text = " " + " ".join(value.split()) + " "
    if re.search(r"(?i)(^\s*and\s)|(\sand\s*$)|(\sand\s+and\s)", text):
        yield at(field, "error", "stray-and", "a stray 'and' (an empty name)")
    for number, name in enumerate(names.split_list(value), 1):
        if names.trailing_comma(name):
            yield at(field, "warning", "trailing-comma", names.trailing_comma_problem(name))
        read = names.without_trailing_comma(name)  # its commas counted as BibTeX reads the name
        commas = _commas(read)
        if commas > 2:
            before = " before the one at the end" if read != name else ""
            yield at(field, "error", "too-many-commas",
                     f"name {number} ('{name}') has {commas} commas{before}; BibTeX reads at most two (von "
                     "Last, Jr, First) and reports \"Too many commas in name\": separate the names "
                     "with 'and', or brace a group's name")


def _commas(name: str) -> int:
    """The commas of a name outside braces, which BibTeX splits it at: ``Yao, Zhewei`` has one."""
    depth = commas = 0
    for char in name:
        depth += (char == "{") - (char == "}")
        commas += char == "," and depth == 0
    return commas


def _publication_rules(pub: Publication, owner: names.Owner, config: Config) -> Iterator[Finding]:
    """Rules on what an entry shows: its authors, the owner among them, marks, year."""
    def at(field: str, level: str, code: str, message: str) -> Finding:
        line = pub.field_lines.get(field, pub.span.line) if field else pub.span.line
        what = f"entry '{pub.key}', field '{field}'" if field else f"entry '{pub.key}'"
        return Finding(pub.span.path, line, level, code, f"{what}: {message}")

    people = pub.authors or pub.editors
    if not people:
        yield at("", "warning", "missing-author", "has no author (or editor)")
    if pub.year is None and not pub.fields.get("year", "").strip():  # a bad one is reported
        yield at("", "warning", "missing-year", "has no year")
    if owner.spellings and people and not any(owner.matches(a) for a in people):
        near = _near_owner(people, config.owner)
        hint = f"; '{near}' looks like a misspelling of the owner's name" if near else ""
        yield at("author" if pub.authors else "editor", "warning", "owner-missing",
                 f"the owner ({', '.join(config.owner)}) is not among the names{hint}")
    explained = set(config.render.marks)
    for mark in dict.fromkeys(m for a in people for m in a.mark):
        if mark not in explained:
            yield at("author", "warning", "unexplained-mark",
                     f"mark '{mark}' is not explained by the legend ([render.marks])")


def _near_owner(people: Iterable[Author], owner_names: Iterable[str]) -> str | None:
    """An author whose surname is an edit or two from the owner's (a typo, two letters
    swapped), or the owner's surname itself: a likely misspelling of the owner's name."""
    mine = [names.surname_keys(names.parse(n).last) for n in owner_names]
    for person in people:
        theirs = names.surname_keys(person.last) if not person.others else frozenset()
        for keys in mine:
            if any(_edits(a, b) <= (1 if len(b) <= 4 else 2) for a in theirs for b in keys):
                return to_text(names.format_name(person, "full"))
    return None


def _edits(a: str, b: str) -> int:
    """Edits (insert, delete, replace, swap two neighbours) from ``a`` to ``b``."""
    rows = [list(range(len(b) + 1))]
    for i, x in enumerate(a, 1):
        row = [i]
        for j, y in enumerate(b, 1):
            row.append(min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (x != y)))
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def _same_papers(path: str, pubs: list[Publication]) -> Iterator[Finding]:
    """The same paper twice (:mod:`publist.papers.identity`): by arXiv id, DOI or DBLP key, or the
    same title with an author in common."""
    papers: identity.Papers[Publication] = identity.Papers()
    for pub in pubs:
        paper = identity.of(pub)
        match = papers.find(paper, versions=True)
        papers.add(pub, paper)
        if match is None:
            continue
        first, what = match
        if (notice := identity.erratum_of(first, pub)) is not None:  # an erratum is not a second copy
            erratum, article = notice
            yield Finding(path, erratum.span.line, "note", "erratum",
                          f"entry '{erratum.key}': an erratum of '{article.key}' (line {article.span.line}), "
                          f"which shares its {what}; not the same paper twice")
            continue
        pair = [kinds.is_preprint(p) for p in (first, pub)]
        if what == identity.TITLE and not any(pair) and _elsewhere(first, pub):
            continue
        both = pair[0] == pair[1]
        level = "error" if both and what != identity.TITLE else "warning"
        note = "" if both else "; a preprint and its published version are shown once"
        yield Finding(path, pub.span.line, level, "same-paper",
                      f"entry '{pub.key}': the same {what} as '{first.key}' "
                      f"(line {first.span.line}){note}")


_PLACE: Final = ("volume", "number", "pages")
_VENUE: Final = ("journal", "journaltitle", "booktitle")


def _elsewhere(a: Publication, b: Publication) -> bool:
    """Whether two publications that share a title and an author were published apart: in
    other volumes, issues or pages, or, both in a journal or proceedings, in other years (a
    journal's "Editorial" in every issue, a conference paper and its journal extension), so
    that neither repeats the other. (A talk or a book of the same title is still reported.)"""
    venues = [any(p.fields.get(f, "").strip() for f in _VENUE) for p in (a, b)]
    if all(venues) and a.year is not None and b.year is not None and a.year != b.year:
        return True
    for field in _PLACE:
        mine, theirs = (re.sub(r"-+", "-", re.sub(r"[\s{}]", "", p.fields.get(field, ""))) for p in (a, b))
        if mine and theirs and mine != theirs:
            return True
    return False
