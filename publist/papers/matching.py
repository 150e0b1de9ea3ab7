"""Is this arXiv paper the entry's paper? A strict rule, because a wrong id on a CV is worse
than a missing one.

A title search result is accepted only when its normalised title equals the entry's (case,
accents, LaTeX, braces, punctuation and spacing aside) and they share an author surname.
Look-alikes (the same authors and a similar title, the same title words in a longer title,
or the same title by other authors) are refused and reported.

>>> normalize_title(r"{PyHessian}: Neural Networks Through the Lens of the {H}essian")
'pyhessian neural networks through the lens of the hessian'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import Final, Generic, NamedTuple, Protocol, TypeVar

from publist.model import Author
from publist.text.latex import to_text
from publist.text.names import parse, surname_keys

SIMILAR: Final = 0.8
"""Title similarity (difflib ratio) from which a result with a shared author is a look-alike."""


_WORD: Final = re.compile(r"[^\W_]+")


def title_words(title: str) -> list[str]:
    """The words of a title, folded: LaTeX, accents, case and punctuation aside."""
    text = to_text(title).casefold()
    if not text.isascii():  # accents apart: é is e
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    return _WORD.findall(text)


def normalize_title(title: str) -> str:
    """A title reduced to its words, for comparison."""
    return " ".join(title_words(title))


def surnames(authors: Iterable[Author]) -> set[str]:
    """Folded surnames of an entry's authors in every spelling, e.g. ``{"yao", "gholami"}``.

    Umlauts count in both spellings (``Schölkopf`` gives ``scholkopf`` and ``schoelkopf``),
    so that two spellings of one author share a key.
    """
    return {k for a in authors if not a.others for k in surname_keys(a.last)}


def arxiv_surnames(names: Iterable[str]) -> set[str]:
    """Folded surnames of arXiv's author names (``First Last``), as :func:`surnames`."""
    return surnames(parse(n) for n in names)


class Candidate(Protocol):
    """A search result: an arXiv entry, a DBLP record ..."""

    @property
    def title(self) -> str: ...

    @property
    def authors(self) -> tuple[str, ...]: ...


C = TypeVar("C", bound=Candidate)


class Verdict(NamedTuple, Generic[C]):
    """The outcome for one entry: ``match`` (write it), ``near`` (refuse, report) or ``none``."""

    kind: str
    entry: C | None = None
    reason: str = ""


def judge(
    title: str, authors: Sequence[Author], candidates: Iterable[C],
    name: Callable[[C], str] = lambda c: f"arXiv {c.id}",  # type: ignore[attr-defined]
) -> Verdict[C]:
    """The verdict on a title search's results for one entry.

    ``name(candidate)`` names a result in messages, e.g. ``arXiv 1912.07145`` or
    ``DBLP conf/nips/ZhangYGKGBM19``; two results with different names that both match
    make the verdict ambiguous.
    """
    mine = normalize_title(title)
    my_words = set(mine.split())
    my_names = surnames(authors)
    matches: dict[str, C] = {}
    near: list[tuple[C, str]] = []
    for entry in candidates:
        theirs = normalize_title(entry.title)
        shared = bool(my_names & arxiv_surnames(entry.authors))
        if theirs == mine and shared:
            matches.setdefault(name(entry), entry)
        elif theirs == mine:
            near.append((entry, "the same title by other authors"))
        elif shared and _looks_alike(mine, my_words, theirs):
            near.append((entry, "a similar title by the same authors"))
    if len(matches) == 1:
        return Verdict("match", next(iter(matches.values())))
    if len(matches) > 1:
        ids = ", ".join(sorted(matches))
        return Verdict("near", next(iter(matches.values())), f"several papers match ({ids})")
    if near:
        entry, why = near[0]
        return Verdict("near", entry, f"{name(entry)} has {why}: '{entry.title}'")
    return Verdict("none")


def _looks_alike(mine: str, my_words: set[str], theirs: str) -> bool:
    their_words = set(theirs.split())
    if my_words and (my_words <= their_words or their_words <= my_words):
        return True
    from difflib import SequenceMatcher  # only for a title search: not on render's path

    return SequenceMatcher(None, mine, theirs).ratio() >= SIMILAR
