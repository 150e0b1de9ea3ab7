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

# Text-mode commands of LaTeX's kernel, the article class, textcomp and hyperref that bib
# fields use. Anything else needs a definition.
TEXT_COMMANDS: Final = frozenset(
    # accents and letters
    "u v H c d b t k r i j ss SS o O ae AE oe OE aa AA l L dh DH th TH ng NG dj DJ "
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
# Fallbacks for commands of bibliography packages, logos and BibTeX tricks, given with
# \providecommand so that a document's own definition wins.
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
}
_DEFINED: Final = re.compile(
    r"\\(?:(?:re)?newcommand|providecommand|DeclareRobustCommand)\*?\s*\{?\s*\\([A-Za-z]+)"
    r"|\\(?:[gex]?def|let)\s*\\([A-Za-z]+)"
)


def defined_by(preamble: str) -> set[str]:
    """Command names an ``@preamble`` defines, e.g. ``{"noopsort"}``."""
    return {a or b for a, b in _DEFINED.findall(preamble)}


def fallback_definitions(used: set[str]) -> list[str]:
    r"""``\providecommand`` lines for the used commands that publist can define."""
    return [f"\\providecommand{{\\{name}}}{FALLBACKS[name]}" for name in sorted(used & FALLBACKS.keys())]
