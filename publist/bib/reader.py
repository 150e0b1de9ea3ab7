r"""Reading a .bib file into records that remember where they stand, byte for byte.

One pass over the text with a few regular expressions: blocks (``@type{...}`` or
``@type(...)``), entry keys, fields, and values delimited as BibTeX delimits them (``{...}``
and ``"..."`` with braces balanced inside both, numbers, ``@string`` macros, ``#``
concatenation). Every entry keeps its character offsets and exact line numbers, so that
``publist sync`` can splice new fields into the original text and every message can name
its line.

bibtexparser 2 is the reference: the tests check that this reader gives the same entries
on a corpus of real-world files. It is not used at run time because its splitter alone takes
about 2 s on a 10 MB file (this reader: a fraction of that), counts lines wrongly after a
line that ends in a backslash, and does not balance braces inside quoted values.

>>> bib = read('@string{n = "NeurIPS"}\n@inproceedings{k,\n  title = {A} # " " # n,\n}\n')
>>> r = bib.records[0]
>>> r.key, r.type, r.fields["title"], r.line, r.end_line
('k', 'inproceedings', 'A NeurIPS', 2, 4)
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Final, NamedTuple

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
NAMED_UNDEFINED: Final = 5
"""Undefined ``@string`` macros named one by one; past them, one line counts the rest (a JabRef
file whose author macros live in another file uses hundreds)."""
FLAG_FIELDS: Final = frozenset({"selected", "featured", "bibtex_show", "altmetric", "dimensions"})
"""Yes-or-no fields, which al-folio's and Hugo's files write bare: ``selected = true``."""
_BARE_FLAGS: Final = frozenset({"true", "false", "yes", "no", "on", "off"})


class Record(NamedTuple):
    """One ``@type{key, ...}`` entry as it stands in the file.

    ``fields`` maps lower-case names to evaluated values (``@string`` macros expanded,
    white space folded); ``text[start:end]`` is the entry's exact source.
    """

    key: str
    type: str
    fields: Mapping[str, str]
    field_lines: Mapping[str, int]
    """1-based line of each field's ``=``, e.g. ``{"title": 3}`` (counted when asked for)."""
    line: int
    end_line: int
    start: int
    end: int
    layout: Layout | None = None
    """Where the key and the fields stand in ``text[start:end]``, for adding fields; only
    when :func:`read` was asked for it (``layout=True``)."""


class FieldSpan(NamedTuple):
    """One field in an entry's text, by offsets from the entry's ``@``.

    e.g. in ``@misc{k, title = {T},}``: ``name=9, eq=15, value=17, end=20, comma=20``.
    """

    name: int
    eq: int
    value: int
    end: int
    comma: int
    """Offset of the comma after the value, or -1."""


class Layout(NamedTuple):
    """An entry's shape: its fields, the closing delimiter, and the end of ``@type{key,``."""

    fields: tuple[FieldSpan, ...]
    close: int
    key_end: int


_BREAK: Final = re.compile(r"\r\n?|\n")
"""A line break as an editor shows one: ``\\n`` (Unix), ``\\r\\n`` (Windows), ``\\r`` (old Mac)."""
_NEWLINE: Final = re.compile("\n")
_BYTE_BREAK: Final = re.compile(rb"\r\n?|\n")


class _Lines:
    """Line numbers of offsets in a text; the line breaks (:data:`_BREAK`) are indexed on first use."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: list[int] | None = None

    def line(self, index: int) -> int:
        if self._starts is None:
            breaks = _BREAK if "\r" in self.text else _NEWLINE  # most files: \n alone, found faster
            self._starts = [m.end() for m in breaks.finditer(self.text)]
        return bisect_right(self._starts, index) + 1


def _byte_line(data: bytes, index: int) -> int:
    """1-based line of a byte offset, every kind of line break counted once."""
    return len(_BYTE_BREAK.findall(data, 0, index)) + 1


class _FieldLines(Mapping[str, int]):
    """The lines of an entry's fields, from their offsets, counted only when asked for."""

    __slots__ = ("_lines", "_offsets")

    def __init__(self, lines: _Lines, offsets: dict[str, int]) -> None:
        self._lines = lines
        self._offsets = offsets

    def __getitem__(self, name: str) -> int:
        return self._lines.line(self._offsets[name])

    def __iter__(self) -> Iterator[str]:
        return iter(self._offsets)

    def __len__(self) -> int:
        return len(self._offsets)


