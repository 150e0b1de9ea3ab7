r"""The venue line of an entry, the way a CV shows it.

>>> from publist.config import RenderOptions
>>> from publist.text.richtext import Tex, Text
>>> def show(fields, type="article", **options):
...     style = RenderOptions(page_dash="-", **options)
...     return "".join(n.tex if isinstance(n, Tex) else n.text for n in venue(fields, type, style))
>>> show({"journal": "Inverse Problems", "volume": "32", "number": "7", "pages": "075006"})
'Inverse Problems 32 (7), 075006'
>>> show({"booktitle": "Advances in Neural Information Processing Systems",
...       "abbr": "NeurIPS", "year": "2019"}, "inproceedings")
'Proc. NeurIPS 2019'
>>> show({"journal": "Journal of Computational Physics", "volume": "332", "pages": "492--503"})
'Journal of Computational Physics 332, 492-503'
>>> show({"booktitle": "Proceedings of the 36th International Conference on Machine Learning",
...       "year": "2019"}, "inproceedings")
'Proc. ICML 2019'
>>> show({"booktitle": "Proceedings of the 36th International Conference on Machine Learning",
...       "year": "2019"}, "inproceedings", venue_names="full")
'Proceedings of the 36th International Conference on Machine Learning 2019'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Final

from publist.config import RenderOptions
from publist.papers import aasmacros, preprints, venues
from publist.text.latex import to_text
from publist.text.richtext import Node, Tex, Text

_PAGE_RANGE: Final = re.compile(
    r"^\s*([^\s\-\u2013\u2014]+)\s*(?:-+|\u2013|\u2014|\\textendash\s*(?:\{\})?)\s*([^\s\-\u2013\u2014]+)\s*$"
)
_PROCEEDINGS_TYPES: Final = frozenset({"inproceedings", "conference"})
_THESIS: Final = {"phdthesis": "PhD thesis", "mastersthesis": "Master's thesis"}
# biblatex's keys for the ``type`` field (its manual, 4.9.2.13), as a CV writes them.
TYPE_KEYS: Final = {
    "phdthesis": "PhD thesis", "mathesis": "Master's thesis", "mastersthesis": "Master's thesis",
    "candthesis": "Candidate thesis", "bathesis": "Bachelor's thesis",
    "techreport": "Technical report", "resreport": "Research report", "software": "Software",
    "datacd": "CD-ROM", "audiocd": "Audio CD",
}

def pages(value: str, dash: str) -> str:
    """A page range with the configured dash: ``'492--503'`` gives ``'492-503'`` for ``'-'``."""
    m = _PAGE_RANGE.match(value)
    return f"{m.group(1)}{dash}{m.group(2)}" if m else value.strip()


def venue(
    fields: Mapping[str, str], type: str, options: RenderOptions,
    field_node: Callable[[str], Node] | None = None, year: int | None = None,
    arxiv_id: str | None = None, report: Callable[[str, str], None] | None = None,
) -> list[Node]:
    """Where an entry appeared, as nodes; a preprint's line is ``options.preprint``.

    ``field_node(name)`` makes the node of a field (the view records where it came from); the
    default is a bare :class:`Tex` of its value. ``year`` is the entry's year (from ``year`` or
    biblatex's ``date``); the line shows the ``year`` field as written (``1994 (to appear)``),
    else this number. A preprint is an entry whose venue is a preprint
    server in any exporter's spelling (``CoRR``, ``ArXiv``, ``arXiv preprint arXiv:...``), or
    one with an arXiv id and no venue at all (:func:`publist.papers.preprints.is_preprint`);
    ``options.preprint`` is a template such as ``"{server} preprint {id}"`` (empty: no line).
    The year follows the line where ``options.year`` is ``venue`` and the line does not show
    it already as a whole number (``Proc. NeurIPS 2019``, a journal's volume ``2019``; not the
    digits of an article number ``032019`` or of ``number = {March2019}``); elsewhere only a
    conference's name carries it. ``report(field, message)`` hears of what could not be shown
    as written (an unknown journal macro).
    """
    if preprints.is_preprint(fields, type, arxiv_id is not None):
        server = preprints.server_of(fields, type) or "arXiv"
        preprint = options.preprint
        text = preprints.line(preprint, server, arxiv_id, year) if preprint else ""
        nodes: list[Node] = [Text(text)] if text else []
        shows_year = year is not None and "{year}" in preprint
    else:
        nodes, shows_year = _published(fields, type, options, field_node, year, report)
    if options.year == "venue" and year is not None and not shows_year:
        written = field_node("year") if field_node and fields.get("year", "").strip() else Text(str(year))
        nodes += [Text(", "), written] if nodes else [written]
    return nodes


def _published(
    fields: Mapping[str, str], type: str, options: RenderOptions,
    field_node: Callable[[str], Node] | None, year: int | None,
    report: Callable[[str, str], None] | None,
) -> tuple[list[Node], bool]:
    """The line of an entry that is not a preprint, and whether it shows the year."""
    dash = options.page_dash
    own = fields
    field = field_node or (lambda name: Tex(own[name]))

    def tex(name: str) -> Node:
        if name == "year" and not own.get("year", "").strip():
            return Text(str(year))
        if name in _NAMES:
            return _name(name, own[name], field, report)
        return field(name)

    if not own.get("year", "").strip() and year is not None:
        fields = {**own, "year": str(year)}
    written = own.get("year", "").strip()
    number = str(year) if year is not None else written if written.isdigit() else ""
    has = fields.get
    journal = "journal" if has("journal") else "journaltitle" if has("journaltitle") else None
    if journal and (has("booktitle") or not venues.is_conference(fields[journal])):
        return _journal(fields, tex, dash, number)
    if journal:  # a conference in journal, as al-folio sites and Google Scholar write NeurIPS
        return _proceedings(fields, tex, options, number, journal)
    if type in _PROCEEDINGS_TYPES or (has("booktitle") and type != "incollection"):
        return _proceedings(fields, tex, options, number)
    out: list[Node] = []
    if type == "incollection" and has("booktitle"):
        out = [Text("In "), tex("booktitle"), *_tail(fields, tex, ("publisher",))]
    elif type in _THESIS or type == "thesis":
        out = [_kind(fields, tex, _THESIS.get(type, "Thesis")), *_tail(fields, tex, ("school", "institution"))]
    elif type in ("techreport", "report"):
        out = [_kind(fields, tex, "Technical report")]
        if has("number"):
            out += [Text(" "), tex("number")]
        out += _tail(fields, tex, ("institution",))
    elif has("publisher") and type in ("book", "inbook", "booklet", "manual", "collection"):
        out = [tex("publisher")]
    elif has("howpublished"):
        out = [tex("howpublished")]
        return out, venues.names_year(to_text(fields["howpublished"]), number)
    return out, False


_NAMES: Final = ("journal", "journaltitle", "booktitle")
"""Fields that name the venue, where NASA ADS writes AAS journal macros (``\\apj``)."""


def _name(name: str, value: str, field: Callable[[str], Node],
          report: Callable[[str, str], None] | None) -> Node:
    """A venue's name, its AAS journal macros as their abbreviations (``\\apj`` as ApJ); a
    name that is an unknown macro shows its name and is reported."""
    expanded = aasmacros.expand(value)
    if expanded is not None:
        return _as(field(name), expanded)
    unknown = aasmacros.unknown(value)
    if unknown is None:
        return field(name)
    if report is not None:
        report(name, f"'\\{unknown}' is not a journal macro publist knows (AASTeX's: \\apj, \\mnras, ...); "
                     f"shown as '{unknown}'")
    return Text(unknown)


def _as(node: Node, tex: str) -> Node:
    """``tex`` in place of a field's text, keeping where it came from."""
    return node._replace(tex=tex) if isinstance(node, Tex) else Tex(tex)


