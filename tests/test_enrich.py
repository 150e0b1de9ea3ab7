"""What sync adds: only what is missing, and a strict rule for title matches."""

from __future__ import annotations

import dataclasses

import pytest

from publist.papers.matching import judge
from publist.sources.atom import ArxivEntry, parse
from publist.sync.enrich import additions
from publist.text.names import parse_list

from fake_arxiv import DATA

(LEGACY,), _ = parse((DATA / "legacy2016_id_list_1111.2011v2.xml").read_bytes())
PYHESSIAN = ArxivEntry("1912.07145", 3, "PyHessian: Neural Networks Through the Lens of the Hessian",
                       ("Zhewei Yao", "Amir Gholami", "Kurt Keutzer", "Michael W. Mahoney"), "cs.LG")


@pytest.mark.parametrize(
    ("entry_type", "venue"), [("article", "journal"), ("inproceedings", "booktitle"), ("misc", "howpublished")]
)
def test_missing_id_doi_and_venue_are_found(entry_type: str, venue: str) -> None:
    found = additions({"title": "Q"}, entry_type, LEGACY)
    assert found.ids == [("eprint", "1111.2011"), ("archiveprefix", "arXiv"),
                         ("primaryclass", "cond-mat.str-el")]
    assert found.published == [("doi", "10.1103/PhysRevB.85.115117"),
                               (venue, "Phys. Rev. B 85, 115117 (2012)")]
    assert found.notes == []


def test_what_the_user_wrote_is_never_changed_but_a_different_doi_is_reported() -> None:
    fields = {"eprint": "1111.2011v1", "archiveprefix": "arXiv", "primaryclass": "cond-mat",
              "doi": "10.9999/other", "journal": "PRB"}
    assert additions(fields, "article", LEGACY) == (
        [], [], ["arXiv gives DOI 10.1103/PhysRevB.85.115117, the entry has 10.9999/other; kept"]
    )
    same = {**fields, "doi": "https://doi.org/10.1103/physrevb.85.115117"}
    assert additions(same, "article", LEGACY) == ([], [], [])


def test_id_in_a_url_or_al_folio_field_gets_no_second_copy() -> None:
    found = additions({"arxiv": "1111.2011"}, "misc", LEGACY)
    assert found.ids == [] and found.published == [
        ("doi", "10.1103/PhysRevB.85.115117"), ("howpublished", "Phys. Rev. B 85, 115117 (2012)")]
    assert additions({"eprint": "1111.2011"}, "misc", LEGACY).ids == [
        ("archiveprefix", "arXiv"), ("primaryclass", "cond-mat.str-el")]


def test_an_eprint_of_another_kind_is_left_alone() -> None:
    found = additions({"eprint": "PMC1234", "eprinttype": "pubmed"}, "misc", PYHESSIAN)
    assert found == ([], [], ["has eprint 'PMC1234' of another kind; arXiv 1912.07145 not written"])


def test_journal_ref_is_escaped_for_latex() -> None:
    entry = ArxivEntry("1111.2011", 1, "T", ("A B",), journal_ref="J. Stat. Mech. 5 & 6, 100% _x_")
    assert ("howpublished", "J. Stat. Mech. 5 \\& 6, 100\\% \\_x\\_") in additions({}, "misc", entry).published


AUTHORS = parse_list("Yao, Zhewei and Gholami, Amir")


def _candidate(title: str, *authors: str, arxiv_id: str = "1912.07145") -> ArxivEntry:
    return ArxivEntry(arxiv_id, 1, title, authors or ("Zhewei Yao",))


@pytest.mark.parametrize(
    "title",
    [
        "{PyHessian}: Neural Networks Through the Lens of the {Hessian}",
        "PyHessian -- neural networks through the lens of the Hessian.",
        "PYHESSIAN: NEURAL NETWORKS THROUGH THE LENS OF THE HESSIAN",
    ],
)
def test_same_title_and_a_shared_author_is_a_match(title: str) -> None:
    verdict = judge(title, AUTHORS, [_candidate("PyHessian: Neural Networks Through the Lens of the Hessian")])
    assert verdict.kind == "match"


