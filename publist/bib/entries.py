r"""New entries for ``publist add`` and ``publist discover``, from arXiv's and Crossref's records
and the owner's profiles; pure.

Text is written as BibTeX wants it: Latin accents as LaTeX in braces so that BibTeX sorts and
abbreviates them as one letter (``Sch{\"o}lkopf``), special characters escaped, and the
capitals of acronyms and CamelCase words in titles protected (``{PyHessian}``, ``{BERT}``),
as a careful author writes them. Other scripts (Cyrillic, Greek words, CJK ...) stay Unicode
in a Unicode file and become LaTeX only where the file's encoding needs it (:func:`keeps`).
Names are written ``von Last, Jr, First``, in full; an organisation in braces.

>>> from publist.sources.atom import ArxivEntry
>>> kind, fields = from_arxiv(ArxivEntry("2102.11107", 2, "Towards Causal Representation Learning",
...     ("Bernhard Schölkopf", "Francesco Locatello"), "cs.LG", published="2021-02-22"))
>>> kind, dict(fields)["author"], dict(fields)["title"]
('misc', 'Sch{\\"o}lkopf, Bernhard and Locatello, Francesco', 'Towards Causal Representation Learning')
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Final, NamedTuple

from publist.model import Author
from publist.sources.atom import ArxivEntry
from publist.sources.crossref import Work
from publist.text import latex, names

if TYPE_CHECKING:
    from publist.profiles.papers import Paper

Fields = list[tuple[str, str]]
_ACCENT: Final = re.compile(r"(?<!\{)\\(?:[\"'`^~=.]|[uvHcdbkrt](?![A-Za-z]))\s*(?:\{[^{}]*\}|\\?[A-Za-z])")
_UNESCAPED: Final = re.compile(r"(?<!\\)[&%#]")
_WORD: Final = re.compile(r"(?<![\w{\\$])[A-Za-z][\w'-]*(?![\w}])")
_GREEK_WORD: Final = re.compile(r"([\u0370-\u03ff\u1f00-\u1fff]{2,})")
Keep = Callable[[str], bool]
"""Whether a character is written as it is (else as LaTeX), e.g. ``keeps("utf-8")``."""


def keeps(encoding: str) -> Keep:
    """What a file in ``encoding`` keeps as Unicode: in UTF-8 (or UTF-16 ...), every letter of a
    script other than Latin; elsewhere ASCII only, so that LaTeX spells the rest.

    >>> keeps("utf-8")("Ж"), keeps("utf-8")("ö"), keeps("latin-1")("Ж")
    (True, False, False)
    """
    if not codecs.lookup(encoding).name.startswith("utf"):
        return str.isascii
    return lambda c: c.isascii() or (unicodedata.category(c)[0] in "LM" and not
                                     unicodedata.name(c, "LATIN").startswith(("LATIN", "GREEK")))


def bibtex(text: str, tex: bool = False, keep: Keep = str.isascii) -> str:
    r"""Text as a BibTeX value: LaTeX with accents in braces, Unicode where ``keep`` says.

    ``tex`` says the text is LaTeX already (arXiv's titles may hold ``$\beta$``): only an
    unescaped ``&``, ``%`` or ``#`` is escaped; plain text (Crossref's) is escaped whole.
    A Greek word stays Greek where ``keep`` keeps other scripts; a lone Greek letter (``TGF-β``)
    is a symbol, written ``\ensuremath{\beta}``.

    >>> bibtex("Müller & Söhne: 100% naïve"), bibtex(r"$\beta$-VAE & more", tex=True)
    ('M{\\"u}ller \\& S{\\"o}hne: 100\\% na{\\"\\i}ve', '$\\beta$-VAE \\& more')
    >>> bibtex("Жуков: TGF-β και Müller", keep=keeps("utf-8"))
    'Жуков: TGF-\\ensuremath{\\beta} και M{\\"u}ller'
    """
    text = _UNESCAPED.sub(lambda m: "\\" + m.group(0), text) if tex else latex.escape(text)
    text = " ".join(text.split())
    greek = keep("Ж")  # a file that keeps other scripts keeps Greek words too
    parts = _GREEK_WORD.split(text) if greek else [text]
    converted = "".join(part if n % 2 else latex.from_unicode(part, keep)[0] for n, part in enumerate(parts))
    return _ACCENT.sub(lambda m: "{" + m.group(0) + "}", converted)


def title(text: str, tex: bool = False, keep: Keep = str.isascii) -> str:
    r"""A title with the capitals of acronyms and CamelCase words in braces, e.g. ``{PyHessian}``.

    Plain text (Crossref's, a profile's) may hold TeX math as arXiv's authors wrote it, which
    Semantic Scholar and DBLP pass on: a ``$...$`` that reads as math stays math; a dollar
    amount is text.

    >>> title(r"Learning $\beta$-VAEs in $O(n)$ for $5 and $10")
    'Learning $\\beta$-{VAEs} in $O(n)$ for \\$5 and \\$10'
    """
    value = bibtex(text, tex, keep) if tex else _text_with_math(text, keep)
    out = []
    for part in re.split(r"(\$[^$]*\$)", value):  # math stays as it is
        out.append(part if part.startswith("$") else _WORD.sub(_protected, part))
    return "".join(out)


_MATH: Final = re.compile(r"(\$[^$]+\$)")


def _is_math(span: str) -> bool:
    r"""Whether a ``$...$`` span of a plain title is TeX math: a command, a script or a group
    (``$\beta$``, ``$x^2$``), or one short token (``$k$``, ``$O(n)$``), but no number alone."""
    inner = span[1:-1]
    if re.search(r"[\\^_{}]", inner):
        return True
    return not re.search(r"\s", inner) and len(inner) <= 12 and not re.fullmatch(r"[\d.,]+", inner)


def _text_with_math(text: str, keep: Keep) -> str:
    """Plain text as a BibTeX value (:func:`bibtex`), its math spans kept as TeX."""
    text = " ".join(text.split())
    out = []
    for n, part in enumerate(_MATH.split(text)):
        if n % 2 and _is_math(part):
            out.append(bibtex(part, tex=True, keep=keep))
        elif part:
            lead, trail = part[: len(part) - len(part.lstrip())], part[len(part.rstrip()) :]
            out.append(lead + bibtex(part, keep=keep) + trail if part.strip() else part)
    return "".join(out)


def _protected(word: re.Match[str]) -> str:
    """A word in braces when a part of it has a capital past its first letter (``PyHessian``,
    ``BERT``, ``t-SNE``); ``Mixed-Precision`` is title case and stays as it is."""
    shout = any(re.search(r"(?<=.)[A-Z]", part) for part in word.group(0).split("-"))
    return "{" + word.group(0) + "}" if shout else word.group(0)


_SUFFIX: Final = re.compile(r"^(?P<name>.+?),?\s+(?P<jr>(?:Jr|Sr|jr|sr)\.?|I{2,3}|IV|VI{0,3}|2nd|3rd|4th)$")


def people(written: Sequence[str], keep: Keep = str.isascii) -> str:
    r"""A byline as an ``author`` field, each name by :func:`person`; a byline in PubMed's
    ``Surname Initials`` (a profile's works imported from PubMed) is read so throughout.

    >>> people(["Carberry JS", "Smith AE"]), people(["Yi LI", "Xiao WANG"])
    ('Carberry, J. S. and Smith, A. E.', 'LI, Yi and WANG, Xiao')
    """
    pubmed = names.surname_first(" ".join(n.split()) for n in written)
    return " and ".join(person(n, keep, pubmed) for n in written)


def person(name: str, keep: Keep = str.isascii, surname_first: bool = False) -> str:
    r"""A name as BibTeX's ``von Last, Jr, First``; an organisation in braces, as one name.
    PubMed's ``Carberry JS`` is ``Carberry, J. S.`` (``Smith AE`` too with ``surname_first``:
    its byline is in that form).

    >>> person("Bernhard Schölkopf"), person("Martin Luther King Jr."), person("The ATLAS Collaboration")
    ('Sch{\\"o}lkopf, Bernhard', 'King, Jr., Martin Luther', '{The ATLAS Collaboration}')
    >>> person("Adrian Del Maestro"), person("Mark Van der Laan"), person("Tuan Van Nguyen")
    ('Del Maestro, Adrian', 'Van der Laan, Mark', 'Nguyen, Tuan Van')
    >>> person("Carberry JS"), person("Yi LI")
    ('Carberry, J. S.', 'LI, Yi')
    """
    name = " ".join(name.split())
    if "," not in name and names.is_organisation(name):
        return "{" + bibtex(name, keep=keep) + "}"
    suffix = _SUFFIX.match(name) if name.count(",") < 2 else None
    author = names.parse(suffix.group("name") if suffix else name, surname_first)
    jr = suffix.group("jr") if suffix else author.jr
    first, particles = _particles(author) if "," not in name else (author.first, "")
    surname = " ".join(p for p in (particles, author.von, author.last) if p)
    parts = [surname, jr, first] if jr else [surname, first]
    return bibtex(", ".join(p for p in parts if p), keep=keep)


# Particles that start a surname, capitalised as Italian, French, Portuguese, Flemish, German
# and Arabic names write them ("Adrian Del Maestro", "Giuseppe Di Battista", "Heni Ben Amor").
# In "First Last" BibTeX takes a capitalised word for a given name; in the real files of
# tests/data/wild such a word before the surname is the surname's in all 249 names written
# "Last, First" (Zotero's "Goff, J. M. Le" is Le Goff mis-split).
_PARTICLES: Final = frozenset(
    "da dal dalla dalle das de dei degli del della delle dello den der des di do dos du "
    "la le lo van vande vander von ter ten al el ben bin ibn abu".split())
# Vietnamese names put Van or Le before the family name as middle names ("Tuan Van Nguyen"):
# before one of the common Vietnamese family names, they are given names.
_VIETNAMESE: Final = frozenset(
    "nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly dinh truong luong".split())


def _particles(author: Author) -> tuple[str, str]:
    """The given names and the capitalised particles they end with, which belong to the
    surname: ``Adrian Del`` gives ``('Adrian', 'Del')``, ``Jean-Pierre De La`` gives
    ``('Jean-Pierre', 'De La')``; at least one given name stays."""
    words = author.first.split()
    n = len(words)
    while n > 1 and words[n - 1].strip("{}").casefold() in _PARTICLES and words[n - 1][:1].isupper():
        n -= 1
    if n == len(words) or latex.to_text(author.last).casefold() in _VIETNAMESE:
        return author.first, ""
    return " ".join(words[:n]), " ".join(words[n:])


def journal_year(ref: str) -> int | None:
    """The year a journal reference names: in parentheses, else the last year-like number
    that is not part of a page range or an article number.

    >>> journal_year("JMLR 9 (2008) 2579-2605"), journal_year("ICML 2019"), journal_year("Phys. Rev. D 100, 032019")
    (2008, 2019, None)
    """
    found = re.findall(r"\((1[89]\d\d|20\d\d)\)", ref) or re.findall(
        r"(?<![\w\-\u2013./])(1[89]\d\d|20\d\d)(?![\w\-\u2013/])", ref)
    return int(found[-1]) if found else None


class Venue(NamedTuple):
    """Where a paper was published, as the venue sources agree: ``Venue("inproceedings",
    (("booktitle", "ICML"), ("year", "2019")))``; values are LaTeX already."""

    type: str
    fields: tuple[tuple[str, str], ...]
    title: str = ""
    """The title it was published under, when the sources name one (it may differ from arXiv's)."""


def from_arxiv(entry: ArxivEntry, published: Venue | None = None, keep: Keep = str.isascii
               ) -> tuple[str, Fields]:
    """The type and fields of a new entry for an arXiv paper: the published version where the
    venue sources know it, else ``@article`` with arXiv's journal reference as its journal
    (and the year it names), else ``@misc``."""
    fields: Fields = [("title", title(entry.title, tex=True, keep=keep)),
                      ("author", people(entry.authors, keep))]
    kind = "misc"
    year = entry.published[:4] if entry.published[:4].isdigit() else ""
    venue = dict(published.fields) if published else {}
    if published:
        kind = published.type
        fields += [(f, bibtex(v, tex=True, keep=keep)) for f, v in published.fields if f not in ("year", "doi")]
        year = venue.get("year", year)
    elif entry.journal_ref:
        kind = "article"
        fields.append(("journal", bibtex(entry.journal_ref, keep=keep)))
        year = str(journal_year(entry.journal_ref) or year)
    if year:
        fields.append(("year", year))
    fields += [("eprint", entry.id), ("archiveprefix", "arXiv")]
    if entry.primary_category:
        fields.append(("primaryclass", entry.primary_category))
    doi = venue.get("doi") or entry.published_doi
    if doi:
        fields.append(("doi", doi))
    return kind, fields


_CROSSREF_TYPES: Final = {
    "journal-article": ("article", "journal"), "proceedings-article": ("inproceedings", "booktitle"),
    "book-chapter": ("incollection", "booktitle"), "book": ("book", ""), "monograph": ("book", ""),
    "edited-book": ("book", ""), "report": ("techreport", ""), "dissertation": ("phdthesis", ""),
    "posted-content": ("misc", "howpublished"),
}


def from_crossref(work: Work, keep: Keep = str.isascii) -> tuple[str, Fields]:
    """The type and fields of a new entry for a work Crossref knows by its DOI."""
    kind, venue = _CROSSREF_TYPES.get(work.type, ("misc", "howpublished"))
    fields: Fields = [("title", title(work.title, keep=keep))]
    authors = " and ".join(_crossref_person(family, given, keep) for family, given in work.authors)
    if authors:
        fields.append(("author", authors))
    if venue and work.container:
        fields.append((venue, bibtex(work.container, keep=keep)))
    for name, value in (("volume", work.volume), ("number", work.issue),
                        ("pages", re.sub(r"\s*[-\u2013]\s*", "--", work.page))):
        if value and kind in ("article", "inproceedings", "incollection"):
            fields.append((name, bibtex(value, keep=keep)))
    if work.publisher:
        field = {"techreport": "institution", "phdthesis": "school"}.get(kind, "publisher")
        fields.append((field, bibtex(work.publisher, keep=keep)))
    if work.year:
        fields.append(("year", str(work.year)))
    fields.append(("doi", work.doi))
    return kind, fields


def _crossref_person(family: str, given: str, keep: Keep) -> str:
    """Crossref's ``family`` (with any suffix it gave) and ``given`` as ``Last, Jr, First``; a
    name without given names (an organisation, ``The ATLAS Collaboration``) in braces."""
    if not given:
        return "{" + bibtex(family, keep=keep) + "}"
    suffix = _SUFFIX.match(family)
    parts = [suffix.group("name"), suffix.group("jr"), given] if suffix else [family, given]
    return ", ".join(bibtex(p, keep=keep) for p in parts)


def from_profile(paper: Paper, keep: Keep = str.isascii) -> tuple[str, Fields]:
    """The type and fields of a new entry for a paper the owner's profiles list: the published
    version (``@inproceedings``, ``@article``, a chapter's ``@incollection``, a thesis with its
    school, a book with its publisher) with the preprint's arXiv id, else a ``@misc`` preprint;
    DBLP's key as its ``biburl``."""
    venue, ids = paper.venue, paper.ids
    kind = {"proceedings": "proceedings", "book": "book"}.get(paper.best.type, "misc")
    fields: Fields = [("title", title(paper.title, keep=keep)),
                      ("editor" if kind == "proceedings" else "author",
                       people(paper.authors, keep))]
    if venue is not None:
        kind, slot = _PROFILE_TYPES.get(venue.kind, ("misc", "howpublished"))
        if kind == "misc" and paper.best.type in ("incollection", "book-chapter", "chapter"):
            kind, slot = "incollection", "booktitle"
        elif kind == "misc" and paper.best.type in _OWN_PLACE:  # a thesis's school, a book's publisher
            kind, slot = _OWN_PLACE[paper.best.type]
        fields.append((slot, bibtex(venue.venue, keep=keep)))
        for name, value in (("volume", venue.volume), ("number", venue.number),
                            ("pages", re.sub(r"\s*[-\u2013]\s*", "--", venue.pages))):
            if value and kind not in ("misc", "phdthesis", "mastersthesis", "book"):
                fields.append((name, bibtex(value, keep=keep)))
        if venue.publisher and slot != "publisher":
            fields.append(("publisher", bibtex(venue.publisher, keep=keep)))
    if paper.year:
        fields.append(("year", str(paper.year)))
    if ids.get("doi"):
        fields.append(("doi", ids["doi"]))
    if ids.get("arxiv"):
        fields += [("eprint", ids["arxiv"]), ("archiveprefix", "arXiv")]
    if ids.get("dblp"):  # as DBLP's own exports say it: what publist.papers.identity knows the record by
        fields.append(("biburl", f"https://dblp.org/rec/{ids['dblp']}.bib"))
    return kind, [(n, v) for n, v in fields if v]


_PROFILE_TYPES: Final = {"conference": ("inproceedings", "booktitle"), "journal": ("article", "journal")}
_OWN_PLACE: Final = {
    "phdthesis": ("phdthesis", "school"), "dissertation-thesis": ("phdthesis", "school"),
    "dissertation": ("phdthesis", "school"), "mastersthesis": ("mastersthesis", "school"),
    "book": ("book", "publisher"), "monograph": ("book", "publisher"),
}
"""Profile types whose place is their own (DBLP's, ORCID's): a thesis's school, a book's publisher."""
