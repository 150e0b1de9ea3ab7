r"""What a LaTeX document knows: which commands from a bib field compile as they are.

publist's LaTeX output loads nothing beyond what a CV has (``hyperref``); a field's LaTeX is
passed on when every command in it is defined by LaTeX itself, by a fallback publist
provides (as BibTeX styles do with ``\providecommand``), or by the bib's ``@preamble``.
Math-only symbols used in text are wrapped in ``\ensuremath``.

>>> sorted(defined_by(r"\newcommand{\noopsort}[1]{} \def\SceX{SceX} \let\k=\c"))
['SceX', 'k', 'noopsort']
"""

from __future__ import annotations

import re
from typing import Final

from publist.regex import lazy

# Text-mode commands of LaTeX's kernel, the article class, textcomp and hyperref that bib
# fields use. Anything else needs a definition.
TEXT_COMMANDS: Final = frozenset(
    # accents and letters
    "u v H c d b t k r textcommabelow textcommaabove i j ss SS o O ae AE oe OE aa AA l L dh DH th TH ng NG dj DJ "
    "guillemotleft guillemotright guilsinglleft guilsinglright quotedblbase quotesinglbase "
    # escapes and symbols
    "textbackslash textasciitilde textasciicircum textbar textless textgreater textquotedbl "
    "textquoteright textquoteleft textquotedblleft textquotedblright textendash textemdash "
    "textdagger textdaggerdbl textsection textparagraph textregistered texttrademark "
    "textcopyright textbullet textperiodcentered textellipsis textdegree textunderscore "
    "textvisiblespace textexclamdown textquestiondown textsterling texteuro textyen "
    "textcent textcurrency textordfeminine textordmasculine textonehalf textonequarter "
    "textthreequarters textmu textmusicalnote textasteriskcentered dag ddag S P pounds "
    "copyright ldots dots slash relax nobreak space quad qquad enspace thinspace "
    "newline linebreak nolinebreak allowbreak hyphenation discretionary nobreakspace "
    # logos
    "TeX LaTeX LaTeXe "
    # fonts and formatting
    "emph textit textbf textsc textsl textup textrm textsf texttt textnormal textmd "
    "textsuperscript textsubscript mbox hbox makebox fbox em it bf sc sl rm sf tt "
    "itshape bfseries scshape slshape upshape mdseries rmfamily sffamily ttfamily "
    "normalfont tiny scriptsize footnotesize small normalsize large Large LARGE huge Huge "
    "MakeUppercase MakeLowercase uppercase lowercase hspace kern hskip phantom hphantom "
    "vphantom raisebox lower raise underline ensuremath accent char string protect "
    "url href nolinkurl cite ref footnote unskip ignorespaces noindent "
    "ifmmode else fi".split()
)
TAKES_ARGUMENT: Final = frozenset(
    # accents: the letter they sit on
    "u v H c d b t k r textcommabelow textcommaabove "
    # fonts, boxes and links: their text
    "emph textit textbf textsc textsl textup textrm textsf texttt textnormal textmd "
    "textsuperscript textsubscript mbox hbox makebox fbox MakeUppercase MakeLowercase uppercase "
    "lowercase hspace phantom hphantom vphantom raisebox underline ensuremath url href nolinkurl "
    "cite ref footnote hyphenation".split()
)
"""Text commands of :data:`TEXT_COMMANDS` that take an argument: a field where one has none,
or has another such command as its argument (``\\'\\.{e}``), cannot compile."""
# Math-only symbols that fields also use in running text: wrapped in \ensuremath there.
MATH_ONLY: Final = frozenset(
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu "
    "nu xi pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma "
    "Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega bullet cdot cdots times div pm mp "
    "leq geq le ge neq approx sim simeq equiv propto infty partial nabla circ ast star "
    "rightarrow leftarrow leftrightarrow Rightarrow Leftarrow Leftrightarrow to mapsto "
    "uparrow downarrow in notin subset subseteq supset cup cap emptyset forall exists neg "
    "wedge vee oplus otimes log ln exp sin cos tan min max lim sum prod int "
    "prime ell hbar aleph Re Im wp top bot angle "
    "triangle diamond clubsuit diamondsuit heartsuit spadesuit flat natural sharp".split()
)
# Math-mode commands of LaTeX's kernel (fontmath.ltx and latex.ltx): each compiles in
# $...$ in a document that loads no package, as tests/test_latex_compile.py checks.
KERNEL_MATH: Final = frozenset(
    "Delta Downarrow Gamma Im Lambda Leftarrow Leftrightarrow Longleftarrow Longleftrightarrow "
    "Longrightarrow Omega Phi Pi Pr Psi Re Rightarrow Sigma Theta Uparrow Updownarrow Upsilon "
    "Vert Xi acute aleph alpha amalg angle approx arccos arcsin arctan arg ast asymp atop "
    "backslash bar beta bigcap bigcirc bigcup bigoplus bigotimes bigtriangledown bigtriangleup "
    "bigvee bigwedge bot bowtie breve bullet cap cdot cdots check chi choose circ colon cong "
    "coprod cos cosh cot csc cup dagger dashv ddagger ddot ddots deg delta det diamond dim "
    "displaystyle div dot doteq downarrow ell emptyset epsilon equiv eta exists exp flat forall "
    "frac frown gamma gcd ge geq gg grave hat hbar hom hookleftarrow hookrightarrow iff imath in "
    "inf infty int iota jmath kappa ker lambda land langle lbrace lceil le leftarrow "
    "leftharpoondown leftharpoonup leftrightarrow leq lfloor lim liminf limsup ll lmoustache ln "
    "lnot log longleftarrow longleftrightarrow longmapsto longrightarrow lor mapsto mathbf "
    "mathbin mathcal mathit mathnormal mathop mathord mathpunct mathrel mathrm mathsf mathstrut "
    "mathtt max mid min mp mu nabla natural ne nearrow neg neq ni not notin nu nwarrow odot oint "
    "omega ominus oplus oslash otimes over overbrace overleftarrow overline overrightarrow "
    "parallel partial perp phi pi pm prec preceq prime prod propto psi rangle rbrace rceil "
    "rfloor rho rightarrow rightharpoondown rightharpoonup rightleftharpoons rmoustache "
    "scriptstyle scriptscriptstyle textstyle searrow sec setminus sharp sigma sim simeq sin "
    "sinh smash smile sqcap sqcup sqrt sqsubseteq sqsupseteq stackrel star subset subseteq succ "
    "succeq sum sup supset supseteq surd swarrow tan tanh tau theta tilde times to top triangle "
    "triangleleft triangleright underbar underbrace uparrow updownarrow uplus upsilon varepsilon "
    "varphi varpi varrho varsigma vartheta vdash vdots vec vee vert wedge widehat widetilde wp "
    "wr xi zeta limits nolimits left right middle big Big bigg Bigg bigl bigr Bigl Bigr biggl "
    "biggr Biggl Biggr".split()
)
# Characters pdflatex typesets as they are in the document a CV has (article, [T1]{fontenc},
# [utf8]{inputenc}): ASCII and these ranges, found by compiling every character that
# LaTeX's .dfu files and the common Unicode blocks hold (TeX Live 2022). Any other
# character is written as LaTeX (pylatexenc knows its spelling) or cannot be written.
PDFLATEX_RANGES: Final = (
    (0x00A0, 0x0125), (0x0128, 0x0137), (0x0139, 0x013E), (0x0141, 0x0148), (0x014A, 0x0165),
    (0x0168, 0x017E), (0x0192, 0x0192), (0x01C4, 0x01D4), (0x01E2, 0x01E3), (0x01E6, 0x01EB),
    (0x01F0, 0x01F0), (0x01F4, 0x01F5), (0x0218, 0x021B), (0x0232, 0x0233), (0x0237, 0x0237),
    (0x02C6, 0x02C7), (0x02D8, 0x02D9), (0x02DB, 0x02DD), (0x0E3F, 0x0E3F), (0x1E02, 0x1E03),
    (0x1E0D, 0x1E0D), (0x1E1E, 0x1E21), (0x1E25, 0x1E25), (0x1E30, 0x1E31), (0x1E37, 0x1E37),
    (0x1E43, 0x1E43), (0x1E45, 0x1E45), (0x1E47, 0x1E47), (0x1E5B, 0x1E5B), (0x1E63, 0x1E63),
    (0x1E6D, 0x1E6D), (0x1E8E, 0x1E91), (0x1E9E, 0x1E9E), (0x1EF2, 0x1EF3), (0x200C, 0x200C),
    (0x2010, 0x2016), (0x2018, 0x201A), (0x201C, 0x201E), (0x2020, 0x2022), (0x2026, 0x2026),
    (0x2030, 0x2031), (0x2039, 0x203B), (0x203D, 0x203D), (0x2044, 0x2044), (0x204E, 0x204E),
    (0x2052, 0x2052), (0x20A1, 0x20A1), (0x20A4, 0x20A4), (0x20A6, 0x20A6), (0x20A9, 0x20A9),
    (0x20AB, 0x20AC), (0x20B1, 0x20B1), (0x2103, 0x2103), (0x2116, 0x2117), (0x211E, 0x211E),
    (0x2120, 0x2120), (0x2122, 0x2122), (0x2126, 0x2127), (0x212E, 0x212E), (0x2190, 0x2193),
    (0x2329, 0x232A), (0x2422, 0x2423), (0x25E6, 0x25E6), (0x25EF, 0x25EF), (0x266A, 0x266A),
    (0x27E8, 0x27E9), (0x3008, 0x3009), (0xFB00, 0xFB06), (0xFEFF, 0xFEFF),
)
_PDFLATEX_TEXT: Final = frozenset(
    chr(c) for low, high in PDFLATEX_RANGES for c in range(low, high + 1)
)


