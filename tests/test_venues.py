"""Published venues end to end: publist sync against stand-ins for arXiv, Semantic Scholar,
DBLP and Crossref on 127.0.0.1 (tests/fake_venues.py, tests/data/venues/SOURCES.md)."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from publist import cli

from conftest import DATA, ROOT
from fake_arxiv import entries, handler
from fake_venues import S2_PAPERS, asked, semanticscholar, serve

VENUE_FIELDS = re.compile(r"^  (booktitle|abbr|journal|volume|number|pages|doi)\s*=.*\n", re.MULTILINE)
ARXIV_POOL = entries("seed_papers.xml", "api2026_id_astro-ph_0601001.xml", "legacy2016_id_list_1111.2011v2.xml")


@pytest.fixture
def project(tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "250")
    httpserver.expect_request("/api/query").respond_with_handler(handler(ARXIV_POOL))
    venues = serve(httpserver)
    (tmp_path / "config.toml").write_text(
        (ROOT / "config.toml").read_text()
        + f'\n[arxiv]\napi_url = "{httpserver.url_for("/api/query")}"\ndelay_seconds = 0\n'
        'cache_dir = "cache"\n\n' + venues)
    return tmp_path


def sync(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = cli.run(["sync", *argv], out, err)
    return status, out.getvalue(), err.getvalue()


def render() -> str:
    out, err = io.StringIO(), io.StringIO()
    assert cli.run(["render"], out, err) == 0, err.getvalue()
    return out.getvalue()


def venue_lines(markdown: str) -> dict[str, str]:
    """The venue line of each entry, by title: the line after the links (or the authors)."""
    out = {}
    for item in markdown.split("\n- ")[0:]:
        lines = [line.strip().rstrip("\\").strip() for line in item.strip().lstrip("- ").splitlines()]
        title = lines[0].strip("*")
        rest = [line for line in lines[2:] if not line.startswith("[")]
        out[title] = rest[0] if rest else ""
    return out


def test_refs_bib_without_its_venues_gets_the_seed_cv_venue_lines_back(project: Path) -> None:
    original = (ROOT / "refs.bib").read_text()
    (project / "refs.bib").write_text(VENUE_FIELDS.sub("", original))
    status, _, err = sync()
    assert status == 0, err
    got = venue_lines(render())
    want = venue_lines((DATA / "golden" / "seed.md").read_text())
    title = "Parameter Re-Initialization through Cyclical Batch Scheduling"
    # no source knows the MLSys workshop (arXiv has it only as a comment): the one line lost
    assert want.pop(title) == "Proc. MLSYS Workshop at NeurIPS 2018" and got.pop(title) == ""
    assert got == want
    # the published title of ANODEV2 drops "Evolution": fine by identifier, and reported
    assert ("entry 'zhang2019anodev2': published as 'ANODEV2: A Coupled Neural ODE Framework' "
            "(DBLP)") in err
    assert ("entry 'zhang2019anodev2': the sources disagree on the pages: Semantic Scholar says "
            "5151-5161, DBLP says 5152-5162; not written") in err
    # preprints are not touched: their published versions are suggested
    assert "yao2019pyhessian (refs.bib:9)" in err.split("Suggested")[1]
    assert "@misc{yao2019pyhessian," in (project / "refs.bib").read_text()


def write(project: Path, bib: str, sources: list[str] | None = None) -> None:
    (project / "refs.bib").write_text(bib)
    if sources is not None:
        config = (project / "config.toml").read_text()
        (project / "config.toml").write_text(config + f"\n[venues]\nsources = {sources!r}\n")


ANODE = ("@inproceedings{anode,\n  title = {{ANODEV2}: A Coupled Neural {ODE} Evolution Framework},\n"
         "  author = {Zhang, Tianjun and Yao, Zhewei},\n  year = {2019},\n  eprint = {1906.04596},\n"
         "  archiveprefix = {arXiv},\n  primaryclass = {cs.LG},\n}\n")


def test_a_venue_found_by_arxiv_id(project: Path, httpserver: HTTPServer) -> None:
    write(project, ANODE, ["semanticscholar"])
    status, _, err = sync()
    assert status == 0, err
    assert (project / "refs.bib").read_text() == ANODE.replace(
        "  primaryclass = {cs.LG},\n}", "  primaryclass = {cs.LG},\n"
        "  booktitle = {Neural Information Processing Systems},\n  pages = {5151--5161},\n}")
    assert "Proc. NeurIPS 2019" in render()  # the long name, shown as a CV writes it
    (request,) = asked(httpserver, "/s2/")
    assert request.method == "POST" and request.json == {"ids": ["ARXIV:1906.04596"]}
    assert request.args["fields"] == ("title,authors,year,venue,publicationVenue,journal,"
                                      "publicationTypes,externalIds,citationCount")


def test_a_venue_reached_through_the_dblp_key_semantic_scholar_gave(
    project: Path, httpserver: HTTPServer
) -> None:
    write(project, ANODE, ["semanticscholar", "dblp"])
    status, _, err = sync()
    assert status == 0, err
    assert "  booktitle = {NeurIPS},\n}" in (project / "refs.bib").read_text()
    assert [r.path for r in asked(httpserver, "/dblp/")] == ["/dblp/rec/conf/nips/ZhangYGKGBM19.xml"]
    assert "the sources disagree on the pages" in err  # DBLP 5152-5162, Semantic Scholar 5151-5161


@pytest.mark.parametrize(
    ("title", "written", "reported"),
    [
        ("Trust Region Based Adversarial Attack on Neural Networks", "  booktitle = {CVPR},\n", ""),
        ("Trust Region Based Adversarial Attack", "",
         ("not written: DBLP conf/cvpr/YaoGXKM19 has a similar title by the same authors: "
          "'Trust Region Based Adversarial Attack on Neural Networks'")),
        # DBLP knows only its CoRR copy of this preprint, which is never a venue
        ("Residual Networks as Nonlinear Systems: Stability Analysis using Linearization", "", ""),
    ],
)
def test_a_title_search_finds_the_paper_and_refuses_look_alikes_and_corr_copies(
    project: Path, httpserver: HTTPServer, title: str, written: str, reported: str
) -> None:
    bib = f"@inproceedings{{k,\n  title = {{{title}}},\n  author = {{Yao, Zhewei and Rothauge, Kai}},\n  year = 2019,\n}}\n"
    write(project, bib, ["dblp"])
    (project / "config.toml").write_text((project / "config.toml").read_text().replace(
        'api_url = "' + httpserver.url_for("/api/query"), 'api_url = "http://127.0.0.1:9/off'))
    (project / "config.toml").write_text((project / "config.toml").read_text().replace(
        "[arxiv]\n", "[arxiv]\nretries = 0\n"))
    status, _, err = sync()
    searched = asked(httpserver, "/dblp/search/publ/api")
    assert len(searched) == 1 and searched[0].args["format"] == "json"
    assert (project / "refs.bib").read_text() == bib.replace("  year = 2019,\n}", f"  year = 2019,\n{written}}}")
    assert reported in err
    assert status == 1  # the arXiv look-up failed (no arXiv here), and says so


def test_a_record_of_the_preprint_only_is_no_venue(project: Path) -> None:
    bib = ("@article{res,\n  title = {Residual Networks as Nonlinear Systems},\n  author = {Rothauge, Kai},\n"
           "  eprint = {1905.13386},\n  archiveprefix = {arXiv},\n  primaryclass = {cs.LG},\n}\n")
    write(project, bib, ["semanticscholar", "crossref"])
    status, _, err = sync()
    assert status == 0, err
    assert (project / "refs.bib").read_text() == bib
    assert "nothing to add" in err


def test_sources_that_disagree_on_the_venue_write_nothing(project: Path, httpserver: HTTPServer) -> None:
    other = {**S2_PAPERS["1906.04596"], "venue": "International Conference on Machine Learning",
             "publicationVenue": {"name": "International Conference on Machine Learning",
                                  "type": "conference", "alternate_names": ["ICML"]}}
    httpserver.clear()
    httpserver.expect_request("/api/query").respond_with_handler(handler(ARXIV_POOL))
    serve(httpserver, s2=semanticscholar({"1906.04596": other}))
    write(project, ANODE, ["semanticscholar", "dblp"])
    status, _, err = sync()
    assert status == 0
    assert (project / "refs.bib").read_text() == ANODE
    assert ("entry 'anode': the sources disagree on the venue: Semantic Scholar says International "
            "Conference on Machine Learning, DBLP says NeurIPS; not written") in err


def test_a_source_that_is_down_or_answers_garbage_fails_its_own_entries_only(
    project: Path, httpserver: HTTPServer
) -> None:
    httpserver.clear()
    httpserver.expect_request("/api/query").respond_with_handler(handler(ARXIV_POOL))
    serve(httpserver, s2=lambda request: Response("<html>Bad gateway</html>", status=502),
          crossref_=lambda request: Response("{not json", status=200, content_type="application/json"))
    config = (project / "config.toml").read_text()
    config = config.replace('s2/graph/v1"\ndelay_seconds = 0\n', 's2/graph/v1"\ndelay_seconds = 0\nretries = 1\n')
    config = config.replace('crossref"\ndelay_seconds = 0\n', 'crossref"\ndelay_seconds = 0\nretries = 1\n')
    (project / "config.toml").write_text(config)
    trust = ("@inproceedings{trust,\n  title = {Trust Region Based Adversarial Attack on Neural Networks},\n"
             "  author = {Yao, Zhewei},\n  eprint = {1812.06371},\n}\n")
    hawq = ("@article{hawq,\n  title = {{HAWQ}: Hessian {AWare} Quantization of Neural Networks "
            "with Mixed-Precision},\n  author = {Dong, Zhen and Yao, Zhewei},\n"
            "  doi = {10.1109/ICCV.2019.00038},\n}\n")
    (project / "refs.bib").write_text(trust + "\n" + hawq)
    status, _, err = sync()
    assert status == 1
    # DBLP still worked: it found the paper by its title, as Semantic Scholar gave no key
    assert "  booktitle = {CVPR},\n" in (project / "refs.bib").read_text()
    # one line per service that failed through its retries (it is not asked again in the run)
    failed = err.split("\nFailed\n")[1].splitlines()[:2]
    assert failed == ["  Semantic Scholar: HTTP 502 after 1 retry; not asked again in this run",
                      ("  Crossref: Crossref answered with malformed JSON (JSONDecodeError) after 1 retry; "
                       "not asked again in this run")]


def test_a_second_sync_sends_no_request_to_any_source(project: Path, httpserver: HTTPServer) -> None:
    (project / "refs.bib").write_text(VENUE_FIELDS.sub("", (ROOT / "refs.bib").read_text()))
    assert sync()[0] == 0
    first = len(httpserver.log)
    status, _, err = sync()
    assert status == 0 and len(httpserver.log) == first
    assert "(0 request(s) to arXiv)" in err
    assert sync("--refresh")[0] == 0 and len(httpserver.log) > first


def test_one_semantic_scholar_request_per_500_ids_and_nothing_else_for_entries_with_venues(
    project: Path, httpserver: HTTPServer
) -> None:
    ids = [f"2001.{i:05d}" for i in range(1, 502)]
    bib = "".join(f"@article{{p{i},\n  title = {{Paper {i}}},\n  journal = {{J}},\n  eprint = {{{x}}},\n"
                  "  archiveprefix = {arXiv},\n}\n\n" for i, x in enumerate(ids))
    (project / "refs.bib").write_text(bib)
    httpserver.clear()
    httpserver.expect_request("/api/query").respond_with_handler(handler({}))
    serve(httpserver)
    status, _, err = sync("--dry-run")
    assert status == 0  # arXiv does not know these made-up ids: not matched, not failed
    batches = asked(httpserver, "/s2/")
    assert [len(r.json["ids"]) for r in batches] == [500, 1]
    assert asked(httpserver, "/dblp/") == [] and asked(httpserver, "/crossref/") == []
    assert "(8 request(s): 6 to arXiv, 2 to Semantic Scholar)" in err  # arXiv: 100 ids a request


def test_upgrade_turns_preprint_exports_into_their_published_entries(project: Path) -> None:
    for name in ("google-scholar", "dblp", "semantic-scholar"):
        old = (DATA / "exports" / f"{name}.bib").read_text()
        (project / "refs.bib").write_text(old)
        status, _, err = sync()
        assert status == 0, err
        # a plain sync gives a preprint only arXiv's fields (its class), never a venue
        arxiv_fields = re.compile(r"^\s*(eprintclass|primaryclass)\s*=.*\n", re.MULTILINE)
        assert arxiv_fields.sub("", (project / "refs.bib").read_text()) == old
        (project / "refs.bib").write_text(old)
        assert "Suggested" in err
        status, diff, err = sync("--upgrade", "--dry-run")
        assert status == 0 and (project / "refs.bib").read_text() == old
        assert sync("--upgrade")[0] == 0
        new = (project / "refs.bib").read_text()
        UPGRADED[name](old, new, diff)


def _google_scholar(old: str, new: str, diff: str) -> None:
    # PyHessian at IEEE BigData, HAWQ-V2 at NeurIPS, JumpReLU at ICPRAM; the others are preprints
    assert new.count("@inproceedings{") == 3 and new.count("@article{") == 2
    pyhessian = new.split("@inproceedings{yao2019pyhessian,")[1].split("\n}\n")[0]
    assert pyhessian == ("\n  title={Pyhessian: Neural networks through the lens of the hessian},\n"
                         "  author={Yao, Zhewei and Gholami, Amir and Keutzer, Kurt and Mahoney, Michael W},\n"
                         "  booktitle={IEEE BigData},\n  pages={581--590},\n"
                         "  doi={10.1109/BigData50022.2020.9378171},\n  eprint={1912.07145},\n"
                         "  archiveprefix={arXiv},\n  primaryclass={cs.LG},\n  year={2020}")
    assert ("-  journal={arXiv preprint arXiv:1912.07145},\n-  year={2019}\n+  booktitle={IEEE BigData},\n"
            in diff)


def _dblp(old: str, new: str, diff: str) -> None:
    anode = new.split("@inproceedings{DBLP:journals/corr/abs-1906-04596,")[1].split("\n}\n")[0]
    assert "  booktitle = {NeurIPS},\n" in anode and "volume" not in anode
    assert "  eprint    = {1906.04596},\n" in anode and "eprinttype = {arXiv}," in anode
    assert "@inproceedings{DBLP:journals/corr/abs-1812-01216," not in new  # no published version


def _semantic_scholar(old: str, new: str, diff: str) -> None:
    hessian = new.split("@Inproceedings{Yao2018HessianbasedAO,")[1].split("\n}\n")[0]  # @Article's case
    assert hessian == ("\n author = {Z. Yao and A. Gholami and Qi Lei and K. Keutzer and Michael W. Mahoney},"
                       "\n booktitle = {NeurIPS},\n title = {Hessian-based Analysis of Large Batch Training "
                       "and Robustness to Adversaries},\n pages = {4949--4959},\n eprint = {1802.08241},"
                       "\n archiveprefix = {arXiv},\n year = {2018}")
    kfac = new.split("@inproceedings{Ma2019InefficiencyOK,")[1].split("\n}\n")[0]
    assert "  booktitle={AAAI},\n  year={2020},\n" in kfac and "  volume={34}" in kfac


UPGRADED = {"google-scholar": _google_scholar, "dblp": _dblp, "semantic-scholar": _semantic_scholar}


def test_every_location_in_the_report_prints_as_written(project: Path) -> None:
    entry = "@article{murray,\n  title = {Q},\n  doi = {10.1/mine},\n  eprint = {1111.2011},\n}\n"
    write(project, "% padding\n" * 99 + entry, [])
    status, _, err = sync()
    assert status == 0
    assert ("refs.bib:100: entry 'murray': arXiv gives DOI 10.1103/PhysRevB.85.115117, the entry "
            "has 10.1/mine; kept") in err
    assert "murray (refs.bib:100)" in err and "\U0001f4af" not in err  # no emoji for :100:


def test_structured_fields_win_over_arxiv_s_journal_reference(project: Path, httpserver: HTTPServer) -> None:
    prb = {"externalIds": {"ArXiv": "1111.2011", "DOI": "10.1103/PhysRevB.85.115117"},
           "title": "Quantum Criticality for Extended Nodes on a Bethe Lattice", "year": 2011,
           "authors": [{"name": "J. M. Murray"}], "venue": "Physical Review B",
           "publicationVenue": {"name": "Physical Review B", "type": "journal", "alternate_names": ["Phys Rev B"]},
           "journal": {"name": "Physical Review B", "volume": "85", "pages": "115117"},
           "publicationTypes": ["JournalArticle"]}
    httpserver.clear()
    httpserver.expect_request("/api/query").respond_with_handler(handler(ARXIV_POOL))
    serve(httpserver, s2=semanticscholar({"1111.2011": prb}))
    bib = "@article{murray,\n  title = {Quantum Criticality},\n  eprint = {1111.2011},\n}\n"
    write(project, bib, ["semanticscholar"])
    status, _, err = sync()
    assert status == 0, err
    assert (project / "refs.bib").read_text() == bib.replace("  eprint = {1111.2011},\n}", (
        "  eprint = {1111.2011},\n  archiveprefix = {arXiv},\n  primaryclass = {cond-mat.str-el},\n"
        "  journal = {Physical Review B},\n  volume = {85},\n  pages = {115117},\n"
        "  doi = {10.1103/PhysRevB.85.115117},\n}"))  # not journal = {Phys. Rev. B 85, 115117 (2012)}


def table(err: str, title: str) -> dict[str, dict[str, str]]:
    """A table of the report, e.g. ``{"dong2019hawq (refs.bib:1)": {"booktitle": "ICCV", ...}}``."""
    rows: dict[str, dict[str, str]] = {}
    entry = ""
    for line in err.split(title, 1)[1].split("\n└")[0].splitlines():
        cells = [c.strip() for c in line.split("│")[1:-1]]
        if len(cells) == 4 and cells[1] != "field":
            entry = cells[0] or entry
            rows.setdefault(entry, {})[cells[1]] = cells[2]
    return rows


def test_two_papers_under_one_key_are_two_entries(project: Path) -> None:
    # Google Scholar gives HAWQ (ICCV 2019) and HAWQ-V2 (NeurIPS 2020) one key (issue 21)
    same_key = (DATA / "identity" / "google-scholar-same-key.bib").read_text()
    (project / "refs.bib").write_text(same_key)
    status, _, err = sync()
    assert status == 0, err
    assert "disagree" not in err and "Warnings" not in err
    suggested = table(err, "Suggested")
    assert suggested["dong2019hawq (refs.bib:1)"] == {
        "type": "@inproceedings", "booktitle": "ICCV", "pages": "293--302", "year": "2019",
        "doi": "10.1109/ICCV.2019.00038"}
    assert suggested["dong2019hawq (refs.bib:8)"] == {
        "type": "@inproceedings", "booktitle": "NeurIPS", "year": "2020"}
    shown = venue_lines(render())
    assert len(shown) == 2  # both, though one key
    status, _, err = sync("--upgrade")
    assert status == 0, err
    assert set(table(err, "Written")) == {"dong2019hawq (refs.bib:1)", "dong2019hawq (refs.bib:8)"}
    hawq, hawq2 = (project / "refs.bib").read_text().split("\n\n")
    assert "  booktitle={ICCV},\n  pages={293--302},\n  doi={10.1109/ICCV.2019.00038},\n" in hawq
    assert "  eprint={1905.03696},\n" in hawq and "  year={2019}\n" in hawq
    assert "  booktitle={NeurIPS},\n" in hawq2 and "ICCV" not in hawq2 and "pages" not in hawq2
    assert "  eprint={1911.03852},\n" in hawq2 and "  year={2020}\n" in hawq2
    shown = venue_lines(render())
    assert shown["Hawq: Hessian aware quantization of neural networks with mixed-precision"] == "Proc. ICCV 2019"
    assert shown["HAWQ-V2: Hessian aware trace-weighted quantization of neural networks"] == "Proc. NeurIPS 2020"


def test_two_entries_under_one_key_without_a_venue_each_get_their_own(project: Path) -> None:
    bib = "".join(f"@inproceedings{{dong2019hawq,\n  title = {{{title}}},\n  author = {{Dong, Zhen and Yao, Zhewei}},\n"
                  f"  eprint = {{{arxiv}}},\n}}\n\n" for title, arxiv in (
                      ("{HAWQ}: Hessian AWare Quantization of Neural Networks With Mixed-Precision", "1905.03696"),
                      ("{HAWQ-V2}: Hessian Aware trace-Weighted Quantization of Neural Networks", "1911.03852")))
    write(project, bib, ["semanticscholar", "dblp"])
    status, _, err = sync()
    assert status == 0, err
    written = table(err, "Written")
    assert written["dong2019hawq (refs.bib:1)"]["booktitle"] == "ICCV"
    assert written["dong2019hawq (refs.bib:7)"]["booktitle"] == "NeurIPS"
    first, second = (project / "refs.bib").read_text().split("\n\n")[:2]
    assert "  booktitle = {ICCV},\n  pages = {293--302},\n  year = {2019},\n" in first
    assert "  booktitle = {NeurIPS},\n  year = {2020},\n" in second and "pages" not in second


def test_upgrade_of_a_one_line_entry_whose_last_fields_go(project: Path) -> None:
    # issue 16, item 7: the last two fields are arXiv's, taken out by the upgrade
    one_line = ("@ARTICLE{zhang2019anodev2, author = {{Zhang}, Tianjun and {Yao}, Zhewei}, title = "
                "\"{ANODEV2: A Coupled Neural ODE Evolution Framework}\", journal = {arXiv e-prints}, "
                "year = 2019, eid = {arXiv:1906.04596}, pages = {arXiv:1906.04596}}\n")
    (project / "pubs.bib").write_text(one_line)
    status, _, err = sync("--upgrade", "--bib", "pubs.bib")
    assert status == 0, err
    assert (project / "pubs.bib").read_text() == (
        "@INPROCEEDINGS{zhang2019anodev2, author = {{Zhang}, Tianjun and {Yao}, Zhewei}, title = "
        "\"{ANODEV2: A Coupled Neural ODE Evolution Framework}\", booktitle = {NeurIPS}, "
        "eprint = {1906.04596}, archiveprefix = {arXiv}, primaryclass = {cs.LG}, year = 2019}\n")


def test_not_found_is_an_answer_and_is_cached_too(project: Path, httpserver: HTTPServer) -> None:
    # issue 16, item 10: Semantic Scholar's null, Crossref's and DBLP's 404s, empty searches
    bib = ("@article{murray,\n  title = {Quantum Criticality},\n  author = {Murray, J. M.},\n"
           "  eprint = {1111.2011},\n  archiveprefix = {arXiv},\n  primaryclass = {cond-mat.str-el},\n"
           "  doi = {10.1103/PhysRevB.85.115117},\n}\n\n"
           "@article{unknown,\n  title = {A Paper Nobody Indexed},\n  author = {Yao, Zhewei},\n"
           "  doi = {10.5555/not-registered},\n}\n")
    httpserver.clear()
    httpserver.expect_request("/api/query").respond_with_handler(handler(ARXIV_POOL))
    s2 = S2_PAPERS["1906.04596"]
    serve(httpserver, s2=semanticscholar({"1906.04596": {**s2, "externalIds": {**s2["externalIds"],
                                                                                 "DBLP": "conf/x/Gone20"}}}))
    write(project, bib + "\n" + ANODE.replace("@inproceedings", "@misc"))  # a preprint: asked again
    status, _, err = sync()
    assert status == 0, err
    first = {prefix: len(asked(httpserver, prefix)) for prefix in ("/api/", "/s2/", "/dblp/", "/crossref/")}
    assert first == {"/api/": 2, "/s2/": 1, "/dblp/": 3, "/crossref/": 2}
    assert sorted(r.path for r in asked(httpserver, "/crossref/")) == [  # asked at the same time
        "/crossref/works/10.1103/PhysRevB.85.115117", "/crossref/works/10.5555/not-registered"]
    assert "/dblp/rec/conf/x/Gone20.xml" in [r.path for r in asked(httpserver, "/dblp/")]
    status, _, err = sync()
    assert status == 0 and "(0 request(s) to arXiv)" in err
    assert {prefix: len(asked(httpserver, prefix)) for prefix in first} == first


def refused_port() -> int:
    """A port on 127.0.0.1 where nothing listens: connecting is refused at once."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_offline_each_source_is_one_line_within_seconds_and_the_file_is_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # issue 16, item 11: the real pacing and retries (3 s between arXiv's requests, 3 retries)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "250")
    base = f"http://127.0.0.1:{refused_port()}"
    (tmp_path / "config.toml").write_text(
        f'cache_dir = "cache"\n[arxiv]\napi_url = "{base}/api/query"\n[semanticscholar]\n'
        f'api_url = "{base}/s2"\n[dblp]\napi_url = "{base}/dblp"\n[crossref]\napi_url = "{base}/crossref"\n')
    original = (ROOT / "refs.bib").read_bytes() + b"\n" + (DATA / "exports" / "google-scholar.bib").read_bytes() + (
        b"\n@inproceedings{hawq,\n  title = {{HAWQ}: Hessian {AWare} Quantization},\n"
        b"  author = {Dong, Zhen and Yao, Zhewei},\n  doi = {10.1109/ICCV.2019.00038},\n}\n")  # for Crossref
    (tmp_path / "refs.bib").write_bytes(original)
    import time

    started = time.monotonic()
    status, _, err = sync()
    assert time.monotonic() - started < 3  # it took minutes
    assert status == 1 and (tmp_path / "refs.bib").read_bytes() == original
    port = base.removeprefix("http://")
    assert err.split("Failed\n")[1].splitlines() == [
        *(f"  {name}: cannot reach {port} (connection refused); not asked again in this run"
          for name in ("arXiv", "Semantic Scholar", "DBLP", "Crossref")),
        ("refs.bib: nothing written; the file is unchanged (4 request(s): 1 to arXiv, 1 to Semantic Scholar, "
         "1 to DBLP, 1 to Crossref)"),
        "Some look-ups failed; check your connection or try again later (entries that failed were left untouched)."]


