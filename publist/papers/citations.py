"""Citation counts: the counts file beside the .bib, which entry a count belongs to, the
identifier each source is asked by, and the summary (total, h-index). Pure, but for
:func:`load` and :func:`save`, which only read and write the file.

The file (``citations.json`` by default) holds, per entry, the count, the source, the
identifier asked and the date the source gave it; keys are sorted and the formatting fixed, so
that a sync that learns nothing new writes the same bytes::

    {
      "counts": {
        "dong2019hawq": {"count": 412, "date": "2026-12-05", "id": "arXiv:1905.03696", "source": "semanticscholar"},
        "dong2019hawq#2": {"count": 240, "date": "2026-12-05", "id": "arXiv:1911.03852", "source": "semanticscholar"}
      },
      "publist": 1
    }

An entry is named by its citation key; a second entry under the same key (BibTeX's keys ignore
case) is ``key#2``, a third ``key#3``, in file order, so that names stay put when other
entries move. A count is used only while the entry still has the identifier it was asked by.

>>> c = Count(1234, "semanticscholar", "arXiv:1912.07145", "2026-12-05")
>>> label(c, "Cited by {count}", ","), label(c, "{count} citations ({source}, {date})", "\u202f")
('Cited by 1,234', '1\u202f234 citations (Semantic Scholar, 2026-12-05)')
>>> h_index([10, 8, 5, 4, 3]), h_index([25, 8, 5, 3, 3]), h_index([0, 0]), h_index([])
(4, 3, 0, 0)
"""

from __future__ import annotations

import datetime
import json
import os
from collections.abc import Iterable, Mapping
from typing import Any, Final, NamedTuple

from publist.errors import PublistError
from publist.model import Publication
from publist.papers import arxivid
from publist.papers.links import doi_key

SOURCES: Final = {"semanticscholar": "Semantic Scholar", "openalex": "OpenAlex", "inspire": "INSPIRE"}
"""The sources of counts (``[citations] source``), and how the list names them."""
DEFAULT_FILE: Final = "citations.json"
FORMAT: Final = 1
"""The file's ``publist`` version, for a later change of its layout."""


class Count(NamedTuple):
    """One entry's count, e.g. ``Count(412, "semanticscholar", "arXiv:1905.03696", "2026-12-05")``."""

    cited: int
    """How many times the paper is cited."""
    source: str
    """A key of :data:`SOURCES`."""
    id: str
    """The identifier asked: ``arXiv:1905.03696`` or ``doi:10.1109/ICCV.2019.00038``."""
    date: str
    """The day the source gave the count, ``YYYY-MM-DD``."""

    def to_json(self) -> dict[str, Any]:
        return {"count": self.cited, "date": self.date, "id": self.id, "source": self.source}


class Summary(NamedTuple):
    """The counts of a list: their total, the h-index, how many entries have a count, and the
    source and date (the oldest) they carry."""

    total: int
    h: int
    papers: int
    source: str
    date: str


def identifiers(pub: Publication) -> tuple[str, str]:
    """An entry's arXiv id (without version) and published DOI, each ``''`` when it has none;
    arXiv's own DOI (``10.48550/arXiv.1912.07145``) is its arXiv id."""
    arxiv = doi = ""
    for link in pub.links:
        if link.kind == "arxiv" and not arxiv:
            arxiv = arxivid.base(link.url.rsplit("/abs/", 1)[-1])
        elif link.kind == "doi" and not doi:
            value = link.url.split("doi.org/", 1)[-1]
            from_doi = arxivid.parse(value)
            if from_doi:
                arxiv = arxiv or arxivid.base(from_doi)
            else:
                doi = value
    return arxiv, doi


def identifier(pub: Publication, source: str) -> str:
    """What ``source`` is asked for an entry: ``arXiv:<id>`` or ``doi:<doi>``; ``''`` for none.

    Semantic Scholar and INSPIRE file a paper's versions under its arXiv id, so that goes first;
    OpenAlex often keeps the arXiv copy as a work of its own with fewer citations, so it is
    asked by the published DOI first (and by arXiv's DOI, ``10.48550/arXiv.<id>``, else).
    """
    arxiv, doi = identifiers(pub)
    order = (("doi", doi), ("arXiv", arxiv)) if source == "openalex" else (("arXiv", arxiv), ("doi", doi))
    return next((f"{kind}:{value}" for kind, value in order if value), "")