def typesets(char: str) -> bool:
    """Whether pdflatex sets ``char`` as it is, e.g. ``é`` yes, ``β`` no (it is ``\\beta``)."""
    return char.isascii() or char in _PDFLATEX_TEXT


_ENSUREMATH: Final = lazy(r"\\ensuremath\s*\{((?:[^{}]|\{[^{}]*\})*)\}")


def compiles(tex: str) -> bool:
    r"""Whether a spelling of a character uses only commands every document defines.

    >>> compiles(r"\ensuremath{\beta}"), compiles(r"{\CYRZH}"), compiles(r"\'{e}")
    (True, False, True)
    """
    for math in _ENSUREMATH().findall(tex):
        if not set(_COMMAND.findall(math)) <= KERNEL_MATH | TEXT_COMMANDS:
            return False
    return set(_COMMAND.findall(_ENSUREMATH().sub("", tex))) <= TEXT_COMMANDS | FALLBACKS.keys()


_COMMAND: Final = re.compile(r"\\([A-Za-z]+)")
# Fallbacks for commands of bibliography packages, logos, BibTeX tricks and the amsmath and
# amssymb commands that titles use, given with \providecommand so that a document's own
# definition (or package) wins.
FALLBACKS: Final = {
    "BibTeX": r"{\textrm{B\kern-.05em\textsc{i\kern-.025em b}\kern-.08em T\kern-.1667em\lower.7ex\hbox{E}\kern-.125emX}}",
    "AmS": r"{$\mathcal{A}$\kern-.1667em\lower.5ex\hbox{$\mathcal{M}$}\kern-.125em$\mathcal{S}$}",
    "AmSTeX": r"{\AmS-\TeX}",
    "AMSTeX": r"{\AmS-\TeX}",
    "AMSTEX": r"{\AmS-\TeX}",
    "AmSLaTeX": r"{\AmS-\LaTeX}",
    "LAMSTeX": r"{L\kern-.36em\raise.3ex\hbox{\textsc{a}}\kern-.15em\AmS-\TeX}",
    "SliTeX": r"{\textrm{S\kern-.06em\textsc{l\kern-.035em i}\kern-.06em T\kern-.1667em\lower.7ex\hbox{E}\kern-.125emX}}",
    "MF": r"{\textsf{METAFONT}}",
    "METAFONT": r"{\textsf{METAFONT}}",
    "MP": r"{\textsf{MetaPost}}",
    "POSTSCRIPT": r"{PostScript}",
    "PS": r"{PostScript}",
    "WEB": r"{\textsc{web}}",
    "TUB": r"{\textsl{TUGboat}}",
    "XeTeX": r"{XeTeX}",
    "XeLaTeX": r"{XeLaTeX}",
    "LuaTeX": r"{LuaTeX}",
    "LuaLaTeX": r"{LuaLaTeX}",
    "pdfTeX": r"{pdfTeX}",
    "pdfLaTeX": r"{pdfLaTeX}",
    "ConTeXt": r"{ConTeXt}",
    "eTeX": r"{$\varepsilon$-\TeX}",
    "emdash": r"{---}",
    "endash": r"{--}",
    "mdash": r"{---}",  # NASA ADS's titles
    "ndash": r"{--}",
    "rsquo": r"{'}",  # NASA ADS's titles: Chariklo{\rsquo}s
    "lsquo": r"{`}",
    "rdquo": r"{''}",
    "ldquo": r"{``}",
    "hyphen": r"{-}",
    "enquote": r"[1]{``#1''}",
    "mkbibquote": r"[1]{``#1''}",
    "mkbibemph": r"[1]{\emph{#1}}",
    "mkbibitalic": r"[1]{\textit{#1}}",
    "mkbibbold": r"[1]{\textbf{#1}}",
    "mkbibacro": r"[1]{\textsc{#1}}",
    "noopsort": r"[1]{}",
    "SortNoop": r"[1]{}",
    "sortnoop": r"[1]{}",
    "path": r"{\nolinkurl}",
    "doi": r"[1]{\href{https://doi.org/#1}{doi:#1}}",
    "text": r"[1]{\mbox{#1}}",
    "mathbb": r"[1]{\mathbf{#1}}",
    "boldsymbol": r"[1]{\mathbf{#1}}",
    "bm": r"[1]{\mathbf{#1}}",
    "mathfrak": r"[1]{\mathrm{#1}}",
    "mathscr": r"[1]{\mathcal{#1}}",
    "operatorname": r"[1]{\mathop{\mathrm{#1}}\nolimits}",
    "dfrac": r"{\frac}",
    "tfrac": r"{\frac}",
    "binom": r"[2]{{#1 \choose #2}}",
    "checkmark": r"{\ensuremath{\surd}}",
    "varnothing": r"{\emptyset}",
    "leqslant": r"{\leq}",
    "geqslant": r"{\geq}",
    "lesssim": r"{\mathrel{\stackrel{<}{\sim}}}",
    "gtrsim": r"{\mathrel{\stackrel{>}{\sim}}}",
    "coloneqq": r"{\mathrel{:}=}",
    "lvert": r"{\vert}",
    "rvert": r"{\vert}",
    "lVert": r"{\Vert}",
    "rVert": r"{\Vert}",
}
_DEFINED: Final = lazy(
    r"\\(?:(?:re)?newcommand|providecommand|DeclareRobustCommand)\*?\s*\{?\s*\\([A-Za-z]+)"
    r"|\\(?:[gex]?def|let)\s*\\([A-Za-z]+)"
)


