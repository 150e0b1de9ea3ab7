r"""LaTeX in bib fields: to Unicode (Markdown, HTML, matching) and safe for a LaTeX document.

People write accents and symbols in every spelling (``Sch{\"o}lkopf``, ``Sch\"{o}lkopf``,
``Schölkopf``); this module turns any of them into Unicode with pylatexenc, a maintained
LaTeX parser, and adds only what it lacks for bibliographies (``\&`` as ``&``, ``\mbox``,
``\LaTeX``, ``\href`` ...). Most fields hold no LaTeX at all, so a fast path skips the parser
for them: that keeps a list of thousands of entries quick, and pylatexenc is imported only
when a field needs it.

>>> to_text(r'Sch{\"o}lkopf and {GAN}s --- 50\% \& more')
'Schölkopf and GANs — 50% & more'
>>> to_nodes(r'A \emph{deep} net with $x^2$')
(Text(text='A '), Emph(children=(Text(text='deep'),)), Text(text=' net with '), Math(tex='$x^2$'))
>>> escape('50% of {x} & $y_1$')
'50\\% of \\{x\\} \\& \\$y\\_1\\$'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from publist.regex import lazy
from publist.text.richtext import Code, Emph, Link, Math, Node, Strong, Text

if TYPE_CHECKING:
    from pylatexenc.latex2text import LatexNodes2Text

# Characters that only LaTeX markup uses: without them a field is plain text.
_MARKUP: Final = re.compile(r"[\\$]")
_SPACES: Final = re.compile(r"[ \t\n\r\f\v]+")
# A bare % in a field is a percent sign, not a comment: the tokens that are one bare %.
_PERCENT_OR_OTHER: Final = re.compile(r"\\.|\$(?:[^$\\]|\\.)+\$|%|[^\\$%]+|.", re.DOTALL)
_COMMAND: Final = re.compile(r"\\([A-Za-z]+|.)")



@lru_cache(maxsize=65536)
def to_text(tex: str) -> str:
    r"""Plain Unicode text of a field, e.g. ``to_text(r'Erd\H{o}s')`` gives ``'Erdős'``."""
    return "".join(_flatten(to_nodes(tex)))


@lru_cache(maxsize=65536)
def to_nodes(tex: str) -> tuple[Node, ...]:
    r"""Rich text of a field: Unicode text, with emphasis, bold, math and links kept apart.

    ``\url`` and ``\href`` become links when their target passes :func:`publist.text.urls.clean`
    (the argument is read verbatim: ``~`` is a tilde there); a sorting macro such as
    ``\noopsort{b}`` shows nothing.

    >>> to_nodes(r"Code: \href{https://x.org/~me}{GitHub}, {\noopsort{b}}2nd ed.")
    (Text(text='Code: '), Link(url='https://x.org/~me', children=(Text(text='GitHub'),)), Text(text=', 2nd ed.'))
    """
    if not _MARKUP.search(tex):
        return (Text(_plain(tex)),) if tex else ()
    tex = _SPACES.sub(" ", tex)  # one line: a blank line is no paragraph break here
    if "\\noop" in tex or "ortnoop" in tex or "\\SortNoop" in tex:
        tex = drop_macros(tex, SORTING_MACROS)
    if ("\\path" in tex or "\\verb" in tex) and _VERBATIM().search(tex):
        return _with_verbatim(tex)
    if ("\\url" in tex or "\\href" in tex) and _LINKS().search(tex):
        return _with_links(tex)
    try:
        return _tidy(_fast(tex))
    except _Unsupported:
        pass
    try:
        nodes = _walk(_parse(tex), _converter())
    except Exception:  # noqa: BLE001 - pylatexenc raises many kinds on malformed input
        nodes = [Text(_plain(_COMMAND.sub(_drop_command, tex)))]
    return _tidy(nodes)


SORTING_MACROS: Final = frozenset({"noopsort", "SortNoop", "sortnoop", "noop"})
"""Macros that BibTeX files define to change the sort order and show nothing (btxdoc)."""


def drop_macros(tex: str, names: frozenset[str]) -> str:
    r"""``tex`` without these one-argument macros and their argument: ``{\noopsort{b}}X`` -> ``{}X``."""
    pattern = _macro_pattern(names)
    return pattern.sub("", tex) if pattern else tex


@lru_cache(maxsize=16)
def _macro_pattern(names: frozenset[str]) -> re.Pattern[str] | None:
    if not names:
        return None
    alternatives = "|".join(sorted(map(re.escape, names)))
    return re.compile(rf"\\(?:{alternatives})(?![A-Za-z])\s*\{{(?:[^{{}}]|\{{[^{{}}]*\}})*\}}")


_LINKS: Final = lazy(
    r"\\url\s*\{(?P<url>[^{}]*)\}"
    r"|\\href\s*\{(?P<target>[^{}]*)\}\s*\{(?P<text>(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*)\}"
)
_TEX_ESCAPED: Final = re.compile(r"\\([_%#&~$])")
_VERBATIM: Final = lazy(
    r"\\(?:path|verb)(?![A-Za-z])\*?(?:(?P<delimiter>[^A-Za-z\s{*])(?P<text>.*?)(?P=delimiter)"
    r"|\{(?P<braced>[^{}]*)\})"
)
"""``\\path|...|`` (the url package's, as bibtex2html's files write paths) and ``\\verb|...|``:
their text is shown as it is, ``~`` and ``_`` included."""


def _with_verbatim(tex: str) -> tuple[Node, ...]:
    r"""Rich text of a field with ``\path|...|`` or ``\verb|...|``: each one's text as code.

    >>> to_nodes(r"See \path|~me/a_b.ps| or \verb+x^2+.")
    (Text(text='See '), Code(text='~me/a_b.ps'), Text(text=' or '), Code(text='x^2'), Text(text='.'))
    """
    out: list[Node] = []
    at = 0
    for m in _VERBATIM().finditer(tex):
        out.extend(to_nodes(tex[at : m.start()]))
        out.append(Code(m.group("text") if m.group("text") is not None else m.group("braced")))
        at = m.end()
    out.extend(to_nodes(tex[at:]))
    return _tidy(out)


def _with_links(tex: str) -> tuple[Node, ...]:
    """Rich text of a field with ``\\url`` and ``\\href``: a link for each safe target."""
    from publist.text.urls import clean

    out: list[Node] = []
    at = 0
    for m in _LINKS().finditer(tex):
        out.extend(to_nodes(tex[at : m.start()]))
        target = m.group("url") if m.group("url") is not None else m.group("target")
        shown: tuple[Node, ...]
        if m.group("url") is not None:
            shown = (Text(_TEX_ESCAPED.sub(r"\1", target.strip())),)
        else:
            shown = to_nodes(m.group("text"))
        url = clean(target)
        if url is None:
            out.extend(shown)
        else:
            out.append(Link(url, shown))
        at = m.end()
    out.extend(to_nodes(tex[at:]))
    return _tidy(out)


_LIGATURES: Final = re.compile(r"---|--|``|''|!`|\?`|~")
_LIGATURE_TEXT: Final = {
    "---": "\u2014", "--": "\u2013", "``": "\u201c", "''": "\u201d", "!`": "\u00a1",
    "?`": "\u00bf", "~": "\u00a0",
}
_BRACES: Final = re.compile(r"[{}]")


def _drop_command(m: re.Match[str]) -> str:
    """``\\emph`` -> ``""``, ``\\&`` -> ``"&"``: what is left of a command without its parser."""
    return "" if m.group(1).isalpha() else m.group(1)


def _plain(tex: str) -> str:
    """The fast path: braces, dashes, ties and quotes, as pylatexenc renders them.

    Ligatures are read left to right and a brace ends one (``-{}-`` stays two hyphens).
    """
    segments = _BRACES.split(tex)
    text = "".join(_LIGATURES.sub(lambda m: _LIGATURE_TEXT[m.group(0)], seg) for seg in segments)
    return _SPACES.sub(" ", text)


def _flatten(nodes: tuple[Node, ...]) -> list[str]:
    out: list[str] = []
    for node in nodes:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, Math):
            out.append(node.tex)
        elif isinstance(node, Code):
            out.append(node.text)
        elif isinstance(node, Strong | Emph | Link):
            out.extend(_flatten(node.children))
    return out


def _tidy(nodes: list[Node]) -> tuple[Node, ...]:
    """Merge neighbouring text and fold white space, as TeX would."""
    out: list[Node] = []
    for node in nodes:
        if isinstance(node, Text):
            text = _SPACES.sub(" ", node.text)
            if not text:
                continue
            if out and isinstance(out[-1], Text):
                text = out.pop().text + text  # type: ignore[union-attr]
            out.append(Text(_SPACES.sub(" ", text)))
        else:
            out.append(node)
    return tuple(out)


@lru_cache(maxsize=1024)
def _parse(tex: str) -> tuple[Any, ...]:
    """pylatexenc's nodes of a field, once: :func:`to_nodes` and :func:`undecoded` both read
    a field the fast path does not take (the nodes are only read, never changed)."""
    from pylatexenc.latexwalker import LatexWalker

    # A bare % in a bib field is a percent sign, not a TeX comment.
    # outside math only: math stays as written
    source = "".join(
        "\\%" if part == "%" else part for part in _PERCENT_OR_OTHER.findall(tex)
    )
    walker = LatexWalker(source, latex_context=_walker_context(), tolerant_parsing=True)
    nodes, _, _ = walker.get_latex_nodes()
    return tuple(nodes)


def _walk(nodes: Sequence[Any], l2t: LatexNodes2Text) -> list[Node]:
    from pylatexenc.latexwalker import (
        LatexCommentNode,
        LatexGroupNode,
        LatexMacroNode,
        LatexMathNode,
    )

    out: list[Node] = []
    skip = -1
    for i, node in enumerate(nodes):
        if node is None or isinstance(node, LatexCommentNode) or i == skip:
            continue
        if isinstance(node, LatexMathNode):
            verbatim = node.latex_verbatim()
            opening, closing = node.delimiters
            closed = len(verbatim) >= len(opening) + len(closing) and verbatim.endswith(closing)
            out.append(Math(verbatim) if closed else Text(verbatim))
        elif isinstance(node, LatexGroupNode):
            out.extend(_walk(list(node.nodelist), l2t))
        elif isinstance(node, LatexMacroNode) and node.macroname in EMPHASIS_SWITCHES | BOLD_SWITCHES:
            # {\em ...} switches style for the rest of its group
            rest = tuple(_tidy(_walk(nodes[i + 1 :], l2t)))
            wrap = Emph if node.macroname in EMPHASIS_SWITCHES else Strong
            out.append(wrap(rest))
            break
        elif isinstance(node, LatexMacroNode) and node.macroname in EMPHASIS | BOLD | ARGUMENT_TEXT:
            args = [a for a in (node.nodeargd.argnlist if node.nodeargd else []) if a is not None]
            inner = _tidy(_walk(args, l2t))
            if node.macroname in ARGUMENT_TEXT:
                out.extend(inner)  # \mbox{...} is its argument, math and emphasis included
            else:
                out.append(Emph(inner) if node.macroname in EMPHASIS else Strong(inner))
        elif isinstance(node, LatexMacroNode) and node.macroname in ACCENTS and _empty_argument(node):
            out.append(Text(SPACING_ACCENTS.get(node.macroname, "")))  # NC{\^{}}1: the accent alone
        elif isinstance(node, LatexMacroNode) and _unknown(node.macroname):
            # what nothing decodes stays as written (reported by undecoded), never dropped
            following = nodes[i + 1] if i + 1 < len(nodes) else None
            if isinstance(following, LatexGroupNode):
                out.append(Text(node.latex_verbatim() + following.latex_verbatim()))
                skip = i + 1
            elif any(c.isupper() for c in node.macroname):
                out.append(Text(node.macroname))  # an unknown logo such as \SceX shows its name
            else:
                out.append(Text(node.latex_verbatim()))
        else:
            out.append(Text(l2t.nodelist_to_text([node])))
    return out


def _empty_argument(node: Any) -> bool:
    r"""Whether an accent's argument is an empty group, as in ``\^{}``."""
    from pylatexenc.latexwalker import LatexGroupNode

    args = [a for a in (node.nodeargd.argnlist if node.nodeargd else []) if a is not None]
    return len(args) == 1 and isinstance(args[0], LatexGroupNode) and not any(
        n is not None and n.latex_verbatim().strip() for n in args[0].nodelist)


