"""Which preprints the list shows inside their published versions (``merge_preprints``).

Like the filters of :mod:`publist.selection`, merging decides what the list holds: a preprint
(:func:`publist.preprints.is_preprint`: a preprint server as its venue, or an arXiv id and
no venue) whose published version the file also holds is shown once, as the published entry,
which takes on the preprint's links, flags and keywords. A talk, a thesis or a cartoon that
shares a title with a paper is not a preprint, and stays. Pure: publications in, the list and
what was merged into what out.

>>> from publist.api import loads
>>> pubs, _ = loads("@misc{pre, title={T}, author={Yao, Zhewei}, eprint={1912.07145}, selected={true}}"
...                 "@inproceedings{pub, title={T}, author={Yao, Z.}, booktitle={ICML}, year=2020}")
>>> shown, merges = merge(pubs)
>>> [(p.key, p.selected, [x.kind for x in p.links]) for p in shown]
[('pub', True, ['arxiv'])]
>>> print(merges[0].notice())
refs.bib:1: entry 'pre' (a preprint) is shown as its published version 'pub' (line 1)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final, NamedTuple

from publist import arxivid, kinds
from publist.model import Notice, Publication

PUBLISHED_KINDS: Final = frozenset({"journal", "conference", "workshop", "book", "thesis"})
"""The kinds a preprint can be a version of (not ``other``: a talk, a report, a dataset)."""


class Merge(NamedTuple):
    """A preprint shown as its published version, e.g. ``Merge(yao2019arxiv, yao2019pyhessian)``."""

    preprint: Publication
    published: Publication

    def notice(self) -> Notice:
        """The render message, at the preprint's line."""
        pre, pub = self.preprint, self.published
        where = f"line {pub.span.line}" if pub.span.path == pre.span.path else f"{pub.span.path}:{pub.span.line}"
        return Notice(pre.span.path, pre.span.line,
                      f"entry '{pre.key}' (a preprint) is shown as its published version '{pub.key}' ({where})")


def merge(pubs: Iterable[Publication]) -> tuple[list[Publication], list[Merge]]:
    """The list with each preprint whose published version it also holds left out, and the
    published entry carrying what the preprint adds; and what was merged into what.

    They are one paper when they share an arXiv id (in any form, the published entry's
    ``eprint`` included), or by the strict title rule (equal titles and a shared author).
    """
    pubs = list(pubs)
    preprint = [n for n, p in enumerate(pubs) if kinds.is_preprint(p)]
    if not preprint or len(preprint) == len(pubs):
        return pubs, []
    published = [n for n, p in enumerate(pubs) if kinds.kind(p) in PUBLISHED_KINDS]
    by_id = {_arxiv(pubs[n]): n for n in published if _arxiv(pubs[n])}
    by_title: dict[str, list[int]] | None = None  # built when a preprint is not found by id
    shown = list(pubs)
    merges: list[Merge] = []
    merged: set[int] = set()
    for n in preprint:
        target = by_id.get(_arxiv(pubs[n]))
        if target is None:
            if by_title is None:
                by_title = _titles(pubs, published)
            target = _same_title(pubs, by_title, n)
        if target is None:
            continue
        merged.add(n)
        merges.append(Merge(pubs[n], pubs[target]))
        shown[target] = carry(shown[target], pubs[n])
    return [p for n, p in enumerate(shown) if n not in merged], merges


def carry(published: Publication, preprint: Publication) -> Publication:
    """The published entry with what its preprint adds: its arXiv link first (when the
    published entry has none), the links of kinds the published entry lacks (code, slides,
    a video ...), its ``selected`` flag and its keywords."""
    kinds_shown = {x.kind for x in published.links}
    urls = {x.url for x in published.links}
    added = [x for x in preprint.links if x.kind not in kinds_shown and x.url not in urls]
    arxiv = [x for x in added if x.kind == "arxiv"]
    links = (*arxiv, *published.links, *(x for x in added if x.kind != "arxiv"))
    fields = published.fields
    theirs = preprint.fields.get("keywords", "").strip()
    if theirs:
        mine = fields.get("keywords", "").strip()
        fields = {**fields, "keywords": f"{mine}, {theirs}" if mine else theirs}
    return published._replace(links=links, selected=published.selected or preprint.selected, fields=fields)


def _titles(pubs: list[Publication], indices: list[int]) -> dict[str, list[int]]:
    """Publications by normalised title, computed once for the whole list."""
    from publist import matching

    out: dict[str, list[int]] = {}
    for n in indices:
        out.setdefault(matching.normalize_title(pubs[n].title), []).append(n)
    return out


def _same_title(pubs: list[Publication], by_title: dict[str, list[int]], n: int) -> int | None:
    """The published entry with the same title and an author in common, by the strict rule."""
    from publist import matching

    candidates = by_title.get(matching.normalize_title(pubs[n].title), [])
    authors = matching.surnames(pubs[n].authors) if candidates else set()
    return next((i for i in candidates if authors & matching.surnames(pubs[i].authors)), None)


def _arxiv(pub: Publication) -> str:
    """The arXiv id (without version) of a publication's arXiv link, or ``''``."""
    url = next((x.url for x in pub.links if x.kind == "arxiv"), "")
    return arxivid.base(url.rsplit("/abs/", 1)[-1]) if url else ""