class Bibliography:
    """A parsed .bib file: its entries, in file order, and what was odd about it."""

    __slots__ = ("diagnostics", "path", "preambles", "records", "strings", "text")

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self.records: list[Record] = []
        self.diagnostics: list[Diagnostic] = []
        self.strings: dict[str, str] = {}
        """Its ``@string`` macros, with those it was given, by lower-case name."""
        self.preambles: list[tuple[int, str]] = []
        """``@preamble`` texts with their lines, e.g. ``[(6, "\\newcommand{\\noopsort}[1]{}")]``."""


BOM: Final = b"\xef\xbb\xbf"
_DECLARED: Final = re.compile(rb"(?:^|(?<=\r))%\s*Encoding:\s*([\w.\-]+)", re.MULTILINE | re.IGNORECASE)


class Source(NamedTuple):
    """A .bib file's text and how to write it back: ``encode(source.text)`` gives the bytes."""

    text: str
    encoding: str = "utf-8"
    bom: bool = False
    warning: Diagnostic | None = None
    """What reading had to decide, e.g. that a declared encoding was not the file's."""

    def encode(self, text: str) -> bytes:
        """Bytes in the file's own encoding (and byte-order mark)."""
        return (BOM if self.bom else b"") + text.encode(self.encoding)


def decode(data: bytes, path: str, encoding: str | None = None) -> Source:
    """The text of a .bib file, in ``encoding``, else the one it declares, else UTF-8.

    A file may declare its encoding as JabRef does (``% Encoding: ISO-8859-1`` near the
    top); a UTF-8 byte-order mark is kept. Bytes that do not decode are refused with the
    line of the first one, so that a later write can never corrupt the file.
    """
    bom = data.startswith(BOM)
    declared = None if encoding is not None else _DECLARED.search(data[:4096])
    if encoding is None:
        encoding = declared.group(1).decode("ascii") if declared else "utf-8"
    name = encoding
    try:
        import codecs

        codec = codecs.lookup(encoding).name
    except LookupError:
        raise BibError(f"unknown encoding '{encoding}'", path) from None
    if declared and codec != "utf-8" and _single_byte(codec) and _utf8_text(data):
        # JabRef keeps the header of a file that was since saved as UTF-8: a real Latin-1
        # file is hardly ever valid UTF-8 with multi-byte sequences in it.
        line = _byte_line(data, declared.start())
        warning = Diagnostic(path, line, f"the file says '% Encoding: {name}', but its bytes are "
                             "UTF-8; read as UTF-8 (remove or correct the line)")
        return Source(data[3:].decode() if bom else data.decode(), "utf-8", bom, warning)
    body = data[3:] if bom and codec == "utf-8" else data
    try:
        return Source(body.decode(codec), codec, bom and codec == "utf-8")
    except UnicodeDecodeError as err:
        line = _byte_line(body, err.start)
        hint = ("save the file as UTF-8, or set encoding = \"latin-1\" (or its encoding) in "
                "config.toml") if codec == "utf-8" else "check the encoding"
        raise BibError(f"not valid {name} (byte 0x{body[err.start]:02x}); {hint}", path,
                       line) from None


def _single_byte(codec: str) -> bool:
    """Whether every byte is one character in ``codec`` (Latin-1, cp1252, ISO-8859-x ...)."""
    import codecs

    try:
        return len(codecs.encode("\u00e9", codec, errors="replace")) == 1
    except (LookupError, UnicodeError, ValueError):
        return False


_MULTIBYTE: Final = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")


def _utf8_text(data: bytes) -> bool:
    """Whether ``data`` is valid UTF-8 with at least one multi-byte sequence in it."""
    if _MULTIBYTE.search(data) is None:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def read(text: str, path: str = "refs.bib", layout: bool = False, recover: bool = False,
         strings: Mapping[str, str] | None = None) -> Bibliography:
    r"""Split and evaluate a .bib text; raise :class:`BibError` on a syntax error.

    ``layout`` also records where each field stands (:attr:`Record.layout`), which editing
    needs and rendering does not. With ``recover``, a malformed entry is reported as a
    diagnostic instead and reading goes on at the next entry, as BibTeX does: a list still
    shows every other entry. An editor of the file must not recover: it could not write
    back what it did not read.

    >>> bib = read("@misc{a, title = {A}}\n@misc{b, title = {B\n@misc{c, title = {C}}\n", recover=True)
    >>> [r.key for r in bib.records]
    ['a', 'c']
    >>> print(bib.diagnostics[0])
    refs.bib:2: '@misc{b' is not closed before the next '@' (a '}' or '"' is missing); skipped
    """
    reader = _Reader(text, path, layout, recover)
    reader.strings.update(strings or {})  # macros of a file read before this one
    return reader.run()


