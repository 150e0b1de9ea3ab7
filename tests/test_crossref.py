"""crossref parents: a proceedings volume that only serves as its papers' venue is not listed, and
render says so once (a notice: --strict lets it pass); a parent with authors is a publication.

The shape is DBLP's export with crossref (tests/data/wild/dblp-crossref-limaye.bib).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run

DBLP = r"""@inproceedings{DBLP:conf/stoc/FournierL0T24,
  author       = {Herv{\'{e}} Fournier and Nutan Limaye},
  title        = {Improved Lower Bounds},
  booktitle    = {{STOC}},
  pages        = {1-12},
  crossref     = {DBLP:conf/stoc/2024},
  year         = {2024}
}

@inproceedings{DBLP:conf/coco/FournierLM0T23,
  author       = {Nutan Limaye and Srikanth Srinivasan},
  title        = {Towards Optimal Depth-Reductions},
  crossref     = {DBLP:conf/coco/2023},
  year         = {2023}
}

@inproceedings{DBLP:conf/coco/Other23,
  author       = {Nutan Limaye},
  title        = {Another Paper at the Same Conference},
  crossref     = {DBLP:conf/coco/2023},
  year         = {2023}
}

@proceedings{DBLP:conf/stoc/2024,
  editor       = {Bojan Mohar and Igor Shinkar and Ryan O'Donnell},
  title        = {Proceedings of the 56th Annual {ACM} Symposium on Theory of Computing,
                  {STOC} 2024, Vancouver, BC, Canada, June 24-28, 2024},
  publisher    = {{ACM}},
  year         = {2024}
}

@proceedings{DBLP:conf/coco/2023,
  editor       = {Amnon Ta{-}Shma},
  title        = {38th Computational Complexity Conference, {CCC} 2023, July 17-20, 2023,
                  Warwick, {UK}},
  year         = {2023}
}
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "refs.bib").write_text(DBLP)
    (tmp_path / "config.toml").write_text('[owner]\nnames = ["Nutan Limaye"]\n')
    return tmp_path


def test_parents_are_not_listed_and_one_line_names_them(project: Path) -> None:
    status, out, err = run("render", "--format", "json", "--strict")
    assert status == 0, err
    assert [item["id"] for item in json.loads(out)] == [
        "DBLP:conf/stoc/FournierL0T24", "DBLP:conf/coco/FournierLM0T23", "DBLP:conf/coco/Other23"]
    assert err.splitlines() == [
        ("refs.bib:24: 2 entries serve only as crossref parents (a proceedings or collection whose "
        "title its papers show as their venue); not listed: DBLP:conf/stoc/2024, DBLP:conf/coco/2023")]


def test_the_papers_still_show_the_parents_venue(project: Path) -> None:
    status, out, _ = run("render")
    assert status == 0
    assert "Proc. STOC 2024" in out and "Proc. CCC 2023" in out
    assert "Proceedings of the 56th" not in out


def test_check_finds_nothing_wrong_with_a_parent(project: Path) -> None:
    _status, out, err = run("check")
    assert "crossref parents" not in out + err


def test_a_parent_with_authors_of_its_own_is_a_publication(project: Path) -> None:
    (project / "refs.bib").write_text(
        "@incollection{ch1, author = {Limaye, Nutan}, title = {Chapter One}, crossref = {book}}\n"
        "@book{book, author = {Limaye, Nutan and Srinivasan, Srikanth}, title = {The Book},\n"
        "  publisher = {Springer}, year = {2020}}\n")
    status, out, err = run("render", "--format", "json")
    assert status == 0 and err == ""
    assert [item["id"] for item in json.loads(out)] == ["ch1", "book"]


def test_one_parent_is_said_in_the_singular(project: Path) -> None:
    (project / "refs.bib").write_text(DBLP.split("@inproceedings{DBLP:conf/coco/Other23")[0]
                                      .replace("DBLP:conf/coco/2023", "DBLP:conf/stoc/2024"))
    (project / "refs.bib").write_text((project / "refs.bib").read_text()
                                      + DBLP[DBLP.index("@proceedings{DBLP:conf/stoc/2024"):
                                             DBLP.index("@proceedings{DBLP:conf/coco/2023")])
    status, _, err = run("render")
    assert status == 0
    assert err.splitlines() == [
        ("refs.bib:17: 1 entry serves only as crossref parents (a proceedings or collection whose "
        "title its papers show as their venue); not listed: DBLP:conf/stoc/2024")]
