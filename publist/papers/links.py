"""The links of an entry, from every field convention people use.

arXiv (``eprint``/``arxiv``/arXiv URLs) and DOIs become links built from their ids; the
plain link fields (``url``, ``pdf``, ``code``, ``slides``, ...) and Hugo Blox's
``url_<label>`` fields are taken as they are, once each, after :func:`publist.text.urls.clean`.

>>> links, problems = extract({"eprint": "1912.07145", "archiveprefix": "arXiv",
...                            "url_code": "https://github.com/amirgholami/PyHessian"})
>>> [(link.kind, link.url) for link in links]
[('arxiv', 'https://arxiv.org/abs/1912.07145'), ('code', 'https://github.com/amirgholami/PyHessian')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Final
from urllib.parse import quote, unquote

from publist.model import Diagnostic, Link, Publication
from publist.papers import arxivid
from publist.text import urls

LINK_FIELDS: Final = urls.LINK_FIELDS
DEFAULT_LABELS: Final = {
    "arxiv": "arXiv",
    "doi": "DOI",
    "pdf": "PDF",
    "code": "code",
    "html": "HTML",
    "url": "link",
}
DEFAULT_ORDER: Final = ("arxiv", "doi", "pdf", "code", "*")
PAPER_KINDS: Final = frozenset({"url", "html", "pdf"})
"""The link fields that point at the paper itself: a DOI there is the paper's (al-folio's
``url = {doi:<a href=...>}``); in any other (``code``, ``url_code``, ``url_dataset``,
``slides``) it is that thing's own, e.g. Zenodo's archive of the code."""
# A DOI and the resolvers people write before it: doi.org and dx.doi.org (with or without
# a scheme), ACM's old proxy doi.acm.org, "doi:". A shortDOI (10/aabbe) is a DOI too.
_RESOLVER: Final = r"(?:https?://)?(?:(?:dx\.|www\.)?doi\.org|doi\.acm\.org)/"
_DOI: Final = re.compile(
    rf"^(?:{_RESOLVER}|doi:\s*)?(10\.\d{{4,9}}/\S+|10/[A-Za-z0-9]+)$", re.IGNORECASE
)


def bare_doi(text: str) -> str | None:
    """The DOI in a DOI field, without ``doi:`` or a resolver, e.g. ``10.1109/ICCV.2019.00038``.

    >>> bare_doi("dx.doi.org/10.1109/ICCV.2019.00038"), bare_doi("https://doi.org/10/aabbe")
    ('10.1109/ICCV.2019.00038', '10/aabbe')
    >>> bare_doi("http://doi.acm.org/10.1145/3292500.3330701"), bare_doi("10.1109")
    ('10.1145/3292500.3330701', None)
    >>> bare_doi("https://doi.org/10.1103%2FPhysRevB.85.115117")  # its slash percent-encoded
    '10.1103/PhysRevB.85.115117'
    """
    text = text.strip().replace("\\_", "_")
    m = _DOI.match(text) or ("%" in text and _DOI.match(unquote(text))) or None
    return m.group(1) if m else None


_SEPARATORS: Final = re.compile(r"\s*[,;]\s*|\s+")


def dois(value: str) -> list[str]:
    """The DOIs a ``doi`` field holds: one, or several as INSPIRE writes an article and its
    erratum (``10.1103/PhysRevC.55.1420, 10.1103/PhysRevC.56.2336``); ``[value]`` when the
    parts are not all DOIs (it is then reported as it is).

    >>> dois("10.1103/PhysRevC.55.1420, 10.1103/PhysRevC.56.2336")
    ['10.1103/PhysRevC.55.1420', '10.1103/PhysRevC.56.2336']
    >>> dois("10.1000/a b"), dois("  ")
    (['10.1000/a b'], [])
    """
    value = value.strip()
    if not value:
        return []
    parts = [p for p in _SEPARATORS.split(value) if p]
    if len(parts) > 1 and all(bare_doi(p) for p in parts):
        return parts
    return [value]


def entry_dois(fields: Mapping[str, str]) -> list[str]:
    """The DOIs an entry names, bare and in its order: those of its ``doi`` field (an article
    and its erratum, as INSPIRE writes them, are two), else those its own link fields link to
    (:data:`PAPER_KINDS`: ``url``, ``html``, ``pdf``, Hugo Blox's ``url_pdf``; in an anchor, a
    Markdown link or ``\\url`` too, :func:`link_doi`), as :func:`extract` shows them, in field
    order; never a DOI of ``code`` or ``slides``. The one reading of an entry's DOIs that
    identity, sync and the links share.

    >>> entry_dois({"doi": "10.1103/PhysRevC.55.1420, 10.1103/PhysRevC.56.2336"})
    ['10.1103/PhysRevC.55.1420', '10.1103/PhysRevC.56.2336']
    >>> entry_dois({"url": "https://doi.org/10.1007%2F978-3-030-58452-8_13"}), entry_dois({"doi": "n/a"})
    (['10.1007/978-3-030-58452-8_13'], [])
    >>> entry_dois({"url": 'doi:<a href="https://doi.org/10.1115/1.4071133">10.1115/1.4071133</a>'})
    ['10.1115/1.4071133']
    >>> entry_dois({"html": "https://doi.org/10.1109/X.1", "url_code": "https://doi.org/10.5281/zenodo.1"})
    ['10.1109/X.1']
    """
    found = [d for d in map(bare_doi, dois(fields.get("doi", ""))) if d]
    if found:
        return found
    seen: set[str] = set()
    for name, value in fields.items():
        if urls.link_kind(name) in PAPER_KINDS and value.strip():
            for doi in filter(None, map(link_doi, urls.targets(value))):
                if doi_key(doi) not in seen:
                    seen.add(doi_key(doi))
                    found.append(doi)
    return found


def link_doi(value: str) -> str | None:
    r"""The DOI one link of a link field names: written as a DOI (``doi:10...``, ``10...``) or
    as a resolver's URL (percent-encoded or not), bare or in markup (:func:`publist.text.urls.target`:
    an HTML anchor, a Markdown link, ``\url``); ``None`` for a link to anything else.

    >>> link_doi(r"\url{https://dx.doi.org/10.1103%2FPhysRevB.85.115117}"), link_doi("doi:10.1115/1.4071133")
    ('10.1103/PhysRevB.85.115117', '10.1115/1.4071133')
    >>> link_doi("https://github.com/u/r") is None
    True
    """
    written = urls.target(value)
    if not _DOI_HOST.match(written):
        return bare_doi(written)
    url = urls.clean(written)
    return bare_doi(unquote(url)) if url else None


def doi_key(doi: str) -> str:
    """What makes two spellings of a DOI one: DOIs are case-insensitive, and a URL may
    percent-encode them, e.g. ``10.1002/(SICI)1097`` and ``10.1002/%28sici%291097``."""
    return unquote(doi).lower()


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
    for value in dois(fields.get("doi", "")):
        bare = bare_doi(value)
        url = doi_url(value) if bare else None
        if bare is None or url is None:
            problems.append(("doi", f"'{_shorten(fields['doi'])}' is not a DOI; left out"))
        elif not arxivid.parse(bare):
            add("doi", url, "doi:" + doi_key(bare))
    for name, value in fields.items():
        kind = urls.link_kind(name)
        if not kind or not value.strip():
            continue
        several = urls.targets(value)  # two anchors, Mendeley's URLs one after another: each a link
        for written in several:
            doi = link_doi(written)
            # a DOI in a field of the paper's own is the paper's; in url_code or slides it is
            # that thing's (Zenodo's archive of the code), shown as one and never the paper's DOI
            shown = "doi" if kind in PAPER_KINDS else kind
            if doi and not _DOI_HOST.match(written):  # doi:10.1115/1.4071133
                add(shown, doi_url(doi) or doi, "doi:" + doi_key(doi))
                continue
            url = urls.clean(written)
            if url is None:
                shown = _shorten(written if len(several) > 1 else value)
                problems.append((name, f"'{shown}' is not an http(s) or relative URL; left out"))
                continue
            paper = arxivid.parse(url)
            if paper:
                if not ambiguous:
                    add("arxiv", arxivid.abs_url(arxiv or paper), "arxiv:" + arxivid.base(paper))
                continue
            if doi:
                canonical = url if _DOI_ORG.match(url) else doi_url(doi) or url
                add(shown, canonical, "doi:" + doi_key(doi))
            else:
                add(kind, url, _page(url))
    return tuple(found), problems


_DOI_HOST: Final = re.compile(rf"^{_RESOLVER}", re.IGNORECASE)
_DOI_ORG: Final = re.compile(r"^https?://(?:dx\.)?doi\.org/", re.IGNORECASE)
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


def resolve_files(pubs: Iterable[Publication], files_url: str) -> tuple[list[Publication], list[Diagnostic]]:
    """Links to bare file names (``pdf = {paper.pdf}``) against ``files_url``, where the
    site serves them; without it they are left out, with one warning per file.

    al-folio serves ``pdf``, ``supp``, ``poster`` and ``slides`` file names from
    ``/assets/pdf/``; a page anywhere else would resolve them against its own address.

    >>> from publist.api import loads
    >>> pubs, _ = loads("@misc{k, title = {T}, pdf = {paper.pdf}, code = {github.com/u/r}}")
    >>> resolve_files(pubs, "/assets/pdf/")[0][0].links
    (Link(kind='pdf', url='/assets/pdf/paper.pdf'), Link(kind='code', url='https://github.com/u/r'))
    """
    out: list[Publication] = []
    left_out: dict[str, list[tuple[Publication, Link]]] = {}
    for pub in pubs:
        if not any(urls.is_file_name(link.url) for link in pub.links):
            out.append(pub)
            continue
        kept: list[Link] = []
        for link in pub.links:
            if not urls.is_file_name(link.url):
                kept.append(link)
            elif files_url:
                kept.append(link._replace(url=urls.clean(files_url + link.url) or link.url))
            else:
                left_out.setdefault(pub.span.path, []).append((pub, link))
        out.append(pub._replace(links=tuple(kept)))
    return out, [_left_out(found) for found in left_out.values()]


def _left_out(found: list[tuple[Publication, Link]]) -> Diagnostic:
    """The one warning for a file's bare file names, at the first of them."""
    pub, link = found[0]
    field = next((name for name, value in pub.fields.items() if urls.link_kind(name) == link.kind
                  and link.url in map(urls.clean, urls.targets(value))), link.kind)
    more = f", as are {len(found) - 1} more in this file" if len(found) > 1 else ""
    line = pub.field_lines.get(field, pub.span.line)
    return Diagnostic(pub.span.path, line, (
        f"entry '{pub.key}', field '{field}': '{link.url}' is a file name, which no page "
        f"outside your site can reach; left out{more} (set [render] files_url to where they "
        'are served, e.g. "/assets/pdf/" for an al-folio site)'))
