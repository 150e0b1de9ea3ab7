"""Where ``--inplace`` finds markers in Markdown: exactly the comment lines that a CommonMark
renderer (markdown-it-py) reads as HTML blocks, never a line of code at any depth of list
items and block quotes, nor a line of a paragraph."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from publist import cli, inplace
from publist.text import commonmark

from conftest import ROOT

MARKER = re.compile(r"^[ \t]*<!--[ \t]*publist:(start|end)\b(.*?)-->[ \t]*$")
COMMENT = re.compile(r"^[ \t]*<!--.*-->[ \t]*$")


# CommonMark's HTML block of kind 1, a <pre>, <script>, <style> or <textarea> until its end tag:
# what a page shows as it is, so a marker in it is text (README: markers in <pre> are text)
RAW_BLOCK = re.compile(r"^[ \t]*<(?:pre|script|style|textarea)(?:[ \t>]|$)", re.IGNORECASE)


def html_lines_by_markdown_it(text: str, line: re.Pattern[str] = MARKER) -> set[int]:
    """The 1-based lines that markdown-it-py puts in HTML blocks and that match ``line``, but
    for those of a raw block (``<pre>``), which show as they are written."""
    found = set()
    for token in MarkdownIt("commonmark").parse(text):
        if token.type == "html_block" and token.map is not None and not RAW_BLOCK.match(token.content):
            for number, content in enumerate(token.content.split("\n"), token.map[0] + 1):
                if number <= token.map[1] and line.match(content):
                    found.add(number)
    return found


def marker_lines_by_publist(text: str) -> set[int]:
    return {number for number, *_ in inplace.markers(text, "md")}


def comment_lines_by_publist(text: str) -> set[int]:
    lines = text.split("\n")
    return {n for n, (body, shape) in enumerate(zip(lines, commonmark.lines(lines), strict=True), 1)
            if shape.html and COMMENT.match(body.expandtabs(4)[len(shape.prefix) :])}


DOCUMENTS = {
    # issue 16, item 3: setup steps whose example sits in a fence nested in the list item, as
    # the READMEs of readme-updating actions write them (e.g. the waka-readme-stats fork
    # ispace-top/waka-readme-stats, README.md at c63860de128e52b714a908c463b3a0a31c14f5d3)
    "fence in a numbered step": """\
## Prep work

1.  **Update your README**: add these comments where the list goes.

    ```md
    <!-- publist:start -->
    <!-- publist:end -->
    ```

2.  **Run it**: the list appears between them.

## Papers
<!-- publist:start limit=1 -->
<!-- publist:end -->
""",
    "fence in a nested bullet": """\
- Use the action
    - In `README.md`

        ```markdown
        # Papers
        <!-- publist:start -->
        <!-- publist:end -->
        ```
- Create the workflow
""",
    "tilde fence in a block quote": """\
> [!NOTE]
> Put the markers on lines of their own:
> ~~~
> <!-- publist:start -->
> <!-- publist:end -->
> ~~~

<!-- publist:start -->
<!-- publist:end -->
""",
    "fence in a block quote in a list item": """\
1. Example:
   > ```
   > <!-- publist:start -->
   > ```
   > <!-- publist:end -->
""",
    "indented code after a blank line": """\
Write:

    <!-- publist:start -->
    <!-- publist:end -->

<!-- publist:start -->
<!-- publist:end -->
""",
    "indented under a paragraph is paragraph text": """\
A paragraph
    <!-- publist:start -->
    <!-- publist:end -->
""",
    "a longer fence closes only with as long a fence": """\
````markdown
```
<!-- publist:start -->
```
<!-- publist:end -->
````
<!-- publist:start -->
<!-- publist:end -->
""",
    "a closing fence has no info string": """\
```
<!-- publist:start -->
``` not a closing fence
<!-- publist:end -->
```
""",
    "an unclosed fence runs to the end of its list item": """\
- ```
  <!-- publist:start -->
- <!-- publist:start -->
  <!-- publist:end -->
""",
    "markers in list items and block quotes": """\
1. Selected papers
   <!-- publist:start selected -->
   <!-- publist:end -->
2. > <!-- publist:start limit=2 -->
   > <!-- publist:end -->
""",
    "tabs": "-\t<!-- publist:start -->\n\t<!-- publist:end -->\n>\t<!-- publist:start -->\n",
    "markers in an HTML block": """\
<details><summary>All papers</summary>
<!-- publist:start format=html -->
<!-- publist:end -->
</details>
""",
    "a fence in an HTML block is HTML": """\
