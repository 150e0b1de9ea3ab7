"""Which entries are one paper: the one place that says so.

A paper is known by its identifiers (its arXiv id in any exporter's form, its DOI in any form,
its DBLP key) and, besides them, by the strict title rule of :mod:`publist.papers.matching`: the
same title (case, accents, LaTeX, braces, punctuation and spacing aside) and an author surname
in common. Each is a *key*; two entries that share one are one paper. ``publist check`` (the
same paper twice), ``merge_preprints`` (a preprint and its published version, shown once),
``publist add`` (a paper the file has already) and ``publist sync --upgrade`` (a preprint whose
published version the file has already) all ask here.

>>> papers = Papers()
>>> papers.add("anode-neurips", keys({"biburl": "https://dblp.org/rec/conf/nips/ZhangYGKGBM19.bib"},
...                                  "ANODEV2: A Coupled Neural ODE Framework", ["zhang", "yao"]))
>>> papers.find(keys({"journal": "CoRR", "volume": "abs/1906.04596"},
...                  "ANODEV2: A Coupled Neural ODE Framework", ["yao"]))
Match(item='anode-neurips', how='title and an author')
>>> papers.find(identifiers({"eprint": "1906.04596"})) is None
True
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import Final, Generic, NamedTuple, TypeVar

from publist.model import Publication

T = TypeVar("T")
_DBLP_RECORD: Final = re.compile(
    r"^https?://(?:www\.)?dblp\.(?:org|uni-trier\.de|dagstuhl\.de)/rec/(?:bib\d?/|html/|xml/)?"
    r"((?:conf|journals|books|series|phd|reference|persons|tr|ms)/[^\s?#]+?)(?:\.(?:bib|html|xml))?$",
    re.IGNORECASE,
)
TITLE: Final = "title and an author"
"""How a match by the strict title rule is named, e.g. in ``the same title and an author as``."""


def identifiers(fields: Mapping[str, str], kinds: Collection[str] = ("arxiv", "doi", "dblp")) -> dict[str, str]:
    """A paper's identifiers, folded for comparison, with how to name them to a user.

    Its arXiv id in any exporter's form (an arXiv DOI counts as the id), its DOIs
    (:func:`publist.papers.links.entry_dois`: an article and its erratum are both the paper's),
    and its DBLP key (from DBLP's ``biburl``); only those of ``kinds``, when a caller compares
    with papers that have no other (the others are not read).

    >>> identifiers({"url": "https://DOI.org/10.1109/iccv.2019.00038", "eprint": "1912.07145v2"})
    {'arxiv:1912.07145': 'arXiv 1912.07145', 'doi:10.1109/iccv.2019.00038': 'DOI 10.1109/iccv.2019.00038'}
    >>> identifiers({"biburl": "https://dblp.org/rec/bib/journals/corr/abs-1811-12941"})
    {'dblp:journals/corr/abs-1811-12941': 'DBLP journals/corr/abs-1811-12941'}
    """
    from publist.papers import arxivid
    from publist.papers.links import entry_dois

    out = {}
    found = arxivid.find(fields) if "arxiv" in kinds else None
    if found:
        out.update(named("arxiv", found))
    for doi in entry_dois(fields) if "doi" in kinds else ():
        if not arxivid.parse(doi):
            out.update(named("doi", doi))
    if "dblp" in kinds and (m := _DBLP_RECORD.match(fields.get("biburl", "").strip())):
        out.update(named("dblp", m.group(1)))
    return out


NAMES: Final = {"arxiv": "arXiv", "doi": "DOI", "dblp": "DBLP", "semanticscholar": "Semantic Scholar",
                "openalex": "OpenAlex", "orcid-work": "ORCID work"}
"""The kinds of identifier a paper is known by, and how a message names each; an ORCID work is
known by its put-code in the owner's record (a work with no id of its own has it too)."""


def named(kind: str, value: str) -> dict[str, str]:
    """One identifier as a key, with how to name it: an arXiv id in arXiv's form, without its
    version or an old id's subject class (``math/0309136`` for ``math.GT/0309136v2``), a DOI
    folded as :func:`publist.papers.links.doi_key` folds it (case and percent-encoding aside), a
    DBLP key, a Semantic Scholar paper id or an OpenAlex work id as they are.

    >>> named("doi", "10.1002/%28SICI%291097"), named("arxiv", "1912.07145v2")
    ({'doi:10.1002/(sici)1097': 'DOI 10.1002/%28SICI%291097'}, {'arxiv:1912.07145': 'arXiv 1912.07145'})
    """
    from publist.papers import arxivid
    from publist.papers.links import doi_key

    value = value.strip()
    if kind == "arxiv":
        value = arxivid.base(arxivid.parse(value) or value)
        folded = value
    elif kind == "doi":
        folded = doi_key(value)
    elif kind == "openalex":
        value = folded = value.upper()
    else:
        folded = value.lower() if kind == "semanticscholar" else value
    return {f"{kind}:{folded}": f"{NAMES[kind]} {value}"} if value else {}


def of_ids(doi: str = "", arxiv: str = "", dblp: str = "") -> dict[str, str]:
    """The keys of identifiers a source gives bare (a profile's work, an API's record), folded
    as :func:`identifiers` folds an entry's.

    >>> of_ids(doi="10.1109/ICCV.2019.00038", arxiv="1912.07145", dblp="conf/iccv/X19")
    {'arxiv:1912.07145': 'arXiv 1912.07145', 'doi:10.1109/iccv.2019.00038': 'DOI 10.1109/ICCV.2019.00038', 'dblp:conf/iccv/X19': 'DBLP conf/iccv/X19'}
    """
    return {**named("arxiv", arxiv), **named("doi", doi), **named("dblp", dblp)}


def title_keys(title: str, surnames: Iterable[str]) -> dict[str, str]:
    """The strict title rule as keys: one per author surname (folded, as
    :func:`publist.papers.matching.surnames` gives them), each naming the normalised title.

    >>> title_keys("{HAWQ}: Hessian {AWare} Quantization", {"dong"})
    {'title:hawq hessian aware quantization|dong': 'title and an author'}
    """
    from publist.papers.matching import normalize_title

    normal = normalize_title(title)
    return {f"title:{normal}|{s}": TITLE for s in sorted(surnames)} if normal else {}


def keys(fields: Mapping[str, str], title: str, surnames: Iterable[str]) -> dict[str, str]:
    """Every key a paper is known by, identifiers first, with how to name each."""
    return {**identifiers(fields), **title_keys(title, surnames)}


def of(pub: Publication) -> dict[str, str]:
    """The keys of a publication: its identifiers, its title and its authors' surnames."""
    from publist.papers.matching import surnames

    return keys(pub.fields, pub.title, surnames(pub.authors))


class Match(NamedTuple, Generic[T]):
    """An entry that is the same paper, and how it was recognised, e.g. ``arXiv 1912.07145``."""

    item: T
    how: str


class Papers(Generic[T]):
    """Entries by the keys of the paper each is: built once, asked for each entry (linear in
    the file's size). An item is whatever the caller tells entries apart by: a record, a
    publication, an index."""

    def __init__(self) -> None:
        self._by: dict[str, T] = {}
        self._published: dict[str, list[tuple[T, frozenset[str]]]] = {}

    def add(self, item: T, paper: Iterable[str]) -> None:
        """Remember ``item`` under each of its keys; the first item under a key stays."""
        paper = list(paper)
        own = published(paper)
        for key in paper:
            self._by.setdefault(key, item)
            if key.startswith("title:"):
                self._published.setdefault(key, []).append((item, own))

    def find(self, paper: Mapping[str, str], versions: bool = False,
             own: frozenset[str] | None = None) -> Match[T] | None:
        """The first entry added that shares a key with ``paper``, by its first shared key.

        With ``versions``, the title rule does not join two publications: a title shared with
        an entry whose published identifiers of a kind differ from the paper's (a conference
        paper and its journal extension, each with its DOI) is no match. ``own``: the paper's
        published identifiers, when not all of its DOIs are a publication's (a data set's).
        """
        mine = (published(paper) if own is None else own) if versions else frozenset()
        for key, how in paper.items():
            if key not in self._by:
                continue
            if not versions or not key.startswith("title:"):
                return Match(self._by[key], how)
            for item, theirs in self._published[key]:
                if compatible(mine, theirs):
                    return Match(item, how)
        return None


_PUBLISHED_KINDS: Final = ("doi:", "dblp:")


def published(paper: Iterable[str]) -> frozenset[str]:
    """The keys that name one publication of a paper: its DOIs and DBLP keys, but not DBLP's
    CoRR copies of arXiv papers (``journals/corr/...``), which are the preprint."""
    return frozenset(k for k in paper if k.startswith(_PUBLISHED_KINDS) and not k.startswith("dblp:journals/corr/"))


def compatible(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two papers known by the title rule may be one: no kind of published
    identifier (DOI, DBLP key) that both have and that differs.

    >>> compatible(frozenset({"doi:10.1/a"}), frozenset({"dblp:conf/x/A", "doi:10.1/a"}))
    True
    >>> compatible(frozenset({"doi:10.1/conf"}), frozenset({"doi:10.1/journal"}))
    False
    """
    for kind in _PUBLISHED_KINDS:
        mine = {k for k in a if k.startswith(kind)}
        theirs = {k for k in b if k.startswith(kind)}
        if mine and theirs and not mine & theirs:
            return False
    return True


def group(papers: Sequence[Mapping[str, str]], publications: Sequence[bool] | None = None) -> list[list[int]]:
    """Versions of one paper together: positions grouped, each group in the order given.

    Two items that share an identifier are one paper. Two that share only a title key are
    one unless their groups' published identifiers disagree (:func:`compatible`): a journal
    extension that keeps the conference paper's title is one paper with it only when an
    identifier (the arXiv id both cite, say) ties them. ``publications`` says which items are
    publications (have a venue); by default all are. Only a publication's DOI counts so: two
    Zenodo deposits of one thesis, each with its DOI, are one paper by their title.

    >>> arxiv = {"arxiv:2101.00001": "arXiv 2101.00001", "title:t|carberry": TITLE}
    >>> conference = {"doi:10.1/conf": "DOI 10.1/conf", "title:t|carberry": TITLE}
    >>> journal = {"doi:10.1/journal": "DOI 10.1/journal", "title:t|carberry": TITLE}
    >>> group([arxiv, conference, journal])
    [[0, 1], [2]]
    >>> group([arxiv, conference, {**journal, "arxiv:2101.00001": "arXiv 2101.00001"}])
    [[0, 2], [1]]
    >>> group([arxiv, {**conference, "dblp:conf/x/C": "DBLP conf/x/C"}, {"dblp:conf/x/C": "DBLP conf/x/C"}])
    [[0, 1, 2]]
    """
    parent = list(range(len(papers)))

    def root(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    first: dict[str, int] = {}
    for n, paper in enumerate(papers):
        for key in paper:
            if not key.startswith("title:"):
                other = first.setdefault(key, n)
                parent[root(n)] = root(other)
    ids: dict[int, frozenset[str]] = {}
    for n, paper in enumerate(papers):
        r = root(n)
        own = published(paper) if publications is None or publications[n] else frozenset()
        ids[r] = ids.get(r, frozenset()) | own
    by_title: dict[str, list[int]] = {}
    for n, paper in enumerate(papers):
        for key in paper:
            if key.startswith("title:"):
                by_title.setdefault(key, []).append(n)
    for members in by_title.values():
        for n in members[1:]:
            b = root(n)
            # joins the first group before it under this title that it does not contradict
            target = next((root(m) for m in members if m < n and compatible(ids[root(m)], ids[b])), b)
            if target != b:
                parent[b] = target
                ids[target] = ids[target] | ids.pop(b)
    out: dict[int, list[int]] = {}
    for n in range(len(papers)):
        out.setdefault(root(n), []).append(n)
    return list(out.values())


# A correction's title: Erratum, Corrigendum, Addendum, Publisher's Note, Author Correction,
# Correction to ... at its start (APS, Elsevier, Springer Nature, Wiley), or "...: erratum" at
# its end (Optica); a paper that corrects something ("Correction of aberrations") is no notice.
_CORRECTION: Final = re.compile(
    r"^\W*(?:(?:errat(?:um|a)|corrigend(?:um|a)|addendum)(?![\w-])"
    r"|(?:publisher|author)(?:['\u2019]?s)?\s+(?:note|correction)\b|correction\s*(?::|to\b))"
    r"|[\s:.,(\[\u2013\u2014-]\s*(?:errat(?:um|a)|corrigend(?:um|a)|addendum)\s*[)\]]?\W*$",
    re.IGNORECASE)


def is_correction(title: str) -> bool:
    """Whether a title is a correction's: an erratum, corrigendum, addendum or publisher's note,
    which is a notice about a paper, not the paper.

    >>> [is_correction(t) for t in ("Erratum: Energy flow [Phys. Rev. C 55, 1420 (1997)]",
    ...  "Publisher's Note: Energy flow", "Phase-compensated source of entangled photons: erratum",
    ...  "Correction to: Energy flow", "Correction of aberrations", "Errata-free decoding")]
    [True, True, True, True, False, False]
    """
    from publist.text.latex import to_text

    return bool(_CORRECTION.search(to_text(title) if "\\" in title or "{" in title else title))


def erratum_of(a: Publication, b: Publication) -> tuple[Publication, Publication] | None:
    """Of two entries that share a key, ``(erratum, article)`` when one is a correction of the
    other, not a second copy of it: one titled as a correction (:func:`is_correction`) and the
    other not, or one whose DOI the other lists after its own (INSPIRE writes an article's
    ``doi`` as ``article, erratum``); ``None`` otherwise.
    """
    from publist.papers.links import doi_key, entry_dois

    for erratum, article in ((a, b), (b, a)):
        if is_correction(erratum.title) and not is_correction(article.title):
            return erratum, article
    for erratum, article in ((a, b), (b, a)):
        own = [doi_key(d) for d in entry_dois(erratum.fields)]
        theirs = [doi_key(d) for d in entry_dois(article.fields)]
        if own and len(theirs) > 1 and own[0] in theirs[1:] and theirs[0] not in own:
            return erratum, article
    return None


def published_versions(
    pubs: Iterable[Publication], is_preprint: Iterable[bool],
    is_published: Callable[[Publication], bool] | None = None,
) -> dict[int, int]:
    """For each preprint (by position), the position of an entry that is published (by
    default: any entry that is not a preprint; else one ``is_published`` says is) and is the
    same paper: what ``merge_preprints`` shows once. Identifiers are compared first; titles
    are read only for the preprints no identifier found.

    The preprints are read first, since a list holds few: an entry is read only for the
    kinds of identifier they have, and asked whether it is published only when it shares a
    key with one (the first entry under a key is the one found, as if all were indexed).

    >>> from publist.api import loads
    >>> pubs, _ = loads("@misc{a, title={T}, eprint={1912.07145}} @misc{x, title={X}} "
    ...                 "@inproceedings{b, title={T2}, booktitle={B}, eprint={1912.07145v2}}")
    >>> published_versions(pubs, [True, True, False])
    {0: 2}
    """
    from publist.papers.matching import surnames

    pubs = list(pubs)
    preprint = list(is_preprint)
    asked = [n for n, flag in enumerate(preprint) if flag]
    others = [n for n, flag in enumerate(preprint) if not flag]
    theirs = {n: identifiers(pubs[n].fields) for n in asked}
    wanted = {key for ids in theirs.values() for key in ids}
    by_id = _index(pubs, others, wanted, lambda pub: identifiers(pub.fields, {k.split(":", 1)[0] for k in wanted}),
                   is_published)
    out: dict[int, int] = {}
    left = []
    for n in asked:
        match = by_id.find(theirs[n])
        if match is not None:
            out[n] = match.item
        else:
            left.append(n)
    if left:
        titles = {n: title_keys(pubs[n].title, surnames(pubs[n].authors)) for n in left}
        wanted = {key for keys in titles.values() for key in keys}
        by_title = _index(pubs, others, wanted, lambda pub: title_keys(pub.title, surnames(pub.authors)),
                          is_published)
        for n in left:
            match = by_title.find(titles[n])
            if match is not None:
                out[n] = match.item
    return out


def _index(pubs: Sequence[Publication], candidates: Iterable[int], wanted: set[str],
           keys_of: Callable[[Publication], dict[str, str]],
           is_published: Callable[[Publication], bool] | None) -> Papers[int]:
    """The published entries among ``candidates`` that have a key of ``wanted``, in order, by
    their keys: those without one could never be found."""
    index: Papers[int] = Papers()
    if not wanted:
        return index
    for n in candidates:
        found = keys_of(pubs[n])
        if not wanted.isdisjoint(found) and (is_published is None or is_published(pubs[n])):
            index.add(n, found)
    return index
