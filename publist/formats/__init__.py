"""Output formats: one module per format, each with ``document(items, standalone, preambles)``.

Each backend owns its escaping; :mod:`publist.formats.view` decides what is shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Final

from publist.formats.richtext import Node, Tex, render

MODULES: Final = {"md": "markdown", "html": "html", "latex": "latex", "typst": "typst",
                   "json": "csljson"}
"""The module of each ``--format``."""


class UnicodeBackend:
    """A format that shows a field's LaTeX as Unicode text (Markdown, HTML).

    Subclasses say how text, math, bold, emphasis and links are written; a field's LaTeX
    is converted once per distinct value (names and venues repeat across a list).
    """

    def __init__(self, dropped: frozenset[str] = frozenset()) -> None:
        self._field = lru_cache(maxsize=65536)(self._convert)
        self.dropped = dropped
        """Macros the bib's ``@preamble`` defines to show nothing, e.g. ``{"sortkey"}``."""

    def inline(self, nodes: Iterable[Node]) -> str:
        """Nodes in this format."""
        return render(nodes, self)  # type: ignore[arg-type]

    def tex(self, node: Tex) -> str:
        """A field's LaTeX, through :func:`publist.latex.to_nodes`."""
        return self._field(node.tex)

    def _convert(self, tex: str) -> str:
        from publist import latex

        if self.dropped:
            tex = latex.drop_macros(tex, self.dropped)
        return self.inline(latex.to_nodes(tex))


def dropped_by(preambles: Iterable[Tex]) -> frozenset[str]:
    """Macros that the ``@preamble`` texts define to swallow their argument."""
    from publist.texcommands import discarding

    return frozenset().union(*(discarding(p.tex) for p in preambles))
