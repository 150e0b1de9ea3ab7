"""``--format typst``: a list that a CV written in Typst ``#include``s.

Every test compiles what publist writes with the Typst compiler itself (the ``typst``
package, in-process) and reads the PDF back: the escaping is proven by the compiler, not by
comparing strings with what we think Typst does.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from publist import cli
from publist.api import loads, preambles_of, read, render
from publist.config import Config, Person, RenderOptions
from publist.config import load as load_config
from publist.formats.typst import escape, math, string
from publist.model import Diagnostic
from publist.papers import publication
from publist.text import latex

from conftest import DATA, ROOT
from typstcheck import PAGE, compile_lists, compile_main, words

ENCODINGS = {"IEEEabrv.bib": "latin-1", "jbtest.bib": "latin-1", "musuos-bsp.bib": "latin-1",
             "bibtexparser-gbk_test.bib": "gbk"}


# --- escaping ---------------------------------------------------------------------------

ESCAPED = [
    # code, math, references, labels, raw, content, emphasis: always
    ('#read("/etc/passwd")', '\\#read(\\"/etc/passwd\\")'),
    ('#import "x.typ": *', '\\#import \\"x.typ\\": \\*'),
    ("$5 and $6", "\\$5 and \\$6"),
    ("@key and a@b.org", "\\@key and a\\@b.org"),
    ("<label> a > b", "\\<label> a > b"),
    ("*bold* _emph_ `raw` [x] ~", "\\*bold\\* \\_emph\\_ \\`raw\\` \\[x\\] \\~"),
    ("'single' \"double\" O'Brien", "\\'single\\' \\\"double\\\" O\\'Brien"),
    ("back\\slash \\u{41}", "back\\\\slash \\\\u{41}"),
    # comments, and the links that http:// would start
    ("a // b /* c */", "a \\// b \\/\\* c \\*\\/"),
    ("see https://x.org/a(b", "see https:\\//x.org/a(b"),
    ("a/b and a / b", "a/b and a / b"),
    ("ends with /", "ends with \\/"),
    # shorthands: dashes, minus, ellipsis; but not inside words and numbers
    ("Q-BERT, 621-639, x-1, well-known", "Q-BERT, 621-639, x-1, well-known"),
    ("a - b, a -1, --, ---, -?, a--b, ends-", "a \\- b, a \\-1, \\-\\-, \\-\\-\\-, \\-?, a\\-\\-b, ends\\-"),
    ("et al. ... x....y", "et al. \\... x\\...\\.y"),
    ("ends..", "ends\\.\\."),
    # what starts a heading or a list at the start of a line or of [...]
    ("= heading", "\\= heading"),
    ("== heading", "\\== heading"),
    ("- bullet", "\\- bullet"),
    ("+ item", "\\+ item"),
    ("/ term: x", "\\/ term: x"),
    ("1. item", "1\\. item"),
    ("2019. A year", "2019\\. A year"),
    ("  - indented", "  \\- indented"),
    # what would continue a function call written just before: #strong[x](y), #strong[x].y
    ("(1)", "\\(1)"),
    (".field", "\\.field"),
    ("; and more", "\\; and more"),
    ("a (1) b.c; d", "a (1) b.c; d"),
    # line breaks are spaces: a field is one line
    ("two\nlines\r\n= x", "two lines  = x"),
    # nothing else
    ("Schölkopf & Smola: 50% off {x} | y ^ 2", "Schölkopf & Smola: 50% off {x} | y ^ 2"),
]


@pytest.mark.parametrize(("text", "expected"), ESCAPED, ids=[t for t, _ in ESCAPED])
def test_escape_puts_a_backslash_only_where_typst_would_read_markup(text: str, expected: str) -> None:
    assert escape(text) == expected


def test_escaped_texts_compile_and_show_as_written(tmp_path: Path) -> None:
    """Each text at the start of a list item, of a continuation line, of ``#strong[...]`` and
    right after it (a call's ``]``), as the list places them."""
    texts = [text for text, _ in ESCAPED]
    lines = []
    for text in texts:
        e = escape(text)
        lines.append(f"- {e} \\\n  {e} #strong[{e}]{e}\n")
    compiled = compile_lists(tmp_path, {"escaped": "".join(lines)})
    assert compiled.warnings == []
    shown = compiled.text.splitlines()[1:]  # after the heading
    expected = []
    for text in texts:
        one = text.replace("\r\n", " ").replace("\n", " ")
        expected += ["• " + words(one), words(one + " " + one + one)]
    assert [words(line) for line in shown] == expected


def test_strings_escape_quotes_backslashes_and_control_characters() -> None:
    assert string('https://x.org/a"b\\c\x07') == '"https://x.org/a\\"b\\\\c\\u{7}"'


# Characters that Typst's built-in fonts have and pypdf reads back as themselves (checked once
# for every character of these blocks: Latin, Greek, Cyrillic, punctuation, currency, arrows,
# mathematical operators; two operators come back with a stray ϲ, U+205F as a space).
_BLOCKS = [(0x20, 0x7F), (0xA0, 0x250), (0x370, 0x400), (0x400, 0x500), (0x1E00, 0x1F00),
           (0x2010, 0x2060), (0x20A0, 0x20BB), (0x2190, 0x2300)]
_SHOWN = st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs"),
                       exclude_characters="\u205f\u2247\u22ac").filter(
    lambda c: any(a <= ord(c) < b for a, b in _BLOCKS))
