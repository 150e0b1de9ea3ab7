"""A tiny rich-text tree: what a rendered entry is made of, before any output format.

The view (``publist.view``) says *what* to show with these nodes; each backend
(``publist.backends.markdown``, ``.html``, ``.latex``) says *how*, and owns its escaping.
Two kinds of leaves keep provenance apart: :class:`Text` is plain text that publist made
or took from elsewhere (escaped in every format), :class:`Tex` is LaTeX the user wrote in
refs.bib (kept as LaTeX in LaTeX, turned into Unicode in Markdown and HTML).
"""

from __future__ import annotations

from dataclasses import dataclass

from publist.model import Origin


@dataclass(frozen=True, slots=True)
class Text:
    """Plain text, e.g. ``Text("Proc. ")``."""

    text: str


@dataclass(frozen=True, slots=True)
class Tex:
    """LaTeX from a bib field, e.g. ``Tex(r'Sch{\\"o}lkopf')``.

    ``origin`` says where it came from, for messages about LaTeX that cannot be passed on.
    """

    tex: str
    origin: Origin | None = None


@dataclass(frozen=True, slots=True)
class Math:
    """Math as written, delimiters included, e.g. ``Math("$x^2$")``."""

    tex: str


@dataclass(frozen=True, slots=True)
class Strong:
    """Bold text; ``role`` lets HTML add a class, e.g. ``Strong((Text("Z. Yao"),), "me")``."""

    children: tuple[Node, ...]
    role: str = ""


@dataclass(frozen=True, slots=True)
class Emph:
    """Emphasis (italics), e.g. from ``\\emph{...}``."""

    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Link:
    """A link to a URL already checked by :func:`publist.urls.clean`."""

    url: str
    children: tuple[Node, ...]


Node = Text | Tex | Math | Strong | Emph | Link
