r"""Citation keys that people can read: ``schoelkopf2021causal``, never one the file has.

>>> key(r'Sch{\"o}lkopf', 2021, "Toward Causal Representation Learning", {"schoelkopf2021causal"})
'schoelkopf2021causal-b'
>>> key("van der Maaten", 2008, "Visualizing Data using t-SNE", set())
'vandermaaten2008visualizing'
>>> key("Колмогоров", 1933, "Об одной задаче", set()), key("Παπαδόπουλος", 2020, "Θεωρία", set())
('kolmogorov1933ob', 'papadopoulos2020theoria')
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


# Cyrillic and Greek letters as Latin ones (Russian, Ukrainian and Greek as passports spell
# them), so that Колмогоров's key is kolmogorov2020..., not anon2020...; after NFKD, which
# takes their accents off (й, ё, ά)
_TRANSLITERATED: Final = str.maketrans({
    **dict(zip("абвгдезиклмнопрстуфыэіґ", "abvgdeziklmnoprstufyeig", strict=True)),
    "ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ь": "", "ю": "yu",
    "я": "ya", "є": "ie", "ї": "i",
    **dict(zip("αβγδεζηικλμνξοπρστυω", "abgdeziiklmnxoprstyo", strict=True)),
    "ς": "s", "θ": "th", "φ": "f", "χ": "ch", "ψ": "ps",
})


def _ascii(text: str) -> str:
    """Lower-case ASCII letters and digits of a text, umlauts spelled out (``ö`` as ``oe``),
    Cyrillic and Greek in Latin letters."""
    text = unicodedata.normalize("NFKD", to_text(text).casefold().translate(_SPELLED_OUT))
    text = text.replace("ου", "ou").translate(_TRANSLITERATED)
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
