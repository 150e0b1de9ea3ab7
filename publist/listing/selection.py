"""Which entries a list shows: ``--selected``, ``--since``, ``--until``, ``--type``, ``--key``,
``--keyword``, ``--first-author`` and ``--limit`` (the same names in ``[render]`` and in
``--inplace`` markers). Pure: publications in, publications out, in the order given.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Final

from publist.config import RenderOptions
from publist.model import Author, Publication
from publist.papers.kinds import kind
from publist.text.names import Owner

_WORDS: Final = re.compile(r"\s*[,;]\s*")


def active(options: RenderOptions) -> bool:
    """Whether any filter is set (the default list skips this step altogether)."""
    return bool(options.selected or options.since is not None or options.until is not None
                or options.type or options.key or options.keyword or options.first_author)


def choose(pubs: Iterable[Publication], options: RenderOptions, owner: Owner,
           merged_into: Mapping[str, str] | None = None) -> list[Publication]:
    """The publications every filter keeps; ``limit`` applies after sorting, elsewhere.

    ``merged_into`` maps the key of a preprint shown as its published version to the
    published entry's key, so that ``key`` naming the preprint keeps that entry.
    """
    keys = {k.lower() for k in options.key}
    keys |= {into.lower() for pre, into in (merged_into or {}).items() if pre.lower() in keys}
    kinds = set(options.type)
    out = []
    for pub in pubs:
        if options.selected and not pub.selected:
            continue
        if options.since is not None and (pub.year is None or pub.year < options.since):
            continue
        if options.until is not None and (pub.year is None or pub.year > options.until):
            continue
        if kinds and kind(pub) not in kinds:
            continue
        if keys and pub.key.lower() not in keys:
            continue
        if options.keyword and not set(options.keyword) & keywords(pub):
            continue
        if options.first_author and not first_author(pub.authors, owner):
            continue
        out.append(pub)
    return out


def unknown_keys(wanted: Iterable[str], keys: Iterable[str]) -> list[tuple[str, str | None]]:
    """The wanted keys no entry has (any case), each with the closest key there is, if any.

    >>> unknown_keys(["yao2019pyhesian", "Yao2020"], ["yao2019pyhessian", "yao2020"])
    [('yao2019pyhesian', 'yao2019pyhessian')]
    """
    from difflib import get_close_matches

    known = {key.lower(): key for key in keys}
    out = []
    for key in wanted:
        if key.lower() not in known:
            close = get_close_matches(key.lower(), list(known), n=1, cutoff=0.8)
            out.append((key, known[close[0]] if close else None))
    return out


def keywords(pub: Publication) -> set[str]:
    """The ``keywords`` field's words and phrases, folded: ``{"hessian", "quantization"}``."""
    from publist.text.latex import to_text

    value = pub.fields.get("keywords", "")
    return {w.lower() for w in _WORDS.split(to_text(value).strip()) if w} if value else set()


def first_author(authors: Sequence[Author], owner: Owner) -> bool:
    """The owner is the first author, or shares the first place: they and every author
    before them carry the same mark (``Z. Yao*`` after ``A. Gholami*``)."""
    for n, author in enumerate(authors):
        if owner.matches(author):
            return n == 0 or bool(author.mark) and all(a.mark == author.mark for a in authors[:n])
    return False