_MARKUP = st.sampled_from(["//", "/*", "*/", "...", "--", "---", "-?", "-1", "http://", "https://x.org",
                           "= ", "- ", "+ ", "/ ", "1. ", "#", "#x", "$", "@a", "<a>", "\\", "\\u{41}",
                           "`", "*", "_", "[", "]", "(", ".", ";", "'", '"', "~", " ", "h"])
_TEXT = st.lists(st.one_of(_MARKUP, _SHOWN), max_size=12).map("".join)
# Each example is a compilation (about 50 ms); a longer pass: PUBLIST_TYPST_EXAMPLES=2000 pytest ...
_PROPERTY = settings(max_examples=int(os.environ.get("PUBLIST_TYPST_EXAMPLES", "40")), deadline=None,
                     suppress_health_check=[HealthCheck.too_slow])


@_PROPERTY
@given(st.lists(_TEXT, min_size=1, max_size=8))
def test_any_text_compiles_and_shows_as_written(texts: list[str]) -> None:
    """Texts side by side, as the list writes them: at the start of an item, one after the
    other (the edges of a text must not combine with the next one's), inside and after
    ``#strong[...]`` and ``#link(...)[...]``."""
    import tempfile

    calls = ["{}", "#strong[{}]", '#link("https://x.org")[{}]', "#emph[{}]"]
    body = "".join(calls[n % len(calls)].format(escape(t)) for n, t in enumerate(texts))
    with tempfile.TemporaryDirectory() as folder:
        compiled = compile_lists(Path(folder), {"texts": f"- {body}\n"})
    assert words(compiled.text) == words("texts • " + "".join(texts))


# --- fields, through the whole pipeline ----------------------------------------------------

_TEX = st.lists(st.one_of(_MARKUP, _SHOWN, st.sampled_from(
    ["{", "}", "\\emph{", "\\textbf{", "\\'e", '\\"o', "\\&", "\\%", "\\$", "--", "~", "$x^2$",
     "$\\alpha$", "\\url{https://x.org/a}", "\\href{https://x.org}{x}", "\\foo", "$"])),
    max_size=16).map("".join)


@_PROPERTY
@given(st.lists(_TEX, min_size=1, max_size=6))
@example(["/*\\--"])  # found by hypothesis: the soft hyphen before '-' stays in the PDF's text
def test_any_field_compiles_and_shows_its_text(titles: list[str]) -> None:
    """Titles (any LaTeX, any markup) in one list: it compiles, and each title without math
    shows as the Markdown and HTML outputs show it (LaTeX decoded to Unicode). An accent that
    Unicode has no precomposed letter for (a breve on a digit) is only compiled: the PDF maps
    each glyph to one text, so pypdf reads the digit's other uses with the accent too."""
    import tempfile

    entries = "".join(
        f"@misc{{k{n}, title = {{{t}}}, author = {{Doe, Jane}}, note = {{{t}}}}}\n"
        for n, t in enumerate(titles))
    pubs, _ = loads(entries)
    text, _ = render(pubs, Config(render=RenderOptions(sort="file", merge_preprints=False)), "typst")
    with tempfile.TemporaryDirectory() as folder:
        compiled = compile_lists(Path(folder), {"fields": text})
    # an invisible soft hyphen (\-) before a hyphen stays in the PDF's text, not on the page
    shown = words(compiled.text.replace("\xad", ""))
    if any(_combining(latex.to_text(pub.fields.get(f, ""))) for pub in pubs for f in ("title", "note")):
        return
    for pub in pubs:
        if not any(m in pub.title for m in ("$", "\\(", "\\[")):
            assert words(latex.to_text(pub.title).replace("\xad", "")) in shown  # \- is invisible


