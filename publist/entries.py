r"""New entries for ``publist add`` and ``publist discover``, from arXiv's and Crossref's records
and the owner's profiles; pure.

Text is written as BibTeX wants it: ASCII LaTeX, accents in braces so that BibTeX sorts and
abbreviates them as one letter (``Sch{\"o}lkopf``), special characters escaped, and the
capitals of acronyms and CamelCase words in titles protected (``{PyHessian}``, ``{BERT}``),
as a careful author writes them. Names are written ``von Last, First``, in full.

>>> from publist.sources.atom import ArxivEntry
>>> kind, fields = from_arxiv(ArxivEntry("2102.11107", 2, "Towards Causal Representation Learning",
...     ("Bernhard Schölkopf", "Francesco Locatello"), "cs.LG", published="2021-02-22"))
>>> kind, dict(fields)["author"], dict(fields)["title"]
('misc', 'Sch{\\"o}lkopf, Bernhard and Locatello, Francesco', 'Towards Causal Representation Learning')
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

from publist import latex, names
from publist.links import bare_doi
from publist.sources.atom import ArxivEntry
from publist.sources.crossref import Work

if TYPE_CHECKING:
    from publist.profiles.papers import Paper

Fields = list[tuple[str, str]]
_ACCENT: Final = re.compile(r"(?<!\{)\\(?:[\"'`^~=.]|[uvHcdbkrt](?![A-Za-z]))\s*(?:\{[^{}]*\}|\\?[A-Za-z])")
_UNESCAPED: Final = re.compile(r"(?<!\\)[&%#]")
_WORD: Final = re.compile(r"(?<![\w{\\$])[A-Za-z][\w'-]*(?![\w}])")


def bibtex(text: str, tex: bool = False) -> str:
    r"""Text as a BibTeX value: ASCII LaTeX with accents in braces.

    ``tex`` says the text is LaTeX already (arXiv's titles may hold ``$\beta$``): only an
    unescaped ``&``, ``%`` or ``#`` is escaped; plain text (Crossref's) is escaped whole.

    >>> bibtex("Müller & Söhne: 100% naïve"), bibtex(r"$\beta$-VAE & more", tex=True)
    ('M{\\"u}ller \\& S{\\"o}hne: 100\\% na{\\"\\i}ve', '$\\beta$-VAE \\& more')
    """
    text = _UNESCAPED.sub(lambda m: "\\" + m.group(0), text) if tex else latex.escape(text)
    converted, _ = latex.from_unicode(" ".join(text.split()), str.isascii)
    return _ACCENT.sub(lambda m: "{" + m.group(0) + "}", converted)


def title(text: str, tex: bool = False) -> str:
    """A title with the capitals of acronyms and CamelCase words in braces, e.g. ``{PyHessian}``."""
    value = bibtex(text, tex)
    out = []
    for part in re.split(r"(\$[^$]*\$)", value):  # math stays as it is
        out.append(part if part.startswith("$") else _WORD.sub(_protected, part))
    return "".join(out)


def _protected(word: re.Match[str]) -> str:
    """A word in braces when a part of it has a capital past its first letter (``PyHessian``,
    ``BERT``, ``t-SNE``); ``Mixed-Precision`` is title case and stays as it is."""
    shout = any(re.search(r"(?<=.)[A-Z]", part) for part in word.group(0).split("-"))
    return "{" + word.group(0) + "}" if shout else word.group(0)


def _person(name: str) -> str:
    """``Bernhard Schölkopf`` as ``Sch{\\"o}lkopf, Bernhard``; ``von Last, Jr, First`` kept."""
    author = names.parse(name)
    surname = " ".join(p for p in (author.von, author.last) if p)
    parts = [surname, author.jr, author.first] if author.jr else [surname, author.first]
    return bibtex(", ".join(p for p in parts if p))


def from_arxiv(entry: ArxivEntry) -> tuple[str, Fields]:
    """The type and fields of a new entry for an arXiv paper: ``@misc``, or ``@article`` with
    arXiv's journal reference as its journal."""
    fields: Fields = [("title", title(entry.title, tex=True)),
                      ("author", " and ".join(_person(a) for a in entry.authors))]
    if entry.journal_ref:
        fields.append(("journal", bibtex(entry.journal_ref)))
    if entry.published[:4].isdigit():
        fields.append(("year", entry.published[:4]))
    fields += [("eprint", entry.id), ("archiveprefix", "arXiv")]
    if entry.primary_category:
        fields.append(("primaryclass", entry.primary_category))
    doi = bare_doi(entry.doi.split()[0]) if entry.doi.strip() else None
    if doi:
        fields.append(("doi", doi))
    return ("article" if entry.journal_ref else "misc"), fields


_CROSSREF_TYPES: Final = {
    "journal-article": ("article", "journal"), "proceedings-article": ("inproceedings", "booktitle"),
    "book-chapter": ("incollection", "booktitle"), "book": ("book", ""), "monograph": ("book", ""),
    "edited-book": ("book", ""), "report": ("techreport", ""), "dissertation": ("phdthesis", ""),
    "posted-content": ("misc", "howpublished"),
}


def from_crossref(work: Work) -> tuple[str, Fields]:
    """The type and fields of a new entry for a work Crossref knows by its DOI."""
    kind, venue = _CROSSREF_TYPES.get(work.type, ("misc", "howpublished"))
    fields: Fields = [("title", title(work.title))]
    authors = " and ".join(bibtex(f"{family}, {given}" if given else family) for family, given in work.authors)
    if authors:
        fields.append(("author", authors))
    if venue and work.container:
        fields.append((venue, bibtex(work.container)))
    for name, value in (("volume", work.volume), ("number", work.issue),
                        ("pages", re.sub(r"\s*[-\u2013]\s*", "--", work.page))):
        if value and kind in ("article", "inproceedings", "incollection"):
            fields.append((name, bibtex(value)))
    if work.publisher:
        field = {"techreport": "institution", "phdthesis": "school"}.get(kind, "publisher")
        fields.append((field, bibtex(work.publisher)))
    if work.year:
        fields.append(("year", str(work.year)))
    fields.append(("doi", work.doi))
    return kind, fields


def from_profile(paper: Paper) -> tuple[str, Fields]:
    """The type and fields of a new entry for a paper the owner's profiles list: the published
    version (``@inproceedings``, ``@article``, a chapter's ``@incollection``) with the preprint's
    arXiv id, else a ``@misc`` preprint; DBLP's key as its ``biburl``."""
    venue, ids = paper.venue, paper.ids
    kind = {"proceedings": "proceedings", "book": "book"}.get(paper.best.type, "misc")
    fields: Fields = [("title", title(paper.title)),
                      ("editor" if kind == "proceedings" else "author",
                       " and ".join(_person(a) for a in paper.authors))]
    if venue is not None:
        kind, slot = _PROFILE_TYPES.get(venue.kind, ("misc", "howpublished"))
        if kind == "misc" and paper.best.type in ("incollection", "book-chapter", "chapter"):
            kind, slot = "incollection", "booktitle"
        fields.append((slot, bibtex(venue.venue)))
        for name, value in (("volume", venue.volume), ("number", venue.number),
                            ("pages", re.sub(r"\s*[-\u2013]\s*", "--", venue.pages))):
            if value and kind != "misc":
                fields.append((name, bibtex(value)))
        if venue.publisher:
            fields.append(("publisher", bibtex(venue.publisher)))
    if paper.year:
        fields.append(("year", str(paper.year)))
    if ids.get("doi"):
        fields.append(("doi", ids["doi"]))
    if ids.get("arxiv"):
        fields += [("eprint", ids["arxiv"]), ("archiveprefix", "arXiv")]
    if ids.get("dblp"):  # as DBLP's own exports say it: what publist.identity knows the record by
        fields.append(("biburl", f"https://dblp.org/rec/{ids['dblp']}.bib"))
    return kind, [(n, v) for n, v in fields if v]


_PROFILE_TYPES: Final = {"conference": ("inproceedings", "booktitle"), "journal": ("article", "journal")}
