"""A deterministic benchmark corpus built from real entries shipped in packages.

The entries come from tests/data/realworld/ (Debian's TeX Live and PyPI sdists, see its
SOURCES.md). A file of N entries repeats them in a fixed order with unique keys and varied
titles, after every ``@string`` they need, so that each file is valid BibTeX for every tool.

    python benchmarks/corpus.py 10000 > /tmp/corpus-10000.bib

Which source entries are used is fixed in ``selected-entries.txt``: the entries of BibTeX's
standard types that pybtex's ``plain`` style formats without an error, so that every peer
reads every file.
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache
from pathlib import Path

REALWORLD = Path(__file__).resolve().parent.parent / "tests" / "data" / "realworld"
# UTF-8 files whose entries every peer reads (no @preamble needing macros of its own).
SOURCES = (
    "biblatex-examples.bib", "epodd.bib", "texbook1.bib", "IEEEexample.bib", "xampl.bib",
    "archaeologie-examples.bib", "texjourn.bib",
)
_BLOCK = re.compile(r"^@(\w+)\s*[{(]", re.MULTILINE)
# Entry types of BibTeX's standard styles: every peer (pybtex's plain style included) reads them.
# with the fields that its plain style requires (one of a|b: either).
REQUIRED = {
    "article": ("author", "title", "journal", "year"),
    "book": ("author|editor", "title", "publisher", "year"),
    "booklet": ("title",),
    "inbook": ("author|editor", "title", "chapter|pages", "publisher", "year"),
    "incollection": ("author", "title", "booktitle", "publisher", "year"),
    "inproceedings": ("author", "title", "booktitle", "year"),
    "conference": ("author", "title", "booktitle", "year"),
    "manual": ("title",),
    "mastersthesis": ("author", "title", "school", "year"),
    "misc": (),
    "phdthesis": ("author", "title", "school", "year"),
    "proceedings": ("title", "year"),
    "techreport": ("author", "title", "institution", "year"),
    "unpublished": ("author", "title", "note"),
}


def _usable(kind: str, block: str) -> bool:
    if kind not in REQUIRED or "crossref" in block.lower():
        return False
    return all(
        any(re.search(rf"[,\s]{f}\s*=", block, re.IGNORECASE) for f in need.split("|"))
        for need in REQUIRED[kind]
    )


def _blocks(text: str) -> list[tuple[str, str]]:
    """(type, text) of each top-level block, by brace matching from each '@' at a line start."""
    out = []
    for m in _BLOCK.finditer(text):
        depth = 0
        for i in range(m.end() - 1, len(text)):
            c = text[i]
            if c == "{" or c == "(":
                depth += 1
            elif c == "}" or c == ")":
                depth -= 1
                if depth == 0:
                    out.append((m.group(1).lower(), text[m.start() : i + 1]))
                    break
    return out


SELECTED = Path(__file__).resolve().parent / "selected-entries.txt"
"""The source entries every peer formats (``python benchmarks/corpus.py --select`` writes it)."""
_KEY = re.compile(r"^@\w+\s*[{(]\s*([^,\s]+)\s*,")


def _candidates() -> tuple[str, list[tuple[str, str]]]:
    """All @string blocks, and (source:key, entry) for the entries of standard types."""
    strings: list[str] = []
    entries: list[tuple[str, str]] = []
    for name in SOURCES:
        for kind, block in _blocks((REALWORLD / name).read_text(encoding="utf-8")):
            if kind == "string":
                strings.append(block)
            elif _usable(kind, block):
                key = _KEY.match(block)
                if key:
                    entries.append((f"{name}:{key.group(1)}", block))
    return "\n".join(dict.fromkeys(strings)) + "\n\n", entries


@lru_cache(maxsize=1)
def _material() -> tuple[str, tuple[str, ...]]:
    strings, entries = _candidates()
    selected = set(SELECTED.read_text(encoding="utf-8").split())
    chosen = tuple(block for ident, block in entries if ident in selected)
    return _used_strings(strings, chosen), chosen


_STRING_NAME = re.compile(r"^@string\s*[{(]\s*([^=\s]+)", re.IGNORECASE)
_BARE_WORD = re.compile(r"(?:=|#)\s*([A-Za-z][\w\-:.+/]*)")


def _used_strings(strings: str, entries: tuple[str, ...]) -> str:
    """Only the @string blocks the entries use (directly or through other @strings)."""
    blocks = {m.group(1).lower(): block for kind, block in _blocks(strings)
              if (m := _STRING_NAME.match(block))}
    wanted = {w.lower() for e in entries for w in _BARE_WORD.findall(e)}
    todo = [w for w in wanted if w in blocks]
    keep: set[str] = set()
    while todo:
        name = todo.pop()
        if name in keep:
            continue
        keep.add(name)
        todo.extend(w.lower() for w in _BARE_WORD.findall(blocks[name]) if w.lower() in blocks)
    return "\n".join(block for name, block in blocks.items() if name in keep) + "\n\n"


def select() -> list[str]:
    """The candidate entries that pybtex's plain style formats without an error or warning."""
    import contextlib
    import io

    import pybtex
    import pybtex.errors

    strings, entries = _candidates()
    chosen = []
    for ident, block in entries:
        path = Path("/tmp/publist-select.bib")
        path.write_text(strings + block + "\n", encoding="utf-8")
        err = io.StringIO()
        try:
            pybtex.errors.set_strict_mode(True)
            with contextlib.redirect_stderr(err):
                pybtex.format_from_file(str(path), "plain", citations=["*"],
                                        output_backend="markdown")
        except Exception:  # noqa: BLE001, S112 - any error rules the entry out
            continue
        chosen.append(ident)
    return chosen


def corpus(n: int) -> str:
    """A .bib text of ``n`` entries: the same text for the same ``n``, every time."""
    strings, entries = _material()
    parts = [strings]
    for i in range(n):
        entry = entries[i % len(entries)]
        round_ = i // len(entries)
        entry = re.sub(r"^(@\w+\s*[{(]\s*)[^,]*,", rf"\g<1>bench{i},", entry, count=1)
        if round_:
            entry = re.sub(r"(\btitle\s*=\s*[{\"])", rf"\g<1>Part {round_}: ", entry, count=1,
                           flags=re.IGNORECASE)
        parts.append(entry + "\n\n")
    return "".join(parts)


if __name__ == "__main__":
    if sys.argv[1:] == ["--select"]:
        SELECTED.write_text("\n".join(select()) + "\n", encoding="utf-8")
    else:
        sys.stdout.write(corpus(int(sys.argv[1]) if len(sys.argv) > 1 else 100))
