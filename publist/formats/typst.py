r"""Typst: a list to ``#include`` in a CV written in Typst, or a whole document.

Every field is text. Typst's markup gives meaning to many characters (the syntax reference,
"Markup" and "Escapes", and its lexer): ``#`` starts code, ``$`` math, ``*`` and ``_``
emphasis, ````` raw text, ``<`` a label, ``@`` a reference, ``[ ]`` content, ``~`` ``--``
``---`` ``-?`` ``...`` and ``-1`` are shorthands, quotes are smart quotes, ``//`` and ``/*``
start comments, ``http://`` a link, ``=``, ``-``, ``+``, ``/`` and ``1.`` start a heading
or a list at the start of a line or of a content block, and ``(``, ``.`` or ``;`` right after
``#strong[...]`` would continue or end that call. A backslash before any character
other than a space makes it that character, so :func:`escape` puts one before each of those
where they could mean something, including at the edges of a text, where the next piece of
the list could complete them (``a -`` and ``1`` would make a minus sign).

>>> escape('#read("/etc/passwd") $x$ @key <label> *bold* _x_ // no')
'\\#read(\\"/etc/passwd\\") \\$x\\$ \\@key \\<label> \\*bold\\* \\_x\\_ \\// no'
>>> escape("= not a heading"), escape("1. nor a list"), escape("pages 621-639, not -1")
('\\= not a heading', '1\\. nor a list', 'pages 621-639, not \\-1')

LaTeX math in a field becomes Typst math where every piece of it has a translation
(Greek letters, sub- and superscripts, fractions, roots, common operators, fonts, text);
anything else is written as text and reported, so that a field never stops the document
from compiling.

>>> math("$O(n \\log n)$"), math(r"$\alpha_{i}^2 \leq \mathcal{L}$")
('$O \\( n log n \\)$', '$α_(i)^(2) ≤ cal(L)$')
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from publist.formats import UnicodeBackend, dropped_by
from publist.formats.view import Group, Listing
from publist.model import Diagnostic
from publist.text.richtext import Node, Tex

# Typst reads these as line breaks; a field is one line of the list.
_NEWLINES: Final = re.compile("[\n\x0b\x0c\r\x85\u2028\u2029]")
_SPECIAL: Final = re.compile(
    r"""[\\#$*_`<@\[\]~"']"""  # code, math, emphasis, raw, label, reference, content, ~, quotes
    r"|/(?=[/*]|\Z)"  # a comment, or a / that the next text could make one (and http://)
    r"|\.{2,}"  # ... is an ellipsis: see _dots
    r"|(?<![^\W_])-|-(?![^-?])"  # -- --- -? and -1, unless inside a word of Typst's text
)
# What makes a heading or a list at the start of a line or of [...], and what would continue
# the function call just before it (#strong[...](x), #strong[...].x) or end it (a ; is eaten).
_START: Final = re.compile(r"(?=[(.;])|[ \t]*(?:\d+(?=\.)|(?=[=+/]))")
_STRING: Final = re.compile(r'[\\"\x00-\x1f\x7f]')


def escape(text: str) -> str:
    """Text as Typst markup that shows exactly that text, wherever it stands in the markup."""
    text = _NEWLINES.sub(" ", text)
    out = _SPECIAL.sub(_backslash, text)
    start = _START.match(out)
    if start:
        out = out[: start.end()] + "\\" + out[start.end() :]
    return out


def _backslash(m: re.Match[str]) -> str:
    found = m.group(0)
    return _dots(found, m.end() == len(m.string)) if found[:2] == ".." else "\\" + found


def _dots(run: str, last: bool) -> str:
    """A run of dots with no three unescaped in a row (``...`` is an ellipsis), its last one
    escaped at the end of a text, where the next text could add two more."""
    return "".join("\\." if i % 3 == 0 or (last and i == len(run) - 1) else "."
                   for i in range(len(run)))


