r"""URLs from bib fields: only http(s) and relative URLs pass, percent-encoded where needed.

A rendered list is pasted into web pages, so a link must never run script
(``javascript:``, ``data:``) or break out of the markup around it.

>>> clean("https://github.com/amirgholami/PyHessian")
'https://github.com/amirgholami/PyHessian'
>>> clean('https://example.org/a b"<c>'), clean(r"https://x.org/a\_b")
('https://example.org/a%20b%22%3Cc%3E', 'https://x.org/a_b')
>>> clean("javascript:alert(1)"), clean("papers/yao2019.pdf")
(None, 'papers/yao2019.pdf')
"""

from __future__ import annotations

import re
from typing import Final
from urllib.parse import quote

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


def clean(raw: str) -> str | None:
    """The URL to write, or ``None`` when it is not an http(s) or relative URL."""
    url = raw.strip()
    wrapped = _WRAPPED.match(url)
    if wrapped:
        url = wrapped.group(1).strip()
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
    elif ":" in re.split(r"[/?#]", url, maxsplit=1)[0]:
        return None  # 'a:b' would be read as a scheme
    return _BAD_PERCENT.sub("%25", quote(url, safe=_SAFE))


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
