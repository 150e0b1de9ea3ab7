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

# (short name, a regular expression for its long names in folded form, its acronyms). A
# long name may stand anywhere in a venue's name; an acronym counts where DBLP and Google
# Scholar put it (see _acronym).
_TABLE: Final = (
    ("NeurIPS", r"\bneural information processing systems\b|\bneurips\b|\bnips\b", ("neurips", "nips")),
    ("ICML", r"\binternational conference on machine learning\b(?! (?:and|&|for|applications)\b)",
     ("icml",)),
    ("ICLR", r"\binternational conference on learning representations\b", ("iclr",)),
    ("AAAI", r"\baaai conference on artificial intelligence\b|\bnational conference on artificial intelligence\b",
     ("aaai",)),
    ("IJCAI", r"\binternational joint conference on artificial intelligence\b", ("ijcai",)),
    ("ICCV", r"\binternational conference on computer vision\b(?! (?:theory|systems|and|&|workshops?)\b)",
     ("iccv",)),
    ("CVPR", r"\bcomputer vision (?:and|&) pattern recognition\b", ("cvpr",)),
    ("ECCV", r"\beuropean conference on computer vision\b", ("eccv",)),
    ("WACV", r"\bwinter conference on applications of computer vision\b", ("wacv",)),
    ("BMVC", r"\bbritish machine vision conference\b", ("bmvc",)),
    ("ACL", r"\b(?:annual meeting|conference) of the association for computational linguistics\b", ("acl",)),
    ("EMNLP", r"\bempirical methods in natural language processing\b", ("emnlp",)),
    ("NAACL", r"\bnorth american chapter of the association for computational linguistics\b", ("naacl",)),
    ("KDD", r"(?<!pacific asia conference on )\bknowledge discovery (?:and|&) data mining\b", ("kdd",)),
    ("AISTATS", r"\bartificial intelligence and statistics\b", ("aistats",)),
    ("UAI", r"\buncertainty in artificial intelligence\b", ("uai",)),
    ("COLT", r"\bconference on learning theory\b", ("colt",)),
    ("CoRL", r"\bconference on robot learning\b", ("corl",)),
    ("ICRA", r"\binternational conference on robotics (?:and|&) automation\b", ("icra",)),
    ("IROS", r"\bintelligent robots and systems\b", ("iros",)),
    ("SIGIR", r"\bresearch (?:and|&) development in information retrieval\b", ("sigir",)),
    ("WWW", r"\bthe web conference\b|\bworld wide web conference\b", ("www",)),
    ("ICASSP", r"\bacoustics,? speech,? and signal processing\b", ("icassp",)),
    ("MLSys", r"\bmachine learning and systems\b", ("mlsys",)),
    ("IEEE BigData", r"\bieee international conference on big data\b", ("bigdata",)),
)
# Parts of a name that make it another venue than the conference it names.
_NOT_MAIN: Final = re.compile(r"\bworkshops?\b|\bfindings\b|\bcompanion\b|\bsymposium on\b|"
                              r"\bstudent research\b|\bdoctoral consortium\b|\btutorials?\b")
# Events that DBLP names in the title of the proceedings they share with a main conference:
# AAAI's are "..., {AAAI} 2020, ... {IAAI} 2020, The Tenth {AAAI} Symposium on Educational
# Advances in Artificial Intelligence, {EAAI} 2020, ...".
_COLOCATED: Final = re.compile(r"\bsymposium on educational advances in artificial intelligence\b")
# What may follow an acronym that stands alone, as DBLP's short booktitles write them
# ("ICML (3)", "ICLR (Poster)", "NAACL-HLT (1)") and CVs do ("Proc. CVPR 2019").
_QUALIFIERS: Final = frozenset(
    "poster oral spotlight main conference track papers proceedings volume vol long short "
    "hlt ijcnlp ecai pricai eurocolt coling".split())