def string(text: str) -> str:
    """A Typst string literal, e.g. ``"a\\"b"`` for ``a"b``."""
    return '"' + _STRING.sub(_string_escape, text) + '"'


def _string_escape(m: re.Match[str]) -> str:
    char = m.group(0)
    return "\\" + char if char in '\\"' else f"\\u{{{ord(char):x}}}"


class _Writer(UnicodeBackend):
    """Typst for each kind of node (see :class:`publist.text.richtext.Backend`); math that
    has no Typst translation is written as text and reported with the field it is in."""

    def __init__(self, dropped: frozenset[str] = frozenset()) -> None:
        super().__init__(dropped)
        self.problems: list[Diagnostic] = []
        self._untranslated: dict[str, list[str]] = {}
        self._found: list[str] = []

    text = staticmethod(escape)

    def tex(self, node: Tex) -> str:
        self.report(node)
        written = self._field(node.tex)
        if node.origin is not None:
            for problem in self._untranslated.get(node.tex, ()):
                self.problems.append(node.origin.problem(problem))
        return written

    def _convert(self, tex: str) -> str:
        self._found = []
        written = super()._convert(tex)
        if self._found:
            self._untranslated[tex] = self._found
        return written

    def math(self, tex: str) -> str:
        try:
            return math(tex)
        except Untranslatable as why:
            shown = math_text(tex)
            self._found.append(f"math {tex!r} is written as text {shown!r}: {why}")
            return escape(shown)

    def code(self, text: str) -> str:
        return f"#raw({string(text)})"

    def strong(self, inner: str, role: str) -> str:
        return f"#strong[{inner}]"

    def emph(self, inner: str) -> str:
        return f"#emph[{inner}]"

    def styled(self, inner: str, style: str, role: str) -> str:
        function = {"underline": "underline", "italic": "emph", "bold": "strong"}[style]
        return f"#{function}[{inner}]"

    def link(self, url: str, inner: str) -> str:
        return f"#link({string(url)})[{inner}]"


def inline(nodes: Iterable[Node], problems: list[Diagnostic]) -> str:
    """Nodes as Typst markup; math written as text is added to ``problems``."""
    writer = _Writer()
    text = writer.inline(nodes)
    problems.extend(writer.problems)
    return text


_STANDALONE: Final = """\
#set document(title: "Publications")
#set page(margin: 2cm)
#set text(size: 10.5pt)

= Publications

"""


def _group(write: _Writer, group: Group, numbered: bool) -> str:
    """A ``==`` heading (when grouped) and a list, its items apart as in a CV: ``- `` items, or
    ``18. `` items shown ``[18]`` (the numbering rule inside ``#[...]``, where it reaches no
    other list of the document)."""
    if not group.items:
        return ""
    items = []
    for item in group.items:
        marker = f"{item.number}. " if item.number is not None else "- "
        indent = " " * len(marker)
        lines = [write.inline(line.nodes).strip(" \t") for line in item.lines]
        items.append(marker + f" \\\n{indent}".join(lines) + "\n")
    body = "\n".join(items)
    if numbered:
        body = f'#[\n#set enum(numbering: "[1]")\n\n{body}]\n'
    return (f"== {escape(group.heading)}\n\n" if group.heading else "") + body


def document(
    listing: Listing, standalone: bool = False, preambles: tuple[Tex, ...] = ()
) -> tuple[str, list[Diagnostic]]:
    """A Typst list per group, with a ``==`` heading when grouped, and the legend after it in
    smaller type; a whole document when ``standalone``."""
    write = _Writer(dropped_by(preambles))
    numbered = listing.numbering != "none"
    blocks = [_group(write, group, numbered) for group in listing.groups]
    if listing.legend:
        marks = " \\\n".join(f"{escape(m)} {escape(meaning)}" for m, meaning in listing.legend)
        blocks.append(f"#text(size: 0.9em)[\n{marks}\n]\n")
    if listing.summary_text:
        blocks.append(escape(listing.summary_text) + "\n")
    text = "\n".join(b for b in blocks if b)
    if standalone:
        text = _STANDALONE + text
    return text, list(dict.fromkeys(write.problems))