def _unknown(name: str) -> bool:
    """Whether neither publist's tables nor pylatexenc can show a command as text."""
    if name in _OURS:
        return False
    db = _converter().latex_context
    return db.get_macro_spec(name) is db.unknown_macro_spec


@lru_cache(maxsize=65536)
def undecoded(tex: str) -> tuple[str, ...]:
    r"""The commands of a field that nothing decodes, which the text shows as written.

    >>> undecoded(r"\foo{bar} and \'e"), undecoded(r"Bra\textcommabelow{s}ov")
    (('foo',), ())
    """
    if "\\" not in tex:
        return ()
    tex = _SPACES.sub(" ", tex)
    if "\\noop" in tex or "ortnoop" in tex or "\\SortNoop" in tex:
        tex = drop_macros(tex, SORTING_MACROS)
    if "\\path" in tex or "\\verb" in tex:
        tex = _VERBATIM().sub(" ", tex)  # shown as code, as written
    unknown: list[str] = []
    try:
        _fast(tex, unknown)
        return tuple(dict.fromkeys(unknown))
    except _Unsupported:
        pass
    try:
        nodes = _parse(tex)
    except Exception:  # noqa: BLE001 - pylatexenc raises many kinds on malformed input
        return ()
    return tuple(dict.fromkeys(_unknown_in(nodes)))


