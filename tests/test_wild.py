"""The wild corpus (tests/data/wild/SOURCES.md): real .bib files, each rendered as its owner would.

Every file is run through ``publist render`` in-process (``publist.cli.run``), in every format,
with a config.toml that names the file's owner (``[owner] names``) and, where SOURCES.md says so,
its encoding. One test per check, parametrised over the files:

- **exit 0**: md, html, latex and json each exit 0.
- **pdflatex**: the LaTeX compiles in the document a user writes (article, ``[T1]{fontenc}``,
  ``[utf8]{inputenc}``, ``hyperref``, the list ``\\input``); all files go through one pdflatex
  run (a few when one file stops it), and a failure names the file, the line and the text.
- **no LaTeX leftovers**: the text a reader sees (the Markdown as a CommonMark renderer shows it,
  the HTML's text), outside math, holds no LaTeX: no backslash before a letter or before one of
  ``'`"^~=.\\&%$#_{}`` (a command, an accent, an escaped character, ``\\\\``), no ``{`` or ``}``
  (a brace group) and no tie (a ``~`` between two non-blank characters, ``D.~A.``). A backslash
  before a blank (``Biases \\ Anthropic``, a page title's separator) and a tilde between blanks
  (``z ~ 4-8`` from ``\\textasciitilde``) are text. Zotero and DBLP escape LaTeX a user typed
  into a field (``Fern{\\textbackslash}'andez``, ``NC{\\textbackslash}textsf\\{NC\\}``): what
  that shows is LaTeX on the page too. Math is ``$...$``, ``\\(...\\)`` and ``\\[...\\]``,
  which the README keeps for MathJax. A URL shown as a link's own text is not checked (``~user``
  in a URL is the URL), nor is code, text shown exactly as written (``\\path|~user/x|``).
- **no mojibake**: the text holds no UTF-8 read as Latin-1 or Windows-1252 (``â€™`` for
  ``’``, ``Ã©`` for ``é``): a run of such characters that is valid UTF-8 once encoded back.
- **no stray emphasis**: the Markdown through markdown-it-py (CommonMark) shows no ``**`` or
  ``__`` in its text that the file does not hold itself: a marker CommonMark did not pair is one
  publist wrote wrongly.
- **every entry accounted for**: each entry that bibtexparser 2 finds in the file (an independent
  reader) is listed (its key in the JSON output, as often as the file has that key), or named
  by a render message (its key, or the file and the line it starts on): skipped, or merged as a
  preprint into a listed entry.
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
import shutil
import subprocess
import traceback
from collections import Counter
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest
from bibtexparser import model
from bibtexparser.splitter import Splitter
from markdown_it import MarkdownIt

from publist import cli

from conftest import DATA

WILD = DATA / "wild"
FORMATS = ("md", "html", "latex", "json")


@dataclass(frozen=True)
class Source:
    """One row of SOURCES.md's table: the file, whose list it is, how it is encoded."""

    file: str
    owner: str  # "" for lab-wide files and libraries
    encoding: str  # "" for UTF-8


def _sources() -> list[Source]:
    """The table in SOURCES.md, read by its header so that columns may move."""
    lines = (WILD / "SOURCES.md").read_text(encoding="utf-8").splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith("| File |"))
    header = [cell.strip() for cell in lines[start].strip("|").split("|")]
    sources = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        row = dict(zip(header, (cell.strip().strip("`") for cell in line.strip("|").split("|")),
                       strict=True))
        sources.append(Source(row["File"], "" if row["Owner"] == "—" else row["Owner"],
                              row["Encoding"]))
    return sources


SOURCES = {s.file: s for s in _sources()}
FILES = sorted(SOURCES)


def test_the_table_lists_every_file_in_the_folder() -> None:
    assert FILES == sorted(p.name for p in WILD.glob("*.bib"))
    assert len(FILES) >= 45


@dataclass(frozen=True)
class Run:
    status: int | str  # the exit status, or "crash" with the traceback in err
    out: str
    err: str


