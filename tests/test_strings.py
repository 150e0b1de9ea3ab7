"""@string macros defined in another .bib file (JabRef keeps its author macros in AuthorIDs.bib,
as tests/data/wild/jabref-cox.bib's Main.bib uses them): each undefined macro is reported once,
with how often it is used, and ``strings`` (``--strings``) names the file to read first."""

from __future__ import annotations

from pathlib import Path

import pytest

from publist.bib.reader import read

from conftest import DATA, run

STRINGS = '@string{CoxC = "Cox, Christopher R."}\n@string{RogersTT = "Rogers, Timothy T."}\n'
MAIN = ("@article{a,\n  title = {One},\n  author = CoxC # \" and \" # RogersTT,\n  journal = {J},\n"
        "  year = 2015\n}\n@article{b,\n  title = {Two},\n  author = CoxC,\n  journal = {J},\n"
        "  year = 2016\n}\n@article{c,\n  title = {Three},\n  author = CoxC,\n  year = 2017\n}\n")


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


# --- many undefined macros: a few named, the rest counted in one line ------------------------


def _undefined(text: str, path: str = "Main.bib") -> list[str]:
    return [str(d) for d in read(text, path, recover=True).diagnostics if "@string" in d.message]


def test_a_library_without_its_strings_file_gives_a_few_lines_and_the_count() -> None:
    lines = _undefined((DATA / "wild" / "jabref-cox.bib").read_text(encoding="utf-8"), "jabref-cox.bib")
    assert len(lines) == 6  # was 288, one per macro
    assert [line.split("undefined @string ")[1].split(" ")[0] for line in lines[:5]] == [
        "'Acosta-CabroneroJ'", "'PattersonK'", "'FryerTD'", "'HodgesJR'", "'PengasG'"]
    assert lines[5] == (
        "jabref-cox.bib:7: 287 @string macros are used and defined nowhere in this file (the first 5 named "
        "above, 282 more): if another .bib file defines them, have it read first (strings = [\"strings.bib\"] "
        "in config.toml, or --strings strings.bib)")


@pytest.mark.parametrize(("macros", "named", "summary"), [
    (2, 2, "2 @string macros are used and defined nowhere in this file: "),
    (5, 5, "5 @string macros are used and defined nowhere in this file: "),
    (6, 5, "6 @string macros are used and defined nowhere in this file (the first 5 named above, 1 more): "),
    (40, 5, "40 @string macros are used and defined nowhere in this file (the first 5 named above, 35 more): "),
])
def test_past_five_undefined_macros_only_the_count_grows(macros: int, named: int, summary: str) -> None:
    # in a bare value and in a concatenation, as JabRef writes authors
    text = "".join(f"@misc{{k{n}, title = {{T}}, author = M{n} # \" and \" # M{n}, journal = M{n}}}\n"
                   for n in range(macros))
    lines = _undefined(text)
    assert len(lines) == named + 1
    assert [line.split("'")[5] for line in lines[:named]] == [f"M{n}" for n in range(named)]
    assert all("used 3 times in this file, this is the first" in line for line in lines[:named])
    assert lines[-1].startswith(f"Main.bib:1: {summary}if another .bib file defines them")


# --- check on several files: BibTeX's order -------------------------------------------------

IEEE = DATA / "strings"


def test_check_reads_ieee_abbreviations_before_the_example_as_bibtex_does(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(IEEE)
    _, out, _ = run("check", "IEEEabrv.bib", "IEEEexample.bib")
    undefined = [line for line in out.splitlines() if "[undefined-string]" in line]
    # IEEEabrv.bib defines IEEE_J_EDL, IEEE_J_SAP ... (and this user's ICASSP, ISMIR); what is left
    # is what BibTeX finds undefined too: a month written 'sept', and SLT
    assert [line.split("'")[5] for line in undefined if "undefined @string" in line] == ["sept", "SLT"]
    assert len(undefined) == 3  # and the line that says what to do
    _, reversed_out, _ = run("check", "IEEEexample.bib", "IEEEabrv.bib")
    assert "undefined @string 'IEEE_J_EDL'" in reversed_out  # in the other order, as BibTeX says
    (tmp_path / "IEEEexample.bib").write_bytes((IEEE / "IEEEexample.bib").read_bytes())
    _, alone, _ = run("check", str(tmp_path / "IEEEexample.bib"), "--strings", "IEEEabrv.bib")
    assert [line for line in alone.splitlines() if "IEEE_J_" in line] == []


def test_a_missing_file_before_another_is_a_finding_and_lends_no_macros(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.bib").write_text('@string{j = "Journal"}\n@misc{a, title = {A}, journal = j}\n')
    (tmp_path / "b.bib").write_text("@misc{b, title = {B}, journal = j, howpublished = k}\n")
    _, out, _ = run("check", "missing.bib", "a.bib", "b.bib")
    assert "missing.bib: error:" in out
    assert [line.split(": ", 2)[2] for line in out.splitlines() if "@string" in line] == [
        "entry 'b', field 'howpublished': undefined @string 'k' (put text in braces) [undefined-string]"]


def test_a_missing_strings_file_is_said_once_and_the_files_are_still_checked(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "AuthorIDs.bib").write_text('@string{j = "Journal"}\n')
    (tmp_path / "a.bib").write_text("@misc{a, title = {A}, journal = j}\n")
    (tmp_path / "b.bib").write_text("@misc{b, title = {B}, journal = j}\n")
    _, out, _ = run("check", "a.bib", "b.bib", "--strings", "missing.bib", "--strings", "AuthorIDs.bib")
    assert [line for line in out.splitlines() if "missing.bib" in line] == [
        "missing.bib: error: no such file [unreadable]"]
    assert "a.bib:1: warning: entry 'a': has no author (or editor) [missing-author]" in out
    assert "b.bib:1: warning: entry 'b': has no author (or editor) [missing-author]" in out
    assert "@string" not in out  # AuthorIDs.bib, named after it, is still read
