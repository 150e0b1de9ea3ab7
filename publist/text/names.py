r"""Names: BibTeX's name splitting, initials, and recognising the owner in any spelling.

The splitting follows BibTeX's rules (``First von Last``, ``von Last, First``,
``von Last, Jr, First``; ``and`` at brace level 0 separates names; a von part is a
lower-case word). The test suite checks it against pybtex, which stays the reference;
publist does not import pybtex at run time because its import alone (~90 ms, most of it
plugin discovery) would cost most of a render's time budget.

>>> a = parse(r'Yao*, Zhewei')
>>> a.first, a.last, a.mark
('Zhewei', 'Yao', '*')
>>> initials(r'Klaus-Robert'), initials(r'{\"O}mer'), initials('M.W.')
('K.-R.', '{\\"O}.', 'M. W.')
>>> Owner.of(["Zhewei Yao"]).matches(parse("Yao, Z."))
True
>>> Owner.of(["Zhewei Yao"]).matches(parse("Yao, Xiao"))
False
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Final, NamedTuple

from publist.model import Author
from publist.text.latex import to_text

# --- splitting a name list ---------------------------------------------------------------

_AND: Final = re.compile(r"\s+and\s+", re.IGNORECASE)
_SPACE: Final = re.compile(r"[\s~]+")


def _split_depth0(text: str, sep: re.Pattern[str]) -> list[str]:
    """Split ``text`` where ``sep`` matches outside braces."""
    if "{" not in text and "\\" not in text:
        return sep.split(text)  # nothing is protected: the regular expression alone will do
    parts: list[str] = []
    depth = 0
    start = 0
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c == "{":
            depth += 1
        elif c == "}":
            depth = max(depth - 1, 0)
        elif c == "\\":
            i += 2
            continue
        elif depth == 0:
            m = sep.match(text, i)
            if m and m.end() > i:
                parts.append(text[start:i])
                start = i = m.end()
                continue
        i += 1
    parts.append(text[start:])
    return parts


def split_list(value: str) -> list[str]:
    """The names of an ``author`` field, e.g. ``'A and {B and C}'`` gives ``['A', '{B and C}']``."""
    value = " " + _SPACE_ONLY.sub(" ", value.strip()) + " "
    if " and " not in value.lower():
        return [value.strip()] if value.strip() else []
    names = _split_depth0(value, _AND)
    return [n.strip() for n in names if n.strip()]


_SPACE_ONLY: Final = re.compile(r"\s+")

# --- equal-contribution marks ----------------------------------------------------------

_MARK_SYMBOL: Final = {
    "*": "*", "\u2217": "*", "\\ast": "*", "\\star": "*",
    "\u2020": "\u2020", "\\dag": "\u2020", "\\dagger": "\u2020", "\\textdagger": "\u2020",
    "\u2021": "\u2021", "\\ddag": "\u2021", "\\ddagger": "\u2021", "\\textdaggerdbl": "\u2021",
    "\u00a7": "\u00a7", "\\S": "\u00a7", "\\textsection": "\u00a7",
}
_ONE_MARK: Final = (
    r"(?:\*|\u2217|\u2020|\u2021|\u00a7|\\(?:ast|star|dag|dagger|textdagger|ddag|ddagger|"
    r"textdaggerdbl|S|textsection)(?![A-Za-z]))"
)
# Marks glued to the end of a name: Yao*, Yao$^*$, Yao\textsuperscript{\dag}, Yao{*}, Yao^*,
# each form possibly in braces of its own: Jordan{\textsuperscript{\dag}}.
_MARK_FORM: Final = (
    rf"(?:\$\^\{{?\s*{_ONE_MARK}(?:\s*,?\s*{_ONE_MARK})*\s*\}}?\$"
    rf"|\\textsuperscript\s*\{{\s*{_ONE_MARK}(?:\s*,?\s*{_ONE_MARK})*\s*\}}"
    rf"|\^\s*{_ONE_MARK}"
    rf"|{_ONE_MARK})"
)
_MARK_CHARS: Final = frozenset("*\u2217\u2020\u2021\u00a7\\")
"""A name holds a mark only if it holds one of these; the big pattern is then compiled."""


@lru_cache(maxsize=1)
def _marks_at_end() -> re.Pattern[str]:
    return re.compile(rf"(?:\s*(?:{_MARK_FORM}|\{{\s*{_MARK_FORM}\s*\}}))+\s*$")
_MARK_TOKEN: Final = re.compile(_ONE_MARK)
_EQUAL_ANNOTATIONS: Final = frozenset(
    {"equal", "equalcontrib", "equal-contribution", "equalcontribution", "cofirst", "co-first"}
)


def _take_marks(part: str) -> tuple[str, str]:
    """Split trailing marks off one comma-part of a name: ``'Yao$^*$'`` gives ``('Yao', '*')``."""
    if not _MARK_CHARS.intersection(part):
        return part, ""
    m = _marks_at_end().search(part)
    if not m or m.start() == 0 and not part[: m.start()].strip():
        return part, ""
    symbols = "".join(_MARK_SYMBOL[t] for t in _MARK_TOKEN.findall(m.group(0)))
    return part[: m.start()].rstrip(), symbols


def annotation_marks(annotation: str) -> dict[int, str]:
    """Marks set by biblatex data annotations, e.g. ``'1=equal; 2=equal'`` gives ``{1: '*', 2: '*'}``.

    Item annotations (``2=equal``) and part annotations (``2:family=equal``) both count;
    an item may carry several (``1=corresponding,equal``).
    """
    marks: dict[int, str] = {}
    for item in annotation.split(";"):
        target, _, values = item.partition("=")
        number = target.split(":")[0].strip()
        if not number.isdigit():
            continue
        if {v.strip().lower() for v in values.split(",")} & _EQUAL_ANNOTATIONS:
            marks[int(number)] = "*"
    return marks


# --- splitting one name -------------------------------------------------------------------

# Control sequences that are letters in their own right; their own case decides a von part.
_LETTER_COMMANDS: Final = frozenset(
    {"oe", "OE", "ae", "AE", "aa", "AA", "o", "O", "l", "L", "ss", "SS", "i", "j", "dh", "DH",
     "th", "TH", "ng", "NG", "dj", "DJ"}
)


def _special_char_case(token: str, start: int) -> bool | None:
    r"""Case of a special character ``{\...}`` at ``token[start]``: True if lower case."""
    i = start + 2
    name_start = i
    while i < len(token) and token[i].isalpha():
        i += 1
    name = token[name_start:i]
    if name in _LETTER_COMMANDS:
        return name.islower()
    if not name:
        i = name_start + 1  # a non-letter command such as \" or \'
    for c in token[i:]:
        if c == "}":
            break
        if c.isalpha():
            return c.islower()
    return None


def _is_von(token: str) -> bool:
    """BibTeX's test for a von part: its first letter at brace level 0 is lower case."""
    depth = 0
    i = 0
    n = len(token)
    while i < n:
        c = token[i]
        if c == "{":
            if depth == 0 and token.startswith("{\\", i):
                case = _special_char_case(token, i)
                if case is not None:
                    return case
            depth += 1
        elif c == "}":
            depth = max(depth - 1, 0)
        elif c == "\\" and depth == 0:
            # an accent outside braces, \v{S}tefan: the accented letter decides (BibTeX reads
            # the command's own letters, which would make every such name a von part)
            accent = _ACCENT.match(token, i)
            if accent:
                letter = next(ch for ch in reversed(accent.group(0)) if ch.isalpha())
                return letter.islower()
            command = _LETTER_COMMAND.match(token, i)
            if command:
                return command.group(1).islower()
            name = re.match(r"\\[A-Za-z]*", token[i:])
            i += max(2, len(name.group(0)) if name else 2)
            continue
        elif depth == 0 and c.isalpha():
            return c.islower()
        i += 1
    return False


