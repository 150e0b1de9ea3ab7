"""``render --inplace``: the list between markers in a README, a page or a CV; pure.

Markdown and HTML mark a block with ``<!-- publist:start -->`` ... ``<!-- publist:end -->``,
LaTeX with ``% publist:start`` ... ``% publist:end``, Typst with ``// publist:start`` ...
``// publist:end``, each marker on a line of its own. A
start marker may carry render options for its block, with the names of ``[render]``::

    <!-- publist:start selected since=2019 type=journal,conference -->

Everything outside the blocks stays byte for byte, line endings included; markers in a
Markdown code fence are text, not markers.

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
from collections.abc import Callable
from typing import Final, NamedTuple

from publist.errors import PublistError

EXTENSIONS: Final = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".tex": "latex",
                     ".typ": "typst"}
_MARKERS: Final = {
    "comment": re.compile(r"^[ \t]*<!--[ \t]*publist:(start|end)\b(.*?)-->[ \t]*$"),
    "latex": re.compile(r"^[ \t]*%+[ \t]*publist:(start|end)\b(.*?)[ \t]*$"),
    "typst": re.compile(r"^[ \t]*//+[ \t]*publist:(start|end)\b(.*?)[ \t]*$"),
}
_EXAMPLES: Final = {"latex": "% publist:start", "typst": "// publist:start"}
_FENCE: Final = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")


class Block(NamedTuple):
    """One block: the line of its start marker, its options as written, where its text is."""

    line: int
    options: dict[str, str | None]
    """e.g. ``{"selected": None, "since": "2019"}`` for ``selected since=2019``."""
    start: int
    end: int


def format_of(path: str) -> str | None:
    """The format a file's extension implies: ``README.md`` gives ``md``; ``None`` if unknown."""
    from os.path import splitext

    return EXTENSIONS.get(splitext(path)[1].lower())


def blocks(text: str, path: str, fmt: str) -> list[Block]:
    """The blocks of a file; a :class:`PublistError` for a missing, unpaired or nested marker."""
    marker = _MARKERS.get(fmt, _MARKERS["comment"])
    out: list[Block] = []
    open_: tuple[int, dict[str, str | None], int] | None = None
    fence = ""
    offset = 0
    for number, line in enumerate(text.splitlines(keepends=True), 1):
        start, offset = offset, offset + len(line)
        body = line.rstrip("\r\n")
        if fmt == "md" and (m := _FENCE.match(body)) and (not fence or m.group(1).startswith(fence)):
            fence = "" if fence else m.group(1)
            continue
        found = None if fence else marker.match(body)
        if found is None:
            continue
        if found.group(1) == "start":
            if open_ is not None:
                raise PublistError(f"{path}:{number}: publist:start inside the block that starts at "
                                   f"line {open_[0]} (blocks cannot nest; close it with publist:end)")
            open_ = (number, _options(found.group(2), path, number), offset)
        else:
            if open_ is None:
                raise PublistError(f"{path}:{number}: publist:end without publist:start")
            out.append(Block(open_[0], open_[1], open_[2], start))
            open_ = None
    if open_ is not None:
        raise PublistError(f"{path}:{open_[0]}: publist:start without publist:end")
    if not out:
        example = _EXAMPLES.get(fmt, "<!-- publist:start -->")
        raise PublistError(f"{path}: no publist:start marker (put {example} and its publist:end "
                           "where the list goes)")
    return out


def _options(written: str, path: str, line: int) -> dict[str, str | None]:
    """``selected since=2019 keyword="deep learning"`` as ``{name: value or None}``."""
    try:
        words = shlex.split(written.strip())
    except ValueError as err:
        raise PublistError(f"{path}:{line}: publist:start options: {err}") from None
    options: dict[str, str | None] = {}
    for word in words:
        name, eq, value = word.partition("=")
        options[name.strip().replace("-", "_")] = value if eq else None
    return options


def replace(text: str, path: str, fmt: str, render: Callable[[Block], str]) -> str:
    """The file's text with each block's text replaced by ``render(block)``.

    The rendered text takes the line ending of the block's start marker.
    """
    out = []
    done = 0
    for block in blocks(text, path, fmt):
        newline = "\r\n" if text[: block.start].endswith("\r\n") else "\n"
        rendered = render(block)
        if rendered and not rendered.endswith("\n"):
            rendered += "\n"
        out += [text[done : block.start], rendered.replace("\r\n", "\n").replace("\n", newline)]
        done = block.end
    out.append(text[done:])
    return "".join(out)
