"""Which part of a note belongs on a CV: what a person wrote, not what a reference manager did.

Zotero exports its "Extra" field into ``note``, ``Key: value`` lines (which BibTeX joins into
one): the ISSN of a PMLR volume, the conference or journal name again, the publisher, a citation
key (``note = {ISSN: 2640-3498}``, ``{Conference Name: IEEE Transactions on ...}``); it writes a
preprint's id there too (``arXiv:2211.00593 [cs]``). EndNote writes a PubMed record's MEDLINE
fields there, one a line (the ISSN, the authors' names, grants, dates). A note that begins with
one of Zotero's keys, or in EndNote's form, is left out; any other note is shown as written.

>>> shown("ISSN: 2640-3498"), shown("Conference Name: ICML"), shown("arXiv:2211.00593 [cs]")
('', '', '')
>>> shown("Oral presentation"), shown("Erratum: see the correction in vol. 3")
('Oral presentation', 'Erratum: see the correction in vol. 3')
"""

from __future__ import annotations

import re
from typing import Final

from publist.papers import preprints

# The "Extra" keys Zotero writes (its fields and CSL variables), and Better BibTeX's tex.* ones.
_MACHINE: Final = re.compile(
    r"^\s*(?:ISSN|ISBN|eISSN|Conference Name|Publisher|Publisher Place|Place|Event Place|Type|Genre|"
    r"Number of Pages|Num Pages|Series|Medium|Language|Citation Key|Accessed|Issued|Original Date|"
    r"DOI|PMID|PMCID|MAG ID|Library Catalog|Call Number|Archive|Archive Location|Rights|Version|"
    r"Container Title|tex\.[\w-]+)\s*:\s*\S",
    re.IGNORECASE,
)


# EndNote's import of a PubMed record fills the note with MEDLINE's fields, one a line (which
# BibTeX joins): the journal's ISSN first, then the authors' full names, ORCIDs, grants, the
# publication type, the country, the dates and the citation again. No note a person writes
# begins with an ISSN.
_PUBMED: Final = re.compile(r"\A\d{4}-\d{3}[\dXx](?: \((?:Print|Electronic|Linking)\))?(?:\s|\Z)")


def shown(note: str) -> str:
    """A note as the CV shows it: ``''`` when a reference manager wrote it.

    >>> shown("2041-1723 Lara, Montana Kay Orcid: 0000-0001-5810-4425 Journal Article England 2026/06/12")
    ''
    """
    note = note.strip()
    if not note or _MACHINE.match(note) or preprints.is_machine_form(note) or _PUBMED.match(note):
        return ""
    return note
