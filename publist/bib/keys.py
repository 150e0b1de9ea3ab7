r"""Citation keys that people can read: ``schoelkopf2021causal``, never one the file has.

>>> key(r'Sch{\"o}lkopf', 2021, "Toward Causal Representation Learning", {"schoelkopf2021causal"})
'schoelkopf2021causal-b'
>>> key("van der Maaten", 2008, "Visualizing Data using t-SNE", set())
'vandermaaten2008visualizing'
>>> key("Колмогоров", 1933, "Об аналитических методах", set()), key("King", 1963, "I Have a Dream", set())
('kolmogorov1933analiticheskikh', 'king1963dream')
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from typing import Final

from anyascii import anyascii

from publist.text.latex import to_text

# Google Scholar's keys skip articles, prepositions and question words ("a", "the", "of",
# "on", "from", "how", "what", "who", "is", in the Scholar exports of tests/data/wild) but take
# "towards", "using" and even the letter an apostrophe leaves ("khot2019s" for "What's
# missing"); these keys skip what does not name the paper: those words, pronouns and
# auxiliaries ("I Have a Dream" is "dream"), "towards", and any single letter.
_SKIP: Final = frozenset(
    "a an the on of in for to and with from by at as is are be via towards toward into onto "
    "about over under using what why how when where which who whom whose we our i me my you "
    "your it its this that these those do does did have has had was were "
    # Russian and Greek prepositions, conjunctions and articles, as anyascii writes them
    "ob vo na so po ot iz za pri dlya pro gia kai sto stin ston tin ton tis tou ta oi tous".split()
)
_SPELLED_OUT: Final = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ø": "o", "æ": "ae",
                                     "œ": "oe", "å": "aa", "ł": "l", "đ": "d", "ð": "d", "þ": "th"})
_CLITIC: Final = re.compile(r"['\u2019](?:s|t|re|ll|d|ve|m)$", re.IGNORECASE)
_WORDS: Final = re.compile(r"[\s:/;,.!?()\[\]\"\u201c\u201d]+")


def _ascii(text: str) -> str:
    """Lower-case ASCII letters and digits of a text: umlauts spelled out (``ö`` as ``oe``),
    other scripts transliterated (``Колмогоров`` as ``kolmogorov``, ``王`` as ``wang``).

    Transliteration is anyascii's (ISC; maintained tables for every script Unicode has), not a
    table of publist's own, which would cover a few scripts and drift; Greek ``ου`` is ``ou``,
    as ELOT 743 writes it, where anyascii spells it letter by letter.
    """
    text = unicodedata.normalize("NFC", to_text(text).casefold()).translate(_SPELLED_OUT)
    text = anyascii(re.sub("ο[υύ]", "ou", text)).lower()
    return "".join(c for c in text if c.isascii() and c.isalnum())


def _title_words(title: str) -> list[str]:
    """A title's words as ASCII, a hyphenated word in its parts but a one-letter part kept with
    the next (``k-means`` is ``kmeans``, ``X-IL`` is ``xil``; ``Self-Supervised`` is ``self``,
    ``supervised``), a clitic dropped (``What's`` is ``what``)."""
    out: list[str] = []
    for word in _WORDS.split(to_text(title)):
        pieces = [_ascii(p) for p in _CLITIC.sub("", word).split("-")]
        joined = ""
        for piece in pieces:
            joined += piece
            if len(joined) > 1 or not piece:
                out.append(joined)
                joined = ""
        if joined:
            out.append(joined)
    return [w for w in out if w]


def key(surname: str, year: int | None, title: str, taken: Collection[str]) -> str:
    """``<surname><year><first word that names the paper>``, then ``-b``, ``-c`` ... past ``taken``."""
    word = next((w for w in _title_words(title) if len(w) > 1 and w not in _SKIP and not w.isdigit()), "")
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