@pytest.mark.parametrize(("journal", "differs"), [
    (r"Foundations and Trends{\textregistered} in Machine Learning", False),  # Google Scholar's
    (r"Foundations and Trends\textregistered\ in Machine Learning", False),
    ("Foundations and Trends® in Machine Learning", False),  # Crossref's
    (r"Foundations and Trends{\texttrademark} in Machine Learning", False),
    (r"{Foundations and Trends} in {Machine Learning}", False),
    (r"Foundations \& Trends in Machine Learning", False),
    ("Journal of Machine Learning Research", True),
])
def test_a_venue_is_compared_as_text_not_as_latex(project: Path, httpserver: HTTPServer, journal: str,
                                                  differs: bool) -> None:
    # issue 16, item 12: no false "venue differs" on every run for a symbol or its LaTeX
    ftml = {"externalIds": {"ArXiv": "1111.2011"}, "title": "Quantum Criticality", "year": 2011,
            "authors": [{"name": "J. M. Murray"}], "venue": "Foundations and Trends in Machine Learning",
            "publicationVenue": {"name": "Foundations and Trends in Machine Learning", "type": "journal",
                                 "alternate_names": ["Found Trends Mach Learn"]},
            "journal": {"name": "Foundations and Trends in Machine Learning", "volume": "5"},
            "publicationTypes": ["JournalArticle"]}
    httpserver.clear()
    httpserver.expect_request("/api/query").respond_with_handler(handler(ARXIV_POOL))
    serve(httpserver, s2=semanticscholar({"1111.2011": ftml}))
    bib = (f"@article{{ftml,\n  title = {{Quantum Criticality}},\n  author = {{Murray, J. M.}},\n"
           f"  journal = {{{journal}}},\n  eprint = {{1111.2011}},\n  archiveprefix = {{arXiv}},\n"
           "  primaryclass = {cond-mat.str-el},\n  doi = {10.1103/PhysRevB.85.115117},\n}\n")
    write(project, bib, ["semanticscholar"])
    status, _, err = sync()
    assert status == 0, err
    assert ("entry 'ftml': the entry's venue differs from Semantic Scholar's 'Foundations and Trends in "
            "Machine Learning'; kept" in err) is differs
    assert (project / "refs.bib").read_text() == bib


