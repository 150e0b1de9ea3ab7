r"""Adding fields to an entry in the file's own text, the way a careful person would.

Only added lines: new fields go after the last one (when it ends with a comma and the closing
brace has its own line), else before the last line that starts with a field (each new line
then ends with a comma), so that no line the user wrote changes and ``git diff`` shows only
the additions. The new lines copy the
entry's style: indentation, alignment of ``=``, spacing, braces or quotes, key case, line
endings. An entry written on one line gets the fields on that line. A field that is there but
empty (``doi = {}``) is filled where it stands: the one change to a line sync makes.

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
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final, NamedTuple, TypeVar

from publist.bib.reader import FieldSpan, Layout, Record
from publist.errors import BibError

_CAMEL: Final = {"archiveprefix": "archivePrefix", "primaryclass": "primaryClass"}
T = TypeVar("T")


_BREAK: Final = re.compile(r"\r\n?|\n")
"""A line break in any system's spelling: an old Mac's file ends its lines with ``\\r`` alone."""


def newline(text: str) -> str:
    r"""The line break a text is written with, the one most of its lines end in: Windows'
    ``\r\n``, an old Mac's ``\r``, or ``\n`` (also for a text of one line).

    >>> newline("@misc{a,\r\n}\r\n"), newline("@misc{a,\r}\r"), newline("@misc{a,}")
    ('\r\n', '\r', '\n')
    """
    if "\r" not in text:
        return "\n"
    crlf = text.count("\r\n")
    counts = {"\n": text.count("\n") - crlf, "\r\n": crlf, "\r": text.count("\r") - crlf}
    return max(counts, key=lambda k: counts[k])


def with_breaks(text: str, newline: str) -> str:
    """``text`` with every line break written as ``newline``, e.g. new entries as their file writes them."""
    return _BREAK.sub(newline, text)


def _line_start(text: str, index: int) -> int:
    return max(text.rfind("\n", 0, index), text.rfind("\r", 0, index)) + 1


def _breaks(text: str) -> bool:
    return "\n" in text or "\r" in text


def _only_space_before(text: str, index: int) -> bool:
    return not text[_line_start(text, index) : index].strip()


@dataclass(frozen=True, slots=True)
class _Style:
    indent: str
    name_width: int
    """Column where ``=`` stands in aligned entries, else 0."""
    value_width: int
    """Column where values start in entries aligned at their values (``author =       {``, as
    Emacs's bibtex-mode and Beebe's TeX bibliographies write them), else 0."""
    before_eq: str
    after_eq: str
    quote: bool
    case: str
    camel: bool
    newline: str


def _name(entry: str, f: FieldSpan) -> str:
    return entry[f.name : f.eq].rstrip()


def _most_common(values: list[T]) -> tuple[T, int] | None:
    """The value most of ``values`` have (the first of a tie) and how many have it."""
    if not values:
        return None
    counts = Counter(values)
    best = max(counts.values())
    return next(v for v in values if counts[v] == best), best


def _style(entry: str, layout: Layout) -> _Style:
    fields = layout.fields
    own_line = [f for f in fields if _only_space_before(entry, f.name)]
    indents = [entry[_line_start(entry, f.name) : f.name] for f in own_line]
    indent = (_most_common(indents) or ("", 0))[0]
    sample = fields[0] if fields else None
    before_eq = after_eq = " "
    if sample is not None:
        before_eq = entry[sample.name + len(_name(entry, sample)) : sample.eq]
        after_eq = entry[sample.eq + 1 : sample.value]
        if _breaks(before_eq) or _breaks(after_eq):
            before_eq = after_eq = " "
    return _Style(
        indent=indent, name_width=_eq_column(entry, own_line),
        value_width=_value_column(entry, own_line), before_eq=before_eq,
        after_eq=after_eq, quote=_quoted(entry, fields), case=_case(entry, fields),
        camel=any(_name(entry, f) in _CAMEL.values() for f in fields),
        newline=newline(entry),
    )


def _eq_column(entry: str, own_line: list[FieldSpan]) -> int:
    """The column of ``=`` in an aligned entry, else 0.

    Aligned means that most fields put ``=`` in one column, padding names of different
    lengths to reach it; a field whose name is too long for the column does not count.
    """
    columns = [f.eq - _line_start(entry, f.name) for f in own_line]
    common = _most_common(columns)
    if common is None or common[1] < 2 or 2 * common[1] < len(columns):
        return 0
    there = [f for f, c in zip(own_line, columns, strict=True) if c == common[0]]
    padded = any(entry[f.name + len(_name(entry, f)) : f.eq].count(" ") > 1 for f in there)
    return common[0] if padded and len({len(_name(entry, f)) for f in there}) > 1 else 0


def _value_column(entry: str, own_line: list[FieldSpan]) -> int:
    """The column where values start in an entry aligned at its values, else 0: most fields
    start their value in one column, reached by padding after ``=`` that differs between them
    (``author =       {``, ``title =        {``: values in column 17)."""
    columns = [f.value - _line_start(entry, f.name) for f in own_line]
    common = _most_common(columns)
    if common is None or common[1] < 2 or 2 * common[1] < len(columns):
        return 0
    there = [f for f, c in zip(own_line, columns, strict=True) if c == common[0]]
    return common[0] if len({entry[f.eq + 1 : f.value] for f in there}) > 1 else 0


def _quoted(entry: str, fields: tuple[FieldSpan, ...]) -> bool:
    quoted = sum(1 for f in fields if entry[f.value] == '"')
    return quoted > sum(1 for f in fields if entry[f.value] == "{")


def _case(entry: str, fields: tuple[FieldSpan, ...]) -> str:
    names = [_name(entry, f) for f in fields]
    if names and all(n.isupper() for n in names if n.isalpha()):
        return "upper"
    # JabRef 2 capitalises names (Title, Author, Doi) but may keep an acronym's (ISSN, ISBN)
    titled = [n for n in names if not (n.isupper() and len(n) <= 4)]
    if titled and all(n[:1].isupper() and n[1:] == n[1:].lower() for n in titled):
        return "title"
    return "lower"


def enclose(value: str, quote: bool) -> str:
    r"""A value in braces, or in quotes with each ``"`` at brace level 0 protected by braces.

    BibTeX ends a quoted value at the first ``"`` outside braces, backslash or not, so an
    umlaut is written ``{\"o}`` there.

    >>> enclose(r'Sch\"olkopf and "quotes" and {\"u}', quote=True)
    '"Sch{\\"o}lkopf and {"}quotes{"} and {\\"u}"'
    """
    if not quote:
        return "{" + value + "}"
    out: list[str] = []
    depth = i = 0
    while i < len(value):
        c = value[i]
        if c == "\\" and depth == 0 and value.startswith('\\"', i):
            m = _ACCENT_ARGUMENT.match(value, i + 2)
            end = m.end() if m else i + 2
            out.append("{" + value[i:end] + "}")
            i = end
            continue
        if c == "\\":
            out.append(value[i : i + 2])
            i += 2
            continue
        depth += {"{": 1, "}": -1}.get(c, 0)
        out.append('{"}' if c == '"' and depth == 0 else c)
        i += 1
    return '"' + "".join(out) + '"'


_ACCENT_ARGUMENT: Final = re.compile(r"\s*(?:\{[^{}]*\}|\\?[A-Za-z])")


def _field_text(style: _Style, name: str, value: str, indent: str) -> str:
    if style.case == "upper":
        name = name.upper()
    elif style.case == "title":
        name = name.capitalize()
    elif style.camel:
        name = _CAMEL.get(name, name)
    enclosed = enclose(value, style.quote)
    if style.name_width:
        pad = style.name_width - len(indent) - len(name)
        head = name + (" " * pad if pad > 0 else " ")
        return f"{head}={style.after_eq}{enclosed}"
    if style.value_width:
        head = f"{name}{style.before_eq}="
        pad = style.value_width - len(indent) - len(head)
        return head + (" " * pad if pad > 0 else " ") + enclosed
    return f"{name}{style.before_eq}={style.after_eq}{enclosed}"


def insert(entry: str, fields: Sequence[tuple[str, str]], layout: Layout | None = None) -> str:
    """The entry's text with ``fields`` added in its own style; nothing else changes.

    ``layout`` is where the entry's fields stand (the reader's :attr:`Record.layout`); without
    it the entry is read again.
    """
    if not fields:
        return entry
    if layout is None:
        layout = _layout(entry)
    filled, fields = _fill(entry, layout, fields)
    if filled != entry:
        entry, layout = filled, _layout(filled)
    if not fields:
        return entry
    style = _style(entry, layout)
    last = layout.fields[-1] if layout.fields else None
    nl = style.newline
    if last is not None and _breaks(entry):
        closing_alone = _only_space_before(entry, layout.close)
        if last.comma != -1 and closing_alone and last.comma < _line_start(entry, layout.close):
            at = _line_start(entry, layout.close)
            lines = "".join(f"{style.indent}{_field_text(style, n, v, style.indent)},{nl}"
                            for n, v in fields)
            return entry[:at] + lines + entry[at:]
        starts = [f for f in layout.fields
                  if _only_space_before(entry, f.name) and _line_start(entry, f.name) > 0]
        if starts:  # before the last line that starts with a field: only added lines
            at = _line_start(entry, starts[-1].name)
            indent = entry[at : starts[-1].name]
            lines = "".join(f"{indent}{_field_text(style, n, v, indent)},{nl}" for n, v in fields)
            return entry[:at] + lines + entry[at:]
    # one line (or every field on the key's line): add the fields on that line
    inline = "".join(f"{_field_text(style, n, v, '')}, " for n, v in fields)
    if last is not None:
        return entry[: last.name] + inline + entry[last.name :]
    if entry[layout.key_end - 1] == ",":  # @misc{key,} or @misc{key, }
        return entry[: layout.key_end] + " " + inline.rstrip(", ") + entry[layout.key_end :]
    return entry[: layout.close] + ", " + inline.rstrip(", ") + entry[layout.close :]


def _layout(entry: str) -> Layout:
    from publist.bib.reader import read

    layout = read(entry, layout=True).records[0].layout
    assert layout is not None
    return layout


def _fill(entry: str, layout: Layout, fields: Sequence[tuple[str, str]]
          ) -> tuple[str, list[tuple[str, str]]]:
    """The entry with empty fields of these names filled in place, and the fields left to add."""
    empty = {}
    for f in layout.fields:
        name = _name(entry, f).lower()
        if name not in empty and not entry[f.value + 1 : f.end - 1].strip() and f.end - f.value >= 2:
            empty[name] = f
    rest: list[tuple[str, str]] = []
    fills: list[tuple[FieldSpan, str]] = []
    for name, value in fields:
        span = empty.pop(name, None)
        if span is None:
            rest.append((name, value))
        else:
            fills.append((span, value))
    for span, value in sorted(fills, key=lambda f: f[0].value, reverse=True):
        enclosed = enclose(value, entry[span.value] == '"')
        entry = entry[: span.value] + enclosed + entry[span.end :]
    return entry, rest


class Edit(NamedTuple):
    """What to do to one entry: add fields, replace or remove some, change its type.

    e.g. ``Edit(add=[("doi", "10.1/x")])``, or what ``publist sync --upgrade`` writes to a
    preprint: ``Edit(add=..., replace={"year": "2020"}, remove=("journal",), type="inproceedings")``.
    """

    add: Sequence[tuple[str, str]] = ()
    replace: Mapping[str, str] = MappingProxyType({})
    """New values for fields the entry has, in the delimiters it uses."""
    rename: Mapping[str, tuple[str, str]] = MappingProxyType({})
    """Fields that become others where they stand: ``{"journal": ("booktitle", "NeurIPS")}``."""
    remove: Sequence[str] = ()
    """Fields to take out, with their line when they stand alone on it."""
    type: str | None = None
    """A new entry type, in the case the entry writes its type (``@Article`` stays capitalised)."""


def edit(entry: str, change: Edit, layout: Layout | None = None, *,
         path: str = "<entry>", line: int = 1) -> str:
    """The entry's text with one :class:`Edit` done; every other byte as it was.

    The result is read back before it is returned: an edit that would leave the entry
    unreadable, or lose or change a field it was not asked to touch, is a bug in publist and
    raises :class:`BibError` naming the entry's file and line (``path``, ``line``).
    """
    old, old_layout = entry, layout or _layout(entry)
    if change.replace or change.remove or change.type or change.rename:
        style = _style(entry, old_layout)
        spans = {_name(entry, f).lower(): f for f in reversed(old_layout.fields)}  # the first wins
        cuts: list[tuple[int, int, str]] = []
        for name, value in change.replace.items():
            f = spans[name]
            cuts.append((f.value, f.end, _same_delimiters(entry, f, value)))
        for name, (new_name, value) in change.rename.items():
            f = spans[name]
            written = _styled_name(style, new_name, _name(entry, f))
            head = entry[f.name : f.eq]  # the name and the spaces that align its "="
            gap = head[len(_name(entry, f)) :]
            if len(gap) > 1:  # aligned: keep the column if the new name fits in it
                written = written.ljust(len(head)) if len(written) < len(head) else written + " "
            else:
                written += gap
            cuts.append((f.name, f.eq, written))
            cuts.append((f.value, f.end, _same_delimiters(entry, f, value)))
        cuts += [(start, end, "") for start, end in _removals(entry, old_layout, change.remove)]
        done = len(entry) + 1
        for start, end, text in sorted(cuts, reverse=True):
            assert end <= done, f"overlapping cuts in {entry!r}"  # a bug in publist: let it show
            entry = entry[:start] + text + entry[end:]
            done = start
        if change.type:
            m = re.match(r"@(\w+)", entry)
            assert m is not None
            entry = entry[: m.start(1)] + _in_case_of(m.group(1), change.type) + entry[m.end(1) :]
        layout = None
    try:
        new = insert(entry, change.add, layout)
    except BibError as err:
        new, problem = entry, err.msg
    else:
        problem = _read_back(old, old_layout, new, change)
    if problem:
        raise BibError(f"publist's own edit of this entry failed ({problem}); please report this "
                       "bug with the entry", path, line)
    return new


def _same_delimiters(entry: str, f: FieldSpan, value: str) -> str:
    """A new value in the delimiters the old one had; a bare number stays bare."""
    if entry[f.value] not in '{"' and value.isdigit():
        return value
    return enclose(value, entry[f.value] == '"')


def _styled_name(style: _Style, name: str, written: str) -> str:
    """A field name in the case the entry writes names, as ``written`` (the field it replaces) does."""
    if written.isupper():
        return name.upper()
    if written[:1].isupper():
        return _CAMEL.get(name, name[:1].upper() + name[1:]) if style.camel else name.capitalize()
    return name


def _removals(entry: str, layout: Layout, names: Sequence[str]) -> list[tuple[int, int]]:
    """Where the fields to remove stand (every field of those names), with what separates
    them from the others; overlapping extents (neighbours removed together) are joined."""
    gone = {i for i, f in enumerate(layout.fields) if _name(entry, f).lower() in names}
    extents = sorted(_field_extent(entry, layout, i, gone) for i in gone)
    joined: list[tuple[int, int]] = []
    for start, end in extents:
        if joined and start <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(end, joined[-1][1]))
        else:
            joined.append((start, end))
    # a cut up to the closing brace takes the spaces before it too: no "{T}, }" left
    return [(len(entry[:start].rstrip(" \t")) if entry[end:].startswith(("}", ")")) else start, end)
            for start, end in joined]


def _field_extent(entry: str, layout: Layout, i: int, gone: set[int]) -> tuple[int, int]:
    """Where field ``i`` stands, with its comma and, when it has a line of its own, the line.

    ``gone`` are the fields removed with it: the last field, which has no comma, takes the
    comma of the last field that stays, so that no ``, }`` is left behind.
    """
    f = layout.fields[i]
    end = f.comma + 1 if f.comma != -1 else f.end
    found = _BREAK.search(entry, end)
    line_end = found.end() - 1 if found else -1  # the break's last character
    rest = entry[end : line_end if line_end != -1 else len(entry)]
    starts_line = _only_space_before(entry, f.name) and _line_start(entry, f.name) > 0
    if starts_line and not rest.strip() and line_end != -1:
        return _line_start(entry, f.name), line_end + 1
    if starts_line and entry[end:].lstrip(" \t").startswith(("}", ")")):
        return _line_start(entry, f.name), end  # the closing brace keeps its line
    if f.comma == -1:
        kept = [g for j, g in enumerate(layout.fields[:i]) if j not in gone]
        if kept and kept[-1].comma != -1:
            return kept[-1].comma, f.end
    if not rest.strip() and line_end != -1:  # the line's last field: no spaces left at its end
        return len(entry[: f.name].rstrip(" \t")), end
    following = re.compile(r"[ \t]*").match(entry, end)
    return f.name, following.end() if following else end


def _read_back(old: str, layout: Layout, new: str, change: Edit) -> str:
    """Why the edited entry does not read as the old one with ``change`` done, or ``''``."""
    from publist.bib.reader import read

    try:
        records = read(new, layout=True).records
    except BibError as err:
        return err.msg
    if len(records) != 1 or records[0].layout is None:
        return f"it reads as {len(records)} entries"
    if records[0].end != len(new):
        return "it would end before its closing brace"
    after = records[0].layout

    def raw(text: str, spans: Layout) -> dict[str, str]:
        out: dict[str, str] = {}
        for f in spans.fields:
            out.setdefault(_name(text, f).lower(), text[f.value : f.end])
        return out

    before, now = raw(old, layout), raw(new, after)
    touched = {*change.remove, *change.replace, *change.rename}
    wanted = {n for n in before if n not in change.remove and n not in change.rename}
    wanted |= {new_name for new_name, _ in change.rename.values()} | {n for n, _ in change.add}
    if set(now) != wanted:
        lost, extra = sorted(wanted - set(now)), sorted(set(now) - wanted)
        return "; ".join([*(f"field '{n}' lost" for n in lost), *(f"field '{n}' appeared" for n in extra)])
    for name, value in before.items():
        if name not in touched and name in now and now[name] != value and name not in dict(change.add):
            return f"field '{name}' changed"
    if change.type and records[0].type != change.type.lower():
        return f"its type reads @{records[0].type}"
    return ""


def _in_case_of(written: str, new: str) -> str:
    """``new`` in the case ``written`` uses: ``ARTICLE``, ``Article`` or ``article``."""
    if written.isupper():
        return new.upper()
    if written[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


def new_entry(entry_type: str, key: str, fields: Sequence[tuple[str, str]],
              sample: str | None = None) -> str:
    r"""A new entry in the style of ``sample`` (the file's last entry), e.g. for ``publist add``.

    >>> print(new_entry("article", "doe2024x", [("title", "T"), ("author", "Doe, J.")],
    ...                 '@Article{k,\n    Title  = "X",\n    Author = "Y"\n}'))
    @Article{doe2024x,
        Title  = "T",
        Author = "Doe, J."
    }
    """
    layout = _layout(sample) if sample is not None else None
    if sample is None or layout is None or not layout.fields:
        sample = "@misc{k,\n  title = {T},\n}"
        layout = _layout(sample)
    style = _style(sample, layout)
    indent = style.indent if _breaks(sample.strip()) else "  "
    m = re.match(r"@(\w+)", sample)
    head = f"@{_in_case_of(m.group(1) if m else 'misc', entry_type)}{{{key},"
    lines = [f"{indent}{_field_text(style, n, v, indent)}," for n, v in fields]
    if lines and layout.fields[-1].comma < 0:  # the file leaves the last field without a comma
        lines[-1] = lines[-1][:-1]
    return style.newline.join([head, *lines, "}"])


def apply(text: str, edits: Sequence[tuple[Record, Edit | Sequence[tuple[str, str]]]],
          path: str = "<text>", skipped: list[tuple[Record, BibError]] | None = None) -> str:
    """The file's text with some entries edited; every other byte unchanged.

    An edit is an :class:`Edit` or just the fields to add. An edit that fails its read-back
    raises :class:`BibError` naming ``path`` and the entry's line; with ``skipped``, that
    entry is left as it was and listed there instead, and the others are still edited.
    """
    parts: list[str] = []
    done = 0
    for record, change in sorted(edits, key=lambda e: e[0].start):
        if not isinstance(change, Edit):
            change = Edit(add=change)
        try:
            new = edit(text[record.start : record.end], change, record.layout, path=path, line=record.line)
        except BibError as err:
            if skipped is None:
                raise
            skipped.append((record, err))
            continue
        parts += [text[done : record.start], new]  # joined once: a file of thousands stays linear
        done = record.end
    return "".join([*parts, text[done:]])
