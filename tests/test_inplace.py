"""publist render --inplace: the list between markers, everything else byte for byte."""

from __future__ import annotations

import io
import os
import re
import threading
from pathlib import Path

import pytest

from publist import cli
from publist.errors import PublistError

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


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_old_mac_files_keep_their_line_endings(project: Path, newline: str) -> None:
    data = README.replace("\n", newline).encode()
    (project / "README.md").write_bytes(data)
    assert render("--inplace", "README.md")[0] == 0
    written = (project / "README.md").read_bytes()
    assert written.count(newline.encode()) > data.count(newline.encode())  # the list's lines too
    assert set(re.findall(rb"\r\n|\r|\n", written)) == {newline.encode()}
    assert written.startswith(data.split(b"(old list)")[0])
    end = b"<!-- publist:start since=2019 type=journal,conference limit=2 -->" + newline.encode()
    assert written.endswith(data.split(end + b"<!-- publist:end -->")[1])
    # and read back as \n, it is what an LF file gets
    (project / "lf.md").write_text(README)
    assert render("--inplace", "lf.md")[0] == 0
    assert written.decode().replace(newline, "\n") == (project / "lf.md").read_text()


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_marker_messages_in_crlf_and_old_mac_files_name_the_line(project: Path, newline: str) -> None:
    text = "# Me\n\n<!-- publist:start -->\n<!-- publist:end -->\n\n<!-- publist:end -->\n"
    (project / "README.md").write_bytes(text.replace("\n", newline).encode())
    (project / "cv.tex").write_bytes("% cv\n\n% publist:start\n% publist:start\n".replace("\n", newline).encode())
    assert render("--inplace", "README.md")[2] == "README.md:6: publist:end without publist:start\n"
    assert render("--inplace", "cv.tex")[2] == (
        "cv.tex:4: publist:start inside the block that starts at line 3 (blocks cannot nest; close it "
        "with publist:end)\n")


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
     "README.md:1: 'numbering' must be one of 'none', 'ascending', 'descending', not 'up'"),
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
    assert render("--inplace", "refs.bib")[0] == 2
    assert render("--inplace", "README.md", "-o", "x.md")[0] == 2


FILLED_LATER = "<!-- publist:start limit=1 -->\n<!-- publist:end -->\n"


@pytest.mark.parametrize("spoil", ["read-only", "hard link", "folder read-only", "pipe"])
def test_several_files_are_all_checked_before_any_is_written(
        project: Path, monkeypatch: pytest.MonkeyPatch, spoil: str) -> None:
    (project / "a.md").write_text(README)
    (project / "docs").mkdir()
    second = project / "docs" / "b.md"
    second.write_text(FILLED_LATER)
    if spoil == "read-only":
        second.chmod(0o444)
        message = "docs/b.md: is read-only; nothing written (make it writable first)"
    elif spoil == "hard link":
        os.link(second, project / "b-copy.md")
        message = ("docs/b.md: has 2 hard links, which replacing it would split apart; nothing "
                   "written (use a symbolic link instead)")
    elif spoil == "folder read-only":  # as a user who is not root finds a folder of someone else's
        real_access = os.access
        monkeypatch.setattr(os, "access", lambda p, mode: p != str(project / "docs") and real_access(p, mode))
        message = (f"docs/b.md: its folder ({project / 'docs'}) is read-only, and replacing the file "
                   "writes beside it; nothing written")
    else:
        second.unlink()
        os.mkfifo(second)
        message = "docs/b.md: is not a regular file (a pipe or a device); nothing written"
        # a writer, so that reading the pipe (as publist must not) ends instead of waiting forever
        threading.Thread(target=lambda: open(second, "wb").close(), daemon=True).start()
    status, out, err = render("--inplace", "a.md", "docs/b.md")
    if spoil == "pipe":  # let the writer go
        os.close(os.open(second, os.O_RDONLY | os.O_NONBLOCK))
    assert (status, out, err) == (1, "", message + "\n")
    assert (project / "a.md").read_text() == README