def test_upgrade_leaves_a_preprint_whose_published_version_is_in_the_file(project: Path) -> None:
    # issue 16, item 4: DBLP's exports hold the CoRR copy beside the conference record; a
    # Google Scholar copy of a preprint is not upgraded a second time either
    both = (DATA / "identity" / "dblp-both-versions.bib").read_text()
    jumprelu = (DATA / "exports" / "google-scholar.bib").read_text().split("\n\n")[3]
    assert jumprelu.startswith("@misc{erichson2019jumprelu,")
    (project / "refs.bib").write_text(both + "\n" + jumprelu + "\n")
    status, _, err = sync("--dry-run")
    assert status == 0, err
    assert set(table(err, "Suggested")) == {"DBLP:journals/corr/abs-1904-03750 (refs.bib:83)",
                                            "erichson2019jumprelu (refs.bib:99)"}
    status, _, err = sync("--upgrade")
    assert status == 0, err
    assert [line for line in err.splitlines() if "upgraded" in line] == [
        ("  refs.bib:1: entry 'DBLP:journals/corr/abs-1906-04596': its published version is in the file "
         "already: 'DBLP:conf/nips/ZhangYGKGBM19' (line 21, the same DBLP conf/nips/ZhangYGKGBM19); not upgraded"),
        ("  refs.bib:46: entry 'DBLP:journals/corr/abs-1905-03696': its published version is in the file "
         "already: 'DBLP:conf/iccv/DongYGMK19' (line 64, the same title and an author); not upgraded"),
        ("  refs.bib:99: entry 'erichson2019jumprelu': the same paper as 'DBLP:journals/corr/abs-1904-03750' "
         "(line 83, the same arXiv 1904.03750), which this run upgrades; not upgraded twice")]
    new = (project / "refs.bib").read_text()
    assert new.count("@inproceedings{") == 3  # the two already there, and JumpReLU at ICPRAM
    assert "@article{DBLP:journals/corr/abs-1906-04596," in new and "@article{DBLP:journals/corr/abs-1905-03696," in new
    assert "@inproceedings{DBLP:journals/corr/abs-1904-03750," in new and "@misc{erichson2019jumprelu," in new
    assert new.count("ICPRAM") == 1


