"""The library's entry points, for use from Python as well as from the CLI.

>>> pubs, problems = loads("@misc{k, title = {A}, author = {Yao, Zhewei}}")
>>> pubs[0].key, problems
('k', [])
"""

from __future__ import annotations

from pathlib import Path

from publist.model import Diagnostic, Publication


def loads(text: str, path: str = "refs.bib") -> tuple[list[Publication], list[Diagnostic]]:
    """Publications of a .bib text, in file order, and what could not be used."""
    from publist import bibfile, publication

    return publication.load(bibfile.read(text, path))


def load(path: Path) -> tuple[list[Publication], list[Diagnostic]]:
    """Publications of a .bib file; :class:`publist.errors.BibError` if it cannot be read."""
    from publist import bibfile
    from publist.fileio import read_bytes

    return loads(bibfile.decode(read_bytes(path), str(path)), str(path))