def _words(part: str) -> list[str]:
    return [w for w in _split_depth0(part.strip(), _SPACE) if w]


def _von_last(words: list[str]) -> tuple[list[str], list[str]]:
    """Split ``von Last`` words: the last von word ends the von part; Last is never empty."""
    if not words:
        return [], []
    body, last = words[:-1], words[-1:]
    for i in range(len(body) - 1, -1, -1):
        if _is_von(body[i]):
            return body[: i + 1], body[i + 1 :] + last
    return [], words


# Font commands that CVs made for LaTeX put around a name or its parts (``\textbf{Yao}, Z.``,
# ``{\bf Yao, Zhewei}``): they style the name, they are not part of it.
_FONT_COMMANDS: Final = (
    "textbf|textit|textsl|textsc|textup|textmd|textrm|textsf|texttt|textnormal|emph|underline|"
    "uline|uuline|hl"
)
_FONT_SWITCHES: Final = "bf|bfseries|it|itshape|em|sl|slshape|sc|scshape|rm|sf|tt|upshape|mdseries"
_FONT_COMMAND: Final = re.compile(rf"\\(?:{_FONT_COMMANDS})\s*(?=\{{)")
_FONT_SWITCH: Final = re.compile(rf"\{{(?:\s*\\(?:{_FONT_SWITCHES})(?![A-Za-z]))+\s*")
# ADS writes a hyphenated given name's initials spaced: "H. -L." for "H.-L."
_SPACED_HYPHEN: Final = re.compile(r"\.\s*-\s*(?=\S)")