def _unknown_in(nodes: Sequence[Any]) -> Iterator[str]:
    from pylatexenc.latexwalker import LatexGroupNode, LatexMacroNode

    for node in nodes:
        if isinstance(node, LatexGroupNode):
            yield from _unknown_in(list(node.nodelist))
        elif isinstance(node, LatexMacroNode):
            if _unknown(node.macroname):
                yield node.macroname
            args = [a for a in (node.nodeargd.argnlist if node.nodeargd else []) if a is not None]
            yield from _unknown_in(args)


@lru_cache(maxsize=1)
def _walker_context() -> Any:
    from pylatexenc import latexwalker
    from pylatexenc.macrospec import MacroSpec

    db = latexwalker.get_default_latex_context_db()
    one_argument = sorted(ARGUMENT_TEXT | EMPHASIS | BOLD)
    db.add_context_category(
        "publist",
        prepend=True,
        macros=[MacroSpec("href", "{{"), *(MacroSpec(name, "{") for name in one_argument),
                *(MacroSpec(name, "{") for name in HIDDEN),
                *(MacroSpec(name, "{") for name in _WORD_ACCENTS)],
    )
    return db


_WORD_ACCENTS: Final = ("textcommabelow", "textcommaabove")


def _word_accent(node: Any, l2tobj: Any) -> str:
    """``\\textcommabelow{s}`` as ``ș``: the letter and the combining accent, composed."""
    args = [a for a in (node.nodeargd.argnlist if node.nodeargd else []) if a is not None]
    letter = l2tobj.nodelist_to_text(args)
    if not letter:
        return SPACING_ACCENTS.get(node.macroname, "")
    return unicodedata.normalize("NFC", letter[0] + ACCENTS[node.macroname] + letter[1:])


# --- the tables both paths share ---------------------------------------------------------

