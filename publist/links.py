"""The links of an entry, from every field convention people use.

arXiv (``eprint``/``arxiv``/arXiv URLs) and DOIs become links built from their ids; the
plain link fields (``url``, ``pdf``, ``code``, ``slides``, ...) and Hugo Blox's
``url_<label>`` fields are taken as they are, once each, after :func:`publist.urls.clean`.

>>> links, problems = extract({"eprint": "1912.07145", "archiveprefix": "arXiv",
...                            "url_code": "https://github.com/amirgholami/PyHessian"})
>>> [(link.kind, link.url) for link in links]
[('arxiv', 'https://arxiv.org/abs/1912.07145'), ('code', 'https://github.com/amirgholami/PyHessian')]
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Final
from urllib.parse import quote

from publist import arxivid, urls
from publist.model import Link

# Fields that hold one link each, and the kind of link they hold.
LINK_FIELDS: Final = {
    "url": "url",
    "pdf": "pdf",
    "code": "code",
    "html": "html",
    "website": "website",
    "project": "project",
    "slides": "slides",
    "poster": "poster",
    "video": "video",
    "blog": "blog",
    "supp": "supp",
}
DEFAULT_LABELS: Final = {
    "arxiv": "arXiv",
    "doi": "DOI",
    "pdf": "PDF",
    "code": "code",
    "html": "HTML",
    "url": "link",
}
DEFAULT_ORDER: Final = ("arxiv", "doi", "pdf", "code", "*")
_DOI: Final = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)?(10\.\d{4,9}/\S+)$", re.IGNORECASE)


def bare_doi(text: str) -> str | None:
    """The DOI in a DOI field, without ``doi:`` or a resolver, e.g. ``10.1109/ICCV.2019.00038``."""
    m = _DOI.match(text.strip().replace("\\_", "_"))
    return m.group(1) if m else None


def doi_url(doi: str) -> str | None:
    """The resolver URL of a DOI, e.g. ``https://doi.org/10.1109/ICCV.2019.00038``."""
    bare = bare_doi(doi)
    if bare is None:
        return None
    return urls.clean("https://doi.org/" + quote(bare, safe="/:;()._-<>[]"))


def extract(fields: Mapping[str, str], ids: list[arxivid.Found] | None = None
            ) -> tuple[tuple[Link, ...], list[tuple[str, str]]]:
    """Links of an entry in field order, and ``(field, problem)`` for those left out.

    Links that reach the same paper or page are one link, labelled by its kind: the entry's
    arXiv id, an arXiv abs or pdf URL and arXiv's DOI are one ``arxiv`` link; a DOI and its
    ``doi.org`` URL one ``doi`` link; ``http``/``https``, ``www.``, versions and ``.pdf``
    endings aside. When an entry names two different arXiv papers, it shows neither.
    """
    found: list[Link] = []
    problems: list[tuple[str, str]] = []
    seen: set[str] = set()
    ids = list(arxivid.found(fields)) if ids is None else ids
    ambiguous = arxivid.conflict(fields, ids) is not None

    def add(kind: str, url: str, target: str) -> None:
        if target not in seen:
            seen.add(target)
            found.append(Link(kind, url))

    arxiv = arxivid.find(fields, ids)
    if arxiv:
        add("arxiv", arxivid.abs_url(arxiv), "arxiv:" + arxivid.base(arxiv))
    if fields.get("doi", "").strip():
        bare = bare_doi(fields["doi"])
        url = doi_url(fields["doi"]) if bare else None
        if bare is None or url is None:
            problems.append(("doi", f"'{_shorten(fields['doi'])}' is not a DOI; left out"))
        elif not arxivid.parse(bare):
            add("doi", url, "doi:" + bare.lower())
    for name, value in fields.items():
        kind = LINK_FIELDS.get(name) or (name[4:] if name.startswith("url_") else None)
        if not kind or not value.strip():
            continue
        url = urls.clean(value)
        if url is None:
            problems.append((name, f"'{_shorten(value)}' is not an http(s) or relative URL; left out"))
            continue
        paper = arxivid.parse(url)
        if paper:
            if not ambiguous:
                add("arxiv", arxivid.abs_url(arxiv or paper), "arxiv:" + arxivid.base(paper))
            continue
        doi = bare_doi(url) if _DOI_HOST.match(url) else None
        if doi:
            add("doi", url, "doi:" + doi.lower())
        else:
            add(kind, url, _page(url))
    return tuple(found), problems


_DOI_HOST: Final = re.compile(r"^https?://(?:dx\.)?doi\.org/", re.IGNORECASE)
_PAGE: Final = re.compile(r"^(?:https?:)?//(?:www\.)?([^/?#]*)(.*?)/?$", re.IGNORECASE)


def _page(url: str) -> str:
    """What a URL reaches, scheme, ``www.`` and a trailing slash aside."""
    m = _PAGE.match(url)
    return m.group(1).lower() + m.group(2) if m else url


def _shorten(value: str, width: int = 60) -> str:
    value = value.strip()
    return value if len(value) <= width else value[: width - 3] + "..."


def order(links: tuple[Link, ...], show: tuple[str, ...]) -> tuple[Link, ...]:
    """The links to show, in the configured order; ``*`` stands for every other kind.

    >>> order((Link("code", "c"), Link("doi", "d"), Link("arxiv", "a")), ("arxiv", "code"))
    (Link(kind='arxiv', url='a'), Link(kind='code', url='c'))
    """
    rank = _ranks(show)
    rest = rank.get("*")
    shown = [(rank.get(link.kind, rest), i, link) for i, link in enumerate(links)]
    return tuple(link for r, _, link in sorted(t for t in shown if t[0] is not None))


@lru_cache(maxsize=64)
def _ranks(show: tuple[str, ...]) -> dict[str, int]:
    return {kind: i for i, kind in reversed(list(enumerate(show)))}
