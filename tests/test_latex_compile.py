"""The LaTeX output compiles with a real pdflatex, in the document a user would write.

Runs Debian's TeX Live (installed by .ci/run); if pdflatex is missing the test fails and
says so. The fragment goes into a CV that loads only what a CV loads (article, T1, utf8,
hyperref: no amssymb, no catch-all for other scripts), and ``--standalone`` must compile on
its own. The tables that decide what may be written (characters pdflatex sets, kernel math
commands, fallbacks) are checked here against pdflatex itself.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from publist.api import loads, preambles_of, read, render
from publist.config import Config
from publist.config import load as load_config
from publist.papers import publication
from publist.text import latex, texcommands

from conftest import DATA, ROOT

ENCODINGS = {"IEEEabrv.bib": "latin-1", "jbtest.bib": "latin-1", "musuos-bsp.bib": "latin-1",
             "bibtexparser-gbk_test.bib": "gbk"}
HEAD = r"""\documentclass{article}
\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage{hyperref}
"""
CV = HEAD + r"""\begin{document}
\section*{Zhewei Yao}
\subsection*{Publications}
\input{publications.tex}
\end{document}
"""
BIBS = (
    [("refs.bib", ROOT / "refs.bib", "config")]
    + [(p.name, p, None) for p in sorted((DATA / "realworld").glob("*.bib"))]
    + [(p.name, p, None) for p in sorted((DATA / "render").glob("*.bib"))]
)


def _pdflatex() -> str:
    found = shutil.which("pdflatex")
    if found is None:
        pytest.fail("pdflatex is not installed; .ci/run installs Debian's texlive-latex-base")
    return found


def compile_errors(folder: Path, name: str, text: str) -> list[str]:
    """pdflatex's error lines for a document (``[]`` when it compiles)."""
    (folder / f"{name}.tex").write_text(text, encoding="utf-8")
    subprocess.run(
        [_pdflatex(), "-interaction=nonstopmode", "-no-shell-escape", f"{name}.tex"],
        cwd=folder, capture_output=True, timeout=300, check=False,
    )
    log = (folder / f"{name}.log").read_text(encoding="latin-1").splitlines()
    errors = [line for line in log if line.startswith("!")]
    assert errors or (folder / f"{name}.pdf").stat().st_size > 1000
    return errors


@pytest.mark.parametrize(("name", "path", "config"), BIBS, ids=[b[0] for b in BIBS])
def test_latex_output_compiles(name: str, path: Path, config: str | None, tmp_path: Path) -> None:
    cfg = load_config(ROOT / "config.toml") if config else Config()
    bib = read(path, ENCODINGS.get(name))
    pubs, _ = publication.load(bib)
    fragment, problems = render(pubs, cfg, "latex", preambles=preambles_of(bib))
    assert all(p.line is not None for p in problems)
    (tmp_path / "publications.tex").write_text(fragment, encoding="utf-8")
    assert compile_errors(tmp_path, "cv", CV) == [], name
    page, _ = render(pubs, cfg, "latex", standalone=True, preambles=preambles_of(bib))
    assert compile_errors(tmp_path, "standalone", page) == [], name
    untypeset = [str(p) for p in problems if "cannot be typeset by pdflatex" in str(p)]
    if name in ("pybtex-cyrillic.bib", "bibtexparser-gbk_test.bib"):
        assert untypeset, "the other scripts of this file are reported"


UNICODE_TITLES = r"""@preamble{"\newcommand{\noopsort}[1]{}"}
@misc{greek, title = {$\beta$-VAE and β-VAE: ε ≤ 1, ∞ − 1, f′, ✓}, author = {Yao, Zhewei}}
@misc{scripts, title = {Нейронные сети and 神经网络}, author = {Yao, Zhewei}}
@misc{decomposed, title = {Résumé of Brézis}, author = {Yao, Zhewei}}
@misc{ams, title = {Learning in $\mathbb{R}^n$ with $\boldsymbol{x}$, $\text{loss} \lesssim \epsilon$},
  author = {{\noopsort{a}}Yao, Zhewei}}
@misc{undefined, title = {A $\mathsf{X}$ and $\foo{x}$ title}, author = {Yao, Zhewei}}
"""


