"""What arXiv adds to an entry: only what is missing, never a change to what the user wrote.

Pure: fields and an arXiv record in, the fields to add and the disagreements out. Which field
takes arXiv's ``journal_ref`` depends on the entry type: ``journal`` for ``@article``,
``booktitle`` for papers in proceedings or collections, ``howpublished`` otherwise.

>>> from publist.sources.atom import ArxivEntry
>>> arxiv = ArxivEntry("1111.2011", 2, "Quantum ...", ("J. M. Murray",), "cond-mat.str-el",
...                    "10.1103/PhysRevB.85.115117", "Phys. Rev. B 85, 115117 (2012)")
>>> found = additions({"title": "Quantum ..."}, "article", arxiv)
>>> found.ids
[('eprint', '1111.2011'), ('archiveprefix', 'arXiv'), ('primaryclass', 'cond-mat.str-el')]
>>> found.published
[('doi', '10.1103/PhysRevB.85.115117'), ('journal', 'Phys. Rev. B 85, 115117 (2012)')]
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final, NamedTuple

from publist.bib import fields as fieldnames
from publist.papers import arxivid, preprints
from publist.papers.links import bare_doi, doi_key, entry_dois
from publist.sources.atom import ArxivEntry
from publist.text.latex import escape

_VENUE_FIELD_BY_TYPE: Final = {
    "article": "journal",
    "inproceedings": "booktitle",
    "conference": "booktitle",
    "incollection": "booktitle",
    "inbook": "booktitle",
}


def venue_field(entry_type: str) -> str:
    """The field that takes arXiv's journal reference, e.g. ``journal`` for ``article``."""
    return _VENUE_FIELD_BY_TYPE.get(entry_type, "howpublished")


def _same_doi(mine: str, doi: str) -> bool:
    """Whether ``doi`` is one of the DOIs of the entry's ``doi`` field (an article and its
    erratum are two), spelled as it may be: case and percent-encoding aside."""
    held = entry_dois({"doi": mine}) or [mine.strip()]
    return doi_key(bare_doi(doi) or doi.strip()) in {doi_key(d) for d in held}


class FromArxiv(NamedTuple):
    """What arXiv's record adds to an entry."""

    ids: list[tuple[str, str]]
    """The arXiv id and its companions (``eprint``, ``archiveprefix``, ``primaryclass``)."""
    published: list[tuple[str, str]]
    """What arXiv knows of the published version: its DOI, its journal reference."""
    notes: list[str]


def additions(fields: Mapping[str, str], entry_type: str, arxiv: ArxivEntry) -> FromArxiv:
    """Fields to add (in this order) and disagreements to report, e.g. a different DOI.

    A field counts as present under any of its biblatex names (``eprintclass`` is a
    ``primaryclass``); an empty one is missing, and is filled where it stands.
    """
    ids: list[tuple[str, str]] = []
    published: list[tuple[str, str]] = []
    notes: list[str] = []

    def put(target: list[tuple[str, str]], name: str, value: str) -> None:
        if not fieldnames.value(fields, name):
            target.append((fieldnames.slot(fields, name), value))

    known = arxivid.find(fields)
    eprint = fields.get("eprint", "").strip()
    kind = fieldnames.value(fields, "archiveprefix").lower()
    if known is None and eprint:
        notes.append(f"has eprint '{eprint}' of another kind; arXiv {arxiv.id} not written")
    elif known is not None and arxivid.base(known) != arxiv.id:
        notes.append(f"arXiv id {known} differs from the one looked up ({arxiv.id})")
        return FromArxiv([], [], notes)
    # the entry's eprint is, or is about to be, the arXiv id: its companions belong with it
    holds_id = (known is None and not eprint) or bool(eprint and arxivid.parse(eprint))
    if known is None and not eprint:
        put(ids, "eprint", arxiv.id)
    if holds_id and not kind:
        put(ids, "archiveprefix", "arXiv")
    if holds_id and arxiv.primary_category:
        # biblatex's own name beside biblatex's eprinttype (DBLP, Better BibTeX), else BibTeX's
        biblatex = "eprinttype" in fields and "archiveprefix" not in fields
        put(ids, "eprintclass" if biblatex else "primaryclass", arxiv.primary_category)
    doi = arxiv.published_doi or ""
    if doi and _safe(doi):
        mine = fieldnames.value(fields, "doi")
        if not mine:
            put(published, "doi", doi)
        elif not _same_doi(mine, doi) and not arxivid.parse(mine):
            notes.append(f"arXiv gives DOI {doi}, the entry has {mine}; kept")
    if arxiv.journal_ref and not preprints.has_venue(fields):
        put(published, venue_field(entry_type), escape(arxiv.journal_ref))
    return FromArxiv(ids, published, notes)


def _safe(value: str) -> bool:
    """Whether a raw value (a DOI) can sit in braces as it is."""
    return not re.search(r"[{}\\\s]", value)
