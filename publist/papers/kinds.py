"""What kind of publication an entry is, as a CV groups them: journal articles, conference
papers, workshop papers, preprints, books and chapters, theses, other.

The kind follows the entry type and the venue: an ``@article`` in a conference's proceedings
(AAAI and PMLR register theirs as journals) is a conference paper, anything at a workshop is
a workshop paper, and a preprint is one in any exporter's form (:mod:`publist.papers.preprints`).

>>> kind_of("article", {"journal": "Inverse Problems"})
'journal'
>>> kind_of("article", {"journal": "Proceedings of the AAAI Conference on Artificial Intelligence"})
'conference'
>>> kind_of("article", {"journal": "Proceedings of the National Academy of Sciences"})
'journal'
>>> kind_of("inproceedings", {"booktitle": "NeurIPS Workshop on Beyond First-Order Methods"})
'workshop'
>>> kind_of("article", {"journal": "arXiv preprint arXiv:1912.07145"})
'preprint'
>>> kind_of("article", {"eprint": "1912.07145", "archiveprefix": "arXiv"}), kind_of("misc", {"type": "Lecture"})
('preprint', 'other')
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Final

from publist.model import Publication
from publist.papers import preprints, venues
from publist.text.latex import to_text

KINDS: Final = ("journal", "conference", "workshop", "preprint", "book", "thesis", "other")
"""Every kind, in the order a CV lists them."""
HEADINGS: Final = MappingProxyType({
    "journal": "Journal articles", "conference": "Conference papers", "workshop": "Workshop papers",
    "preprint": "Preprints", "book": "Books and chapters", "thesis": "Theses", "other": "Other",
})
"""The heading of each kind's group, unless ``[render.headings]`` says otherwise."""

_THESES: Final = frozenset({"phdthesis", "mastersthesis", "thesis"})
_BOOKS: Final = frozenset({"book", "inbook", "incollection", "booklet", "proceedings", "collection",
                           "mvbook", "mvcollection", "bookinbook", "suppbook", "suppcollection"})
_CONFERENCES: Final = frozenset({"inproceedings", "conference"})
_WORKSHOP: Final = re.compile(r"\bworkshops?\b", re.IGNORECASE)
# "Proceedings of the National Academy of Sciences" and "... of the IEEE" are journals.
_MEETING: Final = re.compile(r"\b(?:conference|symposium|congress|colloquium)\b|"
                             r"proceedings of machine learning research", re.IGNORECASE)


def kind(pub: Publication) -> str:
    """One of :data:`KINDS` for a publication (its arXiv id read once, with its links)."""
    return _kind(pub.type, pub.fields, lambda: _has_id(pub))


def is_preprint(pub: Publication) -> bool:
    """Whether a publication's kind is ``preprint`` (:func:`publist.papers.preprints.is_preprint`)."""
    return _preprint(pub.type, pub.fields, lambda: _has_id(pub))


def kind_of(entry_type: str, fields: Mapping[str, str], has_id: bool | None = None) -> str:
    """One of :data:`KINDS` for an entry; ``has_id``: whether it has an arXiv id (read from
    ``fields`` when not given)."""
    if has_id is not None:
        return _kind(entry_type, fields, lambda: has_id)

    def read() -> bool:
        from publist.papers import arxivid

        return arxivid.find(fields) is not None

    return _kind(entry_type, fields, read)


def _kind(entry_type: str, fields: Mapping[str, str], has_id: Callable[[], bool]) -> str:
    if _preprint(entry_type, fields, has_id):
        return "preprint"
    if entry_type in _THESES:
        return "thesis"
    if entry_type in _BOOKS:
        return "book"
    venue = fields.get("booktitle") or fields.get("journal") or fields.get("journaltitle") or ""
    if "\\" in venue or "{" in venue:
        venue = to_text(venue)
    if _WORKSHOP.search(venue):
        return "workshop"
    if entry_type in _CONFERENCES:
        return "conference"
    if entry_type == "article":  # a conference in journal, as the venue line shows it (Proc. NeurIPS 2019)
        return "conference" if _MEETING.search(venue) or venues.is_conference(venue) else "journal"
    return "other"


def _preprint(entry_type: str, fields: Mapping[str, str], has_id: Callable[[], bool]) -> bool:
    """:func:`publist.papers.preprints.is_preprint_entry`, reading the ids only when they decide it."""
    return preprints.is_preprint_entry(fields, entry_type, has_id)


def _has_id(pub: Publication) -> bool:
    return any(x.kind == "arxiv" for x in pub.links)