def _closing_brace(text: str, start: int) -> int | None:
    """The index of the ``}`` that closes the ``{`` at ``text[start]``, or ``None``."""
    depth = 0
    i = start
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return None


def unformat(name: str) -> str:
    r"""A name without the font commands around it or its parts, as BibTeX's purify drops them.

    >>> unformat(r"\textbf{Yao}, \textbf{Z.}"), unformat(r"{\bf Yao, Zhewei}")
    ('Yao, Z.', 'Yao, Zhewei')
    """
    if "\\" not in name:
        return name
    while True:
        m = _FONT_COMMAND.search(name) or _FONT_SWITCH.search(name)
        if m is None:
            return name
        if m.re is _FONT_COMMAND:
            brace = m.end()
            skip = m.end() + 1
        else:
            brace = m.start()
            skip = m.end()
        close = _closing_brace(name, brace)
        if close is None:
            return name
        name = name[: m.start()] + name[skip:close] + name[close + 1 :]


@lru_cache(maxsize=65536)
def parse(name: str, surname_first: bool = False) -> Author:
    """One name as BibTeX reads it, e.g. ``parse('Ludwig van Beethoven').von == 'van'``.

    Equal-contribution marks glued to any part (``Yao*``, ``Yao$^\\dagger$``) are taken off
    into ``mark``; font commands around the name or its parts (``\\textbf{Yao}``) are dropped.
    ``others`` (as in ``and others``, braced or not, or ``et al.``) gives ``Author(others=True)``.
    PubMed's and Vancouver's ``Surname Initials`` (``Carberry JS``) is ``J. S. Carberry``
    (:func:`initials_last`; a form that may be a surname in capitals, ``Yi LI``, only when
    ``surname_first`` says the byline is in that form).
    """
    name = without_trailing_comma(unformat(name.strip()))
    if name.lower().replace("~", " ") in ("others", "{others}", "et al.", "et al", "{et al.}"):
        return Author(others=True)
    if "-" in name:
        name = _SPACED_HYPHEN.sub(".-", name)
    parts = _split_depth0(name, re.compile(r","))
    marks = ""
    cleaned: list[str] = []
    for part in parts:
        part, mark = _take_marks(part)
        marks += mark
        cleaned.append(part)
    if len(cleaned) > 3:  # too many commas: BibTeX keeps the rest with the first names
        cleaned = [*cleaned[:2], " ".join(cleaned[2:])]
    if len(cleaned) <= 2 and (group := _organisation(cleaned)):
        return Author(last=group, mark=marks)
    first: list[str]
    jr: list[str] = []
    if len(cleaned) == 1:
        words = _words(cleaned[0])
        if len(words) <= 1:
            return Author(last=" ".join(words), mark=marks)
        form = initials_last(words)
        if form == "surely" or (form == "maybe" and surname_first):
            von, last = _von_last(words[:-1])
            return Author(first=" ".join(f"{c}." for c in words[-1]), von=" ".join(von),
                          last=" ".join(last), mark=marks)
        body = words[:-1]
        split = next((i for i, w in enumerate(body) if _is_von(w)), len(body))
        first = words[:split]
        von, last = _von_last(words[split:])
    else:
        von, last = _von_last(_words(cleaned[0]))
        first = _words(cleaned[-1])
        if len(cleaned) == 3:
            jr = _words(cleaned[1])
            if _suffix(first) and not _suffix(jr):  # NASA ADS: "{Scarano}, S., Jr."
                jr, first = first, jr
    return Author(
        first=" ".join(first), von=" ".join(von), last=" ".join(last), jr=" ".join(jr), mark=marks
    )