@pytest.mark.parametrize("export", [*sorted(p.name for p in (DATA / "exports").glob("*.bib")),
                                    "../identity/dblp-both-versions.bib", "../identity/google-scholar-same-key.bib"])
def test_upgrade_leaves_nothing_for_the_next_sync_and_its_dry_run_is_what_it_writes(
        project: Path, export: str) -> None:
    # issue 16, item 5: sync --upgrade; sync must leave the second run nothing to do
    old = (DATA / "exports" / export).read_bytes()
    (project / "refs.bib").write_bytes(old)
    status, diff, err = sync("--upgrade", "--dry-run")
    assert status == 0, err
    assert sync("--upgrade")[0] == 0
    upgraded = (project / "refs.bib").read_bytes()
    (project / "patched.bib").write_bytes(old)
    subprocess.run(["patch", "-s", "-o", "out.bib", "patched.bib"], input=diff.encode(), cwd=project, check=True)
    assert (project / "out.bib").read_bytes() == upgraded  # the dry run showed the final state
    status, _, err = sync()
    assert status == 0 and (project / "refs.bib").read_bytes() == upgraded
    assert "nothing to add; the file is unchanged" in err



def entry_of(text: str, key: str) -> str:
    """One entry's text, from its ``@`` to its closing line."""
    start = text.index("{" + key + ",")
    return text[text.rindex("@", 0, start) : text.index("\n}", start) + 2]


