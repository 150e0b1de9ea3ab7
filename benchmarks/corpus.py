"""A deterministic benchmark corpus built from real entries shipped in packages.

The entries come from tests/data/realworld/ (Debian's TeX Live and PyPI sdists, see its
SOURCES.md). A file of N entries repeats them in a fixed order with unique keys and varied
titles, after every ``@string`` they need, so that each file is valid BibTeX for every tool.

    python benchmarks/corpus.py 10000 > /tmp/corpus-10000.bib
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


@lru_cache(maxsize=1)
def _material() -> tuple[str, tuple[str, ...]]:
    strings: list[str] = []
    entries: list[str] = []
    for name in SOURCES:
        for kind, block in _blocks((REALWORLD / name).read_text(encoding="utf-8")):
            if kind == "string":
                strings.append(block)
            elif kind not in ("preamble", "comment") and "crossref" not in block.lower():
                entries.append(block)
    return "\n".join(dict.fromkeys(strings)) + "\n\n", tuple(entries)


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
    sys.stdout.write(corpus(int(sys.argv[1]) if len(sys.argv) > 1 else 100))
