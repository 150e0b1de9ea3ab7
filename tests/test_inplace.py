"""publist render --inplace: the list between markers, everything else byte for byte."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from publist import cli

from conftest import ROOT

README = """\
# Zhewei Yao

Some text that stays.

## Selected papers

<!-- publist:start selected -->
(old list)
<!-- publist:end -->

## Since 2019, journals and conferences

<!-- publist:start since=2019 type=journal,conference limit=2 -->
<!-- publist:end -->

```markdown
<!-- publist:start -->
a marker in a code fence is text
```
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    bib = (ROOT / "refs.bib").read_text()
    # two selected papers, flagged as al-folio and Hugo write it
    bib = bib.replace("@misc{yao2019pyhessian,\n", "@misc{yao2019pyhessian,\n  selected      = {true},\n")
    bib = bib.replace("@inproceedings{yao2018hessian,\n", "@inproceedings{yao2018hessian,\n  featured = \"yes\",\n")
    (tmp_path / "refs.bib").write_text(bib)
    (tmp_path / "config.toml").write_text((ROOT / "config.toml").read_text())
    return tmp_path


def render(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = cli.run(["render", *argv], out, err)
    return status, out.getvalue(), err.getvalue()


def titles(block: str) -> list[str]:
    return [line[4:].split("**")[0] for line in block.splitlines() if line.startswith("- **")]


def between(text: str, n: int) -> str:
    """The text of the n-th block."""
    return text.split("<!-- publist:start")[n + 1].split(" -->\n", 1)[1].split("<!-- publist:end -->")[0]


def test_two_blocks_with_their_own_options_and_every_other_byte_kept(project: Path) -> None:
    (project / "README.md").write_text(README)
    status, out, err = render("--inplace", "README.md")
    assert (status, out, err) == (0, "", "README.md: updated\n")
    text = (project / "README.md").read_text()
    assert titles(between(text, 0)) == [
        "PyHessian: Neural Networks Through the Lens of the Hessian",
        "Hessian-based Analysis of Large Batch Training and Robustness to Adversaries"]
    second = between(text, 1)
    assert titles(second) == ["Q-BERT: Hessian Based Ultra Low Precision Quantization of BERT",
                              "ANODEV2: A Coupled Neural ODE Evolution Framework"]
    # outside the blocks, nothing changed; the marker in the code fence was left alone
    outside = README.replace("(old list)\n", "")
    assert text.replace(between(text, 0), "").replace(second, "") == outside


def test_a_second_run_changes_nothing_and_keeps_the_time_stamp(project: Path) -> None:
    (project / "README.md").write_text(README)
    assert render("--inplace", "README.md")[0] == 0
    os.utime(project / "README.md", (1_000_000_000, 1_000_000_000))
    assert render("--inplace", "README.md") == (0, "", "up to date\n")
    assert (project / "README.md").stat().st_mtime == 1_000_000_000


def test_crlf_files_keep_their_line_endings(project: Path) -> None:
    data = README.replace("\n", "\r\n").encode()
    (project / "README.md").write_bytes(data)
    assert render("--inplace", "README.md")[0] == 0
    written = (project / "README.md").read_bytes()
    assert b"\n" not in written.replace(b"\r\n", b"")
    assert written.startswith(data.split(b"(old list)")[0])
    assert written.endswith(data.split(b"<!-- publist:start since=2019 type=journal,conference limit=2 -->"
                                       b"\r\n<!-- publist:end -->")[1])


def test_html_and_latex_files_by_extension(project: Path) -> None:
    (project / "index.html").write_text("<main>\n  <!-- publist:start limit=1 -->\n  <!-- publist:end -->\n</main>\n")
    (project / "cv.tex").write_text("\\section{Papers}\n% publist:start group_by=year limit=3\n% publist:end\n")
    status, _, err = render("--inplace", "index.html", "cv.tex")
    assert status == 0, err
    html = (project / "index.html").read_text()
    assert html.startswith('<main>\n  <!-- publist:start limit=1 -->\n<ul class="publist">\n<li class="publist-entry"')
    assert html.count("<li ") == 1 and html.endswith("</ul>\n  <!-- publist:end -->\n</main>\n")
    tex = (project / "cv.tex").read_text()
    assert tex.startswith("\\section{Papers}\n% publist:start group_by=year limit=3\n\\subsection*{2020}\n")
    assert tex.count("\\item ") == 3 and tex.endswith("\\end{itemize}\n% publist:end\n")


@pytest.mark.parametrize(("text", "message"), [
    ("a\n<!-- publist:start -->\nb\n", "README.md:2: publist:start without publist:end"),
    ("a\n<!-- publist:end -->\n", "README.md:2: publist:end without publist:start"),
    ("<!-- publist:start -->\n<!-- publist:start -->\n<!-- publist:end -->\n<!-- publist:end -->\n",
     ("README.md:2: publist:start inside the block that starts at line 1 (blocks cannot nest; close it "
     "with publist:end)")),
    ("no markers\n", ("README.md: no publist:start marker (put <!-- publist:start --> and its "
                     "publist:end where the list goes)")),
    ("<!-- publist:start limt=3 -->\n<!-- publist:end -->\n",
     "README.md:1: unknown option 'limt' (did you mean 'limit'?)"),
    ("<!-- publist:start since=soon -->\n<!-- publist:end -->\n",
     "README.md:1: 'since' must be a whole number, not 'soon'"),
    ("<!-- publist:start numbering=up -->\n<!-- publist:end -->\n",
     "README.md:1: 'render.numbering' must be one of 'none', 'ascending', 'descending', not 'up'"),
])
def test_bad_markers_are_one_line_and_nothing_is_written(project: Path, text: str, message: str) -> None:
    (project / "README.md").write_text(text)
    (project / "other.md").write_text(README)  # a good file named first is not written either
    status, out, err = render("--inplace", "other.md", "README.md")
    assert (status, out, err) == (1, "", message + "\n")
    assert (project / "README.md").read_text() == text
    assert (project / "other.md").read_text() == README


def test_a_file_of_unknown_kind_needs_format(project: Path) -> None:
    (project / "notes.txt").write_text("<!-- publist:start -->\n<!-- publist:end -->\n")
    assert render("--inplace", "notes.txt")[2] == "notes.txt: cannot tell the format from the extension; give --format\n"
    assert render("--inplace", "notes.txt", "--format", "md")[0] == 0
    assert "**PyHessian" in (project / "notes.txt").read_text()


def test_never_the_bibliography_and_not_with_output(project: Path) -> None:
    assert render("--inplace", "refs.bib")[0] == 1
    assert render("--inplace", "README.md", "-o", "x.md")[0] == 2
