"""The data publist works on: publications read from a .bib file, and what went wrong.

Pure data, no I/O and no third-party imports. Text fields hold the LaTeX the user wrote
(``Sch{\\"o}lkopf``); each output backend decides how to show it.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

# Named tuples rather than dataclasses: immutable, hashable, and cheap to create and to
# import, which matters for a command that should answer in a tenth of a second.
_NO_LINES: Mapping[str, int] = MappingProxyType({})


class Span(NamedTuple):
    """Where an entry stands in its file.

    e.g. ``Span("refs.bib", 12, 20, 318)`` for an entry on lines 12 to 20 (1-based, inclusive)
    whose ``@`` is character 318 of the file's text.
    """

    path: str
    line: int
    end_line: int
    start: int = 0
    """Offset of the entry's ``@`` in the text: the entry itself, when two have one key."""


class Diagnostic(NamedTuple):
    """A problem that does not stop the run, e.g. an entry without a title that is skipped.

    ``str(d)`` reads like a compiler message: ``refs.bib:42: entry 'x' has no title; skipped``.
    """

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.message}"


class Notice(Diagnostic):
    """Something the run did that the user should know of, not a problem: ``--strict`` lets it
    pass, e.g. ``refs.bib:12: entry 'pre' (a preprint) is shown as its published version ...``."""

    __slots__ = ()


class Origin(NamedTuple):
    """Where a piece of text came from, e.g. ``Origin("refs.bib", 7, "entry 'x', field 'title'")``."""

    path: str
    line: int | None
    what: str

    def problem(self, message: str) -> Diagnostic:
        """A diagnostic about this text, e.g. ``refs.bib:7: entry 'x', field 'title': ...``."""
        return Diagnostic(self.path, self.line, f"{self.what}: {message}")


class FieldOrigin:
    """Where a field's text came from, worked out only when a problem is reported.

    e.g. ``FieldOrigin(pub, "title").problem("unbalanced braces")`` gives
    ``refs.bib:7: entry 'x', field 'title': unbalanced braces``. Rendering makes one per field
    shown, so it does nothing until it is asked.
    """

    __slots__ = ("field", "pub")

    def __init__(self, pub: Publication, field: str) -> None:
        self.pub = pub
        self.field = field

    def problem(self, message: str) -> Diagnostic:
        """A diagnostic about this field, with its line."""
        pub = self.pub
        line = pub.field_lines.get(self.field, pub.span.line)
        return Diagnostic(pub.span.path, line, f"entry '{pub.key}', field '{self.field}': {message}")


class Author(NamedTuple):
    """One name of an ``author`` or ``editor`` list, split the way BibTeX splits it.

    e.g. ``van Beethoven, Jr, Ludwig`` gives ``first="Ludwig", von="van",
    last="Beethoven", jr="Jr"``. Parts are LaTeX as written; ``mark`` is an
    equal-contribution symbol (``*``, ``†``, ``‡``) glued to the name or set by
    ``author+an``. ``others`` stands for BibTeX's ``and others`` (shown as et al.).
    """

    first: str = ""
    von: str = ""
    last: str = ""
    jr: str = ""
    mark: str = ""
    others: bool = False


class Link(NamedTuple):
    """A link shown under an entry, e.g. ``Link("arxiv", "https://arxiv.org/abs/1912.07145")``.

    ``kind`` names where it came from (``arxiv``, ``doi``, ``code``, ``pdf``, ``url`` ...)
    and picks its label and place in the list.
    """

    kind: str
    url: str


class Publication(NamedTuple):
    """One entry of the bibliography, as publist understands it.

    ``fields`` keeps every field (lower-case names, ``@string`` macros expanded) so that
    nothing the user wrote is lost, including fields publist does not know.
    """

    key: str
    """BibTeX key, e.g. ``yao2019pyhessian`` in ``@misc{yao2019pyhessian, ...}``."""
    type: str
    """Entry type in lower case, e.g. ``article``."""
    span: Span
    """Path and 1-based first/last line of the entry in its .bib file."""
    fields: Mapping[str, str]
    """Every field, e.g. ``{"title": "{PyHessian}: ...", "year": "2019"}``."""
    title: str
    """The title as LaTeX, e.g. ``{PyHessian}: Neural Networks ...``."""
    authors: tuple[Author, ...] = ()
    editors: tuple[Author, ...] = ()
    year: int | None = None
    month: int | None = None
    links: tuple[Link, ...] = ()
    selected: bool = False
    """``selected``/``featured`` flag, e.g. al-folio's ``selected = {true}``."""
    field_lines: Mapping[str, int] = _NO_LINES
    """1-based line of each field, for messages about one field."""
    diagnostics: tuple[Diagnostic, ...] = ()
    """Problems found in this entry that did not stop it from being rendered."""