SYMBOLS: Final = {
    # letters
    "ss": "\u00df", "SS": "SS", "o": "\u00f8", "O": "\u00d8", "ae": "\u00e6", "AE": "\u00c6",
    "oe": "\u0153", "OE": "\u0152", "aa": "\u00e5", "AA": "\u00c5", "l": "\u0142", "L": "\u0141",
    "i": "\u0131", "j": "\u0237", "dh": "\u00f0", "DH": "\u00d0", "th": "\u00fe", "TH": "\u00de",
    "ng": "\u014b", "NG": "\u014a",
    # logos
    "LaTeX": "LaTeX", "LaTeXe": "LaTeX2e", "TeX": "TeX", "BibTeX": "BibTeX", "MF": "METAFONT",
    "METAFONT": "METAFONT", "MP": "MetaPost", "AmSTeX": "AMS-TeX", "AMSTeX": "AMS-TeX",
    "AMSTEX": "AMS-TeX", "AmSLaTeX": "AMS-LaTeX", "AmS": "AMS", "XeTeX": "XeTeX",
    "XeLaTeX": "XeLaTeX", "LuaTeX": "LuaTeX", "LuaLaTeX": "LuaLaTeX", "pdfTeX": "pdfTeX",
    "pdfLaTeX": "pdfLaTeX", "ConTeXt": "ConTeXt", "eTeX": "e-TeX", "SliTeX": "SliTeX",
    "LAMSTeX": "LAMS-TeX", "POSTSCRIPT": "PostScript", "PS": "PostScript", "WEB": "WEB",
    "TUB": "TUGboat",
    # symbols
    "textless": "<", "textgreater": ">", "textbar": "|", "textquotedbl": '"',
    "textbackslash": "\\", "textasciicircum": "^", "textasciitilde": "~", "textunderscore": "_",
    "dag": "\u2020", "ddag": "\u2021", "textdagger": "\u2020", "textdaggerdbl": "\u2021",
    "S": "\u00a7", "P": "\u00b6", "textsection": "\u00a7", "textparagraph": "\u00b6",
    "textregistered": "\u00ae", "texttrademark": "\u2122", "textcopyright": "\u00a9",
    "copyright": "\u00a9", "pounds": "\u00a3", "textsterling": "\u00a3", "texteuro": "\u20ac",
    "textendash": "\u2013", "textemdash": "\u2014", "emdash": "\u2014", "endash": "\u2013",
    "mdash": "\u2014", "ndash": "\u2013",  # NASA ADS's titles: HTML's entity names as macros
    "rsquo": "\u2019", "lsquo": "\u2018", "rdquo": "\u201d", "ldquo": "\u201c",
    "hyphen": "-", "slash": "/", "ldots": "\u2026", "dots": "\u2026", "textellipsis": "\u2026",
    "textbullet": "\u2022", "textdegree": "\u00b0", "textquoteleft": "\u2018",
    "textquoteright": "\u2019", "textquotedblleft": "\u201c", "textquotedblright": "\u201d",
    "guillemotleft": "\u00ab", "guillemotright": "\u00bb", "textexclamdown": "\u00a1",
    "textquestiondown": "\u00bf", "newline": " ", "quad": " ", "qquad": " ", "relax": "",
    "noindent": "", "protect": "", "par": " ",
}
"""Commands without arguments and the text they stand for."""
ARGUMENT_TEXT: Final = frozenset(
    "mbox hbox textsc textup textnormal textrm textsf texttt textmd textsuperscript "
    "textsubscript url nolinkurl doi MakeUppercase MakeLowercase uppercase lowercase "
    "enquote mkbibquote mkbibacro".split()
)
"""Commands shown as their one argument, e.g. ``\\mbox{A}`` as ``A``."""
HIDDEN: Final = frozenset({"phantom", "hphantom", "vphantom"})
"""Commands that take the room of their argument and show nothing."""
EMPHASIS: Final = frozenset({"emph", "textit", "textsl", "mkbibemph", "mkbibitalic"})
BOLD: Final = frozenset({"textbf", "mkbibbold"})
EMPHASIS_SWITCHES: Final = frozenset({"em", "it", "sl", "itshape", "slshape"})
BOLD_SWITCHES: Final = frozenset({"bf", "bfseries"})
PLAIN_SWITCHES: Final = frozenset(
    "sc tt rm sf normalfont upshape scshape mdseries rmfamily sffamily ttfamily tiny "
    "scriptsize footnotesize small normalsize large Large LARGE huge Huge".split()
)
"""Font switches that change nothing in Unicode text."""
ACCENTS: Final = {
    '"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303", "=": "\u0304",
    ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "d": "\u0323",
    "b": "\u0331", "k": "\u0328", "r": "\u030a",
    # spelled as words, which pylatexenc does not know: Bra\textcommabelow{s}ov
    "textcommabelow": "\u0326", "textcommaabove": "\u0313",
}
SPACING_ACCENTS: Final = {
    "^": "^", "~": "~", "'": "\u00b4", "`": "`", '"': "\u00a8", "=": "\u00af", ".": "\u02d9",
    "u": "\u02d8", "v": "\u02c7", "H": "\u02dd", "c": "\u00b8", "k": "\u02db", "r": "\u02da",
    "textcommabelow": ",", "textcommaabove": "\u02bb",
}
"""An accent on nothing (``NC{\\^{}}1``, ``\\~{}``) is the accent itself."""
ESCAPED: Final = {
    "&": "&", "%": "%", "$": "$", "#": "#", "_": "_", "{": "{", "}": "}", " ": " ", ",": " ",
    "-": "\u00ad", "\\": " ", "\n": " ", "\t": " ", "/": "",
}


_OURS: Final = frozenset(
    SYMBOLS.keys() | ARGUMENT_TEXT | EMPHASIS | BOLD | EMPHASIS_SWITCHES | BOLD_SWITCHES
    | PLAIN_SWITCHES | HIDDEN | ACCENTS.keys() | ESCAPED.keys() | SORTING_MACROS
    | {"href", "cite", "ddagger"}
)
"""Commands publist itself shows as text."""


# --- the fast path: the LaTeX people put in bib fields, without pylatexenc ----------------

_TOKENS: Final = lazy(r"(\\[A-Za-z]+)[ \t\n]*|\\(.)|(\$(?:[^$\\]|\\.)+\$)|([{}])|([^\\{}$]+)|(\$)", re.DOTALL)


class _Unsupported(Exception):
    """The field uses LaTeX the fast path does not read; pylatexenc will."""


