"""One paper, whatever form each exporter gives it: publist.papers.identity, the one home of "is this
the same paper" that check, merge_preprints, add and sync --upgrade ask."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path

import pytest

from publist.api import loads, read
from publist.errors import BibError
from publist.listing import merging
from publist.model import Publication
from publist.papers import arxivid, identity, kinds, links, matching, preprints, publication

from conftest import DATA, run

EXPORTS = sorted((DATA / "exports").glob("*.bib"))


def test_every_exporter_s_copy_of_a_paper_is_one_paper() -> None:
    # the seed papers as ten tools export them (tests/data/exports/): each arXiv id is one paper
    pubs = [p for path in EXPORTS for p in loads(path.read_text(encoding="utf-8"), path.name)[0]]
    papers: identity.Papers[int] = identity.Papers()
    first: dict[str, int] = {}
    for n, pub in enumerate(pubs):
        found = arxivid.find(pub.fields)
        match = papers.find(identity.of(pub))
        papers.add(n, identity.of(pub))
        if found is None:
            continue
        arxiv = arxivid.base(found)
        if arxiv in first:
            assert match is not None and arxivid.base(arxivid.find(pubs[match.item].fields) or "") == arxiv, (
                pub.span, pub.key)
        else:
            first[arxiv] = n
            assert match is None or match.how == identity.TITLE, (pub.span, pub.key, match)
    assert len(first) == 14  # papers with an arXiv id, in 29 entries


def test_a_dblp_record_is_known_by_its_key_whatever_its_biburl_s_form() -> None:
    forms = ["https://dblp.org/rec/conf/nips/ZhangYGKGBM19.bib", "https://dblp.org/rec/bib/conf/nips/ZhangYGKGBM19",
             "http://dblp.uni-trier.de/rec/bib/conf/nips/ZhangYGKGBM19", "https://dblp.org/rec/conf/nips/ZhangYGKGBM19"]
    assert {tuple(identity.identifiers({"biburl": f})) for f in forms} == {("dblp:conf/nips/ZhangYGKGBM19",)}
    assert identity.identifiers({"biburl": "https://example.org/rec/conf/nips/X.bib"}) == {}


def test_published_versions_in_dblp_s_export_of_both() -> None:
    pubs, _ = loads((DATA / "identity" / "dblp-both-versions.bib").read_text())
    flags = [preprints.is_preprint_entry(p.fields, p.type) for p in pubs]
    keys = [p.key for p in pubs]
    found = {keys[a]: keys[b] for a, b in identity.published_versions(pubs, flags).items()}
    # HAWQ's titles agree; ANODEV2's NeurIPS title drops "Evolution", and only sync, which asks
    # DBLP for the published record's key, can tell that one (test_venues.py)
    assert found == {"DBLP:journals/corr/abs-1905-03696": "DBLP:conf/iccv/DongYGMK19"}


def _published_versions_of_every_entry(pubs: list[Publication], preprint: list[bool]) -> dict[int, int]:
    """The rule, read plainly: every published entry indexed, every preprint asked."""
    published = [not flag and kinds.kind(p) in merging.PUBLISHED_KINDS for flag, p in zip(preprint, pubs)]
    out: dict[int, int] = {}
    for rule in (lambda p: identity.identifiers(p.fields),
                 lambda p: identity.title_keys(p.title, matching.surnames(p.authors))):
        index: identity.Papers[int] = identity.Papers()
        for n, pub in enumerate(pubs):
            if published[n]:
                index.add(n, rule(pub))
        for n, pub in enumerate(pubs):
            if preprint[n] and n not in out and (match := index.find(rule(pub))) is not None:
                out[n] = match.item
    return out


def _published(asked: list[str], pub: Publication) -> bool:
    asked.append(pub.key)
    return kinds.kind(pub) in merging.PUBLISHED_KINDS


REAL = sorted([*(DATA / "wild").glob("*.bib"), *EXPORTS, *(DATA / "identity").glob("*.bib")])


def test_published_versions_read_only_what_can_match_and_find_what_every_entry_indexed_finds() -> None:
    # the real files of tests/data whose lists hold both preprints and published entries
    tried = 0
    for path in REAL:
        try:
            bib = read(path)
        except BibError:  # lab-cgal-2008.bib, Latin-1 as its SOURCES.md row says
            bib = read(path, "latin-1")
        pubs, _ = publication.load(bib)
        preprint = [kinds.is_preprint(p) for p in pubs]
        asked: list[str] = []
        found = identity.published_versions(pubs, preprint, partial(_published, asked))
        assert found == _published_versions_of_every_entry(pubs, preprint), path.name
        if any(preprint) and not all(preprint):
            tried += 1
            assert len(asked) < sum(not flag for flag in preprint), path.name
            assert {pubs[n].key for n in found.values()} <= set(asked)
    assert tried >= 10


def test_a_list_of_preprints_without_identifiers_reads_no_published_entry_s_identifiers() -> None:
    pubs, _ = loads("@misc{pre, title={Deep Nets}, author={Yao, Zhewei}, journal={arXiv preprint}}"
                    "@article{a, title={Other}, author={Li, Jinglai}, journal={J}, doi={10.1/a}}"
                    "@article{b, title={Deep Nets}, author={Yao, Z.}, journal={J}, doi={10.1/b}}")
    asked: list[str] = []
    found = identity.published_versions(pubs, [True, False, False], lambda p: asked.append(p.key) or True)
    assert found == {0: 2} and asked == ["b"]  # the title rule's only candidate


# --- one identity for check, merging and the filters ----------------------------------------

# A preprint as arXiv exports it once the paper is out (arXiv's record carries the published
# DOI, here in capitals), and the published entry under another title, its DOI percent-encoded
# in a resolver URL as Zotero writes it.
BY_DOI = r"""
@misc{dong2019arxiv, title={{HAWQ}: Hessian AWare Quantization of Neural Networks with Mixed-Precision},
  author={Dong, Zhen and Yao, Zhewei}, eprint={1905.03696}, archiveprefix={arXiv},
  doi={10.1109/ICCV.2019.00038}, year={2019}}