def _combining(text: str) -> bool:
    import unicodedata

    return any(unicodedata.category(c).startswith("M") for c in unicodedata.normalize("NFC", text))


# --- the lists publist writes -------------------------------------------------------------

def test_typst_markup_in_fields_stays_text(tmp_path: Path, golden) -> None:
    """tests/data/typst/markup.bib: code, comments, references, labels, emphasis and
    line-start markers in every field; the document could read secret.txt if a field ran.
    What publist writes for it is the golden file markup.typ."""
    bib = DATA / "typst" / "markup.bib"
    pubs, problems = loads(bib.read_text(encoding="utf-8"), str(bib))
    text, _ = render(pubs, Config(render=RenderOptions(names="full")), "typst")
    golden(bib.with_suffix(".typ"), text)
    (tmp_path / "secret.txt").write_text("SECRET\n")
    compiled = compile_lists(tmp_path, {"markup": text})
    assert compiled.warnings == []
    shown = words(compiled.text.replace("\xad", ""))
    assert "SECRET" not in shown
    for value in ('#read("secret.txt") and #import "x.typ": * and #let x = 1; #x and #1 + 1',
                  "Jane Doe#1, Pat O'Brien, @ref, <lbl>",
                  "#set text(red) Journal of `raw` Things 1 // 2 (/* no comment */), 1–2, 2024",
                  ("@key, <label>, *bold*, _emph_, $5 and $6, [content], \u00a0tilde, "
                  'http://example.org/a(b, https://example.org/"q"'),
                  ("Dashes - – — -? -1 a -1 x-1, dots . .. ... .... ....., quotes 'a' \"b\" `c`, "
                  "backslash \\ and \\u{41}"),
                  "= not a heading", "- not a bullet", "+ not a numbered item",
                  "/ not a term: at all", "1. not a list either", "== nor a heading",
                  "(*/ an unopened comment)"):
        assert words(value) in shown
    # the one link: its quotes and backslash percent-encoded; javascript: and data: refused
    assert compiled.links() == ["https://example.org/a%22b%5Cc?q=1&r=%3C2%3E#frag"]
    refused = [str(p) for p in problems if "is not an http(s) or relative URL" in str(p)]
    assert [r.split(": entry ")[1][:32] for r in refused] == [
        "'typst-code', field 'code': 'jav", "'typst-code', field 'pdf': 'data"]


def _seed() -> tuple[list[publication.Publication], Config]:
    pubs, _ = publication.load(read(ROOT / "refs.bib"))
    return pubs, load_config(ROOT / "config.toml")


ARRANGEMENTS = {
    "plain": {},
    "types-descending-across-legend": {"group_by": "type", "numbering": "descending",
                                       "number_across_groups": True, "legend": True},
    "years-ascending": {"group_by": "year", "numbering": "ascending"},
    "types-descending-per-group": {"group_by": "type", "numbering": "descending"},
    "authors-year-max3": {"year": "authors", "max_authors": 3, "sort": "date"},
    "venue-year-full-names": {"year": "venue", "names": "full", "links": ["*"]},
    "apa": {"style": "apa", "legend": True},
    "ieee-years": {"style": "ieee", "group_by": "year"},
}