# A block starts at '@', a type, and '{' or '(' (as in bibtexparser's splitter).
_BLOCK: Final = re.compile(r"@(\w*)[ \t]*([{(])")
# Inside a value, a new block at the start of a line means the value was never closed.
_NEW_BLOCK: Final = re.compile(r"@\w*[ \t]*[{(]")
# (a line starts after \n, \r\n or an old Mac's \r alone)
_NEW_BLOCK_AT_LINE: Final = re.compile(r"[\r\n][ \t]*@\w*[ \t]*[{(]")
_BRACE_TOKENS: Final = re.compile(r"\\.|[{}]|[\r\n][ \t]*@\w*[ \t]*[{(]", re.DOTALL)
_QUOTE_TOKENS: Final = re.compile(r"\\.|[{}\"]|[\r\n][ \t]*@\w*[ \t]*[{(]", re.DOTALL)
_NEXT_QUOTE: Final = re.compile(r'(?<!\\)"')
_SKIP_TOKENS: Final = {
    "}": re.compile(r"\\.|[{}]|[\r\n][ \t]*@\w*[ \t]*[{(]", re.DOTALL),
    ")": re.compile(r'\\.|[{}")]|[\r\n][ \t]*@\w*[ \t]*[{(]', re.DOTALL),
}
# One field in the common shape: a one-word name, '=', a value without nested braces (or a
# number), then ',' or the end of the entry. Everything else takes the general path.
@cache
def _field_pattern(closer: str) -> re.Pattern[str]:
    """The fast path's field pattern for entries closed by ``closer`` (``}`` or ``)``), compiled
    on first use: ``@misc(key, ...)`` is rare."""
    return re.compile(
        r'\s*([^\s=,{}"#()]+)[ \t\r\n]*(=)[ \t\r\n]*'
        r'(?P<v>\{((?:[^{}\\@]|\\[^@]|\{(?:[^{}\\@]|\\[^@])*\})*)\}'
        r'|"((?:[^"{}\\@]|\\[^@]|\{(?:[^{}\\@]|\\[^@])*\})*)"'
        r'|([0-9]+)|([A-Za-z][\w\-:.+/]*))'
        rf'[ \t\r\n]*(?:(,)|(?=\{closer}))'
    )


_SIMPLE_BRACED: Final = re.compile(r"\{[^{}\\@]*\}")
_SIMPLE_QUOTED: Final = re.compile(r'"[^"{}\\@]*"')
_WS: Final = re.compile(r"\s*")
_BLANK: Final = re.compile(r"\s")
_KEY_END: Final = {"}": re.compile(r'[{}",=]'), ")": re.compile(r'[{}",=)]')}
_BARE_VALUE: Final = {"}": re.compile(r'[^\s,#{}"=]+'), ")": re.compile(r'[^\s,#{}"=)]+')}
_NAME_END: Final = {"}": re.compile(r'[{}",=]'), ")": re.compile(r'[{}",=)]')}


class _NotClosed(Exception):
    """A value or block runs into the next entry or the end of the file."""

    def __init__(self, at_eof: bool) -> None:
        self.at_eof = at_eof