# "Surname Initials", as PubMed and Vancouver write names: a surname (lower-case particles, then
# one or two capitalised words: Carberry, van der Berg, García-López, García López, O'Brien) and at
# most three capitals.
# Initials without a vowel are surely initials (JS, MW, J); with one they may be a surname in
# capitals (Yi LI, Zhewei YAO, Andrew NG), which only the rest of the byline can tell.
_INITIALS: Final = re.compile(r"[^\W\d_]{1,3}")
_VOWELS: Final = frozenset("AEIOUYÀÁÂÃÄÅÈÉÊËÌÍÎÏÒÓÔÕÖØÙÚÛÜÝ")
_VOWELLESS_SURNAMES: Final = frozenset({"NG"})


def initials_last(words: Sequence[str]) -> str:
    """Whether a name's words are ``Surname Initials``: ``"surely"`` (``Carberry JS``,
    ``van der Berg J``, ``García López J``), ``"maybe"`` (``Smith AE``, ``Yi LI``: the capitals may be a surname)
    or ``""`` (``Josiah Carberry``, ``J. S. Carberry``, ``Martin Luther King III``).

    >>> [initials_last(n.split()) for n in ("Carberry JS", "Yi LI", "Josiah Carberry", "J. SC")]
    ['surely', 'maybe', '', '']
    """
    if len(words) < 2:
        return ""
    initials = words[-1]
    if not (_INITIALS.fullmatch(initials) and initials.isupper()):
        return ""
    rest = list(words[:-1])
    surname = [rest.pop()]
    if rest and not _is_von(rest[-1]) and not _ROMAN.fullmatch(initials):  # García López J, not King III
        surname.insert(0, rest.pop())
    if not all(_is_von(p) for p in rest) or not all(_capitalised(to_text(w)) for w in surname):
        return ""
    if initials in _VOWELLESS_SURNAMES or (len(initials) > 1 and _VOWELS.intersection(initials)):
        return "maybe"
    return "surely"


_ROMAN: Final = re.compile(r"[IVX]+")


def _capitalised(word: str) -> bool:
    """A word that can be (part of) a surname: a capital, then no full stop (not an initial)."""
    return len(word) >= 2 and word[0].isupper() and "." not in word


def surname_first(names: Iterable[str]) -> bool:
    """Whether a byline writes every name ``Surname Initials`` (:func:`initials_last`): one
    surely so, and each of the others (without a comma) possibly, e.g. ``Carberry JS and Smith
    AE`` but not ``Yi LI and Xiao WANG``."""
    forms = [initials_last(_words(n)) for n in names if "," not in n and len(_words(n)) > 1]
    return "surely" in forms and "" not in forms


ORGANISATION_WORDS: Final = (
    "collaborations?|consortium|consortia|collaborators|investigators|project|"
    "initiative|network|task force|committee|society|association|institute|organi[sz]ation|"
    "laboratory|council|foundation|survey"
)
"""Words that make a name an organisation's wherever they stand (``The ATLAS Collaboration``,
``ENCODE Project Consortium``), as a regular expression's alternatives; no one's surname is
one of them."""
SURNAME_ORGANISATION_WORDS: Final = "group|team"
"""Words that end an organisation's name (``Particle Data Group``) and are people's surnames
too (``Anna Group``, ``Tor Team``): an organisation's only beside ``The``, an acronym or two
more words (:func:`_names_organisation`)."""
_ORGANISATION_WORD: Final = re.compile(rf"(?:{ORGANISATION_WORDS})", re.IGNORECASE)
_ORGANISATION_ANYWHERE: Final = re.compile(rf"\b(?:{ORGANISATION_WORDS})\b", re.IGNORECASE)
_SURNAME_ORGANISATION_WORD: Final = re.compile(rf"(?:{SURNAME_ORGANISATION_WORDS})", re.IGNORECASE)
_INITIAL: Final = re.compile(r"[^\W\d_](?:\.|\.?-[^\W\d_]\.?)?")
_ACRONYM: Final = re.compile(r"(?<![\\\w])[A-Z][A-Z0-9]+(?!\w)")