class _Reading(NamedTuple):
    """What the fast path keeps besides the tokens: each token as written, and the commands
    that nothing decodes (:func:`undecoded`), in the order pylatexenc meets them."""

    written: list[re.Match[str]]
    unknown: list[str]

    def text(self, start: int, end: int) -> str:
        """Tokens ``start`` to ``end`` (excluded) as written, white space after a command too."""
        return "".join(m.group(0) for m in self.written[start:end])


def _fast(tex: str, unknown: list[str] | None = None) -> list[Node]:
    """Rich text of a field; raises :class:`_Unsupported` for anything unusual. The commands
    that nothing decodes, which it shows as written, are added to ``unknown``."""
    written = list(_TOKENS().finditer(tex))
    tokens = [(m.lastindex, m.group(m.lastindex or 0)) for m in written]
    return _fast_group(tokens, 0, True, _Reading(written, [] if unknown is None else unknown))[0]


def _fast_group(tokens: list[tuple[int | None, str]], i: int, top: bool,
                reading: _Reading) -> tuple[list[Node], int]:
    out: list[Node] = []
    while i < len(tokens):
        kind, value = tokens[i]
        i += 1
        if kind == 5:  # text
            out.append(Text(_LIGATURES.sub(lambda m: _LIGATURE_TEXT[m.group(0)], value)))
        elif kind == 4:
            if value == "}":
                if top:
                    raise _Unsupported
                return out, i
            inner, i = _fast_group(tokens, i, False, reading)
            out.extend(inner)
        elif kind == 3:
            if not _balanced(value) or "%" in value:  # a % in math: let pylatexenc decide
                raise _Unsupported
            out.append(Math(value))
        elif kind == 2:  # control symbol
            if value in ACCENTS:
                text, i = _accent(value, tokens, i)
                out.append(Text(text))
            elif value in ESCAPED:
                out.append(Text(ESCAPED[value]))
            else:
                raise _Unsupported
        elif kind == 1:
            name = value[1:]
            if name in SYMBOLS:
                out.append(Text(SYMBOLS[name]))
                if i < len(tokens) and tokens[i] == (4, "{") and i + 1 < len(tokens) and tokens[i + 1] == (4, "}"):
                    i += 2  # \LaTeX{}
            elif name in ACCENTS:
                text, i = _accent(name, tokens, i)
                out.append(Text(text))
            elif name in EMPHASIS or name in BOLD or name in ARGUMENT_TEXT:
                if i >= len(tokens) or tokens[i] != (4, "{"):
                    raise _Unsupported
                inner, i = _fast_group(tokens, i + 1, False, reading)
                if name in ARGUMENT_TEXT:
                    out.extend(inner)
                else:
                    wrapped = _tidy(inner)
                    out.append(Emph(wrapped) if name in EMPHASIS else Strong(wrapped))
            elif name in PLAIN_SWITCHES:
                continue
            elif name in EMPHASIS_SWITCHES or name in BOLD_SWITCHES:
                # {\em ...}: the rest of the group (or of the field) is emphasised
                inner, i = _fast_group(tokens, i, top, reading)
                wrapped = _tidy(inner)
                out.append(Emph(wrapped) if name in EMPHASIS_SWITCHES else Strong(wrapped))
                return out, i
            elif name == "cite" and i < len(tokens) and tokens[i] == (4, "{"):
                _, i = _fast_group(tokens, i + 1, False, reading)
                out.append(Text("<cit.>"))  # as pylatexenc shows a citation
            elif _written_as_is(name) and not _glued(tokens, i, reading):
                # what nothing decodes stays as written, as _walk shows it: a TUGboat \acro{TUG}
                reading.unknown.append(name)
                if i < len(tokens) and tokens[i] == (4, "{"):
                    start = i
                    _, i = _fast_group(tokens, i + 1, False, reading)  # its commands are reported too
                    shown = reading.text(start - 1, i)
                    if "%" in shown:  # pylatexenc reads a bare % as \%
                        raise _Unsupported
                    out.append(Text(shown))
                elif any(c.isupper() for c in name):
                    out.append(Text(name))  # an unknown logo such as \VAX shows its name
                else:
                    out.append(Text(reading.text(i - 1, i)))
            else:
                raise _Unsupported
        else:  # a lone $
            raise _Unsupported
    if not top:
        raise _Unsupported  # an unclosed group
    return out, i


@lru_cache(maxsize=1024)
def _written_as_is(name: str) -> bool:
    """Whether pylatexenc reads a command as one without arguments (it knows nothing of it)
    and nothing shows it as text: it is then shown as written (:func:`_walk`)."""
    if name in ("begin", "end") or not _unknown(name):
        return False
    db = _walker_context()
    return db.get_macro_spec(name) is db.unknown_macro_spec


def _glued(tokens: list[tuple[int | None, str]], i: int, reading: _Reading) -> bool:
    """Whether a command (token ``i - 1``) is followed right away by a letter or a space that
    is not ASCII, which pylatexenc reads as part of its name or of the space after it."""
    if i >= len(tokens) or tokens[i][0] != 5 or reading.written[i - 1].group(0) != "\\" + tokens[i - 1][1][1:]:
        return False
    first = tokens[i][1][:1]
    return first.isalpha() or first.isspace()


def _balanced(tex: str) -> bool:
    depth = 0
    for m in re.finditer(r"\\.|[{}]", tex):
        depth += {"{": 1, "}": -1}.get(m.group(0), 0)
        if depth < 0:
            return False
    return depth == 0


