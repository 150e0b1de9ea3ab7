"""The owner's papers as the profiles know them: works grouped into papers, and which of them
the .bib lacks; pure (works, publications and the ignore list in; papers out).

Each profile lists its own versions of a paper (DBLP the conference record and its CoRR
copy, ORCID a work per source, Semantic Scholar and OpenAlex one each), so the works of all
profiles are grouped as :func:`publist.papers.identity.group` says: a shared DOI, arXiv id, DBLP key,
Semantic Scholar or OpenAlex id, or the strict title rule (the same title and an author in
common), which never joins two publications whose DOIs or DBLP keys differ (a journal
extension joins its conference paper only through an identifier). A paper is the owner's
when a version's printed author list names the owner (the names on the paper, never the
profile's own attribution); a paper no version of which prints authors is given the benefit
of the doubt.

>>> from publist.sources.published import Published
>>> nips = Published("DBLP", "conference", "NeurIPS", year=2021, pages="1-10")
>>> works = [ProfileWork("DBLP", "Cracked Pots", ("Josiah Carberry",), 2021, "inproceedings", nips,
...                      dblp="conf/nips/C21"),
...          ProfileWork("OpenAlex", "Cracked pots", ("J. Carberry", "W. Wang"), 2021, "preprint", None,
...                      arxiv="2101.00001", openalex="W1")]
>>> [(p.title, p.venue.venue if p.venue else None, p.ids) for p in group(works)]
[('Cracked Pots', 'NeurIPS', {'arxiv': '2101.00001', 'dblp': 'conf/nips/C21', 'openalex': 'W1'})]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Final, NamedTuple

from publist.model import Publication
from publist.papers import identity
from publist.sources.profile import IDS, SERVICES, ProfileWork
from publist.sources.published import Published
from publist.text.names import Owner, byline

_ORDER: Final = tuple(SERVICES.values())
"""Profiles by how far their venues are trusted: DBLP's are curated, then the owner's ORCID."""


class Paper(NamedTuple):
    """One paper: every version the profiles list, and what a CV shows of it."""

    works: tuple[ProfileWork, ...]

    @property
    def best(self) -> ProfileWork:
        """The version shown: a published one first, then one that prints its authors and has
        a DOI, from the most trusted profile."""
        def rank(w: ProfileWork) -> tuple[int, int, int, int]:
            order = _ORDER.index(w.profile) if w.profile in _ORDER else len(_ORDER)
            return (w.published is None, not w.authors, not w.doi, order)

        return min(self.works, key=rank)

    @property
    def title(self) -> str:
        return self.best.title

    @property
    def authors(self) -> tuple[str, ...]:
        """The shown version's authors, else the longest list a version prints."""
        return self.best.authors or max((w.authors for w in self.works), key=len)

    @property
    def venue(self) -> Published | None:
        return self.best.published

    @property
    def year(self) -> int | None:
        best = self.best
        if best.published is not None and best.published.year:
            return best.published.year
        return best.year or min((w.year for w in self.works if w.year), default=None)

    @property
    def ids(self) -> dict[str, str]:
        """One id of each kind: the shown version's where it has one (its DOI, never another
        publication's), else the first version's that has it."""
        best = self.best
        out = {}
        for kind in IDS:
            value = getattr(best, kind)
            if not value and not (kind == "doi" and best.published is not None):
                value = next((getattr(w, kind) for w in self.works if getattr(w, kind)), "")
            if kind == "dblp" and value.startswith("journals/corr/") and best.published is not None:
                value = next((w.dblp for w in self.works if w.dblp and not w.dblp.startswith("journals/corr/")),
                             value)
            if value:
                out[kind] = value
        return out

    def remembered(self) -> dict[str, str]:
        """The ids the ignore file keeps of it: :attr:`ids`, and the put-code of its ORCID
        work, which alone knows a work without ids once its title is corrected."""
        code = next((w.key for w in self.works if w.profile == "ORCID" and w.key), "")
        return self.ids | ({"orcid-work": code} if code else {})

    @property
    def profiles(self) -> tuple[str, ...]:
        """Which profiles list it, e.g. ``("DBLP", "OpenAlex")``."""
        return tuple(p for p in _ORDER if any(w.profile == p for w in self.works))

    def keys(self) -> dict[str, str]:
        """The keys of every version (:mod:`publist.papers.identity`)."""
        out: dict[str, str] = {}
        for w in self.works:
            out.update(work_keys(w))
        return out

    def published_ids(self) -> frozenset[str]:
        """The DOIs and DBLP keys of its versions that have a venue (:func:`publist.papers.identity.published`)."""
        return frozenset(k for w in self.works if w.published is not None for k in identity.published(work_keys(w)))

    def is_owners(self, owner: Owner) -> bool:
        """Whether a version's printed authors name the owner, or no version prints any.

        Where only initials name the owner (``J. Carberry``, as physics journals print
        names), a version that names nobody as the owner but spells that author out as
        somebody else (``Jane Carberry``) says whose paper it is.
        """
        from publist.text.names import surname_keys

        versions = [list(byline(w.authors)) for w in self.works if w.authors]
        mine = [a for names in versions for a in names if owner.matches(a)]
        if not versions or any(not _initials_only(a.first) for a in mine):
            return True
        surnames = {k for a in mine for k in surname_keys(a.last)}
        return bool(mine) and not any(
            not any(owner.matches(a) for a in names)
            and any(not _initials_only(a.first) and surname_keys(a.last) & surnames for a in names)
            for names in versions)