def test_the_seed_list_compiles_in_every_arrangement(tmp_path: Path) -> None:
    pubs, config = _seed()
    config = config._replace(owner_url="https://example.org/zhewei", people=(
        Person(("Amir Gholami",), "underline", mark="†"),
        Person(("Michael W. Mahoney",), "italic", url="https://example.org/mahoney")))
    lists = {}
    for name, options in ARRANGEMENTS.items():
        text, problems = render(pubs, config.with_render(options, name), "typst")
        assert problems == [], name
        lists[name] = text
    compiled = compile_lists(tmp_path, lists)
    assert compiled.warnings == []
    shown = compiled.text
    assert shown.count("PyHessian: Neural Networks Through the Lens of the Hessian") == len(lists)
    assert "“PyHessian: Neural Networks Through the Lens of the Hessian”" in shown  # IEEE quotes it
    assert "[18] A hybrid adaptive MCMC algorithm in function spaces" in shown  # across groups
    assert "[3] A hybrid adaptive MCMC algorithm in function spaces" in shown  # per group
    assert "* Equal contribution" in shown  # the legend
    assert "Z. Yao, A. Gholami†, K. Keutzer, et al. (2019)" in shown
    assert "Zhewei Yao, Amir Gholami†, Kurt Keutzer, Michael W. Mahoney" in shown
    assert "#underline[A. Gholami]†" in lists["plain"]
    assert "#link(\"https://example.org/zhewei\")[#strong[Yao, Z.]], #underline[Gholami, A.]†" in lists["apa"]
    assert '#link("https://example.org/mahoney")[#emph[M. W. Mahoney]]' in lists["plain"]
    assert '#link("https://example.org/zhewei")[#strong[Z. Yao]]' in lists["plain"]
    for heading in ("Journal articles", "Conference papers", "Preprints", "2019", "2016"):
        assert f"\n{heading}\n" in shown
    links = compiled.links()
    assert "https://example.org/zhewei" in links and "https://arxiv.org/abs/1912.07145" in links


def test_a_cv_includes_the_list_twice_and_keeps_its_own_lists(tmp_path: Path) -> None:
    """The numbered style stays inside the list: the CV's own numbered list after it counts
    1., 2. as before."""
    pubs, config = _seed()
    text, _ = render(pubs, config.with_render(
        {"group_by": "type", "numbering": "descending", "legend": True}, "test"), "typst")
    (tmp_path / "pubs.typ").write_text(text, encoding="utf-8")
    (tmp_path / "cv.typ").write_text(
        PAGE + '= Zhewei Yao\n\n== Publications\n\n#include "pubs.typ"\n\n'
        "== Selected again\n\n#include \"pubs.typ\"\n\n== Teaching\n\n+ First course\n+ Second course\n",
        encoding="utf-8")
    compiled = compile_main(tmp_path, "cv.typ")
    assert compiled.warnings == []
    assert compiled.text.count("[3] A hybrid adaptive MCMC algorithm in function spaces") == 2
    assert compiled.text.endswith("Teaching\n1. First course\n2. Second course")


FILES = [(folder, p) for folder in ("realworld", "exports", "render", "typst")
         for p in sorted((DATA / folder).glob("*.bib"))]


def test_every_real_world_exported_and_golden_case_file_compiles(tmp_path: Path) -> None:
    """Every file of tests/data/realworld/, tests/data/exports/, the golden cases of
    tests/data/render/ (with their configs) and tests/data/typst/, one list each, in one
    document; every title without math is in the PDF as the other formats show it."""
    lists = {}
    titles: dict[str, list[str]] = {}
    every = Config(render=RenderOptions(merge_preprints=False))  # one item per entry
    for folder, path in FILES:
        bib = read(path, ENCODINGS.get(path.name))
        pubs, _ = publication.load(bib)
        name = f"{folder}-{path.stem}"
        config = path.with_suffix(".toml")
        own = load_config(config).with_render({"merge_preprints": False}, "test") if config.exists() else every
        text, problems = render(pubs, own, "typst", preambles=preambles_of(bib))
        assert all(p.line is not None for p in problems), name
        lists[name] = text
        # soft hyphens (\-) are invisible in the PDF, as they should be
        titles[name] = [latex.to_text(p.title).replace("\xad", "") for p in pubs
                        if "$" not in p.title and "\\(" not in p.title]
    compiled = compile_lists(tmp_path, lists)
    assert compiled.warnings == []
    shown = words(compiled.text.replace("\xad", ""))
    missing = [(name, t) for name, ts in titles.items() for t in ts if words(t) not in shown]
    assert missing == []
    assert sum(len(t) for t in titles.values()) > 500


# --- LaTeX math --------------------------------------------------------------------------