def has(pub: Publication, asked: str) -> bool:
    """Whether an entry still has the identifier a count was asked by (ids compared as ids:
    a DOI in any case, an arXiv id without version)."""
    kind, _, value = asked.partition(":")
    arxiv, doi = identifiers(pub)
    if kind == "arXiv":
        return bool(arxiv) and arxiv == arxivid.base(value)
    return bool(doi) and doi_key(doi) == doi_key(value)


def names(pubs: Iterable[Publication]) -> dict[int, str]:
    """Each entry's name in the file, by its place (:attr:`publist.model.Span.start`): its key,
    and ``key#2``, ``key#3`` ... for later entries with the same key (in any case).

    >>> from publist.api import loads
    >>> pubs, _ = loads("@misc{a, title={X}} @misc{b, title={Y}} @misc{A, title={Z}}")
    >>> sorted(names(pubs).values())
    ['A#2', 'a', 'b']
    """
    seen: dict[str, int] = {}
    out: dict[int, str] = {}
    for pub in sorted(pubs, key=lambda p: p.span.start):
        n = seen.get(pub.key.lower(), 0) + 1
        seen[pub.key.lower()] = n
        out[pub.span.start] = pub.key if n == 1 else f"{pub.key}#{n}"
    return out


def for_entries(pubs: Iterable[Publication], counts: Mapping[str, Count]) -> dict[int, Count]:
    """The counts of the entries that have one, by entry; a count asked by an identifier the
    entry no longer has is left out (the entry changed since: run ``sync --citations``)."""
    pubs = list(pubs)
    by_start = {p.span.start: p for p in pubs}
    out: dict[int, Count] = {}
    for start, name in names(pubs).items():
        count = counts.get(name)
        if count is not None and has(by_start[start], count.id):
            out[start] = count
    return out


def h_index(counts: Iterable[int]) -> int:
    """The largest h such that h papers have at least h citations each."""
    ranked = sorted(counts, reverse=True)
    return sum(1 for n, c in enumerate(ranked, 1) if c >= n)


def summary(counts: Iterable[Count]) -> Summary | None:
    """The total and h-index of some counts, with their source and oldest date; ``None``
    for none."""
    counts = list(counts)
    if not counts:
        return None
    sources = sorted({c.source for c in counts})
    return Summary(sum(c.cited for c in counts), h_index(c.cited for c in counts), len(counts),
                   ", ".join(SOURCES.get(s, s) for s in sources), min(c.date for c in counts))


def number(value: int, separator: str) -> str:
    """``1,234`` with ``separator`` ``","``; ``1234`` with ``""``."""
    return f"{value:,}".replace(",", separator)


def label(count: Count, template: str, separator: str) -> str:
    """A count as the list shows it, e.g. ``Cited by 1,234``."""
    return template.format(count=number(count.cited, separator), source=SOURCES.get(count.source, count.source),
                           date=count.date)


def summary_label(total: Summary, template: str, separator: str) -> str:
    """The summary line, e.g. ``Citations: 1,234 (h-index 12; Semantic Scholar, 2026-12-05)``."""
    return template.format(total=number(total.total, separator), h=total.h, papers=total.papers,
                           source=total.source, date=total.date)


def age_days(count: Count, today: datetime.date) -> int | None:
    """How many days old a count is; ``None`` for a date that is not ``YYYY-MM-DD``."""
    try:
        return (today - datetime.date.fromisoformat(count.date)).days
    except ValueError:
        return None


def is_stale(count: Count, today: datetime.date, max_age_days: int | None) -> bool:
    """Whether a count is older than ``max_age_days`` (never, without a maximum)."""
    age = age_days(count, today)
    return max_age_days is not None and age is not None and age > max_age_days


