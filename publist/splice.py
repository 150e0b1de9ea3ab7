r"""Adding fields to an entry in the file's own text, the way a careful person would.

Only added lines: new fields go after the last one (when it ends with a comma and the closing
brace has its own line) or before it (each new line then ends with a comma), so that no line
the user wrote changes and ``git diff`` shows only the additions. The new lines copy the
entry's style: indentation, alignment of ``=``, spacing, braces or quotes, key case, line
endings. An entry written on one line gets the fields on that line.

>>> entry = "@misc{k,\n  title  = {T},\n  year   = {2019},\n}"
>>> print(insert(entry, [("eprint", "1912.07145"), ("archiveprefix", "arXiv")]))
@misc{k,
  title  = {T},
  year   = {2019},
  eprint = {1912.07145},
  archiveprefix = {arXiv},
}
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

_HEAD: Final = re.compile(r"@[^{(]*([{(])")
_CAMEL: Final = {"archiveprefix": "archivePrefix", "primaryclass": "primaryClass"}


@dataclass(frozen=True, slots=True)
class _Field:
    name: str
    start: int
    """Index of the field name."""
    value_start: int
    end: int
    """Index just after the value."""
    comma: int | None
    """Index of the comma after the value, if any."""


@dataclass(frozen=True, slots=True)
class _Layout:
    fields: tuple[_Field, ...]
    close: int
    """Index of the delimiter that closes the entry."""
    key_end: int
    """Index just after the key's comma (or of the closing delimiter if there is none)."""


def _scan(entry: str) -> _Layout:
    """Where the fields of an entry stand; the entry is one the splitter accepted."""
    head = _HEAD.match(entry)
    if head is None:
        raise ValueError("not an entry")
    closer = "}" if head.group(1) == "{" else ")"
    i = head.end()
    n = len(entry)
    while i < n and entry[i] not in ",}" + closer:
        i += 1
    if i >= n or entry[i] != ",":
        return _Layout((), i, i)
    key_end = i + 1
    i = key_end
    fields: list[_Field] = []
    while True:
        while i < n and entry[i].isspace():
            i += 1
        if i >= n or entry[i] == closer:
            return _Layout(tuple(fields), i, key_end)
        start = i
        while i < n and entry[i] not in "=" and not entry[i].isspace():
            i += 1
        name = entry[start:i]
        while i < n and entry[i] != "=":
            i += 1
        i += 1
        while i < n and entry[i].isspace():
            i += 1
        value_start = i
        i = _value_end(entry, i, closer)
        end = i
        while i < n and entry[i].isspace():
            i += 1
        comma = i if i < n and entry[i] == "," else None
        fields.append(_Field(name, start, value_start, end, comma))
        if comma is not None:
            i += 1


def _value_end(entry: str, i: int, closer: str) -> int:
    """Index after a value made of ``{...}``, ``"..."`` and bare parts joined by ``#``."""
    n = len(entry)
    while i < n:
        c = entry[i]
        if c == "{":
            depth = 0
            while i < n:
                if entry[i] == "\\":
                    i += 2
                    continue
                if entry[i] == "{":
                    depth += 1
                elif entry[i] == "}":
                    depth -= 1
                    if depth == 0:
                        i += 1
                        break
                i += 1
        elif c == '"':
            i += 1
            while i < n:
                if entry[i] == "\\":
                    i += 2
                    continue
                if entry[i] == '"' and not (entry[i - 1] == "{" and entry[i + 1 : i + 2] == "}"):
                    i += 1
                    break
                i += 1
        else:
            while i < n and not entry[i].isspace() and entry[i] not in ",#" + closer:
                i += 1
        j = i
        while j < n and entry[j].isspace():
            j += 1
        if j < n and entry[j] == "#":
            i = j + 1
            while i < n and entry[i].isspace():
                i += 1
            continue
        return i
    return i


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _only_space_before(text: str, index: int) -> bool:
    return not text[_line_start(text, index) : index].strip()


@dataclass(frozen=True, slots=True)
class _Style:
    indent: str
    name_width: int
    """Column where ``=`` stands in aligned entries, else 0."""
    before_eq: str
    after_eq: str
    quote: bool
    case: str
    camel: bool
    newline: str


