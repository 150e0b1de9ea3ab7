r"""Citation keys that people can read: ``schoelkopf2021causal``, never one the file has.

>>> key(r'Sch{\"o}lkopf', 2021, "Toward Causal Representation Learning", {"schoelkopf2021causal"})
'schoelkopf2021causal-b'
>>> key("van der Maaten", 2008, "Visualizing Data using t-SNE", set())
'vandermaaten2008visualizing'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from typing import Final

from publist.text.latex import to_text

_SKIP: Final = frozenset(
    "a an the on of in for to and with from by at as is are be via towards toward into onto "
    "about over under using what why how when where which we our".split()
)
_SPELLED_OUT: Final = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ø": "o", "æ": "ae",
                                     "œ": "oe", "å": "aa", "ł": "l", "đ": "d", "ð": "d", "þ": "th"})


def _ascii(text: str) -> str:
    """Lower-case ASCII letters and digits of a text, umlauts spelled out (``ö`` as ``oe``)."""
    text = unicodedata.normalize("NFKD", to_text(text).casefold().translate(_SPELLED_OUT))
    return "".join(c for c in text if c.isascii() and c.isalnum())


def key(surname: str, year: int | None, title: str, taken: Collection[str]) -> str:
    """``<surname><year><first word of the title>``, then ``-b``, ``-c`` ... past ``taken``."""
    words = [_ascii(w) for w in re.split(r"[\s\-:/]+", to_text(title))]
    word = next((w for w in words if w and w not in _SKIP and not w.isdigit()), "")
    base = f"{_ascii(surname) or 'anon'}{year or ''}{word}"
    taken_folded = {k.lower() for k in taken}
    candidate = base
    for letter in "bcdefghijklmnopqrstuvwxyz":
        if candidate.lower() not in taken_folded:
            return candidate
        candidate = f"{base}-{letter}"
    n = 2
    while f"{base}-{n}".lower() in taken_folded:
        n += 1
    return f"{base}-{n}"