MATH = [
    ("$x^2$", "$x^(2)$", "𝑥2"),
    ("$\\alpha_i$", "$α_(i)$", "𝛼𝑖"),
    ("\\(O(n \\log n)\\)", "$O \\( n log n \\)$", "𝑂(𝑛 log 𝑛)"),
    ("$\\{0,1\\}^n$", "$\\{ 0 \\, 1 \\}^(n)$", "{0, 1}𝑛"),
    ("$\\mathbb{R}^{d \\times n}$", "$bb(R)^(d × n)$", "ℝ𝑑×𝑛"),
    ("$\\mathcal{O}(\\epsilon^{-2})$", "$cal(O) \\( ϵ^(- 2) \\)$", None),
    ("$\\frac{1}{2}$", "$frac(1, 2)$", None),
    ("$\\sqrt{x+1} + \\sqrt[3]{y}$", "$sqrt(x + 1) + root(3, y)$", None),
    ("$\\text{ReLU}(x)$", '$"ReLU" \\( x \\)$', "ReLU (𝑥)"),
    ("$\\operatorname*{arg\\,min}_x f$", '$op("arg min")_(x) f$', None),
    ("$\\left( \\frac{a}{b} \\right.$", "$\\( frac(a, b)$", None),
    ("$p < 0.05$", "$p \\< 0.05$", "𝑝 < 0.05"),
    ("$a/b * c$", "$a \\/ b * c$", "𝑎/𝑏 ∗ 𝑐"),
    ("$\\ell_1 \\leq \\infty$", "$ℓ_(1) ≤ ∞$", "ℓ1 ≤ ∞"),
    ("$\\hat{x}, \\vec{v}, \\bar{z}, \\ddot{y}$", "$hat(x) \\, arrow(v) \\, macron(z) \\, dot.double(y)$", None),
    ("$\\sum_{i=1}^n x_i'$", "$∑_(i = 1)^(n) x'_(i)$", "∑𝑛 𝑖=1 𝑥′ 𝑖"),
    ("$$E = mc^2$$", "$E = m c^(2)$", "𝐸 = 𝑚𝑐2"),
    ("$\\lvert x \\rvert, \\|y\\|, \\langle a, b \\rangle$",
     "$\\| x \\| \\, ‖ y ‖ \\, ⟨ a \\, b ⟩$", None),
    ("$\\mathbb{} \\sqrt[]{x} \\hat\\left x^{}$", '$bb("") root("", x) hat("") x^("")$', None),
    ("$ $", "", ""),
]


@pytest.mark.parametrize(("tex", "expected", "shown"), MATH, ids=[m[0] for m in MATH])
def test_math_becomes_typst_math(tex: str, expected: str, shown: str | None) -> None:
    assert math(tex) == expected


def test_translated_math_compiles_and_shows_its_symbols(tmp_path: Path) -> None:
    lines = "".join(f"- {math(tex)}\n" for tex, _, _ in MATH)
    compiled = compile_lists(tmp_path, {"math": lines})
    assert compiled.warnings == []
    shown = [line.removeprefix("• ") for line in compiled.text.splitlines()[1:]]
    expected = [s for _, _, s in MATH if s]
    assert [s for s in shown if s in expected] == expected


_MATH = st.lists(st.one_of(
    st.sampled_from(["{", "}", "^", "_", "'", "\\", "\\\\", "\\,", "\\ ", "&", "~", "%", "#", "[", "]",
                     "(", ")", "|", "\\|", "\\{", "\\}", ".", ",", ";", ":", "/", "*", "<", ">", "=",
                     "-", "+", "!", "?", '"', "`", "@", "$", " ", "1.5", "√", "\\left", "\\right",
                     "\\big", "\\sqrt", "\\frac", "\\binom", "\\text", "\\operatorname*",
                     "\\mathbb", "\\mathcal", "\\hat", "\\ddot", "\\alpha", "\\leq", "\\log",
                     "\\sum", "\\quad", "\\foo", "\\lvert"]),
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))), max_size=14).map("".join)


@_PROPERTY
@given(st.lists(_MATH, min_size=1, max_size=10))
def test_any_math_compiles(bodies: list[str]) -> None:
    """Any LaTeX math is Typst math that compiles, or text: never a compile error."""
    import tempfile

    from publist.formats.typst import inline
    from publist.text.richtext import Math

    problems: list[Diagnostic] = []
    lines = "".join(f"- {inline((Math(f'${body}$'),), problems)}\n" for body in bodies)
    with tempfile.TemporaryDirectory() as folder:
        compile_lists(Path(folder), {"math": lines})


