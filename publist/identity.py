"""Which entries are one paper: the one place that says so.

A paper is known by its identifiers (its arXiv id in any exporter's form, its DOI in any form,
its DBLP key) and, besides them, by the strict title rule of :mod:`publist.matching`: the
same title (case, accents, LaTeX, braces, punctuation and spacing aside) and an author surname
in common. Each is a *key*; two entries that share one are one paper. ``publist check`` (the
same paper twice), ``merge_preprints`` (a preprint and its published version, shown once),
``publist add`` (a paper the file has already) and ``publist sync --upgrade`` (a preprint whose
published version the file has already) all ask here.

>>> papers = Papers()
>>> papers.add("anode-neurips", keys({"biburl": "https://dblp.org/rec/conf/nips/ZhangYGKGBM19.bib"},
...                                  "ANODEV2: A Coupled Neural ODE Framework", ["zhang", "yao"]))
>>> papers.find(keys({"journal": "CoRR", "volume": "abs/1906.04596"},
...                  "ANODEV2: A Coupled Neural ODE Framework", ["yao"]))
Match(item='anode-neurips', how='title and an author')
>>> papers.find(identifiers({"eprint": "1906.04596"})) is None
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Final, Generic, NamedTuple, TypeVar

from publist.model import Publication

T = TypeVar("T")
_DBLP_RECORD: Final = re.compile(
    r"^https?://(?:www\.)?dblp\.(?:org|uni-trier\.de|dagstuhl\.de)/rec/(?:bib\d?/|html/|xml/)?"
    r"((?:conf|journals|books|series|phd|reference|persons|tr|ms)/[^\s?#]+?)(?:\.(?:bib|html|xml))?$",
    re.IGNORECASE,
)
TITLE: Final = "title and an author"
"""How a match by the strict title rule is named, e.g. in ``the same title and an author as``."""


def identifiers(fields: Mapping[str, str]) -> dict[str, str]:
    """A paper's identifiers, folded for comparison, with how to name them to a user.

    Its arXiv id in any exporter's form (an arXiv DOI counts as the id), its DOI (the ``doi``
    field, else a resolver URL in ``url``), and its DBLP key (from DBLP's ``biburl``).

    >>> identifiers({"url": "https://DOI.org/10.1109/iccv.2019.00038", "eprint": "1912.07145v2"})
    {'arxiv:1912.07145': 'arXiv 1912.07145', 'doi:10.1109/iccv.2019.00038': 'DOI 10.1109/iccv.2019.00038'}
    >>> identifiers({"biburl": "https://dblp.org/rec/bib/journals/corr/abs-1811-12941"})
    {'dblp:journals/corr/abs-1811-12941': 'DBLP journals/corr/abs-1811-12941'}
    """
    from publist import arxivid
    from publist.links import bare_doi

    out = {}
    found = arxivid.find(fields)
    if found:
        out[f"arxiv:{arxivid.base(found)}"] = f"arXiv {arxivid.base(found)}"
    doi = bare_doi(fields.get("doi", "")) or bare_doi(fields.get("url", ""))
    if doi and not arxivid.parse(doi):
        out[f"doi:{doi.lower()}"] = f"DOI {doi}"
    if m := _DBLP_RECORD.match(fields.get("biburl", "").strip()):
        out[f"dblp:{m.group(1)}"] = f"DBLP {m.group(1)}"
    return out


def of_ids(doi: str = "", arxiv: str = "", dblp: str = "") -> dict[str, str]:
    """The keys of identifiers a source gives bare (a profile's work, an API's record), folded
    as :func:`identifiers` folds an entry's.

    >>> of_ids(doi="10.1109/ICCV.2019.00038", arxiv="1912.07145", dblp="conf/iccv/X19")
    {'arxiv:1912.07145': 'arXiv 1912.07145', 'doi:10.1109/iccv.2019.00038': 'DOI 10.1109/ICCV.2019.00038', 'dblp:conf/iccv/X19': 'DBLP conf/iccv/X19'}
    """
    out = identifiers({"eprint": arxiv, "doi": doi}) if arxiv or doi else {}
    if dblp:
        out[f"dblp:{dblp}"] = f"DBLP {dblp}"
    return out


def title_keys(title: str, surnames: Iterable[str]) -> dict[str, str]:
    """The strict title rule as keys: one per author surname (folded, as
    :func:`publist.matching.surnames` gives them), each naming the normalised title.

    >>> title_keys("{HAWQ}: Hessian {AWare} Quantization", {"dong"})
    {'title:hawq hessian aware quantization|dong': 'title and an author'}
    """
    from publist.matching import normalize_title

    normal = normalize_title(title)
    return {f"title:{normal}|{s}": TITLE for s in sorted(surnames)} if normal else {}


def keys(fields: Mapping[str, str], title: str, surnames: Iterable[str]) -> dict[str, str]:
    """Every key a paper is known by, identifiers first, with how to name each."""
    return {**identifiers(fields), **title_keys(title, surnames)}


def of(pub: Publication) -> dict[str, str]:
    """The keys of a publication: its identifiers, its title and its authors' surnames."""
    from publist.matching import surnames

    return keys(pub.fields, pub.title, surnames(pub.authors))


class Match(NamedTuple, Generic[T]):
    """An entry that is the same paper, and how it was recognised, e.g. ``arXiv 1912.07145``."""

    item: T
    how: str


class Papers(Generic[T]):
    """Entries by the keys of the paper each is: built once, asked for each entry (linear in
    the file's size). An item is whatever the caller tells entries apart by: a record, a
    publication, an index."""

    def __init__(self) -> None:
        self._by: dict[str, T] = {}

    def add(self, item: T, paper: Iterable[str]) -> None:
        """Remember ``item`` under each of its keys; the first item under a key stays."""
        for key in paper:
            self._by.setdefault(key, item)

    def find(self, paper: Mapping[str, str]) -> Match[T] | None:
        """The first entry added that shares a key with ``paper``, by its first shared key."""
        for key, how in paper.items():
            if key in self._by:
                return Match(self._by[key], how)
        return None


def published_versions(pubs: Iterable[Publication], is_preprint: Iterable[bool]) -> dict[int, int]:
    """For each preprint (by position), the position of an entry that is not a preprint and
    is the same paper: what ``merge_preprints`` shows once.

    >>> from publist.api import loads
    >>> pubs, _ = loads("@misc{a, title={T}, eprint={1912.07145}} @misc{x, title={X}} "
    ...                 "@inproceedings{b, title={T2}, booktitle={B}, eprint={1912.07145v2}}")
    >>> published_versions(pubs, [True, True, False])
    {0: 2}
    """
    pubs = list(pubs)
    flags = list(is_preprint)
    published: Papers[int] = Papers()
    for n, pub in enumerate(pubs):
        if not flags[n]:
            published.add(n, of(pub))
    out = {}
    for n, pub in enumerate(pubs):
        if flags[n] and (match := published.find(of(pub))) is not None:
            out[n] = match.item
    return out