def outdated(pubs: Iterable[Publication], counts: Mapping[str, Count], today: datetime.date,
             max_age_days: int | None) -> list[tuple[Publication, str, str]]:
    """What ``publist check`` warns of in the counts file, per entry: ``(entry, code, message)``
    for a count older than ``max_age_days`` and for one asked by an identifier the entry no
    longer has."""
    pubs = list(pubs)
    by_start = {p.span.start: p for p in pubs}
    out = []
    for start, name in sorted(names(pubs).items()):
        count = counts.get(name)
        if count is None:
            continue
        pub = by_start[start]
        run = "; run publist sync --citations"
        if not has(pub, count.id):
            message = (f"entry '{pub.key}': its citation count was asked for {count.id}, which the "
                       f"entry no longer has; it is not shown{run}")
            out.append((pub, "citations-id", message))
        elif is_stale(count, today, max_age_days):
            message = (f"entry '{pub.key}': its citation count is from {count.date}, older than "
                       f"{max_age_days} days ([citations] max_age_days){run}")
            out.append((pub, "citations-age", message))
    return out


def dumps(counts: Mapping[str, Count]) -> bytes:
    """The file's bytes: keys sorted, two-space indent, one entry a line, a final newline."""
    lines = [f"    {json.dumps(name, ensure_ascii=False)}: "
             f"{json.dumps(counts[name].to_json(), ensure_ascii=False, sort_keys=True)}"
             for name in sorted(counts)]
    body = ",\n".join(lines)
    inner = f"{{\n{body}\n  }}" if lines else "{}"
    return f'{{\n  "counts": {inner},\n  "publist": {FORMAT}\n}}\n'.encode()


def loads(data: bytes, path: str) -> dict[str, Count]:
    """The counts of a file's bytes; :class:`PublistError` naming the file and the entry when it
    is not a counts file (a broken file is never silently taken as no counts)."""
    try:
        top = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as err:
        where = f":{err.lineno}" if isinstance(err, json.JSONDecodeError) else ""
        raise PublistError(f"{path}{where}: not a citation counts file ({_why(err)}); fix it or "
                           "delete it and run publist sync --citations") from None
    if not isinstance(top, dict) or not isinstance(top.get("counts"), dict):
        raise PublistError(f"{path}: not a citation counts file (no \"counts\" object); fix it or "
                           "delete it and run publist sync --citations")
    out: dict[str, Count] = {}
    for name, value in top["counts"].items():
        count = _count(value)
        if count is None:
            raise PublistError(f"{path}: entry {name!r}: a count needs count (a whole number), source "
                               f"({', '.join(SOURCES)}), id and date (YYYY-MM-DD)")
        out[name] = count
    return out


def _why(err: Exception) -> str:
    return "not UTF-8" if isinstance(err, UnicodeDecodeError) else (
        err.msg if isinstance(err, json.JSONDecodeError) else type(err).__name__)


def _count(value: Any) -> Count | None:
    if not isinstance(value, dict):
        return None
    count, source, asked, date = (value.get(k) for k in ("count", "source", "id", "date"))
    if isinstance(count, bool) or not isinstance(count, int) or count < 0 or source not in SOURCES:
        return None
    if not isinstance(asked, str) or not asked.startswith(("arXiv:", "doi:")) or not isinstance(date, str):
        return None
    try:
        datetime.date.fromisoformat(date)
    except ValueError:
        return None
    return Count(count, source, asked, date)


def load(path: str) -> dict[str, Count]:
    """The counts file at ``path``; no file is no counts."""
    from publist.fileio import read_bytes

    if not os.path.exists(path):
        return {}
    if os.path.isdir(path):
        raise PublistError(f"{path}: is a folder, not a citation counts file ([citations] file names it)")
    return loads(read_bytes(path), path)


def save(path: str, counts: Mapping[str, Count]) -> bool:
    """Write the counts atomically; ``False`` (and nothing written) when the file already holds
    these bytes."""
    from publist.fileio import read_bytes, write_atomic

    data = dumps(counts)
    if os.path.exists(path) and read_bytes(path) == data:
        return False
    write_atomic(path, data)
    return True