def test_every_command_the_translation_knows_compiles(tmp_path: Path) -> None:
    """Each command of the tables, with an argument where it takes one, in one document."""
    from publist.formats import typst as writer

    alone = [*writer._SYMBOLS, *writer._OPERATORS, *writer._SPACES, *writer._IGNORED]
    one = [*writer._FONTS, *writer._ACCENTS, *writer._TEXT, "sqrt"]
    two = ["frac", "dfrac", "tfrac", "binom"]
    tex = ([f"$x \\{name} y$" for name in alone] + [f"$\\{name}{{xy}}$" for name in one]
           + [f"$\\{name}{{a}}{{b}}$" for name in two] + ["$\\sqrt[3]{x}$"])
    lines = "".join(f"- {math(t)}\n" for t in tex)  # raises if one has no translation
    assert compile_lists(tmp_path, {"commands": lines}).warnings == []


def test_math_symbols_are_the_characters_unicode_math_gives_them() -> None:
    """The table of symbols against unicode-math's own (TeX Live), for every name it has."""
    from publist.formats.typst import _SYMBOLS

    found = list(Path("/usr/share/texlive/texmf-dist/tex/latex/unicode-math").glob("unicode-math-table.tex"))
    assert found, "unicode-math is missing: .ci/run installs Debian's texlive-latex-recommended"
    table: dict[str, str] = {}
    for m in re.finditer(r'\\UnicodeMathSymbol\{"([0-9A-F]+)\}\{\\(\w+) *\}', found[0].read_text("utf-8")):
        table.setdefault(m.group(2), chr(int(m.group(1), 16)))
    shared = [name for name in _SYMBOLS if name in table]
    assert len(shared) > 80
    assert {name: _SYMBOLS[name] for name in shared} == {name: table[name] for name in shared}


UNTRANSLATABLE = r"""@misc{m, title = {A $\foo{x}$ and $a & b$ and $x \\ y$ and $x^$ title},
  author = {Doe, Jane}, year = 2020}
"""


def test_math_without_a_translation_is_text_and_reported(tmp_path: Path) -> None:
    pubs, _ = loads(UNTRANSLATABLE, "refs.bib")
    text, problems = render(pubs, Config(), "typst")
    assert "#strong[A \\\\foo x and a & b and x \\\\ y and x^ title]" in text
    assert [str(p) for p in problems] == [
        ("refs.bib:1: entry 'm', field 'title': math '$\\\\foo{x}$' is written as text '\\\\foo x': "
        "Typst has no translation of '\\\\foo'"),
        ("refs.bib:1: entry 'm', field 'title': math '$a & b$' is written as text 'a & b': "
        "'&' has no meaning in inline math"),
        ("refs.bib:1: entry 'm', field 'title': math '$x \\\\\\\\ y$' is written as text 'x \\\\ y': "
        "a line break has no place in inline math"),
        ("refs.bib:1: entry 'm', field 'title': math '$x^$' is written as text 'x^': "
        "an argument is missing"),
    ]
    assert compile_lists(tmp_path, {"untranslatable": text}).warnings == []


# --- the command line ------------------------------------------------------------------------

def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = cli.run(list(argv), out, err)
    return status, out.getvalue(), err.getvalue()


def test_standalone_document_and_output_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    out = tmp_path / "cv" / "pubs.typ"
    out.parent.mkdir()
    assert _cli("render", "--format", "typst", "--standalone", "-o", str(out)) == (0, "", "")
    document = out.read_text(encoding="utf-8")
    assert document.startswith('#set document(title: "Publications")\n')
    compiled = compile_main(out.parent, "pubs.typ")
    assert compiled.warnings == []
    assert compiled.text.startswith("Publications\n• PyHessian: Neural Networks Through the Lens")


TYP = """\
#import "template.typ": *
= Zhewei Yao

== Selected papers
// publist:start selected
old list
// publist:end

== Journal articles
  //  publist:start type=journal numbering=descending
// publist:end
"""


