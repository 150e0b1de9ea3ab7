"""Where a paper was published, as one source says it: the record every venue source gives.

Semantic Scholar, DBLP and Crossref each describe a venue their own way; their parsers turn
it into a :class:`Published`, so that what sync decides (:mod:`publist.sync.venues`) compares
like with like. A preprint server is never a venue: a record whose venue is arXiv, CoRR,
bioRxiv ... or whose DOI is arXiv's is not a :class:`Published` at all.

>>> p = Published("DBLP", "conference", "NeurIPS", pages="5152-5162", year=2019)
>>> p.kind, p.venue, sorted(p.names())
('conference', 'NeurIPS', ['neurips'])
"""

from __future__ import annotations

import re
from typing import Any, Final, NamedTuple

from publist.papers import preprints

KINDS: Final = ("conference", "journal", "other")


class Published(NamedTuple):
    """A published version of a paper, as ``source`` knows it."""

    source: str
    """Who says so, e.g. ``DBLP``, ``Semantic Scholar``, ``Crossref``."""
    kind: str
    """``conference``, ``journal`` or ``other`` (a book chapter, a thesis)."""
    venue: str
    """The venue as the source names it, e.g. ``NeurIPS`` or ``Inverse Problems``."""
    aliases: tuple[str, ...] = ()
    """Other names the source gives the same venue, e.g. ``("NeurIPS", "NIPS")``."""
    volume: str = ""
    number: str = ""
    pages: str = ""
    year: int | None = None
    publisher: str = ""
    doi: str = ""
    """The published version's DOI, never arXiv's."""
    title: str = ""
    """The published title, which may differ from the preprint's."""
    authors: tuple[str, ...] = ()
    """Names as ``First Last``, DBLP's homonym numbers (``Wei Wang 0001``) taken off."""
    key: str = ""
    """The source's own id of the record, e.g. DBLP's ``conf/nips/ZhangYGKGBM19``."""

    def names(self) -> set[str]:
        """The venue's names, folded, for comparing two sources' venues."""
        return {fold(n) for n in (self.venue, *self.aliases) if fold(n)}

    def to_json(self) -> dict[str, Any]:
        """A plain dict for the cache."""
        return self._asdict() | {"aliases": list(self.aliases), "authors": list(self.authors)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Published:
        """The record :meth:`to_json` saved; ``KeyError``/``TypeError`` if it is damaged."""
        values = {name: data[name] for name in cls._fields}
        values["aliases"] = tuple(str(a) for a in values["aliases"])
        values["authors"] = tuple(str(a) for a in values["authors"])
        values["year"] = None if values["year"] is None else int(values["year"])
        return cls(**values)


def fold(name: str) -> str:
    """A venue name for comparison: case, punctuation and a trailing year aside."""
    name = re.sub(r"\b(19|20)\d\d\b", " ", name.casefold())
    return " ".join(re.findall(r"[^\W_]+", name))


def is_preprint(venue: str, doi: str = "") -> bool:
    """Whether a venue or DOI is a preprint server's: such a record is never a venue."""
    return bool(venue and preprints.server(venue)) or bool(doi and preprints.is_preprint_doi(doi))


_TAG: Final = re.compile(r"</?[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>")
"""A JATS, HTML or MathML tag (``<i>``, ``</sub>``, ``<mml:math display="inline">``); never the
``<`` of a formula (``$x<y$``), which no letter follows."""


def plain(value: str) -> str:
    """Text without the markup Crossref, OpenAlex and ORCID keep in titles and venue names
    (``<i>``, ``<sub>``, ``&amp;``), its spaces collapsed.

    >>> plain("The <i>Drosophila</i> pot: H<sub>2</sub>O &amp; more"), plain("$x<y$ &lt; 3")
    ('The Drosophila pot: H2O & more', '$x<y$ < 3')
    """
    from html import unescape

    return " ".join(unescape(_TAG.sub("", value)).split())


_HOMONYM: Final = re.compile(r"\s+\d{4}$")


def person(name: str) -> str:
    """A name without DBLP's homonym number: ``Wei Wang 0001`` gives ``Wei Wang``."""
    return _HOMONYM.sub("", " ".join(name.split()))


def year_of(value: Any) -> int | None:
    """A four-digit year from a number or a string, else ``None``."""
    m = re.search(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)", str(value)) if value is not None else None
    return int(m.group(1)) if m else None


def mapping(value: Any) -> dict[str, Any]:
    """An object of a JSON answer, or ``{}`` when it is missing or something else."""
    return value if isinstance(value, dict) else {}


def text(value: Any) -> str:
    """A string field of a JSON answer: a string, the first of a list, else ``''``."""
    if isinstance(value, list):
        value = value[0] if value else ""
    return " ".join(value.split()) if isinstance(value, str) else ""


def count_of(value: Any) -> int | None:
    """A citation count of a JSON answer: a whole number from 0 on, else ``None`` (missing,
    ``null``, negative, a float, a bool or a string are no count: never read as 0)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return None
    return value