# --- LaTeX math to Typst math -----------------------------------------------------------


class Untranslatable(Exception):
    """Math with a piece that has no safe Typst translation; the message names it."""


_DELIMITERS: Final = (("$$", "$$"), ("\\[", "\\]"), ("\\(", "\\)"), ("$", "$"))
_MATH_TOKENS: Final = re.compile(r"\\[A-Za-z]+\*?|\\.|\s+|.", re.DOTALL)

# Commands without arguments: the character Typst math shows for them (it knows each one's
# class from Unicode: ∑ takes limits, ≤ is a relation), as unicode-math maps them.
_GREEK: Final = dict(zip(
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu "
    "xi pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta "
    "Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega digamma varkappa".split(),
    "αβγδϵεζηθϑικλμνξπϖρϱσςτυϕφχψωΓΔΘΛΞΠΣΥΦΨΩϝϰ", strict=True))
_SYMBOLS: Final = _GREEK | dict(zip(
    "leq le geq ge neq ne ll gg approx sim simeq cong equiv propto prec succ preceq succeq "
    "subset supset subseteq supseteq in notin ni mid parallel perp vdash models "
    "times cdot pm mp div ast star circ bullet oplus ominus otimes odot cup cap setminus wedge "
    "land vee lor neg lnot cdots ldots dots vdots ddots infty partial nabla forall exists "
    "nexists emptyset varnothing ell hbar imath jmath Re Im aleph wp prime top bot angle "
    "to rightarrow leftarrow leftrightarrow Rightarrow Leftarrow Leftrightarrow mapsto "
    "longrightarrow longleftarrow implies iff uparrow downarrow gets "
    "sum prod coprod int oint iint bigcup bigcap bigoplus bigotimes bigvee bigwedge "
    "langle rangle lceil rceil lfloor rfloor lvert rvert lVert rVert vert Vert "
    "dagger ddagger checkmark square triangle diamond".split(),
    "≤≤≥≥≠≠≪≫≈∼≃≅≡∝≺≻⪯⪰⊂⊃⊆⊇∈∉∋∣∥⟂⊢⊧"
    "×⋅±∓÷∗⋆∘∙⊕⊖⊗⊙∪∩⧵∧∧∨∨¬¬⋯……⋮⋱∞∂∇∀∃∄∅∅ℓℏ𝚤𝚥ℜℑℵ℘′⊤⊥∠"
    "→→←↔⇒⇐⇔↦⟶⟵⟹⟺↑↓←"
    "∑∏∐∫∮∬⋃⋂⨁⨂⋁⋀"
    "⟨⟩⌈⌉⌊⌋||‖‖|‖"
    "†‡✓□△◇", strict=True))
# Typst's own operators (upright, with limits where they take them): \log is log.
_OPERATORS: Final = frozenset(
    "arccos arcsin arctan arg cos cosh cot coth csc deg det dim exp gcd hom inf ker lg lim "
    "liminf limsup ln log max min Pr sec sin sinh sup tan tanh".split())
_ESCAPED: Final = {"{": "\\{", "}": "\\}", "%": "\\%", "&": "\\&", "#": "\\#", "$": "\\$",
                   "_": "\\_", "|": "‖", ",": "thin", ":": "med", ";": "thick", "!": "",
                   " ": "med"}
_SPACES: Final = {"quad": "quad", "qquad": "wide", "enspace": "med", "thinspace": "thin"}
_FONTS: Final = {"mathcal": "cal", "mathbb": "bb", "mathbf": "bold", "boldsymbol": "bold",
                 "bm": "bold", "mathrm": "upright", "mathit": "italic", "mathsf": "sans",
                 "mathtt": "mono", "mathfrak": "frak", "mathscr": "cal", "mathnormal": "italic"}
