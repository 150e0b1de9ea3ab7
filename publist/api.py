"""The library's entry points, for use from Python as well as from the CLI.

>>> pubs, problems = loads("@misc{k, title = {A {GAN}}, author = {Yao, Zhewei}}")
>>> text, _ = render(pubs, Config(owner=("Zhewei Yao",)), "md")
>>> print(text, end="")
- **A GAN**  
  **Z. Yao**
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from importlib import import_module
from typing import TYPE_CHECKING

from publist.config import Config
from publist.model import Diagnostic, Origin, Publication
from publist.text.richtext import Tex

if TYPE_CHECKING:
    from publist.bib.reader import Bibliography
    from publist.formats import view
    from publist.formats.view import Listing


def loads(text: str, path: str = "refs.bib") -> tuple[list[Publication], list[Diagnostic]]:
    """Publications of a .bib text, in file order, and what could not be used."""
    from publist.bib import reader
    from publist.papers import publication

    return publication.load(reader.read(text, path, recover=True))


def load(path: str | os.PathLike[str], encoding: str | None = None) -> tuple[list[Publication], list[Diagnostic]]:
    """Publications of a .bib file; :class:`publist.errors.BibError` if it cannot be read.

    ``encoding`` overrides the one the file declares (UTF-8 when it declares none).
    """
    from publist.papers import publication

    return publication.load(read(path, encoding))


def read(path: str | os.PathLike[str], encoding: str | None = None,
         strings: Sequence[str | os.PathLike[str]] = (), defined: Mapping[str, str] | None = None) -> Bibliography:
    """A .bib file as records, with its ``@preamble`` texts (for LaTeX output).

    A malformed entry is a diagnostic and the others are read, as BibTeX reads a file.
    ``strings`` are .bib files read first for their ``@string`` macros only, as BibTeX reads
    ``\bibliography{strings,refs}`` (JabRef keeps author macros in such a file); ``defined``
    are macros read already (:func:`macros`, or the :attr:`Bibliography.strings` of a file
    read before this one), which they extend.
    """
    from publist.bib import reader
    from publist.fileio import read_bytes

    source = reader.decode(read_bytes(path), os.fspath(path), encoding)
    bib = reader.read(source.text, os.fspath(path), recover=True, strings=macros(strings, encoding, defined))
    if source.warning is not None:
        bib.diagnostics.insert(0, source.warning)
    return bib


def macros(strings: Sequence[str | os.PathLike[str]], encoding: str | None = None,
           defined: Mapping[str, str] | None = None) -> dict[str, str]:
    """The ``@string`` macros of .bib files read in this order, each file seeing the macros of
    those before it (and ``defined``), as BibTeX reads ``\\bibliography{strings,refs}``: what
    every command that reads the list (render, check, sync, add, discover) gives the reader.
    """
    from publist.bib import reader
    from publist.fileio import read_bytes

    found = dict(defined or {})
    for other in strings:
        text = reader.decode(read_bytes(other), os.fspath(other), encoding).text
        found = reader.read(text, os.fspath(other), recover=True, strings=found).strings
    return found


def render(
    pubs: Iterable[Publication], config: Config, fmt: str, standalone: bool = False,
    preambles: Sequence[Tex] = (), bib: Bibliography | None = None,
) -> tuple[str, list[Diagnostic]]:
    """The list in format ``fmt`` (``md``, ``html`` or ``latex``) and render's messages: what
    could not be shown, and (as :class:`publist.model.Notice`, not problems) what it did, such
    as a preprint shown as its published version.

    ``preambles`` are the bib's ``@preamble`` texts; the LaTeX output carries them, as
    BibTeX's does, so that the commands they define compile. ``bib`` is where the entries'
    own text comes from, for ``show_bibtex``.
    """
    from publist.formats import MODULES, view
    from publist.papers.links import resolve_files

    backend = import_module(f"publist.formats.{MODULES[fmt]}")
    pubs, unreachable = resolve_files(pubs, config.render.files_url)
    counts, missing = counts_for(pubs, config)
    listing = view.build(pubs, view.People.of(config.owner, config.owner_url, config.people),
                         config.render, _bibtex_of(bib) if config.render.show_bibtex else None, counts)
    unreachable = [*missing, *unreachable]
    renamed = _renamed(listing, "id" if config.render.template else _IDS.get(fmt, ""))
    text: str
    problems: list[Diagnostic]
    if config.render.template:
        from publist.formats import template

        text, problems = template.render(listing, config.resolve(config.render.template), fmt)
        return text, [*renamed, *unreachable, *listing.problems, *problems]
    if config.render.style and fmt != "json":
        from publist.formats import citation

        listing = citation.restyle(listing, config.render.style, pdflatex=fmt == "latex")
    text, problems = backend.document(listing, standalone, tuple(preambles))
    return text, [*renamed, *unreachable, *listing.problems, *problems]


def counts_for(pubs: Sequence[Publication], config: Config,
               today: datetime.date | None = None) -> tuple[view.Counts | None, list[Diagnostic]]:
    """The citation counts of the entries, when ``[render]`` shows them or sorts by them (the
    counts file beside the .bib, :mod:`publist.papers.citations`), and a problem when there is no
    such file; :class:`publist.errors.PublistError` for a broken one."""
    from publist.formats import view
    from publist.papers import citations

    options = config.render
    if not (options.citations or options.citation_summary or options.sort == "citations"):
        return None, []
    path = config.counts_path(pubs[0].span.path if pubs else None)
    if not os.path.exists(path):
        return None, [Diagnostic(path, None, "no citation counts yet; run publist sync --citations")]
    day = today or datetime.datetime.now(datetime.UTC).date()
    return view.Counts(citations.for_entries(pubs, citations.load(path)), day,
                       config.citations.max_age_days), []


_IDS = {"html": "HTML data-key", "json": "JSON id"}
"""What a format calls an entry's key, where it must be unique."""


def _renamed(listing: Listing, what: str) -> list[Diagnostic]:
    """One line for each entry whose duplicated key the output made unique."""
    if not what:
        return []
    return sorted((Diagnostic(item.pub.span.path, item.pub.span.line,
                              f"duplicate key '{item.pub.key}': its {what} is '{item.key}'")
                   for item in listing.items if item.pub is not None and item.key != item.pub.key),
                  key=lambda d: d.line or 0)


def _bibtex_of(bib: Bibliography | None) -> Callable[[Publication], str] | None:
    """Each entry's own text in the file, by its place there (two entries may share a key)."""
    if bib is None:
        return None
    ends = {r.start: r.end for r in bib.records}
    return lambda pub: bib.text[pub.span.start : ends[pub.span.start]] if pub.span.start in ends else ""


def preambles_of(bib: Bibliography) -> tuple[Tex, ...]:
    """The ``@preamble`` texts of a bibliography, as LaTeX with their origin."""
    return tuple(Tex(text, Origin(bib.path, line, "@preamble")) for line, text in bib.preambles)