def test_a_shell_pipe_is_refused_as_a_named_pipe_is(project: Path) -> None:
    # what `publist render --inplace <(cat README.md)` passes: /dev/fd/N, a link to a pipe
    (project / "a.md").write_text(README)
    reading, writing = os.pipe()
    os.write(writing, README.encode())
    os.close(writing)
    try:
        status, out, err = render("--format", "md", "--inplace", "a.md", f"/dev/fd/{reading}")
    finally:
        os.close(reading)
    assert (status, out, err) == (
        1, "", f"/dev/fd/{reading}: is not a regular file (a pipe or a device); nothing written\n")
    assert (project / "a.md").read_text() == README


def test_a_write_that_fails_half_way_says_what_was_and_was_not_written(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from publist import fileio

    for name in ("a.md", "b.md", "c.md"):
        (project / name).write_text(FILLED_LATER)
    real_write = fileio.write_atomic

    def disk_full_at_b(path: str, data: bytes) -> None:
        if path == "b.md":
            raise PublistError("b.md: cannot write: No space left on device")
        real_write(path, data)

    monkeypatch.setattr(fileio, "write_atomic", disk_full_at_b)
    status, _, err = render("--inplace", "a.md", "b.md", "c.md")
    assert (status, err) == (1, ("a.md: updated\nb.md: cannot write: No space left on device; "
                                "written: a.md; not written: b.md, c.md\n"))
    assert "PyHessian" in (project / "a.md").read_text()
    assert (project / "b.md").read_text() == (project / "c.md").read_text() == FILLED_LATER


CV_TYP = """\
= Zhewei Yao
How to put the list in (a raw block, which shows the markers as text):
```typ
// publist:start selected
// publist:end
```
or inline: `// publist:start` and ``` // publist:end ```, and `a
// publist:start
` across lines.
/* commented out:
// publist:start
/* nested */
// publist:end
*/
== Selected papers
// publist:start selected
// publist:end
Written with \\`// publist:start\\` escaped backticks that open nothing.
"""


def test_a_typst_marker_in_raw_text_or_a_block_comment_is_text(project: Path) -> None:
    (project / "cv.typ").write_text(CV_TYP)
    status, _, err = render("--inplace", "cv.typ")
    assert status == 0, err
    new = (project / "cv.typ").read_text()
    head, block = new.split("== Selected papers\n// publist:start selected\n")
    assert head == CV_TYP.split("== Selected papers\n")[0]  # every quoted marker left as it was
    listed, tail = block.split("// publist:end\n")
    assert listed.count("- #strong[") == 2  # the two selected papers
    assert tail == "Written with \\`// publist:start\\` escaped backticks that open nothing.\n"


def test_a_typst_marker_after_a_closed_raw_block_is_a_marker() -> None:
    from publist.inplace import blocks

    text = "```\nraw\n```\n// publist:start\n// publist:end\n"
    assert [b.line for b in blocks(text, "cv.typ", "typst")] == [4]


@pytest.mark.parametrize("name", ["README.md", "index.html"])
@pytest.mark.parametrize(("text", "line", "opened"), [
    # a block "commented out" by a comment around it: the marker's own '-->' ends that comment,
    # so the list would be written where the page shows it, and the lone '-->' after it too
    ("# Papers\n\n<!--\n<!-- publist:start -->\n<!-- publist:end -->\n-->\n", 4, 3),
    ("<!-- old list, kept for later\n\nnotes\n<!-- publist:start limit=1 -->\n<!-- publist:end -->\n-->\n", 4, 1),
    ("<!-- a --> <!-- b\n<!-- publist:start -->\n<!-- publist:end -->\n", 2, 1),
])
def test_a_marker_inside_an_html_comment_is_one_line_and_nothing_is_written(
        project: Path, name: str, text: str, line: int, opened: int) -> None:
    (project / name).write_text(text)
    status, out, err = render("--inplace", name)
    assert (status, out) == (1, "")
    assert err == (f"{name}:{line}: this marker stands inside the HTML comment opened at line {opened}, "
                   "which its '-->' ends (comments do not nest); take it out of the comment, or remove "
                   "the block\n")
    assert (project / name).read_text() == text


@pytest.mark.parametrize("name", ["README.md", "index.html"])
def test_a_comment_closed_before_the_marker_leaves_it_a_marker(project: Path, name: str) -> None:
    text = "<!-- a --> <!--\nb -->\n<!--\n-->\n<!-- publist:start limit=1 -->\n<!-- publist:end -->\n"
    (project / name).write_text(text)
    assert render("--inplace", name)[0] == 0
    assert (project / name).read_text().count("Through the Lens of the Hessian") == 1


def test_a_file_named_twice_is_one_file_written_once(project: Path) -> None:
    # README.md, ./README.md and a link to it were each rendered, written and reported "updated"
    (project / "README.md").write_text(FILLED_LATER)
    (project / "other.md").write_text(FILLED_LATER)
    (project / "link.md").symlink_to("README.md")
    status, _, err = render("--inplace", "README.md", "other.md", "./README.md", "link.md",
                              str(project / "README.md"))
    assert (status, err) == (0, "README.md: updated\nother.md: updated\n")
    assert (project / "link.md").is_symlink()
    assert render("--inplace", "README.md", "link.md", "other.md")[2] == "up to date\n"


# --- markers in a page's <pre>/<script> or a LaTeX verbatim environment are text ------------------

HTML_PAGE = """\
<!-- the list below; use <pre> for examples -->
<h2>Publications</h2>
<!-- publist:start limit=1 -->
<!-- publist:end -->
<h2>How this page is made</h2>
<pre>
<!-- publist:start selected -->
<!-- publist:end -->
</pre>
<PRE class="example"><code><!-- publist:start -->
<!-- publist:end --></code></PRE>
<script>
  const help = `
<!-- publist:start -->
<!-- publist:end -->
`;
</script>
<textarea>
<!-- publist:start -->
<!-- publist:end -->
</textarea>
<style>
/*
<!-- publist:start -->
<!-- publist:end -->
*/
</style>
"""

LATEX_CV = r"""\section{Publications}
% publist:start limit=1
% publist:end
\section{How this CV is made}
\begin{verbatim}
% publist:start selected
% publist:end
\end{verbatim}
\begin{lstlisting}[language=TeX]
% publist:start
% publist:end
\end{lstlisting}
\begin{minted}{latex}
% publist:start
% publist:end
\end{minted}
\begin{comment}
% publist:start
% publist:end
\end{comment}
\begin{Verbatim*}
% publist:start
% publist:end
\end{Verbatim*}
% \begin{verbatim} (commented out: what follows is LaTeX)
% publist:start limit=1
% publist:end
"""

README_WITH_PRE = """\
# Me

<!-- publist:start limit=1 -->
<!-- publist:end -->

Put these lines in your page:

<pre>
<!-- publist:start selected -->
<!-- publist:end -->
</pre>

<script type="text/plain">
<!-- publist:start -->
<!-- publist:end -->
</script>
"""


@pytest.mark.parametrize(("name", "text", "filled"), [
    ("index.html", HTML_PAGE, 1), ("cv.tex", LATEX_CV, 2), ("README.md", README_WITH_PRE, 1)])
def test_markers_in_pre_script_or_verbatim_are_text(project: Path, name: str, text: str, filled: int) -> None:
    (project / name).write_text(text)
    assert render("--inplace", name) == (0, "", f"{name}: updated\n")
    written = (project / name).read_text()
    # only the real blocks were filled; every raw block stays byte for byte
    chunks = re.split(r"(?:<!-- |% )publist:start limit=1(?: -->)?\n", text)
    assert len(chunks) == filled + 1
    for block in re.findall(r"<(?:pre|PRE|script|textarea|style)\b.*?</(?:pre|PRE|script|textarea|style)>"
                            r"|\\begin\{\w+\*?\}.*?\\end\{\w+\*?\}", text.replace("use <pre>", ""), re.DOTALL):
        assert block in written, block
    assert written.count("Z. Yao") == filled and len(written) > len(text)
    assert render("--inplace", name) == (0, "", "up to date\n")