def _names_organisation(word: str, others: Sequence[str]) -> bool:
    """Whether ``word`` (a name's surname, as BibTeX splits it) with the name's ``others`` words
    names an organisation: ``Collaboration`` always, ``Group`` with ``The``, an acronym
    (``HPQCD Team``, ``{\\relax DESI}``) or two more words (``Particle Data Group``)."""
    if _ORGANISATION_WORD.fullmatch(word):
        return True
    if not _SURNAME_ORGANISATION_WORD.fullmatch(word) or not others:
        return False
    named = [w for w in others if not _INITIAL.fullmatch(w)]  # "Group, A. L." is a person
    return others[0].lower() == "the" or len(named) >= 2 or any(_ACRONYM.search(w) for w in others)


def is_organisation(name: str) -> bool:
    """Whether a name written ``First Last`` (as arXiv and Crossref give bylines) is an
    organisation's, to be written as one braced name.

    >>> is_organisation("The ATLAS Collaboration"), is_organisation("Collaboration for Environmental Evidence")
    (True, True)
    >>> is_organisation("HPQCD Team"), is_organisation("Anna Group"), is_organisation("Tor Team")
    (True, False, False)
    """
    if _ORGANISATION_ANYWHERE.search(name):
        return True
    words = name.split()
    return len(words) >= 2 and _names_organisation(words[-1], words[:-1])


def _organisation(parts: list[str]) -> str | None:
    r"""An organisation written as a person, as one braced name: Zotero's ``Collaboration,
    {\relax DESI}`` (the acronym as the given name) and ``Group, Particle Data``, or
    ``The DESI Collaboration`` unbraced, whose last word BibTeX takes for a surname. ``Group``
    and ``Team`` are surnames too: ``Group, Anna`` is a person.

    >>> _organisation(["Collaboration", "{\\relax DESI}"]), _organisation(["The DESI Collaboration"])
    ('{{\\relax DESI} Collaboration}', '{The DESI Collaboration}')
    >>> _organisation(["Collaboration"]), _organisation(["Grouper", "Anna"]), _organisation(["Anna Group"])
    (None, None, None)
    >>> _organisation(["Group", "Particle Data"]), _organisation(["Team", "HPQCD"]), _organisation(["Group", "Anna"])
    ('{Particle Data Group}', '{HPQCD Team}', None)
    """
    words = _words(parts[0])
    if len(parts) == 2:
        given = parts[1].strip()
        if len(words) != 1 or not given or not _names_organisation(words[0], _words(given)):
            return None
        return "{" + given + " " + words[0] + "}"
    if len(words) < 2 or not _names_organisation(words[-1], words[:-1]):
        return None
    return "{" + " ".join(words) + "}"


_SUFFIXES: Final = frozenset("jr jr. sr sr. jun jun. sen sen. ii iii iv v".split())


def _suffix(words: list[str]) -> bool:
    """Whether a part of a name is a generational suffix: ``Jr.``, ``Sr``, ``III``."""
    return len(words) == 1 and words[0].strip("{}").casefold() in _SUFFIXES


def trailing_comma(name: str) -> bool:
    r"""Whether a name ends with a comma outside braces (``Wen, Honglin,``, or ``Wen, Honglin,
    and ...``), which BibTeX drops with a warning ("has a comma at the end").

    >>> trailing_comma("Wen, Honglin,"), trailing_comma("{Wen, Honglin,}"), trailing_comma("Wen, H.")
    (True, False, False)
    """
    stripped = name.rstrip()
    return stripped.endswith(",") and not stripped.endswith("\\,") and len(
        _split_depth0(stripped, re.compile(r","))) > 1


def without_trailing_comma(name: str) -> str:
    """A name as BibTeX reads it after dropping the commas it ends with: ``Aa, B, C,`` is
    ``Aa, B, C`` (von Last, Jr, First), whose commas are then counted."""
    while trailing_comma(name):
        name = name.rstrip()[:-1]
    return name


def trailing_comma_problem(name: str) -> str:
    """What ``check`` and ``render`` say of a name with a trailing comma (one message for both)."""
    return (f"name '{name}' has a comma at the end, which BibTeX drops with a warning; read "
            f"as '{name.rstrip()[:-1].rstrip()}' (remove the comma)")


def byline(written: Sequence[str]) -> tuple[Author, ...]:
    """The names of a byline, each as :func:`parse` reads it, PubMed's ``Surname Initials``
    throughout when the byline is in that form (:func:`surname_first`), e.g. a profile's work's
    ``("Carberry JS", "Smith AE")``."""
    pubmed = any(n.rstrip()[-1:].isupper() for n in written) and surname_first(written)
    return tuple(parse(n, pubmed) for n in written)