@pytest.mark.parametrize(
    ("candidate", "reason"),
    [
        (_candidate("PyHessian: Neural Networks Through the Lens of the Hessian", "Jane Doe"),
         "the same title by other authors"),
        (_candidate("PyHessian: Neural Networks Through the Lens of the Hessian Matrix"),
         "a similar title by the same authors"),
        (_candidate("PyHessian: Neural Network Through the Lens of Hessians"),
         "a similar title by the same authors"),
    ],
)
def test_look_alikes_are_refused_and_reported(candidate: ArxivEntry, reason: str) -> None:
    verdict = judge("PyHessian: Neural Networks Through the Lens of the Hessian", AUTHORS, [candidate])
    assert verdict.kind == "near" and reason in verdict.reason


def test_an_unrelated_result_is_no_match() -> None:
    verdict = judge("PyHessian", AUTHORS, [_candidate("Quantum Criticality on a Bethe Lattice", "J. Murray")])
    assert verdict.kind == "none"


def test_two_papers_with_the_same_title_are_ambiguous() -> None:
    title = "PyHessian: Neural Networks Through the Lens of the Hessian"
    verdict = judge(title, AUTHORS, [_candidate(title), _candidate(title, arxiv_id="2001.00001")])
    assert verdict.kind == "near" and verdict.reason == "several papers match (arXiv 1912.07145, arXiv 2001.00001)"


@pytest.mark.parametrize(
    "mine",
    [
        "10.1103/PhysRevB.85.115117, 10.1103/PhysRevB.86.019901",  # INSPIRE: the article and its erratum
        "10.1103/PhysRevB.86.019901; 10.1103/physrevb.85.115117",  # the erratum first, another case
        "https://doi.org/10.1103%2FPhysRevB.85.115117",  # a resolver URL, percent-encoded
    ],
)
def test_arxiv_s_doi_among_the_entry_s_dois_is_no_disagreement(mine: str) -> None:
    fields = {"eprint": "1111.2011", "archiveprefix": "arXiv", "primaryclass": "cond-mat", "doi": mine,
              "journal": "PRB"}
    assert additions(fields, "article", LEGACY) == ([], [], [])


def test_a_percent_encoded_sici_doi_is_the_doi_arxiv_gives() -> None:
    sici = "10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0"
    arxiv = dataclasses.replace(LEGACY, doi=sici)
    encoded = "https://doi.org/10.1002/%28sici%291097-4571%28199806%2949%3A8%3C693%3A%3Aaid-asi4%3E3.0.co%3B2-0"
    fields = {"eprint": "1111.2011", "archiveprefix": "arXiv", "primaryclass": "x", "doi": encoded, "journal": "J"}
    assert additions(fields, "article", arxiv).notes == []
    assert additions({**fields, "doi": "10.1002/other"}, "article", arxiv).notes == [
        f"arXiv gives DOI {sici}, the entry has 10.1002/other; kept"]


def test_crossref_is_asked_about_the_article_not_its_erratum() -> None:
    from publist.bib.reader import read
    from publist.sync.lookup import question

    for doi, asked in [("10.1103/PhysRevC.55.1420, 10.1103/PhysRevC.56.2336", "10.1103/PhysRevC.55.1420"),
                       ("10.48550/arXiv.1111.2011", "10.1103/PhysRevB.85.115117"),  # arXiv's own: arXiv's record's
                       ("https://doi.org/10.1103/PhysRevC.55.1420", "10.1103/PhysRevC.55.1420")]:
        (record,) = read(f"@article{{k, title = {{T}}, doi = {{{doi}}}}}").records
        assert question(record, record.fields, LEGACY).doi == asked


def test_sources_giving_one_doi_in_two_spellings_agree() -> None:
    from publist.sources.published import Published
    from publist.sync.venues import Found, merge

    sici = "10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0"
    crossref = Published("Crossref", "journal", "JASIS", doi=sici)
    dblp = Published("DBLP", "journal", "JASIS", doi="10.1002/%28sici%291097-4571%28199806%2949%3A8%3C693%3A%3Aaid-asi4%3E3.0.co%3B2-0")
    merged = merge([Found(crossref, "DOI"), Found(dblp, "DBLP key")])
    assert merged.problems == () and merged.doi is not None and merged.doi.value == sici
