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
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Final

from publist.richtext import Emph, Math, Node, Strong, Text

if TYPE_CHECKING:
    from pylatexenc.latex2text import LatexNodes2Text

# Characters that only LaTeX markup uses: without them a field is plain text.
_MARKUP: Final = re.compile(r"[\\$]")
_SPACES: Final = re.compile(r"[ \t\n\r\f\v]+")
_UNESCAPED_PERCENT: Final = re.compile(r"(?<!\\)%")
_COMMAND: Final = re.compile(r"\\([A-Za-z]+|.)")

_EMPH_MACROS: Final = frozenset({"emph", "textit", "textsl", "mathit"})
_EMPH_SWITCHES: Final = frozenset({"em", "it", "sl", "itshape", "slshape"})
_STRONG_MACROS: Final = frozenset({"textbf", "mathbf"})
_STRONG_SWITCHES: Final = frozenset({"bf", "bfseries"})


@lru_cache(maxsize=65536)
def to_text(tex: str) -> str:
    r"""Plain Unicode text of a field, e.g. ``to_text(r'Erd\H{o}s')`` gives ``'Erdős'``."""
    return "".join(_flatten(to_nodes(tex)))


@lru_cache(maxsize=65536)
def to_nodes(tex: str) -> tuple[Node, ...]:
    """Rich text of a field: Unicode text, with emphasis, bold and math kept apart."""
    if not _MARKUP.search(tex):
        return (Text(_plain(tex)),) if tex else ()
    try:
        nodes = _walk(_parse(tex), _converter())
    except Exception:  # noqa: BLE001 - pylatexenc raises many kinds on malformed input
        nodes = [Text(_plain(_COMMAND.sub(_drop_command, tex)))]
    return _tidy(nodes)


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
        elif isinstance(node, Strong | Emph):
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


def _parse(tex: str) -> list[Any]:
    from pylatexenc.latexwalker import LatexWalker

    # A bare % in a bib field is a percent sign, not a TeX comment.
    source = _UNESCAPED_PERCENT.sub(r"\\%", tex)
    walker = LatexWalker(source, latex_context=_walker_context(), tolerant_parsing=True)
    nodes, _, _ = walker.get_latex_nodes()
    return list(nodes)


def _walk(nodes: list[Any], l2t: LatexNodes2Text) -> list[Node]:
    from pylatexenc.latexwalker import (
        LatexCommentNode,
        LatexGroupNode,
        LatexMacroNode,
        LatexMathNode,
    )

    out: list[Node] = []
    for i, node in enumerate(nodes):
        if node is None or isinstance(node, LatexCommentNode):
            continue
        if isinstance(node, LatexMathNode):
            verbatim = node.latex_verbatim()
            opening, closing = node.delimiters
            closed = len(verbatim) >= len(opening) + len(closing) and verbatim.endswith(closing)
            out.append(Math(verbatim) if closed else Text(verbatim))
        elif isinstance(node, LatexGroupNode):
            out.extend(_walk(list(node.nodelist), l2t))
        elif isinstance(node, LatexMacroNode) and node.macroname in _EMPH_SWITCHES | _STRONG_SWITCHES:
            # {\em ...} switches style for the rest of its group
            rest = tuple(_tidy(_walk(nodes[i + 1 :], l2t)))
            wrap = Emph if node.macroname in _EMPH_SWITCHES else Strong
            out.append(wrap(rest))
            break
        elif isinstance(node, LatexMacroNode) and node.macroname in _EMPH_MACROS | _STRONG_MACROS:
            args = [a for a in (node.nodeargd.argnlist if node.nodeargd else []) if a is not None]
            inner = _tidy(_walk(args, l2t))
            out.append(Emph(inner) if node.macroname in _EMPH_MACROS else Strong(inner))
        else:
            out.append(Text(l2t.nodelist_to_text([node])))
    return out


@lru_cache(maxsize=1)
def _walker_context() -> Any:
    from pylatexenc import latexwalker
    from pylatexenc.macrospec import MacroSpec

    db = latexwalker.get_default_latex_context_db()
    db.add_context_category(
        "publist",
        prepend=True,
        macros=[
            MacroSpec("href", "{{"),
            MacroSpec("textsuperscript", "{"),
            MacroSpec("textsubscript", "{"),
            MacroSpec("mbox", "{"),
            MacroSpec("hbox", "{"),
            MacroSpec("textsc", "{"),
            MacroSpec("textup", "{"),
            MacroSpec("textnormal", "{"),
            MacroSpec("uppercase", "{"),
            MacroSpec("MakeUppercase", "{"),
            MacroSpec("lowercase", "{"),
            MacroSpec("MakeLowercase", "{"),
            MacroSpec("doi", "{"),
            MacroSpec("nolinkurl", "{"),
        ],
    )
    return db