_ACCENTS: Final = {"hat": "hat", "widehat": "hat", "tilde": "tilde", "widetilde": "tilde",
                   "bar": "macron", "overline": "overline", "underline": "underline",
                   "vec": "arrow", "dot": "dot", "ddot": "dot.double", "breve": "breve",
                   "check": "caron", "acute": "acute", "grave": "grave", "mathring": "circle"}
_TEXT: Final = frozenset("text textrm textup textnormal mbox textit textbf textsf texttt "
                         "operatorname operatorname*".split())
_SIZES: Final = frozenset("left right middle big Big bigg Bigg bigl bigr Bigl Bigr biggl biggr "
                          "Biggl Biggr".split())
"""Delimiter sizes: Typst sizes delimiters itself; ``\\left.`` is no delimiter at all."""
_IGNORED: Final = _SIZES | frozenset(
    "displaystyle textstyle scriptstyle scriptscriptstyle limits nolimits".split())
# ASCII that Typst math writes as it is: letters, digits, + = - * (as TeX: − and ∗), the prime.
_PLAIN: Final = re.compile(r"[A-Za-z0-9+=\-'*]")


def math(tex: str) -> str:
    """LaTeX math (delimiters included) as inline Typst math; :class:`Untranslatable`
    when a piece of it has no translation."""
    body = _body(tex)
    written = _Math(_MATH_TOKENS.findall(body)).sequence(closing=False)
    return "$" + written + "$" if written else ""  # TeX shows nothing for $ $ either


def math_text(tex: str) -> str:
    r"""LaTeX math as plain Unicode text: symbols as characters, groups' braces dropped,
    anything else as written, e.g. ``$\alpha \foo{x}$`` gives ``α \foo x``."""
    body = _body(tex, strict=False)
    out: list[str] = []
    for token in _MATH_TOKENS.findall(body):
        name = token[1:]
        if token in "{}" or token.startswith("\\") and name in _IGNORED | _FONTS.keys() | _TEXT:
            continue
        if token.startswith("\\") and name in _SYMBOLS:
            out.append(_SYMBOLS[name])
        elif len(token) == 2 and token[0] == "\\" and not token[1].isalpha():
            out.append(" " if token[1] in ",:; " else token[1])
        else:
            out.append(token + " " if token[:1] == "\\" else token)  # \foo{x}: \foo x
    return " ".join("".join(out).split())


def _body(tex: str, strict: bool = True) -> str:
    """Math without its delimiters."""
    for opening, closing in _DELIMITERS:
        if tex.startswith(opening) and tex.endswith(closing) and len(tex) >= len(opening + closing):
            return tex[len(opening) : len(tex) - len(closing)]
    if strict:
        raise Untranslatable("it has no delimiters")
    return tex