def _kind(fields: Mapping[str, str], tex: Callable[[str], Node], default: str) -> Node:
    """A thesis's or report's kind: its ``type`` field, biblatex's keys in words."""
    written = fields.get("type", "").strip()
    if not written:
        return Text(default)
    return Text(TYPE_KEYS[written.lower()]) if written.lower() in TYPE_KEYS else tex("type")


def _journal(fields: Mapping[str, str], tex: Callable[[str], Node], dash: str,
             year: str) -> tuple[list[Node], bool]:
    name = "journal" if fields.get("journal") else "journaltitle"
    out: list[Node] = [tex(name)]
    shown = [fields[name]]
    if fields.get("volume"):
        volume = _series_volume(to_text(fields[name]), to_text(fields["volume"]))
        out += [Text(" "), tex("volume") if volume is None else Text(volume)]
        shown.append(fields["volume"])  # JSTAT's volume is its year: "2019 (12), 124010"
    number = "number" if fields.get("number") else "issue" if fields.get("issue") else None
    if number:
        out += [Text(" ("), tex(number), Text(")")]
    if fields.get("pages"):
        out += [Text(", "), Text(pages(fields["pages"], dash))]
    return out, venues.names_year(to_text(" ".join(shown)), year)


_SERIES: Final = re.compile(r"(?:^|[\s.])([A-Z])\.?$")