def defined_by(preamble: str) -> set[str]:
    """Command names an ``@preamble`` defines, e.g. ``{"noopsort"}``."""
    return {a or b for a, b in _DEFINED().findall(preamble)}


_DISCARDING: Final = lazy(
    r"\\(?:(?:re)?newcommand|providecommand)\*?\s*\{?\s*\\([A-Za-z]+)\s*\}?\s*\[1\]\s*\{\s*\}"
    r"|\\[gex]?def\s*\\([A-Za-z]+)\s*#1\s*\{\s*\}"
)


def discarding(preamble: str) -> frozenset[str]:
    r"""Commands an ``@preamble`` defines to swallow their argument, as sorting macros do.

    >>> sorted(discarding(r"\newcommand{\sortkey}[1]{} \def\hide#1{} \newcommand{\x}[1]{#1}"))
    ['hide', 'sortkey']
    """
    return frozenset(a or b for a, b in _DISCARDING().findall(preamble))


def fallback_definitions(used: set[str]) -> list[str]:
    r"""``\providecommand`` lines for the used commands that publist can define.

    A fallback that uses another (``\AmSTeX`` uses ``\AmS``) brings it along.

    >>> [d[:30] for d in fallback_definitions({"AmSTeX", "emph", "endash"})]
    ['\\providecommand{\\AmS}{$\\mathca', '\\providecommand{\\AmSTeX}{\\AmS-', '\\ifdefined\\endash\\else\\def\\end']
    """
    needed: set[str] = set()
    todo = sorted(used & FALLBACKS.keys())
    while todo:
        name = todo.pop()
        if name not in needed:
            needed.add(name)
            todo.extend(n for n in _COMMAND.findall(FALLBACKS[name]) if n in FALLBACKS)
    return [_definition(name) for name in sorted(needed)]


def _definition(name: str) -> str:
    # LaTeX refuses \providecommand for a name that starts with "end" (\endash)
    if name.startswith("end"):
        body = FALLBACKS[name]
        return f"\\ifdefined\\{name}\\else\\def\\{name}{body}\\fi"
    return f"\\providecommand{{\\{name}}}{FALLBACKS[name]}"