_PREFIXES: Final = frozenset("in the proc proceedings of ieee acm cvf rsj".split())
_PARTNERS: Final = frozenset("hlt ijcnlp ecai pricai eurocolt coling".split())
_NUMBER: Final = re.compile(r"^(?:\d+(?:st|nd|rd|th)?|[ivxl]+)$")


def fold(name: str) -> str:
    """A name for matching: case, braces, punctuation and spacing aside."""
    name = name.replace("{", "").replace("}", "").replace("\\&", "&").casefold()
    return " ".join(re.sub(r"[^\w&/+]+", " ", name).split())


@lru_cache(maxsize=4096)
def _builtin(folded: str) -> str | None:
    if _NOT_MAIN.search(_COLOCATED.sub(" ", folded)):
        return None
    for short, pattern, _ in _COMPILED:
        if pattern.search(folded):
            return short
    words = _GLUED_YEAR.sub(r"\1 \2", folded.replace("/", " ")).split()  # "icml2019": ICML 2019
    for short, _, acronyms in _COMPILED:
        if _acronym(words, acronyms):
            return short
    return None


def _acronym(words: list[str], acronyms: tuple[str, ...]) -> bool:
    """Whether a name is one of a venue's acronyms: alone, with a year, a volume or a track
    (``ICML (3)``, ``ICLR (Poster)``, ``IEEE BigData``), or followed by a year anywhere, as
    DBLP's long titles and Scholar's Springer titles write it (``Computer Vision - {ECCV}
    2020 - 16th European Conference``, ``Computer Vision--ECCV 2020: ...``)."""
    start = 0
    while start < len(words) and words[start] in _PREFIXES:
        start += 1
    rest = words[start + 1:]
    if start < len(words) and words[start] in acronyms and all(
            w in _QUALIFIERS or _NUMBER.match(w) for w in rest):
        return True
    for n, word in enumerate(words[:-1]):
        if word in acronyms:
            after = words[n + 1:n + 3]
            if after[0].isdigit() or len(after) > 1 and after[0] in _PARTNERS and after[1].isdigit():
                return True
    return False


_GLUED_YEAR: Final = re.compile(r"\b([a-z]{2,})((?:19|20)\d\d)\b")
_COMPILED: Final = tuple((s, re.compile(p), a) for s, p, a in _TABLE)


def short_name(name: str, extra: Mapping[str, str] | None = None) -> str | None:
    """The short name a CV prints for a venue, or ``None`` when none is known.

    ``extra`` maps names (matched case- and punctuation-insensitively, as a part of the
    venue's name) to short names, and wins over the built-in table.
    """
    folded = fold(uninvert(name))
    for long, short in (extra or {}).items():
        key = fold(long)
        if key and (key == folded or re.search(rf"(?<!\w){re.escape(key)}(?!\w)", folded)):
            return short
    found = _builtin(folded)
    if found is None and (acronym := _ACRONYM.search(name)) and not _NOT_MAIN.search(folded):
        # "International Conference for Machine Learning (ICML)": the acronym says which
        found = _builtin(fold(acronym.group(1)))
    return found


_SIDE_WORDS: Final = re.compile(r"\bworkshops?\b|\bfindings\b|\bcompanion\b|\bstudent research\b|"
                                r"\bdoctoral consortium\b|\btutorials?\b|\bposters?\b|\bdemos?\b|"
                                r"\bdemonstrations?\b|\bshort papers\b")
_SEGMENTS: Final = re.compile(r"\s+(?:-{1,3}|\u2013|\u2014)\s+|[,:;.]\s+|\s*\(|\)\s*")
_NAMED_EDITION: Final = re.compile(
    r"(?:The\s+)?(?P<name>[A-Z][\w&+/\-]*[A-Z0-9](?:\s+[A-Z][\w&+/\-]*[A-Z0-9])?)"
    r"(?:\s+(?P<year>(?:19|20)\d\d)|\s*['\u2018\u2019](?P<yy>\d\d))")
