r"""LaTeX: an ``itemize`` list for a CV, with ``\href`` links for hyperref.

LaTeX the user wrote in a field stays LaTeX (checked by :func:`publist.latex.sanitize`;
what cannot compile is reported and written as escaped text); text from anywhere else is
escaped. Lines end in ``\newline``, which, unlike ``\\``, cannot swallow a following ``[``.

>>> inline([Strong((Text("50% & more"),), "me"), Link("https://x.org/#a", (Text("arXiv"),))], [])
'\\textbf{50\\% \\& more}\\href{https://x.org/\\#a}{arXiv}'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from publist import latex
from publist.model import Diagnostic
from publist.richtext import Emph, Link, Math, Node, Strong, Tex, Text
from publist.view import Item

# urls.clean has percent-encoded \ { } ^ already; hyperref needs these three escaped.
_URL_ESCAPES: Final = re.compile(r"[%#&]")
_PREAMBLE: Final = r"""\documentclass[11pt]{article}
\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage{lmodern}
\usepackage{textcomp}
\usepackage[hidelinks]{hyperref}
\begin{document}
\section*{Publications}
"""


def href_url(url: str) -> str:
    r"""A URL as ``\href``'s first argument: ``%``, ``#`` and ``&`` escaped."""
    return _URL_ESCAPES.sub(lambda m: "\\" + m.group(0), url)


def inline(nodes: Iterable[Node], problems: list[Diagnostic]) -> str:
    """Nodes as LaTeX; what cannot be passed on is added to ``problems``."""
    out: list[str] = []
    for node in nodes:
        if isinstance(node, Text):
            out.append(latex.escape(node.text))
        elif isinstance(node, Tex):
            out.append(_field(node, problems))
        elif isinstance(node, Math):
            out.append(node.tex)
        elif isinstance(node, Strong):
            out.append(r"\textbf{" + inline(node.children, problems) + "}")
        elif isinstance(node, Emph):
            out.append(r"\emph{" + inline(node.children, problems) + "}")
        elif isinstance(node, Link):
            out.append(r"\href{" + href_url(node.url) + "}{" + inline(node.children, problems) + "}")
    return "".join(out)


def _field(node: Tex, problems: list[Diagnostic]) -> str:
    safe, issues = latex.sanitize(node.tex)
    if node.origin is not None:
        fallback = "; written as plain text" if safe is None else ""
        problems.extend(node.origin.problem(issue + fallback) for issue in issues)
    if safe is None:
        return latex.escape(latex.to_text(node.tex))
    return safe


def document(items: list[Item], standalone: bool = False) -> tuple[str, list[Diagnostic]]:
    r"""An ``itemize`` list; a whole document (``article`` + hyperref) when ``standalone``."""
    problems: list[Diagnostic] = []
    parts = ["\\begin{itemize}\n"]
    for item in items:
        lines = [inline(line.nodes, problems) for line in item.lines]
        parts.append("  \\item " + "\\newline\n    ".join(lines) + "\n")
    parts.append("\\end{itemize}\n")
    body = "".join(parts) if items else ""  # an empty itemize does not compile
    if standalone:
        body = _PREAMBLE + body + "\\end{document}\n"
    return body, list(dict.fromkeys(problems))
