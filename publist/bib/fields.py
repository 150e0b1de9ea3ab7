"""Field names as BibTeX and biblatex spell them: aliases, and what counts as present.

biblatex reads several fields under two names (its manual, section 2.2.5 "Field Aliases"):
an entry with ``eprintclass`` has a ``primaryclass``, one with ``journaltitle`` has a
``journal``. An empty field (``doi = {}``, as exporters write them) counts as missing.

>>> value({"eprintclass": "cs.LG"}, "primaryclass")
'cs.LG'
>>> value({"doi": " "}, "doi"), slot({"doi": ""}, "doi"), slot({"journaltitle": ""}, "journal")
('', 'doi', 'journaltitle')
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

_GROUPS: Final = (
    ("primaryclass", "eprintclass"),
    ("archiveprefix", "eprinttype"),
    ("journal", "journaltitle"),
    ("year", "date"),
    ("address", "location"),
    ("school", "institution"),
    ("annote", "annotation"),
)
ALIASES: Final[Mapping[str, tuple[str, ...]]] = {
    name: group for group in _GROUPS for name in group
}
"""Each field name and the names biblatex reads as the same field, e.g. ``journal``:
``("journal", "journaltitle")``."""


def names(name: str) -> tuple[str, ...]:
    """The spellings of a field, its own first, e.g. ``("journal", "journaltitle")``."""
    group = ALIASES.get(name)
    if group is None:
        return (name,)
    return (name, *(n for n in group if n != name))


def value(fields: Mapping[str, str], name: str) -> str:
    """The non-empty value of a field under any of its names, else ``''``."""
    for spelling in names(name):
        found = fields.get(spelling, "").strip()
        if found:
            return found
    return ""


def slot(fields: Mapping[str, str], name: str) -> str:
    """Where a missing field goes: an empty field of that name or an alias, else ``name``.

    Filling an empty field in place, instead of adding a second one, keeps the entry
    readable: BibTeX uses the first of two fields with the same name.
    """
    for spelling in names(name):
        if spelling in fields and not fields[spelling].strip():
            return spelling
    return name