class _Reader:
    """One pass over the text: blocks, fields, values; lines counted as it goes."""

    def __init__(self, text: str, path: str, layout: bool = False, recover: bool = False) -> None:
        self.text = text
        self.layout = layout
        self.recover = recover
        self.path = path
        self.bib = Bibliography(path, text)
        self.strings: dict[str, str] = self.bib.strings
        self._seen: dict[str, int] = {}
        self.lines = _Lines(text)
        self.unbalanced = False
        """Set when the last value read had unbalanced braces inside quotes."""
        self.undefined: dict[str, list[int]] = {}
        """Each undefined ``@string``: where its first message is in the diagnostics, and how
        many uses it has."""

    def line_of(self, index: int) -> int:
        """1-based line of ``index`` in the text."""
        return self.lines.line(index)

    def run(self) -> Bibliography:
        text = self.text
        pos = 0
        while True:
            m = _BLOCK.search(text, pos)
            if m is None:
                self._count_undefined()
                return self.bib
            kind = m.group(1).lower()
            closer = "}" if m.group(2) == "{" else ")"
            line = self.line_of(m.start())
            try:
                if kind.startswith("comment"):  # @comment, and @commented-out entries
                    pos = self._skip_block(m.end(), closer, quotes=False)
                elif kind == "preamble":
                    pos = self._skip_block(m.end(), closer, quotes=True)
                    self._preamble(text[m.end() : pos - 1], line)
                elif kind == "string":
                    pos = self._string(m, closer, line)
                else:
                    pos = self._entry(m, kind, closer, line)
            except _NotClosed as err:
                head = _head(text, m.start())
                where = "the end of the file" if err.at_eof else "the next '@'"
                problem = BibError(f"'{head}' is not closed before {where} (a '}}' or '\"' is missing)",
                                   self.path, line)
                if not self.recover:
                    raise problem from None
                pos = self._skip_broken(problem, m.end())
            except BibError as problem:
                if not self.recover:
                    raise
                pos = self._skip_broken(problem, m.end())

    def _skip_broken(self, problem: BibError, after: int) -> int:
        """Report a block that cannot be read; go on at the next ``@type{``, wherever it stands.

        BibTeX skips to the next ``@`` after an error, not to the next line that starts with
        one: ``} @article{ok,`` on one line, ``% @article{`` (``%`` is no comment between
        entries) and ``x @article{`` are entries to it, and so to publist.
        """
        self.bib.diagnostics.append(Diagnostic(problem.path, problem.line, f"{problem.msg}; skipped"))
        nxt = _NEW_BLOCK.search(self.text, after)
        return nxt.start() if nxt else len(self.text)

    # --- blocks ---------------------------------------------------------------------------

    def _skip_block(self, i: int, closer: str, quotes: bool) -> int:
        """Index after the delimiter closing a @comment or @preamble block."""
        depth = 0
        in_quotes = False
        for t in _SKIP_TOKENS[closer].finditer(self.text, i):
            c = t.group(0)
            if c == "{":
                depth += 1
            elif c == "}":
                if depth == 0:
                    return t.end()
                depth -= 1
            elif c == '"':
                in_quotes = quotes and depth == 0 and not in_quotes
            elif c == ")":
                if depth == 0 and not in_quotes:
                    return t.end()
            elif c[0] in "\r\n":
                raise _NotClosed(at_eof=False)
        raise _NotClosed(at_eof=True)

    def _preamble(self, raw: str, line: int) -> None:
        try:
            value, problems = _evaluate(raw.strip(), self.strings)
        except ValueError as err:
            self.bib.diagnostics.append(Diagnostic(self.path, line, f"@preamble: {err}"))
            return
        self.bib.preambles.append((line, value))
        self.bib.diagnostics.extend(Diagnostic(self.path, line, f"@preamble: {p}") for p in problems)

    def _string(self, m: re.Match[str], closer: str, line: int) -> int:
        text = self.text
        eq = text.find("=", m.end())
        if eq == -1:
            raise BibError(f"'{_head(text, m.start())}': expected '=' after the @string name",
                           self.path, line)
        name = text[m.end() : eq].strip().lower()
        raw_start = _WS.match(text, eq + 1).end()  # type: ignore[union-attr]
        end = self._value_end(raw_start, closer)
        after = _WS.match(text, end).end()  # type: ignore[union-attr]
        if after >= len(text) or text[after] != closer:
            raise BibError(f"@string '{name}': expected '{closer}' after the value", self.path, line)
        self.unbalanced = False
        try:
            value, problems = _evaluate(text[raw_start:end], self.strings)
        except ValueError as err:
            raise BibError(f"@string '{name}': {err}", self.path, line) from None
        self.strings[name] = value
        self.bib.diagnostics.extend(Diagnostic(self.path, line, p) for p in problems)
        return after + 1

    def _entry(self, m: re.Match[str], kind: str, closer: str, line: int) -> int:
        text = self.text
        n = len(text)
        head = _head(text, m.start())
        k = _KEY_END[closer].search(text, m.end())
        if k is None:
            raise _NotClosed(at_eof=True)
        key = text[m.end() : k.start()].strip()
        if not key:
            raise BibError(f"@{kind} entry has no key", self.path, line)
        if _BLANK.search(key):  # BibTeX's key ends at white space: "key\n% , author = ..."
            raise BibError(f"'{head}': expected ',' after the entry key", self.path, line)
        at = m.start()
        values: dict[str, str] = {}
        offsets: dict[str, int] = {}
        spans: list[FieldSpan] = []
        if k.group(0) == closer:
            return self._add(key, kind, values, offsets, at, k.end(), line, spans, k.start() - at)
        if k.group(0) != ",":
            raise BibError(f"'{head}': expected ',' after the entry key", self.path, line)
        key_end = k.end() - at
        i = k.end()
        field_re = _field_pattern(closer)
        while True:
            fast = field_re.match(text, i)
            if fast is not None:  # the common case: name = {value without braces},
                i = fast.start(1)
                name = fast.group(1).lower()
                eq = fast.start(2)
                raw = fast.group(4) if fast.group(4) is not None else fast.group(5)
                if raw is None:
                    raw = fast.group(6)
                if raw is None:  # a @string macro or a month
                    raw = self._macro(fast.group(7), key, name, eq)
                value = " ".join(raw.split()) if _NEEDS_FOLDING.search(raw) else raw.strip()
                if name in values:  # at the repeated field, where an editor should jump
                    self.bib.diagnostics.append(Diagnostic(
                        self.path, self.line_of(i), f"field {name} given twice; the first one is used"))
                else:
                    values[name] = value
                    offsets[name] = eq
                if self.layout:
                    comma = fast.start(8) - at if fast.group(8) else -1
                    spans.append(FieldSpan(i - at, eq - at, fast.start("v") - at,
                                           fast.end("v") - at, comma))
                i = fast.end()
                continue
            i = _WS.match(text, i).end()  # type: ignore[union-attr]
            if i >= n:
                raise _NotClosed(at_eof=True)
            if text[i] == closer:
                return self._add(key, kind, values, offsets, at, i + 1, line, spans, key_end)
            if _NEW_BLOCK.match(text, i):
                raise _NotClosed(at_eof=False)
            e = _NAME_END[closer].search(text, i)
            if e is None:
                raise _NotClosed(at_eof=True)
            words = text[i : e.start()].split()
            if e.group(0) != "=" or len(words) != 1:
                if e.group(0) == closer and not words:
                    return self._add(key, kind, values, offsets, at, e.end(), line, spans, key_end)
                if not words:  # ", ," or "=" with no name: BibTeX expects a field name there
                    raise BibError(f"'{head}': expected a field name before '{e.group(0)}'",
                                   self.path, self.line_of(i))
                raise BibError(f"'{head}': expected '=' after the field name '{words[0]}'",
                               self.path, self.line_of(i))
            name_start = i
            name = words[0].lower()
            field_line = self.line_of(e.start())
            start = _WS.match(text, e.end()).end()  # type: ignore[union-attr]
            end = self._value_end(start, closer)
            raw = text[start:end]
            try:
                if self.unbalanced:
                    self.unbalanced = False
                    value, problems = " ".join(raw[1:-1].split()), ["unbalanced braces in the value"]
                else:
                    value, problems = _evaluate(raw, self.strings, name in FLAG_FIELDS)
            except ValueError as err:
                raise BibError(f"entry '{key}', field '{name}': {err}", self.path,
                               field_line) from None
            for problem in problems:
                diagnostic = Diagnostic(self.path, field_line, f"entry '{key}', field '{name}': {problem}")
                if undefined := _UNDEFINED.match(problem):
                    self._undefined(undefined.group(1), diagnostic)
                else:
                    self.bib.diagnostics.append(diagnostic)
            if name in values:
                self.bib.diagnostics.append(
                    Diagnostic(self.path, self.line_of(name_start), f"field {name} given twice; the first one is used"))
            else:
                values[name] = value
                offsets[name] = e.start()
            i = _WS.match(text, end).end()  # type: ignore[union-attr]
            comma = i - at if i < n and text[i] == "," else -1
            if self.layout:
                spans.append(FieldSpan(name_start - at, e.start() - at, start - at, end - at, comma))
            if comma != -1:
                i += 1
            elif i < n and text[i] == closer:
                continue
            elif i >= n:
                raise _NotClosed(at_eof=True)
            elif _NEW_BLOCK.match(text, i) and _BREAK.search(text, end, i):
                raise _NotClosed(at_eof=False)
            else:
                rest = _BREAK.split(text[i : i + 20])[0]
                rest = rest[:-1] if rest.endswith(closer) else rest
                raise BibError(f"entry '{key}', field '{name}': unexpected '{rest}' after the value "
                               "(is a ',' missing?)", self.path, field_line)

    def _macro(self, word: str, key: str, name: str, eq: int) -> str:
        """The text of a ``@string`` macro or month, or the word itself, reported."""
        found = self.strings.get(word.lower())
        if found is None:
            found = MONTH_MACROS.get(word.lower())
        if found is None and name in FLAG_FIELDS and word.lower() in _BARE_FLAGS:
            return word  # ``selected = true``: a flag written bare, not a macro
        if found is None:
            self._undefined(word, Diagnostic(
                self.path, self.line_of(eq),
                f"entry '{key}', field '{name}': undefined @string '{word}' (put text in braces)"))
            return word
        return found

    def _undefined(self, word: str, diagnostic: Diagnostic) -> None:
        """Report an undefined macro at its first use only; the others are counted. Past the
        first :data:`NAMED_UNDEFINED` macros, each is only counted: the summary line says how
        many there are and what to do."""
        seen = self.undefined.get(word.lower())
        if seen is None:
            named = len(self.undefined) < NAMED_UNDEFINED
            self.undefined[word.lower()] = [len(self.bib.diagnostics) if named else -1, 1]
            if named:
                self.bib.diagnostics.append(diagnostic)
        else:
            seen[1] += 1

    def _count_undefined(self) -> None:
        """Say of each undefined macro used more than once how often, and what to do: a file
        whose macros stand in another .bib file (JabRef's AuthorIDs.bib) uses many."""
        for index, uses in self.undefined.values():
            if uses > 1 and index >= 0:
                first = self.bib.diagnostics[index]
                self.bib.diagnostics[index] = first._replace(message=(
                    f"{first.message}; used {uses} times in this file, this is the first"))
        count = len(self.undefined)
        if count > 1:
            first = self.bib.diagnostics[min(i for i, _ in self.undefined.values() if i >= 0)]
            unnamed = count - NAMED_UNDEFINED
            which = f" (the first {NAMED_UNDEFINED} named above, {unnamed} more)" if unnamed > 0 else ""
            self.bib.diagnostics.append(Diagnostic(self.path, first.line, (
                f"{count} @string macros are used and defined nowhere in this file{which}: "
                "if another .bib file defines them, have it read first (strings = "
                "[\"strings.bib\"] in config.toml, or --strings strings.bib)")))

    def _add(self, key: str, kind: str, values: dict[str, str], offsets: dict[str, int],
             start: int, end: int, line: int, spans: list[FieldSpan], key_end: int) -> int:
        layout = Layout(tuple(spans), end - 1 - start, key_end) if self.layout else None
        lines = _FieldLines(self.lines, offsets)
        record = Record(key, kind, values, lines, line, self.line_of(end - 1),
                        start, end, layout)
        first = self._seen.setdefault(key.lower(), line)
        if first != line:
            self.bib.diagnostics.append(
                Diagnostic(self.path, line, f"duplicate key '{key}' (first at line {first})"))
        self.bib.records.append(record)
        return end

    # --- values -------------------------------------------------------------------------

    def _value_end(self, i: int, closer: str) -> int:
        """Index after a value: ``{...}``, ``"..."`` or bare parts joined by ``#``."""
        text = self.text
        n = len(text)
        while True:
            if i >= n:
                raise _NotClosed(at_eof=True)
            c = text[i]
            if c == "{":
                simple = _SIMPLE_BRACED.match(text, i)
                i = simple.end() if simple else self._close(i, _BRACE_TOKENS)
            elif c == '"':
                simple = _SIMPLE_QUOTED.match(text, i)
                i = simple.end() if simple else self._close(i, _QUOTE_TOKENS)
            else:
                bare = _BARE_VALUE[closer].match(text, i)
                if bare is None:
                    return i  # no value: _evaluate says so
                i = bare.end()
            j = _WS.match(text, i).end()  # type: ignore[union-attr]
            if j < n and text[j] == "#":
                i = _WS.match(text, j + 1).end()  # type: ignore[union-attr]
                continue
            return i

    def _close(self, i: int, tokens: re.Pattern[str]) -> int:
        """Index after the ``}`` or ``"`` that closes the delimiter at ``i`` (BibTeX's rules).

        A quoted value whose braces do not balance ends, as bibtexparser reads it, at the next
        quote; the field is then marked (:attr:`unbalanced`) and reported.
        """
        quote = self.text[i] == '"'
        depth = 0 if quote else 1
        for t in tokens.finditer(self.text, i + 1):
            c = t.group(0)
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
                if depth == 0 and not quote:
                    return t.end()
                if depth < 0:
                    return self._lenient_quote(i) if quote else self._not_closed(False)
            elif c == '"':
                if depth == 0:
                    return t.end()
            elif c[0] in "\r\n":
                return self._lenient_quote(i) if quote else self._not_closed(False)
        return self._lenient_quote(i) if quote else self._not_closed(True)

    def _lenient_quote(self, i: int) -> int:
        m = _NEXT_QUOTE.search(self.text, i + 1)
        nxt = _NEW_BLOCK_AT_LINE.search(self.text, i + 1)
        if m is None or (nxt is not None and nxt.start() < m.start()):
            raise _NotClosed(at_eof=m is None and nxt is None)
        self.unbalanced = True
        return m.end()

    @staticmethod
    def _not_closed(at_eof: bool) -> int:
        raise _NotClosed(at_eof)


