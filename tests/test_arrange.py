"""Choosing and arranging the list: filters, groups, numbering, the year, long author lists,
people, legends and HTML details, in each format; bad values are one line and write nothing."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from publist import cli
from publist.api import loads, render
from publist.config import Config, Person, RenderOptions

from htmlcheck import check_html

BIB = r"""
@article{journal2016, title = {A Journal Paper}, author = {Yao, Zhewei and Li, Jinglai},
  journal = {Inverse Problems}, volume = 32, pages = {075006}, year = 2016, keywords = {MCMC; inverse problems}}
@inproceedings{conf2019, title = {A Conference Paper}, author = {Gholami, Amir* and Yao, Zhewei* and Lovelace, Ada},
  booktitle = {Advances in Neural Information Processing Systems}, year = 2019, selected = {true},
  keywords = {quantization, Hessian}}
@inproceedings{workshop2018, title = {A Workshop Paper}, author = {Mu, Norman and Yao, Zhewei},
  booktitle = {Workshop on Systems for ML at NeurIPS}, year = 2018}
@misc{preprint2020, title = {A Preprint}, author = {Yao, Zhewei and Lovelace, Ada}, year = 2020,
  eprint = {2002.00001}, archiveprefix = {arXiv}, selected = "yes",
  abstract = {We study $x^2$ & more.}}
@phdthesis{thesis2021, title = {A Thesis}, author = {Yao, Zhewei}, school = {UC Berkeley}, year = 2021}
@book{book2015, title = {A Book}, author = {A, One and B, Two and C, Three and D, Four and Yao, Zhewei and E, Five},
  publisher = {Springer}, year = 2015}
