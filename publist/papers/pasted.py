"""What people paste to name a paper: an id copied from the address bar, a PDF, a reference
list or an e-mail, with what comes along with it; pure.

An id arrives wrapped: in angle brackets or quotes, after ``arXiv:`` or ``DOI:``, with a
query string or a fragment (``?context=cs``, ``#sec2``), a full stop that ended a sentence, a
category after an arXiv id (``arXiv:2102.11107 [cs.LG]``, as arXiv's own pages cite it), a
zero-width space or a typographic hyphen from a PDF; a DOI arrives inside a publisher's address
(``https://dl.acm.org/doi/abs/10.1145/...``), percent-encoded (``10.1109%2FICCV...``). This
module takes what names a paper out of all that, for ``publist add`` and ``publist discover
--add/--ignore``; :mod:`publist.profiles.ids` reads profile ids after :func:`clean`.

>>> paper("arXiv:2102.11107v2 [cs.LG]"), paper("<https://doi.org/10.1109%2FICCV.2019.00038?via=x>")
(Pasted(kind='arxiv', value='2102.11107v2'), Pasted(kind='doi', value='10.1109/ICCV.2019.00038'))
>>> paper("https://dl.acm.org/doi/abs/10.1145/3292500.3330701"), paper("10.1145/3292500.3330701.")
(Pasted(kind='doi', value='10.1145/3292500.3330701'), Pasted(kind='doi', value='10.1145/3292500.3330701'))
>>> paper("https://dblp.org/rec/conf/nips/ZhangYGKGBM19.html?view=bibtex")
Pasted(kind='dblp', value='conf/nips/ZhangYGKGBM19')
>>> paper("see page 2") is None
True
"""

from __future__ import annotations

import re
from typing import Final, NamedTuple
from urllib.parse import unquote

from publist.papers import arxivid
from publist.papers.links import bare_doi

_INVISIBLE: Final = re.compile("[\u00ad\u200b-\u200f\u2060\ufeff]")
_DASHES: Final = str.maketrans("\u2010\u2011\u2012\u2013\u2014\u2212\u00a0", "------ ")
_WRAPPERS: Final = (("<", ">"), ('"', '"'), ("'", "'"), ("\u2018", "\u2019"), ("\u201c", "\u201d"),
                    ("(", ")"), ("[", "]"))
_URL: Final = re.compile(r"^(?:https?://)?(?P<host>[\w-]+(?:\.[\w-]+)+)(?P<path>/[^?#\s]*)?(?:[?#]\S*)?$",
                         re.IGNORECASE)
_ARXIV_HOSTS: Final = re.compile(r"^(?:www\.|export\.|browse\.)?arxiv\.org$|^xxx\.lanl\.gov$", re.IGNORECASE)
_ARXIV_CITED: Final = re.compile(r"^(?:arxiv\s+preprint\s+)?(\S+?)(?:\s*\[[\w.\-]+\])?$", re.IGNORECASE)
_RESOLVERS: Final = re.compile(r"^(?:(?:dx\.|www\.)?doi\.org|doi\.acm\.org|hdl\.handle\.net)$", re.IGNORECASE)
# a DOI inside a publisher's address: ACM, Wiley, Taylor & Francis, SAGE, PNAS and Science
# (/doi/[abs|full|pdf|epdf/]10...), Springer (/article/10..., /chapter/10..., /content/pdf/10....pdf),
# APS (/abstract/10...), bioRxiv and medRxiv (/content/10.1101/...v2, .full.pdf: the version is
# the address's, not the DOI's)
_IN_PATH: Final = re.compile(r"/(10\.\d{4,9}/)")
_BIORXIV_VIEW: Final = re.compile(r"^(10\.1101/\d{4}\.\d\d\.\d\d\.\d+)(?:v\d+)?(?:\.full|\.abstract)?$")
_DBLP_HOST: Final = re.compile(r"^(?:www\.)?dblp\.(?:org|uni-trier\.de|dagstuhl\.de)$", re.IGNORECASE)
_DBLP_KEY: Final = r"(?:conf|journals|books|series|phd|reference|persons|tr|ms|www)/[^\s?#]+?"
_DBLP_REC: Final = re.compile(rf"^/rec/(?:bib\d?/|bibtex/|html/|xml/)?({_DBLP_KEY})(?:\.(?:bib|html|xml|ris|nt|rdf|ttl))?/?$")
_DBLP_TOC: Final = re.compile(r"^/db/((?:conf|journals|series)/[^/]+)/[^/]+\.html$")
_S2_PATH: Final = re.compile(r"^(?:/graph/v1)?/paper/(?:[^/]+/)?([0-9a-f]{40})/?$", re.IGNORECASE)
_OPENALEX_PATH: Final = re.compile(r"^/(?:works/)?([Ww]\d+)/?$")
_OPENALEX_HOST: Final = re.compile(r"^(?:api\.)?openalex\.org$", re.IGNORECASE)


