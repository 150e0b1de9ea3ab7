"""publist check: every problem of tests/data/check/problems.bib once, with its line; refs.bib clean."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from publist import cli

from conftest import DATA, ROOT

PROBLEMS = DATA / "check" / "problems.bib"
EXPECTED = [  # (line, level, code): one of each problem the issue lists
    (3, "error", "duplicate-key"),
    (5, "error", "same-paper"),        # the same arXiv id, in another form
    (8, "error", "same-paper"),        # the same DOI, as a resolver URL in another case
    (10, "warning", "same-paper"),     # the same title with an author in common
    (11, "warning", "owner-missing"),  # "Yoa": a likely misspelling
    (12, "error", "missing-title"),
    (13, "warning", "missing-author"),
    (14, "warning", "missing-year"),
    (15, "error", "bad-arxiv-id"),
    (16, "error", "bad-doi"),
    (17, "error", "bad-url"),
    (18, "error", "bad-year"),
    (19, "warning", "bad-month"),
    (20, "error", "bad-annotation"),
    (21, "warning", "unexplained-mark"),
    (22, "error", "stray-and"),
    (23, "error", "unbalanced-braces"),
    (24, "warning", "trailing-comma"),
    (25, "warning", "title-case"),     # all lower case
    (26, "warning", "title-case"),     # all capitals
    (27, "warning", "unknown-type"),
    (28, "warning", "empty-field"),
    (29, "error", "syntax"),           # not closed: reported, and the entry after it is read
]


def check(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = cli.run(["check", *argv], out, err)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def owner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "config.toml").write_text('[owner]\nnames = ["Zhewei Yao"]\n')
    return tmp_path


def test_each_problem_is_reported_once_with_its_line(owner: Path) -> None:
    status, out, err = check(str(PROBLEMS))
    assert status == 1
    found = [(int(line.split(":")[1]), line.split(": ")[1], line.rsplit("[", 1)[1][:-1])
             for line in out.splitlines()]
    assert found == EXPECTED
    assert err == "12 error(s), 11 warning(s)\n"
    assert (f"{PROBLEMS}:11: warning: entry 'notme', field 'author': the owner (Zhewei Yao) is not "
            "among the names; 'Zhewei Yoa' looks like a misspelling of the owner's name "
            "[owner-missing]") in out


def test_the_repository_refs_bib_is_clean(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert check() == (0, "", "no problems found\n")


def test_json_for_other_tools(owner: Path) -> None:
    status, out, _ = check("--format", "json", str(PROBLEMS))
    findings = json.loads(out)
    assert status == 1 and len(findings) == len(EXPECTED)
    assert findings[0] == {"path": str(PROBLEMS), "line": 3, "level": "error", "code": "duplicate-key",
                           "message": "duplicate key 'dup' (first at line 2)"}


def test_warnings_fail_only_when_asked(owner: Path) -> None:
    (owner / "refs.bib").write_text("@article{k, title = {a title in lower case}, author = {Yao, Zhewei},"
                                    " journal = {J}, year = 2020}\n")
    assert check()[0] == 0
    assert check("--warnings-as-errors")[0] == 1


def test_several_files_as_pre_commit_passes_them(owner: Path) -> None:
    (owner / "a.bib").write_text("@misc{a, title = {A}, author = {Yao, Zhewei}, year = 2020}\n")
    (owner / "b.bib").write_text("@misc{b, title = {B}, author = {Yao, Zhewei}}\n")
    status, out, _ = check("a.bib", "b.bib")
    assert status == 0 and out == "b.bib:1: warning: entry 'b': has no year [missing-year]\n"


@pytest.mark.parametrize(
    "author",
    [r"\textbf{Yao, Z.} and Gholami, A.", r"{\bf Yao}, {\bf Zhewei} and Gholami, A.",
     "{Zhewei Yao} and {Amir Gholami}", "Gholami, A. and {Yao}, Z. and {others}"],
)
def test_the_owner_in_a_cv_s_spelling_is_not_missing(owner: Path, author: str) -> None:
    (owner / "refs.bib").write_text(f"@misc{{k, title = {{A}}, author = {{{author}}}, year = 2020}}\n")
    status, out, _ = check()
    assert (status, out) == (0, "")


@pytest.mark.parametrize(
    "month",
    ["{18--24 Jul}", "{10--15 Jun}", 'jul # "~10"', "{December 9--14}", "{Jul--Aug}", "{Sept.}", "7",
     "{07}", "jul"],
)
def test_real_month_forms_are_months(owner: Path, month: str) -> None:
    # PMLR writes month = {18--24 Jul}; NeurIPS and ACL pages month = dec # "~6--12"
    (owner / "refs.bib").write_text(f"@misc{{k, title = {{A}}, author = {{Yao, Zhewei}}, month = {month}, year = 2021}}\n")
    assert check()[:2] == (0, "")


@pytest.mark.parametrize("month", ["{Summer}", "{13}", "{Juliet}", "{Q3}"])
def test_what_names_no_month_is_still_reported(owner: Path, month: str) -> None:
    (owner / "refs.bib").write_text(f"@misc{{k, title = {{A}}, author = {{Yao, Zhewei}}, month = {month}, year = 2021}}\n")
    value = month.strip("{}")
    assert check()[:2] == (0, f"refs.bib:1: warning: entry 'k', field 'month': '{value}' is not a month [bad-month]\n")


# al-folio's and Hugo's flags, written bare (issue 16 item 21, issue 17 item 21)
FLAGS = """\
@article{a, title = {Alpha}, author = {Yao, Zhewei}, journal = {J}, year = 2020, selected = true,
  bibtex_show = True, altmetric = true}
