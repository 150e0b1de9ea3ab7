"""The owner's profile ids: DBLP, ORCID, Semantic Scholar and OpenAlex, in the forms people paste.

Each reader takes the bare id or the profile's URL, as it comes when copied (a query string, a
fragment, quotes, a PDF's typographic hyphens: :func:`publist.papers.pasted.clean`), and gives the id
as the service's API wants it, or raises :class:`ValueError` saying what is wrong, in words a user can act on. An
ORCID iD's last character is a check digit (ISO/IEC 7064 MOD 11-2, as ORCID's "Structure of
the ORCID Identifier" documents it), so a typo is caught here rather than fetched as
somebody else's record.

>>> orcid("https://orcid.org/0000-0002-1825-0097"), dblp("https://dblp.org/pid/12/3456.html")
('0000-0002-1825-0097', '12/3456')
>>> semanticscholar("https://www.semanticscholar.org/author/Josiah-Carberry/1234567")
'1234567'
>>> openalex("https://openalex.org/authors/a5000000001")
'A5000000001'
>>> orcid("0000-0002-1825-0098")
Traceback (most recent call last):
ValueError: '0000-0002-1825-0098' is not an ORCID iD: its last character should be 7 (a typo?)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final
from urllib.parse import unquote

from publist.papers.pasted import clean

# the iD, its address, or either after the label a CV or a paper prints ("ORCID iD: ..."); the
# record's pages (/print, /works) are the record too
_ORCID: Final = re.compile(
    r"^(?:orcid(?:\s*id)?\s*:?\s*)?(?:(?:https?://)?(?:www\.)?orcid\.org/)?"
    r"(\d{4})[-\s]?(\d{4})[-\s]?(\d{4})[-\s]?(\d{3}[\dXx])(?:/[\w-]*)*/?(?:[?#].*)?$",
    re.IGNORECASE,
)
# New pids are numbers ("12/3456", a homonym "12/3456-1"); old ones a letter and a name
# ("l/MichaelLey"). The profile page is dblp.org/pid/<pid>(.html|.xml), on either host.
_DBLP_PID: Final = r"(?:\d+/\d+(?:-\d+)?|[a-z]/[A-Za-z][A-Za-z0-9_-]*)"
_DBLP: Final = re.compile(
    rf"^(?:(?:https?://)?(?:www\.)?dblp\.(?:org|uni-trier\.de|dagstuhl\.de)/pid/)?({_DBLP_PID})"
    r"(?:\.html|\.xml|\.bib)?/?(?:[?#].*)?$"
)
_DBLP_NAME_PAGE: Final = re.compile(r"dblp\.(?:org|uni-trier\.de|dagstuhl\.de)/pers/", re.IGNORECASE)
_S2: Final = re.compile(
    r"^(?:(?:https?://)?(?:www\.|api\.)?semanticscholar\.org/(?:graph/v1/)?author/(?:[^/?#]*/)?)?"
    r"(\d+)(?:/papers)?/?(?:[?#].*)?$"
)
_OPENALEX: Final = re.compile(
    r"^(?:(?:https?://)?(?:api\.)?openalex\.org/(?:authors/)?)?([Aa]\d{4,12})/?(?:[?#].*)?$"
)
_OPENALEX_OTHER: Final = re.compile(r"^(?:.*openalex\.org/(?:\w+/)?)?([WSIPCTFwsipctf]\d+)/?$")


def orcid_check_digit(digits: str) -> str:
    """The check character of an ORCID iD's first 15 digits (ISO 7064 MOD 11-2).

    >>> orcid_check_digit("000000021825009")
    '7'
    """
    total = 0
    for digit in digits:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def orcid(text: str) -> str:
    """An ORCID iD as ``0000-0002-1825-0097``, from the iD or its ``https://orcid.org/`` URL."""
    value = clean(text)
    m = _ORCID.match(value)
    if not m:
        raise ValueError(f"{text!r} is not an ORCID iD (16 digits as 0000-0002-1825-0097, or its "
                         "https://orcid.org/ URL)")
    digits = "".join(m.groups()).upper()
    check = orcid_check_digit(digits[:15])
    if digits[15] != check:
        raise ValueError(f"{text!r} is not an ORCID iD: its last character should be {check} (a typo?)")
    return "-".join(digits[i : i + 4] for i in range(0, 16, 4))


def dblp(text: str) -> str:
    """A DBLP person id (pid), e.g. ``12/3456`` or ``l/MichaelLey``, from the pid or its page."""
    value = unquote(clean(text))
    m = _DBLP.match(value)
    if m:
        return m.group(1)
    if _DBLP_NAME_PAGE.search(value):
        raise ValueError(f"{text!r} is a DBLP name page, not a person id: open it and copy the "
                         "address of the 'persistent URL' (https://dblp.org/pid/...)")
    raise ValueError(f"{text!r} is not a DBLP person id (as in https://dblp.org/pid/12/3456.html)")


def semanticscholar(text: str) -> str:
    """A Semantic Scholar author id, e.g. ``1234567``, from the id or the author's page."""
    m = _S2.match(clean(text))
    if not m:
        raise ValueError(f"{text!r} is not a Semantic Scholar author id (the number in "
                         "https://www.semanticscholar.org/author/<name>/<id>)")
    return m.group(1)


def openalex(text: str) -> str:
    """An OpenAlex author id, e.g. ``A5000000001``, from the id or its openalex.org URL."""
    value = clean(text)
    m = _OPENALEX.match(value)
    if m:
        return m.group(1).upper()
    other = _OPENALEX_OTHER.match(value)
    if other:
        raise ValueError(f"{text!r} is an OpenAlex id of something else than an author "
                         "(an author's starts with A, e.g. A5000000001)")
    raise ValueError(f"{text!r} is not an OpenAlex author id (as in https://openalex.org/A5000000001)")


READERS: Final[dict[str, Callable[[str], str]]] = {
    "dblp": dblp, "orcid": orcid, "semanticscholar": semanticscholar, "openalex": openalex,
}
"""Each profile's reader, by its config key in ``[owner]``."""
