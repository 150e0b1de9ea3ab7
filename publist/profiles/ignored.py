r"""The papers ``publist discover --ignore`` was told to stop proposing: a small text file beside
config.toml, for people to read and for git to keep; pure (text in, papers out, and back).

One paper a paragraph: its title on a line of its own, then indented ``authors:`` and one
line per id (``doi:``, ``arxiv:``, ``dblp:``, ``semanticscholar:``, ``openalex:``, and the
put-code of its ORCID work, ``orcid-work:``); ``#`` starts a comment, so a title that starts
with ``#`` (``#MeToo and ...``) or a backslash is written after a backslash (``\#MeToo and
...``). A paper is ignored in every version: by any of its ids, or by its title with an author
in common (:mod:`publist.papers.identity`).

>>> text = render([Ignored("Cracked Pots", ("Josiah Carberry",), {"doi": "10.5555/X"})])
>>> print(text.split("\n\n", 1)[1], end="")
Cracked Pots
    authors: Josiah Carberry
    doi: 10.5555/X
>>> [sorted(p.keys()) for p in parse(text, "discover-ignore.txt")]
[['doi:10.5555/x', 'title:cracked pots|carberry']]
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final, NamedTuple

from publist.errors import ConfigError
from publist.papers import identity

FILENAME: Final = "discover-ignore.txt"
"""Its name, beside config.toml."""
HEADER: Final = """\
# Papers that `publist discover` does not propose again, in any version (publist discover
# --ignore N adds one). One paper a paragraph: its title, then its authors and ids, indented.
# Delete a paragraph to see that paper proposed again.
"""
_FIELDS: Final = ("authors", *identity.NAMES)


class Ignored(NamedTuple):
    """One ignored paper, e.g. ``Ignored("Cracked Pots", ("Josiah Carberry",), {"doi": "10.5555/X"})``."""

    title: str
    authors: tuple[str, ...]
    ids: dict[str, str]

    def keys(self) -> dict[str, str]:
        """Its keys, as :mod:`publist.papers.identity` makes them."""
        from publist.papers.matching import arxiv_surnames

        out: dict[str, str] = {}
        for kind, value in self.ids.items():
            out.update(identity.named(kind, value))
        out.update(identity.title_keys(self.title, arxiv_surnames(self.authors)))
        return out


def parse(text: str, path: str) -> list[Ignored]:
    """The papers of the file; :class:`ConfigError` with its line for a line it cannot read."""
    out: list[Ignored] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if not line[0].isspace():
            out.append(Ignored(stripped.removeprefix("\\"), (), {}))
            continue
        name, colon, value = stripped.partition(":")
        name = name.strip().lower()
        if not out:
            raise ConfigError(f"'{stripped}' is indented, but no title comes before it "
                              "(a paper's title starts at the line's beginning)", path, number)
        if not colon or name not in _FIELDS or not value.strip():
            raise ConfigError(f"'{stripped}' is not 'authors: ...' or an id "
                              f"({', '.join(f'{k}: ...' for k in identity.NAMES)})", path, number)
        paper = out[-1]
        if name == "authors":
            out[-1] = paper._replace(authors=tuple(a.strip() for a in value.split(",") if a.strip()))
        else:
            out[-1] = paper._replace(ids={**paper.ids, name: value.strip()})
    return out


def render(papers: Iterable[Ignored], text: str = "") -> str:
    """``text`` (the file as it is, or nothing: the header) with the papers appended, in its
    line endings (a Windows checkout's CRLF stays CRLF)."""
    newline = "\r\n" if "\r\n" in text else "\n"
    parts = [text.replace("\r\n", "\n").rstrip("\n") + "\n" if text.strip() else HEADER]
    for paper in papers:
        title = " ".join(paper.title.split())
        lines = ["\\" + title if title.startswith(("#", "\\")) else title]
        if paper.authors:
            lines.append(f"    authors: {', '.join(a.replace(',', ' ') for a in paper.authors)}")
        lines += [f"    {kind}: {value}" for kind, value in paper.ids.items()]
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts).replace("\n", newline)