class Renderer:
    """Renders each file in each format once, in-process, as its owner would."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.runs: dict[tuple[str, str], Run] = {}

    def config(self, name: str) -> Path:
        source = SOURCES[name]
        path = self.folder / f"{Path(name).stem}.toml"
        if not path.exists():
            lines = [f'encoding = "{source.encoding}"'] if source.encoding else []
            if source.owner:
                lines += ["[owner]", f"names = [{json.dumps(source.owner, ensure_ascii=False)}]"]
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    def __call__(self, name: str, fmt: str) -> Run:
        if (name, fmt) not in self.runs:
            out, err = io.StringIO(), io.StringIO()
            argv = ["render", "--format", fmt, "--bib", str(WILD / name),
                    "--config", str(self.config(name))]
            try:
                status: int | str = cli.run(argv, stdout=out, stderr=err)
            except BaseException:  # noqa: BLE001 - a crash is this test's finding, not its end
                status, err = "crash", io.StringIO(err.getvalue() + traceback.format_exc())
            self.runs[name, fmt] = Run(status, out.getvalue(), err.getvalue())
        return self.runs[name, fmt]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Renderer:
    return Renderer(tmp_path_factory.mktemp("wild-config"))


@pytest.mark.parametrize("name", FILES)
def test_every_format_exits_0(rendered: Renderer, name: str) -> None:
    failed = [f"--format {fmt}: exit {run.status}\n{run.err}"
              for fmt in FORMATS if (run := rendered(name, fmt)).status != 0]
    assert not failed, f"{name}:\n" + "\n".join(failed)


# --- pdflatex ---------------------------------------------------------------------------------

DOCUMENT = r"""\documentclass{article}
\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage{hyperref}
\begin{document}
%s
\end{document}
"""
ERROR = re.compile(r"^(?:\./)?(?P<file>[^\s:]+\.tex):(?P<line>\d+): (?P<message>.*)$")
MARK = re.compile(r"^WILD-(?P<what>BEGIN|END):(?P<stem>\S+)$")


def _compile(folder: Path, stems: list[str]) -> tuple[dict[str, list[str]], set[str]]:
    """One pdflatex run over ``stems``: the errors of each file, and the files it finished."""
    body = "\n".join(rf"\typeout{{WILD-BEGIN:{s}}}\input{{{s}}}\typeout{{WILD-END:{s}}}"
                     for s in stems)
    (folder / "cv.tex").write_text(DOCUMENT % body, encoding="utf-8")
    subprocess.run(["pdflatex", "-interaction=nonstopmode", "-file-line-error", "cv.tex"],
                   cwd=folder, capture_output=True, timeout=300, check=False,
                   env={**os.environ, "max_print_line": "100000"})
    log = (folder / "cv.log").read_text(encoding="utf-8", errors="replace").splitlines()
    errors: dict[str, list[str]] = {}
    done: set[str] = set()
    current = ""
    for n, line in enumerate(log):
        if mark := MARK.match(line):
            current = mark["stem"] if mark["what"] == "BEGIN" else ""
            if mark["what"] == "END":
                done.add(mark["stem"])
        elif (error := ERROR.match(line)) and current:
            context = next((c for c in log[n + 1:n + 12] if re.match(r"l\.\d+ ", c)), "")
            text = _source_line(folder / f"{current}.tex", int(error["line"])) \
                if error["file"] == f"{current}.tex" else context
            errors.setdefault(current, []).append(
                f"{error['file']}:{error['line']}: {error['message']}\n    {text.strip()[:300]}")
    return errors, done


def _source_line(path: Path, line: int) -> str:
    lines = path.read_text(encoding="utf-8").splitlines()
    return lines[line - 1] if 0 < line <= len(lines) else ""


@pytest.fixture(scope="module")
def latex_errors(rendered: Renderer, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """Each file's pdflatex errors; files whose LaTeX output failed are left out."""
    assert shutil.which("pdflatex"), "pdflatex is not installed (Debian: texlive-latex-base)"
    folder = tmp_path_factory.mktemp("wild-latex")
    pending = []
    for name in FILES:
        run = rendered(name, "latex")
        if run.status == 0:
            (folder / f"{Path(name).stem}.tex").write_text(run.out, encoding="utf-8")
            pending.append(Path(name).stem)
    errors: dict[str, list[str]] = {}
    while pending:
        found, done = _compile(folder, pending)
        errors.update(found)
        stopped = [s for s in pending if s not in done][:1]  # the file that stopped the run
        for stem in stopped:
            errors.setdefault(stem, []).append("pdflatex stopped in this file")
        pending = [s for s in pending if s not in done and s not in stopped]
    return errors


