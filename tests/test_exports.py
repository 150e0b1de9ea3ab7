"""Files as Google Scholar, DBLP, Semantic Scholar, Zotero, Mendeley, ADS, INSPIRE and JabRef
export them (tests/data/exports/SOURCES.md): each entry's arXiv id is found in its tool's form,
linked once, never shown as a venue, and looked up by id."""

from __future__ import annotations

import difflib
import io
import re
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from publist import cli
from publist.api import load, loads, render
from publist.config import Config, RenderOptions
from publist.papers import arxivid
from publist.papers.matching import normalize_title

from conftest import DATA
from fake_arxiv import entries, handler

EXPORTS = sorted((DATA / "exports").glob("*.bib"))
POOL = entries("seed_papers.xml", "api2026_id_astro-ph_0601001.xml")


def _titles() -> dict[str, str]:
    """arXiv id by the first words of each known paper's title (arXiv's and the CV's)."""
    out = {}
    for arxiv_id, block in POOL.items():
        title = re.search(r"<title>(.*?)</title>", block, re.DOTALL)
        assert title is not None
        out[" ".join(normalize_title(title.group(1)).split()[:6])] = arxiv_id
    return out


TITLES = _titles()


def expected(title: str) -> str:
    return TITLES[" ".join(normalize_title(title).split()[:6])]


@pytest.mark.parametrize("path", EXPORTS, ids=[p.stem for p in EXPORTS])
def test_each_entry_links_once_to_its_own_paper(path: Path) -> None:
    pubs, problems = load(path)
    assert problems == []
    assert pubs, path
    for pub in pubs:
        arxiv = [link.url for link in pub.links if link.kind == "arxiv"]
        assert len(arxiv) == 1, (pub.key, pub.links)
        assert arxivid.base(arxiv[0].rsplit("/abs/", 1)[1]) == expected(pub.title), pub.key
        targets = [link.url.split("://", 1)[-1].rstrip("/").removeprefix("www.") for link in pub.links]
        assert len(targets) == len(set(targets)), pub.links


@pytest.mark.parametrize("fmt", ["md", "html", "latex"])
@pytest.mark.parametrize("path", EXPORTS, ids=[p.stem for p in EXPORTS])
def test_no_machine_form_shows_as_a_venue_or_a_note(path: Path, fmt: str) -> None:
    pubs, _ = load(path)
    text, _ = render(pubs, Config(), fmt)
    shown = re.sub(r"\]\([^)]*\)|href=\"[^\"]*\"|\\href\{[^}]*\}", "", text)  # link targets aside
    for form in ("CoRR", "abs/", "e-prints", "preprint", "ArXiv", "arXiv:", "arXiv.org", "astro-ph/"):
        assert form not in shown, (form, shown)


@pytest.fixture
def arxiv(httpserver: HTTPServer) -> HTTPServer:
    httpserver.expect_request("/api/query").respond_with_handler(handler(POOL))
    return httpserver


@pytest.mark.parametrize("path", EXPORTS, ids=[p.stem for p in EXPORTS])
def test_sync_asks_by_id_only_and_only_adds_lines(
    path: Path, arxiv: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "config.toml").write_text(
        f'[venues]\nsources = []\n[arxiv]\napi_url = "{arxiv.url_for("/api/query")}"\ndelay_seconds = 0\n'
        'cache_dir = "cache"\n')
    old = path.read_bytes()
    (tmp_path / "refs.bib").write_bytes(old)
    out, err = io.StringIO(), io.StringIO()
    assert cli.run(["sync"], out, err) == 0, err.getvalue()
    asked = [dict(request.args) for request, _ in arxiv.log]
    assert len(asked) == 1 and "search_query" not in asked[0]
    pubs, _ = load(path)
    assert sorted(asked[0]["id_list"].split(",")) == sorted({expected(p.title) for p in pubs})
    new = (tmp_path / "refs.bib").read_bytes().decode("utf-8")
    lines = difflib.SequenceMatcher(None, old.decode("utf-8").splitlines(True), new.splitlines(True),
                                    autojunk=False)
    assert {tag for tag, *_ in lines.get_opcodes()} <= {"equal", "insert"}
    assert "Not matched" not in err.getvalue() and "Warnings" not in err.getvalue()


