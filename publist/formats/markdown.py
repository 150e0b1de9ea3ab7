r"""Markdown: what the CV shows, with every special character of a field escaped.

Escaping is chosen to be safe in CommonMark, GitHub, Python-Markdown and kramdown alike:
backslash escapes for the characters they all honour, character references for ``<``,
``>`` and for an ``&`` that would start a reference, and the block markers (``#``, ``-``,
``1.``, ...) escaped only where they would start a line.

>>> escape("A <b>*bold*</b> & [link](x) 50% of $5 &amp;")
'A &lt;b&gt;\\*bold\\*&lt;/b&gt; & \\[link\\](x) 50% of \\$5 &amp;amp;'
>>> escape_line_start("1. Not a list"), escape_line_start("- nor this")
('1\\. Not a list', '\\- nor this')
"""

from __future__ import annotations

import re
from typing import Final

from publist.formats import UnicodeBackend, dropped_by
from publist.formats.view import Listing
from publist.model import Diagnostic
from publist.text.richtext import Tex

_BACKSLASHED: Final = re.compile(r"[\\`*_\[\]{}|~$^]")
_CHAR_REF: Final = re.compile(r"&(?=#\d+;|#[xX][0-9A-Fa-f]+;|[A-Za-z][A-Za-z0-9]*;)")
_LINE_START: Final = re.compile(r"^(?:[#+=:\-]|\d+(?=[.)]))")
_HARD_BREAK: Final = "  \n  "


def escape(text: str) -> str:
    """Text as Markdown that every engine shows as that text."""
    text = _CHAR_REF.sub("&amp;", text)
    text = _BACKSLASHED.sub(lambda m: "\\" + m.group(0), text)
    return text.replace("<", "&lt;").replace(">", "&gt;")


def escape_line_start(text: str) -> str:
    """Escape what would make a line a heading, a list item or a setext underline."""
    m = _LINE_START.match(text)
    if not m:
        return text
    if m.group(0)[0].isdigit():
        return text[: m.end()] + "\\" + text[m.end() :]
    return "\\" + text


# Inside math: a backslash before ASCII punctuation (which CommonMark would read as an
# escape, turning \{ into {), and the characters that would start emphasis, code, a link,
# HTML, an entity, strikethrough or a table cell.
_MATH_ESCAPES: Final = re.compile(r"\\(?=[!-/:-@\[-`{-~])|[*_`\[\]<>&~|!]")


def _math(tex: str) -> str:
    r"""Math as CommonMark must see it so that MathJax/KaTeX get exactly the TeX.

    >>> _math(r"$\{0,1\}^n$"), _math(r"$\|x\|_2$"), _math("$A^*$")
    ('$\\\\{0,1\\\\}^n$', '$\\\\\\|x\\\\\\|\\_2$', '$A^\\*$')
    """
    return _MATH_ESCAPES.sub(lambda m: "\\" + m.group(0), tex)


_BACKTICKS: Final = re.compile("`+")


def code_span(text: str) -> str:
    r"""A CommonMark code span that shows ``text`` as it is: fenced by more backticks than it
    holds in a row, padded where it starts or ends with one.

    >>> code_span("~user/a_b"), code_span("a`b"), code_span("`x")
    ('`~user/a_b`', '``a`b``', '`` `x ``')
    """
    fence = "`" * (max((len(m) for m in _BACKTICKS.findall(text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


class _Markdown(UnicodeBackend):
    """Markdown for each kind of node (see :class:`publist.text.richtext.Backend`)."""

    text = staticmethod(escape)
    math = staticmethod(_math)

    code = staticmethod(code_span)

    def strong(self, inner: str, role: str) -> str:
        return _wrap("**", inner)

    def emph(self, inner: str) -> str:
        return _wrap("*", inner)

    def styled(self, inner: str, style: str, role: str) -> str:
        if style == "underline":
            return f"<ins>{inner}</ins>"  # Markdown has no underline; GitHub keeps <ins>
        return _wrap("**" if style == "bold" else "*", inner)

    def link(self, url: str, inner: str) -> str:
        return f"[{inner}]({url})"


inline: Final = _Markdown().inline
"""Nodes as inline Markdown."""


def _wrap(marker: str, text: str) -> str:
    """Emphasis that holds: spaces move outside the markers, which cannot touch them."""
    stripped = text.strip()
    if not stripped:
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f"{lead}{marker}{stripped}{marker}{trail}"


def _heading(text: str) -> str:
    """A heading's text: every ``#`` escaped, as a ``#`` after a space at its end would be
    read as the heading's closing sequence (``## Papers in C #`` shows ``Papers in C``)."""
    return escape(text).replace("#", "\\#")


def document(
    listing: Listing, standalone: bool = False, preambles: tuple[Tex, ...] = ()
) -> tuple[str, list[Diagnostic]]:
    """A Markdown list, one item per entry, its lines joined by hard line breaks; a ``##``
    heading before each group, ``[18]`` before each numbered entry, the legend after."""
    backend = _Markdown(dropped_by(preambles))
    write = backend.inline
    blocks = []
    for group in listing.groups:
        entries = []
        for item in group.items:
            lines = [escape_line_start(write(line.nodes).strip()) for line in item.lines]
            number = f"\\[{item.number}\\] " if item.number is not None else ""
            entries.append("- " + number + _HARD_BREAK.join(lines))
        heading = f"## {_heading(group.heading)}\n\n" if group.heading else ""
        blocks.append(heading + "\n".join(entries) + "\n")
    if listing.legend:
        blocks.append("  \n".join(escape_line_start(f"{escape(m)} {escape(meaning)}")
                                   for m, meaning in listing.legend) + "\n")
    if listing.summary_text:
        blocks.append(escape_line_start(escape(listing.summary_text)) + "\n")
    text = "\n".join(b for b in blocks if b.strip())
    if standalone:
        text = "# Publications\n\n" + text
    return text, list(dict.fromkeys(backend.problems))
