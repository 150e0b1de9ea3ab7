"""HTML: a fragment with class names to style, or a whole page with ``--standalone``.

Every field is escaped, and only URLs that :func:`publist.text.urls.clean` let through become
links. The standalone page also carries a Content-Security-Policy that allows no script
and no request at all, as a second line of defence.

>>> from publist.text.richtext import Strong, Text
>>> inline([Strong((Text("<Z. Yao>"),), "me")])
'<strong class="publist-me">&lt;Z. Yao&gt;</strong>'
"""

from __future__ import annotations

from html import escape
from typing import Final

from publist.formats import UnicodeBackend, dropped_by
from publist.formats.view import Listing
from publist.model import Diagnostic
from publist.papers import citations
from publist.text.richtext import Tex

_STYLE: Final = """\
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       max-width: 52rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; color: #222; }
.publist { padding-left: 1.2rem; }
.publist-entry { margin-bottom: 0.9rem; }
.publist-title { font-weight: 600; }
.publist-me { font-weight: 700; }
.publist-links a { color: #0b5fa5; }
.publist-venue, .publist-note { font-style: italic; color: #444; }
.publist-legend, .publist-citation-summary { font-size: 0.9rem; color: #444; }
.publist-citations { font-size: 0.9rem; color: #555; }
details pre { white-space: pre-wrap; font-size: 0.85rem; }
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


class _Html(UnicodeBackend):
    """HTML for each kind of node (see :class:`publist.text.richtext.Backend`)."""

    text = staticmethod(escape)

    def math(self, tex: str) -> str:
        return f'<span class="publist-math">{escape(tex)}</span>'

    def code(self, text: str) -> str:
        return f"<code>{escape(text)}</code>"

    def strong(self, inner: str, role: str) -> str:
        attribute = f' class="publist-{role}"' if role else ""
        return f"<strong{attribute}>{inner}</strong>"

    def emph(self, inner: str) -> str:
        return f"<em>{inner}</em>"

    def styled(self, inner: str, style: str, role: str) -> str:
        tag = {"underline": "u", "italic": "em", "bold": "strong"}[style]
        return f'<{tag} class="{escape(role or "publist-person")}">{inner}</{tag}>'

    def link(self, url: str, inner: str) -> str:
        return f'<a href="{escape(url)}">{inner}</a>'


inline: Final = _Html().inline
"""Nodes as HTML, every text escaped."""


def document(
    listing: Listing, standalone: bool = False, preambles: tuple[Tex, ...] = ()
) -> tuple[str, list[Diagnostic]]:
    """A ``<ul class="publist">`` list (``<ol>`` when numbered), an ``<h2>`` before each group,
    the legend after; a whole page when ``standalone``."""
    backend = _Html(dropped_by(preambles))
    write = backend.inline
    parts = []
    for group in listing.groups:
        if group.heading:
            parts.append(f'<h2 class="publist-heading">{escape(group.heading)}</h2>\n')
        tag = "ol" if listing.numbering != "none" else "ul"
        reversed_ = " reversed" if listing.numbering == "descending" else ""
        parts.append(f'<{tag} class="publist"{reversed_}>\n')
        for item in group.items:
            value = f' value="{item.number}"' if item.number is not None else ""
            parts.append(f'<li class="publist-entry" data-key="{escape(item.key)}"{value}>\n')
            for line in item.lines:
                title = ""
                if line.role == "citations" and item.citations is not None:  # which count, of when
                    title = f' title="{escape(citations.SOURCES[item.citations.source])}, {item.citations.date}"'
                parts.append(f'  <div class="publist-{line.role}"{title}>{write(line.nodes)}</div>\n')
            if item.abstract is not None:
                parts.append('  <details class="publist-abstract"><summary>Abstract</summary>\n'
                             f"    <p>{write((item.abstract,))}</p>\n  </details>\n")
            if item.bibtex is not None:
                parts.append('  <details class="publist-bibtex"><summary>BibTeX</summary>\n'
                             f"<pre>{escape(item.bibtex)}</pre>\n  </details>\n")
            parts.append("</li>\n")
        parts.append(f"</{tag}>\n")
    if listing.legend:
        marks = "<br>\n".join(f"{escape(m)} {escape(meaning)}" for m, meaning in listing.legend)
        parts.append(f'<p class="publist-legend">{marks}</p>\n')
    if listing.summary_text:
        parts.append(f'<p class="publist-citation-summary">{escape(listing.summary_text)}</p>\n')
    if not listing.groups:
        parts.append('<ul class="publist">\n</ul>\n')
    body = "".join(parts)
    problems = list(dict.fromkeys(backend.problems))
    if standalone:
        return _PAGE.format(style=_STYLE, body=body), problems
    return body, problems
