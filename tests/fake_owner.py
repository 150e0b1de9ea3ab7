"""One researcher's papers as the services know them, made from the researcher's own .bib file.

A sync of a real Google Scholar export (tests/data/psync/, see its SOURCES.md) needs
services that know the same papers: :func:`world` turns each entry into what arXiv, Semantic
Scholar, DBLP (the person's page and each record) and Crossref would say of it, and the
stand-ins of tests/fake_arxiv.py, fake_venues.py and fake_profiles.py serve that. Which papers
are on arXiv and which preprints were published later is decided by the entry's position and
year (deterministic, no randomness): the papers since 2015 are on arXiv but every third, the
file's own arXiv ids are kept, and every other preprint was published a year later at ICLR.
DBLP lists every paper that has a venue, and the arXiv copy (CoRR) of every paper on arXiv,
under its own key, as its person pages do; Semantic Scholar knows the papers on arXiv.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, NamedTuple
from xml.sax.saxutils import escape

from publist.bib import reader
from publist.papers import arxivid, preprints
from publist.text import latex, names

DATA = Path(__file__).resolve().parent / "data" / "psync"
PID = "45/6789"
"""The DBLP person id of the researcher in these tests."""


class Paper(NamedTuple):
    """One paper of the researcher, as the services know it."""

    key: str
    title: str
    authors: tuple[str, ...]
    """``First Last``, as DBLP, arXiv and Semantic Scholar print names."""
    year: int
    arxiv: str
    """The arXiv id, or ``""`` for a paper not on arXiv."""
    venue: str
    """Where it was published, ``""`` for a preprint that was not."""
    kind: str
    """``conference`` or ``journal``."""
    pages: str
    in_file_as_preprint: bool

    @property
    def doi(self) -> str:
        return f"10.5555/{self.key.lower()}" if self.venue else ""

    @property
    def dblp(self) -> str:
        """DBLP's key of the published record, ``""`` for none."""
        if not self.venue:
            return ""
        return f"{'conf' if self.kind == 'conference' else 'journals'}/x/{re.sub(r'[^A-Za-z0-9]', '', self.key)}"

    @property
    def corr(self) -> str:
        """DBLP's key of its arXiv copy, ``""`` for a paper not on arXiv."""
        return f"journals/corr/abs-{self.arxiv.replace('.', '-')}" if self.arxiv else ""


def normal(title: str) -> str:
    """A title as publist compares titles (and asks arXiv for them)."""
    from publist.papers.matching import normalize_title

    return normalize_title(title)


def _plain(tex: str) -> str:
    return " ".join(latex.to_text(tex).split())


def world(text: str, path: str = "refs.bib") -> list[Paper]:
    """The researcher's papers, one per entry of their .bib file (in file order)."""
    out = []
    for n, record in enumerate(reader.read(text, path, recover=True).records):
        fields = record.fields
        year = int(next(iter(re.findall(r"\d{4}", fields.get("year", ""))), "2010"))
        found = arxivid.find(fields)
        preprint = preprints.is_preprint_entry(fields, record.type)
        if found:
            arxiv = arxivid.base(found)
        elif year >= 2015 and n % 3:
            arxiv = f"{year % 100:02d}{n % 12 + 1:02d}.{10000 + n:05d}"
        else:
            arxiv = ""
        venue = next((_plain(fields[f]) for f in ("booktitle", "journal") if fields.get(f, "").strip()), "")
        if preprint:
            venue = "ICLR" if n % 2 == 0 else ""
            year += 1 if venue else 0
        kind = "conference" if record.type == "inproceedings" or preprint else "journal"
        authors = tuple(_plain(" ".join(p for p in (a.first, a.von, a.last) if p))
                        for a in names.parse_list(fields.get("author", "")) if not a.others)
        pages = fields.get("pages", "").replace("--", "-") or f"{n + 1}-{n + 10}"
        out.append(Paper(record.key, _plain(fields.get("title", "")), authors, year, arxiv, venue, kind,
                         pages, preprint))
    return out