def _head(text: str, start: int) -> str:
    """The start of a block for messages, e.g. ``@misc{doe2024``."""
    m = re.compile(r"@\w*\s*[{(]\s*[^\s,{}()=\"]*").match(text, start)
    return (m.group(0) if m else text[start : start + 20])[:60]


def _evaluate(raw: str, strings: Mapping[str, str], flag: bool = False) -> tuple[str, list[str]]:
    """A field value as BibTeX sees it, and soft problems (an undefined ``@string``).

    ``raw`` is a value the reader has delimited: ``{...}``, ``"..."`` and bare parts joined
    by ``#``. In a ``flag`` field a bare ``true``, ``no`` ... is the word itself. Raises
    ``ValueError`` when there is no value.
    """
    if not raw:
        raise ValueError("no value")
    first = raw[0]
    if (first == "{" and raw[-1] == "}" or first == '"' and raw[-1] == '"') and "#" not in raw:
        value = raw[1:-1]
        return (_SPACES.sub(" ", value).strip() if _NEEDS_FOLDING.search(value) else value.strip()), []
    parts: list[str] = []
    problems: list[str] = []
    for part in _parts(raw):
        if part[0] in "{\"":
            parts.append(part[1:-1])
        elif part.isdigit():
            parts.append(part)
        elif part.lower() in strings:
            parts.append(strings[part.lower()])
        elif part.lower() in MONTH_MACROS:
            parts.append(MONTH_MACROS[part.lower()])
        elif flag and part.lower() in _BARE_FLAGS:
            parts.append(part)
        else:
            problems.append(f"undefined @string '{part}' (put text in braces)")
            parts.append(part)
    return _SPACES.sub(" ", "".join(parts)).strip(), problems


_UNDEFINED: Final = re.compile(r"undefined @string '([^']*)'")
_NEEDS_FOLDING: Final = re.compile(r"\s\s|[\t\n\r\f\v]")


def _parts(raw: str) -> list[str]:
    """The ``#``-joined parts of a delimited value, e.g. ``['neurips', '" 32"']``."""
    parts: list[str] = []
    i, n = 0, len(raw)
    while i < n:
        c = raw[i]
        if c.isspace() or c == "#":
            i += 1
            continue
        if c in "{\"":
            depth = 0
            j = i
            while j < n:
                d = raw[j]
                if d == "\\":
                    j += 2
                    continue
                if d == "{":
                    depth += 1
                elif d == "}":
                    depth -= 1
                    if depth == 0 and c == "{":
                        break
                elif d == '"' and c == '"' and depth == 0 and j > i:
                    break
                j += 1
            parts.append(raw[i : j + 1])
            i = j + 1
        else:
            j = i
            while j < n and not raw[j].isspace() and raw[j] != "#":
                j += 1
            parts.append(raw[i:j])
            i = j
    return parts
