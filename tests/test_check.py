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
