"""@string macros defined in another .bib file (JabRef keeps its author macros in AuthorIDs.bib,
as tests/data/wild/jabref-cox.bib's Main.bib uses them): each undefined macro is reported once,
with how often it is used, and ``strings`` (``--strings``) names the file to read first."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from publist import cli
from publist.bib.reader import read

STRINGS = '@string{CoxC = "Cox, Christopher R."}\n@string{RogersTT = "Rogers, Timothy T."}\n'
MAIN = ("@article{a,\n  title = {One},\n  author = CoxC # \" and \" # RogersTT,\n  journal = {J},\n"
        "  year = 2015\n}\n@article{b,\n  title = {Two},\n  author = CoxC,\n  journal = {J},\n"
        "  year = 2016\n}\n@article{c,\n  title = {Three},\n  author = CoxC,\n  year = 2017\n}\n")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = cli.run(list(argv), out, err)
    return status, out.getvalue(), err.getvalue()


def test_each_undefined_macro_is_reported_once_with_its_uses_and_what_to_do() -> None:
    bib = read(MAIN, "Main.bib", recover=True)
    assert [str(d) for d in bib.diagnostics] == [
        ("Main.bib:3: entry 'a', field 'author': undefined @string 'CoxC' (put text in braces); "
        "used 3 times in this file, this is the first"),
        "Main.bib:3: entry 'a', field 'author': undefined @string 'RogersTT' (put text in braces)",
        ("Main.bib:3: 2 @string macros are used and defined nowhere in this file: if another .bib "
        "file defines them, have it read first (strings = [\"strings.bib\"] in config.toml, or "
        "--strings strings.bib)"),
    ]


def test_a_macro_used_once_is_said_as_before() -> None:
    bib = read("@misc{k, journal = undefinedmacro}\n", recover=True)
    assert [str(d) for d in bib.diagnostics] == [
        "refs.bib:1: entry 'k', field 'journal': undefined @string 'undefinedmacro' (put text in braces)"]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "AuthorIDs.bib").write_text(STRINGS)
    (tmp_path / "Main.bib").write_text(MAIN)
    return tmp_path


LISTED = ["  C. R. Cox", "  C. R. Cox", "  C. R. Cox, T. T. Rogers"]


def test_strings_in_the_config_are_read_first(project: Path) -> None:
    (project / "config.toml").write_text('bib = "Main.bib"\nstrings = ["AuthorIDs.bib"]\n')
    status, out, err = run("render")
    assert (status, err) == (0, "")
    assert [line.rstrip() for line in out.splitlines() if "Cox" in line] == LISTED
    status, out, err = run("check")
    assert "undefined" not in out + err


def test_one_strings_file_may_be_written_as_a_string_and_the_option_wins(project: Path) -> None:
    (project / "config.toml").write_text('bib = "Main.bib"\nstrings = "missing.bib"\n')
    status, _, err = run("render")
    assert status == 1 and err.startswith("missing.bib")
    status, out, err = run("render", "--strings", "AuthorIDs.bib", "--format", "json")
    assert (status, err) == (0, "")
    assert '"family": "Rogers"' in out


def test_check_reads_them_too_and_without_them_says_what_to_do(project: Path) -> None:
    _, out, err = run("check", "Main.bib", "--strings", "AuthorIDs.bib")
    assert "undefined" not in out + err
    _status, out, _ = run("check", "Main.bib")
    assert [line.rsplit("[", 1)[1] for line in out.splitlines() if "@string" in line] == [
        "undefined-string]"] * 3


def test_a_strings_file_defines_macros_for_the_next_in_order(tmp_path: Path) -> None:
    from publist.api import read as read_file

    (tmp_path / "a.bib").write_text('@string{first = "Cox"}\n')
    (tmp_path / "b.bib").write_text('@string{name = first # ", Christopher"}\n')
    (tmp_path / "main.bib").write_text("@misc{k, title = {T}, author = name}\n")
    bib = read_file(tmp_path / "main.bib", None, [tmp_path / "a.bib", tmp_path / "b.bib"])
    assert bib.records[0].fields["author"] == "Cox, Christopher" and bib.diagnostics == []