def _style(entry: str, layout: _Layout) -> _Style:
    fields = layout.fields
    own_line = [f for f in fields if _only_space_before(entry, f.start)]
    indent = ""
    if own_line:
        first = own_line[0]
        indent = entry[_line_start(entry, first.start) : first.start]
    sample = fields[0] if fields else None
    before_eq = after_eq = " "
    if sample is not None:
        eq = entry.index("=", sample.start + len(sample.name))
        before_eq = entry[sample.start + len(sample.name) : eq]
        after_eq = entry[eq + 1 : sample.value_start]
        if "\n" in before_eq or "\n" in after_eq:
            before_eq = after_eq = " "
    columns = {entry.index("=", f.start + len(f.name)) - _line_start(entry, f.start) for f in own_line}
    lengths = {len(f.name) for f in own_line}
    width = columns.pop() if len(columns) == 1 and len(lengths) > 1 else 0
    quoted = sum(1 for f in fields if entry[f.value_start] == '"')
    braced = sum(1 for f in fields if entry[f.value_start] == "{")
    names = [f.name for f in fields]
    case = "lower"
    if names and all(n.isupper() for n in names if n.isalpha()):
        case = "upper"
    elif names and all(n[:1].isupper() and n[1:] == n[1:].lower() for n in names):
        case = "title"
    camel = any(n in _CAMEL.values() for n in names)
    return _Style(
        indent=indent, name_width=width, before_eq=before_eq, after_eq=after_eq,
        quote=quoted > braced, case=case, camel=camel,
        newline="\r\n" if "\r\n" in entry else "\n",
    )


def _field_text(style: _Style, name: str, value: str, indent: str) -> str:
    if style.case == "upper":
        name = name.upper()
    elif style.case == "title":
        name = name.capitalize()
    elif style.camel:
        name = _CAMEL.get(name, name)
    enclosed = '"' + value.replace('"', '{"}') + '"' if style.quote else "{" + value + "}"
    if style.name_width:
        pad = style.name_width - len(indent) - len(name)
        head = name + (" " * pad if pad > 0 else " ")
        return f"{head}={style.after_eq}{enclosed}"
    return f"{name}{style.before_eq}={style.after_eq}{enclosed}"


def insert(entry: str, fields: Sequence[tuple[str, str]]) -> str:
    """The entry's text with ``fields`` added in its own style; nothing else changes."""
    if not fields:
        return entry
    layout = _scan(entry)
    style = _style(entry, layout)
    last = layout.fields[-1] if layout.fields else None
    nl = style.newline
    if last is not None and "\n" in entry:
        closing_alone = _only_space_before(entry, layout.close)
        if last.comma is not None and closing_alone and last.comma < _line_start(entry, layout.close):
            at = _line_start(entry, layout.close)
            lines = "".join(f"{style.indent}{_field_text(style, n, v, style.indent)},{nl}"
                            for n, v in fields)
            return entry[:at] + lines + entry[at:]
        if _only_space_before(entry, last.start) and _line_start(entry, last.start) > 0:
            at = _line_start(entry, last.start)
            indent = entry[at : last.start]
            lines = "".join(f"{indent}{_field_text(style, n, v, indent)},{nl}" for n, v in fields)
            return entry[:at] + lines + entry[at:]
    # one line (or fields on the key's line): add the fields on that line
    inline = "".join(f"{_field_text(style, n, v, '')}, " for n, v in fields)
    if last is not None:
        return entry[: last.start] + inline + entry[last.start :]
    if entry[layout.key_end - 1] == ",":  # @misc{key,} or @misc{key, }
        return entry[: layout.key_end] + " " + inline.rstrip(", ") + entry[layout.key_end :]
    return entry[: layout.close] + ", " + inline.rstrip(", ") + entry[layout.close :]


def apply(text: str, edits: Sequence[tuple[int, int, Sequence[tuple[str, str]]]]) -> str:
    """The file's text with fields added to entries at ``(start, end)``; other bytes unchanged."""
    out = text
    for start, end, fields in sorted(edits, key=lambda e: e[0], reverse=True):
        out = out[:start] + insert(out[start:end], fields) + out[end:]
    return out