def _accent(command: str, tokens: list[tuple[int | None, str]], i: int) -> tuple[str, int]:
    """An accented letter: the accent's argument is a letter, ``{letter}``, ``\\i`` or ``\\j``."""
    base = None
    if i < len(tokens):
        kind, value = tokens[i]
        if kind == 5:
            stripped = value.lstrip(" \t\n")
            if stripped and stripped[0].isalpha():
                base = stripped[0]
                rest = stripped[1:]
                if rest:
                    tokens[i] = (5, rest)
                    i -= 1
        elif kind == 1 and value in ("\\i", "\\j"):
            base = value[1]
        elif (kind, value) == (4, "{") and i + 1 < len(tokens) and tokens[i + 1] == (4, "}"):
            return SPACING_ACCENTS.get(command, ""), i + 2  # NC{\^{}}1: the accent alone
        elif (kind, value) == (4, "{") and i + 2 < len(tokens) and tokens[i + 2] == (4, "}"):
            k2, v2 = tokens[i + 1]
            if k2 == 5 and len(v2) == 1 and v2.isalpha():
                base = v2
            elif k2 == 1 and v2 in ("\\i", "\\j"):
                base = v2[1]
            i += 2
    if base is None:
        raise _Unsupported
    return unicodedata.normalize("NFC", base + ACCENTS[command]), i + 1


@lru_cache(maxsize=1)
def _converter() -> LatexNodes2Text:
    from pylatexenc import latex2text
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, SpecialsTextSpec

    db = latex2text.get_default_latex_context_db()
    text = {**SYMBOLS, "\\": " ", "ddagger": "\u2021"}
    args = {name: "%s" for name in ARGUMENT_TEXT} | {"href": "%(2)s"}
    plain = {name: "" for name in PLAIN_SWITCHES | HIDDEN}
    db.add_context_category(
        "publist",
        prepend=True,
        macros=[*(MacroTextSpec(name, repl) for name, repl in (text | args | plain).items()),
                *(MacroTextSpec(name, simplify_repl=_word_accent) for name in _WORD_ACCENTS)],
        specials=[SpecialsTextSpec("&", "&")],
    )
    # An unknown logo such as \\SceX shows its name; an unknown \\lowercase command nothing.
    db.set_unknown_macro_spec(MacroTextSpec("", simplify_repl=_unknown_macro))
    return LatexNodes2Text(latex_context=db, math_mode="verbatim", strict_latex_spaces=False)


def _unknown_macro(node: Any) -> str:
    name: str = node.macroname
    return name if any(c.isupper() for c in name) else ""


# --- LaTeX output -----------------------------------------------------------------------

_ESCAPES: Final = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "^": r"\textasciicircum{}",
    "_": r"\_",
    "%": r"\%",
    "~": r"\textasciitilde{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
    "\u2020": r"\textdagger{}",
    "\u2021": r"\textdaggerdbl{}",
}
_ESCAPE_RE: Final = lazy("[" + re.escape("".join(_ESCAPES)) + "]")


def escape(text: str) -> str:
    """Plain text as LaTeX source: every character that LaTeX treats specially is escaped."""
    return _ESCAPE_RE().sub(lambda m: _ESCAPES[m.group(0)], text)


# What a character is in TeX's own input conventions, before pylatexenc's commands: BibTeX
# files write dashes and quotes as ligatures.
_LIGATURE_OF: Final = {
    "\u2013": "--", "\u2014": "---", "\u2018": "`", "\u2019": "'", "\u201c": "``",
    "\u201d": "''", "\u00a0": "~",
}


def from_unicode(text: str, keep: Callable[[str], bool],
                 accept: Callable[[str], bool] = str.isascii) -> tuple[str, str]:
    r"""``text`` with each character that ``keep`` refuses written as LaTeX, and what is left.

    Text is normalised to NFC first (``e`` + U+0301 is ``é``). The second value holds the
    characters that have no LaTeX spelling that ``accept`` takes; they are kept in the text.

    >>> from_unicode("Schölkopf – β-VAE ≤ 中", str.isascii)
    ('Sch\\"olkopf -- \\ensuremath{\\beta}-VAE \\ensuremath{\\leq} 中', '中')
    """
    text = unicodedata.normalize("NFC", text)
    if all(keep(c) for c in text):
        return text, ""
    out: list[str] = []
    missing: list[str] = []
    for c in text:
        if keep(c):
            out.append(c)
            continue
        tex = _LIGATURE_OF.get(c) or _encoder().unicode_to_latex(c)
        if tex == c or not tex.isascii() or not accept(tex):
            missing.append(c)
            tex = c
        out.append(tex)
    return "".join(out), "".join(dict.fromkeys(missing))


@lru_cache(maxsize=1)
def _encoder() -> Any:
    from pylatexenc.latexencode import UnicodeToLatexEncoder

    return UnicodeToLatexEncoder(non_ascii_only=True, unknown_char_policy="keep",
                                 unknown_char_warning=False)


def encodable_in(encoding: str) -> Callable[[str], bool]:
    """Whether a character can be written in ``encoding``, e.g. ``encodable_in("latin-1")``."""
    import codecs

    encode = codecs.getencoder(encoding)

    def check(c: str) -> bool:
        try:
            encode(c)
        except UnicodeEncodeError:
            return False
        return True

    return check


# Commands that reach outside the document or redefine TeX: never passed on from a bib field.
_UNSAFE: Final = lazy(
    r"\\(input|include|includeonly|InputIfFileExists|openin|openout|read|readline|write|"
    r"immediate|special|catcode|def|gdef|edef|xdef|let|futurelet|csname|newcommand|"
    r"renewcommand|providecommand|DeclareRobustCommand|usepackage|RequirePackage|"
    r"documentclass|makeatletter|directlua|luaexec|ShellEscape|verbatiminput|lstinputlisting|"
    r"newwrite|newread|jobname|end|begin|endinput|errmessage|message|typeout|loop|expandafter|"
    r"scantokens|everypar|output|shipout|outer|long|global)(?![A-Za-z])"
)


