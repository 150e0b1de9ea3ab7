"""``--format json``: the list as CSL-JSON items, each with a ``publist`` object, for Hugo and
Jekyll data files, CSL processors (citeproc-py, citeproc-js, pandoc) and templates.

An item is a valid CSL-JSON item (``id``, ``type``, ``title``, ``author``, ``issued`` ...,
text as Unicode) plus ``publist``: what the built-in layouts show, already decided, e.g.::

    {"key": "yao2019pyhessian", "kind": "preprint", "group": "", "number": null,
     "selected": false, "year": 2019,
     "authors": [{"name": "Z. Yao", "me": true, "style": "me", "class": "publist-me",
                  "marks": "", "url": "", "kind": "person"}, ...],
     "links": [{"kind": "arxiv", "label": "arXiv", "url": "https://arxiv.org/abs/1912.07145"}],
     "lines": {"title": "PyHessian: ...", "authors": "Z. Yao, A. Gholami ...",
               "venue": "", "notes": ["A short version was accepted ..."]}}

CSL processors ignore the ``publist`` key; the README documents it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any, Final

from publist.config import RenderOptions
from publist.formats import UnicodeBackend, dropped_by
from publist.formats.view import Item, Listing, People, highlight, shown_names
from publist.model import Author, Diagnostic, FieldOrigin, Origin, Publication
from publist.papers import aasmacros
from publist.papers import links as linkmod
from publist.papers.citations import SOURCES
from publist.papers.kinds import kind_of
from publist.text.names import format_name
from publist.text.richtext import Node, Tex

_CSL_TYPES: Final = {
    "article": "article-journal", "inproceedings": "paper-conference", "conference": "paper-conference",
    "incollection": "chapter", "inbook": "chapter", "book": "book", "mvbook": "book",
    "collection": "book", "proceedings": "book", "booklet": "pamphlet", "phdthesis": "thesis",
    "mastersthesis": "thesis", "thesis": "thesis", "techreport": "report", "report": "report",
    "manual": "report", "unpublished": "manuscript", "online": "webpage", "patent": "patent",
    "dataset": "dataset", "software": "software",
}
_NUMBERS: Final = {"volume": "volume", "number": "issue", "issue": "issue", "edition": "edition"}
_TEXTS: Final = {"publisher": "publisher", "address": "publisher-place", "location": "publisher-place",
                 "series": "collection-title", "abstract": "abstract", "isbn": "ISBN", "issn": "ISSN"}


class _Plain(UnicodeBackend):
    """Nodes as plain Unicode text: what a CSL item or a data file holds."""

    @staticmethod
    def text(text: str) -> str:
        return text

    @staticmethod
    def math(tex: str) -> str:
        return tex

    def strong(self, inner: str, role: str) -> str:
        return inner

    def emph(self, inner: str) -> str:
        return inner

    def styled(self, inner: str, style: str, role: str) -> str:
        return inner

    def link(self, url: str, inner: str) -> str:
        return inner


class ForPdflatex(_Plain):
    """Plain text that LaTeX will show (a CSL style's entries in ``--format latex``): besides
    the commands nothing decodes, it keeps the characters of each field that pdflatex cannot
    typeset (``untypeset``: private-use characters among them), for the caller to say of
    those that the text it writes holds."""

    def __init__(self, dropped: frozenset[str] = frozenset()) -> None:
        super().__init__(dropped)
        self.untypeset: list[tuple[Origin | FieldOrigin, str]] = []
        """Each field written, with the characters of it that pdflatex writes as ``?``."""

    def report_private_use(self, node: Tex) -> None:
        """Kept with the rest of what pdflatex cannot typeset (:meth:`tex`)."""

    def tex(self, node: Tex) -> str:
        text = super().tex(node)
        if node.origin is not None and not text.isascii():
            from publist.text import latex

            missing = latex.for_pdflatex(latex.escape(text))[1]
            if missing:
                self.untypeset.append((node.origin, missing))
        return text


def reporting(preambles: Iterable[Tex] = ()) -> UnicodeBackend:
    """Plain text that keeps what is wrong in the fields it writes (``.problems``), for
    :func:`data`; macros the ``@preamble`` defines to show nothing are dropped."""
    return _Plain(dropped_by(preambles))


_PLAIN: Final = _Plain()
plain: Final = _PLAIN.inline
"""Nodes as plain text."""


def text_of(value: str) -> str:
    """A field's LaTeX as plain Unicode text."""
    return plain((Tex(value),)).strip()


def csl_item(pub: Publication, backend: UnicodeBackend | None = None) -> dict[str, Any]:
    """The CSL-JSON item of a publication (CSL 1.0.2's variables; text as Unicode).

    ``backend`` writes the fields and keeps what it finds wrong in them (``--format json``
    reports a private-use character or an undecodable command as md and html do); without
    one, the text alone.
    """
    fields = pub.fields
    writer = backend or _PLAIN

    def text_of(value: str, field: str) -> str:
        return writer.tex(Tex(value, FieldOrigin(pub, field) if backend else None)).strip()

    kind = kind_of(pub.type, fields)
    item: dict[str, Any] = {"id": pub.key, "type": "article" if kind == "preprint" else
                            _CSL_TYPES.get(pub.type, "article-journal" if kind == "journal" else "document")}
    item["title"] = text_of(pub.title, "title")
    for role, people in (("author", pub.authors), ("editor", pub.editors)):
        names = [_csl_name(a, partial(text_of, field=role)) for a in people if not a.others]
        if names:  # "and others" as pandoc writes it, which citeproc (Haskell) shows as "et al."
            item[role] = names + [{"literal": "others"}] if any(a.others for a in people) else names
    if pub.year is not None:
        item["issued"] = {"date-parts": [[pub.year, pub.month] if pub.month else [pub.year]]}
    venue = next((f for f in ("journal", "journaltitle", "booktitle") if fields.get(f)), "")
    if venue and kind != "preprint":  # ADS's \apj is ApJ here too, as on the venue line
        item["container-title"] = text_of(aasmacros.expand(fields[venue]) or fields[venue], venue)
    for field, variable in _NUMBERS.items():
        if fields.get(field, "").strip() and variable not in item:
            item[variable if pub.type not in ("techreport", "report") or field != "number" else "number"] = \
                text_of(fields[field], field)
    if fields.get("pages", "").strip():
        item["page"] = re.sub(r"\s*(?:-+|\u2013|\u2014)\s*", "-", text_of(fields["pages"], "pages"))
    for field, variable in _TEXTS.items():
        if fields.get(field, "").strip() and variable not in item:
            item[variable] = text_of(fields[field], field)
    school = next((f for f in ("school", "institution") if fields.get(f)), "")
    if school and "publisher" not in item:
        item["publisher"] = text_of(fields[school], school)
    for link in pub.links:
        if link.kind == "doi" and "DOI" not in item:
            item["DOI"] = link.url.split("doi.org/", 1)[-1]
        elif link.kind in ("arxiv", "url", "pdf") and "URL" not in item:
            item["URL"] = link.url
    if kind == "preprint":
        arxiv = next((x.url for x in pub.links if x.kind == "arxiv"), "")
        if arxiv:
            item["number"] = "arXiv:" + arxiv.rsplit("/abs/", 1)[-1]
            item["publisher"] = "arXiv"
    if fields.get("keywords", "").strip():
        item["keyword"] = text_of(fields["keywords"], "keywords")
    return item


def _csl_name(author: Author, text: Callable[[str], str] = text_of) -> dict[str, str]:
    """``{"family": "Schölkopf", "given": "Bernhard"}``; a protected name is ``literal``."""
    family = text(" ".join(p for p in (author.von, author.last) if p))
    if not author.first:
        return {"literal": family}
    name = {"family": family, "given": text(author.first)}
    if author.jr:
        name["suffix"] = text(author.jr)
    return name


def publist_object(item: Item, group: str, people: People, options: RenderOptions,
                   backend: UnicodeBackend | None = None) -> dict[str, Any]:
    """What the built-in layouts show of an item: highlighted authors, links, venue, notes
    (written by ``backend``, which keeps the fields' problems, else as plain text)."""
    pub = item.pub
    assert pub is not None
    authors = []
    for author in shown_names(pub, people, options)[1]:
        if author is None or author.others:  # the "..." before the owner, "et al."
            authors.append({"name": "..." if author is None else "et al.", "me": False, "style": "",
                            "class": "", "marks": "", "url": "", "kind": "gap" if author is None else "others"})
            continue
        shown = highlight(author, people)
        name = format_name(author, options.names)  # the line below says what is wrong with it
        authors.append({"name": (backend or _PLAIN).inline((Tex(name),)).strip(), "me": shown.style == "me",
                        "style": shown.style, "class": shown.css_class, "marks": shown.marks,
                        "url": shown.url, "kind": "person"})
    return {
        "key": pub.key, "kind": kind_of(pub.type, pub.fields), "group": group, "number": item.number,
        "selected": pub.selected, "year": pub.year, "authors": authors,
        "links": [{"kind": x.kind, "label": options.labels.get(x.kind, x.kind), "url": x.url}
                  for x in linkmod.order(pub.links, options.links)],
        "lines": lines_of(item, backend.inline if backend else plain),
        "citations": _citations(item),
    }


def _citations(item: Item) -> dict[str, Any] | None:
    """An item's count as data: ``{"count": 412, "source": "Semantic Scholar", "date": ...}``."""
    count = item.citations
    if count is None:
        return None
    return {"count": count.cited, "source": SOURCES[count.source], "date": count.date, "id": count.id}


def lines_of(item: Item, write: Callable[[Iterable[Node]], Any]) -> dict[str, Any]:
    """An item's lines as ``write`` writes them: ``title``, ``authors``, ``links``, ``venue``,
    ``notes`` (a list), ``citations``."""
    lines: dict[str, Any] = {"title": "", "authors": "", "links": "", "venue": "", "notes": [],
                             "citations": ""}
    for line in item.lines:
        text = write(line.nodes).strip()
        if line.role == "note":
            lines["notes"].append(text)
        else:
            lines[line.role] = text
    return lines


def data(listing: Listing, formatted: Callable[[Iterable[Node]], Any] | None = None,
         backend: UnicodeBackend | None = None) -> list[dict[str, Any]]:
    """The items of a listing as CSL-JSON with their ``publist`` objects; with ``formatted``,
    each object also holds its lines written by it (``publist.formatted``, for templates).
    ``backend`` writes the text and keeps the fields' problems (:func:`csl_item`)."""
    options = listing.options or RenderOptions()
    people = listing.people or People.of(())
    out = []
    for group in listing.groups:
        for item in group.items:
            if item.pub is None:
                continue
            entry = csl_item(item.pub, backend)
            entry["id"] = item.key  # unique in the list, where two entries share a key
            entry["publist"] = publist_object(item, group.heading, people, options, backend)
            if formatted is not None:
                entry["publist"]["formatted"] = lines_of(item, formatted)
            out.append(entry)
    return out


def document(
    listing: Listing, standalone: bool = False, preambles: tuple[Tex, ...] = ()
) -> tuple[str, list[Diagnostic]]:
    """A JSON array, one CSL-JSON item per entry, in the list's order, and what is wrong in the
    fields it shows, said as the other formats say it (each once: a title is both the item's
    ``title`` and its ``publist.lines.title``)."""
    backend = reporting(preambles)
    text = json.dumps(data(listing, backend=backend), ensure_ascii=False, indent=2) + "\n"
    return text, list(dict.fromkeys(backend.problems))
