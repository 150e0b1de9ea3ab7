"""A Markdown file's block structure, as CommonMark reads it, as far as ``--inplace`` needs
it: in which block quotes and list items each line stands, and which lines are HTML blocks
(where a ``<!-- publist:start -->`` is a marker) rather than code or paragraph text; pure.

CommonMark reads a document line by line: each line first continues the open containers
(``>`` for a block quote, a list item's indentation), may open new ones, and what is left is
a leaf: a fenced or indented code block, an HTML block, a paragraph (lazily continued across
a container's end), a heading. So a fence indented four spaces under ``1. item`` is code,
and so is a comment line indented four spaces after a blank line; after a paragraph line it
is paragraph text. The rules are the spec's (https://spec.commonmark.org, "A parsing
strategy"), checked against markdown-it-py in the tests.

>>> text = "1. Papers:\\n\\n    ```\\n    <!-- code -->\\n    ```\\n   <!-- html -->\\n> <!-- quoted -->"
>>> for line in lines(text.splitlines()):
...     print(line)
Line(html=False, prefix='1. ', where=(0,), raw=False)
Line(html=False, prefix='', where=(0,), raw=False)
Line(html=False, prefix='   ', where=(0,), raw=False)
Line(html=False, prefix='    ', where=(0,), raw=False)
Line(html=False, prefix='   ', where=(0,), raw=False)
Line(html=True, prefix='   ', where=(0,), raw=False)
Line(html=True, prefix='> ', where=(6,), raw=False)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final, NamedTuple


class Line(NamedTuple):
    """What a line of the document is, e.g. ``Line(True, "> ", (3,))`` for an HTML line in
    the block quote that opened on line 3."""

    html: bool
    """The line is part of an HTML block (a comment line on its own, a ``<div>`` ...)."""
    prefix: str
    """The part of the line its containers take (tabs as spaces): ``"> "``, ``"   "``, ``"1. "``."""
    where: tuple[int, ...]
    """The containers the line stands in, each by the 0-based line it opened on."""
    raw: bool = False
    """The line is in a ``<script>``, ``<pre>``, ``<style>`` or ``<textarea>`` block (CommonMark's
    first kind of HTML block), whose text a page runs or shows as it is."""


_BLOCK_NAMES: Final = (
    "address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|"
    "dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|"
    "header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|"
    "param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul"
)
_ATTRIBUTE: Final = (r"(?:\s+[a-zA-Z_:][a-zA-Z0-9:._-]*(?:\s*=\s*(?:[^\"'=<>`\x00-\x20]+|'[^']*'"
                     r"|\"[^\"]*\"))?)")
_HTML_OPEN: Final = (
    re.compile(r"<(?:script|pre|style|textarea)(?:\s|>|$)", re.IGNORECASE),
    re.compile(r"<!--"),
    re.compile(r"<\?"),
    re.compile(r"<![A-Za-z]"),
    re.compile(r"<!\[CDATA\["),
    re.compile(rf"</?(?:{_BLOCK_NAMES})(?:\s|/?>|$)", re.IGNORECASE),
    re.compile(rf"(?:<[A-Za-z][A-Za-z0-9-]*{_ATTRIBUTE}*\s*/?>|</[A-Za-z][A-Za-z0-9-]*\s*>)\s*$"),
)
"""How each of CommonMark's seven kinds of HTML block starts (kind = index + 1)."""
_HTML_CLOSE: Final = (
    re.compile(r"</(?:script|pre|style|textarea)>", re.IGNORECASE),
    re.compile(r"-->"),
    re.compile(r"\?>"),
    re.compile(r">"),
    re.compile(r"\]\]>"),
)
"""How kinds 1 to 5 end (6 and 7 end at a blank line)."""
_FENCE: Final = re.compile(r"`{3,}(?!.*`)|~{3,}")
_CLOSING_FENCE: Final = re.compile(r"(?:`{3,}|~{3,})(?=[ \t]*$)")
_ATX: Final = re.compile(r"#{1,6}(?:[ \t]+|$)")
_SETEXT: Final = re.compile(r"(?:=+|-+)[ \t]*$")
_BREAK: Final = re.compile(r"(?:\*[ \t]*){3,}$|(?:_[ \t]*){3,}$|(?:-[ \t]*){3,}$")
_LIST_MARKER: Final = re.compile(r"[*+-]|(\d{1,9})[.)]")
_CONTAINERS: Final = ("document", "quote", "item")