def test_unicode_and_ams_math_compile_in_a_plain_cv_and_standalone(tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(UNICODE_TITLES, encoding="utf-8")
    pubs, _ = loads(UNICODE_TITLES, str(bib))
    preambles = preambles_of(read(bib))
    fragment, problems = render(pubs, Config(), "latex", preambles=preambles)
    messages = [str(p) for p in problems]
    assert messages == [
        (f"{bib}:3: entry 'scripts', field 'title': 'Нейронысти神经网络' cannot be typeset by "
         "pdflatex with its default fonts; written as '?'"),
        (f"{bib}:7: entry 'undefined', field 'title': uses \\foo in math, which LaTeX does not "
         "define (load its package in your document, or define it in the bib's @preamble); "
         "written as plain text"),
    ]
    assert r"\ensuremath{\beta}-VAE" in fragment and "Résumé of Brézis" in fragment
    assert fragment.startswith("\\providecommand{\\noopsort}[1]{}\n")
    assert fragment.count("command{\\noopsort}") == 1  # the preamble's; no fallback beside it
    (tmp_path / "publications.tex").write_text(fragment, encoding="utf-8")
    # a CV that defines \noopsort itself and inputs the list twice
    twice = CV.replace("\\begin{document}", "\\newcommand{\\noopsort}[1]{}\n\\begin{document}")
    twice = twice.replace("\\input{publications.tex}", "\\input{publications.tex}\n\\input{publications.tex}")
    assert compile_errors(tmp_path, "cv", twice) == []
    page, _ = render(pubs, Config(), "latex", standalone=True, preambles=preambles)
    assert "\\usepackage{amsmath,amssymb}" in page
    assert compile_errors(tmp_path, "standalone", page) == []


def test_every_character_publist_writes_for_pdflatex_compiles(tmp_path: Path) -> None:
    blocks = [(0xA0, 0x250), (0x370, 0x400), (0x400, 0x460), (0x1E00, 0x1F00), (0x2000, 0x2070),
              (0x20A0, 0x20C0), (0x2100, 0x2300), (0x2300, 0x2400), (0x25A0, 0x2600),
              (0x2700, 0x27C0), (0x4E00, 0x4E10), (0xFB00, 0xFB07), (0x1D400, 0x1D420)]
    lines = []
    written = missing = 0
    for low, high in blocks:
        for code in range(low, high):
            char = chr(code)
            if unicodedata.category(char) in ("Cc", "Cn", "Cs", "Co", "Zl", "Zp", "Mn", "Me"):
                continue
            tex, lost = latex.for_pdflatex(latex.escape(char))
            assert lost in ("", unicodedata.normalize("NFC", char))
            assert all(texcommands.typesets(c) for c in tex)
            if lost:
                missing += 1
                continue
            written += 1
            lines.append(f"% U+{code:04X}\nx{tex}x\\par")
    assert written > 600 and missing > 100  # most of these blocks, not all of them
    for c in "β≤∞−′é–“✓":
        assert not latex.for_pdflatex(c)[1], c
    fallbacks = texcommands.fallback_definitions(set(re.findall(r"\\([A-Za-z]+)", "".join(lines))))
    text = HEAD + "".join(f"{d}\n" for d in fallbacks) + "\\begin{document}\n" + "\n".join(lines)
    assert compile_errors(tmp_path, "chars", text + "\n\\end{document}\n") == []


MATH_FALLBACKS = set(
    "text mathbb boldsymbol bm mathfrak mathscr operatorname dfrac tfrac binom varnothing leqslant "
    "geqslant lesssim gtrsim coloneqq lvert rvert lVert rVert".split()
)


def _use(name: str) -> str:
    """A use of a fallback: with its arguments, if it takes any."""
    arguments = re.match(r"\[(\d)\]", texcommands.FALLBACKS[name])
    count = int(arguments.group(1)) if arguments else 0
    if name in ("dfrac", "tfrac"):
        count = 2
    return f"\\{name}" + "{x}" * count + ("" if count else "{}")


def test_kernel_math_and_the_fallbacks_compile_without_packages(tmp_path: Path) -> None:
    delimited = {"left": r"\left(x\right)", "right": r"\left(x\right)", "middle": r"\left(x\middle|y\right)"}
    lines = []
    for name in sorted(texcommands.KERNEL_MATH):
        if name in delimited:
            lines.append(f"${delimited[name]}$\\par")
        elif name in ("limits", "nolimits"):
            lines.append(f"$\\sum\\{name}_x$\\par")
        elif re.fullmatch(r"[Bb]igg?[lr]?", name):
            lines.append(f"$\\{name}(x\\{name})$\\par")
        else:
            lines.append(f"$\\{name}{{x}}{{y}}$\\par")
    fallbacks = texcommands.fallback_definitions(set(texcommands.FALLBACKS))
    uses = [f"${_use(name)}$\\par" if name in MATH_FALLBACKS else f"{_use(name)}\\par"
            for name in sorted(texcommands.FALLBACKS)]
    body = "\\begin{document}\n" + "\n".join(lines + uses) + "\n\\end{document}\n"
    preamble = "\n".join(fallbacks) + "\n"
    assert compile_errors(tmp_path, "plain", HEAD + preamble + body) == []
    with_ams = HEAD + "\\usepackage{amsmath,amssymb}\n" + preamble + body
    assert compile_errors(tmp_path, "ams", with_ams) == []


def test_fields_that_cannot_compile_are_reported_with_their_line() -> None:
    path = DATA / "render" / "hostile.bib"
    bib = read(path)
    pubs, _ = publication.load(bib)
    _, problems = render(pubs, Config(), "latex")
    messages = [str(p) for p in problems]
    assert f"{path}:19: entry 'unbalanced', field 'title': unbalanced braces; written as plain text" in messages
    assert (f"{path}:21: entry 'unbalanced', field 'note': uses \\input, which publist does not pass "
            "on to LaTeX; written as plain text") in messages
    assert f"{path}:4: entry 'hostile', field 'title': unescaped '&' written as '\\&'" in messages


def test_a_grouped_numbered_cv_with_a_legend_compiles(tmp_path: Path) -> None:
    """The README's CV: kinds as subsections, numbered [18] down to [1], the legend after."""
    cfg = load_config(ROOT / "config.toml")
    cfg = cfg.with_render({"group_by": "type", "numbering": "descending", "number_across_groups": True,
                           "legend": True, "max_authors": 6}, "test")
    bib = read(ROOT / "refs.bib")
    pubs, _ = publication.load(bib)
    fragment, problems = render(pubs, cfg, "latex", preambles=preambles_of(bib))
    assert problems == []
    assert fragment.index("\\subsection*{Conference papers}") < fragment.index("\\subsection*{Preprints}")
    assert "\\item[{[18]}]" in fragment and "\\item[{[1]}]" in fragment
    assert fragment.endswith("\\begin{flushleft}\\small\n* Equal contribution\n\\end{flushleft}\n")
    (tmp_path / "publications.tex").write_text(fragment, encoding="utf-8")
    assert compile_errors(tmp_path, "cv", CV) == []


def test_a_csl_style_compiles(tmp_path: Path) -> None:
    cfg = load_config(ROOT / "config.toml").with_render({"style": "apa"}, "test")
    bib = read(ROOT / "refs.bib")
    pubs, _ = publication.load(bib)
    fragment, problems = render(pubs, cfg, "latex", preambles=preambles_of(bib))
    assert problems == []
    (tmp_path / "publications.tex").write_text(fragment, encoding="utf-8")
    assert compile_errors(tmp_path, "cv", CV) == []


# Fields in the shapes real files hold (DBLP's \(...\) math, ADS and hand-typed accents, CV
# macros), each of which stopped pdflatex or was written wrongly: none may stop a document.
NASTY = [
    r"Improved Bounds for \(k\)-Means and \(k^{0}\)-Median",  # DBLP
    r"Sum-of-Squares for \(\ell_p\) Norms and \[x^2_1\] in display",
    r"Caf\'\.{e} with a malformed accent",
    r"NC{\^{}}1 circuits and \~{}users",
    r"Ro\textcommabelow{t}u and Bra\textcommabelow s",
    r"An accent with nothing: {\'}",
    r"A bare \textbf",
    r"\textbf\emph{nested} without braces",
    r"A norm a\|b in text",
    r"Unclosed \(math",
    r"Closed\) but never opened",
    r"Mixed \(a$b\) delimiters",
    r"\kern x and \hspace{wide}",
    r"\raisebox{up}{x}",
    r"\char x",
    r"\\ A forced break first",
    r"\newline and a break first",
    r"Gr\"{\i}n, \v{S}koda, \c{c}, \k{a}, \H{o}, \r{a}, \t{oo}, \u\i",
    r"x^2_1 & 50% #1 ~ trailing \\",
    r"\emph{a \textsuperscript}",
]


def test_no_field_stops_a_4400_entry_document(tmp_path: Path) -> None:
    good = "@article{{g{n}, title = {{Paper {n}: Sch{{\\\"o}}lkopf's $O(n^2)$ bound}}, author = {{Yao, Zhewei}}, journal = {{J}}, year = 2020}}\n"
    bad = "@article{{b{n}, title = {{{t}}}, author = {{Yao, Z.}}, journal = {{{t}}}, note = {{{t}}}, year = 2021}}\n"
    text = "".join(bad.format(n=n, t=NASTY[n // 10 % len(NASTY)]) if n % 10 == 0 else good.format(n=n)
                   for n in range(4400))
    pubs, _ = loads(text, "big.bib")
    assert len(pubs) == 4400
    fragment, problems = render(pubs, Config(), "latex")
    (tmp_path / "publications.tex").write_text(fragment, encoding="utf-8")
    assert compile_errors(tmp_path, "cv", CV) == []
    assert fragment.count(r"\item ") == 4400
    reported = {p.message.split(": ", 1)[0] for p in problems if "plain text" in p.message}
    # math in \(...\), accents on nothing, \textcommabelow, a break and escapes compile as they are
    cannot = {2, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 19}
    for n, field in enumerate(NASTY):
        assert (f"entry 'b{n * 10}', field 'title'" in reported) == (n in cannot), field


@pytest.mark.parametrize(
    ("title", "shown"),
    [(r"Improved Bounds for \(k\)-Means and \(k^{0}\)-Median", r"\(k\)-Means and \(k^{0}\)-Median"),
     (r"\(\ell_p\) and \[x^2_1\]", r"\(\ell_p\) and \[x^2_1\]"),
     (r"Ro\textcommabelow{t}u", r"Ro\textcommabelow{t}u")],
)
def test_math_in_parentheses_is_math_in_latex(title: str, shown: str) -> None:
    pubs, _ = loads(f"@misc{{k, title = {{{title}}}}}")
    fragment, problems = render(pubs, Config(), "latex")
    assert shown in fragment and problems == []


def test_math_in_titles_and_notes_stays_math_and_compiles(tmp_path: Path) -> None:
    """Issue 17's item 16 and the wild corpus's item 13: ``\\(x_i^2\\)`` came out as
    ``\\(x\\_i\\^{}2\\)``; every delimiter, in a title and in a note."""
    bib = (r"@misc{k, author = {Yao, Zhewei}, year = 2020,"
           r" title = {A \(x_i^2\) and \[y_j^{3}\] and $z_k^4$, 50\% of $a_{1}$},"
           r" note = {Note \(x_i^2\), \[b_2^{n}\], $c_3^2$}}")
    pubs, _ = loads(bib)
    fragment, problems = render(pubs, Config(), "latex")
    assert problems == []
    assert r"\textbf{A \(x_i^2\) and \[y_j^{3}\] and $z_k^4$, 50\% of $a_{1}$}" in fragment
    assert r"Note \(x_i^2\), \[b_2^{n}\], $c_3^2$" in fragment
    (tmp_path / "publications.tex").write_text(fragment, encoding="utf-8")
    assert compile_errors(tmp_path, "cv", CV) == []


# cv-arnold.bib: "Ba\uE03Clefield" (a PDF's "tt" ligature, pasted); and a symbol font's glyph
@pytest.mark.parametrize("char", ["\ue03c", "\uf0b7", "\U000f0001"])
def test_a_private_use_character_is_reported_in_every_format_and_never_stops_latex(
        char: str, tmp_path: Path) -> None:
    title = f"Financial Market Reactions to Ba{char}lefield Events"
    pubs, _ = loads("@article{k,\n  author = {Arnold, Jeffrey B.},\n  title = {" + title + "},\n"
                    "  journal = {J}, year = 2015}")
    for fmt in ("md", "html", "typst"):
        text, problems = render(pubs, Config(), fmt)
        assert title.replace(char, "") not in text  # shown as it is, not dropped
        assert [str(p) for p in problems] == [
            (f"refs.bib:3: entry 'k', field 'title': holds U+{ord(char):04X}, a private-use character "
            "that no font shows as a letter (a PDF's ligature or a symbol font's glyph, copied as "
            "text); shown as it is: replace it with the letters it stands for")], fmt
    fragment, problems = render(pubs, Config(), "latex")
    assert [str(p) for p in problems] == [
        (f"refs.bib:3: entry 'k', field 'title': '{char}' cannot be typeset by pdflatex with its "
        "default fonts; written as '?'")]
    (tmp_path / "publications.tex").write_text(fragment, encoding="utf-8")
    assert compile_errors(tmp_path, "cv", CV) == []