class _Math:
    """A small recursive reader of LaTeX math tokens that writes Typst math."""

    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.at = 0

    def _peek(self) -> str | None:
        """The next token that is not a space, without reading it."""
        while self.at < len(self.tokens) and self.tokens[self.at].isspace():
            self.at += 1
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def _next(self, spaces: bool = False) -> str:
        """The next token (spaces skipped unless ``spaces``)."""
        if not spaces:
            self._peek()
        if self.at >= len(self.tokens):
            raise Untranslatable("an argument is missing")
        token = self.tokens[self.at]
        self.at += 1
        return token

    def sequence(self, closing: bool) -> str:
        """Pieces up to the end (or the ``}`` that closes a group), separated by spaces so that
        neither letters (``ab`` is one name in Typst) nor shorthands (``->``) run together.

        Each piece is its base, its primes and its attachments, in Typst's order: ``x'_(i)``.
        """
        pieces: list[list[str]] = []
        while (token := self._peek()) is not None:
            if token == "}":
                if not closing:
                    raise Untranslatable("a '}' closes no group")
                break
            self.at += 1
            last = pieces[-1] if pieces else None
            if token in ("^", "_"):
                if last is None:
                    last = ['""', "", ""]
                    pieces.append(last)
                last[2] += f"{token}({self.argument()})"
            elif token == "'" and last is not None:
                last[1] += "'"
            elif last is not None and last[1:] == ["", ""] and _is_number(last[0]) and (
                    _is_number(token) or token == "." and self._digit_next()):
                last[0] += token
            else:
                piece = self.group() if token == "{" else self.piece(token)
                if piece:
                    pieces.append([piece, "", ""])
        return " ".join("".join(piece) for piece in pieces)

    def _digit_next(self) -> bool:
        return self.at < len(self.tokens) and _is_number(self.tokens[self.at])  # 1.5, not 1. 5

    def group(self) -> str:
        """The inside of ``{...}`` (the ``{`` read), up to its ``}``."""
        inside = self.sequence(closing=True)
        if self._peek() is None:
            raise Untranslatable("a '{' is not closed")
        self.at += 1
        return inside

    def argument(self) -> str:
        """One argument: a group, or a single token (``x^2`` is ``x^{2}``); ``""`` for an empty
        one (``\\mathbb{}``), which a Typst function cannot go without."""
        token = self._next()
        if token == "}":
            raise Untranslatable("an argument is missing")
        return (self.group() if token == "{" else self.piece(token)) or '""'

    def raw_argument(self) -> str:
        """A group's LaTeX as written, for ``\\text{...}``."""
        if self._next() != "{":
            raise Untranslatable("\\text needs its argument in braces")
        depth = 1
        out: list[str] = []
        while True:
            token = self._next(spaces=True)
            depth += {"{": 1, "}": -1}.get(token, 0)
            if depth == 0:
                return "".join(out)
            out.append(token)

    def piece(self, token: str) -> str:
        """One token (and the arguments of a command) as Typst math."""
        if _PLAIN.fullmatch(token):
            return token
        if not token.startswith("\\"):
            if token.isascii():
                if token == "~":
                    return "med"  # TeX's tie: a space
                if token in "&#%":
                    raise Untranslatable(f"{token!r} has no meaning in inline math")
                return "\\" + token
            return "\\" + token if token in "√∛∜" else token
        name = token[1:]
        if len(name) == 1 and not name.isalpha():
            if name.isspace():
                return "med"
            if name == "\\":
                raise Untranslatable("a line break has no place in inline math")
            if name in _ESCAPED:
                return _ESCAPED[name]
            return "\\" + name if name.isascii() else name
        if name in _SYMBOLS:
            return "\\" + _SYMBOLS[name] if _SYMBOLS[name].isascii() else _SYMBOLS[name]
        if name in _OPERATORS:
            return name
        if name in _SPACES:
            return _SPACES[name]
        if name in _IGNORED:
            if name in _SIZES and self._peek() == ".":
                self.at += 1
            return ""
        if name in _FONTS:
            return f"{_FONTS[name]}({self.argument()})"
        if name in _ACCENTS:
            return f"{_ACCENTS[name]}({self.argument()})"
        if name in ("frac", "dfrac", "tfrac", "binom"):
            function = "binom" if name == "binom" else "frac"
            return f"{function}({self.argument()}, {self.argument()})"
        if name == "sqrt":
            return self._root()
        if name in _TEXT:
            from publist.text.latex import to_text

            written = string(to_text(self.raw_argument()))
            return f"op({written})" if name.startswith("operatorname") else written
        raise Untranslatable(f"Typst has no translation of {token!r}")

    def _root(self) -> str:
        r"""``\sqrt{x}`` as ``sqrt(x)``, ``\sqrt[3]{x}`` as ``root(3, x)``."""
        if self._peek() == "[":
            self.at += 1
            index: list[str] = []
            while (token := self._next()) != "]":
                index.append(self.group() if token == "{" else self.piece(token))
            degree = " ".join(i for i in index if i) or '""'
            return f"root({degree}, {self.argument()})"
        return f"sqrt({self.argument()})"


def _is_number(piece: str) -> bool:
    """ASCII digits, with a decimal point: ``1.5``."""
    digits = piece.replace(".", "")
    return digits.isascii() and digits.isdigit()
