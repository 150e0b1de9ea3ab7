"""``render --inplace``: the list between markers in a README, a page or a CV; pure.

Markdown and HTML mark a block with ``<!-- publist:start -->`` ... ``<!-- publist:end -->``,
LaTeX with ``% publist:start`` ... ``% publist:end``, Typst with ``// publist:start`` ...
``// publist:end``, each marker on a line of its own. A
start marker may carry render options for its block, with the names of ``[render]``::

    <!-- publist:start selected since=2019 type=journal,conference -->

Everything outside the blocks stays byte for byte, line endings included. In Markdown a
marker is a marker where a CommonMark renderer sees an HTML block (:mod:`publist.text.commonmark`):
in a fenced or indented code block, at any depth of list items and block quotes, or inside a
paragraph, it is text. A block in a list item or a block quote gets its container's prefix on
every line (``> ``, the item's indentation), so that the list stays inside it.

>>> text = "# Me\\n<!-- publist:start limit=1 -->\\nold\\n<!-- publist:end -->\\nbye\\n"
>>> print(replace(text, "README.md", "md", lambda block: f"new ({block.options})\\n"), end="")
# Me
<!-- publist:start limit=1 -->
new ({'limit': '1'})
<!-- publist:end -->
bye
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Iterator
from typing import Final, NamedTuple

from publist.errors import PublistError
from publist.text import commonmark

EXTENSIONS: Final = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".tex": "latex",
                     ".typ": "typst"}
_MARKERS: Final = {
    "comment": re.compile(r"^[ \t]*<!--[ \t]*publist:(start|end)\b(.*?)-->[ \t]*$"),
    "latex": re.compile(r"^[ \t]*%+[ \t]*publist:(start|end)\b(.*?)[ \t]*$"),
    "typst": re.compile(r"^[ \t]*//+[ \t]*publist:(start|end)\b(.*?)[ \t]*$"),
}
_LINE: Final = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
_EXAMPLES: Final = {"latex": "% publist:start", "typst": "// publist:start"}


class Block(NamedTuple):
    """One block: the line of its start marker, its options as written, where its text is."""

    line: int
    options: dict[str, str | None]
    """e.g. ``{"selected": None, "since": "2019"}`` for ``selected since=2019``."""
    start: int
    end: int
    prefix: str = ""
    """What each line of the block's text starts with: its block quote's ``> ``, its list
    item's indentation (Markdown only)."""


def format_of(path: str) -> str | None:
    """The format a file's extension implies: ``README.md`` gives ``md``; ``None`` if unknown."""
    from os.path import splitext

    return EXTENSIONS.get(splitext(path)[1].lower())


def blocks(text: str, path: str, fmt: str) -> list[Block]:
    """The blocks of a file; a :class:`PublistError` for a missing, unpaired or nested marker."""
    out: list[Block] = []
    open_: tuple[int, dict[str, str | None], int, str, tuple[int, ...]] | None = None
    for number, kind, written, start, end, prefix, where in markers(text, fmt):
        if kind == "inside":
            raise PublistError(f"{path}:{number}: this marker stands inside the HTML comment opened at "
                               f"line {written}, which its '-->' ends (comments do not nest); take it "
                               "out of the comment, or remove the block")
        if kind == "start":
            if open_ is not None:
                raise PublistError(f"{path}:{number}: publist:start inside the block that starts at "
                                   f"line {open_[0]} (blocks cannot nest; close it with publist:end)")
            open_ = (number, _options(written, path, number), end, prefix, where)
        else:
            if open_ is None:
                raise PublistError(f"{path}:{number}: publist:end without publist:start")
            if where != open_[4]:
                raise PublistError(f"{path}:{number}: publist:end is not in the list item or block "
                                   f"quote of its publist:start (line {open_[0]}); put both in the same one")
            out.append(Block(open_[0], open_[1], open_[2], start, open_[3]))
            open_ = None
    if open_ is not None:
        raise PublistError(f"{path}:{open_[0]}: publist:start without publist:end")
    if not out:
        example = _EXAMPLES.get(fmt, "<!-- publist:start -->")
        raise PublistError(f"{path}: no publist:start marker (put {example} and its publist:end "
                           "where the list goes)")
    return out


