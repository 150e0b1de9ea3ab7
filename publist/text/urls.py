r"""URLs from bib fields: only http(s) and relative URLs pass, percent-encoded where needed.

A rendered list is pasted into web pages, so a link must never run script
(``javascript:``, ``data:``) or break out of the markup around it.

>>> clean("https://github.com/amirgholami/PyHessian")
'https://github.com/amirgholami/PyHessian'
>>> clean('https://example.org/a b"<c>'), clean(r"https://x.org/a\_b")
('https://example.org/a%20b%22%3Cc%3E', 'https://x.org/a_b')
>>> clean("javascript:alert(1)"), clean("papers/yao2019.pdf"), clean("github.com/user/repo")
(None, 'papers/yao2019.pdf', 'https://github.com/user/repo')
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import Final
from urllib.parse import quote

LINK_FIELDS: Final = {
    "url": "url",
    "pdf": "pdf",
    "code": "code",
    "html": "html",
    "website": "website",
    "project": "project",
    "slides": "slides",
    "poster": "poster",
    "video": "video",
    "blog": "blog",
    "supp": "supp",
}
"""Fields that hold one link each, and the kind of link they hold."""


@lru_cache(maxsize=4096)
def link_kind(field: str) -> str | None:
    """The kind of link a field holds, e.g. ``pdf``, or ``slides`` for Hugo Blox's
    ``url_slides``; ``None`` for a field that holds no link. Asked of every field of every
    entry by each reader of links (arXiv ids, DOIs, the links shown), so remembered."""
    return LINK_FIELDS.get(field) or (field[4:] if field.startswith("url_") else None)


_SCHEME: Final = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_WRAPPED: Final = re.compile(r"^\\(?:url|href|nolinkurl)\s*\{(.*?)\}(?:\s*\{.*\})?$", re.DOTALL)
_TEX_ESCAPE: Final = re.compile(r"\\([_%#&~$])")
# RFC 3986 characters kept as they are; quotes and parentheses are encoded so that a URL can
# sit inside Markdown's (...) and HTML's "..." and a LaTeX argument.
_SAFE: Final = "-._~:/?#[]@!$&*+,;=%"
_BAD_PERCENT: Final = re.compile(r"%(?![0-9A-Fa-f]{2})")
# An HTML character reference in a URL would be decoded by Markdown engines, e.g.
# "javascript&colon;..." into "javascript:...": no real URL needs one.
_CHAR_REF: Final = re.compile(r"&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);")


# A link written as markup: an HTML anchor, as al-folio sites write a DOI (``doi:<a
# href="https://doi.org/...">...</a>``, a label before it), or a Markdown link.
_ANCHOR: Final = re.compile(
    r"""^(?:[A-Za-z][\w .-]{0,20}:\s*)?<a\s[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))[^>]*>.*?</a>\s*$""",
    re.IGNORECASE | re.DOTALL)
_MARKDOWN_LINK: Final = re.compile(r"^\[[^\[\]]*\]\(\s*<?([^()\s<>]+)>?\s*\)$")


def target(raw: str) -> str:
    r"""The URL a field's value points at: the value itself, or the target of the markup
    around it (``\url{...}``, ``\href{...}{...}``, an HTML anchor, a Markdown link).

    >>> target('doi:<a href="https://doi.org/10.1115/1.4071133">10.1115/1.4071133</a>')
    'https://doi.org/10.1115/1.4071133'
    >>> target("[code](https://github.com/u/r)"), target(r"\href{https://x.org}{x}")
    ('https://github.com/u/r', 'https://x.org')
    """
    url = raw.strip()
    if anchor := _ANCHOR.match(url):
        return html.unescape(next(g for g in anchor.groups() if g is not None)).strip()
    if markdown := _MARKDOWN_LINK.match(url):
        return markdown.group(1)
    wrapped = _WRAPPED.match(url)
    return wrapped.group(1).strip() if wrapped else url


_ANCHORS: Final = re.compile(
    r"""<a\s[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))[^>]*>.*?</a>""", re.IGNORECASE | re.DOTALL)
_MARKDOWN_LINKS: Final = re.compile(r"\[[^\[\]]*\]\(\s*<?([^()\s<>]+)>?\s*\)")
_WRAPPED_ANY: Final = re.compile(r"\\(?:url|href|nolinkurl)\s*\{([^{}]*)\}(?:\s*\{[^{}]*\})?")
_BEFORE_URL: Final = re.compile(r"[,;]?\s+(?=https?://)", re.IGNORECASE)
_HTTP: Final = re.compile(r"^https?://\S", re.IGNORECASE)


def targets(raw: str) -> list[str]:
    r"""The URLs a field's value points at, in its order: the one of :func:`target`, or each
    link of a value that holds several (HTML anchors, Markdown links, ``\url`` commands, or
    URLs one after another, as Mendeley writes every URL it knows of a paper), none left out.

    >>> targets('<a href="https://x.org/a">a</a> | <a href="https://y.org/b">b</a>')
    ['https://x.org/a', 'https://y.org/b']
    >>> targets("http://www.ncbi.nlm.nih.gov/pubmed/19498929 http://www.opticsexpress.org/x?URI=OPEX-13")
    ['http://www.ncbi.nlm.nih.gov/pubmed/19498929', 'http://www.opticsexpress.org/x?URI=OPEX-13']
    >>> targets("https://x.org/a file.pdf")
    ['https://x.org/a file.pdf']
    """
    value = raw.strip()
    for pattern in (_ANCHORS, _MARKDOWN_LINKS, _WRAPPED_ANY):
        found = [next(g for g in m.groups() if g is not None) for m in pattern.finditer(value)]
        if len(found) > 1:
            return [(html.unescape(url) if pattern is _ANCHORS else url).strip() for url in found]
    parts = _BEFORE_URL.split(value)
    if len(parts) > 1 and all(_HTTP.match(p) for p in parts):
        return parts
    return [target(value)]


_WHOLE: Final = re.compile(r"^https?://(?:[^\s{}\\]|\\[_%#&~$])+$", re.IGNORECASE)


def whole(raw: str) -> tuple[str, str] | None:
    r"""The link a text field is when its whole value is one http(s) URL, bare, as Zotero writes a
    web page's (``howpublished = {https://...}``): the URL to write (:func:`clean`) and the text
    to show (TeX's escapes undone, as ``\url{...}`` shows it); ``None`` for anything else, a URL
    inside longer text included.

    >>> whole(r" https://x.org/machine\_learning/a "), whole("{https://x.org}")
    (('https://x.org/machine_learning/a', 'https://x.org/machine_learning/a'), ('https://x.org', 'https://x.org'))
    >>> whole("See https://x.org"), whole(r"\url{https://x.org}"), whole("www.x.org"), whole("https://")
    (None, None, None, None)
    """
    value = raw.strip()
    if value.startswith("{") and value.endswith("}"):  # {{https://...}}: a protected value
        value = value[1:-1].strip()
    if not _WHOLE.match(value):
        return None
    url = clean(value)
    return (url, _TEX_ESCAPE.sub(r"\1", value)) if url is not None else None


def clean(raw: str) -> str | None:
    """The URL to write, or ``None`` when it is not an http(s) or relative URL."""
    url = target(raw)
    url = _TEX_ESCAPE.sub(r"\1", url).replace("{", "").replace("}", "")
    if not url or any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in url):
        return None
    if _CHAR_REF.search(url):
        return None
    scheme = _SCHEME.match(url)
    if scheme:
        if scheme.group(1).lower() not in ("http", "https"):
            return None
        rest = url[scheme.end() :]
        if not rest.startswith("//") or not re.match(r"//[^/?#\s]+", rest):
            return None
        url = scheme.group(1).lower() + ":" + _host_to_ascii(rest)
    elif url.startswith("//"):
        return None  # scheme-relative: the page's scheme may not be http(s)
    elif host_like(url):
        url = "https:" + _host_to_ascii("//" + url)  # github.com/user/repo: a page would read a path
    elif ":" in re.split(r"[/?#]", url, maxsplit=1)[0]:
        return None  # 'a:b' would be read as a scheme
    return _BAD_PERCENT.sub("%25", quote(url, safe=_SAFE))


# Endings of file names that are also top-level domains, or look like them: paper.pdf is a
# file, github.com a host.
_FILE_ENDINGS: Final = frozenset(
    "pdf ps eps djvu html htm xhtml php asp aspx md txt tex bib zip gz tgz tar bz2 xz rar 7z "
    "ppt pptx key odp doc docx odt rtf xls xlsx csv json xml yaml yml png jpg jpeg gif svg webp "
    "mp4 mov avi mkv webm mp3 wav ipynb py r m c h cpp java js ts sh rb go rs jl".split()
)
_HOST: Final = re.compile(
    r"^(?:[A-Za-z0-9\u00a0-\uffff](?:[A-Za-z0-9\u00a0-\uffff-]*[A-Za-z0-9\u00a0-\uffff])?\.)+"
    r"([A-Za-z\u00a0-\uffff]{2,63})(?::\d{1,5})?(?=[/?#]|$)"
)


def host_like(url: str) -> bool:
    """Whether a URL without a scheme starts with a host name, e.g. ``github.com/user/repo``
    or ``www.example.org``, and not with a file name such as ``paper.pdf``."""
    m = _HOST.match(url)
    if m is None:
        return False
    return url.lower().startswith("www.") or m.group(1).lower() not in _FILE_ENDINGS


def is_file_name(url: str) -> bool:
    """Whether a cleaned URL is a path relative to the page, e.g. ``paper.pdf`` or
    ``papers/yao.pdf``: no scheme, no host, not from the site's root (``/assets/...``)."""
    return not _SCHEME.match(url) and not url.startswith(("/", "#", "?"))


def _host_to_ascii(rest: str) -> str:
    """Punycode an internationalised host name: ``//müller.de/x`` -> ``//xn--mller-kva.de/x``."""
    m = re.match(r"//([^/?#]*)", rest)
    assert m is not None
    host = m.group(1)
    if host.isascii():
        return rest
    userinfo, _, hostport = host.rpartition("@")
    name, colon, port = hostport.partition(":")
    try:
        ascii_name = name.encode("idna").decode("ascii")
    except UnicodeError:
        ascii_name = quote(name, safe="")
    head = f"{userinfo}@" if userinfo else ""
    return f"//{head}{ascii_name}{colon}{port}" + rest[m.end() :]
