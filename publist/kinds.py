"""What kind of publication an entry is, as a CV groups them: journal articles, conference
papers, workshop papers, preprints, books and chapters, theses, other.

The kind follows the entry type and the venue: an ``@article`` in a conference's proceedings
(AAAI and PMLR register theirs as journals) is a conference paper, anything at a workshop is
a workshop paper, and a preprint is one in any exporter's form (:mod:`publist.preprints`).

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
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from publist import preprints
from publist.latex import to_text

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


def kind_of(entry_type: str, fields: Mapping[str, str]) -> str:
    """One of :data:`KINDS` for an entry."""
    if preprints.is_preprint_entry(fields, entry_type):
        return "preprint"
    if entry_type in _THESES:
        return "thesis"
    if entry_type in _BOOKS:
        return "book"
    venue = to_text(fields.get("booktitle") or fields.get("journal") or fields.get("journaltitle") or "")
    if _WORKSHOP.search(venue):
        return "workshop"
    if entry_type in _CONFERENCES:
        return "conference"
    if entry_type == "article":
        return "conference" if _MEETING.search(venue) else "journal"
    return "other"