Marker = tuple[int, str, str, int, int, str, tuple[int, ...]]
"""``(line, "start" or "end", options as written, offset of the line, offset after it,
prefix of the block's lines, containers)``; ``"inside"`` for a marker that stands in an HTML
comment opened on an earlier line, with that line as its options."""
_COMMENT: Final = re.compile(r"<!--|-->")


def _comment_open(body: str, opened: int, number: int) -> int:
    """The line of the HTML comment still open after ``body`` (0 for none): comments do not
    nest, so the first ``-->`` ends one, whatever ``<!--`` stood in it."""
    for token in _COMMENT.findall(body):
        if not opened and token == "<!--":
            opened = number
        elif opened and token == "-->":
            opened = 0
    return opened


def markers(text: str, fmt: str) -> Iterator[Marker]:
    """The marker lines of a file, in order; in Markdown, only those CommonMark reads as HTML."""
    marker = _MARKERS.get(fmt, _MARKERS["comment"])
    lines = [m.group(0) for m in _LINE.finditer(text)]
    bodies = [line.rstrip("\r\n") for line in lines]
    shapes = commonmark.lines(bodies) if fmt == "md" else None
    quoted = (typst_quoted(text) if fmt == "typst" and ("`" in text or "/*" in text)
              else raw_regions(text, fmt) if fmt in ("html", "latex") else ())
    offset = opened = 0
    for number, (line, body) in enumerate(zip(lines, bodies, strict=True), 1):
        start, offset = offset, offset + len(line)
        if quoted and any(a < start < b for a, b in quoted):
            continue  # a marker in a raw block or a block comment is text
        prefix, where = "", tuple[int, ...]()
        if shapes is not None:
            shape = shapes[number - 1]
            if shape.raw:
                continue  # in a <pre> or <script> block: shown or run as it is, so text
            if not shape.html:
                opened = 0  # an HTML block (and the comment it is) ends where the line is not one
                continue
            prefix, where = re.sub(r"[^ >]", " ", shape.prefix), shape.where
            body = body.expandtabs(4)[len(shape.prefix) :]
        found = marker.match(body)
        if found is not None:
            kind, written = ("inside", str(opened)) if opened else (found.group(1), found.group(2))
            yield number, kind, written, start, offset, prefix, where
        if fmt in ("md", "html"):
            opened = _comment_open(body, opened, number)


_RAW: Final = {
    # HTML's elements whose text a page runs or shows as it is
    "html": re.compile(r"<(script|pre|style|textarea)\b[^>]*>.*?(?:</\1\s*>|\Z)", re.IGNORECASE | re.DOTALL),
    # LaTeX's verbatim environments (fancyvrb's, listings', minted's, the comment package's)
    "latex": re.compile(r"\\begin\{(verbatim\*?|Verbatim\*?|BVerbatim|LVerbatim|lstlisting|minted|comment)\}"
                        r".*?(?:\\end\{\1\}|\Z)", re.DOTALL),
}


def raw_regions(text: str, fmt: str) -> list[tuple[int, int]]:
    r"""Where an HTML page holds ``<script>``, ``<pre>``, ``<style>`` or ``<textarea>``, or a LaTeX
    file a verbatim environment (``verbatim``, ``lstlisting``, ``minted``, ``comment`` ...), as
    ``(start, end)`` offsets: a marker there is text, as in a Markdown code fence. An environment
    begun after a ``%``, an element named in an HTML comment, is a comment.

    >>> text = "a\n\\begin{verbatim}\n% publist:start\n\\end{verbatim}\n% publist:end\n"
    >>> [text[a:b] for a, b in raw_regions(text, "latex")]
    ['\\begin{verbatim}\n% publist:start\n\\end{verbatim}']
    """
    pattern = _RAW[fmt]
    found: list[tuple[int, int]] = []
    at = 0
    while (m := pattern.search(text, at)) is not None:
        at = m.end()
        if _commented(text, m.start(), fmt):
            at = m.start() + 1
            continue
        found.append((m.start(), m.end()))
    return found


