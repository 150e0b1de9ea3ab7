r"""LaTeX: an ``itemize`` list for a CV, with ``\href`` links for hyperref.

LaTeX the user wrote in a field stays LaTeX (checked by :func:`publist.text.latex.sanitize`;
what cannot compile is reported and written as escaped text); text from anywhere else is
escaped. Lines end in ``\newline``, which, unlike ``\\``, cannot swallow a following ``[``.

>>> from publist.text.richtext import Link, Strong, Text
>>> inline([Strong((Text("50% & more"),), "me"), Link("https://x.org/#a", (Text("arXiv"),))], [])
'\\textbf{50\\% \\& more}\\href{https://x.org/\\#a}{arXiv}'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from publist.formats.view import Group, Listing
from publist.model import Diagnostic
from publist.text import latex, texcommands
from publist.text.richtext import Node, Tex, render

# urls.clean has percent-encoded \ { } ^ already; hyperref needs these three escaped.
_URL_ESCAPES: Final = re.compile(r"[%#&]")
_PREAMBLE: Final = r"""\documentclass[11pt]{article}
\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage{lmodern}
\usepackage{textcomp}
\usepackage{amsmath,amssymb}
\usepackage[hidelinks]{hyperref}
"""


def href_url(url: str) -> str:
    r"""A URL as ``\href``'s first argument: ``%``, ``#`` and ``&`` escaped."""
    return _URL_ESCAPES.sub(lambda m: "\\" + m.group(0), url)


class _Writer:
    """LaTeX for each kind of node (see :class:`publist.text.richtext.Backend`), collecting the
    problems with fields and the fallback commands they use."""

    def __init__(self, known: frozenset[str]) -> None:
        self.known = known
        self.problems: list[Diagnostic] = []
        self.used: set[str] = set()

    def inline(self, nodes: Iterable[Node]) -> str:
        return render(nodes, self)

    def text(self, text: str) -> str:
        written = latex.for_pdflatex(latex.escape(text))[0]
        if "\\checkmark" in written:
            self.used.add("checkmark")
        return written

    def tex(self, node: Tex) -> str:
        safe, issues = latex.sanitize(node.tex, self.known)
        if node.origin is not None:
            fallback = "; written as plain text" if safe is None else ""
            self.problems.extend(node.origin.problem(issue + fallback) for issue in issues)
        if safe is None:
            safe = latex.escape(latex.to_text(node.tex))
        written, missing = latex.for_pdflatex(safe)
        self.used.update(_COMMANDS.findall(written))
        if missing and node.origin is not None:
            self.problems.append(node.origin.problem(untypeset(missing)))
        return written

    def math(self, tex: str) -> str:
        return tex

    def code(self, text: str) -> str:
        return r"\texttt{" + self.text(text) + "}"

    def strong(self, inner: str, role: str) -> str:
        return r"\textbf{" + inner + "}"

    def emph(self, inner: str) -> str:
        return r"\emph{" + inner + "}"

    def styled(self, inner: str, style: str, role: str) -> str:
        command = {"underline": "underline", "italic": "emph", "bold": "textbf"}[style]
        return f"\\{command}{{{inner}}}"

    def link(self, url: str, inner: str) -> str:
        return r"\href{" + href_url(url) + "}{" + inner + "}"


_COMMANDS: Final = re.compile(r"\\([A-Za-z]+)")


def untypeset(missing: str) -> str:
    """What is said of the characters of a field that pdflatex cannot typeset (a private-use
    character, Cyrillic, an accent it has no glyph for), which are written as ``?``."""
    return f"'{missing}' cannot be typeset by pdflatex with its default fonts; written as '?'"


def inline(nodes: Iterable[Node], problems: list[Diagnostic]) -> str:
    """Nodes as LaTeX; what cannot be passed on is added to ``problems``."""
    writer = _Writer(frozenset())
    text = writer.inline(nodes)
    problems.extend(writer.problems)
    return text


def _group(writer: _Writer, group: Group) -> str:
    r"""A ``\subsection*`` heading (when grouped) and an ``itemize`` list, ``\item[{[18]}]``
    when numbered; nothing for no items (an empty ``itemize`` does not compile)."""
    if not group.items:
        return ""
    parts = [f"\\subsection*{{{writer.text(group.heading)}}}\n"] if group.heading else []
    parts.append("\\begin{itemize}\n")
    for item in group.items:
        lines = [writer.inline(line.nodes) for line in item.lines]
        label = f"[{{[{item.number}]}}]" if item.number is not None else ""
        if not label and lines and lines[0].startswith("["):  # "[1] ..." or "[Re] ...": text, not a label
            label = "{}"
        parts.append(f"  \\item{label} " + "\\newline\n    ".join(lines) + "\n")
    parts.append("\\end{itemize}\n")
    return "".join(parts)


def document(
    listing: Listing, standalone: bool = False, preambles: tuple[Tex, ...] = ()
) -> tuple[str, list[Diagnostic]]:
    r"""An ``itemize`` list per group, the legend after; a whole document (``article`` +
    hyperref) when ``standalone``.

    The bib's ``@preamble`` (as BibTeX passes it on) and ``\providecommand`` fallbacks for
    the bibliography commands the entries use come first, so that the list compiles.
    """
    kept: list[str] = []
    refused: list[Diagnostic] = []
    for preamble in preambles:
        safe = latex.sanitize_preamble(preamble.tex)
        if safe is None:
            if preamble.origin is not None:
                refused.append(preamble.origin.problem(latex.preamble_problem(preamble.tex)))
        else:
            kept.append(safe)
    defined = frozenset().union(*(texcommands.defined_by(p) for p in kept))
    writer = _Writer(defined)
    body = "".join(_group(writer, group) for group in listing.groups)
    if listing.legend:
        marks = "\\\\\n".join(f"{writer.text(m)} {writer.text(meaning)}" for m, meaning in listing.legend)
        body += "\\begin{flushleft}\\small\n" + marks + "\n\\end{flushleft}\n"
    if listing.summary_text:
        body += "\\par\\noindent " + writer.text(listing.summary_text) + "\n"
    head = "".join(f"{p}\n" for p in kept)
    head += "".join(f"{d}\n" for d in texcommands.fallback_definitions(writer.used - defined))
    if standalone:
        text = _PREAMBLE + head + "\\begin{document}\n\\section*{Publications}\n" + body
        text += "\\end{document}\n"
    else:
        text = head + body
    return text, list(dict.fromkeys(refused + writer.problems))
