"""HTML: a fragment with class names to style, or a whole page with ``--standalone``.

Every field is escaped, and only URLs that :func:`publist.urls.clean` let through become
links. The standalone page also carries a Content-Security-Policy that allows no script
and no request at all, as a second line of defence.

>>> inline([Strong((Text("<Z. Yao>"),), "me")])
'<strong class="publist-me">&lt;Z. Yao&gt;</strong>'
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from html import escape
from typing import Final

from publist import latex
from publist.model import Diagnostic
from publist.richtext import Emph, Link, Math, Node, Strong, Tex, Text
from publist.view import Item

_STYLE: Final = """\
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       max-width: 52rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; color: #222; }
.publist { padding-left: 1.2rem; }
.publist-entry { margin-bottom: 0.9rem; }
.publist-title { font-weight: 600; }
.publist-me { font-weight: 700; }
.publist-links a { color: #0b5fa5; }
.publist-venue, .publist-note { font-style: italic; color: #444; }
"""
_PAGE: Final = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Publications</title>
<style>
{style}</style>
</head>
<body>
<main>
<h1>Publications</h1>
{body}</main>
</body>
</html>
"""


def inline(nodes: Iterable[Node]) -> str:
    """Nodes as HTML, every text escaped."""
    out: list[str] = []
    for node in nodes:
        if isinstance(node, Text):
            out.append(escape(node.text))
        elif isinstance(node, Tex):
            out.append(_tex(node.tex))
        elif isinstance(node, Math):
            out.append(f'<span class="publist-math">{escape(node.tex)}</span>')
        elif isinstance(node, Strong):
            role = f' class="publist-{node.role}"' if node.role else ""
            out.append(f"<strong{role}>{inline(node.children)}</strong>")
        elif isinstance(node, Emph):
            out.append(f"<em>{inline(node.children)}</em>")
        elif isinstance(node, Link):
            out.append(f'<a href="{escape(node.url)}">{inline(node.children)}</a>')
    return "".join(out)


@lru_cache(maxsize=65536)
def _tex(tex: str) -> str:
    """A field's LaTeX as HTML; names and venues repeat, so each is converted once."""
    return inline(latex.to_nodes(tex))


def document(
    items: list[Item], standalone: bool = False, preambles: tuple[Tex, ...] = ()
) -> tuple[str, list[Diagnostic]]:
    """A ``<ul class="publist">`` list; a whole page when ``standalone``."""
    parts = ['<ul class="publist">\n']
    for item in items:
        parts.append(f'<li class="publist-entry" data-key="{escape(item.key)}">\n')
        for line in item.lines:
            parts.append(f'  <div class="publist-{line.role}">{inline(line.nodes)}</div>\n')
        parts.append("</li>\n")
    parts.append("</ul>\n")
    body = "".join(parts)
    if standalone:
        return _PAGE.format(style=_STYLE, body=body), []
    return body, []
