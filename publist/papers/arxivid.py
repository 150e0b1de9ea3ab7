"""arXiv identifiers: recognising them in every place that people and exporters put them.

Each exporter writes the id its own way (tests/data/exports/SOURCES.md shows each one):
``eprint`` with ``archiveprefix``/``eprinttype`` (arXiv, INSPIRE, DBLP, Better BibTeX,
JabRef, whose ``eprint`` may hold the URL), Mendeley's ``arxivid``, al-folio's ``arxiv``, an
arXiv URL in ``url``, ``pdf`` or JabRef's ``file``, NASA ADS's bibcode in ``adsurl`` and its
``pages``/``eid`` (``arXiv:<id>``), Zotero's ``number`` (``arXiv:<id>``), arXiv's DOI
``10.48550/arXiv.<id>``, Google Scholar's ``journal``, ``note`` or ``howpublished``
(``arXiv preprint arXiv:<id>``), and DBLP's and Semantic Scholar's ``volume = {abs/<id>}``
under ``journal = {CoRR}`` or ``{ArXiv}``. A field is read only when its whole value is one
of these forms, so that a note citing another paper is not taken for the entry's own id.

>>> parse("https://arxiv.org/pdf/1912.07145v2.pdf")
'1912.07145v2'
>>> parse("arXiv:hep-th/9901001"), parse("10.48550/ARXIV.MATH/0410068")
('hep-th/9901001', 'math/0410068')
>>> base("1906.04596v3"), parse("1913.00001")
('1906.04596', None)
>>> find({"journal": "arXiv preprint arXiv:1912.07145", "year": "2019"})
'1912.07145'
>>> find({"journal": "CoRR", "volume": "abs/1906.04596"})
'1906.04596'
>>> find({"eprint": "1912.07145", "url": "https://arxiv.org/abs/1906.04596"}) is None
True
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Final, NamedTuple

from publist.regex import lazy
from publist.text.urls import link_kind, targets

# New style (April 2007 on): YYMM.NNNN until 2014, YYMM.NNNNN since; old style: archive/YYMMNNN,
# which people and arXiv's old listings may write with a subject class (math.GT/0309136,
# cond-mat.str-el/0102536): the class is not part of the id, and :func:`_normal` drops it.
_NEW: Final = r"(?:0[7-9]|[1-9]\d)(?:0[1-9]|1[0-2])\.\d{4,5}"
_OLD: Final = r"[a-z]+(?:-[a-z]+)?(?:\.[A-Za-z]+(?:-[A-Za-z]+)?)?/(?:9[1-9]|0\d)(?:0[1-9]|1[0-2])\d{3}"
_ID: Final = rf"(?:{_NEW}|{_OLD})(?:v[1-9]\d*)?"
_EXACT: Final = re.compile(rf"{_ID}")
_HOST: Final = r"(?:https?\\?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html|format)/"
_URL: Final = re.compile(rf"^{_HOST}({_ID})(?:\.pdf)?/?(?:[?#].*)?$", re.IGNORECASE)
_URL_INSIDE: Final = lazy(rf"{_HOST}({_ID})(?![\w.]*\d)", re.IGNORECASE)
_DOI: Final = re.compile(
    rf"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)?10\.48550/arxiv\.({_ID})$", re.IGNORECASE
)
_PREFIX: Final = re.compile(r"^arxiv:\s*", re.IGNORECASE)
# "arXiv:1912.07145", "arXiv:1912.07145 [cs.LG]", "arXiv preprint arXiv:1912.07145",
# "arXiv preprint hep-th/9901001" (Google Scholar, Zotero, ADS), "eprint: 1912.07145" (Zotero's
# note of an INSPIRE record)
_TAGGED: Final = re.compile(
    rf"^\s*(?:arxiv\s+preprint\s+|arxiv\s+e-?prints?,?\s+|e-?print:\s*)?(?:arxiv:\s*)?({_ID})"
    r"\s*(?:\[[\w.\-, ]*\])?\s*\.?\s*$",
    re.IGNORECASE,
)
_ABS_VOLUME: Final = lazy(rf"^\s*abs/({_ID})\s*$", re.IGNORECASE)
# NASA ADS bibcodes of arXiv e-prints: 2019arXiv191207145Y, 2013arXiv1307.2579B
_BIBCODE: Final = re.compile(r"\d{4}arXiv(\d{4})\.?(\d{4,5})[A-Z.]")
_MENTIONS: Final = re.compile("rxiv", re.IGNORECASE)
PREPRINT_JOURNALS: Final = frozenset(
    {"corr", "arxiv", "arxiv.org", "arxiv e-prints", "arxiv eprints", "arxiv preprint", "e-print"}
)
"""``journal`` values (folded) that DBLP, Semantic Scholar, Mendeley and ADS give a preprint."""


def is_valid(text: str) -> bool:
    """Whether ``text`` is exactly an arXiv id, e.g. ``'2102.11107v2'`` or ``'math/0601001'``."""
    # new-style ids start in April 2007: 0701-0703 do not exist
    return _EXACT.fullmatch(text) is not None and not text.startswith(("0701.", "0702.", "0703."))


def _normal(arxiv_id: str) -> str | None:
    """An id as arXiv writes it (archive in lower case, without a subject class), or ``None``
    if it is not one.

    >>> _normal("math.GT/0309136v2"), _normal("Cond-Mat.str-el/0102536"), _normal("hep-th/9901001")
    ('math/0309136v2', 'cond-mat/0102536', 'hep-th/9901001')
    """
    if "/" in arxiv_id:
        archive, _, number = arxiv_id.partition("/")
        arxiv_id = f"{archive.partition('.')[0].lower()}/{number.lower()}"
    else:
        arxiv_id = arxiv_id.lower()
    return arxiv_id if is_valid(arxiv_id) else None


def parse(text: str) -> str | None:
    """The arXiv id in an id, ``arXiv:`` id, arXiv URL or arXiv DOI, or ``None``."""
    text = text.strip().replace("\\_", "_")
    for pattern in (_URL, _DOI):
        m = pattern.match(text)
        if m:
            return _normal(m.group(1))
    return _normal(_PREFIX.sub("", text))


_WRAPPED_URL: Final = re.compile(r"^\s*(?:\\(?:url|href)\s*)?\{?\s*([^{}\s]+)\s*\}?\s*$")


def url_in(text: str) -> str | None:
    r"""The id of a field that is only an arXiv URL, bare or in ``\url{...}``, e.g. ``howpublished``.

    >>> url_in(r"\url{https://arxiv.org/abs/1912.07145}"), url_in("See arxiv.org/abs/1912.07145")
    ('1912.07145', None)
    """
    wrapped = _WRAPPED_URL.match(text)
    url = _URL.match(wrapped.group(1)) if wrapped else None
    return _normal(url.group(1)) if url else None


def base(arxiv_id: str) -> str:
    """The id without its version, e.g. ``'1906.04596'`` for ``'1906.04596v3'``."""
    return re.sub(r"v\d+$", "", arxiv_id)


class Found(NamedTuple):
    """An id and the field it was read from, e.g. ``Found("journal", "1912.07145")``."""

    field: str
    id: str


def found(fields: Mapping[str, str]) -> Iterator[Found]:
    """Every arXiv id an entry holds, in every form, with the field it is in."""
    kind = (fields.get("archiveprefix") or fields.get("eprinttype") or "").strip().lower()
    eprint = fields.get("eprint", "")
    if eprint and kind in ("", "arxiv"):
        value = parse(eprint)
        if value:
            yield Found("eprint", value)
    for name in ("arxiv", "arxivid"):
        if fields.get(name):
            value = parse(fields[name])
            if value:
                yield Found(name, value)
    for name, raw in fields.items():
        if (name == "doi" or link_kind(name)) and (_MENTIONS.search(raw) or "48550" in raw):
            for link in [raw] if name == "doi" else targets(raw):  # each link of a link field
                value = parse(link)
                if value and value != link.strip():
                    yield Found(name, value)
    if _MENTIONS.search(fields.get("file", "")):
        m = _URL_INSIDE().search(fields["file"])
        if m and _normal(m.group(1)):
            yield Found("file", _normal(m.group(1)) or "")
    if _MENTIONS.search(fields.get("adsurl", "")):
        bibcode = _BIBCODE.search(fields["adsurl"])
        if bibcode and _normal(f"{bibcode.group(1)}.{bibcode.group(2)}"):
            yield Found("adsurl", f"{bibcode.group(1)}.{bibcode.group(2)}")
    for name in ("journal", "journaltitle", "note", "howpublished", "number", "pages", "eid",
                 "reportnumber"):
        raw = fields.get(name, "")
        if raw and (_MENTIONS.search(raw) or (name == "journal" and "/" in raw)
                    or (name == "note" and raw.lstrip().lower().startswith("eprint"))):
            m = _TAGGED.match(raw.replace("{", "").replace("}", ""))
            if m and _normal(m.group(1)):
                yield Found(name, _normal(m.group(1)) or "")
            elif name == "howpublished" and (url := url_in(raw)):
                yield Found(name, url)
    volume = fields.get("volume", "")
    if volume and "abs/" in volume and _preprint_journal(fields):
        m = _ABS_VOLUME().match(volume)
        if m and _normal(m.group(1)):
            yield Found("volume", _normal(m.group(1)) or "")


def _preprint_journal(fields: Mapping[str, str]) -> bool:
    journal = fields.get("journal") or fields.get("journaltitle") or ""
    return " ".join(journal.replace("{", "").replace("}", "").lower().split()) in PREPRINT_JOURNALS


def find(fields: Mapping[str, str], ids: list[Found] | None = None) -> str | None:
    """The arXiv id of an entry, from wherever it was written; ``None`` if it has none.

    Two different papers' ids in one entry (:func:`conflict`) give ``None`` too: publist
    does not guess which is meant. Of one paper's ids, ``eprint``'s (with its version) wins.
    ``ids`` is :func:`found`'s answer when the caller has it already.
    """
    ids = list(found(fields)) if ids is None else ids
    if not ids or len({base(f.id) for f in ids}) > 1:
        return None
    return ids[0].id


def conflict(fields: Mapping[str, str], ids: list[Found] | None = None) -> tuple[Found, Found] | None:
    """Two forms in one entry that name different papers, e.g. ``eprint`` and ``url``."""
    ids = list(found(fields)) if ids is None else ids
    for other in ids[1:]:
        if base(other.id) != base(ids[0].id):
            return ids[0], other
    return None


def describe(clash: tuple[Found, Found]) -> str:
    """The message for :func:`conflict`'s answer, e.g. ``arXiv ids disagree: ...``."""
    a, b = clash
    return f"arXiv ids disagree ({a.field} gives {a.id}, {b.field} gives {b.id}); neither is used"


