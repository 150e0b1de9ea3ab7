"""Rendering: the same content in every format, nothing from a field ever becomes markup."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publist.api import loads, render
from publist.config import Config, RenderOptions
from publist.errors import PublistError

from htmlcheck import check_html as _check_html

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' onmouseover='alert(1)",
    "**bold** _em_ `code` [link](javascript:alert(1)) ![i](x) <https://evil>",
    "&lt;script&gt; &#60;script&#62; &amp;",
    "# heading",
    "1. list",
    "| table |",
    "50% & $5 ~ ^ _ #",
]


def _entry(value: str) -> str:
    safe = value.replace("{", "").replace("}", "").replace("\\", "")
    return (
        f"@article{{k,\n  title = {{{safe}}},\n  author = {{{safe} and Yao, Zhewei}},\n"
        f"  journal = {{{safe}}},\n  note = {{{safe}}},\n  award = {{{safe}}},\n"
        f"  code = {{{safe}}},\n  url = {{javascript:alert(1)}},\n  year = 2020\n}}\n"
    )


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_fields_stay_text_in_html(payload: str) -> None:
    pubs, _ = loads(_entry(payload))
    html, _ = render(pubs, Config(owner=("Zhewei Yao",)), "html")
    parser = _check_html(html)
    shown = "".join(parser.text)
    assert payload.replace("{", "").replace("}", "").split()[0] in shown


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_fields_stay_text_in_markdown(payload: str) -> None:
    pubs, _ = loads(_entry(payload))
    md, _ = render(pubs, Config(owner=("Zhewei Yao",)), "md")
    assert "<" not in md.replace("&lt;", "")
    assert "javascript:" not in md.replace("\\[link\\](javascript:", "")
    # every * _ ` [ ] from a field is escaped; only publist's own markup is left
    bare = re.sub(r"\\.", "", md)
    bare = re.sub(r"\[(arXiv|code|link|PDF)\]\([^)\s]*\)", "", bare)
    assert not set(bare.replace("**", "").replace("- ", "")) & set("`[]_")
    for line in md.splitlines()[1:]:
        assert not re.match(r"^  (#|\d+\.|-|\|)", line), line


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_fields_are_escaped_in_latex(payload: str) -> None:
    pubs, _ = loads(_entry(payload))
    tex, _ = render(pubs, Config(owner=("Zhewei Yao",)), "latex")
    body = re.sub(r"\\.", "", tex)  # drop escaped characters
    assert "%" not in body and "&" not in body.replace("\\&", "")
    assert tex.count("{") - tex.count("\\{") == tex.count("}") - tex.count("\\}")


def test_owner_bold_and_marks_in_every_format() -> None:
    pubs, _ = loads("@misc{k, title={T}, author={Zhang*, Tianjun and Yao*, Zhewei and Li, Jinglai}}")
    config = Config(owner=("Zhewei Yao",))
    assert render(pubs, config, "md")[0].splitlines()[1] == "  T. Zhang\\*, **Z. Yao**\\*, J. Li"
    assert '<strong class="publist-me">Z. Yao</strong>*' in render(pubs, config, "html")[0]
    assert "T. Zhang*, \\textbf{Z. Yao}*, J. Li" in render(pubs, config, "latex")[0]


def test_sorting_newest_first_ties_in_file_order() -> None:
    bib = "".join(
        f"@misc{{{key}, title={{{key}}}{date}}}\n"
        for key, date in [
            ("old", ", year=2017"), ("tie1", ", year=2019"), ("new", ", year=2020, month=jan"),
            ("tie2", ", year=2019"), ("later", ", date={2020-11-02}"), ("undated", ""),
        ]
    )
    pubs, _ = loads(bib)
    md, _ = render(pubs, Config(), "md")
    assert re.findall(r"\*\*(\w+)\*\*", md) == ["later", "new", "tie1", "tie2", "old", "undated"]
    md, _ = render(pubs, Config(render=RenderOptions(sort="file")), "md")
    assert re.findall(r"\*\*(\w+)\*\*", md) == ["old", "tie1", "new", "tie2", "later", "undated"]


_FIELD = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="{}\\"),
    max_size=30,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=_FIELD, name=_FIELD, note=_FIELD, url=_FIELD)
def test_any_field_gives_well_formed_script_free_html(title: str, name: str, note: str, url: str) -> None:
    def clean(v: str) -> str:
        return v.replace('"', "").replace("@", "").replace("\n", " ") or "x"

    bib = (
        f"@misc{{k, title = {{{clean(title)}}}, author = {{{clean(name)}}},"
        f" note = {{{clean(note)}}}, url = {{{clean(url)}}}}}\n"
    )
    try:
        pubs, _ = loads(bib)
    except PublistError:  # the only error the reader may raise; anything else fails the test
        return
    html, _ = render(pubs, Config(), "html", standalone=False)
    _check_html(html)


def _md(bib: str, owner: tuple[str, ...] = ()) -> str:
    pubs, _ = loads(bib)
    return render(pubs, Config(owner=owner), "md")[0]


@pytest.mark.parametrize(
    "math", [r"$\{0,1\}^n$", r"$\|x\|_2$", r"$A^*$", r"$D^*_{i,j} < 2 \& \alpha$", r"$[0,1]^{\mathbb{N}}$"]
)
def test_math_reaches_mathjax_unchanged_through_commonmark(math: str) -> None:
    from html import unescape

    from markdown_it import MarkdownIt

    md = _md(f"@misc{{k, title = {{On {math} versus {math}}}}}")
    html = unescape(MarkdownIt("commonmark").render(md))
    assert html.count(math) == 2, html
    assert "<em>" not in html


def test_url_and_href_in_a_field_become_links() -> None:
    bib = (r"@misc{k, title = {T}, howpublished = {\url{https://zenodo.org/~lab/x_y}},"
           r" note = {Code: \href{https://github.com/a/b}{GitHub}; \href{javascript:alert(1)}{bad}}}")
    md = _md(bib)
    assert "[https://zenodo.org/\\~lab/x\\_y](https://zenodo.org/~lab/x_y)" in md
    assert "Code: [GitHub](https://github.com/a/b); bad" in md
    pubs, _ = loads(bib)
    html = render(pubs, Config(), "html")[0]
    assert '<a href="https://zenodo.org/~lab/x_y">https://zenodo.org/~lab/x_y</a>' in html
    assert '<a href="https://github.com/a/b">GitHub</a>; bad' in html and "javascript" not in html


def test_sorting_macros_show_nothing() -> None:
    bib = (r"@preamble{ {\newcommand{\noopsort}[1]{}} }"
           r"@book{k, title = {{\noopsort{b}}Second edition}, publisher = {P}, year = 2001}")
    assert _md(bib).startswith("- **Second edition**")


@pytest.mark.parametrize(
    ("entry", "line"),
    [
        ("@inproceedings{k, title={T}, booktitle={ICML}, date={2020-07-13}}", "Proc. ICML 2020"),
        ("@book{k, title={T}, publisher={Springer}, date={2021}}", "Springer, 2021"),
        ("@thesis{k, title={T}, type={phdthesis}, institution={MIT}, date={2020-05}}", "PhD thesis, MIT, 2020"),
        ("@thesis{k, title={T}, type={mathesis}, school={ETH}, year=2019}", "Master's thesis, ETH, 2019"),
        ("@report{k, title={T}, type={techreport}, institution={CMU}, year=2018}", "Technical report, CMU, 2018"),
        ("@thesis{k, title={T}, type={Habilitation}, school={TUM}, year=2018}", "Habilitation, TUM, 2018"),
    ],
)
def test_biblatex_dates_and_type_keys_read_as_a_cv_writes_them(entry: str, line: str) -> None:
    assert _md(entry).splitlines()[-1].strip() == line


@pytest.mark.parametrize(
    ("name", "shown"),
    [(r"\v{S}tefan Banach", "**Š. Banach**"), (r"Banach, \v{S}tefan", "**Š. Banach**"),
     (r"{\relax Ch}ristopher Banach", "Ch. Banach"), ("Banach, SJ", "**S. J. Banach**")],
)
def test_accented_and_run_together_initials(name: str, shown: str) -> None:
    md = _md(f"@misc{{k, title = {{T}}, author = {{{name}}}}}", owner=("Stefan Banach",))
    assert md.splitlines()[1].strip() == shown


def test_macros_the_preamble_defines_to_show_nothing_show_nothing() -> None:
    from publist.api import preambles_of
    from publist.bib.reader import read

    bib = read(r"@preamble{ {\providecommand{\sortkey}[1]{}} }"
               "\n@misc{k, title = {{\\sortkey{02}}Second {\\sortkey{x}}try}}\n")
    pubs, _ = loads(bib.text)
    for fmt in ("md", "html"):
        text = render(pubs, Config(), fmt, preambles=preambles_of(bib))[0]
        assert "Second try" in text and "02" not in text, fmt


MERGE = (
    "@misc{pre, title = {Trust Region Based Adversarial Attack on Neural Networks},"
    " author = {Yao, Zhewei}, eprint = {1812.06371}, year = 2018}\n"
    "@inproceedings{pub, title = {Trust Region Based Adversarial Attack on Neural Networks},"
    " author = {Yao, Z.}, booktitle = {CVPR}, year = 2019}\n"
    "@article{gs, title = {Hessian-based analysis}, author = {Yao, Zhewei},"
    " journal = {arXiv preprint arXiv:1802.08241}, year = 2018}\n"
    "@inproceedings{pub2, title = {Hessian-based Analysis}, author = {Yao, Zhewei},"
    " booktitle = {NeurIPS}, year = 2018, eprint = {1802.08241}}\n"
    "@misc{alone, title = {A Preprint Alone}, author = {Yao, Zhewei}, eprint = {1905.13386}}\n"
)


def test_a_preprint_and_its_published_version_are_shown_once() -> None:
    from publist.config import RenderOptions

    pubs, _ = loads(MERGE)
    md = render(pubs, Config(render=RenderOptions(sort="file")), "md")[0]
    assert re.findall(r"^- \*\*(.*?)\*\*", md, re.MULTILINE) == [
        "Trust Region Based Adversarial Attack on Neural Networks", "Hessian-based Analysis",
        "A Preprint Alone"]
    # the published entry shows the preprint's arXiv link (matched by title, then by id)
    assert "[arXiv](https://arxiv.org/abs/1812.06371)  \n  Proc. CVPR 2019" in md
    assert md.count("1802.08241") == 1
    both = render(pubs, Config(render=RenderOptions(sort="file", merge_preprints=False)), "md")[0]
    assert both.count("- **") == 5


def test_pmlr_and_conference_month_forms_sort_by_their_month() -> None:
    # PMLR's bib files: month = {18--24 Jul}; others: month = jul # "~10", {December 9--14}
    bib = "".join(
        f"@inproceedings{{{key}, title = {{{key}}}, month = {month}, year = 2021}}\n"
        for key, month in [("jan", "jan"), ("icml", "{18--24 Jul}"), ("none", "{Summer}"),
                           ("neurips", "{December 6--14}"), ("uai", "{27--30 Jul}"),
                           ("cvpr", 'jun # "~19--25"'), ("aistats", "{13--15 Apr}")]
    )
    pubs, _ = loads(bib)
    assert [p.month for p in pubs] == [1, 7, None, 12, 7, 6, 4]
    md, _ = render(pubs, Config(), "md")
    titles = re.findall(r"^- \*\*(\w+)\*\*", md, re.MULTILINE)
    assert titles == ["neurips", "icml", "uai", "cvpr", "aistats", "jan", "none"]
