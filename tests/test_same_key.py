"""Two entries with one key are two entries everywhere (issue 21): render, its BibTeX details,
check and crossref take each entry by its place in the file, never by its key. sync and
``--upgrade`` are tested against the stand-ins in test_venues.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import DATA, run
from htmlcheck import check_html

SAME_KEY = (DATA / "identity" / "google-scholar-same-key.bib").read_text()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "config.toml").write_text('[owner]\nnames = ["Zhewei Yao"]\n[render]\nshow_bibtex = true\n'
                                          'private_fields = ["keywords"]\n')
    return tmp_path


def shown_bibtex(html: str) -> list[str]:
    """The BibTeX in each entry's details, in the list's order."""
    return [part.split("</pre>")[0] for part in html.split('<summary>BibTeX</summary>\n<pre>')[1:]]


def test_render_shows_both_with_each_one_s_own_bibtex(project: Path) -> None:
    # the second HAWQ carries a private file path: it must never show, least of all on the first
    hawq, hawq2 = SAME_KEY.split("\n\n")
    hawq2 = hawq2.replace("  year={2019}\n", "  year={2020},\n  file={/home/zhewei/hawq-v2.pdf}\n")
    (project / "refs.bib").write_text(hawq + "\n\n" + hawq2)
    status, html, err = run("render", "--format", "html")
    assert status == 0, err
    check_html(html)
    # the first in the file keeps its key; the second's HTML id is made unique, and render says so
    assert html.count('data-key="dong2019hawq"') == 1 and html.count('data-key="dong2019hawq-2"') == 1
    assert html.index('data-key="dong2019hawq-2"') < html.index("HAWQ-V2") < html.index('data-key="dong2019hawq"')
    assert "duplicate key 'dong2019hawq': its HTML data-key is 'dong2019hawq-2'" in err
    first, second = shown_bibtex(html)  # the newest first
    assert first.startswith("@article{dong2019hawq,\n  title={HAWQ-V2:") and "1911.03852" in first
    assert second.startswith("@article{dong2019hawq,\n  title={Hawq:") and "1905.03696" in second
    assert "hawq-v2.pdf" not in html and "file=" not in html


def test_a_one_line_entry_keeps_its_closing_brace_when_two_private_fields_are_cut(project: Path) -> None:
    (project / "refs.bib").write_text(
        "@misc{a, title={A}, author={Yao, Zhewei}, year={2020}, file={/home/me/a.pdf}, keywords={x}}\n"
        "@misc{b, title={B}, keywords={x}, author={Yao, Zhewei}, year={2019}, file={/home/me/b.pdf}}\n")
    status, html, err = run("render", "--format", "html")
    assert status == 0, err
    assert shown_bibtex(html) == ["@misc{a, title={A}, author={Yao, Zhewei}, year={2020}}",
                                  "@misc{b, title={B}, author={Yao, Zhewei}, year={2019}}"]


def test_check_names_each_entry_by_its_own_line(project: Path) -> None:
    (project / "refs.bib").write_text(SAME_KEY.replace("Hawq: Hessian aware", "hawq: hessian aware")
                                      .replace("1911.03852},\n", "1911.03852},\n  month={13},\n"))
    status, out, _ = run("check")
    assert status == 1
    assert out.splitlines() == [
        ("refs.bib:2: warning: entry 'dong2019hawq', field 'title': written all in lower case (as Google "
         "Scholar exports titles); capitals are lost [title-case]"),
        "refs.bib:8: error: duplicate key 'dong2019hawq' (first at line 1) [duplicate-key]",
        "refs.bib:12: warning: entry 'dong2019hawq', field 'month': '13' is not a month [bad-month]",
    ]


def test_a_crossref_names_the_first_entry_of_a_repeated_key_and_the_second_is_shown(project: Path) -> None:
    (project / "refs.bib").write_text(
        "@inproceedings{paper, title={A Paper}, author={Yao, Zhewei}, crossref={iccv2019}}\n"
        "@proceedings{iccv2019, title={Proceedings of ICCV 2019}, year={2019}}\n"
        "@article{iccv2019, title={Another Paper}, author={Yao, Zhewei}, journal={J}, year={2018}}\n")
    status, out, err = run("render", "--format", "md")
    assert status == 0, err
    assert "**A Paper**" in out and "Proc. ICCV 2019" in out  # the parent's title, shortened
    assert "**Another Paper**" in out  # not taken for the parent, which is not listed