@pytest.mark.parametrize("name", FILES)
def test_latex_compiles_in_a_cv(rendered: Renderer, latex_errors: dict[str, list[str]],
                                name: str) -> None:
    assert rendered(name, "latex").status == 0, "no LaTeX to compile (see test_every_format_exits_0)"
    assert not latex_errors.get(Path(name).stem), \
        f"{name}: pdflatex errors\n" + "\n".join(latex_errors[Path(name).stem])


# --- what a reader sees -----------------------------------------------------------------------

MATH = re.compile(r"(?<!\\)\$(?:\\.|[^$\\])+\$|\\\(.*?\\\)|\\\[.*?\\\]", re.DOTALL)
LEFTOVER = re.compile(r"\\(?=[A-Za-z'`\"^~=.\\&%$#_{}])|[{}]|(?<=\S)~(?=\S)")
SUSPECT = re.compile("[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
                     "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]{2,}")
MARKER = re.compile(r"\*\*|__")


class _Text(HTMLParser):
    """The text of each list item (an entry), as a browser shows it; URLs shown as themselves and
    code (``\\path|~user/x|`` shown as written, ``~`` a tilde there) are left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[list[str]] = [[]]
        self.href: list[str | None] = []
        self.code = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "li":
            self.items.append([])
        if tag == "a":
            self.href.append(dict(attrs).get("href"))
        if tag == "code":
            self.code += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.href:
            self.href.pop()
        if tag == "code" and self.code:
            self.code -= 1
        if tag in ("li", "div", "p", "br"):
            self.items[-1].append("\n")

    def handle_data(self, data: str) -> None:
        if self.code or self.href and self.href[-1] is not None and data.strip() in (self.href[-1], ""):
            return
        self.items[-1].append(data)


def _entries_text(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return [t for t in ("".join(item).strip() for item in parser.items) if t]


def _findings(texts: list[str], pattern: re.Pattern[str], source: str = "") -> list[str]:
    """Each entry's text that matches ``pattern`` outside math, with the match marked; a match
    that ``source`` holds as it is, with the characters around it, is the file's own text."""
    found = []
    for text in texts:
        plain = MATH.sub(" ", text)
        for match in pattern.finditer(plain):
            at, end = match.start(), match.end()
            if source and " ".join(plain[max(at - 4, 0):end + 4].split()) in source:
                continue
            found.append(plain[max(at - 60, 0):at] + "⟦" + match.group() + "⟧"
                         + plain[end:end + 40])
            break
    return found


def _mojibake(texts: list[str]) -> list[str]:
    """Each entry's text that holds UTF-8 read as Latin-1 or Windows-1252, with what it meant."""
    found = []
    for text in texts:
        for run in SUSPECT.findall(text):
            for codec in ("cp1252", "latin-1"):
                try:
                    meant = run.encode(codec).decode("utf-8")
                except (UnicodeEncodeError, UnicodeDecodeError):
                    continue
                found.append(f"{run!r} (meant {meant!r}) in: {text[:90]}")
                break
    return found


def _markdown_html(md: str) -> str:
    return MarkdownIt("commonmark").render(md)