@inproceedings{dong2019hawq, title={{HAWQ}: Hessian Aware Quantization},
  author={Dong, Zhen and Yao, Zhewei}, booktitle={ICCV}, year={2019},
  url={https://doi.org/10.1109/iccv.2019.00038}}
"""
# DBLP's record of the conference paper, and a CoRR copy whose biburl a user pasted from the
# conference record's page (the old /rec/bib/ form).
BY_DBLP_KEY = r"""
@article{corr, title={ANODEV2: A Coupled Neural ODE Evolution Framework}, author={Zhang, Tianjun},
  journal={CoRR}, volume={abs/1906.04596}, year={2019},
  biburl={https://dblp.org/rec/bib/conf/nips/ZhangYGKGBM19}}
@inproceedings{nips, title={ANODEV2: A Coupled Neural ODE Framework}, author={Zhang, Tianjun},
  booktitle={NeurIPS}, year={2019}, biburl={https://dblp.org/rec/conf/nips/ZhangYGKGBM19.bib}}
"""


def _shown(bib: str, **options: object) -> list[str]:
    import json

    from publist.api import render
    from publist.config import Config, RenderOptions

    pubs, _ = loads(bib)
    data, _ = render(pubs, Config(owner=("Zhewei Yao",), render=RenderOptions(sort="file", **options)), "json")  # type: ignore[arg-type]
    return [item["id"] for item in json.loads(data)]


def test_render_merges_a_preprint_found_by_its_doi_or_dblp_key() -> None:
    assert _shown(BY_DOI) == ["dong2019hawq"]
    assert _shown(BY_DBLP_KEY) == ["nips"]
    assert _shown(BY_DOI + BY_DBLP_KEY, merge_preprints=False) == ["dong2019arxiv", "dong2019hawq", "corr", "nips"]


@pytest.mark.parametrize(("bib", "preprint", "published"),
                         [(BY_DOI, "dong2019arxiv", "dong2019hawq"), (BY_DBLP_KEY, "corr", "nips")])
def test_key_naming_a_merged_preprint_selects_its_published_version(bib: str, preprint: str, published: str) -> None:
    assert _shown(bib, key=(preprint,)) == [published]
    assert _shown(bib, key=(preprint.upper(), published)) == [published]
    assert _shown(bib, key=(preprint,), merge_preprints=False) == [preprint]


def test_key_naming_a_merged_preprint_on_the_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:

    monkeypatch.chdir(tmp_path)
    (tmp_path / "refs.bib").write_text(BY_DOI, encoding="utf-8")
    status, out, _ = run("render", "--key", "dong2019arxiv", "--format", "json")
    assert status == 0
    assert [item["id"] for item in json.loads(out)] == ["dong2019hawq"]


@pytest.mark.parametrize(
    ("doi", "other"),
    [
        ("10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0",  # Wiley's SICI, as printed
         "https://doi.org/10.1002/%28sici%291097-4571%28199806%2949%3A8%3C693%3A%3Aaid-asi4%3E3.0.co%3B2-0"),
        ("10.1007/978-3-030-58452-8_13", "https://dx.doi.org/10.1007%2F978-3-030-58452-8_13"),
        ("https://doi.org/10.1145/3292500.3330701", "doi:10.1145/3292500.3330701"),
    ],
)
def test_one_doi_key_whatever_the_spelling(doi: str, other: str) -> None:
    mine = identity.identifiers({"doi": doi})
    theirs = identity.identifiers({"url": other} if other.startswith("http") else {"doi": other})
    assert len(mine) == 1 and mine.keys() == theirs.keys()
    assert next(iter(mine)) == f"doi:{links.doi_key(links.bare_doi(doi) or '')}"


@pytest.mark.parametrize(
    ("entry", "preprint"),
    [
        ("@article{a, title={T}, eprint={2001.00001}}", True),  # INSPIRE: an arXiv id and no venue
        ("@inproceedings{a, title={T}, eprint={2001.00001}}", True),
        ("@article{a, title={T}, journal={arXiv preprint arXiv:2001.00001}}", True),  # Google Scholar
        ("@misc{a, title={T}, type={Lecture}, howpublished={Invited talk, Berkeley}}", False),
        ("@misc{a, title={T}}", False),  # no id, no venue: a note, a data set
        ("@unpublished{a, title={T}, howpublished={B.S. Thesis}, eprint={2001.00001}}", False),
        ("@phdthesis{a, title={T}, school={MIT}, eprint={2001.00001}}", False),
    ],
)
def test_one_definition_of_a_preprint(entry: str, preprint: bool) -> None:
    (pub,), _ = loads(entry)
    assert kinds.is_preprint(pub) is preprint
    assert preprints.is_preprint_entry(pub.fields, pub.type) is preprint
    assert (kinds.kind(pub) == "preprint") is preprint


def test_check_calls_a_talk_a_talk_and_an_inspire_preprint_a_preprint(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:

    monkeypatch.chdir(tmp_path)
    (tmp_path / "config.toml").write_text('[owner]\nnames = ["Zhewei Yao"]\n')
    (tmp_path / "refs.bib").write_text(
        "@article{paper, title={Learning to Draw}, author={Yao, Zhewei}, journal={J. Drawing}, year={2021},\n"
        "  eprint={2001.00001}}\n"
        "@misc{talk, title={Learning to Draw}, author={Yao, Zhewei}, howpublished={Invited talk}, year={2019}}\n"
        "@article{inspire, title={Learning to Draw}, author={Yao, Zhewei}, eprint={2001.00001}, year={2020}}\n",
        encoding="utf-8")
    lines = [line for line in run("check")[1].splitlines() if "[same-paper]" in line]
    assert lines == [
        "refs.bib:3: warning: entry 'talk': the same title and an author as 'paper' (line 1) [same-paper]",
        ("refs.bib:4: warning: entry 'inspire': the same arXiv 2001.00001 as 'paper' (line 1); a preprint and "
        "its published version are shown once [same-paper]"),
    ]


# --- several DOIs in one field: INSPIRE writes an article and its erratum -------------------

INSPIRE = DATA / "wild" / "inspire-oliinychenko.bib"


def _two_doi_entries() -> list:
    pubs, _ = loads(INSPIRE.read_text(encoding="utf-8"), INSPIRE.name)
    return [p for p in pubs if len(links.dois(p.fields.get("doi", ""))) > 1]


def test_every_doi_of_an_inspire_entry_is_one_of_its_identifiers() -> None:
    found = _two_doi_entries()
    # one line (PhysRevC, PhysRevD) and broken over two lines (Phys. Lett. B, EPJ C)
    assert [p.key for p in found] == ["Andronic:2008gu", "Barrette:1996rs", "Becattini:2004rq", "Denicol:2012cn"]
    for pub in found:
        dois = [f"doi:{links.doi_key(d)}" for d in links.dois(pub.fields["doi"])]
        assert [k for k in identity.identifiers(pub.fields) if k.startswith("doi:")] == dois


@pytest.mark.parametrize("which", [0, 1])
def test_a_copy_known_by_either_doi_is_the_same_paper(which: int) -> None:
    # another export of each paper, under another title, with one of its DOIs in another spelling
    for pub in _two_doi_entries():
        doi = links.dois(pub.fields["doi"])[which]
        other = {"url": "https://doi.org/" + doi.upper().replace("/", "%2F")} if which else {"doi": doi.upper()}
        papers: identity.Papers[str] = identity.Papers()
        papers.add(pub.key, identity.of(pub))
        match = papers.find(identity.keys(other, "Another title", ["nobody"]))
        assert match == (pub.key, f"DOI {links.bare_doi(other.get('doi', '')) or doi.upper()}")


def test_check_and_merging_find_the_paper_by_its_erratum_s_doi(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:

    monkeypatch.chdir(tmp_path)
    (tmp_path / "refs.bib").write_text(
        "@article{Barrette:1996rs, author = {Barrette, J. and others}, title = {{Energy and charged particle flow "
        "in a 10.8-A/GeV/c Au + Au collisions}}, journal = {Phys. Rev. C}, volume = {55}, year = {1997},\n"
        "  doi = {10.1103/PhysRevC.55.1420, 10.1103/PhysRevC.56.2336}}\n"
        "@misc{erratum, author = {Barrette, J.}, title = {Erratum}, year = {1997},\n"
        "  doi = {10.1103/PhysRevC.56.2336}}\n"
        "@misc{preprint, author = {Barrette, J.}, title = {Energy flow}, eprint = {nucl-ex/9610006},\n"
        "  year = {1996}, doi = {10.1103/physrevc.55.1420}}\n", encoding="utf-8")
    assert [line for line in run("check")[1].splitlines() if "[same-paper]" in line or "[erratum]" in line] == [
        ("refs.bib:3: note: entry 'erratum': an erratum of 'Barrette:1996rs' (line 1), which shares its DOI "
         "10.1103/PhysRevC.56.2336; not the same paper twice [erratum]"),
        ("refs.bib:5: warning: entry 'preprint': the same DOI 10.1103/physrevc.55.1420 as 'Barrette:1996rs' "
        "(line 1); a preprint and its published version are shown once [same-paper]"),
    ]
    assert _shown((tmp_path / "refs.bib").read_text()) == ["Barrette:1996rs", "erratum"]


# --- an old-style arXiv id with its subject class: arXiv's id is the one without it ----------

@pytest.mark.parametrize(
    "fields",
    [
        {"eprint": "math.GT/0309136", "archiveprefix": "arXiv"},  # as arXiv's old listings cite it
        {"eprint": "math.GT/0309136v2"},
        {"arxiv": "arXiv:math.GT/0309136"},
        {"journal": "arXiv preprint arXiv:math.GT/0309136"},  # Google Scholar
        {"url": "https://arxiv.org/abs/math.GT/0309136"},  # arXiv serves the old form's URL too
        {"doi": "10.48550/arXiv.math.GT/0309136"},
        {"eprint": "math/0309136"},
    ],
)
def test_an_old_id_with_its_subject_class_is_arxiv_s_id(fields: dict[str, str]) -> None:
    assert identity.identifiers(fields) == {"arxiv:math/0309136": "arXiv math/0309136"}
    assert arxivid.base(arxivid.find(fields) or "") == "math/0309136"
    found, _ = links.extract(fields)
    assert [(link.kind, link.url.replace("v2", "")) for link in found] == [
        ("arxiv", "https://arxiv.org/abs/math/0309136")]


@pytest.mark.parametrize(
    ("written", "arxiv"),
    [("cond-mat.str-el/0102536v1", "cond-mat/0102536v1"), ("cs.SE/9901001", "cs/9901001"),
     ("nlin.CD/0001001", "nlin/0001001"), ("Hep-Th/9901001", "hep-th/9901001"),
     ("q-bio.NC/0601001", "q-bio/0601001")],
)
def test_every_old_id_has_one_form(written: str, arxiv: str) -> None:
    assert arxivid.parse(written) == arxivid.parse("arXiv:" + written) == arxiv
    assert identity.of_ids(arxiv=written) == identity.of_ids(arxiv=arxiv)


def test_check_add_and_sync_see_one_paper_in_both_forms(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from publist.commands.add import identify

    monkeypatch.chdir(tmp_path)
    (tmp_path / "refs.bib").write_text(
        "@article{knots, title = {Knot Floer homology}, author = {Rasmussen, Jacob}, eprint = {math.GT/0309136},\n"
        "  archiveprefix = {arXiv}, year = {2003}}\n"
        "@misc{copy, title = {Floer homology and knot complements}, author = {Rasmussen, J.},\n"
        "  url = {https://arxiv.org/abs/math/0309136v1}, year = {2003}}\n", encoding="utf-8")
    assert [line for line in run("check")[1].splitlines() if "[same-paper]" in line] == [
        "refs.bib:3: error: entry 'copy': the same arXiv math/0309136 as 'knots' (line 1) [same-paper]"]
    wanted = identify("arXiv:math.GT/0309136v1")
    assert wanted is not None and (wanted.kind, wanted.value, wanted.identity) == (
        "arxiv", "math/0309136v1", "arxiv:math/0309136")


# --- a link field's DOI: one reading for the links and for identity --------------------------

@pytest.mark.parametrize(
    "url",
    [
        'doi:<a href="https://doi.org/10.1115/1.4071133">10.1115/1.4071133</a>',  # jekyll-scholar, al-folio
        "DOI: <a href='https://dx.doi.org/10.1115/1.4071133'>10.1115/1.4071133</a>",
        "doi: <A HREF=https://doi.org/10.1115/1.4071133>x</A>",
        r"\url{https://doi.org/10.1115/1.4071133}",
        r"\href{https://doi.org/10.1115%2F1.4071133}{10.1115/1.4071133}",
        "[DOI](https://doi.org/10.1115/1.4071133)",
        "doi:10.1115/1.4071133",
        "https://doi.org/10.1115/1.4071133 https://asmedigitalcollection.asme.org/x",  # Mendeley: several URLs
    ],
)
def test_a_link_field_s_doi_is_the_paper_s_doi_as_its_link_shows_it(url: str) -> None:
    fields = {"url": url}
    assert links.entry_dois(fields) == ["10.1115/1.4071133"]
    assert identity.identifiers(fields) == {"doi:10.1115/1.4071133": "DOI 10.1115/1.4071133"}
    shown, _ = links.extract(fields)
    assert [links.link_doi(link.url) for link in shown if link.kind == "doi"] == ["10.1115/1.4071133"]


def test_every_doi_link_of_a_jekyll_scholar_site_is_an_identifier_of_its_entry() -> None:
    pubs, _ = loads((DATA / "links" / "jekyll-scholar-4c.bib").read_text(encoding="utf-8"))
    assert len(pubs) == 30
    for pub in pubs:
        (link,) = pub.links
        doi = links.link_doi(link.url)
        assert doi is not None and identity.identifiers(pub.fields) == identity.of_ids(doi=doi), pub.key


def test_check_sync_and_merging_read_the_doi_of_an_anchor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from publist.bib.reader import read
    from publist.sync.lookup import question

    site = ("@article{Datz2026, author = {Datz, Janina C. and Wall, Wolfgang A.}, title = {Influence of "
            "{{Coronary Plaque Morphology}} on {{Local Mechanical States}}}, journal = {Journal of Biomechanical "
            "Engineering}, year = {2026},\n"
            '  url = {doi:<a href="https://doi.org/10.1115/1.4071133">10.1115/1.4071133</a>}}\n')
    preprint = ("@misc{datz2025, author = {Datz, Janina C.}, title = {Plaque morphology and in-stent restenosis},\n"
                "  eprint = {2501.00001}, archiveprefix = {arXiv}, doi = {10.1115/1.4071133}, year = {2025}}\n")
    again = "@article{copy, author = {Datz, J.}, title = {Influence}, year = {2026}, doi = {10.1115/1.4071133}}\n"
    assert question(read(site).records[0], read(site).records[0].fields, None).doi == "10.1115/1.4071133"
    assert _shown(site + preprint) == ["Datz2026"]  # the preprint shown as its published version
    monkeypatch.chdir(tmp_path)
    (tmp_path / "refs.bib").write_text(site + again, encoding="utf-8")
    assert [line for line in run("check")[1].splitlines() if "[same-paper]" in line] == [
        "refs.bib:3: error: entry 'copy': the same DOI 10.1115/1.4071133 as 'Datz2026' (line 1) [same-paper]"]


@pytest.mark.parametrize("fields", [
    {"html": "https://doi.org/10.1115/1.4071133"},                                       # al-folio's html
    {"html": '<a href="https://doi.org/10.1115/1.4071133">publisher</a>'},
    {"pdf": "https://dx.doi.org/10.1115%2F1.4071133"},
    {"url_pdf": "https://doi.org/10.1115/1.4071133", "url_code": "https://github.com/u/r"},  # Hugo Blox
    {"url": "https://github.com/u/r", "html": r"\url{https://doi.org/10.1115/1.4071133}"},  # the first with a DOI
])
def test_a_doi_only_in_another_of_the_paper_s_link_fields_is_its_identifier(fields: dict[str, str]) -> None:
    # one reading: identity sees the DOI the links show as the paper's [doi]
    assert links.entry_dois(fields) == ["10.1115/1.4071133"]
    assert identity.identifiers(fields) == {"doi:10.1115/1.4071133": "DOI 10.1115/1.4071133"}
    shown, _ = links.extract(fields)
    assert [links.link_doi(link.url) for link in shown if link.kind == "doi"] == ["10.1115/1.4071133"]


@pytest.mark.parametrize("fields", [
    {"url_code": "https://doi.org/10.5281/zenodo.1"}, {"code": "https://doi.org/10.5281/zenodo.1"},
    {"slides": "https://doi.org/10.6084/m9.figshare.1"}, {"url_dataset": "https://doi.org/10.5061/dryad.1"},
])
def test_a_doi_in_a_link_to_something_else_is_no_identifier_of_the_paper(fields: dict[str, str]) -> None:
    assert links.entry_dois(fields) == [] and identity.identifiers(fields) == {}


def test_check_and_add_see_the_paper_by_the_doi_of_its_html_link(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:

    site = ("@article{Datz2026, author = {Datz, Janina C. and Wall, Wolfgang A.}, title = {Influence of Coronary "
            "Plaque Morphology}, journal = {J. Biomech. Eng.}, year = {2026},\n"
            '  html = {<a href="https://doi.org/10.1115/1.4071133">ASME</a>}}\n')
    again = "@article{copy, author = {Datz, J.}, title = {Another Title}, year = {2026}, doi = {10.1115/1.4071133}}\n"
    monkeypatch.chdir(tmp_path)
    (tmp_path / "refs.bib").write_text(site + again, encoding="utf-8")
    assert [line for line in run("check")[1].splitlines() if "[same-paper]" in line] == [
        "refs.bib:3: error: entry 'copy': the same DOI 10.1115/1.4071133 as 'Datz2026' (line 1) [same-paper]"]
    (tmp_path / "refs.bib").write_text(site, encoding="utf-8")
    # known before anybody is asked: no server needed
    assert run("add", "--dry-run", "https://doi.org/10.1115/1.4071133") == (
        0, "", "refs.bib:1: already has DOI 10.1115/1.4071133 (entry 'Datz2026'); not added again\n")
