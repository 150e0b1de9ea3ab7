"""arXiv identifiers: recognising them in every place people put them, and checking them.

>>> parse("https://arxiv.org/pdf/1912.07145v2.pdf")
'1912.07145v2'
>>> parse("arXiv:hep-th/9901001"), parse("10.48550/arXiv.2102.11107")
('hep-th/9901001', '2102.11107')
>>> base("1906.04596v3"), parse("1913.00001")
('1906.04596', None)
>>> find({"eprint": "1912.07145", "archiveprefix": "arXiv"})
'1912.07145'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

# New style (April 2007 on): YYMM.NNNN until 2014, YYMM.NNNNN since; old style: archive/YYMMNNN.
_NEW: Final = r"(?:0[7-9]|[1-9]\d)(?:0[1-9]|1[0-2])\.\d{4,5}"
_OLD: Final = r"[a-z]+(?:-[a-z]+)?(?:\.[A-Za-z]{2})?/(?:9[1-9]|0\d)(?:0[1-9]|1[0-2])\d{3}"
_ID: Final = rf"(?:{_NEW}|{_OLD})(?:v[1-9]\d*)?"
_EXACT: Final = re.compile(rf"{_ID}")
_URL: Final = re.compile(
    rf"^(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html|format)/({_ID})(?:\.pdf)?/?(?:[?#].*)?$",
    re.IGNORECASE,
)
_DOI: Final = re.compile(rf"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)?10\.48550/arxiv\.({_ID})$", re.IGNORECASE)
_PREFIX: Final = re.compile(r"^arxiv:\s*", re.IGNORECASE)


def is_valid(text: str) -> bool:
    """Whether ``text`` is exactly an arXiv id, e.g. ``'2102.11107v2'`` or ``'math/0601001'``."""
    # new-style ids start in April 2007: 0701-0703 do not exist
    return _EXACT.fullmatch(text) is not None and not text.startswith(("0701.", "0702.", "0703."))


def parse(text: str) -> str | None:
    """The arXiv id in an id, ``arXiv:`` id, arXiv URL or arXiv DOI, or ``None``."""
    text = text.strip().replace("\\_", "_")
    for pattern in (_URL, _DOI):
        m = pattern.match(text)
        if m:
            return m.group(1) if is_valid(m.group(1)) else None
    text = _PREFIX.sub("", text)
    return text if is_valid(text) else None


def base(arxiv_id: str) -> str:
    """The id without its version, e.g. ``'1906.04596'`` for ``'1906.04596v3'``."""
    return re.sub(r"v\d+$", "", arxiv_id)


def find(fields: Mapping[str, str]) -> str | None:
    """The arXiv id of an entry, from wherever it was written.

    ``eprint`` (with ``archiveprefix``/``eprinttype`` arXiv, or a value that is an id),
    al-folio's ``arxiv``, an arXiv URL in ``url``/``pdf``, or arXiv's DOI in ``doi``.
    """
    eprint = fields.get("eprint", "")
    kind = (fields.get("archiveprefix") or fields.get("eprinttype") or "").strip().lower()
    if eprint and kind in ("", "arxiv"):
        found = parse(eprint)
        if found:
            return found
    for name in ("arxiv", "url", "pdf", "doi"):
        value = fields.get(name)
        if value:
            found = parse(value)
            if found and (name == "arxiv" or found != value.strip()):
                return found
    return None


def abs_url(arxiv_id: str) -> str:
    """The abstract page, e.g. ``https://arxiv.org/abs/1912.07145``."""
    return f"https://arxiv.org/abs/{arxiv_id}"
