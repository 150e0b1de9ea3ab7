r"""The venue line of an entry, the way a CV shows it.

>>> from publist.config import RenderOptions
>>> from publist.formats.richtext import Tex, Text
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

from publist import preprints, venues
from publist.config import RenderOptions
from publist.formats.richtext import Node, Tex, Text
from publist.latex import to_text

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
    arxiv_id: str | None = None,
) -> list[Node]:
    """Where an entry appeared, as nodes; a preprint's line is ``options.preprint``.

    ``field_node(name)`` makes the node of a field (the view records where it came from); the
    default is a bare :class:`Tex` of its value. ``year`` is the entry's year when it has no
    ``year`` field (biblatex's ``date``). A preprint is an entry whose venue is a preprint
    server in any exporter's spelling (``CoRR``, ``ArXiv``, ``arXiv preprint arXiv:...``), or
    one with an arXiv id and no venue at all; ``options.preprint`` is a template such as
    ``"{server} preprint {id}"`` (empty: no line).
    """
    server = preprints.server_of(fields, type)
    if server is None:
        published = _published(fields, type, options, field_node, year)
        if published or not arxiv_id or type in _NOT_PREPRINTS:
            return published
        server = "arXiv"
    preprint = options.preprint
    text = preprints.line(preprint, server, arxiv_id, year) if preprint else ""
    return [Text(text)] if text else []


_NOT_PREPRINTS: Final = frozenset(
    {"phdthesis", "mastersthesis", "thesis", "book", "inbook", "incollection", "techreport", "report"}
)


def _published(
    fields: Mapping[str, str], type: str, options: RenderOptions,
    field_node: Callable[[str], Node] | None, year: int | None,
) -> list[Node]:
    dash = options.page_dash
    own = fields
    field = field_node or (lambda name: Tex(own[name]))

    def tex(name: str) -> Node:
        if name == "year" and not own.get("year", "").strip():
            return Text(str(year))
        return field(name)

    if not own.get("year", "").strip() and year is not None:
        fields = {**own, "year": str(year)}
    has = fields.get
    if has("journal") or has("journaltitle"):
        return _journal(fields, tex, dash)
    if type in _PROCEEDINGS_TYPES or (has("booktitle") and type != "incollection"):
        return _proceedings(fields, tex, options)
    if type == "incollection" and has("booktitle"):
        out: list[Node] = [Text("In "), tex("booktitle")]
        return out + _tail(fields, tex, ("publisher",))
    if type in _THESIS or type == "thesis":
        return [_kind(fields, tex, _THESIS.get(type, "Thesis"))] + _tail(fields, tex, ("school", "institution"))
    if type in ("techreport", "report"):
        head: list[Node] = [_kind(fields, tex, "Technical report")]
        if has("number"):
            head += [Text(" "), tex("number")]
        return head + _tail(fields, tex, ("institution",))
    if has("publisher") and type in ("book", "inbook", "booklet", "manual", "collection"):
        return [tex("publisher"), *_year(fields, tex)]
    if has("howpublished"):
        return [tex("howpublished")]
    return []


def _kind(fields: Mapping[str, str], tex: Callable[[str], Node], default: str) -> Node:
    """A thesis's or report's kind: its ``type`` field, biblatex's keys in words."""
    written = fields.get("type", "").strip()
    if not written:
        return Text(default)
    return Text(TYPE_KEYS[written.lower()]) if written.lower() in TYPE_KEYS else tex("type")


def _journal(fields: Mapping[str, str], tex: Callable[[str], Node], dash: str) -> list[Node]:
    out: list[Node] = [tex("journal" if fields.get("journal") else "journaltitle")]
    if fields.get("volume"):
        out += [Text(" "), tex("volume")]
    number = "number" if fields.get("number") else "issue" if fields.get("issue") else None
    if number:
        out += [Text(" ("), tex(number), Text(")")]
    if fields.get("pages"):
        out += [Text(", "), Text(pages(fields["pages"], dash))]
    return out


def _proceedings(fields: Mapping[str, str], tex: Callable[[str], Node], options: RenderOptions) -> list[Node]:
    """``Proc. <name> <year>``: the entry's short name (``abbr``), else the name a CV prints
    for its booktitle (:func:`publist.venues.short_name`, with ``[render.venues]``)."""
    short = next((n for n in ("abbr", "publication_short") if fields.get(n)), None)
    name = short or ("booktitle" if fields.get("booktitle") else None)
    if name is None:
        return []
    value = fields[name]
    known = None
    if short is None and options.venue_names == "short":
        known = venues.short_name(to_text(value), options.venues)
    out: list[Node] = []
    if known is None and re.match(r"^\s*(proc\b|proceedings\b|in\b)", value, re.IGNORECASE):
        out.append(tex(name))
    else:
        out += [Text("Proc. "), Text(known) if known else tex(name)]
    year = fields.get("year", "")
    if year and year.strip() not in (known or value):
        out += [Text(" "), tex("year")]
    return out


def _tail(fields: Mapping[str, str], tex: Callable[[str], Node], names: tuple[str, ...]) -> list[Node]:
    out: list[Node] = []
    for name in names:
        if fields.get(name):
            out += [Text(", "), tex(name)]
            break
    return out + _year(fields, tex)


def _year(fields: Mapping[str, str], tex: Callable[[str], Node]) -> list[Node]:
    return [Text(", "), tex("year")] if fields.get("year") else []