def test_upgrade_replaces_or_removes_what_contradicts_the_published_version(project: Path) -> None:
    # issue 16, item 6: biblatex's date and pubstate, ADS's month, Zotero's note; the arXiv
    # DOI gives way to the published one, and the arXiv id stays in eprint
    for name in ("better-bibtex", "ads", "zotero"):
        (project / "refs.bib").write_bytes((DATA / "exports" / f"{name}.bib").read_bytes())
        status, _, err = sync("--upgrade")
        assert status == 0, err
        UPGRADED_FIELDS[name]((project / "refs.bib").read_text(), table(err, "Written"))


def _better_bibtex(new: str, report: dict[str, dict[str, str]]) -> None:
    pyhessian = entry_of(new, "yaoPyHessianNeuralNetworks2019")
    assert "  date = {2020},\n" in pyhessian and "year" not in pyhessian and "pubstate" not in pyhessian
    assert "  eprint = {1912.07145},\n  eprinttype = {arXiv},\n" in pyhessian
    assert "  doi = {10.1109/BigData50022.2020.9378171},\n" in pyhessian
    assert report["yaoPyHessianNeuralNetworks2019 (refs.bib:30)"] == {
        "type": "@inproceedings", "booktitle": "IEEE BigData", "pages": "581--590",
        "doi": "10.1109/BigData50022.2020.9378171 (was 10.48550/arXiv.1912.07145)",
        "date": "2020 (was 2019-12-16)", "pubstate": "(taken out)"}
    hawq2 = entry_of(new, "dongHAWQV2HessianAware2019")  # NeurIPS has no DOI: arXiv's stays
    assert "  year = {2020},\n" in hawq2 and "month" not in hawq2 and "number" not in hawq2
    assert "  doi = {10.48550/arXiv.1911.03852},\n" in hawq2


