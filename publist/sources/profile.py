"""A work as an owner's profile lists it: the one record DBLP, ORCID, Semantic Scholar and
OpenAlex profiles are read into.

Each profile client (:meth:`publist.sources.dblp.DblpClient.profile`,
:meth:`publist.sources.orcid.OrcidClient.profile`,
:meth:`publist.sources.semanticscholar.SemanticScholarClient.profile`,
:meth:`publist.sources.openalex.OpenAlexClient.profile`) answers a list of
:class:`ProfileWork`, so that what comes after (grouping the versions of a paper, telling the
owner's papers from misattributed ones) reads one shape. The venue part is a
:class:`~publist.sources.published.Published`, and so never a preprint server; a DOI is never
arXiv's (arXiv's DOI gives the arXiv id instead).

>>> w = ProfileWork("DBLP", "ANODEV2", ("Tianjun Zhang",), 2019, "inproceedings", None,
...                 doi="10.5555/x", dblp="conf/nips/ZhangYGKGBM19")
>>> w.identifiers()
{'doi': '10.5555/x', 'dblp': 'conf/nips/ZhangYGKGBM19'}
>>> split_doi("https://doi.org/10.48550/arXiv.1804.07832"), split_doi("doi:10.4204/EPTCS.172.16")
(('', '1804.07832'), ('10.4204/EPTCS.172.16', ''))
"""

from __future__ import annotations

from typing import Any, Final, NamedTuple, Protocol

from publist.papers import arxivid
from publist.papers.links import bare_doi
from publist.sources.published import Published

SERVICES: Final = {"dblp": "DBLP", "orcid": "ORCID", "semanticscholar": "Semantic Scholar",
                   "openalex": "OpenAlex"}
"""The profile services, by their config key in ``[owner]``, and how messages name them."""
IDS: Final = ("doi", "arxiv", "dblp", "semanticscholar", "openalex")


class ProfileWork(NamedTuple):
    """One work of a profile, with what each service knows of it."""

    profile: str
    """Which profile listed it: ``DBLP``, ``ORCID``, ``Semantic Scholar`` or ``OpenAlex``."""
    title: str
    authors: tuple[str, ...]
    """The names as printed on the paper (``First Last``), in order; ``()`` when the profile
    does not say. DBLP's homonym numbers are taken off; OpenAlex's are its ``raw_author_name``."""
    year: int | None
    type: str
    """The profile's own kind of work, folded, e.g. ``inproceedings`` (DBLP),
    ``journal-article`` (ORCID), ``conference`` (Semantic Scholar), ``preprint`` (OpenAlex)."""
    published: Published | None
    """Where it appeared (venue, kind, volume, pages), or ``None`` for a preprint or no venue."""
    doi: str = ""
    """A DOI of the work, never arXiv's; ``''`` when none is known."""
    arxiv: str = ""
    """The arXiv id without version, e.g. ``1804.07832``."""
    dblp: str = ""
    """DBLP's key of the record, e.g. ``conf/nips/ZhangYGKGBM19`` or a CoRR copy's."""
    semanticscholar: str = ""
    """Semantic Scholar's paper id (40 hex digits)."""
    openalex: str = ""
    """OpenAlex's work id, e.g. ``W2755950973``."""
    key: str = ""
    """The profile's own id of the entry, e.g. ORCID's put-code ``15894056``."""

    def identifiers(self) -> dict[str, str]:
        """The ids it has, by kind (``doi``, ``arxiv``, ``dblp``, ``semanticscholar``, ``openalex``)."""
        return {kind: value for kind in IDS if (value := getattr(self, kind))}

    def to_json(self) -> dict[str, Any]:
        """A plain dict for the cache."""
        return self._asdict() | {"authors": list(self.authors),
                                 "published": self.published.to_json() if self.published else None}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ProfileWork:
        """The work :meth:`to_json` saved; ``KeyError``/``TypeError`` if it is damaged."""
        values = {name: data[name] for name in cls._fields}
        values["authors"] = tuple(str(a) for a in values["authors"])
        values["year"] = None if values["year"] is None else int(values["year"])
        values["published"] = Published.from_json(values["published"]) if values["published"] else None
        return cls(**values)


class ProfileSource(Protocol):
    """What every profile client does: all the works of one profile, in one call.

    ``profile`` raises :class:`~publist.errors.FetchError` with one line that names the
    profile, e.g. ``ORCID profile 0000-0002-1825-0097: not found (HTTP 404); check 'owner.orcid'``.
    """

    def profile(self, profile_id: str) -> list[ProfileWork]: ...  # pragma: no cover


def split_doi(text: str) -> tuple[str, str]:
    """``(doi, arxiv)`` from a DOI in any form: arXiv's DOI gives the arXiv id, not a DOI."""
    doi = bare_doi(text) or ""
    arxiv = arxivid.parse(doi) if doi else None
    return ("", arxivid.base(arxiv)) if arxiv else (doi, "")


def arxiv_of(text: str) -> str:
    """The arXiv id (without version) of an id, URL or DOI, else ``''``."""
    found = arxivid.parse(text) if text else None
    return arxivid.base(found) if found else ""


def not_found(service_key: str, status: int) -> str:
    """Why a profile's answer is final, e.g. ``not found (HTTP 404); check 'owner.dblp'``."""
    return f"not found (HTTP {status}); check 'owner.{service_key}' in config.toml"
