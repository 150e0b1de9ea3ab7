"""Rendering a list of publications to Markdown, HTML or LaTeX.

>>> from publist.config import Config
>>> from publist.model import Publication, Span
>>> pub = Publication("k", "misc", Span("refs.bib", 1, 1), {"title": "A {GAN}"}, "A {GAN}")
>>> render([pub], Config(), "md")[0]
'- **A GAN**\\n'
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import import_module
from typing import Final

from publist.config import Config
from publist.model import Diagnostic, Publication

FORMATS: Final = {"md": "markdown", "markdown": "markdown", "html": "html", "latex": "latex",
                  "tex": "latex"}


def render(
    pubs: Iterable[Publication], config: Config, fmt: str, standalone: bool = False
) -> tuple[str, list[Diagnostic]]:
    """The list in format ``fmt`` (``md``, ``html`` or ``latex``) and what could not be shown."""
    from publist.names import Owner
    from publist.render import view

    backend = import_module(f"publist.render.{FORMATS[fmt]}")
    items = view.build(pubs, Owner.of(config.owner), config.render)
    text: str
    problems: list[Diagnostic]
    text, problems = backend.document(items, standalone)
    return text, problems