# the archives of arXiv's old-style ids (arxiv.org/help/arxiv_identifier), which a primary
# class names before its dot (math.AG is math's)
_ARCHIVES: Final = frozenset((
    "acc-phys adap-org alg-geom ao-sci astro-ph atom-ph bayes-an chao-dyn chem-ph cmp-lg comp-gas "
    "cond-mat cs dg-ga funct-an gr-qc hep-ex hep-lat hep-ph hep-th math math-ph mtrl-th nlin "
    "nucl-ex nucl-th patt-sol physics plasm-ph q-alg q-bio quant-ph solv-int supr-con").split())


def with_archive(number: str, fields: Mapping[str, str]) -> str | None:
    """The old-style id an ``eprint`` written without its archive means (Mendeley writes
    ``eprint = {9905086}`` beside ``arxivId = {quant-ph/9905086}``), from the entry's other
    ids or its primary class; ``None`` when it names none.

    >>> with_archive("9901001", {"primaryclass": "arXiv:math.AG"}), with_archive("9901001", {})
    ('math/9901001', None)
    """
    if not re.fullmatch(r"(?:9[1-9]|0\d)(?:0[1-9]|1[0-2])\d{3}", number.strip()):
        return None
    for other in found(fields):
        if base(other.id).endswith(f"/{number.strip()}"):
            return base(other.id)
    archive = _PREFIX.sub("", fields.get("primaryclass", "").strip()).split(".")[0].lower()
    return f"{archive}/{number.strip()}" if archive in _ARCHIVES else None


def abs_url(arxiv_id: str) -> str:
    """The abstract page, e.g. ``https://arxiv.org/abs/1912.07145``."""
    return f"https://arxiv.org/abs/{arxiv_id}"