"""
KEYS = ["journal2016", "conf2019", "workshop2018", "preprint2020", "thesis2021", "book2015"]


def keys(**options: object) -> list[str]:
    pubs, _ = loads(BIB)
    config = Config(owner=("Zhewei Yao",), render=RenderOptions(sort="file", **options))  # type: ignore[arg-type]
    data, _ = render(pubs, config, "json")
    import json

    return [item["id"] for item in json.loads(data)]


@pytest.mark.parametrize(("options", "expected"), [
    ({}, KEYS),
    ({"selected": True}, ["conf2019", "preprint2020"]),
    ({"since": 2019}, ["conf2019", "preprint2020", "thesis2021"]),
    ({"until": 2016}, ["journal2016", "book2015"]),
    ({"since": 2016, "until": 2018}, ["journal2016", "workshop2018"]),
    ({"type": ("journal", "book")}, ["journal2016", "book2015"]),
    ({"type": ("workshop",)}, ["workshop2018"]),
    ({"type": ("preprint", "thesis")}, ["preprint2020", "thesis2021"]),
    ({"type": ("conference",)}, ["conf2019"]),
    ({"key": ("Conf2019", "book2015")}, ["conf2019", "book2015"]),
    ({"keyword": ("hessian",)}, ["conf2019"]),
    ({"keyword": ("inverse problems", "nothing")}, ["journal2016"]),
    ({"first_author": True}, ["journal2016", "conf2019", "preprint2020", "thesis2021"]),
    ({"limit": 2}, ["journal2016", "conf2019"]),
    ({"since": 2019, "limit": 1}, ["conf2019"]),
])
def test_filters(options: dict, expected: list[str]) -> None:
    assert keys(**options) == expected


def test_limit_applies_after_sorting_newest_first() -> None:
    pubs, _ = loads(BIB)
    md, _ = render(pubs, Config(render=RenderOptions(limit=2)), "md")
    assert [line[4:].split("**")[0] for line in md.splitlines() if line.startswith("- **")] == [
        "A Thesis", "A Preprint"]


def md(fmt: str = "md", **options: object) -> str:
    pubs, _ = loads(BIB)
    people = (Person(("Ada Lovelace",), "underline", "student", "†", "https://example.org/ada"),)
    config = Config(owner=("Zhewei Yao",), owner_url="https://example.org/zy", people=people,
                    render=RenderOptions(sort="file", **options))  # type: ignore[arg-type]
    text, problems = render(pubs, config, fmt)
    assert problems == []
    return text


def test_groups_by_year_with_headings_in_every_format() -> None:
    assert [line for line in md(group_by="year").splitlines() if line.startswith("## ")] == [
        "## 2021", "## 2020", "## 2019", "## 2018", "## 2016", "## 2015"]
    html = md("html", group_by="year")
    check_html(html)
    assert html.count('<h2 class="publist-heading">') == 6 and html.count('<ul class="publist">') == 6
    assert "\\subsection*{2021}\n\\begin{itemize}" in md("latex", group_by="year")


def test_groups_by_kind_in_the_configured_order_and_headings() -> None:
    text = md(group_by="type", kinds=("preprint", "journal", "conference", "workshop", "book", "thesis", "other"),
              headings={"preprint": "Preprints", "journal": "Journal articles", "conference": "Conference papers",
                        "workshop": "Workshop papers", "book": "Books and chapters", "thesis": "Theses",
                        "other": "Other"})
    assert [line for line in text.splitlines() if line.startswith("## ")] == [
        "## Preprints", "## Journal articles", "## Conference papers", "## Workshop papers",
        "## Books and chapters", "## Theses"]


def test_numbering_in_every_format() -> None:
    down = md(numbering="descending")
    assert [line[:8] for line in down.splitlines() if line.startswith("- ")] == [
        "- \\[6\\] ", "- \\[5\\] ", "- \\[4\\] ", "- \\[3\\] ", "- \\[2\\] ", "- \\[1\\] "]
    up = md("html", numbering="ascending")
    check_html(up)
    assert up.startswith('<ol class="publist">\n<li class="publist-entry" data-key="journal2016" value="1">')
    assert '<ol class="publist" reversed>\n<li class="publist-entry" data-key="journal2016" value="6">' in md(
        "html", numbering="descending")
    assert "  \\item[{[6]}] \\textbf{A Journal Paper}" in md("latex", numbering="descending")


def test_numbering_per_group_or_across_groups() -> None:
    per_group = md(group_by="year", numbering="descending")
    assert per_group.count("- \\[1\\] ") == 6
    across = md(group_by="year", numbering="descending", number_across_groups=True)
    assert [line[:8] for line in across.splitlines() if line.startswith("- ")] == [
        f"- \\[{n}\\] " for n in range(6, 0, -1)]


def test_the_year_after_the_venue_after_the_authors_or_nowhere() -> None:
    assert "  Inverse Problems 32, 075006, 2016\n" in md()  # the default: where the venue lacks it
    assert "  Proc. NeurIPS 2019\n" in md()  # the conference line has it already
    assert "  [arXiv](https://arxiv.org/abs/2002.00001)  \n  2020\n" in md()  # a preprint: a line of its own
    authors = md(year="authors")
    assert "(2016)  \n  Inverse Problems 32, 075006\n" in authors
    assert "2016" not in md(year="none").split("A Journal Paper")[1].split("- **")[0]
    assert "Inverse Problems 32, 075006, 2016" in md("latex") and "Inverse Problems 32, 075006, 2016" in md("html")


def test_long_author_lists_keep_the_owner_visible() -> None:
    cut = md(max_authors=2)
    assert "  O. A, T. B, ..., [**Z. Yao**](https://example.org/zy), et al.  \n" in cut
    assert "  [**Z. Yao**](https://example.org/zy), J. Li  \n" in cut  # not longer than 2: as it is
    assert "  A. Gholami\\*, [**Z. Yao**](https://example.org/zy)\\*, et al.  \n" in cut
    latex = md("latex", max_authors=2)
    assert r"O. A, T. B, ..., \href{https://example.org/zy}{\textbf{Z. Yao}}, et al." in latex


def test_people_in_their_style_with_their_marks_and_links() -> None:
    text = md()
    assert "[<ins>A. Lovelace</ins>](https://example.org/ada)†" in text
    html = md("html")
    check_html(html)
    assert '<a href="https://example.org/ada"><u class="student">A. Lovelace</u></a>†' in html
    assert '<a href="https://example.org/zy"><strong class="publist-me">Z. Yao</strong></a>*' in html
    assert r"\href{https://example.org/ada}{\underline{A. Lovelace}}\textdagger{}" in md("latex")


def test_the_legend_shows_the_marks_in_use() -> None:
    marks = {"*": "Equal contribution", "†": "Student", "‡": "Not used"}
    text = md(legend=True, marks=marks)
    assert text.endswith("\n\n\\* Equal contribution  \n† Student\n")
    assert "Not used" not in text
    html = md("html", legend=True, marks=marks)
    assert html.endswith('<p class="publist-legend">* Equal contribution<br>\n† Student</p>\n')
    assert "\\begin{flushleft}\\small\n* Equal contribution\\\\\n" in md("latex", legend=True, marks=marks)
    assert "Equal contribution" not in md(legend=True, marks=marks, key=("journal2016",))


def test_html_details_abstract_and_bibtex_without_private_fields(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "refs.bib").write_text(BIB.replace("selected = {true}", "selected=true,\n  note = {private}"))
    (tmp_path / "config.toml").write_text('[owner]\nnames = ["Zhewei Yao"]\n[render]\nshow_abstract = true\n'
                                          'show_bibtex = true\nprivate_fields = ["Keywords"]\n')
    out = io.StringIO()
    assert cli.run(["render", "--format", "html", "--key", "conf2019", "preprint2020"], out, io.StringIO()) == 0
    html = out.getvalue()
    check_html(html)  # <details> needs no script
    assert html.count('<details class="publist-abstract">') == 1
    assert '<p>We study <span class="publist-math">$x^2$</span> &amp; more.</p>' in html
    conf = html.split('data-key="conf2019"')[1]
    shown = conf.split('<details class="publist-bibtex"><summary>BibTeX</summary>\n<pre>')[1].split("</pre>")[0]
    assert shown.startswith("@inproceedings{conf2019, title = {A Conference Paper}")
    for private in ("selected", "note", "keywords", "private"):
        assert private not in shown.lower()
    assert "booktitle = {Advances in Neural Information Processing Systems}" in shown


@pytest.mark.parametrize(("config", "argv", "message"), [
    ('[render]\ngroup_by = "venue"\n', [],
     "config.toml: 'render.group_by' must be one of 'none', 'year', 'type', not 'venue'"),
    ('[render]\nnumbering = "up"\n', [],
     "config.toml: 'render.numbering' must be one of 'none', 'ascending', 'descending', not 'up'"),
    ('[render]\nmax_authors = 0\n', [], "config.toml: 'render.max_authors' must be at least 1, not 0"),
    ("", ["--max-authors", "0"], "command line: '--max-authors' must be at least 1, not 0"),
    ("", ["--type", "journals"], "command line: '--type': unknown kind 'journals' (did you mean 'journal'?)"),
    ("", ["--type", "papers"], ("command line: '--type': unknown kind 'papers' (expected some of: "
                               "journal, conference, workshop, preprint, book, thesis, other)")),
    ("", ["--since", "2020", "--until", "2019"], "command line: '--since' (2020) is after '--until' (2019)"),
    ('[render]\ntemplate = "missing.j2"\n', [], "missing.j2: no such template"),
    ('[render]\ntemplate = "bad.j2"\n', [], "bad.j2:2: unexpected '}'"),
    ('[render]\ntemplate = "typo.j2"\n', [], "typo.j2:2: UndefinedError: 'dict object' has no attribute 'titel'"),
    ("", ["--style", "apa-9th-edition"], ("unknown CSL style 'apa-9th-edition' (a name from the CSL style "
                                         "repository, e.g. apa, ieee, nature, chicago-author-date, or a .csl file)")),
    ("", ["--style", "mine.csl"], "mine.csl: no such CSL style file"),
    ('[[people]]\nnames = ["A B"]\nstyle = "blink"\n', [],
     "config.toml: 'people[1].style' must be one of 'underline', 'italic', 'bold', not 'blink'"),
    ('people = "lab.toml"\n', [], "config.toml: 'people': no such file: lab.toml"),
])
def test_bad_values_are_one_line_and_nothing_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        config: str, argv: list[str], message: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "refs.bib").write_text(BIB)
    (tmp_path / "config.toml").write_text(config)
    (tmp_path / "bad.j2").write_text("{% for item in items %}\n{{ item.title }\n{% endfor %}\n")
    (tmp_path / "typo.j2").write_text("{% for item in items %}\n{{ item.titel }}\n{% endfor %}\n")
    out, err = io.StringIO(), io.StringIO()
    # an option the command line got wrong is a usage error (2, as argparse's); a file's, a failure (1)
    assert cli.run(["render", "-o", "out.md", *argv], out, err) == (2 if message.startswith("command line:") else 1)
    assert err.getvalue() == message + "\n"
    assert not (tmp_path / "out.md").exists()


def test_a_people_file_shared_by_a_lab(tmp_path: Path) -> None:
    (tmp_path / "lab.toml").write_text('[[people]]\nnames = ["Ada Lovelace"]\nstyle = "italic"\n')
    (tmp_path / "config.toml").write_text('people = "lab.toml"\n[owner]\nnames = ["Zhewei Yao"]\n')
    from publist import config

    loaded = config.load(tmp_path / "config.toml")
    assert loaded.people == (Person(("Ada Lovelace",), "italic"),)


LONG = r"""
@article{n1, title={Owner right after the cut}, author={A, One and B, Two and Yao, Zhewei and C, Three and D, Four}, journal={J}, year=2020}
@article{n2, title={Owner last, right after the cut}, author={A, One and B, Two and Yao, Zhewei}, journal={J}, year=2020}
@article{n3, title={Owner two after the cut}, author={A, One and B, Two and C, Three and Yao, Zhewei and D, Four}, journal={J}, year=2020}
@article{n4, title={Owner right after the cut, and others}, author={A, One and B, Two and Yao, Zhewei and others}, journal={J}, year=2020}
"""


def test_long_author_lists_say_dots_only_where_names_are_left_out() -> None:
    # issue 16 item 19: the owner is author N+1
    pubs, _ = loads(LONG)
    text, _ = render(pubs, Config(owner=("Zhewei Yao",), render=RenderOptions(sort="file", max_authors=2)), "md")
    assert [line.strip() for line in text.splitlines() if line.startswith("  O. A")] == [
        "O. A, T. B, **Z. Yao**, et al.",
        "O. A, T. B, **Z. Yao**",
        "O. A, T. B, ..., **Z. Yao**, et al.",
        "O. A, T. B, **Z. Yao**, et al.",
    ]


def test_marks_of_several_characters_reach_the_legend() -> None:
    # issue 16 item 20
    bib = "@article{k, title={T}, author={Yao, Zhewei* and Gholami, Amir* and Lovelace, Ada and Turing, Alan}, journal={J}}"
    pubs, _ = loads(bib)
    people = (Person(("Ada Lovelace",), "underline", "", "(S)"), Person(("Alan Turing",), "italic", "", "**"))
    marks = {"*": "Equal contribution", "(S)": "Student", "**": "Corresponding author", "S": "Not used"}
    config = Config(owner=("Zhewei Yao",), people=people, render=RenderOptions(legend=True, marks=marks))
    text, _ = render(pubs, config, "md")
    assert "<ins>A. Lovelace</ins>(S)" in text
    assert text.endswith("\\* Equal contribution  \n(S) Student  \n\\*\\* Corresponding author\n")
    html, _ = render(pubs, config, "html")
    assert html.endswith('<p class="publist-legend">* Equal contribution<br>\n(S) Student<br>\n'
                         '** Corresponding author</p>\n')


# Zotero exports as found in public READMEs (its "Extra" field goes to note, one "Key: value" line each)
ZOTERO = r"""
@inproceedings{ren_learning_2018,
	title = {Learning to {Reweight} {Examples} for {Robust} {Deep} {Learning}},
	url = {https://proceedings.mlr.press/v80/ren18a.html},
	booktitle = {Proceedings of the 35th {International} {Conference} on {Machine} {Learning}},
	publisher = {PMLR},
	author = {Ren, Mengye and Zeng, Wenyuan and Yang, Bin and Urtasun, Raquel},
	month = jul,
	year = {2018},
	note = {ISSN: 2640-3498},
	pages = {4334--4343},
}
@article{karpatne_theory-guided_2017,
	title = {Theory-{Guided} {Data} {Science}: {A} {New} {Paradigm} for {Scientific} {Discovery} from {Data}},
	journal = {IEEE Transactions on Knowledge and Data Engineering},
	author = {Karpatne, Anuj and Atluri, Gowtham and Faghmous, James H. and Steinbach, Michael},
	month = oct,
	year = {2017},
	note = {Conference Name: IEEE Transactions on Knowledge and Data Engineering},
}
@article{keys, title = {Two keys}, journal = {J}, year = {2020}, note = {Publisher: IEEE
Place: New York}}
@article{human, title = {Human}, journal = {J}, year = {2020}, note = {Erratum: see the correction}}
"""


def test_zotero_s_machine_notes_stay_off_the_cv() -> None:
    # issue 16 item 27
    pubs, _ = loads(ZOTERO)
    text, problems = render(pubs, Config(render=RenderOptions(sort="file")), "md")
    assert problems == []
    for machine in ("ISSN", "2640-3498", "Conference Name", "Publisher", "Place"):
        assert machine not in text
    assert "  Proc. ICML 2018  \n" not in text and "  Proc. ICML 2018\n" in text  # no line after the venue
    assert "  IEEE Transactions on Knowledge and Data Engineering, 2017\n" in text
    assert "**Two keys**  \n  J, 2020\n" in text
    assert "  J, 2020  \n  Erratum: see the correction\n" in text  # not a key Zotero writes


def test_endnote_s_pubmed_notes_stay_off_the_cv() -> None:
    # a lab's al-folio site exported from EndNote (tests/data/notes/SOURCES.md): every note held
    # the PubMed record (ISSN, full names, grants, "Journal Article", country, dates) and the
    # CV printed it as one long line under the venue
    from publist.api import load

    pubs, _ = load(str(Path(__file__).parent / "data" / "notes" / "endnote-3c-lab.bib"))
    for fmt in ("md", "html", "latex", "typst", "json"):
        text, _ = render(pubs, Config(render=RenderOptions(sort="file")), fmt)
        for machine in ("1432-2072", "NIDA", "Journal Article", "Germany", "2026/03/24", "Sneddon, Elizabeth"):
            assert machine not in text, (fmt, machine)
    text, _ = render(pubs, Config(render=RenderOptions(sort="file")), "md")
    assert "  Psychopharmacology (Berl), 2026\n" in text
    bib = "@article{k, title={T}, author={A, B}, journal={J}, year=2020, note={2nd place, 2019--2020 season}}"
    assert "  2nd place, 2019–2020 season\n" in render(loads(bib)[0], Config(), "md")[0]


# al-folio's filtered_bibtex_keywords (its _config.yml, alshedivat/al-folio at 0011df78), and dimensions
AL_FOLIO_PRIVATE = ("abbr abstract additional_info altmetric annotation arxiv award award_name bibtex_show blog "
                    "code google_scholar_id html inspirehep_id pdf poster preview selected slides supp video "
                    "website dimensions").split()


def test_shown_bibtex_leaves_out_every_al_folio_field(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # issue 16 item 29
    monkeypatch.chdir(tmp_path)
    fields = "".join(f"  {name} = {{x-{name}}},\n" for name in AL_FOLIO_PRIVATE)
    (tmp_path / "refs.bib").write_text("@article{k,\n  title = {T},\n  author = {Yao, Zhewei},\n"
                                       f"  journal = {{J}},\n{fields}  year = {{2020}}\n}}\n")
    (tmp_path / "config.toml").write_text("[render]\nshow_bibtex = true\n")
    out = io.StringIO()
    assert cli.run(["render", "--format", "html"], out, io.StringIO()) == 0
    shown = out.getvalue().split("<pre>")[1].split("</pre>")[0]
    assert shown == "@article{k,\n  title = {T},\n  author = {Yao, Zhewei},\n  journal = {J},\n  year = {2020}\n}"


# btxdoc's \noopsort, as xampl.bib and TeX Live's files write it: the key sorts, the year shows
KNUTH = r"""@preamble{ "\newcommand{\noopsort}[1]{} " }
@book{seminumerical, title = {Seminumerical Algorithms}, author = {Knuth, Donald E.},
  publisher = {Addison-Wesley}, year = "{\noopsort{1973c}}1981"}
@book{fundamental, title = {Fundamental Algorithms}, author = {Knuth, Donald E.},
  publisher = {Addison-Wesley}, year = "{\noopsort{1973b}}1973"}
@book{later, title = {Later}, author = {Knuth, Donald E.}, publisher = {Addison-Wesley}, year = 1975}
@book{whole-set, title = {The Art of Computer Programming}, author = {Knuth, Donald E.},
  publisher = {Addison-Wesley}, year = "{\noopsort{1973a}}{\switchargs{--90}{1968}}"}
"""


def test_a_noopsort_year_is_its_year_for_filters_and_the_venue_line_and_its_key_for_sorting() -> None:
    pubs, _ = loads(KNUTH)
    assert [p.year for p in pubs] == [1981, 1973, 1975, 1968]
    md, _ = render(pubs, Config(), "md")
    assert [line[4:-4] for line in md.splitlines() if line.startswith("- **")] == [
        "Later", "Seminumerical Algorithms", "Fundamental Algorithms", "The Art of Computer Programming"]
    assert "Addison-Wesley, 1981" in md and "1973c" not in md
    since, _ = render(pubs, Config(render=RenderOptions(since=1980)), "md")
    assert [line[4:-4] for line in since.splitlines() if line.startswith("- **")] == ["Seminumerical Algorithms"]


@pytest.mark.parametrize(("fmt", "owner", "person"), [
    ("md", "[**Z. Yao**](https://example.org/~zy/a%22b%5Cc%29%20d)",
     "[<ins>A. Lovelace</ins>](https://example.org/p?q=1&r=%222%22)"),
    ("html", '<a href="https://example.org/~zy/a%22b%5Cc%29%20d"><strong class="publist-me">Z. Yao</strong></a>',
     '<a href="https://example.org/p?q=1&amp;r=%222%22"><u class="student">A. Lovelace</u></a>'),
    ("latex", r"\href{https://example.org/~zy/a\%22b\%5Cc\%29\%20d}{\textbf{Z. Yao}}",
     r"\href{https://example.org/p?q=1\&r=\%222\%22}{\underline{A. Lovelace}}"),
    ("typst", '#link("https://example.org/~zy/a%22b%5Cc%29%20d")[#strong[Z. Yao]]',
     '#link("https://example.org/p?q=1&r=%222%22")[#underline[A. Lovelace]]'),
])
def test_the_owner_s_and_people_s_urls_are_written_as_link_fields_are(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, owner: str, person: str) -> None:
    # a quote, a backslash, a parenthesis or a space in config.toml's URL broke the Markdown link
    # (the ')' ended it) and stopped pdflatex ('\c' in \href); they are percent-encoded as in a bib
    monkeypatch.chdir(tmp_path)
    (tmp_path / "refs.bib").write_text(BIB)
    (tmp_path / "config.toml").write_text(
        '[owner]\nnames = ["Zhewei Yao"]\nurl = \'https://example.org/~zy/a"b\\c) d\'\n'
        '[[people]]\nnames = ["Ada Lovelace"]\nstyle = "underline"\nclass = "student"\n'
        'url = \'https://example.org/p?q=1&r="2"\'\n')
    out, err = io.StringIO(), io.StringIO()
    assert cli.run(["render", "--format", fmt, "--key", "conf2019"], out, err) == 0, err.getvalue()
    assert owner in out.getvalue() and person in out.getvalue()


@pytest.mark.parametrize("url", ["javascript:alert(1)", "https:/x", "example.org/zy", "https://"])
def test_an_owner_url_that_is_no_http_url_is_one_line(tmp_path: Path, url: str) -> None:
    (tmp_path / "config.toml").write_text(f'[owner]\nurl = "{url}"\n')
    from publist import config
    from publist.errors import ConfigError

    with pytest.raises(ConfigError, match="'owner.url' must be an http\\(s\\) URL"):
        config.load(tmp_path / "config.toml")


def test_markdown_legend_lines_and_headings_stay_text_whatever_they_start_or_end_with() -> None:
    # a mark "#" made its legend line a heading, "-" and "1." list items, "=" a setext underline
    # of the line before; a heading ending in " #" lost it as the closing sequence
    from markdown_it import MarkdownIt

    bib = ("@article{k, title={T}, author={Yao, Zhewei and Aa, Bo and Cc, Di and Ee, Fu and Gg, Hi"
           " and Ii, Jo}, journal={J}, year=2020}")
    pubs, _ = loads(bib)
    marks = {"#": "Student", "-": "Advisor", "+": "Postdoc", "1.": "First", "=": "Equal", ">": "Senior"}
    people = tuple(Person((name,), "", "", mark) for name, mark in
                   zip(["Bo Aa", "Di Cc", "Fu Ee", "Hi Gg", "Jo Ii"], ["#", "-", "+", "1.", "="], strict=True))
    config = Config(owner=("Zhewei Yao",), people=people, render=RenderOptions(
        legend=True, marks=marks, group_by="type", headings={"journal": "Papers in C #"}))
    text, _ = render(pubs, config, "md")
    html = MarkdownIt("commonmark").render(text)
    assert html.startswith("<h2>Papers in C #</h2>\n<ul>\n<li>")
    assert html.endswith("<p># Student<br />\n- Advisor<br />\n+ Postdoc<br />\n1. First<br />\n= Equal</p>\n")


def test_a_line_break_in_a_heading_or_a_legend_text_is_a_space(tmp_path: Path) -> None:
    # a TOML "\n" in a heading made a Markdown heading, a paragraph and a list, and ended
    # LaTeX's \subsection* argument with a blank line (pdflatex stops)
    (tmp_path / "config.toml").write_text(
        '[owner]\nnames = ["Zhewei Yao"]\n[render]\nlegend = true\ngroup_by = "type"\n'
        '[render.headings]\njournal = "Journal\\n# papers\\n\\n- x"\n'
        '[render.marks]\n"*" = """Equal\n\ncontribution"""\n[render.labels]\ndoi = "D\\nO\\nI"\n')
    from publist import config as configmod

    config = configmod.load(tmp_path / "config.toml")
    assert config.render.headings["journal"] == "Journal # papers - x"
    assert config.render.marks["*"] == "Equal contribution" and config.render.labels["doi"] == "D O I"
    pubs, _ = loads(BIB)
    text, _ = render(pubs, config, "md")
    assert "## Journal \\# papers - x\n\n- **A Journal Paper**" in text
    assert text.endswith("\\* Equal contribution\n")
    assert "\\subsection*{Journal \\# papers - x}\n" in render(pubs, config, "latex")[0]
