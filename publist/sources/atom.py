"""arXiv's Atom feed, parsed with a hardened XML parser (no DTDs, no entities).

Pure: bytes in, records out; the HTTP lives in :mod:`publist.sources.arxiv`. Both the current API
(2025 on) and the legacy one are read; an error feed (``<id>...api/errors#...</id>``)
becomes :class:`FeedError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final

from publist.papers import arxivid
from publist.sources.http import web_page

ATOM: Final = "{http://www.w3.org/2005/Atom}"
ARXIV: Final = "{http://arxiv.org/schemas/atom}"
OPENSEARCH: Final = "{http://a9.com/-/spec/opensearch/1.1/}"
_SPACES: Final = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class ArxivEntry:
    """What arXiv says about one paper, e.g. ``ArxivEntry("1912.07145", 3, "PyHessian: ...", ...)``."""

    id: str
    """The id without version, e.g. ``1912.07145`` or ``hep-th/9901001``."""
    version: int
    title: str
    authors: tuple[str, ...]
    primary_category: str = ""
    doi: str = ""
    journal_ref: str = ""
    published: str = ""
    """``YYYY-MM-DD`` of the first version."""

    @property
    def published_doi(self) -> str | None:
        """The DOI of the published version, bare: the first of arXiv's ``doi`` (which holds
        several separated by spaces, the article's first, then an erratum's), read as every
        ``doi`` field is (:func:`publist.papers.links.entry_dois`); ``None`` for none, or for
        arXiv's own DOI, which names the preprint.

        >>> ArxivEntry("hep-ph/9609357", 1, "T", (), doi="10.1103/PhysRevC.55.1420, 10.1103/PhysRevC.56.2336").published_doi
        '10.1103/PhysRevC.55.1420'
        """
        from publist.papers.links import entry_dois

        return next((d for d in entry_dois({"doi": self.doi}) if not arxivid.parse(d)), None)

    def to_json(self) -> dict[str, Any]:
        """A plain dict for the cache."""
        return {
            "id": self.id, "version": self.version, "title": self.title,
            "authors": list(self.authors), "primary_category": self.primary_category,
            "doi": self.doi, "journal_ref": self.journal_ref, "published": self.published,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ArxivEntry:
        """The entry :meth:`to_json` saved."""
        return cls(
            id=str(data["id"]), version=int(data["version"]), title=str(data["title"]),
            authors=tuple(str(a) for a in data["authors"]),
            primary_category=str(data.get("primary_category", "")), doi=str(data.get("doi", "")),
            journal_ref=str(data.get("journal_ref", "")), published=str(data.get("published", "")),
        )


class FeedError(Exception):
    """A feed that cannot be used; ``bad_id`` is the id an HTTP 400 error feed names.

    ``hostile`` marks XML refused on purpose (a DTD, entities): asking again will not help.
    """

    def __init__(self, message: str, bad_id: str | None = None, hostile: bool = False) -> None:
        super().__init__(message)
        self.bad_id = bad_id
        self.hostile = hostile


def parse(body: bytes) -> tuple[list[ArxivEntry], int]:
    """The entries of a feed and its ``totalResults``; :class:`FeedError` if unusable."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    if not body.strip():
        raise FeedError("an empty answer")
    if web_page(body):
        raise FeedError("a web page, not XML (a proxy's or a network's login page?)")
    try:
        root = fromstring(body, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as err:
        raise FeedError(f"XML that publist refuses to read ({type(err).__name__})", hostile=True) from None
    except Exception as err:  # noqa: BLE001 - ParseError and friends from expat
        raise FeedError(f"malformed XML ({err})") from None
    if root.tag != f"{ATOM}feed":
        raise FeedError(f"not an Atom feed (root element {root.tag!r})")
    entries = [_entry(e) for e in root.findall(f"{ATOM}entry")]
    errors = [e for e in entries if isinstance(e, FeedError)]
    if errors:
        raise errors[0]
    total_text = root.findtext(f"{OPENSEARCH}totalResults", default="")
    total = int(total_text) if total_text.strip().isdigit() else len(entries)
    return [e for e in entries if isinstance(e, ArxivEntry)], total


def _text(element: Any, tag: str) -> str:
    return _SPACES.sub(" ", element.findtext(tag, default="") or "").strip()


def _entry(element: Any) -> ArxivEntry | FeedError:
    raw_id = _text(element, f"{ATOM}id")
    if "/api/errors" in raw_id:
        summary = _text(element, f"{ATOM}summary") or raw_id
        m = re.search(r"(?:incorrect id format for|id) (\S+)$", summary)
        return FeedError(f"arXiv says: {summary}", m.group(1) if m else None)
    m = re.search(r"/abs/(.+?)/?$", raw_id)
    full = m.group(1) if m else ""
    if not arxivid.is_valid(full):
        return FeedError(f"an entry with an id publist does not understand ({raw_id!r})")
    version = re.search(r"v(\d+)$", full)
    primary = element.find(f"{ARXIV}primary_category")
    return ArxivEntry(
        id=arxivid.base(full),
        version=int(version.group(1)) if version else 1,
        title=_text(element, f"{ATOM}title"),
        authors=tuple(
            _SPACES.sub(" ", a.findtext(f"{ATOM}name", default="")).strip()
            for a in element.findall(f"{ATOM}author")
        ),
        primary_category=primary.get("term", "") if primary is not None else "",
        doi=_text(element, f"{ARXIV}doi"),
        journal_ref=_text(element, f"{ARXIV}journal_ref"),
        published=_text(element, f"{ATOM}published")[:10],
    )