def _ads(new: str, report: dict[str, dict[str, str]]) -> None:
    pyhessian = entry_of(new, "2019arXiv191207145Y")
    assert new.startswith("@INPROCEEDINGS{2019arXiv191207145Y,")
    assert "month" not in pyhessian and "eid" not in pyhessian and "arXiv:1912.07145" not in pyhessian
    assert "         year = 2020,\n" in pyhessian and "       eprint = {1912.07145},\n" in pyhessian
    assert report["2019arXiv191207145Y (refs.bib:1)"]["month"] == "(taken out)"
    assert report["2019arXiv191207145Y (refs.bib:1)"]["year"] == "2020 (was 2019)"


def _zotero(new: str, report: dict[str, dict[str, str]]) -> None:
    jumprelu = entry_of(new, "erichson_jumprelu_2019")
    assert "note" not in jumprelu and "month" not in jumprelu and "publisher" not in jumprelu
    assert "\teprint = {1904.03750},\n\tarchiveprefix = {arXiv},\n\tprimaryclass = {cs.CR},\n" in jumprelu
    assert report["erichson_jumprelu_2019 (refs.bib:15)"]["note"] == "(taken out)"
    pyhessian = report["yao_pyhessian_2020 (refs.bib:1)"]
    assert "year" not in pyhessian  # 2020 already: nothing to say


