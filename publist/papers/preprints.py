"""Preprint servers, in the spellings exporters give them: a preprint's venue is no venue.

DBLP writes ``journal = {CoRR}``, Semantic Scholar ``{ArXiv}`` or ``{arXiv.org}``, NASA ADS
``{arXiv e-prints}``, Google Scholar ``{arXiv preprint arXiv:1912.07145}``, Zotero
``publisher = {arXiv}``. None of these belongs on a CV as it stands; the list shows a
preprint the way ``[render] preprint`` says (by default, no venue line: its ``[arXiv]`` link
says it).

>>> server("CoRR"), server("arXiv preprint arXiv:1912.07145"), server("{bioRxiv}")
('arXiv', 'arXiv', 'bioRxiv')
>>> server("Journal of Computational Physics") is None, is_machine_form("arXiv:2211.00593 [cs]")
(True, True)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Final

from publist.papers import arxivid
from publist.regex import lazy

SERVERS: Final = {
    "arxiv": "arXiv", "arxiv.org": "arXiv", "corr": "arXiv", "arxiv e-prints": "arXiv",
    "arxiv eprints": "arXiv", "e-print": "arXiv", "arxiv preprint": "arXiv",
    "biorxiv": "bioRxiv", "medrxiv": "medRxiv", "chemrxiv": "ChemRxiv", "techrxiv": "TechRxiv",
    "psyarxiv": "PsyArXiv", "socarxiv": "SocArXiv", "eartharxiv": "EarthArXiv",
    "engrxiv": "engrXiv", "osf preprints": "OSF Preprints", "ssrn": "SSRN",
    "ssrn electronic journal": "SSRN", "research square": "Research Square",
    "preprints.org": "Preprints.org", "hal": "HAL",
}
"""Folded names of preprint servers and how a CV names them."""
_SERVER_PREFIX: Final = re.compile(
    r"^(arxiv|biorxiv|medrxiv|chemrxiv|techrxiv|psyarxiv|socarxiv|eartharxiv)\b"
    r"(?:\s+(?:preprint|e-?prints?)\b|\s*:|\s+\d|,|"
    r"\s+(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b)",  # al-folio's "arXiv Dec."
    re.IGNORECASE,
)
_MACHINE: Final = re.compile(
    r"^\s*(?:arxiv\s+preprint\s+)?(?:arxiv|e-?print):\s*\S+(?:\s*\[[\w.\-, ]*\])?\s*\.?\s*$",
    re.IGNORECASE
)
# DOIs that preprint servers register (bioRxiv and medRxiv share 10.1101 with Cold Spring
# Harbor's journals: only their dated and six-digit forms are preprints).
_PREPRINT_DOI: Final = lazy(
    r"^(?:10\.48550/arxiv\.|10\.2139/ssrn\.|10\.1101/(?:\d{4}\.\d{2}\.\d{2}\.)?\d{6}(?:v\d+)?$|"
    r"10\.21203/rs\.|10\.26434/chemrxiv|10\.31234/osf\.io|10\.31219/osf\.io|10\.31235/osf\.io|"
    r"10\.36227/techrxiv|10\.20944/preprints|10\.31223/)",
    re.IGNORECASE,
)
PLACEHOLDERS: Final = ("server", "id", "year")
VENUE_FIELDS: Final = ("journal", "journaltitle", "booktitle", "howpublished", "publisher",
                       "school", "institution", "organization", "abbr", "publication_short")
"""Fields that say where an entry appeared."""
"""What ``[render] preprint`` may use, e.g. ``"{server} preprint {id}"``."""


def _fold(value: str) -> str:
    return " ".join(value.replace("{", "").replace("}", "").lower().split()).rstrip(".")


def server(value: str) -> str | None:
    """The preprint server a venue value names, in any exporter's spelling, or ``None``."""
    folded = _fold(value)
    if folded in SERVERS:
        return SERVERS[folded]
    m = _SERVER_PREFIX.match(folded)
    return SERVERS[m.group(1).lower()] if m else None


def server_of(fields: Mapping[str, str], entry_type: str) -> str | None:
    """The server an entry's venue fields name, e.g. ``arXiv`` for ``journal = {CoRR}``."""
    for name in ("journal", "journaltitle"):
        if fields.get(name, "").strip():
            return server(fields[name])
    if fields.get("booktitle", "").strip() and (found := server(fields["booktitle"])):
        return found  # "@inproceedings{..., booktitle = {arxiv}}" (academicpages sites)
    if entry_type in ("misc", "online", "unpublished", "electronic", "preprint", "article"):
        for name in ("howpublished", "publisher", "organization", "abbr"):
            if fields.get(name, "").strip():
                found = server(fields[name])
                if found:
                    return found
                if name == "howpublished" and arxivid.url_in(fields[name]):
                    return "arXiv"  # al-folio and hand-written entries: the abs page's URL
    return None