def _initials_only(given: str) -> bool:
    """Whether given names are initials only (``J.``, ``J. S.``, ``JS``), or absent."""
    return all(len(t) == 1 or (t.isupper() and len(t) <= 3) for t in re.split(r"[\s.\-]+", given) if t)


@lru_cache(maxsize=65536)
def work_keys(work: ProfileWork) -> dict[str, str]:
    """The keys a work is known by: its identifiers, then its title with each author's surname
    (computed once a work: callers only read it)."""
    from publist.papers.matching import arxiv_surnames

    out: dict[str, str] = {}
    for kind, value in work.identifiers().items():
        out.update(identity.named(kind, value))
    if work.profile == "ORCID" and work.key:  # its put-code: the one id a work without ids has
        out.update(identity.named("orcid-work", work.key))
    out.update(identity.title_keys(work.title, arxiv_surnames(work.authors)))
    return out


def group(works: Iterable[ProfileWork]) -> list[Paper]:
    """The works as papers, each once, in the order their first versions come."""
    works = list(works)
    groups = identity.group([work_keys(w) for w in works], [w.published is not None for w in works])
    return [Paper(tuple(works[n] for n in members)) for members in groups]


class Found(NamedTuple):
    """What ``discover`` shows: the owner's papers the .bib lacks (``candidates``), and papers
    a profile lists whose authors do not name the owner (``apart``); both newest first."""

    candidates: list[Paper]
    apart: list[Paper]

    def numbered(self) -> list[tuple[int, Paper]]:
        """Every paper with its number: the candidates from 1, then the papers apart."""
        return list(enumerate([*self.candidates, *self.apart], start=1))


def missing(
    papers: Iterable[Paper], known: Iterable[Mapping[str, str]], owner: Owner,
) -> Found:
    """The papers that no ``known`` paper (the .bib's entries, the ignored papers: their
    :mod:`publist.papers.identity` keys) is a version of, the owner's apart from the others'."""
    index: identity.Papers[int] = identity.Papers()
    for n, keys in enumerate(known):
        index.add(n, keys)
    candidates: list[Paper] = []
    apart: list[Paper] = []
    for paper in papers:
        if index.find(paper.keys(), versions=True, own=paper.published_ids()) is not None:
            continue
        (candidates if paper.is_owners(owner) else apart).append(paper)
    return Found(newest_first(candidates), newest_first(apart))


def newest_first(papers: Sequence[Paper]) -> list[Paper]:
    """Newest first, then by title: the same order on every run, so numbers stay put."""
    from publist.papers.matching import normalize_title

    return sorted(papers, key=lambda p: (-(p.year or 0), normalize_title(p.title), sorted(p.keys())))


