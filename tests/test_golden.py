"""Golden files: the rendered lists are the product, so they are compared byte for byte.

The seed CV (the repository's own refs.bib + config.toml) must come out as its
Publications section; each case in tests/data/render/ shows input conventions.
Run ``pytest --update-golden`` after a deliberate change and review the diff by eye.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from publist import cli

from conftest import DATA, ROOT

FORMATS = {"md": ".md", "html": ".html", "latex": ".tex", "typst": ".typ"}
CASES = sorted(p.stem for p in (DATA / "render").glob("*.bib"))


def _render(argv: list[str]) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    assert cli.run(argv, out, err) == 0, err.getvalue()
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize("fmt", FORMATS)
def test_seed_cv(fmt: str, golden, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    text, problems = _render(["render", "--format", fmt])
    assert problems == ""
    golden(DATA / "golden" / f"seed{FORMATS[fmt]}", text)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("case", CASES)
def test_case(case: str, fmt: str, golden, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no config.toml here: a case without one gets the defaults
    bib = DATA / "render" / f"{case}.bib"
    config = bib.with_suffix(".toml")
    argv = ["render", "--format", fmt, "--bib", str(bib)]
    if config.exists():
        argv += ["--config", str(config)]
    text, _ = _render(argv)
    golden(bib.with_suffix(FORMATS[fmt]), text)


def test_no_unused_golden_files() -> None:
    render = DATA / "render"
    inputs = {p.stem for p in render.glob("*.bib")}
    outputs = [p for p in render.iterdir() if p.suffix in FORMATS.values()]
    assert [p.name for p in outputs if p.stem not in inputs] == []
    seed = {p.name for p in (DATA / "golden").iterdir()}
    assert seed == {f"seed{s}" for s in FORMATS.values()} | {"seed.apa.md"}  # test_outputs.py uses it


def test_seed_golden_matches_the_cv_publications() -> None:
    """Spot checks against the CV text itself, independent of the golden file."""
    md = (DATA / "golden" / "seed.md").read_text(encoding="utf-8")
    cv = (DATA / "seed_cv_publications.txt").read_text(encoding="utf-8")
    for line in (
        "Proc. NeurIPS 2019",
        "SIAM/ASA Journal on Uncertainty Quantification 5 (1), 621-639",
        "Journal of Computational Physics 332, 492-503",
        "Inverse Problems 32 (7), 075006",
        "A short version was accepted as a spotlight paper at NuerIPS'19 workshop",
    ):
        assert line in cv and line in md
    titles = [line[4:-4] for line in md.splitlines() if line.startswith("- **")]
    assert len(titles) == 18
    cv_titles = [t.replace("\\*", "*") for t in _cv_titles(cv)]
    assert titles == cv_titles
    assert md.count("**Z. Yao**") == 18


def _cv_titles(cv: str) -> list[str]:
    """Titles of the CV's list; the PDF conversion split the last two over two lines."""
    titles: list[str] = []
    for line in cv.splitlines():
        line = line.strip()
        if line.startswith("- **") and line.endswith("**"):
            titles.append(line[4:-2])
        elif line.startswith("**") and line.endswith("**") and len(line) > 40:
            titles.append(line[2:-2])
        elif line.startswith("○ **") and line.endswith("**"):
            titles[-1] += " " + line[4:-2]
    return titles


def test_seed_golden_has_the_cv_authors_and_stars() -> None:
    md = (DATA / "golden" / "seed.md").read_text(encoding="utf-8").splitlines()
    ours = [_plain(line) for i, line in enumerate(md) if i and md[i - 1].startswith("- **")]
    cv = (DATA / "seed_cv_publications.txt").read_text(encoding="utf-8")
    theirs = [
        # the CV misspells George Biros; refs.bib has his name right (paper-facts.md)
        a.replace("G. Biro,", "G. Biros,")
        for a in _cv_authors(cv)
    ]
    assert len(ours) == 18
    assert ours == theirs


def _plain(line: str) -> str:
    """An authors line without Markdown: '**Z. Yao**\\*' gives 'Z. Yao*'."""
    line = line.strip().replace("\\\\*", "\u2605").replace("\\*", "\u2605")
    line = line.replace("[", "").replace("](#)", "").replace("*", "")
    return line.replace("\u2605", "*").replace(", and ", ", ")


def _cv_authors(cv: str) -> list[str]:
    lines = [x.strip() for x in cv.splitlines() if x.strip()]
    out = []
    for i, line in enumerate(lines[:-1]):
        is_title = line.startswith(("- **", "○ **"))
        if is_title and not lines[i + 1].startswith("○ **"):
            out.append(_plain(lines[i + 1]))
    return out