def is_preprint_entry(fields: Mapping[str, str], entry_type: str,
                      has_id: Callable[[], bool] | None = None) -> bool:
    """:func:`is_preprint` for an entry's fields: the one definition that check, merging,
    kinds, sync and discover share. ``has_id()`` says whether it has an arXiv id (by default
    read from ``fields``); it is asked only when the ids decide (an entry with a venue, or a
    thesis, is not a preprint whatever its ids).

    >>> is_preprint_entry({"eprint": "1912.07145"}, "article"), is_preprint_entry({"title": "Talk"}, "misc")
    (True, False)
    """
    if not is_preprint(fields, entry_type, True):
        return False
    if server_of(fields, entry_type) is not None:
        return True
    return has_id() if has_id is not None else arxivid.find(fields) is not None


def needs_upgrade(fields: Mapping[str, str], entry_type: str) -> bool:
    """Whether a preprint (:func:`is_preprint_entry`) can take its published venue only by
    changing what it is (``sync --upgrade``): a preprint server as its venue, or a preprint's
    type (``@misc``, ``@online`` ...). An ``@article`` or ``@inproceedings`` with only an arXiv id
    takes the venue into its empty field, as any entry with no venue does.

    >>> needs_upgrade({"eprint": "1912.07145"}, "misc"), needs_upgrade({"eprint": "1912.07145"}, "article")
    (True, False)
    >>> needs_upgrade({"journal": "CoRR"}, "article"), needs_upgrade({"title": "A talk"}, "misc")
    (True, False)
    """
    if not is_preprint_entry(fields, entry_type):
        return False
    return entry_type in _PREPRINT_TYPES or server_of(fields, entry_type) is not None


_PREPRINT_TYPES: Final = frozenset({"misc", "online", "unpublished", "preprint", "electronic"})
NOT_PREPRINT_TYPES: Final = frozenset(
    {"phdthesis", "mastersthesis", "thesis", "book", "inbook", "incollection", "techreport", "report"}
)
"""Types that stay what they are with an arXiv id and no venue: a thesis posted to arXiv is a thesis."""
_PUBLISHED_IN: Final = ("journal", "journaltitle", "booktitle", "howpublished", "school", "institution")
_URL_COMMAND: Final = re.compile(r"^\\url\s*\{(.*)\}$", re.DOTALL)


def is_preprint(fields: Mapping[str, str], entry_type: str, has_id: bool) -> bool:
    """Whether the list shows an entry as a preprint: its venue names a preprint server in
    any exporter's form, or it has an arXiv id (``has_id``) and no venue at all. A ``@misc``
    talk or an ``@unpublished`` thesis without one is not.

    >>> is_preprint({"journal": "CoRR"}, "article", False), is_preprint({}, "article", True)
    (True, True)
    >>> is_preprint({"howpublished": "B.S. Thesis"}, "unpublished", True), is_preprint({}, "misc", False)
    (False, False)
    """
    if server_of(fields, entry_type) is not None:
        return True
    if not has_id or entry_type in NOT_PREPRINT_TYPES:
        return False
    for name in _PUBLISHED_IN:
        value = fields.get(name, "").strip()
        if value and not (name == "howpublished" and _only_an_id(value)):
            return False
    if entry_type in ("inproceedings", "conference"):  # al-folio's abbr alone names the conference
        return not any(fields.get(n, "").strip() and server(fields[n]) is None
                       for n in ("abbr", "publication_short"))
    return True


def _only_an_id(value: str) -> bool:
    """Whether ``howpublished`` only repeats an arXiv id (``\\url{https://arxiv.org/abs/...}``)."""
    from publist.papers import arxivid

    m = _URL_COMMAND.match(value.strip())
    return is_machine_form(value) or arxivid.parse(m.group(1) if m else value.strip()) is not None


def has_venue(fields: Mapping[str, str]) -> bool:
    """Whether an entry names where it appeared (under any field name biblatex reads)."""
    from publist.bib import fields as fieldnames

    return any(fieldnames.value(fields, f) for f in VENUE_FIELDS)


def is_preprint_doi(doi: str) -> bool:
    """Whether a DOI is a preprint server's, e.g. arXiv's ``10.48550/arXiv.1912.07145``.

    >>> is_preprint_doi("10.1101/2020.03.01.123456"), is_preprint_doi("10.1101/gr.123.1")
    (True, False)
    """
    return _PREPRINT_DOI().match(doi.strip()) is not None


def is_machine_form(value: str) -> bool:
    """Whether a note only repeats an arXiv id (``arXiv:2211.00593 [cs]``, as Zotero writes;
    ``eprint: 1912.07145``, as Zotero writes an INSPIRE record's)."""
    return _MACHINE.match(value.replace("{", "").replace("}", "")) is not None


def line(template: str, server_name: str, arxiv_id: str | None, year: int | None) -> str:
    """A preprint's venue line, e.g. ``arXiv preprint`` for ``"{server} preprint"``."""
    values = {"server": server_name, "id": arxiv_id or "", "year": "" if year is None else str(year)}
    return " ".join(template.format_map(values).split())
