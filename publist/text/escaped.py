r"""LaTeX that an exporter escaped as text: the LaTeX a user typed, read back.

DBLP and Zotero (Better BibTeX) take a title or a name as plain text and escape every character
LaTeX treats specially, so that LaTeX the user typed into it arrives spelled out:
``NC{\textbackslash}textsf\{NC\}`` for ``NC\textsf{NC}``, ``Fern{\textbackslash}'andez`` for
``Fern\'andez``, ``\$\textbackslash alpha\$`` for ``$\alpha$``. Such a field is read as the
LaTeX it spells wherever an escaped backslash starts a command LaTeX or publist knows; a
backslash that starts none (``Biases {\textbackslash} Anthropic``, a page title's separator) is
a backslash, and the field stays as written.

>>> unescape(r"Around NC{\textbackslash}textsf\{NC\} and L")
'Around NC\\textsf{NC} and L'
>>> unescape(r"{\textdollar}AC{\^{}}0[{\textbackslash}oplus]{\textdollar}")
'$AC^0[\\oplus]$'
>>> unescape(r"Social Biases {\textbackslash} {{Anthropic}}")
'Social Biases {\\textbackslash} {{Anthropic}}'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Final

# What an exporter writes for each character it escapes; the groups name the character.
_TOKEN: Final = re.compile(
    r"(?P<named>\\textbackslash(?P<open>\{+)(?P<name>[A-Za-z]+)(?P<close>\}+))"  # BBT: \textbackslash{{Lambda}}
    r"|(?P<backslash>\{\\textbackslash\}|\\textbackslash(?:\{\}|[ \t]+|(?![A-Za-z])))"
    r"|(?P<dollar>\{\\textdollar\}|\\textdollar(?:\{\}|[ \t]+|(?![A-Za-z]))|\\\$)"
    r"|(?P<caret>\{\\\^\{\}\}|\\\^\{\}|\{\\textasciicircum\}|\\textasciicircum(?:\{\}|(?![A-Za-z])))"
    r"|(?P<underscore>\\_|\{\\textunderscore\}|\\textunderscore(?:\{\}|(?![A-Za-z])))"
    r"|(?P<tilde>\{\\textasciitilde\}|\\textasciitilde(?:\{\}|(?![A-Za-z]))|\\~\{\})"
    r"|(?P<brace>\\[{}]|\{\\textbrace(?:left|right)\}|\\textbrace(?:left|right)(?:\{\}|(?![A-Za-z])))"
    r"|(?P<raw>\\.|[^\\{]+|.)",
    re.DOTALL,
)
_CHARACTER: Final = {"dollar": "$", "caret": "^", "underscore": "_", "tilde": "~"}
_LETTERS: Final = re.compile(r"[A-Za-z]+")
_ACCENT_ON_LETTER: Final = re.compile(r"['\"`^~=.][A-Za-z{]")
_MATH_ONLY_CHARACTERS: Final = frozenset("^_~")
"""Characters that are LaTeX syntax only in math: outside it their escape is kept (``a\\_b``)."""


def unescape_fields(fields: Mapping[str, str]) -> Mapping[str, str]:
    """``fields`` with each escaped field read as the LaTeX it spells; the same mapping when
    no field is escaped (most files)."""
    changed = {name: new for name, value in fields.items()
               if "textbackslash" in value and (new := unescape(value)) != value}
    return {**fields, **changed} if changed else fields


@lru_cache(maxsize=4096)
def unescape(tex: str) -> str:
    r"""The LaTeX an escaped field spells, or ``tex`` itself when it spells none.

    The result must still be LaTeX a field can hold (braces and ``$`` balanced), else the field
    was not escaped LaTeX after all.

    >>> unescape(r"Fern{\textbackslash}'andez-Garc{\textbackslash}'ia")
    "Fern\\'andez-Garc\\'ia"
    >>> unescape(r"Stress \$\textbackslash{{Lambda}}\${{CDM}}")
    'Stress $\\Lambda${{CDM}}'
    >>> unescape(r"Gazta{\textbackslash}{\textasciitilde}naga")
    'Gazta\\~naga'
    >>> unescape(r"Kara{\textbackslash}c{\textbraceleft}c{\textbraceright}ayl")
    'Kara\\c{c}ayl'
    >>> unescape(r"Gr{\textbackslash}s slinger")  # \s is no command: a backslash it is
    'Gr{\\textbackslash}s slinger'
    >>> unescape(r"escapes such as \textbackslash u\{41\}")  # a breve on 41? no: text
    'escapes such as \\textbackslash u\\{41\\}'
    """
    if "textbackslash" not in tex:
        return tex
    tokens = [(m.lastgroup or "raw", m) for m in _TOKEN.finditer(tex)]
    out: list[str] = []
    decoded = False
    math = False
    command = False  # the token before was a decoded backslash: \~ is an accent, \_ a symbol
    for i, (kind, m) in enumerate(tokens):
        after_backslash, command = command, False
        if kind == "named":
            if len(m.group("open")) == len(m.group("close")) and _known(m.group("name")):
                out.append("\\" + m.group("name"))
                decoded = True
            else:
                out.append(m.group(0))
        elif kind == "backslash":
            if i + 1 < len(tokens) and _starts_command(tokens, i + 1):
                out.append("\\")
                decoded = command = True
            else:
                out.append(m.group(0))
        elif kind == "brace":
            out.append("{" if m.group(0)[1] == "{" or "left" in m.group(0) else "}")
        elif kind in _CHARACTER:
            char = _CHARACTER[kind]
            if char == "$" and not after_backslash:
                math = not math
            keep = char in _MATH_ONLY_CHARACTERS and not math and not after_backslash
            out.append(m.group(0) if keep else char)
        else:
            math ^= m.group(0).count("$") % 2 == 1 and not m.group(0).startswith("\\")
            out.append(m.group(0))
    text = "".join(out)
    return text if decoded and _well_formed(text) else tex


def _starts_command(tokens: list[tuple[str, re.Match[str]]], i: int) -> bool:
    """Whether ``tokens[i:]``, after an escaped backslash, make a command with it.

    An accent (``\\'a``, ``\\~n``, ``\\c{c}``) must have a letter to sit on: ``\\u{41}`` is
    more likely the text it spells than a breve on a number.
    """
    kind, m = tokens[i]
    if kind == "raw":
        text = m.group(0)
        if name := _LETTERS.match(text):
            if len(name.group(0)) == 1 and name.group(0) in _LETTER_ACCENTS:
                return _on_a_letter(text[1:], tokens, i + 1)
            return _known(name.group(0))
        return bool(_ACCENT_ON_LETTER.match(text))
    if kind in ("tilde", "caret"):  # \~n, \^o: accents
        return _on_a_letter("", tokens, i + 1)
    return kind in ("brace", "dollar", "underscore")  # \{, \$, \_: escaped characters


_LETTER_ACCENTS: Final = frozenset("uvHcdbtkr")


def _on_a_letter(rest: str, tokens: list[tuple[str, re.Match[str]]], j: int) -> bool:
    """Whether an accent's argument is a letter: the text right after it (``rest``), else the
    tokens from ``j`` on: a letter, or one in escaped braces."""
    if rest.strip():
        return rest.lstrip()[0].isalpha()
    following = [(kind, m.group(0)) for kind, m in tokens[j : j + 3]]
    if following and following[0][0] == "raw":
        return following[0][1].lstrip()[:1].isalpha()
    return (len(following) == 3 and following[0][0] == "brace" and following[1][0] == "raw"
            and len(following[1][1]) == 1 and following[1][1].isalpha()
            and following[2][0] == "brace")


@lru_cache(maxsize=1024)
def _known(name: str) -> bool:
    """Whether LaTeX, publist's fallbacks or its Unicode tables know the command ``\\name``."""
    from publist.text import latex, texcommands

    return (name in texcommands.TEXT_COMMANDS or name in texcommands.MATH_ONLY
            or name in texcommands.KERNEL_MATH or name in texcommands.FALLBACKS
            or not latex._unknown(name))


_ESCAPED_PAIR: Final = re.compile(r"\\.")


def _well_formed(tex: str) -> bool:
    """Braces balanced and ``$`` paired, escaped ones aside."""
    plain = _ESCAPED_PAIR.sub("", tex)
    depth = 0
    for c in plain:
        depth += {"{": 1, "}": -1}.get(c, 0)
        if depth < 0:
            return False
    return depth == 0 and plain.count("$") % 2 == 0