@lru_cache(maxsize=1)
def _converter() -> LatexNodes2Text:
    from pylatexenc import latex2text
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, SpecialsTextSpec

    db = latex2text.get_default_latex_context_db()
    text = {
        "LaTeX": "LaTeX",
        "LaTeXe": "LaTeX2e",
        "TeX": "TeX",
        "BibTeX": "BibTeX",
        "textless": "<",
        "textgreater": ">",
        "textbar": "|",
        "textquotedbl": '"',
        "textbackslash": "\\",
        "textasciicircum": "^",
        "textunderscore": "_",
        "ddag": "\u2021",
        "ddagger": "\u2021",
        "textdaggerdbl": "\u2021",
        "textdagger": "\u2020",
        "S": "\u00a7",
        "P": "\u00b6",
        "textsection": "\u00a7",
        "textparagraph": "\u00b6",
        "textregistered": "\u00ae",
        "texttrademark": "\u2122",
        "textcopyright": "\u00a9",
        "textendash": "\u2013",
        "textemdash": "\u2014",
        "\\": " ",
        "newline": " ",
    }
    args = {name: "%s" for name in ("mbox", "hbox", "textsuperscript", "textsubscript", "textsc",
                                    "textup", "textnormal", "uppercase", "lowercase", "url",
                                    "doi", "nolinkurl")}
    args |= {"MakeUppercase": "%s", "MakeLowercase": "%s", "href": "%(2)s"}
    logos = {"MF": "METAFONT", "MP": "MetaPost", "AmSTeX": "AMS-TeX", "AmSLaTeX": "AMS-LaTeX",
             "XeTeX": "XeTeX", "XeLaTeX": "XeLaTeX", "LuaTeX": "LuaTeX", "LuaLaTeX": "LuaLaTeX",
             "pdfTeX": "pdfTeX", "pdfLaTeX": "pdfLaTeX", "ConTeXt": "ConTeXt", "eTeX": "e-TeX"}
    db.add_context_category(
        "publist",
        prepend=True,
        macros=[MacroTextSpec(name, repl) for name, repl in (text | args | logos).items()],
        specials=[SpecialsTextSpec("&", "&")],
    )
    # An unknown logo such as \AmSLaTeX shows its name; an unknown \lowercase command nothing.
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
_ESCAPE_RE: Final = re.compile("[" + re.escape("".join(_ESCAPES)) + "]")


def escape(text: str) -> str:
    """Plain text as LaTeX source: every character that LaTeX treats specially is escaped."""
    return _ESCAPE_RE.sub(lambda m: _ESCAPES[m.group(0)], text)


# Commands that reach outside the document or redefine TeX: never passed on from a bib field.
_UNSAFE: Final = re.compile(
    r"\\(input|include|includeonly|InputIfFileExists|openin|openout|read|readline|write|"
    r"immediate|special|catcode|def|gdef|edef|xdef|let|futurelet|csname|newcommand|"
    r"renewcommand|providecommand|DeclareRobustCommand|usepackage|RequirePackage|"
    r"documentclass|makeatletter|directlua|luaexec|ShellEscape|verbatiminput|lstinputlisting|"
    r"newwrite|newread|jobname|end|begin|endinput|errmessage|message|typeout|loop|expandafter|"
    r"scantokens|everypar|output|shipout|outer|long|global)(?![A-Za-z])"
)


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
    from publist.texcommands import FALLBACKS, MATH_ONLY, TEXT_COMMANDS

    problems: list[str] = []
    if unsafe := _UNSAFE.search(tex):
        return None, [f"uses \\{unsafe.group(1)}, which publist does not pass on to LaTeX"]
    out: list[str] = []
    depth = 0
    math = False
    i = 0
    n = len(tex)
    while i < n:
        c = tex[i]
        if c == "\\":
            if i + 1 == n:
                return None, ["ends in a lone backslash"]
            name = _COMMAND_NAME.match(tex, i + 1)
            if name is None or math:
                out.append(tex[i : i + 2] if name is None else "\\" + name.group(0))
                i = i + 2 if name is None else name.end()
                continue
            command = name.group(0)
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
            math = not math
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
        return None, ["unbalanced '$'"]
    return "".join(out), problems


_COMMAND_NAME: Final = re.compile(r"[A-Za-z]+")
# In an @preamble, definitions are what it is for; reading or writing files is still refused.
_PREAMBLE_UNSAFE: Final = re.compile(
    r"\\(input|include|includeonly|InputIfFileExists|openin|openout|read|readline|write|"
    r"immediate|special|catcode|csname|usepackage|RequirePackage|documentclass|directlua|"
    r"luaexec|ShellEscape|verbatiminput|lstinputlisting|newwrite|newread|endinput|"
    r"scantokens|everypar|output|shipout|begin|end)(?![A-Za-z])"
)


def sanitize_preamble(tex: str) -> str | None:
    """An ``@preamble`` as it can be written into a document, or ``None`` with why not."""
    if _PREAMBLE_UNSAFE.search(tex) or tex.count("{") - tex.count(r"\{") != tex.count("}") - tex.count(r"\}"):
        return None
    return tex


def preamble_problem(tex: str) -> str:
    """Why :func:`sanitize_preamble` refused a preamble."""
    unsafe = _PREAMBLE_UNSAFE.search(tex)
    if unsafe:
        return f"@preamble uses \\{unsafe.group(1)}, which publist does not pass on to LaTeX; left out"
    return "@preamble has unbalanced braces; left out"