def test_the_issue_s_three_exports_render_as_a_cv_shows_them() -> None:
    bib = r"""@article{yao2020pyhessian,
  title={Pyhessian: Neural networks through the lens of the hessian},
  author={Yao, Zhewei and Gholami, Amir and Keutzer, Kurt and Mahoney, Michael W},
  journal={arXiv preprint arXiv:1912.07145},
  year={2019}
}
@article{DBLP:journals/corr/abs-1906-04596,
  author = {Tianjun Zhang and Zhewei Yao and Amir Gholami and Kurt Keutzer and Joseph Gonzalez and George Biros and Michael W. Mahoney},
  title = {{ANODEV2:} {A} Coupled Neural {ODE} Evolution Framework},
  journal = {CoRR}, volume = {abs/1906.04596}, year = {2019},
  url = {http://arxiv.org/abs/1906.04596}, eprinttype = {arXiv}, eprint = {1906.04596},
}
@article{Yao2018HessianbasedAO,
  title={Hessian-based Analysis of Large Batch Training and Robustness to Adversaries},
  author={Zhewei Yao and Amir Gholami and Qi Lei and Kurt Keutzer and Michael W. Mahoney},
  journal={ArXiv}, year={2018}, volume={abs/1802.08241}
}
"""
    pubs, problems = loads(bib)
    md, _ = render(pubs, Config(owner=("Zhewei Yao",), render=RenderOptions(year="none")), "md")
    assert problems == []
    assert md == (
        "- **Pyhessian: Neural networks through the lens of the hessian**  \n"
        "  **Z. Yao**, A. Gholami, K. Keutzer, M. W. Mahoney  \n"
        "  [arXiv](https://arxiv.org/abs/1912.07145)\n"
        "- **ANODEV2: A Coupled Neural ODE Evolution Framework**  \n"
        "  T. Zhang, **Z. Yao**, A. Gholami, K. Keutzer, J. Gonzalez, G. Biros, M. W. Mahoney  \n"
        "  [arXiv](https://arxiv.org/abs/1906.04596)\n"
        "- **Hessian-based Analysis of Large Batch Training and Robustness to Adversaries**  \n"
        "  **Z. Yao**, A. Gholami, Q. Lei, K. Keutzer, M. W. Mahoney  \n"
        "  [arXiv](https://arxiv.org/abs/1802.08241)\n"
    )


@pytest.mark.parametrize(
    ("template", "line"),
    [("{server} preprint", "arXiv preprint"), ("arXiv:{id}", "arXiv:1906.04596"),
     ("Preprint, {year}", "Preprint, 2019")],
)
def test_a_preprint_s_venue_line_is_the_user_s_choice(template: str, line: str) -> None:
    from publist.config import RenderOptions

    for bib in ("@article{k, title={T}, journal={CoRR}, volume={abs/1906.04596}, year={2019}}",
                "@misc{k, title={T}, eprint={1906.04596}, archiveprefix={arXiv}, year={2019}}"):
        pubs, _ = loads(bib)
        md, _ = render(pubs, Config(render=RenderOptions(preprint=template, year="none")), "md")
        assert md.splitlines()[-1].strip() == line, bib


def test_two_different_papers_in_one_entry_are_reported_and_neither_is_used() -> None:
    pubs, problems = loads("@misc{k,\n  title = {T},\n  eprint = {1912.07145},\n"
                           "  url = {https://arxiv.org/abs/1906.04596},\n}\n")
    assert [str(p) for p in problems] == [
        ("refs.bib:4: entry 'k', field 'url': arXiv ids disagree (eprint gives 1912.07145, "
         "url gives 1906.04596); neither is used")]
    assert pubs[0].links == ()


@pytest.mark.parametrize(
    ("fields", "kinds"),
    [
        ('url = {http://arxiv.org/abs/1912.07145v2}, pdf = {https://www.arxiv.org/pdf/1912.07145.pdf}',
         ["arxiv"]),
        ('doi = {10.1109/ICCV.2019.00038}, url = {http://dx.doi.org/10.1109/iccv.2019.00038}', ["doi"]),
        ('url = {https://doi.org/10.1109/ICCV.2019.00038}', ["doi"]),
        ('doi = {10.48550/arXiv.1912.07145}, url = {https://export.arxiv.org/abs/1912.07145}', ["arxiv"]),
        ('code = {https://github.com/a/b}, url = {http://www.github.com/a/b/}', ["code"]),
    ],
)
def test_links_to_one_target_are_one_link_labelled_by_kind(fields: str, kinds: list[str]) -> None:
    pubs, _ = loads(f"@misc{{k, title = {{T}}, {fields}}}")
    assert [link.kind for link in pubs[0].links] == kinds