<div>
```
<!-- publist:start -->
<!-- publist:end -->
```
</div>
""",
}


@pytest.mark.parametrize("name", DOCUMENTS)
def test_markers_are_the_html_blocks_markdown_it_sees(name: str) -> None:
    text = DOCUMENTS[name]
    assert marker_lines_by_publist(text) == html_lines_by_markdown_it(text)


def test_the_fence_nested_in_a_numbered_step_is_text() -> None:
    assert marker_lines_by_publist(DOCUMENTS["fence in a numbered step"]) == {13, 14}


def test_every_comment_line_of_real_readmes_is_read_as_markdown_it_reads_it() -> None:
    for path in (ROOT / "README.md", *sorted((ROOT / "tests" / "data").rglob("*.md"))):
        text = path.read_text(encoding="utf-8")
        assert comment_lines_by_publist(text) == html_lines_by_markdown_it(text, COMMENT), path


# Lines from which random documents are made: containers, fences, HTML, headings, breaks.
# Left out are the two places where markdown-it-py departs from CommonMark's spec and from
# cmark (GitHub's renderer): a ``>`` indented four columns or more after a block quote
# (markdown-it continues the quote, the spec reads paragraph text), and a link reference
# definition followed by a lone tag (markdown-it reads an HTML block, the spec a paragraph).
PREFIXES = ["", " ", "  ", "   ", "    ", "> ", ">", "- ", "* ", "+ ", "1. ", "2) ", "10. ", "-   ",
            "1.    ", "> - ", "- > ", "  > ", "-\t", " 1. "]
BODIES = ["<!-- publist:start -->", "<!-- publist:end -->", "```", "~~~", "````", "``` py",
          "~~~ x`y", "```a`b", "text", "", "<div>", "</div>", "<pre>", "</pre>", "<span>",
          "# h", "---", "===", "* * *", "<!--", "-->", "- ", "1."]
LINES = st.tuples(st.lists(st.sampled_from(PREFIXES), max_size=3), st.sampled_from(BODIES)).map(
    lambda parts: "".join(parts[0]) + parts[1])


@settings(max_examples=200, deadline=None)
@given(st.lists(LINES, min_size=1, max_size=12))
def test_random_documents_agree_with_markdown_it(lines: list[str]) -> None:
    text = "\n".join(lines) + "\n"
    assume(not re.search(r"(?m)^(?: {4,}| *\t)[ \t]*>", text))  # markdown-it-py's departure (above)
    assert marker_lines_by_publist(text) == html_lines_by_markdown_it(text)


def render(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = cli.run(["render", *argv], out, err)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "refs.bib").write_text((ROOT / "refs.bib").read_text())
    (tmp_path / "config.toml").write_text((ROOT / "config.toml").read_text())
    return tmp_path


def test_inplace_leaves_the_nested_fence_and_fills_the_real_block(project: Path) -> None:
    text = DOCUMENTS["fence in a numbered step"]
    (project / "README.md").write_text(text)
    assert render("--inplace", "README.md") == (0, "", "README.md: updated\n")
    written = (project / "README.md").read_text()
    head, block = written.split("<!-- publist:start limit=1 -->\n")
    assert head == text.split("<!-- publist:start limit=1 -->\n")[0]
    assert block.startswith("- **PyHessian") and block.endswith("<!-- publist:end -->\n")


def test_a_block_in_a_list_item_or_a_block_quote_stays_inside_it(project: Path) -> None:
    text = DOCUMENTS["markers in list items and block quotes"]
    (project / "README.md").write_text(text)
    assert render("--inplace", "README.md")[0] == 0
    written = (project / "README.md").read_text()
    lines = written.splitlines()
    first = lines[lines.index("   <!-- publist:start selected -->") + 1 : lines.index("   <!-- publist:end -->")]
    assert first and all(line.startswith("   ") or not line for line in first)
    quoted = lines[lines.index("2. > <!-- publist:start limit=2 -->") + 1 : lines.index("   > <!-- publist:end -->")]
    assert len(quoted) == 8 and all(line.startswith("   > ") for line in quoted)  # two entries
    # as a renderer reads it: the second list inside the quote inside the second item
    tokens = MarkdownIt("commonmark").parse(written)
    opened = [t.type for t in tokens if t.type.endswith("_open")]
    assert opened[:2] == ["ordered_list_open", "list_item_open"]
    assert opened.count("blockquote_open") == 1
    quote = opened.index("blockquote_open")
    assert opened[quote + 1 : quote + 3] == ["bullet_list_open", "list_item_open"]
    ends = {2, 3 + len(first), 4 + len(first), 5 + len(first) + len(quoted)}
    assert html_lines_by_markdown_it(written) == marker_lines_by_publist(written) == ends
    assert render("--inplace", "README.md") == (0, "", "up to date\n")


def test_an_end_marker_in_another_container_is_one_line(project: Path) -> None:
    (project / "README.md").write_text("- <!-- publist:start -->\n\n<!-- publist:end -->\n")
    assert render("--inplace", "README.md") == (
        1, "", ("README.md:3: publist:end is not in the list item or block quote of its publist:start "
               "(line 1); put both in the same one\n"))


def test_a_markdown_file_is_read_as_markdown_whatever_the_output_format(project: Path) -> None:
    text = DOCUMENTS["fence in a numbered step"]
    (project / "README.md").write_text(text)
    assert render("--inplace", "README.md", "--format", "html") == (0, "", "README.md: updated\n")
    head, block = (project / "README.md").read_text().split("<!-- publist:start limit=1 -->\n")
    assert head == text.split("<!-- publist:start limit=1 -->\n")[0]
    assert block.startswith('<ul class="publist">')