UPGRADED_FIELDS = {"better-bibtex": _better_bibtex, "ads": _ads, "zotero": _zotero}


@pytest.mark.parametrize(("dated", "upgraded"), [
    ("  year = {2019},\n  month = nov,\n", "  year = {2020},\n"),
    ("  date = {2019-11-08},\n", "  date = {2020},\n"),
    ("  year = {2019},\n  date = {2019-11-08},\n", "  year = {2020},\n  date = {2020},\n"),
])
def test_a_venue_written_beside_a_year_that_contradicts_it_is_reported_and_upgrade_replaces_it(
        project: Path, dated: str, upgraded: str) -> None:
    # issue 16, item 9: the arXiv year (2019) beside NeurIPS 2020
    bib = ("@inproceedings{hawq2,\n  title = {{HAWQ-V2}: Hessian Aware trace-Weighted Quantization of "
           "Neural Networks},\n  author = {Dong, Zhen and Yao, Zhewei},\n" + dated +
           "  eprint = {1911.03852},\n  archiveprefix = {arXiv},\n  primaryclass = {cs.CV},\n}\n")
    write(project, bib, ["semanticscholar", "dblp"])
    status, _, err = sync()
    assert status == 0, err
    assert "refs.bib:1: entry 'hawq2': the entry's year 2019 differs from the published version's 2020 " \
           "(DBLP); kept (publist sync --upgrade replaces it)" in err
    assert (project / "refs.bib").read_text() == bib.replace("}\n", "  booktitle = {NeurIPS},\n}\n")
    (project / "refs.bib").write_text(bib)
    status, _, err = sync("--upgrade")
    assert status == 0, err
    assert (project / "refs.bib").read_text() == bib.replace(dated, upgraded).replace(
        "}\n", "  booktitle = {NeurIPS},\n}\n")
    assert "differs" not in sync()[2]