def in_bib(pubs: Iterable[Publication]) -> list[dict[str, str]]:
    """The keys of the .bib's entries, for :func:`missing`."""
    return [identity.of(p) for p in pubs]


def select(found: Found, wanted: Sequence[str]) -> tuple[list[tuple[int, Paper]], list[str]]:
    """The papers ``wanted`` names (``all``: every candidate; numbers, also as ``1,3`` and
    ``2-5`` as other commands split lists; an id of any version in any form: a DOI, an arXiv
    id, a DBLP key, a Semantic Scholar or OpenAlex id), and the words that name none.

    >>> p = Paper((ProfileWork("DBLP", "T", (), 2020, "article", None, doi="10.5555/X"),))
    >>> [n for n, _ in select(Found([p], []), ["https://doi.org/10.5555/x"])[0]], select(Found([p], []), ["7"])[1]
    ([1], ['7'])
    """
    numbered = found.numbered()
    chosen: dict[int, Paper] = {}
    unknown = []
    for word in wanted:
        if word.strip().lower() == "all":
            chosen.update(numbered[: len(found.candidates)])
            continue
        if _NUMBERS.fullmatch(word.strip()):
            numbers = _numbers(word, len(numbered))
            if numbers:
                chosen.update((n, numbered[n - 1][1]) for n in numbers)
            else:
                unknown.append(word)
            continue
        keys = id_keys(word)
        hits = [(n, p) for n, p in numbered if keys and keys.keys() & p.keys().keys()]
        if hits:
            chosen.update(hits)
        else:
            unknown.append(word)
    return sorted(chosen.items()), unknown


_NUMBERS: Final = re.compile(r"\d+(?:\s*-\s*\d+)?(?:\s*,\s*\d+(?:\s*-\s*\d+)?)*,?")


def _numbers(word: str, most: int) -> list[int]:
    """The numbers a word lists, e.g. ``[1, 3, 4, 5]`` for ``1,3-5``; ``[]`` when one is not
    between 1 and ``most`` or a range runs backwards."""
    out: list[int] = []
    for part in word.replace(" ", "").strip(",").split(","):
        first, _, last = part.partition("-")
        low, high = int(first), int(last or first)
        if not 1 <= low <= high <= most:
            return []
        out += range(low, high + 1)
    return out


def id_keys(text: str) -> dict[str, str]:
    """The identity keys an id that people paste may be: an arXiv id or a DOI in any form,
    a DBLP key, an OpenAlex work id, a Semantic Scholar paper id (:func:`publist.papers.pasted.paper`).

    >>> sorted(id_keys("arXiv:2101.00001v2")), sorted(id_keys("https://openalex.org/W2755950973?x=1"))
    (['arxiv:2101.00001'], ['openalex:W2755950973'])
    """
    from publist.papers import pasted

    found = pasted.paper(text)
    return identity.named(found.kind, found.value) if found is not None else {}


def owner_name(works: Iterable[ProfileWork]) -> str:
    """The name the owner's works have in common: the one most of them print (its fullest
    spelling), or ``''`` when no name is on more than half of the works that print authors.

    >>> owner_name([ProfileWork("DBLP", "A", ("J. Carberry", "W. Wang"), None, "article", None),
    ...             ProfileWork("DBLP", "B", ("Josiah Carberry",), None, "article", None)])
    'Josiah Carberry'
    """
    from publist.text.names import surname_keys

    printed = [w.authors for w in works if w.authors]
    counts: dict[tuple[str, str], int] = {}
    spellings: dict[tuple[str, str], list[str]] = {}
    for names in printed:
        seen = set()
        for name, author in zip(names, byline(names), strict=True):
            surname = min(surname_keys(author.last), default="")
            key = (surname, (author.first.strip()[:1] or "?").casefold())
            if surname and key not in seen:
                seen.add(key)
                counts[key] = counts.get(key, 0) + 1
                spellings.setdefault(key, []).append(name)
    if not counts:
        return ""
    best = max(counts, key=lambda k: counts[k])
    if counts[best] * 2 <= len(printed) or sum(c == counts[best] for c in counts.values()) > 1:
        return ""
    return max(spellings[best], key=len)