_TEX_SYNTAX: Final = re.compile(r"[\\{}$%&#_^]")
"""The characters :func:`sanitize` reads or escapes; a field without them is passed on as it is."""


def sanitize(tex: str, known: frozenset[str] = frozenset()) -> tuple[str | None, list[str]]:
    r"""Make a field's LaTeX safe to paste into a document, or say why it cannot be.

    Returns the LaTeX to write (``None`` when it cannot be used as LaTeX at all) and what
    was wrong with it. Unescaped ``%``, ``&`` and ``#`` are escaped, and ``_`` and ``^``
    outside math too: a bib field never means them as TeX syntax; a math symbol in running
    text is wrapped in ``\ensuremath``. Unbalanced braces or ``$``, commands that read or
    write files, and commands that neither LaTeX, publist's fallbacks nor ``known`` (those
    the bib's ``@preamble`` defines) define make the field unusable as LaTeX.

    >>> sanitize(r'Fish \& Chips, 100% {GAN}s')
    ('Fish \\& Chips, 100\\% {GAN}s', ["unescaped '%' written as '\\%'"])
    >>> sanitize('{unbalanced')
    (None, ['unbalanced braces'])
    >>> sanitize(r'\BibTeX{} and \SceX')
    (None, ["uses \\SceX, which LaTeX does not define (define it in the bib's @preamble to keep it)"])
    """
    if not _TEX_SYNTAX.search(tex):  # most fields: plain text, nothing to check or escape
        return tex, []
    from publist.text import texcommands
    from publist.text.texcommands import FALLBACKS, KERNEL_MATH, MATH_ONLY, TEXT_COMMANDS

    problems: list[str] = []
    if unsafe := _UNSAFE().search(tex):
        return None, [f"uses \\{unsafe.group(1)}, which publist does not pass on to LaTeX"]
    if bad_url := _unsafe_link(tex):
        return None, [f"links to '{bad_url}', which is not an http(s) or relative URL"]
    out: list[str] = []
    depth = 0
    math = False
    closer = ""  # what ends the math: $, \) or \]
    i = 0
    n = len(tex)
    while i < n:
        special = _TEX_SYNTAX.search(tex, i)  # copy the plain text up to the next character that matters
        if special is None:
            out.append(tex[i:])
            break
        if special.start() > i:
            out.append(tex[i : special.start()])
            i = special.start()
        c = tex[i]
        if c == "\\":
            if i + 1 == n:
                return None, ["ends in a lone backslash"]
            name = _COMMAND_NAME.match(tex, i + 1)
            if name is None:
                symbol = tex[i + 1]
                if symbol in "([" and not math:  # DBLP's \(...\): math, as $...$ is
                    math, closer = True, ")" if symbol == "(" else "]"
                elif symbol in ")]":
                    if not math or closer != symbol:
                        return None, [f"unbalanced '\\{symbol}'"]
                    math = False
                elif not math and symbol not in _TEXT_SYMBOLS:
                    return None, [f"uses \\{symbol} outside math, where LaTeX does not define it"]
                elif not math and symbol in _ACCENT_SYMBOLS and (why := _no_argument(tex, i + 2, symbol)):
                    return None, [why]
                out.append(tex[i : i + 2])
                i += 2
                continue
            command = name.group(0)
            if not math and command in texcommands.TAKES_ARGUMENT and (why := _no_argument(tex, name.end(), command)):
                return None, [why]
            if command in _MEASURES and not _MEASURES[command]().match(tex, name.end()):
                return None, [f"\\{command} is not followed by the {_MEASURE_NAMES[command]} it needs"]
            if math:
                if not (command in KERNEL_MATH or command in TEXT_COMMANDS or command in FALLBACKS
                        or command in known):
                    why = (f"uses \\{command} in math, which LaTeX does not define (load its "
                           "package in your document, or define it in the bib's @preamble)")
                    return None, [why]
                out.append("\\" + command)
                i = name.end()
                continue
            if command in ("par", "verb"):
                return None, [f"uses \\{command}, which cannot stand in a line of a list"]
            if command in MATH_ONLY:
                out.append(f"\\ensuremath{{\\{command}}}")
            elif command in TEXT_COMMANDS or command in FALLBACKS or command in known:
                out.append("\\" + command)
            else:
                why = (f"uses \\{command}, which LaTeX does not define "
                       "(define it in the bib's @preamble to keep it)")
                return None, [why]
            i = name.end()
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth < 0:
                return None, ["unbalanced braces"]
        elif c == "$":
            if math and closer != "$":
                return None, [f"'$' inside '\\{'(' if closer == ')' else '['}...\\{closer}'"]
            math, closer = not math, "$"
        elif c in "%&#" or (c in "_^" and not math):
            escaped = {"^": r"\^{}"}.get(c, "\\" + c)
            note = f"unescaped '{c}' written as '{escaped}'"
            if note not in problems:
                problems.append(note)
            out.append(escaped)
            i += 1
            continue
        out.append(c)
        i += 1
    if depth != 0:
        return None, ["unbalanced braces"]
    if math:
        return None, ["unbalanced '$'" if closer == "$" else f"'\\{'(' if closer == ')' else '['}' without '\\{closer}'"]
    return "".join(out), problems