# IEEE Xplore's inverted titles: "Humanoid Robots (Humanoids), 2015 IEEE-RAS 15th International
# Conference on", "Neural Networks (IJCNN), The 2013 International Joint Conference on".
_INVERTED: Final = re.compile(
    r"^(?P<topic>.+?)(?:\s*\((?P<acronym>[^()]+)\))?\s*,\s*"
    r"(?P<host>(?:the\s+)?(?:(?P<year>(?:19|20)\d\d)\s+)?[^,]*?\b(?:conference|symposium|workshop|congress|"
    r"colloquium|forum|meeting)\s+(?:on|of|for|in))\s*\.?$", re.IGNORECASE | re.DOTALL)


def uninvert(name: str) -> str:
    """A venue's name in reading order where IEEE Xplore inverts it, else as it is.

    >>> uninvert("Humanoid Robots (Humanoids), 2015 IEEE-RAS 15th International Conference on")
    '2015 IEEE-RAS 15th International Conference on Humanoid Robots (Humanoids)'
    >>> uninvert("Acoustics, Speech and Signal Processing, 2014 IEEE International Conference on")
    '2014 IEEE International Conference on Acoustics, Speech and Signal Processing'
    """
    m = _INVERTED.match(name.strip())
    if m is None:
        return name
    acronym = f" ({m.group('acronym')})" if m.group("acronym") else ""
    return f"{m.group('host')} {m.group('topic')}{acronym}"