def test_inplace_fills_the_blocks_of_a_typ_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    bib = (ROOT / "refs.bib").read_text().replace(
        "@misc{yao2019pyhessian,\n", "@misc{yao2019pyhessian,\n  selected      = {true},\n")
    (tmp_path / "refs.bib").write_text(bib)
    (tmp_path / "config.toml").write_text((ROOT / "config.toml").read_text())
    (tmp_path / "template.typ").write_text("#let x = 1\n")
    (tmp_path / "cv.typ").write_text(TYP)
    assert _cli("render", "--inplace", "cv.typ") == (0, "", "cv.typ: updated\n")
    text = (tmp_path / "cv.typ").read_text()
    first = text.split("// publist:start selected\n")[1].split("// publist:end")[0]
    assert first.startswith("- #strong[PyHessian: Neural Networks Through the Lens of the Hessian] \\\n")
    assert first.count("\n- ") == 0
    second = text.split("publist:start type=journal numbering=descending\n")[1]
    assert second.startswith('#[\n#set enum(numbering: "[1]")\n\n3. #strong[A hybrid adaptive MCMC')
    assert text.replace(first, "").replace(second.split("// publist:end")[0], "") == TYP.replace("old list\n", "")
    compiled = compile_main(tmp_path, "cv.typ")
    assert "[1] A TV-Gaussian prior" in compiled.text
    mtime = (tmp_path / "cv.typ").stat().st_mtime_ns
    assert _cli("render", "--inplace", "cv.typ") == (0, "", "up to date\n")
    assert (tmp_path / "cv.typ").stat().st_mtime_ns == mtime


def test_inplace_typ_without_markers_names_the_typst_marker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "refs.bib").write_text((ROOT / "refs.bib").read_text())
    (tmp_path / "cv.typ").write_text("= CV\n<!-- publist:start -->\n<!-- publist:end -->\n")
    assert _cli("render", "--inplace", "cv.typ") == (1, "", (
        "cv.typ: no publist:start marker (put // publist:start and its publist:end where the "
        "list goes)\n"))


def test_a_markdown_block_can_ask_for_typst(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "refs.bib").write_text((ROOT / "refs.bib").read_text())
    (tmp_path / "README.md").write_text("<!-- publist:start format=typst limit=1 -->\n<!-- publist:end -->\n")
    assert _cli("render", "--inplace", "README.md")[0] == 0
    assert (tmp_path / "README.md").read_text().splitlines()[1].startswith("- #strong[")


def test_a_template_writes_typst_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    template = tmp_path / "cv.typ.j2"
    template.write_text("{% for item in items[:2] %}+ {{ item.publist.formatted.authors }}: "
                        "{{ item.title | typst }}\n{% endfor %}")
    status, out, err = _cli("render", "--format", "typst", "--template", str(template))
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        ("+ #strong[Z. Yao], A. Gholami, K. Keutzer, M. W. Mahoney: "
        "PyHessian: Neural Networks Through the Lens of the Hessian"),
        ("+ Z. Dong, #strong[Z. Yao], Y. Cai, D. Arfeen, A. Gholami, M. W. Mahoney, K. Keutzer: "
        "HAWQ-V2: Hessian Aware trace-Weighted Quantization of Neural Networks"),
    ]


def test_standalone_is_refused_only_for_md_and_json() -> None:
    assert _cli("render", "--format", "json", "--standalone")[2] == (
        "--standalone applies to --format html, latex and typst, without --inplace\n")


def test_no_typst_construct_in_the_output_comes_from_a_field() -> None:
    """Every unescaped ``#`` in the seed and hostile lists is one of the writer's own calls."""
    pubs, config = _seed()
    bib = DATA / "typst" / "markup.bib"
    hostile, _ = loads(bib.read_text(encoding="utf-8"), str(bib))
    for text in (render(pubs, config, "typst")[0], render(hostile, Config(), "typst")[0]):
        code = re.sub(r'(?<!\\)"(?:[^"\\]|\\.)*"', "", text.replace("\\\\", ""))  # no strings
        calls = set(re.findall(r"(?<!\\)#(\w+)", code))
        assert calls <= {"strong", "emph", "link", "underline", "set", "text"}


def test_the_readme_shows_the_typst_list_publist_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's Typst example, "..." aside, is what --inplace writes for this repository."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = readme.split("```typst\n// publist:start ")[1].split("```")[0]
    shown = [line for line in ("// publist:start " + example).splitlines() if line != "..."]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "refs.bib").write_text((ROOT / "refs.bib").read_text())
    (tmp_path / "config.toml").write_text((ROOT / "config.toml").read_text())
    (tmp_path / "cv.typ").write_text(shown[0] + "\n// publist:end\n")
    assert _cli("render", "--inplace", "cv.typ")[0] == 0
    written = iter((tmp_path / "cv.typ").read_text().splitlines())
    assert all(line in written for line in shown)  # in this order
