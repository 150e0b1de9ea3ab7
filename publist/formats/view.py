"""What a rendered list shows, independent of the output format.

Each publication becomes an :class:`Item`: a title line, the authors (the owner in bold,
equal-contribution marks after the names), the links, the venue and the notes. The
backends only decide how each node looks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from publist import arxivid, preprints
from publist import links as linkmod
from publist.config import RenderOptions
from publist.formats.richtext import Emph, Link, Node, Strong, Tex, Text
from publist.formats.venue import venue
from publist.latex import to_text
from publist.model import Author, FieldOrigin, Publication
from publist.names import Owner, format_name

NOTE_FIELDS = ("note", "addendum", "additional_info")
AWARD_FIELDS = ("award_name", "award")


class Line(NamedTuple):
    """One line of an entry; ``role`` is ``title``, ``authors``, ``links``, ``venue`` or ``note``."""

    role: str
    nodes: tuple[Node, ...]


class Item(NamedTuple):
    """One entry of the list, e.g. the lines of ``yao2019pyhessian``."""

    key: str
    lines: tuple[Line, ...]


def build(pubs: Iterable[Publication], owner: Owner, options: RenderOptions) -> list[Item]:
    """The items of a list, in the configured order."""
    if options.merge_preprints:
        pubs = merge_preprints(pubs)
    return [_item(p, owner, options) for p in sort(pubs, options.sort)]


def merge_preprints(pubs: Iterable[Publication]) -> list[Publication]:
    """The list with each preprint whose published version it also holds shown once: the
    published entry, with the preprint's arXiv link when it has none.

    They are one paper when they share an arXiv id (in any form, the published entry's
    ``eprint`` included), or by the strict title rule (equal titles and a shared author).
    """
    pubs = list(pubs)
    preprint = {n for n, p in enumerate(pubs) if preprints.is_preprint_entry(p.fields, p.type)}
    if not preprint or len(preprint) == len(pubs):
        return pubs
    published = [n for n in range(len(pubs)) if n not in preprint]
    by_id = {_arxiv(pubs[n]): n for n in published if _arxiv(pubs[n])}
    shown = list(pubs)
    merged: set[int] = set()
    for n in sorted(preprint):
        target = by_id.get(_arxiv(pubs[n]))
        if target is None:
            target = _same_title(pubs, published, n)
        if target is None:
            continue
        merged.add(n)
        if not _arxiv(shown[target]):
            arxiv = [x for x in pubs[n].links if x.kind == "arxiv"]
            shown[target] = shown[target]._replace(links=(*arxiv, *shown[target].links))
    return [p for n, p in enumerate(shown) if n not in merged]


def _same_title(pubs: list[Publication], candidates: list[int], n: int) -> int | None:
    """The published entry with the same title and an author in common, by the strict rule."""
    from publist import matching

    title = matching.normalize_title(pubs[n].title)
    authors = matching.surnames(pubs[n].authors)
    return next((i for i in candidates if matching.normalize_title(pubs[i].title) == title
                 and authors & matching.surnames(pubs[i].authors)), None)


def _arxiv(pub: Publication) -> str:
    """The arXiv id (without version) of a publication's arXiv link, or ``''``."""
    url = next((x.url for x in pub.links if x.kind == "arxiv"), "")
    return arxivid.base(url.rsplit("/abs/", 1)[-1]) if url else ""


def sort(pubs: Iterable[Publication], mode: str) -> list[Publication]:
    """Newest first by year, then month, ties in file order (``date``); or file order (``file``).

    Entries without a year come last.
    """
    if mode == "file":
        return list(pubs)
    return sorted(pubs, key=lambda p: (p.year is None, -(p.year or 0), -(p.month or 0)))


def _item(pub: Publication, owner: Owner, options: RenderOptions) -> Item:
    def tex(field: str) -> Tex:
        return Tex(pub.fields[field], FieldOrigin(pub, field))

    lines = [Line("title", (Strong((tex("title"),)),))]
    people = _people(pub, owner, options.names)
    if people:
        lines.append(Line("authors", people))
    shown = linkmod.order(pub.links, options.links)
    if shown:
        labels = options.labels
        anchors = [(Link(x.url, (Text(labels.get(x.kind, x.kind)),)),) for x in shown]
        lines.append(Line("links", _join(anchors)))
    arxiv = next((link.url.rsplit("/abs/", 1)[-1] for link in pub.links if link.kind == "arxiv"), None)
    place = venue(pub.fields, pub.type, options, tex, pub.year, arxiv)
    award = next((f for f in AWARD_FIELDS if pub.fields.get(f, "").strip()), None)
    if award and place:
        place += [Text(" ("), Emph((tex(award),)), Text(")")]
    elif award:
        lines.append(Line("note", (Emph((tex(award),)),)))
    if place:
        lines.append(Line("venue", tuple(place)))
    for field in NOTE_FIELDS:
        value = pub.fields.get(field, "").strip()
        if value and not preprints.is_machine_form(value):
            lines.append(Line("note", (tex(field),)))
    return Item(pub.key, tuple(lines))


def _people(pub: Publication, owner: Owner, style: str) -> tuple[Node, ...]:
    field, people = ("author", pub.authors) if pub.authors else ("editor", pub.editors)
    if not people:
        return ()
    origin = FieldOrigin(pub, field)
    shown = [a for a in people if a.others or to_text(format_name(a, style)).strip()]
    nodes = _join([_person(a, owner, style, origin) for a in shown])
    if field == "editor":
        nodes += (Text(" (eds.)" if len(people) > 1 else " (ed.)"),)
    return nodes


def _person(author: Author, owner: Owner, style: str, origin: FieldOrigin) -> tuple[Node, ...]:
    """A name, in bold if it is the owner's, then its equal-contribution mark: ``Z. Yao*``."""
    if author.others:
        return (Text("et al."),)
    name: Node = Tex(format_name(author, style), origin)
    if owner.matches(author):
        name = Strong((name,), "me")
    return (name, Text(author.mark)) if author.mark else (name,)


def _join(groups: Sequence[Sequence[Node]]) -> tuple[Node, ...]:
    """Groups of nodes separated by commas."""
    out: list[Node] = []
    for i, group in enumerate(groups):
        if i:
            out.append(Text(", "))
        out.extend(group)
    return tuple(out)