def _commented(text: str, index: int, fmt: str) -> bool:
    """Whether ``index`` stands in a comment: after a ``%`` (not ``\\%``) on its line of a
    LaTeX file, in an HTML comment (``<!-- use <pre> for code -->``) of a page."""
    if fmt == "html":
        opened = text.rfind("<!--", 0, index)
        return opened >= 0 and text.find("-->", opened + 4, index) < 0
    start = max(text.rfind("\n", 0, index), text.rfind("\r", 0, index)) + 1
    return re.search(r"(?<!\\)%", text[start:index]) is not None


_TYPST_SYNTAX: Final = re.compile(r"\\.|//[^\n]*|/\*|`+", re.DOTALL)
_TYPST_COMMENT: Final = re.compile(r"/\*|\*/")


def typst_quoted(text: str) -> list[tuple[int, int]]:
    r"""Where a Typst file holds raw text (```` ``` ```` blocks, `` `...` ``) or a block comment
    (``/* ... */``, nested), as ``(start, end)`` offsets: a marker there is no marker.

    >>> text = "a\n```\n// publist:start\n```\n// publist:end\n"
    >>> [text[a:b] for a, b in typst_quoted(text)]
    ['```\n// publist:start\n```']
    """
    found: list[tuple[int, int]] = []
    at = 0
    while (m := _TYPST_SYNTAX.search(text, at)) is not None:
        token = m.group(0)
        at = m.end()
        if token == "/*":
            depth = 1
            for c in _TYPST_COMMENT.finditer(text, at):
                depth += 1 if c.group(0) == "/*" else -1
                if depth == 0:
                    at = c.end()
                    break
            else:
                at = len(text)
            found.append((m.start(), at))
        elif token.startswith("`"):
            if len(token) == 2:  # `` is empty raw text
                continue
            close = re.compile(rf"(?<!`){token}(?!`)" if len(token) >= 3 else "`")
            end = close.search(text, at)
            at = end.end() if end else len(text)
            found.append((m.start(), at))
    return found


def _options(written: str, path: str, line: int) -> dict[str, str | None]:
    """``selected since=2019 keyword="deep learning"`` as ``{name: value or None}``."""
    try:
        words = shlex.split(written.strip())
    except ValueError as err:
        raise PublistError(f"{path}:{line}: publist:start options: {err}") from None
    options: dict[str, str | None] = {}
    for word in words:
        name, eq, value = word.partition("=")
        if name.startswith("-"):  # the command line's spelling: say how a marker writes it
            raise PublistError(f"{path}:{line}: '{word}': a marker writes its options without dashes, "
                               f"e.g. '{word.lstrip('-')}'")
        options[name.strip().replace("-", "_")] = value if eq else None
    return options


def replace(text: str, path: str, fmt: str, render: Callable[[Block], str]) -> str:
    """The file's text with each block's text replaced by ``render(block)``.

    The rendered text takes the line ending of the block's start marker (``\\r\\n``, an old
    Mac's ``\\r``, ``\\n``), and on each line the block's prefix (in a block quote, in a list
    item).
    """
    out = []
    done = 0
    for block in blocks(text, path, fmt):
        ending = text[max(0, block.start - 2) : block.start]  # the start marker's: Windows', an old Mac's, \n
        newline = "\r\n" if ending.endswith("\r\n") else "\r" if ending.endswith("\r") else "\n"
        rendered = render(block).replace("\r\n", "\n")
        if rendered and not rendered.endswith("\n"):
            rendered += "\n"
        if block.prefix:
            rendered = "".join((block.prefix if line.strip() else block.prefix.rstrip()) + line + "\n"
                               for line in rendered[:-1].split("\n"))
        out += [text[done : block.start], rendered.replace("\n", newline)]
        done = block.end
    out.append(text[done:])
    return "".join(out)
