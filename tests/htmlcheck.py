"""Checks that rendered HTML is well-formed and holds nothing a field could have injected."""

from __future__ import annotations

import re
from html.parser import HTMLParser


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []
        self.stack: list[str] = []
        self.balanced = True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)
        if tag != "br":  # a void element: no end tag
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.balanced = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)


ALLOWED_TAGS = {"ul", "ol", "code", "li", "div", "strong", "em", "u", "a", "span", "h2", "p", "br", "details",
                "summary", "pre"}
ALLOWED_ATTRS = {"class", "href", "data-key", "value", "reversed"}


def check_html(html: str) -> _Collector:
    """Parse ``html``: balanced tags, only publist's own tags and attributes, safe links."""
    parser = _Collector()
    parser.feed(html)
    parser.close()
    assert parser.balanced and not parser.stack
    assert set(parser.tags) <= ALLOWED_TAGS
    assert {name for name, _ in parser.attrs} <= ALLOWED_ATTRS
    for name, value in parser.attrs:
        if name == "href":  # no scheme but http(s), as a browser reads it
            assert value is not None and not value.startswith("//"), value
            assert re.match(r"^https?://", value) or not re.match(r"^[A-Za-z][\w+.-]*:", value), value
    return parser