def _series_volume(journal: str, volume: str) -> str | None:
    """A volume without the series letter its journal's name ends with, as INSPIRE writes it
    (``Phys. Rev. D`` with ``D91`` is ``Phys. Rev. D 91``); ``None`` when it repeats none.

    >>> _series_volume("Phys. Rev. D", "D91"), _series_volume("Eur. Phys. J. C", "C 78")
    ('91', '78')
    >>> _series_volume("Phys. Rev.", "D91"), _series_volume("Phys. Rev. D", "91")
    (None, None)
    """
    series = _SERIES.search(journal.strip())
    if series is None:
        return None
    m = re.fullmatch(rf"{series.group(1)}\s*(\d[\w\-]*)", volume.strip())
    return m.group(1) if m else None


def _proceedings(fields: Mapping[str, str], tex: Callable[[str], Node], options: RenderOptions,
                 year: str, name: str = "booktitle") -> tuple[list[Node], bool]:
    """``Proc. <name> <year>``: the entry's own short name (:func:`_short_field`), else the
    name a CV prints for its booktitle (:func:`publist.papers.venues.short_name`, with
    ``[render.venues]``, or the ``<ACRONYM> <YEAR>`` it names), and a remark the booktitle
    ends with (``(Oral)``) that a short name would drop. ``name`` is the field that names the
    conference: ``journal`` where an entry puts it there. IEEE Xplore's inverted titles
    ("Humanoid Robots, 2007 7th IEEE-RAS International Conference on") shown whole are shown
    in reading order."""
    booktitle = fields.get(name, "").strip()
    short = _short_field(fields, booktitle, options)
    remark = _remark(booktitle)
    out: list[Node] = []
    if short is not None:
        out += [Text("Proc. "), tex(short)]
        shows_year = venues.names_year(to_text(fields[short]), year, two_digits=True)
    elif booktitle:
        known = None
        if options.venue_names == "short":
            known = venues.short_name(to_text(booktitle), options.venues) or venues.named_edition(
                booktitle, int(year) if year.isdigit() else None)
        if known is None:
            remark = None  # the booktitle is shown whole
            # "Proc." before a name that says so itself would say it twice ("..., Proceedings")
            says = re.search(r"^\s*in\b|\bproc\b|\bproceedings\b", booktitle, re.IGNORECASE)
            start = [] if says else [Text("Proc. ")]
            ordered = venues.uninvert(booktitle)
            out += [*start, tex(name) if ordered == booktitle else _as(tex(name), ordered)]
        else:
            out += [Text("Proc. "), Text(known)]
        shows_year = venues.names_year(to_text(known or booktitle), year)
    else:
        return [], False
    if year and not shows_year:
        out += [Text(" "), tex("year")]
    if remark is not None:
        out += [Text(" ("), _as(tex(name), remark), Text(")")]
    return out, bool(year)


