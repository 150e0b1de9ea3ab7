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

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from publist.bibfile import FieldSpan, Layout, Record

_CAMEL: Final = {"archiveprefix": "archivePrefix", "primaryclass": "primaryClass"}


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


def _name(entry: str, f: FieldSpan) -> str:
    return entry[f.name : f.eq].rstrip()


def _style(entry: str, layout: Layout) -> _Style:
    fields = layout.fields
    own_line = [f for f in fields if _only_space_before(entry, f.name)]
    indent = ""
    if own_line:
        first = own_line[0]
        indent = entry[_line_start(entry, first.name) : first.name]
    sample = fields[0] if fields else None
    before_eq = after_eq = " "
    if sample is not None:
        before_eq = entry[sample.name + len(_name(entry, sample)) : sample.eq]
        after_eq = entry[sample.eq + 1 : sample.value]
        if "\n" in before_eq or "\n" in after_eq:
            before_eq = after_eq = " "
    columns = {f.eq - _line_start(entry, f.name) for f in own_line}
    lengths = {len(_name(entry, f)) for f in own_line}
    width = columns.pop() if len(columns) == 1 and len(lengths) > 1 else 0
    quoted = sum(1 for f in fields if entry[f.value] == '"')
    braced = sum(1 for f in fields if entry[f.value] == "{")
    names = [_name(entry, f) for f in fields]
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


def insert(entry: str, fields: Sequence[tuple[str, str]], layout: Layout | None = None) -> str:
    """The entry's text with ``fields`` added in its own style; nothing else changes.

    ``layout`` is where the entry's fields stand (the reader's :attr:`Record.layout`); without
    it the entry is read again.
    """
    if not fields:
        return entry
    if layout is None:
        from publist.bibfile import read

        layout = read(entry, layout=True).records[0].layout
        assert layout is not None
    style = _style(entry, layout)
    last = layout.fields[-1] if layout.fields else None
    nl = style.newline
    if last is not None and "\n" in entry:
        closing_alone = _only_space_before(entry, layout.close)
        if last.comma != -1 and closing_alone and last.comma < _line_start(entry, layout.close):
            at = _line_start(entry, layout.close)
            lines = "".join(f"{style.indent}{_field_text(style, n, v, style.indent)},{nl}"
                            for n, v in fields)
            return entry[:at] + lines + entry[at:]
        if _only_space_before(entry, last.name) and _line_start(entry, last.name) > 0:
            at = _line_start(entry, last.name)
            indent = entry[at : last.name]
            lines = "".join(f"{indent}{_field_text(style, n, v, indent)},{nl}" for n, v in fields)
            return entry[:at] + lines + entry[at:]
    # one line (or fields on the key's line): add the fields on that line
    inline = "".join(f"{_field_text(style, n, v, '')}, " for n, v in fields)
    if last is not None:
        return entry[: last.name] + inline + entry[last.name :]
    if entry[layout.key_end - 1] == ",":  # @misc{key,} or @misc{key, }
        return entry[: layout.key_end] + " " + inline.rstrip(", ") + entry[layout.key_end :]
    return entry[: layout.close] + ", " + inline.rstrip(", ") + entry[layout.close :]


def apply(text: str, edits: Sequence[tuple[Record, Sequence[tuple[str, str]]]]) -> str:
    """The file's text with fields added to some entries; every other byte unchanged."""
    out = text
    for record, fields in sorted(edits, key=lambda e: e[0].start, reverse=True):
        entry = out[record.start : record.end]
        out = out[: record.start] + insert(entry, fields, record.layout) + out[record.end :]
    return out