@pytest.mark.parametrize("name", FILES)
def test_no_latex_leftovers_in_markdown_or_html(rendered: Renderer, name: str) -> None:
    md, html = rendered(name, "md"), rendered(name, "html")
    assert md.status == 0 and html.status == 0, "no output (see test_every_format_exits_0)"
    found = [f"md: {f}" for f in _findings(_entries_text(_markdown_html(md.out)), LEFTOVER)]
    found += [f"html: {f}" for f in _findings(_entries_text(html.out), LEFTOVER)]
    assert not found, f"{name}: LaTeX left in the text\n" + "\n".join(found)


@pytest.mark.parametrize("name", FILES)
def test_no_mojibake_in_markdown_or_html(rendered: Renderer, name: str) -> None:
    md, html = rendered(name, "md"), rendered(name, "html")
    assert md.status == 0 and html.status == 0, "no output (see test_every_format_exits_0)"
    found = [f"md: {f}" for f in _mojibake(_entries_text(_markdown_html(md.out)))]
    found += [f"html: {f}" for f in _mojibake(_entries_text(html.out))]
    assert not found, f"{name}: UTF-8 read in another encoding\n" + "\n".join(found)


@pytest.mark.parametrize("name", FILES)
def test_markdown_shows_no_stray_emphasis_markers(rendered: Renderer, name: str) -> None:
    md = rendered(name, "md")
    assert md.status == 0, "no Markdown (see test_every_format_exits_0)"
    # a title may hold ** itself (SPIRES wrote "s(NN)**(1/2)" for a square root)
    source = " ".join(_text_of(name).split())
    found = _findings(_entries_text(_markdown_html(md.out)), MARKER, source)
    assert not found, f"{name}: ** or __ shown as text\n" + "\n".join(found)


# --- every entry accounted for ----------------------------------------------------------------

NOT_ENTRIES = {"string", "comment", "preamble"}
FAILED = re.compile(r"@\s*(?P<type>[A-Za-z]+)\s*[{(]\s*(?P<key>[^,\s]*)")


@cache
def _text_of(name: str) -> str:
    return (WILD / name).read_bytes().decode(SOURCES[name].encoding or "utf-8-sig")


@cache
def _entries(name: str) -> list[tuple[str, int]]:
    """Each entry of the file as bibtexparser 2 splits it: (key, line it starts on, from 1)."""
    text = _text_of(name)
    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)
    entries = []
    for block in Splitter(text).split().blocks:
        if isinstance(block, model.DuplicateBlockKeyBlock | model.DuplicateFieldKeyBlock):
            block = block.ignore_error_block  # still an entry: the same key twice, or a field
        key = block.key if isinstance(block, model.Entry) else (
            found["key"] if isinstance(block, model.ParsingFailedBlock)
            and (found := FAILED.match(block.raw.lstrip()))
            and found["type"].lower() not in NOT_ENTRIES else None)
        # "% @article{..." is an entry too, for BibTeX as for publist (% is no comment there);
        # a key ends at white space ("@techreport{ key\n% , author = ..." has the key "key")
        if key is not None:
            entries.append((key.split()[0] if key.strip() else key, block.start_line + 1))
    return entries


@pytest.mark.parametrize("name", FILES)
def test_every_entry_is_listed_merged_or_reported(rendered: Renderer, name: str) -> None:
    run = rendered(name, "json")
    assert run.status == 0, "no JSON (see test_every_format_exits_0)"
    listed = Counter(item["publist"]["key"] for item in json.loads(run.out))
    messages = run.err.splitlines()
    entries = _entries(name)
    assert entries, f"bibtexparser found no entry in {name}"
    missing = []
    for key, line in entries:
        if listed[key] > 0:
            listed[key] -= 1
            continue
        named = re.compile(rf"{re.escape(name)}:{line}:|(?<![\w:-]){re.escape(key)}(?![\w:-])")
        if not any(named.search(m) for m in messages):
            missing.append(f"{name}:{line}: {key}")
    assert not missing, (f"{len(missing)} of {len(entries)} entries neither listed nor named by a "
                         f"message:\n" + "\n".join(missing))