@article{b, title = {Beta}, author = {Yao, Zhewei}, journal = {J}, year = 2021, selected = false,
  featured = NO, dimensions = yes}
@article{c, title = {Gamma}, author = {Yao, Zhewei}, journal = {J}, year = 2019, featured = yes}
"""


def test_bare_flags_are_accepted_silently_by_check_and_render(owner: Path) -> None:
    (owner / "refs.bib").write_text(FLAGS)
    assert check() == (0, "", "no problems found\n")
    out, err = io.StringIO(), io.StringIO()
    assert cli.run(["render", "--selected", "--strict"], out, err) == 0
    assert err.getvalue() == ""
    assert [line[4:-4] for line in out.getvalue().splitlines() if line.startswith("- **")] == ["Alpha", "Gamma"]


@pytest.mark.parametrize(("field", "word"), [("selected", "maybe"), ("note", "true"), ("title", "yes")])
def test_a_bare_word_that_is_no_flag_is_still_an_undefined_string(owner: Path, field: str, word: str) -> None:
    fields = {"title": "{T}", "author": "{Yao, Zhewei}", "year": "2020", field: word}
    (owner / "refs.bib").write_text("@misc{k,\n" + ",\n".join(f"  {k} = {v}" for k, v in fields.items())
                                    + "\n}\n")
    line = 2 + list(fields).index(field)
    assert (f"refs.bib:{line}: warning: entry 'k', field '{field}': undefined @string '{word}' (put "
            "text in braces) [undefined-string]") in check()[1].splitlines()


@pytest.mark.parametrize("author", [
    "The {ATLAS} Collaboration, Authors: Aad, G., Abbott, B.",   # INSPIRE's collaboration papers, pasted
    "Yao, Zhewei, Gholami, Amir, Keutzer, Kurt",                 # a list written with commas for 'and'
])
def test_too_many_commas_in_a_name_is_bibtex_s_error(owner: Path, author: str) -> None:
    (owner / "refs.bib").write_text(f"@article{{k, title = {{T}}, journal = {{J}}, year = 2020,\n"
                                    f"  author = {{Yao, Zhewei and {author}}}}}\n")
    status, out, _ = check()
    commas = author.count(",")
    assert status == 1
    assert out.splitlines()[0] == (
        f"refs.bib:2: error: entry 'k', field 'author': name 2 ('{author}') has {commas} commas; BibTeX "
        "reads at most two (von Last, Jr, First) and reports \"Too many commas in name\": separate the "
        "names with 'and', or brace a group's name [too-many-commas]")


def test_two_commas_and_braced_commas_are_fine(owner: Path) -> None:
    (owner / "refs.bib").write_text("@article{k, title = {T}, journal = {J}, year = 2020,\n"
                                    "  author = {Yao, Jr., Zhewei and {Team A, B and C}}}\n")
    assert check() == (0, "", "no problems found\n")


@pytest.mark.parametrize(("field", "value"), [("pages", "{}"), ("note", '""'), ("volume", "{ }"),
                                              ("doi", "{}"), ("url", "{}"), ("eprint", "{}")])
def test_every_empty_field_is_reported(owner: Path, field: str, value: str) -> None:
    (owner / "refs.bib").write_text("@article{k, title = {T}, author = {Yao, Zhewei}, journal = {J},\n"
                                    f"  year = 2020, {field} = {value}}}\n")
    # al-folio sites leave doi={} and url={} empty: sync fills a doi, never a url
    hint = "publist sync fills it where it can" if field in ("doi", "eprint") else "fill it in or remove it"
    assert check() == (0, f"refs.bib:2: warning: entry 'k', field '{field}': is empty ({hint}) [empty-field]\n",
                       "0 error(s), 1 warning(s)\n")


KWIAT = DATA / "wild" / "lab-kwiat.bib"  # Mendeley Desktop's export: eprint = {9905086}, arxivId = {quant-ph/9905086}


def test_mendeley_s_old_arxiv_ids_without_their_archive_say_the_id_to_write(owner: Path) -> None:
    status, out, _ = check(str(KWIAT))
    said = [line.split(": error: ", 1)[1] for line in out.splitlines() if "[bad-arxiv-id]" in line]
    assert status == 1 and said == [
        f"entry '{key}', field 'eprint': '{number}' is not an arXiv id: an id from before April 2007 "
        f"starts with its archive (eprint = {{{archive}/{number}}}) [bad-arxiv-id]"
        for key, number, archive in (("Kwiat2000a", "9905086", "quant-ph"), ("Kwiat1999", "9810003", "quant-ph"),
                                     ("Peters2005", "0502177", "quant-ph"), ("Graham2013", "0601033", "quant-ph"))
    ]


@pytest.mark.parametrize(("fields", "hint"), [
    ("primaryClass = {hep-th}", ": an id from before April 2007 starts with its archive (eprint = {hep-th/9901001})"),
    ("primaryClass = {math.AG}", ": an id from before April 2007 starts with its archive (eprint = {math/9901001})"),
    ("primaryClass = {arXiv:cond-mat.str-el}",
     ": an id from before April 2007 starts with its archive (eprint = {cond-mat/9901001})"),
    ("primaryClass = {nonsense}", ""),  # no archive of arXiv's: nothing to suggest
    ("", ""),
])
def test_an_old_arxiv_number_takes_its_archive_from_the_primary_class(owner: Path, fields: str, hint: str) -> None:
    (owner / "refs.bib").write_text("@article{k, title = {T}, author = {Yao, Zhewei}, journal = {J}, year = 1999,\n"
                                    f"  archivePrefix = {{arXiv}}, eprint = {{9901001}}, {fields}}}\n")
    said = f"refs.bib:2: error: entry 'k', field 'eprint': '9901001' is not an arXiv id{hint} [bad-arxiv-id]\n"
    assert check() == (1, said, "1 error(s), 0 warning(s)\n")


def test_a_missing_file_does_not_hide_the_findings_of_the_others(owner: Path) -> None:
    (owner / "a.bib").write_text("@misc{a, title = {A}, author = {Yao, Zhewei}}\n")
    (owner / "folder.bib").mkdir()
    status, out, err = check("a.bib", "missing.bib", "folder.bib")
    assert status == 1
    assert out == ("a.bib:1: warning: entry 'a': has no year [missing-year]\n"
                   "missing.bib: error: no such file [unreadable]\n"
                   "folder.bib: error: is a folder, not a .bib file [unreadable]\n")
    assert err == "2 error(s), 1 warning(s)\n"


def test_a_title_a_journal_prints_in_every_issue_is_not_the_same_paper_twice(owner: Path) -> None:
    # EPODD's "Editorial" (tests/data/realworld/epodd.bib) by the same editors in 20 issues was
    # reported 20 times as the same paper as the first
    _, out, _ = check("--config", str(owner / "config.toml"), str(DATA / "realworld" / "epodd.bib"))
    assert "[same-paper]" not in out


@pytest.mark.parametrize(("second", "reported"), [
    # published apart: another year, volume, issue or pages, another DOI (a journal extension)
    ("journal = {J}, year = 2019, volume = 2, number = 1, pages = {1--2}", False),
    ("journal = {J}, year = 2018, volume = 2, number = 1, pages = {1--2}", False),
    ("journal = {J}, year = 2018, volume = 1, number = 2, pages = {1--2}", False),
    ("journal = {J}, year = 2018, volume = 1, number = 1, pages = {5--6}", False),
    ("journal = {K}, year = 2018, doi = {10.1000/journal}", False),
    # the same place, written another way, or nothing that tells them apart: one paper twice
    ("journal = {J}, year = 2018, volume = {1}, number = { 1 }, pages = {1-2}", True),
    ("journal = {K}, year = 2018", True),
    ("journal = {J}, year = 2018, volume = 1", True),
])
def test_a_shared_title_is_the_same_paper_only_where_nothing_tells_them_apart(
        owner: Path, second: str, reported: bool) -> None:
    (owner / "refs.bib").write_text(
        "@article{a, title = {Editorial}, author = {Yao, Zhewei and Li, Jinglai}, journal = {J}, year = 2018,\n"
        "  volume = 1, number = 1, pages = {1--2}, doi = {10.1000/conf}}\n"
        f"@article{{b, title = {{Editorial}}, author = {{Li, J. and Yao, Z.}}, {second}}}\n")
    out = check()[1]
    assert ("refs.bib:3: warning: entry 'b': the same title and an author as 'a' (line 1) [same-paper]\n"
            in out) is reported


@pytest.mark.parametrize("author", [
    "Aa, Bb, Cc,",                  # von Last, Jr, First and a comma BibTeX drops
    "Serrano, Nicholas,",           # tests/data/wild/cv-harmon.bib: "Serrano, Nicholas, and Young, ..."
    "Chen, Po Hao,",                # tests/data/wild/lab-schwarzkopf.bib
    "{Team A, B}, Jr., C.,",        # braced commas are no commas
])
def test_a_trailing_comma_is_one_warning_and_its_commas_are_counted_without_it(owner: Path, author: str) -> None:
    (owner / "refs.bib").write_text("@article{k, title = {T}, journal = {J}, year = 2020,\n"
                                    f"  author = {{Yao, Zhewei and {author} and Young, Allison}}}}\n")
    status, out, _ = check()
    assert status == 0
    assert out.splitlines() == [
        (f"refs.bib:2: warning: entry 'k', field 'author': name '{author}' has a comma at the end, which "
        f"BibTeX drops with a warning; read as '{author[:-1]}' (remove the comma) [trailing-comma]")]


def test_too_many_commas_before_a_trailing_one_are_still_too_many(owner: Path) -> None:
    (owner / "refs.bib").write_text("@article{k, title = {T}, journal = {J}, year = 2020,\n"
                                    "  author = {Yao, Zhewei and Aa, Bb, Cc, Dd,}}\n")
    status, out, _ = check()
    assert status == 1
    assert out.splitlines() == [
        ("refs.bib:2: error: entry 'k', field 'author': name 2 ('Aa, Bb, Cc, Dd,') has 3 commas before the "
        "one at the end; BibTeX reads at most two (von Last, Jr, First) and reports \"Too many commas in "
        "name\": separate the names with 'and', or brace a group's name [too-many-commas]"),
        ("refs.bib:2: warning: entry 'k', field 'author': name 'Aa, Bb, Cc, Dd,' has a comma at the end, "
        "which BibTeX drops with a warning; read as 'Aa, Bb, Cc, Dd' (remove the comma) [trailing-comma]")]


# --- an erratum beside its article: a note, not the same paper twice -------------------------

ARTICLE = ("@article{Barrette:1996rs, author = {Barrette, J. and others}, title = {{Energy and charged particle "
           "flow in a 10.8-A/GeV/c Au + Au collisions}}, journal = {Phys. Rev. C}, volume = {55}, year = {1997},\n"
           "  doi = {10.1103/PhysRevC.55.1420, 10.1103/PhysRevC.56.2336}}\n")


@pytest.mark.parametrize(
    ("erratum", "shared"),
    [
        # INSPIRE's article lists its erratum's DOI after its own; the erratum's own entry, under any title
        ("title = {Erratum}, doi = {10.1103/PhysRevC.56.2336}", "DOI 10.1103/PhysRevC.56.2336"),
        (("title = {{Energy and charged particle flow in a 10.8-A/GeV/c Au + Au collisions}}, "
         "doi = {https://doi.org/10.1103/physrevc.56.2336}"), "DOI 10.1103/physrevc.56.2336"),
        # titled as a correction, with the article's own DOI (copied from the article)
        (("title = {Erratum: {Energy and charged particle flow} [{Phys. Rev. C} 55, 1420 (1997)]}, "
         "doi = {10.1103/PhysRevC.55.1420}"), "DOI 10.1103/PhysRevC.55.1420"),
        ("title = {Publisher{\\textquoteright}s Note: Energy flow}, doi = {10.1103/PhysRevC.55.1420}",
         "DOI 10.1103/PhysRevC.55.1420"),
        ("title = {Corrigendum to ``Energy flow''}, doi = {10.1103/PhysRevC.55.1420}", "DOI 10.1103/PhysRevC.55.1420"),
        ("title = {Author Correction: Energy flow}, doi = {10.1103/PhysRevC.55.1420}", "DOI 10.1103/PhysRevC.55.1420"),
        # Optica's "...: erratum" (tests/data/wild/lab-kwiat.bib), sharing the article's arXiv id
        ("title = {{Energy and charged particle flow: erratum}}, eprint = {nucl-ex/9610006}", "arXiv nucl-ex/9610006"),
    ],
)
def test_an_erratum_of_a_paper_is_a_note_not_the_same_paper_twice(owner: Path, erratum: str, shared: str) -> None:
    (owner / "config.toml").write_text('[owner]\nnames = ["J. Barrette"]\n')
    article = ARTICLE.replace("year = {1997},", "year = {1997}, eprint = {nucl-ex/9610006},")
    entry = f"@article{{err, author = {{Barrette, J.}}, journal = {{Phys. Rev. C}}, year = {{1997}},\n  {erratum}}}\n"
    (owner / "refs.bib").write_text(article + entry)
    status, out, err = check("--warnings-as-errors")  # a note fails nothing
    assert (status, err) == (0, "no problems found, 1 note(s)\n"), out
    assert out == (f"refs.bib:3: note: entry 'err': an erratum of 'Barrette:1996rs' (line 1), which shares its "
                   f"{shared}; not the same paper twice [erratum]\n")
    (owner / "refs.bib").write_text(entry + article)  # the erratum first: said of the erratum all the same
    assert check()[1].startswith("refs.bib:1: note: entry 'err': an erratum of 'Barrette:1996rs' (line 3)")


@pytest.mark.parametrize(
    "second",
    [
        "title = {Another copy}, doi = {10.1103/PhysRevC.55.1420}",  # a copy by its DOI
        # the article's DOIs in another order is still the article, not its erratum
        "title = {Energy flow}, doi = {10.1103/PhysRevC.55.1420; 10.1103/PhysRevC.56.2336}",
    ],
)
def test_a_copy_of_a_paper_is_still_the_same_paper_twice(owner: Path, second: str) -> None:
    (owner / "refs.bib").write_text(ARTICLE + f"@article{{copy, author = {{Barrette, J.}}, year = {{1997}}, {second}}}\n")
    out = check()[1]
    assert "refs.bib:3: error: entry 'copy': the same DOI 10.1103/PhysRevC.55.1420 as 'Barrette:1996rs' (line 1)" in out
    assert "[erratum]" not in out


def test_two_copies_of_an_erratum_or_a_correcting_paper_are_the_same_paper_twice(owner: Path) -> None:
    (owner / "refs.bib").write_text(
        "@article{e1, title = {Erratum: Energy flow}, author = {Barrette, J.}, year = 1997, doi = {10.1103/PhysRevC.56.2336}}\n"
        "@article{e2, title = {Erratum}, author = {Barrette, J.}, year = 1997, doi = {10.1103/PhysRevC.56.2336}}\n"
        "@article{c1, title = {Correction of aberrations}, author = {Yao, Zhewei}, year = 2020, doi = {10.1000/c}}\n"
        "@article{c2, title = {Correction of Aberrations}, author = {Yao, Z.}, year = 2020, doi = {10.1000/C}}\n")
    assert [line.split(": the same")[0] for line in check()[1].splitlines() if "[same-paper]" in line] == [
        "refs.bib:2: error: entry 'e2'", "refs.bib:4: error: entry 'c2'"]


def test_a_note_is_in_the_json_as_a_note(owner: Path) -> None:
    (owner / "config.toml").write_text('[owner]\nnames = ["J. Barrette"]\n')
    (owner / "refs.bib").write_text(ARTICLE + "@article{err, title = {Erratum}, author = {Barrette, J.}, year = 1997,"
                                    " doi = {10.1103/PhysRevC.56.2336}}\n")
    status, out, _ = check("--format", "json", "--warnings-as-errors")
    assert status == 0
    assert [(f["line"], f["level"], f["code"]) for f in json.loads(out)] == [(3, "note", "erratum")]
