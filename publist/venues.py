"""Venue names as CVs write them: ``NeurIPS`` for "Advances in Neural Information Processing
Systems 32", ``ICML`` for "Proceedings of the 36th International Conference on Machine Learning".

A built-in table of common long names (conferences of machine learning, vision, language,
data mining, robotics); ``[render.venues]`` in config.toml adds names or overrides them. A
workshop, or the Findings of a conference, is never its main conference.

>>> short_name("Advances in Neural Information Processing Systems 32")
'NeurIPS'
>>> short_name("Proceedings of the IEEE/CVF International Conference on Computer Vision (ICCV)")
'ICCV'
>>> short_name("Workshop on Systems for Machine Learning at NeurIPS") is None
True
>>> short_name("Journal of Computational Physics") is None
True
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Final

_TABLE: Final = (
    (r"\bneural information processing systems\b|\bneurips\b|\bnips\b", "NeurIPS"),
    (r"\binternational conference on machine learning\b|^icml$", "ICML"),
    (r"\binternational conference on learning representations\b|^iclr$", "ICLR"),
    ((r"\baaai conference on artificial intelligence\b|\bnational conference on artificial "
     r"intelligence\b|^aaai$"), "AAAI"),
    (r"\binternational joint conference on artificial intelligence\b|^ijcai$", "IJCAI"),
    (r"\binternational conference on computer vision\b|^iccv$", "ICCV"),
    (r"\bconference on computer vision and pattern recognition\b|^cvpr$", "CVPR"),
    (r"\beuropean conference on computer vision\b|^eccv$", "ECCV"),
    (r"\bwinter conference on applications of computer vision\b|^wacv$", "WACV"),
    (r"\bbritish machine vision conference\b|^bmvc$", "BMVC"),
    (r"\bannual meeting of the association for computational linguistics\b|^acl$", "ACL"),
    (r"\bempirical methods in natural language processing\b|^emnlp$", "EMNLP"),
    (r"\bnorth american chapter of the association for computational linguistics\b|^naacl", "NAACL"),
    (r"\bknowledge discovery (?:and|&) data mining\b|^kdd$", "KDD"),
    (r"\bartificial intelligence and statistics\b|^aistats$", "AISTATS"),
    (r"\buncertainty in artificial intelligence\b|^uai$", "UAI"),
    (r"\bconference on learning theory\b|^colt$", "COLT"),
    (r"\bconference on robot learning\b|^corl$", "CoRL"),
    (r"\binternational conference on robotics and automation\b|^icra$", "ICRA"),
    (r"\bintelligent robots and systems\b|^iros$", "IROS"),
    (r"\bresearch and development in information retrieval\b|^sigir$", "SIGIR"),
    (r"\bthe web conference\b|\bworld wide web conference\b", "WWW"),
    (r"\bacoustics,? speech,? and signal processing\b|^icassp$", "ICASSP"),
    (r"\bmachine learning and systems\b|^mlsys$", "MLSys"),
    (r"\bieee international conference on big data\b", "IEEE BigData"),
)
# Parts of a name that make it another venue than the conference it names.
_NOT_MAIN: Final = re.compile(r"\bworkshops?\b|\bfindings\b|\bcompanion\b|\bsymposium on\b|"
                              r"\bstudent research\b|\bdoctoral consortium\b|\btutorials?\b")


def fold(name: str) -> str:
    """A name for matching: case, braces, punctuation and spacing aside."""
    name = name.replace("{", "").replace("}", "").replace("\\&", "&").casefold()
    return " ".join(re.sub(r"[^\w&/+]+", " ", name).split())


@lru_cache(maxsize=4096)
def _builtin(folded: str) -> str | None:
    if _NOT_MAIN.search(folded):
        return None
    for pattern, short in _COMPILED:
        if pattern.search(folded):
            return short
    return None


_COMPILED: Final = tuple((re.compile(p), s) for p, s in _TABLE)


def short_name(name: str, extra: Mapping[str, str] | None = None) -> str | None:
    """The short name a CV prints for a venue, or ``None`` when none is known.

    ``extra`` maps names (matched case- and punctuation-insensitively, as a part of the
    venue's name) to short names, and wins over the built-in table.
    """
    folded = fold(name)
    for long, short in (extra or {}).items():
        key = fold(long)
        if key and (key == folded or re.search(rf"(?<!\w){re.escape(key)}(?!\w)", folded)):
            return short
    return _builtin(folded)


_PROCEEDINGS: Final = re.compile(r"^(?:in )?(?:the )?(?:proceedings|proc) of (?:the )?")
_ORDINAL: Final = re.compile(r"\b(?:\d+(?:st|nd|rd|th)|(?:19|20)\d\d|first|second|third|annual)\b")
_ACRONYM: Final = re.compile(r"\(([A-Za-z][\w\- ]{1,15})\)\s*$")


def keys(name: str) -> set[str]:
    """Spellings of one venue's name that another source may use for it: the name as it
    stands, its core (no "Proceedings of the", ordinal or year), the acronym in parentheses
    at its end, and its short name.

    The name is compared as text: LaTeX decoded, symbols dropped (``Trends{\\textregistered}
    in``, ``Trends® in`` and ``Trends in`` are one name), ``&`` read as "and".

    >>> sorted(keys("Proceedings of the 9th International Conference on X (ICX 2020)"))
    ['icx', 'international conference on x', 'proceedings of the 9th international conference on x icx 2020']
    """
    from publist.latex import to_text

    name = to_text(name).replace("&", " and ")
    acronym = _ACRONYM.search(name)
    out = {fold(name), _core(fold(_ACRONYM.sub("", name)))}
    if acronym:
        out.add(_core(fold(acronym.group(1))))
    if short := short_name(name):
        out.add(fold(short))
    out.discard("")
    return out


def _core(folded: str) -> str:
    return " ".join(_ORDINAL.sub(" ", _PROCEEDINGS.sub("", folded)).split())


def same(a: set[str], b: set[str]) -> bool:
    """Whether two sets of a venue's names (any spelling) name one venue.

    >>> same({"NeurIPS"}, {"Neural Information Processing Systems"}), same({"ICML"}, {"ICLR"})
    (True, False)
    >>> same({"International Conference on Pattern Recognition Applications and Methods"},
    ...      {"Proceedings of the 9th International Conference on Pattern Recognition Applications and Methods"})
    True
    """
    return bool({k for n in a for k in keys(n)} & {k for n in b for k in keys(n)})
