r"""Reading a .bib file into records that remember where they stand, byte for byte.

bibtexparser's splitter cuts the text into blocks and keeps each block's raw text and line;
this module is publist's only user of bibtexparser. It evaluates field values the way
BibTeX does (``{...}``, ``"..."``, numbers, ``@string`` macros, ``#`` concatenation), which
bibtexparser 2 leaves to the caller, and it locates every entry by character offsets so
that ``publist sync`` can splice new fields into the original text.

>>> bib = read('@string{n = "NeurIPS"}\n@inproceedings{k,\n  title = {A} # " " # n,\n}\n')
>>> r = bib.records[0]
>>> r.key, r.type, r.fields["title"], r.line, r.end_line
('k', 'inproceedings', 'A NeurIPS', 2, 4)
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

from publist.errors import BibError
from publist.model import Diagnostic

# BibTeX's standard styles predefine the month macros.
MONTH_MACROS: Final = {
    m[:3].lower(): m
    for m in (
        "January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December",
    )
}
_SPACES: Final = re.compile(r"\s+")
_BARE: Final = re.compile(r"[^\s#,{}\"=]+")


@dataclass(frozen=True, slots=True)
class Record:
    """One ``@type{key, ...}`` entry as it stands in the file.

    ``fields`` maps lower-case names to evaluated values (``@string`` macros expanded,
    white space folded); ``text[start:end]`` is the entry's exact source.
    """

    key: str
    type: str
    fields: Mapping[str, str]
    field_lines: Mapping[str, int]
    """1-based line of each field's ``=``, e.g. ``{"title": 3}``."""
    line: int
    end_line: int
    start: int
    end: int