class Pasted(NamedTuple):
    """A paper's id as pasted: its kind (``arxiv``, ``doi``, ``dblp``, ``semanticscholar``,
    ``openalex``, as :data:`publist.papers.identity.NAMES` has them) and the id, e.g. ``2102.11107v2``."""

    kind: str
    value: str


def clean(text: str) -> str:
    """The text without what came along when it was copied: invisible characters, a PDF's
    typographic hyphens, surrounding space, brackets or quotes.

    >>> clean("\\u200b<https://orcid.org/0000\\u20100002-1825-0097> "), clean('"2102.11107"')
    ('https://orcid.org/0000-0002-1825-0097', '2102.11107')
    """
    value = _INVISIBLE.sub("", text).translate(_DASHES).strip()
    changed = True
    while changed and len(value) > 2:
        changed = False
        for first, last in _WRAPPERS:
            if value.startswith(first) and value.endswith(last):
                value, changed = value[1:-1].strip(), True
    return value


def paper(text: str) -> Pasted | None:
    """The id of a paper that ``text`` names, in any form people paste; ``None`` if it names none."""
    value = clean(text)
    # the punctuation that ended a sentence first: no arXiv id, DBLP key or OpenAlex id ends
    # with it, and a DOI hardly ever does (Crossref's rules advise against it)
    for candidate in dict.fromkeys((clean(value.rstrip(".,;")), value)):
        found = _arxiv(candidate) or _doi(candidate) or _other(candidate)
        if found is not None:
            return found
    return None


def _arxiv(value: str) -> Pasted | None:
    url = _URL.match(value)
    if url and _ARXIV_HOSTS.match(url.group("host")):
        value = "https://arxiv.org" + (url.group("path") or "")
    cited = _ARXIV_CITED.match(value)
    found = arxivid.parse(cited.group(1) if cited else value)
    # an old id's subject class (math.GT/0309136) is no part of it: arXiv knows math/0309136
    return Pasted("arxiv", re.sub(r"^([a-z-]+)\.[A-Za-z]{2}/", r"\1/", found)) if found else None


def _doi(value: str) -> Pasted | None:
    url = _URL.match(value) if not value.startswith("10.") else None
    if url and url.group("path"):  # an address: its query and fragment are not the DOI's
        path = unquote(url.group("path"))
        if _RESOLVERS.match(url.group("host")):
            value = path[1:]
        elif inside := _IN_PATH.search(path):
            value = _BIORXIV_VIEW.sub(r"\1", path[inside.start(1) :].rstrip("/").removesuffix(".pdf"))
        else:
            return None
    doi = bare_doi(value)
    return Pasted("doi", doi) if doi and not arxivid.parse(doi) else None


def _other(value: str) -> Pasted | None:
    """A DBLP key, a Semantic Scholar paper id or an OpenAlex work id, bare or in an address."""
    url = _URL.match(value)
    host, path = (url.group("host"), url.group("path") or "") if url else ("", "")
    if _DBLP_HOST.match(host):
        rec = _DBLP_REC.match(path)
        toc = _DBLP_TOC.match(path) if not rec else None
        fragment = value.partition("#")[2]
        if rec:
            return Pasted("dblp", rec.group(1))
        if toc and re.fullmatch(r"[\w-]+", fragment):
            return Pasted("dblp", f"{toc.group(1)}/{fragment}")
        return None
    if "semanticscholar.org" in host.lower():
        s2 = _S2_PATH.match(path)
        return Pasted("semanticscholar", s2.group(1).lower()) if s2 else None
    if _OPENALEX_HOST.match(host):
        work = _OPENALEX_PATH.match(path)
        return Pasted("openalex", work.group(1).upper()) if work else None
    if re.fullmatch(r"[0-9a-fA-F]{40}", value):
        return Pasted("semanticscholar", value.lower())
    if re.fullmatch(r"[Ww]\d{4,}", value):
        return Pasted("openalex", value.upper())
    if re.fullmatch(_DBLP_KEY, value) and value.count("/") >= 2:
        return Pasted("dblp", value)
    return None