_LENGTH: Final = (r"[-+]?\s*(?:\d+\.?\d*|\.\d+)?\s*(?:(?:pt|em|ex|cm|mm|in|bp|pc|dd|cc|sp|mu)(?![A-Za-z])"
                  r"|\\(?:fill|hfill|textwidth|linewidth|columnwidth|parindent|baselineskip)(?![A-Za-z]))")
_NUMBER: Final = r"(?:\d+|\"[0-9A-Fa-f]+|'[0-7]+|`\\?.)"
_MEASURES: Final = {
    **dict.fromkeys(("kern", "hskip", "lower", "raise"), lazy(rf"\s*{_LENGTH}")),
    **dict.fromkeys(("hspace", "raisebox"), lazy(rf"\s*\*?\s*\{{\s*{_LENGTH}\s*\}}")),
    **dict.fromkeys(("char", "accent"), lazy(rf"\s*{_NUMBER}")),
}
"""Commands that read a length or a number: anything else stops LaTeX (``\\kern x``)."""
_MEASURE_NAMES: Final = {**dict.fromkeys(("char", "accent"), "number"),
                         **dict.fromkeys(("kern", "hskip", "lower", "raise", "hspace", "raisebox"), "length")}
# Control symbols that LaTeX defines in text (the accents among them take an argument).
_ACCENT_SYMBOLS: Final = "'\"`^~=."
_TEXT_SYMBOLS: Final = _ACCENT_SYMBOLS + " ,/-@&%#$_{}\\!;:>\t\n"
_NEXT_TOKEN: Final = re.compile(r"[ \t\n]*(?:(\\[A-Za-z]+)|(\\.)|(.))", re.DOTALL)


def _no_argument(tex: str, at: int, command: str) -> str | None:
    r"""Why a command that takes an argument has none it can take at ``tex[at]``, if it has not.

    ``\'\.{e}`` gives the acute accent ``\.`` as its argument, and ``\.`` then takes the
    group's end: LaTeX stops. An argument is a group, a character, or a command without one.
    """
    m = _NEXT_TOKEN.match(tex, at)
    if m is None or m.group(3) == "}":
        return f"\\{command} has no argument"
    from publist.text import texcommands

    inner = m.group(1) or m.group(2)
    if inner and (inner[1:] in texcommands.TAKES_ARGUMENT or inner[1:] in _ACCENT_SYMBOLS):
        return (f"\\{command} takes {inner} as its argument, which needs one of its own "
                f"(write \\{command}{{{inner}{{...}}}})")
    return None


_COMMAND_NAME: Final = re.compile(r"[A-Za-z]+")
_LINK_COMMAND: Final = re.compile(r"\\(?:url|href)\s*\{([^{}]*)\}")


def _unsafe_link(tex: str) -> str | None:
    """The target of a ``\\url`` or ``\\href`` that is not an http(s) or relative URL."""
    from publist.text.urls import clean

    target: str
    for target in _LINK_COMMAND.findall(tex):
        if clean(target) is None:
            return target
    return None


_CHECKMARK: Final = re.compile("[\u2713\u2714]")  # pylatexenc has no spelling; amssymb's (or a fallback)


def for_pdflatex(tex: str) -> tuple[str, str]:
    r"""LaTeX that pdflatex compiles with its default fonts, and the characters it cannot.

    Characters outside pdflatex's set are spelled as LaTeX when every command of the
    spelling is the kernel's (``β`` as ``\ensuremath{\beta}``); the others are written
    as ``?`` and returned.

    >>> for_pdflatex("β-VAE, ε ≤ 1, e\u0301, Жук")
    ('\\ensuremath{\\beta}-VAE, \\ensuremath{\\varepsilon} \\ensuremath{\\leq} 1, é, ???', 'Жук')
    """
    from publist.text.texcommands import compiles, typesets

    if tex.isascii():
        return tex, ""
    tex = _CHECKMARK.sub(r"\\checkmark{}", tex)
    text, missing = from_unicode(tex, typesets, compiles)
    for c in missing:
        text = text.replace(c, "?")
    return text, missing
# In an @preamble, definitions are what it is for; reading or writing files is still refused.
_PREAMBLE_UNSAFE: Final = lazy(
    r"\\(input|include|includeonly|InputIfFileExists|openin|openout|read|readline|write|"
    r"immediate|special|catcode|csname|usepackage|RequirePackage|documentclass|directlua|"
    r"luaexec|ShellEscape|verbatiminput|lstinputlisting|newwrite|newread|endinput|"
    r"scantokens|everypar|output|shipout|begin|end)(?![A-Za-z])"
)


def sanitize_preamble(tex: str) -> str | None:
    r"""An ``@preamble`` as it can be written into a document, or ``None`` with why not.

    Its ``\newcommand`` definitions become ``\providecommand``: a CV that defines the same
    command itself, or inputs two lists, must still compile.

    >>> sanitize_preamble(r"\newcommand{\noopsort}[1]{} \newcommand*\x{y}")
    '\\providecommand{\\noopsort}[1]{} \\providecommand*\\x{y}'
    """
    if _PREAMBLE_UNSAFE().search(tex) or tex.count("{") - tex.count(r"\{") != tex.count("}") - tex.count(r"\}"):
        return None
    return _NEWCOMMAND.sub(r"\\providecommand", tex)


_NEWCOMMAND: Final = re.compile(r"\\newcommand(?![A-Za-z])")


def preamble_problem(tex: str) -> str:
    """Why :func:`sanitize_preamble` refused a preamble."""
    unsafe = _PREAMBLE_UNSAFE().search(tex)
    if unsafe:
        return f"@preamble uses \\{unsafe.group(1)}, which publist does not pass on to LaTeX; left out"
    return "@preamble has unbalanced braces; left out"
