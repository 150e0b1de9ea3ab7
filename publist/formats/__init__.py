"""Output formats: one module per format, each with ``document(items, standalone, preambles)``.

Each backend owns its escaping; :mod:`publist.formats.view` decides what is shown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Final

from publist.model import Diagnostic
from publist.text.richtext import Node, Tex, render

MODULES: Final = {"md": "markdown", "html": "html", "latex": "latex", "typst": "typst",
                   "json": "csljson"}
"""The module of each ``--format``."""


_PRIVATE_USE: Final = re.compile("[\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd]")
"""Unicode's private-use areas: characters that mean nothing outside the font they came from."""


class UnicodeBackend:
    """A format that shows a field's LaTeX as Unicode text (Markdown, HTML).

    Subclasses say how text, math, bold, emphasis and links are written; a field's LaTeX
    is converted once per distinct value (names and venues repeat across a list).
    """

    def __init__(self, dropped: frozenset[str] = frozenset()) -> None:
        self._field = lru_cache(maxsize=65536)(self._convert)
        self.dropped = dropped
        """Macros the bib's ``@preamble`` defines to show nothing, e.g. ``{"sortkey"}``."""
        self.problems: list[Diagnostic] = []
        """Fields with commands that nothing decodes, shown as written."""

    def inline(self, nodes: Iterable[Node]) -> str:
        """Nodes in this format."""
        return render(nodes, self)  # type: ignore[arg-type]

    def code(self, text: str) -> str:
        """Verbatim text (``\\path|...|``); a format with code spans says how it shows them."""
        return self.text(text)  # type: ignore[attr-defined,no-any-return]

    def report_private_use(self, node: Tex) -> None:
        """Report a private-use character in a field, which shows as a box or as nothing."""
        if node.origin is not None and (private := _PRIVATE_USE.search(node.tex)):
            self.problems.append(node.origin.problem(
                f"holds U+{ord(private.group(0)):04X}, a private-use character that no font shows as "
                "a letter (a PDF's ligature or a symbol font's glyph, copied as text); shown as it "
                "is: replace it with the letters it stands for"))

    def tex(self, node: Tex) -> str:
        """A field's LaTeX, through :func:`publist.text.latex.to_nodes`; a command that nothing
        decodes is shown as written and reported."""
        self.report(node)
        return self._field(node.tex)

    def report(self, node: Tex) -> None:
        """What every format that shows a field as Unicode says of it: a private-use character,
        a command that nothing decodes (shown as written)."""
        self.report_private_use(node)
        if node.origin is not None and "\\" in node.tex:
            from publist.text import latex

            for name in latex.undecoded(node.tex):
                if name not in self.dropped:
                    self.problems.append(node.origin.problem(
                        f"\\{name} is not a command publist or pylatexenc can show as text; "
                        "shown as written (define it in the bib's @preamble to hide it)"))

    def _convert(self, tex: str) -> str:
        from publist.text import latex

        if self.dropped:
            tex = latex.drop_macros(tex, self.dropped)
        return self.inline(latex.to_nodes(tex))


def dropped_by(preambles: Iterable[Tex]) -> frozenset[str]:
    """Macros that the ``@preamble`` texts define to swallow their argument."""
    from publist.text.texcommands import discarding

    return frozenset().union(*(discarding(p.tex) for p in preambles))
