"""Which preprints the list shows inside their published versions (``merge_preprints``).

Like the filters of :mod:`publist.listing.selection`, merging decides what the list holds: a preprint
(:func:`publist.papers.preprints.is_preprint`: a preprint server as its venue, or an arXiv id and
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

from publist.model import Notice, Publication
from publist.papers import kinds

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

    They are one paper as :mod:`publist.papers.identity` says: a shared arXiv id (in any form, the
    published entry's ``eprint`` included), DOI or DBLP key, or the strict title rule (equal
    titles and a shared author).
    """
    from publist.papers import identity

    pubs = list(pubs)
    preprint = [kinds.is_preprint(p) for p in pubs]
    if not any(preprint) or all(preprint):
        return pubs, []
    versions = identity.published_versions(pubs, preprint, lambda p: kinds.kind(p) in PUBLISHED_KINDS)
    shown = list(pubs)
    merges: list[Merge] = []
    for n, target in sorted(versions.items()):
        merges.append(Merge(pubs[n], pubs[target]))
        shown[target] = carry(shown[target], pubs[n])
    return [p for n, p in enumerate(shown) if n not in versions], merges


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
