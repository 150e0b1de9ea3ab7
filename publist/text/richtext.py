"""A tiny rich-text tree: what a rendered entry is made of, before any output format.

The view (``publist.formats.view``) says *what* to show with these nodes; each backend
(``publist.formats.markdown``, ``.html``, ``.latex``) says *how*, and owns its escaping.
Two kinds of leaves keep provenance apart: :class:`Text` is plain text that publist made
or took from elsewhere (escaped in every format), :class:`Tex` is LaTeX the user wrote in
refs.bib (kept as LaTeX in LaTeX, turned into Unicode in Markdown and HTML).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple, Protocol

from publist.model import FieldOrigin, Origin


# Nodes are named tuples (cheap to create and to import); unlike plain tuples, two nodes are
# equal only when they are of the same kind: Text("x") is not Tex("x").
def _eq(self: tuple[Any, ...], other: object) -> bool:
    return type(self) is type(other) and tuple.__eq__(self, other)


def _ne(self: tuple[Any, ...], other: object) -> bool:
    return not _eq(self, other)


def _hash(self: tuple[Any, ...]) -> int:
    return hash((type(self).__name__, tuple(self)))


class Text(NamedTuple):
    """Plain text, e.g. ``Text("Proc. ")``."""

    text: str


class Tex(NamedTuple):
    """LaTeX from a bib field, e.g. ``Tex(r'Sch{\\"o}lkopf')``.

    ``origin`` says where it came from, for messages about LaTeX that cannot be passed on.
    """

    tex: str
    origin: Origin | FieldOrigin | None = None


class Math(NamedTuple):
    """Math as written, delimiters included, e.g. ``Math("$x^2$")``."""

    tex: str


class Code(NamedTuple):
    """Text shown exactly as written, in a code span where the format has one, e.g. from
    ``\\path|~user/x|`` or ``\\verb|a_b|`` (``Code("~user/x")``)."""

    text: str


class Strong(NamedTuple):
    """Bold text; ``role`` lets HTML add a class, e.g. ``Strong((Text("Z. Yao"),), "me")``."""

    children: tuple[Node, ...]
    role: str = ""


class Styled(NamedTuple):
    """A highlighted person's name: ``style`` is ``underline``, ``italic`` or ``bold``, ``role``
    an HTML class (``student``), e.g. ``Styled((Tex("A. Student"),), "underline", "student")``."""

    children: tuple[Node, ...]
    style: str
    role: str = ""


class Emph(NamedTuple):
    """Emphasis (italics), e.g. from ``\\emph{...}``."""

    children: tuple[Node, ...]


class Link(NamedTuple):
    """A link to a URL already checked by :func:`publist.text.urls.clean`."""

    url: str
    children: tuple[Node, ...]


Node = Text | Tex | Math | Code | Strong | Styled | Emph | Link

for _kind in (Text, Tex, Math, Code, Strong, Styled, Emph, Link):
    _kind.__eq__ = _eq  # type: ignore[method-assign]
    _kind.__ne__ = _ne  # type: ignore[assignment,method-assign]
    _kind.__hash__ = _hash  # type: ignore[method-assign]



class Backend(Protocol):
    """How one output format writes each kind of node; :func:`render` walks the tree."""

    def text(self, text: str) -> str:
        """Plain text, escaped for the format."""

    def tex(self, node: Tex) -> str:
        """A bib field's LaTeX."""

    def math(self, tex: str) -> str:
        """Math as written."""

    def code(self, text: str) -> str:
        """Text exactly as written, as code where the format has it."""

    def strong(self, inner: str, role: str) -> str:
        """Bold text around already written ``inner``."""

    def emph(self, inner: str) -> str:
        """Emphasis around already written ``inner``."""

    def styled(self, inner: str, style: str, role: str) -> str:
        """A highlighted name (underline, italic or bold) around already written ``inner``."""

    def link(self, url: str, inner: str) -> str:
        """A link to a checked URL around already written ``inner``."""


def render(nodes: Iterable[Node], backend: Backend) -> str:
    """Nodes written by ``backend``, children first."""
    out: list[str] = []
    for node in nodes:
        if isinstance(node, Text):
            out.append(backend.text(node.text))
        elif isinstance(node, Tex):
            out.append(backend.tex(node))
        elif isinstance(node, Math):
            out.append(backend.math(node.tex))
        elif isinstance(node, Code):
            out.append(backend.code(node.text))
        elif isinstance(node, Strong):
            out.append(backend.strong(render(node.children, backend), node.role))
        elif isinstance(node, Styled):
            out.append(backend.styled(render(node.children, backend), node.style, node.role))
        elif isinstance(node, Emph):
            out.append(backend.emph(render(node.children, backend)))
        elif isinstance(node, Link):
            out.append(backend.link(node.url, render(node.children, backend)))
    return "".join(out)