def _short_field(fields: Mapping[str, str], booktitle: str, options: RenderOptions) -> str | None:
    """The field that holds the entry's short venue name, if any: Hugo Blox's
    ``publication_short``, or al-folio's ``abbr`` when it names the entry's own venue.

    al-folio shows ``abbr`` as a badge, and people put topics (``Robustness``) or a main
    conference on its workshop there: it is the venue's name only when most of its words are
    in the booktitle or ``series`` (``IPSN 2020`` for "... Sensor Networks (IPSN)", ``MLSYS
    Workshop at NeurIPS``), when it is made of the booktitle's initials (``EACL``), when it is
    the booktitle's known short name, or when it is a known acronym; and never when the
    booktitle is a workshop, Findings or companion that ``abbr`` does not name.
    """
    if fields.get("publication_short", "").strip():
        return "publication_short"
    abbr = to_text(fields.get("abbr", "")).strip()
    if not abbr or preprints.server(abbr) is not None:  # an "arXiv" badge names no venue
        return None
    if not booktitle:
        return "abbr"
    book = to_text(booktitle)
    side = venues.side_event(book)
    if side is not None and side not in venues.fold(abbr).split():
        return None
    words = set(_YEARS.sub(" ", venues.fold(abbr)).split()) - _SMALL_WORDS
    if not words:
        return None
    theirs = set(venues.fold(book).split()) | set(venues.fold(to_text(fields.get("series", ""))).split())
    if 2 * len(words & theirs) > len(words) or _initials_of(abbr, book):
        return "abbr"
    core = " ".join(sorted(words))
    known = venues.short_name(book, options.venues)
    if known is not None and " ".join(sorted(venues.fold(known).split())) == core:
        return "abbr"
    return "abbr" if side is None and venues.short_name(abbr, options.venues) is not None else None


def _initials_of(abbr: str, name: str) -> bool:
    """Whether an acronym of four letters or more is made of the initials of a name's words,
    in order: ``EACL`` for "... European Chapter of the Association for Computational
    Linguistics". (Shorter ones are too often topics: ``NLP``, ``RL``.)"""
    letters = re.sub(r"[\s'\u2019]|(?:19|20)?\d\d", "", abbr)
    if not re.fullmatch(r"[A-Z]{4,}", letters):
        return False
    initials = iter(w[0] for w in venues.fold(name).split() if w not in _SMALL_WORDS)
    return all(c in initials for c in letters.casefold())


_SMALL_WORDS: Final = frozenset("a an and at for in of on the to".split())
_YEARS: Final = re.compile(r"\b(?:19|20)?\d\d\b")
# A remark that a booktitle ends with and a CV keeps: "(Oral)", "[Best Paper Award]", ", Spotlight".
_REMARK: Final = re.compile(r"(?:[(\[]([^()\[\]]+)[)\]]|[,;]\s*([^,;()\[\]]+))\s*$")
_AWARD_WORDS: Final = re.compile(r"\b(?:oral|spotlight|award|best|highlight|outstanding|honou?rable|"
                                 r"distinguished|finalist|nominee|runner[- ]up|plenary|invited|contributed)\b",
                                 re.IGNORECASE)


def _remark(booktitle: str) -> str | None:
    """The award or presentation a booktitle ends with, e.g. ``Oral`` in "CVPR (Oral)"."""
    m = _REMARK.search(booktitle)
    text = (m.group(1) or m.group(2)).strip() if m else ""
    return text if text and _AWARD_WORDS.search(text) else None


def _tail(fields: Mapping[str, str], tex: Callable[[str], Node], names: tuple[str, ...]) -> list[Node]:
    for name in names:
        if fields.get(name):
            return [Text(", "), tex(name)]
    return []