def full_year(two_digits: str, near: int | None = None) -> int:
    """The year a two-digit year stands for (``'22`` in ``STOC '22``): the one of its century
    nearest ``near`` (the entry's year), else 19xx from 50 on.

    >>> full_year("22"), full_year("98"), full_year("99", near=2001), full_year("05", near=1999)
    (2022, 1998, 1999, 2005)
    """
    yy = int(two_digits)
    if near is None:
        return 1900 + yy if yy >= 50 else 2000 + yy
    return min((c + yy for c in range(near // 100 * 100 - 100, near // 100 * 100 + 200, 100)),
               key=lambda y: abs(y - near))


def named_edition(name: str, year: int | None = None) -> str | None:
    """The ``<ACRONYM> <YEAR>`` by which a proceedings title names its conference, as DBLP and
    Springer write them (``The Semantic Web - {ISWC} 2018 - 17th International Semantic Web
    Conference, ..., Proceedings, Part {I}``; ``..., {STOC} 2024, Vancouver, ...``); ``None``
    for a workshop's, or where no part of the title is one.

    >>> named_edition("The Semantic Web - ISWC 2018 - 17th International Semantic Web Conference, "
    ...               "Monterey, CA, USA, October 8-12, 2018, Proceedings, Part I")
    'ISWC 2018'
    >>> named_edition("Artificial Intelligence in Medicine: 15th Conference, AIME 2015, Pavia")
    'AIME 2015'
    >>> named_edition("New Trends - ADBIS 2017 Short Papers and Workshops, Nicosia") is None
    True

    A two-digit year, as ACM writes its proceedings, is the year (``year``, the entry's, says
    which century), and IEEE Xplore's inverted titles name their acronym in parentheses:

    >>> named_edition("{STOC} '22: 54th Annual {ACM} {SIGACT} Symposium on Theory of Computing", 2022)
    'STOC 2022'
    >>> named_edition("Humanoid Robots (Humanoids), 2015 IEEE-RAS 15th International Conference on")
    'Humanoids 2015'
    """
    from publist.text.latex import to_text

    text = to_text(name)
    inverted = _INVERTED.match(text.strip())
    if inverted and inverted.group("acronym") and inverted.group("year"):
        acronym = " ".join(inverted.group("acronym").split())
        edition = _NAMED_EDITION.fullmatch(acronym)  # "IROS 2014" names its year itself
        return _edition(edition, year) if edition else f"{acronym} {inverted.group('year')}"
    if _SIDE_WORDS.search(fold(text)):
        return None
    for segment in _SEGMENTS.split(text):
        m = _NAMED_EDITION.fullmatch(segment.strip())
        if m and sum(c.isupper() for c in m.group("name")) >= 2:
            return _edition(m, year)
    return None


def _edition(m: re.Match[str], year: int | None) -> str:
    """``<ACRONYM> <YEAR>`` of a match of :data:`_NAMED_EDITION`, a two-digit year in full."""
    return f"{m.group('name')} {m.group('year') or full_year(m.group('yy'), year)}"


_CONFERENCE_WORDS: Final = re.compile(
    r"\b(?:conference|symposium|workshop|congress|colloquium)\b(?!\s+(?:series|proceedings)\b)")
_JOURNAL_WORDS: Final = re.compile(r"\b(?:journal|transactions|letters|magazine|review|bulletin|annals)\b")


def is_conference(name: str) -> bool:
    """Whether a ``journal`` names a conference, as al-folio sites and Google Scholar write them
    (``Neural Information Processing Systems (NeurIPS)``, ``Advances in Neural Information
    Processing Systems``, ``IEEE International Conference on Acoustics, ...``): a conference
    of the built-in table or a name that says so, but not a journal's or a proceedings series'
    (``Journal of Physics: Conference Series``, ``AIP Conference Proceedings``).

    >>> is_conference("Neural Information Processing Systems (NeurIPS)"), is_conference("Journal of Physics: Conference Series")
    (True, False)
    >>> is_conference("Proceedings of the National Academy of Sciences"), is_conference("CEUR Workshop Proceedings")
    (False, False)
    """
    from publist.text.latex import to_text

    folded = fold(to_text(name))
    if _JOURNAL_WORDS.search(folded):
        return False
    return bool(_CONFERENCE_WORDS.search(folded)) or short_name(name) is not None


def side_event(name: str) -> str | None:
    """The word that makes a venue's name another event than its main conference
    (``workshop``, ``findings``, ``companion`` ...), or ``None``.

    >>> side_event("Findings of the Association for Computational Linguistics: EMNLP 2021")
    'findings'
    """
    m = _NOT_MAIN.search(_COLOCATED.sub(" ", fold(name)))
    if m is None:
        return None
    word = m.group(0).split()[0]
    return word[:-1] if word in ("workshops", "tutorials") else word


_TOKEN: Final = re.compile(r"[^\W_]+")
_GLUED: Final = re.compile(r"[A-Z][A-Za-z]*[A-Z]")
"""An acronym a year may be glued to: capitals at both ends (``ICML``, ``EGC``, ``NeurIPS``)."""


def names_year(text: str, year: str | int, two_digits: bool = False) -> bool:
    """Whether a venue's name or line shows its year as a whole number: ``NeurIPS 2019``,
    not the digits inside ``032019`` or ``March2019``; ``two_digits`` also counts the short
    forms of a short name (``CVPR 24``, ``NeurIPS'19``).

    >>> names_year("Proc. NeurIPS 2019", 2019), names_year("Physical Review D 100 (3), 032019", 2019)
    (True, False)
    >>> names_year("CVPR 24", 2024, two_digits=True), names_year("CVPR 24", 2024)
    (True, False)
    >>> names_year("Atelier DAHLIA @EGC2025", 2025), names_year("ICML2019", 2019)
    (True, True)
    """
    tokens = _TOKEN.findall(text)
    full = str(year).strip()
    if full in tokens or two_digits and len(full) == 4 and full[2:] in tokens:
        return True
    # an acronym with its year glued to it: "ICML2019", "@EGC2025" (not "March2019": a word)
    return len(full) == 4 and any(t.endswith(full) and _GLUED.fullmatch(t[:-4]) for t in tokens)


def acronyms() -> dict[str, str]:
    """Every acronym of the built-in table, folded, and the short name it stands for:
    ``{"neurips": "NeurIPS", "nips": "NeurIPS", ...}``."""
    return {a: short for short, _, names in _TABLE for a in names}


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
    from publist.text.latex import to_text

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