class _Block:
    """An open block: a container (``document``, ``quote``, ``item``) or a leaf (``paragraph``,
    ``fence``, ``code``, ``html``)."""

    __slots__ = ("empty", "fence", "fence_indent", "html_kind", "kind", "line", "width")

    def __init__(self, kind: str, line: int, width: int = 0) -> None:
        self.kind = kind
        self.line = line
        self.width = width
        """A list item's indentation: where its content starts, relative to its container's."""
        self.fence = ""
        self.fence_indent = 0
        self.html_kind = 0
        self.empty = True
        """Nothing in it yet (a list item that began with a blank line ends at a second one)."""


class _Parser:
    """The spec's line-by-line algorithm, keeping only what tells containers, code and HTML apart."""

    def __init__(self) -> None:
        self.stack = [_Block("document", -1)]
        self.line = ""
        self.offset = 0
        self.next = 0
        self.indent = 0
        self.blank = False
        self.number = 0

    @property
    def tip(self) -> _Block:
        return self.stack[-1]

    def _scan(self) -> None:
        """Where the next non-space character is, and what that says about the line."""
        n = self.offset
        while n < len(self.line) and self.line[n] == " ":
            n += 1
        self.next, self.indent, self.blank = n, n - self.offset, n >= len(self.line)

    def _add(self, kind: str, width: int = 0) -> _Block:
        while self.tip.kind not in _CONTAINERS:
            self.stack.pop()  # a leaf ends where a new block starts
        self.tip.empty = False
        block = _Block(kind, self.number, width)
        self.stack.append(block)
        return block

    def feed(self, number: int, text: str) -> Line:
        self.number, self.line, self.offset = number, text.expandtabs(4), 0
        depth = 1
        while depth < len(self.stack):  # 1. the open blocks the line continues
            self._scan()
            result = self._continue(self.stack[depth])
            if result == "closed":  # a closing fence: the line is the code block's
                line = self._result(depth, html=False)
                del self.stack[depth:]
                return line
            if result == "no":
                break
            depth += 1
        matched = container = self.stack[depth - 1]
        old_tip = self.tip
        lazy = matched is not old_tip and old_tip.kind == "paragraph"
        opened = "leaf" if matched.kind in ("fence", "code", "html") else ""
        while not opened:  # 2. the blocks it opens
            self._scan()
            started = self._start(container, depth, lazy)
            if started is None:
                self.offset = self.next
                break
            depth, container, lazy = len(self.stack), self.tip, False
            opened = "" if started in ("quote", "item") else started
        if lazy and not self.blank and container is matched:
            return self._result(len(self.stack), html=False)  # 3. a lazy continuation line
        del self.stack[self.stack.index(container) + 1 :]  # the blocks it did not continue
        tip = self.tip
        if opened == "heading":
            return self._result(len(self.stack), html=False)
        if tip.kind == "html":
            line = self._result(len(self.stack), html=True)._replace(raw=tip.html_kind == 1)
            close = _HTML_CLOSE[tip.html_kind - 1] if tip.html_kind <= 5 else None
            if close is not None and close.search(self.line, self.offset):
                self.stack.pop()
            return line
        if tip.kind in _CONTAINERS and not self.blank:
            self._add("paragraph")
        return self._result(len(self.stack), html=False)

    def _result(self, depth: int, html: bool) -> Line:
        where = tuple(b.line for b in self.stack[1:depth] if b.kind in ("quote", "item"))
        return Line(html, self.line[: self.offset] if self.offset <= len(self.line) else self.line, where)

    def _continue(self, block: _Block) -> str:
        """Whether the line continues an open block: ``yes``, ``no`` or ``closed``."""
        if block.kind == "quote":
            if self.indent < 4 and self.line[self.next : self.next + 1] == ">":
                self.offset = self.next + 1
                if self.line[self.offset : self.offset + 1] == " ":
                    self.offset += 1
                return "yes"
            return "no"
        if block.kind == "item":
            if self.blank:
                if block.empty:
                    return "no"
                self.offset = self.next
            elif self.indent >= block.width:
                self.offset += block.width
            else:
                return "no"
            return "yes"
        if block.kind == "fence":
            found = _CLOSING_FENCE.match(self.line, self.next) if self.indent < 4 else None
            if found and found.group(0)[0] == block.fence[0] and len(found.group(0)) >= len(block.fence):
                return "closed"
            self.offset += min(block.fence_indent, self.indent)
            return "yes"
        if block.kind == "code":
            if self.indent >= 4:
                self.offset += 4
            elif self.blank:
                self.offset = self.next
            else:
                return "no"
            return "yes"
        if block.kind == "html":
            return "no" if self.blank and block.html_kind >= 6 else "yes"
        return "no" if self.blank else "yes"  # a paragraph

    def _start(self, container: _Block, depth: int, lazy: bool) -> str | None:
        """Open the block the rest of the line starts, if any: what it opened, or ``None``."""
        line, at = self.line, self.next
        indented = self.indent >= 4
        paragraph = container.kind == "paragraph"

        def close_unmatched() -> None:
            del self.stack[max(depth, self.stack.index(container) + 1) :]

        if not indented:
            if line[at : at + 1] == ">":
                close_unmatched()
                self.offset = at + 1 + (line[at + 1 : at + 2] == " ")
                self._add("quote")
                return "quote"
            if _ATX.match(line, at):
                close_unmatched()
                self._end_leaf()
                return "heading"
            if fence := _FENCE.match(line, at):
                close_unmatched()
                block = self._add("fence")
                block.fence, block.fence_indent = fence.group(0), self.indent
                return "fence"
            if line[at : at + 1] == "<":
                for kind, opening in enumerate(_HTML_OPEN, 1):
                    if opening.match(line, at) and (kind < 7 or not paragraph and not lazy):
                        close_unmatched()
                        self._add("html").html_kind = kind
                        return "html"
            if paragraph and _SETEXT.match(line, at) or _BREAK.match(line, at):
                close_unmatched()
                self._end_leaf()
                return "heading"  # a setext heading's underline, or a thematic break
            width = self._list_marker(paragraph)
            if width is not None:
                close_unmatched()
                self._add("item", width)
                return "item"
        elif self.tip.kind != "paragraph" and not self.blank:
            self.offset += 4
            close_unmatched()
            self._add("code")
            return "code"
        return None

    def _end_leaf(self) -> None:
        """A heading or a thematic break: it ends the open leaf, and nothing stays open in it."""
        while self.tip.kind not in _CONTAINERS:
            self.stack.pop()
        self.tip.empty = False

    def _list_marker(self, paragraph: bool) -> int | None:
        """A list item's width (marker, spaces, from the container's content), moving past its
        marker and spaces; ``None`` when the line starts no list item here."""
        line, at = self.line, self.next
        found = _LIST_MARKER.match(line, at)
        if found is None or found.group(1) is not None and paragraph and int(found.group(1)) != 1:
            return None
        end = found.end()
        if end < len(line) and line[end] != " ":
            return None
        rest_blank = not line[end:].strip()
        if paragraph and rest_blank:
            return None  # an empty list item cannot interrupt a paragraph
        spaces = len(line) - end - len(line[end:].lstrip(" "))
        marker = end - at
        if spaces >= 5 or spaces < 1 or rest_blank:
            padding = marker + 1
            self.offset = min(end + 1, len(line)) if spaces >= 1 else end
        else:
            padding = marker + spaces
            self.offset = end + spaces
        return self.indent + padding


def lines(text_lines: Sequence[str]) -> list[Line]:
    """What each line of a Markdown document is (lines without their line endings)."""
    parser = _Parser()
    return [parser.feed(number, text) for number, text in enumerate(text_lines)]
