"""What a rendered list shows, independent of the output format.

Each publication becomes an :class:`Item`: a title line, the authors (the owner in bold,
people of ``[[people]]`` in their style, marks after the names), the links, the venue and
the notes. Items come in :class:`Group` s (one, unless ``group_by`` asks for more), numbered
when ``numbering`` asks, with a legend of the marks they use. The backends only decide how
each node looks.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import NamedTuple

from publist.config import Person, RenderOptions
from publist.formats.venue import venue
from publist.listing import merging, selection
from publist.model import Author, Diagnostic, FieldOrigin, Publication
from publist.papers import citations as citemod
from publist.papers import kinds, notes
from publist.papers import links as linkmod
from publist.papers.citations import Count, Summary
from publist.text.latex import to_text
from publist.text.names import Owner, format_name
from publist.text.richtext import Emph, Link, Node, Strong, Styled, Tex, Text

NOTE_FIELDS = ("note", "addendum", "additional_info")
AWARD_FIELDS = ("award_name", "award")
URL_TEXT_FIELDS = ("howpublished", *NOTE_FIELDS)
"""Text fields whose whole value may be a bare URL, shown as a link (Zotero's web pages)."""


def text_field(value: str, origin: FieldOrigin) -> Tex | Link:
    """A text field as the list shows it: a link when its whole value is one http(s) URL
    (``howpublished = {https://...}``, as a ``url`` command's is), else its LaTeX."""
    from publist.text.urls import whole

    url = whole(value)
    return Link(url[0], (Text(url[1]),)) if url is not None else Tex(value, origin)


class Line(NamedTuple):
    """One line of an entry; ``role`` is ``title``, ``authors``, ``links``, ``venue``, ``note`` or
    ``citations``."""

    role: str
    nodes: tuple[Node, ...]


class Item(NamedTuple):
    """One entry of the list, e.g. the lines of ``yao2019pyhessian``."""

    key: str
    lines: tuple[Line, ...]
    number: int | None = None
    """Its number, when ``numbering`` asks for numbers."""
    pub: Publication | None = None
    abstract: Tex | None = None
    """The abstract, when ``show_abstract`` is on and the entry has one."""
    bibtex: str | None = None
    """The entry's BibTeX without private fields, when ``show_bibtex`` is on."""
    citations: Count | None = None
    """Its citation count, when ``citations`` is on and the counts file has one."""


class Group(NamedTuple):
    """Items under one heading: ``Group("2019", items)``; the heading is ``""`` without groups."""

    heading: str
    items: tuple[Item, ...]


class Listing(NamedTuple):
    """The whole list: its groups, how it is numbered, and the legend of the marks it uses."""

    groups: tuple[Group, ...]
    numbering: str = "none"
    legend: tuple[tuple[str, str], ...] = ()
    """``(mark, meaning)`` for each mark shown that ``[render.marks]`` explains."""
    people: People | None = None
    """Who is highlighted, for the outputs that describe each author (JSON, templates)."""
    options: RenderOptions | None = None
    problems: tuple[Diagnostic, ...] = ()
    """What building the list found or did, for render's messages: fields it could not show
    as written, and (as :class:`publist.model.Notice`) the preprints merged into which entry."""
    summary: Summary | None = None
    """The counts of the entries shown, when ``citation_summary`` is on and some have one."""
    summary_text: str = ""
    """The summary line as ``citation_summary_label`` writes it."""

    @property
    def items(self) -> list[Item]:
        """Every item, in order."""
        return [item for group in self.groups for item in group.items]


class People(NamedTuple):
    """Who is highlighted: the owner (bold, ``url``) and the ``[[people]]``, matched by name."""

    owner: Owner
    owner_url: str = ""
    others: tuple[tuple[Owner, Person], ...] = ()

    @classmethod
    def of(cls, owner: Iterable[str], owner_url: str = "", people: Iterable[Person] = ()) -> People:
        """From the config: ``People.of(config.owner, config.owner_url, config.people)``."""
        return cls(Owner.of(owner), owner_url, tuple((Owner.of(p.names), p) for p in people))


class Counts(NamedTuple):
    """The citation counts render shows: by entry (:attr:`publist.model.Span.start`), what day
    it is, and the age from which a count is shown with its date."""

    by_entry: Mapping[int, Count]
    today: datetime.date
    max_age_days: int | None = None


def build(pubs: Iterable[Publication], who: Owner | People, options: RenderOptions,
          bibtex_of: Callable[[Publication], str] | None = None, counts: Counts | None = None) -> Listing:
    """The list: merged, chosen, sorted, cut to ``limit``, grouped and numbered.

    ``bibtex_of(pub)`` is the entry's own text, for ``show_bibtex``; ``counts`` the citation
    counts, for ``citations``, ``citation_summary`` and ``sort = "citations"``.
    """
    people = who if isinstance(who, People) else People(who)
    problems: list[Diagnostic] = []
    merges: list[merging.Merge] = []
    cited = dict(counts.by_entry) if counts is not None else {}
    if options.merge_preprints:
        pubs, merges = merging.merge(pubs)
        problems += (m.notice() for m in merges)
        for m in merges:  # one paper, one count: the published entry's, else its preprint's
            if m.published.span.start not in cited and m.preprint.span.start in cited:
                cited[m.published.span.start] = cited[m.preprint.span.start]
    if selection.active(options):
        merged_into = {m.preprint.key: m.published.key for m in merges}  # --key names either version
        pubs = selection.choose(pubs, options, people.owner, merged_into)
    chosen = sort(pubs, options.sort, cited)
    if options.limit is not None:
        chosen = chosen[: options.limit]
    groups = _groups(chosen, options)
    marks: set[str] = set()
    built = []
    for heading, members in groups:
        built.append((heading, [_item(p, people, options, marks, bibtex_of, problems, counts, cited)
                                for p in members]))
    numbered = _unique_keys(_numbered(built, options))
    legend = tuple((m, options.marks[m]) for m in options.marks if m in marks) if options.legend else ()
    total = citemod.summary(cited[p.span.start] for p in chosen if p.span.start in cited)
    if not options.citation_summary or total is None:
        total = None
    text = citemod.summary_label(total, options.citation_summary_label, options.citations_separator) if total else ""
    return Listing(numbered, options.numbering, legend, people, options, tuple(problems), total, text)


def _groups(pubs: list[Publication], options: RenderOptions) -> list[tuple[str, list[Publication]]]:
    """``(heading, publications)`` in the order a CV shows them."""
    if options.group_by == "none":
        return [("", pubs)]
    by: dict[str, list[Publication]] = {}
    if options.group_by == "year":
        for pub in sorted(pubs, key=lambda p: (p.year is None, -(p.year or 0))):
            by.setdefault(str(pub.year) if pub.year is not None else "Undated", []).append(pub)
        return list(by.items())
    for pub in pubs:
        by.setdefault(kinds.kind(pub), []).append(pub)
    return [(options.headings[k], by[k]) for k in options.kinds if k in by]


def _numbered(groups: list[tuple[str, list[Item]]], options: RenderOptions) -> tuple[Group, ...]:
    """The groups with their items numbered as ``numbering`` asks, per group or across them."""
    if options.numbering == "none":
        return tuple(Group(h, tuple(items)) for h, items in groups)
    total = sum(len(items) for _, items in groups)
    out = []
    done = 0
    for heading, items in groups:
        if not options.number_across_groups:
            done, total = 0, len(items)
        numbers = [done + n + 1 for n in range(len(items))]
        if options.numbering == "descending":
            numbers = [total - done - n for n in range(len(items))]
        out.append(Group(heading, tuple(i._replace(number=k) for i, k in zip(items, numbers, strict=True))))
        done += len(items)
    return tuple(out)


def _unique_keys(groups: tuple[Group, ...]) -> tuple[Group, ...]:
    """The groups with each item's key unique (BibTeX's keys ignore case): the entry first in
    the file keeps its key, a later one with the same key is ``key-2`` (HTML ids, JSON ids)."""
    items = [item for group in groups for item in group.items]
    taken = {item.key.lower() for item in items}
    if len(taken) == len(items):
        return groups
    renamed: dict[int, str] = {}
    seen: set[str] = set()
    for item in sorted(items, key=lambda i: i.pub.span.line if i.pub is not None else 0):
        key = item.key
        if key.lower() in seen:
            n = 2
            while f"{key}-{n}".lower() in taken:
                n += 1
            key = f"{key}-{n}"
            taken.add(key.lower())
            renamed[id(item)] = key
        seen.add(key.lower())
    return tuple(Group(g.heading, tuple(i._replace(key=renamed.get(id(i), i.key)) for i in g.items))
                 for g in groups)


def sort(pubs: Iterable[Publication], mode: str, counts: Mapping[int, Count] | None = None) -> list[Publication]:
    """Newest first by year, then month, ties in file order (``date``); or file order (``file``);
    or most cited first, ties and entries without a count by date (``citations``).

    Entries without a year come last; a ``\\noopsort`` key in the year sorts as it says.
    """
    if mode == "file":
        return list(pubs)
    from publist.papers.publication import sort_year

    def key(p: Publication) -> tuple[bool, int, tuple[int, ...], int]:
        year, rest = sort_year(p) or (0, ())
        return p.year is None, -year, rest, -(p.month or 0)

    by_date = sorted(pubs, key=key)
    if mode != "citations":
        return by_date
    cited = counts or {}
    return sorted(by_date, key=lambda p: (p.span.start not in cited,
                                          -cited[p.span.start].cited if p.span.start in cited else 0))


def _item(pub: Publication, people: People, options: RenderOptions, marks: set[str],
          bibtex_of: Callable[[Publication], str] | None, problems: list[Diagnostic],
          counts: Counts | None = None, cited: Mapping[int, Count] | None = None) -> Item:
    def tex(field: str) -> Tex:
        return Tex(pub.fields[field], FieldOrigin(pub, field))

    def as_shown(field: str) -> Tex | Link:
        return text_field(pub.fields[field], FieldOrigin(pub, field)) if field in URL_TEXT_FIELDS else tex(field)

    def report(field: str, message: str) -> None:
        problems.append(FieldOrigin(pub, field).problem(message))

    lines = [Line("title", (Strong((tex("title"),)),))]
    authors = _people(pub, people, options, marks)
    if options.year == "authors" and pub.year is not None:
        authors += (Text(f" ({pub.year})"),) if authors else (Text(str(pub.year)),)
    if authors:
        lines.append(Line("authors", authors))
    shown = linkmod.order(pub.links, options.links)
    if shown:
        labels = options.labels
        anchors = [(Link(x.url, (Text(labels.get(x.kind, x.kind)),)),) for x in shown]
        lines.append(Line("links", _join(anchors)))
    arxiv = next((link.url.rsplit("/abs/", 1)[-1] for link in pub.links if link.kind == "arxiv"), None)
    place = venue(pub.fields, pub.type, options, as_shown, pub.year, arxiv, report)
    award = next((f for f in AWARD_FIELDS if pub.fields.get(f, "").strip()), None)
    if award and place:
        place += [Text(" ("), Emph((tex(award),)), Text(")")]
    elif award:
        lines.append(Line("note", (Emph((tex(award),)),)))
    if place:
        lines.append(Line("venue", tuple(place)))
    for field in NOTE_FIELDS:
        value = notes.shown(pub.fields.get(field, ""))
        if value:
            lines.append(Line("note", (text_field(value, FieldOrigin(pub, field)),)))
    count = (cited or {}).get(pub.span.start) if options.citations else None
    if count is not None and counts is not None:
        lines.append(Line("citations", (Text(_cited(count, options, counts)),)))
    abstract = tex("abstract") if options.show_abstract and pub.fields.get("abstract", "").strip() else None
    bibtex = None
    if options.show_bibtex and bibtex_of is not None:
        from publist.bib.splice import Edit, edit

        text = bibtex_of(pub)
        private = [f for f in options.private_fields if f in pub.fields]
        bibtex = edit(text, Edit(remove=private), path=pub.span.path, line=pub.span.line) if private else text
    return Item(pub.key, tuple(lines), None, pub, abstract, bibtex, count)


def _cited(count: Count, options: RenderOptions, counts: Counts) -> str:
    """A count as ``citations_label`` writes it; one older than ``max_age_days`` with its date
    (``Cited by 412 (as of 2026-01-05)``), unless the label shows the date already."""
    text = citemod.label(count, options.citations_label, options.citations_separator)
    if citemod.is_stale(count, counts.today, counts.max_age_days) and "{date" not in options.citations_label:
        text += f" (as of {count.date})"
    return text


def shown_names(pub: Publication, people: People, options: RenderOptions) -> tuple[str, list[Author | None]]:
    """``author`` (else ``editor``) and its names as the list shows them: cut to
    ``max_authors`` with the owner kept, ``None`` for the "..." before them."""
    field, names = ("author", pub.authors) if pub.authors else ("editor", pub.editors)
    shown: list[Author | None] = [a for a in names if a.others or to_text(format_name(a, options.names)).strip()]
    if options.max_authors is not None and len(shown) > options.max_authors:
        shown = _cut(shown, options.max_authors, people.owner)
    return field, shown


def _people(pub: Publication, people: People, options: RenderOptions, marks: set[str]) -> tuple[Node, ...]:
    field, shown = shown_names(pub, people, options)
    if not shown:
        return ()
    names = pub.authors or pub.editors
    origin = FieldOrigin(pub, field)
    style = options.names
    nodes = _join([_person(a, people, style, origin, marks) for a in shown])
    if field == "editor":
        nodes += (Text(" (eds.)" if len(names) > 1 else " (ed.)"),)
    return nodes


def _cut(authors: list[Author | None], keep: int, owner: Owner) -> list[Author | None]:
    """The first ``keep`` names and "et al.", the owner kept visible after "..." (``None``)
    when names stand between them, right after the first ``keep`` when none do."""
    etal = Author(others=True)
    mine = next((n for n, a in enumerate(authors) if a is not None and owner.matches(a)), None)
    head: list[Author | None] = list(authors[:keep])
    if mine is None or mine < keep:
        return [*head, etal]
    gap: list[Author | None] = [None] if mine > keep else []
    tail: list[Author | None] = [etal] if mine < len(authors) - 1 else []
    return [*head, *gap, authors[mine], *tail]


class Highlight(NamedTuple):
    """How a name is shown: ``style`` is ``me`` (the owner, bold), a ``[[people]]`` style
    (``underline``, ``italic``, ``bold``) or ``""``; ``marks`` are the name's own and the person's."""

    style: str = ""
    css_class: str = ""
    url: str = ""
    marks: str = ""
    legend: tuple[str, ...] = ()
    """The marks one by one, as ``[render.marks]`` names them: each symbol glued to the name
    (``*``, ``†``) and the person's mark whole (``(S)``)."""

    def apply(self, name: Node) -> tuple[Node, ...]:
        """A name's node in bold or its style, a link when there is a page, then its marks."""
        if self.style == "me":
            name = Strong((name,), "me")
        elif self.style:
            name = Styled((name,), self.style, self.css_class)
        if self.url:
            name = Link(self.url, (name,))
        return (name, Text(self.marks)) if self.marks else (name,)


def highlight(author: Author, people: People) -> Highlight:
    """Whether an author is the owner or one of ``[[people]]``, and what that adds to the name."""
    own = tuple(author.mark)
    if people.owner.matches(author):
        return Highlight("me", "publist-me", people.owner_url, author.mark, own)
    for who, person in people.others:
        if who.matches(author):
            return Highlight(person.style, person.css_class or "publist-person", person.url,
                             author.mark + person.mark, own + ((person.mark,) if person.mark else ()))
    return Highlight(marks=author.mark, legend=own)


def _person(author: Author | None, people: People, style: str, origin: FieldOrigin,
            marks: set[str]) -> tuple[Node, ...]:
    """A name, in bold if it is the owner's (in its style if it is one of ``[[people]]``), a
    link to their page, then its marks: ``Z. Yao*``."""
    if author is None:
        return (Text("..."),)
    if author.others:
        return (Text("et al."),)
    shown = highlight(author, people)
    marks.update(shown.legend)
    return shown.apply(Tex(format_name(author, style), origin))


def _join(groups: Sequence[Sequence[Node]]) -> tuple[Node, ...]:
    """Groups of nodes separated by commas."""
    out: list[Node] = []
    for i, group in enumerate(groups):
        if i:
            out.append(Text(", "))
        out.extend(group)
    return tuple(out)
