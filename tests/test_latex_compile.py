"""The LaTeX output compiles with a real pdflatex, in a small CV document.

Runs Debian's TeX Live (installed by .ci/run); if pdflatex is missing the test fails and
says so. Characters of scripts that pdflatex cannot set without extra fonts (Cyrillic, CJK)
are caught by the document and must be the only ones caught.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from publist import publication
from publist.api import preambles_of, read, render
from publist.config import Config
from publist.config import load as load_config

from conftest import DATA, ROOT

ENCODINGS = {"IEEEabrv.bib": "latin-1", "jbtest.bib": "latin-1", "musuos-bsp.bib": "latin-1",
             "bibtexparser-gbk_test.bib": "gbk"}
CV = r"""\documentclass[11pt]{article}
\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage{lmodern}
\usepackage{textcomp}
\usepackage{amsmath,amssymb}
\usepackage[hidelinks]{hyperref}
\makeatletter
\def\UTFviii@undefined@err#1{\typeout{PUBLIST-UNDEFINED-CHAR:\detokenize{#1}}?}
\makeatother
\begin{document}
\section*{Zhewei Yao}
\subsection*{Publications}
\input{publications.tex}
\end{document}
"""
BIBS = (
    [("refs.bib", ROOT / "refs.bib", "config")]
    + [(p.name, p, None) for p in sorted((DATA / "realworld").glob("*.bib"))]
    + [(p.name, p, None) for p in sorted((DATA / "render").glob("*.bib"))]
)


def _pdflatex() -> str:
    found = shutil.which("pdflatex")
    if found is None:
        pytest.fail("pdflatex is not installed; .ci/run installs Debian's texlive-latex-base")
    return found


@pytest.mark.parametrize(("name", "path", "config"), BIBS, ids=[b[0] for b in BIBS])
def test_latex_output_compiles(name: str, path: Path, config: str | None, tmp_path: Path) -> None:
    cfg = load_config(ROOT / "config.toml") if config else Config()
    bib = read(path, ENCODINGS.get(name))
    pubs, _ = publication.load(bib)
    fragment, problems = render(pubs, cfg, "latex", preambles=preambles_of(bib))
    assert all(p.line is not None for p in problems)
    (tmp_path / "publications.tex").write_text(fragment, encoding="utf-8")
    (tmp_path / "cv.tex").write_text(CV, encoding="utf-8")
    proc = subprocess.run(
        [_pdflatex(), "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "cv.tex"],
        cwd=tmp_path, capture_output=True, timeout=180, check=False,
    )
    log = (tmp_path / "cv.log").read_text(encoding="latin-1")
    errors = [line for line in log.splitlines() if line.startswith("!")]
    assert proc.returncode == 0 and errors == [], f"{name}: {errors[:3]}"
    assert (tmp_path / "cv.pdf").stat().st_size > 1000
    caught = [line.split(":", 2)[-1].strip() for line in log.splitlines()
              if line.startswith("PUBLIST-UNDEFINED-CHAR:")]
    if name in ("pybtex-cyrillic.bib", "bibtexparser-gbk_test.bib"):
        assert caught, "the document's catch-all for other scripts was not exercised"
    for char in caught:
        text = char.encode("latin-1").decode("utf-8", "replace") if not char.isascii() else char
        assert all(not unicodedata.name(c, "").startswith("LATIN") for c in text), text


def test_fields_that_cannot_compile_are_reported_with_their_line() -> None:
    path = DATA / "render" / "hostile.bib"
    bib = read(path)
    pubs, _ = publication.load(bib)
    _, problems = render(pubs, Config(), "latex")
    messages = [str(p) for p in problems]
    assert f"{path}:19: entry 'unbalanced', field 'title': unbalanced braces; written as plain text" in messages
    assert (f"{path}:21: entry 'unbalanced', field 'note': uses \\input, which publist does not pass "
            "on to LaTeX; written as plain text") in messages
    assert f"{path}:4: entry 'hostile', field 'title': unescaped '&' written as '\\&'" in messages