def parse_list(value: str, annotation: str = "") -> tuple[Author, ...]:
    """Every name of an ``author`` field; ``annotation`` is its ``author+an`` field, if any.
    A byline in PubMed's form (:func:`surname_first`) is read so throughout: ``Carberry JS and
    Smith AE`` is J. S. Carberry and A. E. Smith."""
    authors = list(byline(split_list(value)))
    for number, mark in annotation_marks(annotation).items():
        if 1 <= number <= len(authors) and mark not in authors[number - 1].mark:
            a = authors[number - 1]
            authors[number - 1] = Author(a.first, a.von, a.last, a.jr, a.mark + mark, a.others)
    return tuple(authors)


# --- initials ---------------------------------------------------------------------------

_ACCENT: Final = re.compile(
    r"\\(?:[\"'`^~=.]|[uvHcdbtkr](?![A-Za-z]))\s*(?:\{\s*\\?[A-Za-z]\s*\}|\\?[A-Za-z])"
)
_LETTER_COMMAND: Final = re.compile(r"\\(" + "|".join(sorted(_LETTER_COMMANDS, key=len,
                                                                reverse=True)) + r")(?![A-Za-z])")


def _first_letter(word: str) -> str:
    r"""The first letter of a word as LaTeX: ``'Zhewei'`` gives ``'Z'``, ``'{\"O}mer'`` gives ``'{\"O}'``."""
    i = 0
    n = len(word)
    while i < n:
        c = word[i]
        if c == "\\" or word.startswith("{\\", i):
            start = i + 1 if c == "{" else i
            m = _ACCENT.match(word, start) or _LETTER_COMMAND.match(word, start)
            if m:
                return "{" + m.group(0) + "}"
            if c == "{":  # BibTeX's special character: the whole group, {\relax Ch}
                group = _GROUP.match(word, i)
                if group and _plain_letters(group.group(0)):
                    return group.group(0)
            i = start + 2 if c == "\\" else i + 1
            continue
        if c.isalpha():
            return c
        i += 1
    return ""


_GROUP: Final = re.compile(r"\{(?:[^{}]|\{[^{}]*\})*\}")


def _plain_letters(group: str) -> bool:
    """Whether a special character's group shows letters, e.g. ``{\\relax Ch}``."""
    return any(ch.isalpha() for ch in to_text(group))


def _given_words(first: str, all_caps: bool = False) -> list[str]:
    """Given names as words: ``'M.W.'`` and ``'MW'`` give ``['M.', 'W.']``.

    ``'Klaus-Robert'`` stays one word. Two or three capitals are initials written together
    (PubMed and Web of Science write ``Serre, JP``), unless the whole name is in capitals.
    """
    out: list[str] = []
    for word in _words(first):
        if "." in word[:-1] and "{" not in word and "\\" not in word and "-" not in word:
            out.extend(p + "." for p in word.split(".") if p)
        elif not all_caps and 2 <= len(word) <= 3 and word.isalpha() and word.isupper():
            out.extend(ch + "." for ch in word)
        else:
            out.append(word)
    return out


def initials(first: str, all_caps: bool = False) -> str:
    r"""Initials of given names, e.g. ``'Michael W.'`` gives ``'M. W.'`` and ``'Jean-Pierre'`` ``'J.-P.'``.

    >>> initials("JP"), initials("JP", all_caps=True), initials(r"{\relax Ch}ristopher")
    ('J. P.', 'J.', '{\\relax Ch}.')
    """
    out: list[str] = []
    for word in _given_words(first, all_caps):
        pieces = [p for p in _split_depth0(word, re.compile(r"-")) if p]
        letters = [_first_letter(p) for p in pieces]
        letters = [x for x in letters if x]
        if letters:
            out.append("-".join(x + "." for x in letters))
    return " ".join(out)


# --- display ------------------------------------------------------------------------------

NAME_STYLES: Final = ("initials", "full", "last-initials", "last-first")


