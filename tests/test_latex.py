"""LaTeX in fields: one Unicode text for every spelling, and safe LaTeX for documents."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from publist.api import loads, render
from publist.config import Config
from publist.text import latex
from publist.text.richtext import Emph, Math, Strong, Tex, Text


@pytest.mark.parametrize(
    "spelling",
    ['Sch{\\"o}lkopf', 'Sch\\"{o}lkopf', 'Sch{\\"{o}}lkopf', 'Sch\\"olkopf', "Schölkopf"],
)
def test_every_accent_spelling_gives_the_same_text(spelling: str) -> None:
    assert latex.to_text(spelling) == "Schölkopf"


@pytest.mark.parametrize(
    ("tex", "text"),
    [
        ("Crank--Nicolson --- x", "Crank\u2013Nicolson \u2014 x"),
        ("A \\& B, 50\\%, \\$5, \\#1, x\\_1", "A & B, 50%, $5, #1, x_1"),
        ("{GAN}s and {{BERT}}", "GANs and BERT"),
        ("{\\v{S}}ediv{\\'y}, {\\O}ystein, \\ss{}, Erd\\H{o}s", "Šedivý, Øystein, ß, Erdős"),
        ("\\LaTeX{} and \\TeX", "LaTeX and TeX"),
        ("\\url{https://x.org/a_b} \\href{https://x.org}{site}", "https://x.org/a_b site"),
        ("\\mbox{A}B \\textsc{Sc}", "AB Sc"),
        ("100% done", "100% done"),
        ("\\textless{}b\\textgreater{}", "<b>"),
        ("line\\\\break", "line break"),
        ("``quoted'' a~b", "\u201cquoted\u201d a\u00a0b"),
    ],
)
def test_to_text(tex: str, text: str) -> None:
    assert latex.to_text(tex) == text


def test_emphasis_bold_and_math_stay_apart() -> None:
    assert latex.to_nodes("A \\emph{deep} {\\bf net} $x^2 < y$") == (
        Text("A "),
        Emph((Text("deep"),)),
        Text(" "),
        Strong((Text("net"),)),
        Text(" "),
        Math("$x^2 < y$"),
    )


def test_malformed_latex_falls_back_to_text() -> None:
    assert latex.to_text("\\href{x}") in ("", "x")  # no exception from the parser
    assert latex.to_text("{unbalanced \\'e") == "unbalanced é"


_PLAIN = st.lists(
    st.sampled_from(list("ab AZ{}-~`'!?.,:;()0\n\t%&#_^<>\"") + ["--", "---", "``", "''", "é"]),
    max_size=24,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(_PLAIN)
def test_fast_path_agrees_with_pylatexenc(text: str) -> None:
    """Fields without a backslash or $ skip the parser; the result must be the same."""
    slow = latex._tidy(latex._walk(latex._parse(text), latex._converter()))
    assert latex._plain(text) == "".join(n.text for n in slow if isinstance(n, Text))


@pytest.mark.parametrize(
    ("tex", "safe", "problems"),
    [
        ("Fish \\& Chips", "Fish \\& Chips", []),
        ("Fish & Chips", "Fish \\& Chips", ["unescaped '&' written as '\\&'"]),
        ("100% #1", "100\\% \\#1", ["unescaped '%' written as '\\%'", "unescaped '#' written as '\\#'"]),
        ("x_1 and $x_1$", "x\\_1 and $x_1$", ["unescaped '_' written as '\\_'"]),
        ("{unbalanced", None, ["unbalanced braces"]),
        ("unbalanced}", None, ["unbalanced braces"]),
        ("$x", None, ["unbalanced '$'"]),
        ("ends \\", None, ["ends in a lone backslash"]),
        ("\\input{/etc/passwd}", None, ["uses \\input, which publist does not pass on to LaTeX"]),
        ("\\immediate\\write18{rm -rf /}", None,
         ["uses \\immediate, which publist does not pass on to LaTeX"]),
        ('Sch{\\"o}lkopf \\emph{x}', 'Sch{\\"o}lkopf \\emph{x}', []),
    ],
)
def test_sanitize(tex: str, safe: str | None, problems: list[str]) -> None:
    assert latex.sanitize(tex) == (safe, problems)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_escaped_text_has_no_active_character(text: str) -> None:
    escaped = latex.escape(text)
    unescaped = escaped
    for seq in ("\\textbackslash{}", "\\textasciicircum{}", "\\textasciitilde{}", "\\textless{}",
                "\\textgreater{}", "\\textbar{}", "\\textdagger{}", "\\textdaggerdbl{}"):
        unescaped = unescaped.replace(seq, "")
    for c in "{}$&#^_%~\\":
        unescaped = unescaped.replace("\\" + c, "")
    assert not set(unescaped) & set("\\{}$&#^_%~")


_PIECES = st.sampled_from(
    ["a", "Zhe", " ", "  ", "\n", "-", "--", "---", "~", "``", "''", "`", "'", "!", "?", ".", ",",
     "{", "}", "{GAN}", "$x^2$", "$", "\\&", "\\%", "\\$", "\\_", "\\#", "\\{", "\\}", "\\ ", "\\,",
     "\\-", "\\\\", '\\"o', '\\"{o}', '{\\"o}', '\\" o', "\\'e", "\\'{\\i}", "\\'\\i", "\\c c",
     "\\v{S}", "\\H{o}", "\\k{a}", "\\r{a}", "\\b{a}", "\\d{a}", "\\u{g}", "\\=a", "\\.z", "\\^e",
     "\\~n", "\\`a", "\\ss", "\\ss{}", "\\o", "\\O", "\\ae", "\\AE", "\\oe", "\\aa", "\\l", "\\L",
     "\\i", "\\dh", "\\th", "\\ng", "\\TeX", "\\TeX{}", "\\LaTeX", "\\LaTeX{}", "\\BibTeX",
     "\\ldots", "\\textendash", "\\dag", "\\S", "\\copyright", "\\slash", "\\emph{", "\\textit{",
     "\\textbf{", "\\textsc{", "\\mbox{", "\\url{", "\\texttt{", "\\enquote{", "{\\em ", "{\\bf ",
     "{\\sc ", "{\\it ", "{\\tt ", "\\relax", "\\unknownmacro", "\\Unknown", "%", "\\em ",
     "\\bf ", "\\/", "\\cite{knuth}", "\\POSTSCRIPT", "\\TUB{}", "\\WEB",
     # what TUGboat's bibliographies write, which nothing decodes: shown as written
     "\\acro{", "\\acro{TUG}", "\\acro {GUST}", "\\Dash", "\\Dash ", "\\pkg{", "\\booktitle{",
     "\\thinspace", "\\thinspace ", "\\VAX", "\\VAX{}", "\\unknownmacro{x}", "\\kern", "\\begin{x}",
     "\\end{x}", "\\phantom{", "\\href{", "\\acroé", "\\Dash\u00a0", "\\thinspace\u00a0x", "\\pkgÜ{x}"]
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(_PIECES, max_size=14).map("".join))
def test_fast_path_agrees_with_pylatexenc_on_bib_latex(tex: str) -> None:
    """Fields with the LaTeX that bib files use skip pylatexenc; the nodes must be the same."""
    tex = re.sub(r"\s+", " ", tex)  # as the reader folds every field
    try:
        fast = latex._tidy(latex._fast(tex))
    except latex._Unsupported:
        return
    slow = latex._tidy(latex._walk(latex._parse(tex), latex._converter()))
    assert fast == slow
    unknown: list[str] = []
    latex._fast(tex, unknown)
    assert list(dict.fromkeys(unknown)) == list(dict.fromkeys(latex._unknown_in(latex._parse(tex))))


def test_the_fast_path_reads_typical_fields() -> None:
    for tex in ['Sch{\\"o}lkopf', "{\\em Deep} learning with {\\TeX} and \\LaTeX{}", "$O(n^2)$ time",
                "Erd\\H{o}s--R\\'enyi", "\\emph{In situ} 50\\%"]:
        latex._fast(tex)  # does not raise _Unsupported


# Titles of Beebe's tugboat.bib (Debian's texlive-bibtex-extra, the department benchmark's
# corpus): logo and markup macros that nothing decodes (\acro, \Dash, \pkg, \booktitle,
# \thinspace, \ssf, \VAX, \Xy ...), which both paths show as written and report
TUGBOAT = [
    r"Quo vadis {{\LaTeX(3) Team}}{\Dash}A look back and at the upcoming years",
    r'{{\booktitle{Die TeXnische Kom{\"o}die}}}: issue 4/2021--1/2022',
    r"{{\TeX} at Texas A\thinspace\&\thinspace M University}",
    r"How to typeset pretty diagram arrows with {\TeX} --- design decisions used in {\Xy-pic}",
    r"{An Overview of \pkg{EDMAC}: A {\plain} {\TeX} format for critical editions}",
    r"{{\ssf TIPA}: {A system for processing phonetic symbols in {\LaTeX}}}",
    r"\pgm{updmap} and \pgm{fmtutil}{\Dash}past and future changes (or: cleaning up the mess)",
    r"{25 Years of {\TeX} and \MF: Looking back and looking forward{\Dash}\acro{TUG}\,2003 keynote address}",
    r"{{\VAX}\slash VMS} site report",
    r"{{\acro{GUT}enberg\,2000{\Dash}{\LaTeX} and {\XML}: Cooperating with the Internet}}",
    r"\acro{AT}yp\acro{I} 2016 with \acro{GUST} participating",
]


@pytest.mark.parametrize("tex", TUGBOAT)
def test_commands_nothing_decodes_take_the_fast_path_as_pylatexenc_shows_them(tex: str) -> None:
    unknown: list[str] = []
    fast = latex._tidy(latex._fast(tex, unknown))  # does not raise _Unsupported
    nodes = latex._parse(tex)
    assert fast == latex._tidy(latex._walk(nodes, latex._converter()))
    reported = tuple(dict.fromkeys(latex._unknown_in(nodes)))
    assert reported and tuple(dict.fromkeys(unknown)) == reported == latex.undecoded(tex)


def test_a_field_the_fast_path_leaves_is_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # render shows a field (to_nodes) and reports what nothing decodes in it (undecoded)
    from pylatexenc import latexwalker

    parsed: list[str] = []
    walker = latexwalker.LatexWalker.__init__

    def counting(self: object, s: str, *args: object, **kwargs: object) -> None:
        parsed.append(s)
        walker(self, s, *args, **kwargs)

    monkeypatch.setattr(latexwalker.LatexWalker, "__init__", counting)
    tex = r"Kerning\kern1pt and \item a \fooBar"  # \item: pylatexenc's to read
    for cached in (latex.to_text, latex.to_nodes, latex.undecoded):
        cached.cache_clear()
    assert latex.to_text(tex) == r"Kerning\kern1pt and * a fooBar"
    assert latex.undecoded(tex) == ("kern", "fooBar")
    assert parsed == [tex]


# --- what Markdown and HTML show of LaTeX that pylatexenc alone does not decode (issue 17, item 18)


@pytest.mark.parametrize(
    ("tex", "text"),
    [
        (r"Circuits in NC{\^{}}1", "Circuits in NC^1"),
        # DBLP's record of arXiv 2007.15620, as its README cites it
        (r"Neural Modeling for Named Entities and Morphology (NEMO{\^{}}2)",
         "Neural Modeling for Named Entities and Morphology (NEMO^2)"),
        (r"NC\^{}1 and AC\^{}0", "NC^1 and AC^0"),
        (r"http://example.org/\~{}user", "http://example.org/~user"),
        (r"Bra\textcommabelow{s}ov, Ro\textcommabelow{t}u", "Brașov, Roțu"),
        (r"Bra\textcommabelow sov", "Brașov"),
        (r"{\textcommabelow{S}}tefan, \textcommabelow{T}", "Ștefan, Ț"),
        (r"\c{s} and \c{S}", "ş and Ş"),  # the cedilla, which Romanian text often has instead
        (r"Ro\textcommabelow{t}u with \'{e} and $x^2$ \foo", r"Roțu with é and $x^2$ \foo"),
    ],
)
def test_accents_that_pylatexenc_does_not_know_are_decoded(tex: str, text: str) -> None:
    assert latex.to_text(tex) == text


@pytest.mark.parametrize(
    ("field", "md", "html", "unknown"),
    [
        (r"\IEEEauthorrefmark{1} Deep nets", r"\\IEEEauthorrefmark\{1\} Deep nets",
         r"\IEEEauthorrefmark{1} Deep nets", "IEEEauthorrefmark"),
        (r"A \swap{bc} of letters", r"A \\swap\{bc\} of letters", r"A \swap{bc} of letters", "swap"),
        (r"The \acronym tool", r"The \\acronym tool", r"The \acronym tool", "acronym"),
    ],
)
def test_what_nothing_decodes_stays_visible_and_is_reported(field: str, md: str, html: str,
                                                            unknown: str) -> None:
    pubs, _ = loads(f"@misc{{k,\n  title = {{{field}}}\n}}", "refs.bib")
    message = (f"refs.bib:2: entry 'k', field 'title': \\{unknown} is not a command publist or "
               "pylatexenc can show as text; shown as written (define it in the bib's @preamble "
               "to hide it)")
    text, problems = render(pubs, Config(), "md")
    assert text == f"- **{md}**\n" and [str(p) for p in problems] == [message]
    text, problems = render(pubs, Config(), "html")
    assert f"<strong>{html}</strong>" in text and [str(p) for p in problems] == [message]


def test_a_command_the_preamble_hides_is_not_reported() -> None:
    pubs, _ = loads("@preamble{\"\\newcommand{\\swap}[1]{}\"}\n@misc{k, title = {A \\swap{bc} word}}")
    text, problems = render(pubs, Config(), "md", preambles=[Tex("\\newcommand{\\swap}[1]{}")])
    assert text == "- **A word**\n" and problems == []


# lab-cgal.bib (bibtex2html's input): \path|...| holds a path as written, ~ a tilde in it
VERBATIM = (r"Research Report MPI-I-2000-1-005, \path|www.mpi-sb.mpg.de/~mehlhorn/ftp/Infi_Frames.ps|"
            r" and \verb+x^2 {a}+ or \path{~me/a_b}")


def test_path_and_verb_show_their_text_as_code_in_markdown_and_html() -> None:
    pubs, _ = loads("@misc{k, title = {T}, note = {" + VERBATIM + "}}")
    md, problems = render(pubs, Config(), "md")
    assert problems == []
    assert ("Research Report MPI-I-2000-1-005, `www.mpi-sb.mpg.de/~mehlhorn/ftp/Infi_Frames.ps`"
            " and `x^2 {a}` or `~me/a_b`") in md
    html, problems = render(pubs, Config(), "html")
    assert problems == []
    assert ("<code>www.mpi-sb.mpg.de/~mehlhorn/ftp/Infi_Frames.ps</code> and <code>x^2 {a}</code>"
            " or <code>~me/a_b</code>") in html
    typ, _ = render(pubs, Config(), "typst")
    assert '#raw("www.mpi-sb.mpg.de/~mehlhorn/ftp/Infi_Frames.ps")' in typ
    assert latex.to_text(VERBATIM).endswith("Infi_Frames.ps and x^2 {a} or ~me/a_b")


def test_a_code_span_holds_backticks() -> None:
    pubs, _ = loads("@misc{k, title = {T}, note = {\\verb|a`b| \\path|`x|}}")
    md, _ = render(pubs, Config(), "md")
    assert "``a`b`` `` `x ``" in md


# NASA ADS writes HTML's entities as macros: Chariklo{\rsquo}s (cv-breytenbach.bib)
def test_ads_quote_macros_are_quotes_in_every_format() -> None:
    pubs, _ = loads("@article{k, title = \"{The Structure of Chariklo{\\rsquo}s Rings, "
                    "{\\ldquo}a{\\rdquo} {\\lsquo}b{\\rsquo}}\", journal = {AJ}}")
    for fmt in ("md", "html", "typst"):
        text, problems = render(pubs, Config(), fmt)
        assert problems == [], fmt
        assert "Chariklo’s Rings, “a” ‘b’" in text, fmt
    _tex, problems = render(pubs, Config(), "latex")
    assert problems == []
    assert r"\providecommand{\rsquo}{'}" in render(pubs, Config(), "latex", standalone=True)[0]