@dataclass(slots=True)
class Bibliography:
    """A parsed .bib file: its entries, in file order, and what was odd about it."""

    path: str
    text: str
    records: list[Record] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def decode(data: bytes, path: str) -> str:
    """The text of a .bib file: UTF-8, with or without a byte-order mark.

    Anything else is refused with the line of the first bad byte, so that a later write
    can never corrupt a file read in the wrong encoding.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        byte = data[err.start]
        raise BibError(
            f"not valid UTF-8 (byte 0x{byte:02x}); save the file as UTF-8 and try again",
            path,
            line,
        ) from None


def read(text: str, path: str = "refs.bib") -> Bibliography:
    """Split and evaluate a .bib text; raise :class:`BibError` on a syntax error."""
    from bibtexparser import model
    from bibtexparser.splitter import Splitter

    _quiet_bibtexparser()
    bib = Bibliography(path, text)
    line_starts = _line_starts(text)
    strings: dict[str, str] = {}
    seen: dict[str, int] = {}
    for block in Splitter(text).split().blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, model.DuplicateFieldKeyBlock):
            dupes = ", ".join(sorted(block.duplicate_keys))
            bib.diagnostics.append(
                Diagnostic(path, line, f"field {dupes} given twice; the first one is used")
            )
        if isinstance(block, model.DuplicateBlockKeyBlock | model.DuplicateFieldKeyBlock):
            assert block.ignore_error_block is not None  # both wrap the block they flag
            block = block.ignore_error_block
        elif isinstance(block, model.ParsingFailedBlock):
            raise BibError(_failure_message(block), path, line)
        if isinstance(block, model.String):
            try:
                value, problems = _evaluate(block.value, strings)
            except ValueError as err:
                raise BibError(f"@string '{block.key.strip()}': {err}", path, line) from None
            strings[block.key.strip().lower()] = value
            bib.diagnostics.extend(Diagnostic(path, line, p) for p in problems)
        elif isinstance(block, model.Entry):
            record = _record(block, bib, strings, line_starts)
            first = seen.setdefault(record.key.lower(), record.line)
            if first != record.line:
                bib.diagnostics.append(
                    Diagnostic(path, line, f"duplicate key '{record.key}' (first at line {first})")
                )
            bib.records.append(record)
    return bib


def _quiet_bibtexparser() -> None:
    """bibtexparser logs every syntax error; publist reports them itself, once."""
    logger = logging.getLogger("bibtexparser")
    if logger.level < logging.CRITICAL:
        logger.setLevel(logging.CRITICAL)


def _line_starts(text: str) -> list[int]:
    starts = [0]
    find = text.find
    i = find("\n")
    while i != -1:
        starts.append(i + 1)
        i = find("\n", i + 1)
    return starts


def _record(block, bib: Bibliography, strings: Mapping[str, str], line_starts: list[int]) -> Record:  # type: ignore[no-untyped-def]
    line0 = block.start_line or 0
    raw: str = block.raw
    start = bib.text.find(raw, line_starts[min(line0, len(line_starts) - 1)])
    if start < 0:  # pragma: no cover - the splitter's raw text is a slice of ours
        raise AssertionError(f"entry '{block.key}' not found at line {line0 + 1}")
    values: dict[str, str] = {}
    lines: dict[str, int] = {}
    key = block.key.strip()
    for f in block.fields:
        name = f.key.strip().lower()
        if name in values:
            continue
        flin = f.start_line + 1
        try:
            value, problems = _evaluate(f.value, strings)
        except ValueError as err:
            raise BibError(f"entry '{key}', field '{name}': {err}", bib.path, flin) from None
        bib.diagnostics.extend(
            Diagnostic(bib.path, flin, f"entry '{key}', field '{name}': {p}") for p in problems
        )
        values[name] = value
        lines[name] = flin
    if not key:
        raise BibError(f"@{block.entry_type} entry has no key", bib.path, line0 + 1)
    return Record(
        key=key,
        type=block.entry_type.lower(),
        fields=values,
        field_lines=lines,
        line=line0 + 1,
        end_line=line0 + 1 + raw.count("\n"),
        start=start,
        end=start + len(raw),
    )


def _failure_message(block) -> str:  # type: ignore[no-untyped-def]
    """A syntax error in words a user can act on, e.g. ``'@misc{a' is not closed ...``."""
    raw: str = block.raw
    m = re.match(r"@\w*\s*[{(]\s*[^\s,{}()=]*", raw)
    head = (m.group(0) if m else raw.split("\n", 1)[0])[:60]
    reason: str = getattr(block.error, "abort_reason", str(block.error))
    if "end of file" in reason:
        return f"'{head}' is not closed before the end of the file (a '}}' or '\"' is missing)"
    if reason.startswith("Unexpected block start"):
        return f"'{head}' is not closed before the next '@' (a '}}' or '\"' is missing)"
    if "comma after entry key" in reason:
        return f"'{head}': expected ',' after the entry key"
    if "after entry key" in reason:
        field = re.search(r",\s*([^\s,={}]+)[^,]*$", raw)
        name = f" '{field.group(1)}'" if field else ""
        return f"'{head}': expected '=' after the field name{name}"
    if "after a closed entry field value" in reason:
        return f"'{head}': expected ',' or '}}' after a field value"
    return f"'{head}': {reason.strip()}"


def _evaluate(raw: str, strings: Mapping[str, str]) -> tuple[str, list[str]]:
    """A field value as BibTeX sees it, and soft problems (an undefined ``@string``).

    Raises ``ValueError`` with a readable reason when the value is not well-formed.
    """
    parts: list[str] = []
    problems: list[str] = []
    i, n = 0, len(raw)
    while True:
        while i < n and raw[i].isspace():
            i += 1
        if i >= n:
            raise ValueError("value ends with '#'" if parts else "no value")
        c = raw[i]
        if c in "{\"":
            j = _closing(raw, i)
            if j < 0 and c == '"':
                # BibTeX wants braces balanced inside quotes too; the splitter does not, and
                # has already found where this value ends: follow it, and say so.
                j = _next_quote(raw, i + 1)
                problems.append("unbalanced braces in the value")
            if j < 0:
                raise ValueError("unbalanced braces in the value")
            parts.append(raw[i + 1 : j])
            i = j + 1
        else:
            m = _BARE.match(raw, i)
            if not m:
                raise ValueError(f"unexpected '{c}' in the value")
            word = m.group(0)
            i = m.end()
            if word.isdigit():
                parts.append(word)
            elif word.lower() in strings:
                parts.append(strings[word.lower()])
            elif word.lower() in MONTH_MACROS:
                parts.append(MONTH_MACROS[word.lower()])
            else:
                problems.append(f"undefined @string '{word}' (put text in braces)")
                parts.append(word)
        while i < n and raw[i].isspace():
            i += 1
        if i >= n:
            return _SPACES.sub(" ", "".join(parts)).strip(), problems
        if raw[i] != "#":
            raise ValueError(f"unexpected '{raw[i:][:20]}' after the value (is a ',' missing?)")
        i += 1


def _next_quote(raw: str, start: int) -> int:
    """Index of the next ``"`` not escaped by a backslash, or -1."""
    i = start
    while (i := raw.find('"', i)) > 0 and raw[i - 1] == "\\":
        i += 1
    return i


def _closing(raw: str, start: int) -> int:
    """Index of the delimiter closing the ``{`` or ``"`` at ``start``, or -1."""
    quote = raw[start] == '"'
    depth = 0
    i = start + 1
    n = len(raw)
    while i < n:
        c = raw[i]
        if c == "\\":
            i += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            if depth == 0:
                return -1 if quote else i
            depth -= 1
        elif c == '"' and quote and depth == 0:
            return i
        i += 1
    return -1