@lru_cache(maxsize=65536)
def format_name(author: Author, style: str = "initials") -> str:
    """A name as LaTeX in one of :data:`NAME_STYLES`, e.g. ``'M. W. Mahoney'``."""
    if author.others:
        return "et al."
    abbreviate = style in ("initials", "last-initials")
    given = initials(author.first, to_text(author.last).isupper()) if abbreviate else author.first
    surname = " ".join(p for p in (author.von, author.last) if p)
    if style in ("last-initials", "last-first"):
        head = " ".join(p for p in (surname, author.jr) if p)
        return f"{head}, {given}" if given else head
    return " ".join(p for p in (given, surname, author.jr) if p)


# --- the owner ----------------------------------------------------------------------------


def _fold(text: str) -> str:
    """Case, accents and punctuation aside: ``'Schölkopf'`` and ``'SCHOLKOPF'`` fold alike."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if c.isalnum())


# Letters that accents-aside folding keeps, as ASCII; and the spellings people use for
# umlauts and their kin when they type a name without them (Schoelkopf for Schölkopf).
_PLAIN: Final = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae",
                               "œ": "oe", "ı": "i", "ħ": "h", "ŀ": "l"})
_SPELLED_OUT: Final = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ø": "oe", "å": "aa"})


@lru_cache(maxsize=65536)
def surname_keys(surname: str) -> frozenset[str]:
    r"""Folded spellings of a surname (LaTeX or Unicode), any one of which can meet another's.

    >>> sorted(surname_keys(r'Sch{\"o}lkopf')), sorted(surname_keys("Schoelkopf"))
    (['schoelkopf', 'scholkopf'], ['schoelkopf'])
    >>> sorted(surname_keys("Sørensen")), sorted(surname_keys("Straße"))
    (['soerensen', 'sorensen'], ['strasse'])
    """
    text = unicodedata.normalize("NFC", to_text(surname).casefold())
    keys = {_fold(text.translate(_PLAIN)), _fold(text.translate(_SPELLED_OUT).translate(_PLAIN))}
    keys.discard("")
    return frozenset(keys)


class _Given(NamedTuple):
    text: str
    """Folded given name, e.g. ``zhewei``, or ``z`` for an initial."""
    abbreviated: bool
    hyphenated: bool = False
    """Joined to the name before it by a hyphen, as ``Robert`` in ``Klaus-Robert``."""


def _given_names(first: str, all_caps: bool = False) -> tuple[_Given, ...]:
    """Given names for matching, e.g. ``'Z.-W.'`` gives two initials ``z`` and ``w``.

    ``all_caps`` says the whole name is in capitals, where ``ZW`` is a name, not initials.
    """
    out: list[_Given] = []
    for word in to_text(first).split():
        for h, part in enumerate(re.split(r"[-\u2010\u2011]+", word)):
            pieces = part.split(".")
            dotted = len(pieces) > 1
            for j, piece in enumerate(pieces):
                folded = _fold(piece)
                if not folded:
                    continue
                joined = h > 0 and j == 0
                abbreviated = len(folded) == 1 or (dotted and j < len(pieces) - 1)
                # "ZW" in "Yao, ZW" (PubMed style) is two initials
                if not abbreviated and not all_caps and 2 <= len(piece) <= 3 and piece.isupper():
                    out.extend(_Given(ch, True, joined and k == 0) for k, ch in enumerate(folded))
                    continue
                out.append(_Given(folded, abbreviated, joined))
    return tuple(out)


def _compatible(a: _Given, b: _Given) -> bool:
    if not a.abbreviated and not b.abbreviated:
        return a.text == b.text
    short, long = (a, b) if len(a.text) <= len(b.text) else (b, a)
    return long.text.startswith(short.text)


def _tiles(whole: _Given, parts: Sequence[_Given]) -> bool:
    """Whether several given names spell one: ``Zhe Wei`` or ``Z.-W.`` for ``Zhewei``."""
    if whole.abbreviated:
        return False
    pattern = "".join(re.escape(p.text) + (".*" if p.abbreviated else "") for p in parts)
    return re.fullmatch(pattern, whole.text) is not None


def _givens_match(mine: Sequence[_Given], theirs: Sequence[_Given]) -> bool:
    """Whether the owner's given names and another's can be the same person's.

    Names are compared in order, an initial standing for a name that starts with it; a
    middle name may be missing on either side, but not half of a hyphenated name
    (``Klaus`` is not ``Klaus-Robert``); one name may be written as several
    (``Zhe-Wei``, ``Z.-W.`` and ``Zhe Wei`` for ``Zhewei``).
    """
    if not mine:
        return True  # the owner listed a surname only: every given name is theirs
    if not theirs:
        return False

    def rest_ok(rest: Sequence[_Given]) -> bool:
        return not rest or not rest[0].hyphenated

    def walk(i: int, j: int) -> bool:
        if i == len(mine) or j == len(theirs):
            return i > 0 and rest_ok(mine[i:]) and rest_ok(theirs[j:])
        if _compatible(mine[i], theirs[j]) and walk(i + 1, j + 1):
            return True
        for k in range(j + 2, len(theirs) + 1):
            if _tiles(mine[i], theirs[j:k]) and walk(i + 1, k):
                return True
        for k in range(i + 2, len(mine) + 1):
            if _tiles(theirs[j], mine[i:k]) and walk(k, j + 1):
                return True
        return False

    return walk(0, 0)


class _Spelling(NamedTuple):
    surname: frozenset[str]
    """:func:`surname_keys` of von and last parts together, e.g. ``{"vanbeethoven"}``."""
    last: frozenset[str]
    given: tuple[_Given, ...]


def _spelling(author: Author) -> _Spelling:
    return _Spelling(
        surname=surname_keys(f"{author.von} {author.last}"),
        last=surname_keys(author.last),
        given=_given_names(author.first, all_caps=to_text(author.last).isupper()),
    )


def _name_words(author: Author) -> tuple[str, ...]:
    """The folded words of a name in reading order, braces aside: ``{Zhewei Yao}`` gives
    ``('zhewei', 'yao')``, as do ``Zhewei Yao`` and ``Yao, Zhewei``."""
    text = to_text(" ".join(p for p in (author.first, author.von, author.last, author.jr) if p))
    return tuple(w for w in (_fold(word) for word in re.split(r"[\s\u00a0]+", text)) if w)


def _splits(author: Author) -> Iterator[Author]:
    """The name, and the same words split with more of them as the surname.

    BibTeX takes only the last word of ``Given First Second`` as the surname, while
    ``First Second, Given`` has two: both are the owner's spellings. Only written-out words
    move (``Michael W. Mahoney`` gives no surname ``W. Mahoney``).
    """
    yield author
    words = _words(author.first)
    for k in range(len(words) - 1, 0, -1):
        moved = words[k:]
        if any(len(_fold(to_text(w))) < 2 or w.endswith(".") for w in moved):
            break
        last = " ".join([*moved, *(p for p in (author.von, author.last) if p)])
        yield Author(first=" ".join(words[:k]), last=last)


class Owner(NamedTuple):
    """The person whose list it is, in every spelling they listed.

    One listed spelling covers initials, missing middle names, LaTeX or Unicode accents,
    hyphenated given names, a compound surname split either way (``Given First Second`` and
    ``First Second, Given``) and the whole name in one brace group (``{Zhewei Yao}``); list a
    second spelling for a different surname spelling.
    """

    spellings: tuple[_Spelling, ...]
    words: frozenset[tuple[str, ...]] = frozenset()
    """Each listed name's folded words in reading order, e.g. ``('zhewei', 'yao')``."""

    @classmethod
    def of(cls, names: Iterable[str]) -> Owner:
        """The owner from config names, e.g. ``Owner.of(["Zhewei Yao"])``."""
        authors = [parse(n) for n in names]
        spellings = tuple(dict.fromkeys(_spelling(s) for a in authors for s in _splits(a)))
        return cls(spellings, frozenset(_name_words(a) for a in authors))

    def matches(self, author: Author) -> bool:
        """Whether ``author`` is the owner; another given name with the same surname is not."""
        return _matches(self, author)


@lru_cache(maxsize=65536)
def _matches(owner: Owner, author: Author) -> bool:
    if author.others or not owner.spellings:
        return False
    if _name_words(author) in owner.words:
        return True  # word for word, however BibTeX split it: {Zhewei Yao}, First Second, Given
    # their compound surname split either way too: "J. García López" is J. García-López, whose
    # byline dropped the hyphen, and BibTeX took García for a given name
    return any(
        mine.last
        and (mine.surname & theirs.surname or mine.last & theirs.last)
        and _givens_match(mine.given, theirs.given)
        for theirs in map(_spelling, _splits(author))
        for mine in owner.spellings
    )