def scholar_export(name: str = "academicpages-khot.bib", entries: int | None = None) -> str:
    """A real Google Scholar export (whole, or its first ``entries``, cut before the next ``@``)."""
    text = (DATA / name).read_text(encoding="utf-8")
    if entries is not None:
        starts = [m.start() for m in re.finditer(r"^@", text, re.MULTILINE)]
        text = text[: starts[entries]] if entries < len(starts) else text
    return text


# --- what each service says ----------------------------------------------------------------


def _authors_xml(paper: Paper) -> str:
    return "".join(f"<author>{escape(a)}</author>" for a in paper.authors)


def dblp_record(paper: Paper) -> str:
    """The published record, as ``rec/<key>.xml`` and the person page write it."""
    tag = "inproceedings" if paper.kind == "conference" else "article"
    where = "booktitle" if paper.kind == "conference" else "journal"
    return (f'<{tag} key="{paper.dblp}" mdate="2024-01-01">{_authors_xml(paper)}'
            f"<title>{escape(paper.title)}.</title><pages>{paper.pages}</pages><year>{paper.year}</year>"
            f"<{where}>{escape(paper.venue)}</{where}><ee>https://doi.org/{escape(paper.doi)}</ee></{tag}>")


def corr_record(paper: Paper) -> str:
    """DBLP's copy of the arXiv preprint (``publtype="informal"``)."""
    return (f'<article key="{paper.corr}" mdate="2024-01-01" publtype="informal">{_authors_xml(paper)}'
            f"<title>{escape(paper.title)}.</title><journal>CoRR</journal><volume>abs/{paper.arxiv}</volume>"
            f"<year>{paper.year}</year><ee type=\"oa\">https://arxiv.org/abs/{paper.arxiv}</ee></article>")


def dblp_person(papers: list[Paper]) -> bytes:
    """The researcher's DBLP person page: every record, published and CoRR copies."""
    from fake_profiles import dblp_person as page

    records = [r for p in papers for r in ((dblp_record(p),) if p.venue else ()) + ((corr_record(p),) if p.arxiv else ())]
    # DBLP writes its pages in US-ASCII, everything else as character references
    return page(PID, [r.encode("ascii", "xmlcharrefreplace").decode() for r in records])


def dblp_records(papers: list[Paper]) -> dict[str, str]:
    """``rec/<key>.xml`` answers by key."""
    return {p.dblp: f"<dblp>{dblp_record(p)}</dblp>" for p in papers if p.venue}


def arxiv_pool(papers: list[Paper]) -> dict[str, str]:
    """arXiv's ``<entry>`` blocks by id, for tests/fake_arxiv.py."""
    from fake_arxiv import entry

    pool: dict[str, str] = {}
    for p in papers:
        if p.arxiv:
            pool.update(entry(p.arxiv, p.title, p.authors, primary="cs.LG", published=f"{min(p.year, 2025)}-01-01"))
    return pool


def semanticscholar_papers(papers: list[Paper]) -> dict[str, dict[str, Any]]:
    """Semantic Scholar's records by arXiv id: the published version, its DBLP key and DOI."""
    out = {}
    for p in papers:
        if not p.arxiv:
            continue
        ids = {"ArXiv": p.arxiv, **({"DBLP": p.dblp, "DOI": p.doi} if p.venue else {})}
        out[p.arxiv] = {
            "externalIds": ids, "title": p.title, "year": p.year, "authors": [{"name": a} for a in p.authors],
            "venue": p.venue or "arXiv.org",
            "publicationVenue": {"name": p.venue, "type": p.kind} if p.venue else None,
            "journal": {"pages": p.pages} if p.venue else {"name": "ArXiv", "volume": f"abs/{p.arxiv}"},
            "publicationTypes": ["Conference" if p.kind == "conference" else "JournalArticle"],
        }
    return out


def crossref_works(papers: list[Paper]) -> dict[str, str]:
    """Crossref's ``/works/<doi>`` answers by DOI (lower case)."""
    return {p.doi: json.dumps({"status": "ok", "message": {
        "DOI": p.doi, "type": "proceedings-article" if p.kind == "conference" else "journal-article",
        "title": [p.title], "container-title": [p.venue], "page": p.pages,
        "issued": {"date-parts": [[p.year]]}}}) for p in papers if p.venue}
