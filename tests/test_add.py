"""publist add: arXiv ids and DOIs become entries in the file's own style, against stand-ins
for arXiv and Crossref on 127.0.0.1 (tests/fake_arxiv.py, tests/fake_venues.py)."""

from __future__ import annotations

import io
import os
import shutil
import threading
from pathlib import Path

import bibtexparser
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from publist import cli
from publist.bib import reader

from conftest import DATA, READER_WARNINGS, WILD, diff_of, patched
from fake_arxiv import entries, entry, handler
from fake_venues import asked, dblp, serve

SCHOELKOPF = entry(
    "2102.11107", "Towards Causal Representation Learning",
    ("Bernhard Schölkopf", "Francesco Locatello", "Stefan Bauer", "Nan Rosemary Ke",
     "Nal Kalchbrenner", "Anirudh Goyal", "Yoshua Bengio"),
    version=1, primary="cs.LG", published="2021-02-22")
VAN_DER_MAATEN = entry("2001.00001", "Visualizing Data using t-SNE", ("Laurens van der Maaten",),
                       published="2008-11-01", journal_ref="JMLR 9 (2008) 2579-2605")
KING = entry("2003.00003", "I Have a Dream", ("Martin Luther King Jr.", "Coretta Scott King", "ATLAS Collaboration"),
             published="2020-03-01")
# arXiv's year (2018) is not the venue's: the journal reference names 2019
ICML = entry("1806.00004", "A Paper at ICML", ("Ada Lovelace",), published="2018-06-01",
             journal_ref="Proceedings of the 36th International Conference on Machine Learning, ICML 2019, "
                         "PMLR 97:1-10")
CYRILLIC = entry("2004.00005", "Об одной задаче Коши: β-распад", ("Андрей Николаевич Колмогоров",),
                 published="2020-04-01")
# arXiv's doi holds an article's DOI and its erratum's (its feed separates them by spaces; this one by a comma)
ERRATUM = entry("2005.00006", "Energy and charged particle flow", ("Ada Lovelace",), published="2020-05-01",
                doi="10.1103/PhysRevC.55.1420, 10.1103/PhysRevC.56.2336")
POOL = {**entries("seed_papers.xml", "api2026_id_astro-ph_0601001.xml", "legacy2016_id_list_1111.2011v2.xml"),
        **SCHOELKOPF, **VAN_DER_MAATEN, **KING, **ICML, **CYRILLIC, **ERRATUM}
QUOTED = '''@Article{Yao2020,
    Author = "Yao, Zhewei and Gholami, Amir",
    Title  = "A Paper",
    Year   = "2020"
}
'''


@pytest.fixture
def project(tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    httpserver.expect_request("/api/query").respond_with_handler(handler(POOL))
    venues = serve(httpserver)  # Semantic Scholar, DBLP and Crossref
    (tmp_path / "config.toml").write_text(
        f'cache_dir = "cache"\n\n[owner]\nnames = ["Zhewei Yao"]\n\n[arxiv]\n'
        f'api_url = "{httpserver.url_for("/api/query")}"\ndelay_seconds = 0\nretries = 0\n\n'
        + venues.replace("delay_seconds = 0\n", "delay_seconds = 0\nretries = 0\n"))
    return tmp_path


def add(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = cli.run(["add", *argv], out, err)
    return status, out.getvalue(), err.getvalue()


def added(diff: str) -> str:
    """The lines a ``--dry-run`` diff adds, as the file would hold them."""
    lines = diff.splitlines(keepends=True)
    assert lines[:2] == ["--- a/refs.bib\n", "+++ b/refs.bib\n"] and lines[2].startswith("@@ "), diff[:200]
    return "".join(line[1:] for line in lines[3:] if line.startswith("+"))


def parsed(path: Path) -> dict[str, dict[str, str]]:
    """The file as bibtexparser 2 reads it: fields by key, with no parse failures."""
    library = bibtexparser.parse_string(path.read_text())
    assert not library.failed_blocks, [b.error for b in library.failed_blocks]
    return {e.key: {f.key.lower(): f.value for f in e.fields} for e in library.entries}


def test_an_arxiv_id_in_every_pasted_form_adds_one_entry_with_a_readable_key(project: Path) -> None:
    (project / "refs.bib").write_text("@misc{old,\n  title = {Old},\n}\n")
    status, _, err = add("https://arxiv.org/pdf/2102.11107v1.pdf")
    assert status == 0, err
    assert "refs.bib: added schoelkopf2021causal (arXiv 2102.11107v1)" in err
    text = (project / "refs.bib").read_text()
    assert text.startswith("@misc{old,\n  title = {Old},\n}\n\n@misc{schoelkopf2021causal,\n")
    fields = parsed(project / "refs.bib")["schoelkopf2021causal"]
    assert fields["author"].startswith('Sch{\\"o}lkopf, Bernhard and Locatello, Francesco')
    assert "Ke, Nan Rosemary" in fields["author"]  # full names, as arXiv has them
    assert (fields["title"], fields["year"], fields["eprint"], fields["archiveprefix"],
            fields["primaryclass"]) == ("Towards Causal Representation Learning", "2021", "2102.11107",
                                        "arXiv", "cs.LG")
    # the same paper again, in another form: named, not added twice
    status, _, err = add("arXiv:2102.11107v2")
    assert status == 0
    assert "refs.bib:5: already has arXiv 2102.11107v2 (entry 'schoelkopf2021causal'); not added again" in err
    assert (project / "refs.bib").read_text() == text


@pytest.mark.parametrize("pasted", ["1912.07145", "arXiv:1912.07145v2", "https://arxiv.org/abs/1912.07145",
                                    "http://export.arxiv.org/abs/1912.07145v1", "arxiv.org/pdf/1912.07145",
                                    "arXiv:1912.07145 [cs.LG]", "<https://browse.arxiv.org/abs/1912.07145?context=cs>."])
def test_pasted_forms_of_one_id(project: Path, pasted: str) -> None:
    (project / "refs.bib").write_text("")
    status, out, err = add("--dry-run", pasted)
    assert status == 0, err
    # published at IEEE BigData 2020, as Semantic Scholar, DBLP and Crossref agree
    assert added(out).startswith("@inproceedings{yao2020pyhessian,\n  title = {{PyHessian}: Neural Networks")


def test_a_doi_from_a_publisher_s_address_and_its_resolver_s_percent_encoded_form(project: Path) -> None:
    (project / "refs.bib").write_text("")
    status, out, err = add("--dry-run", "https://doi.org/10.1109%2FICCV.2019.00038?via=ihub")
    assert status == 0, err
    assert added(out).startswith("@inproceedings{dong2019hawq,\n") and "doi = {10.1109/ICCV.2019.00038}" in out
    status, _, err = add("https://ieeexplore.ieee.org/doi/full/10.1109/ICCV.2019.00038", "10.1109/ICCV.2019.00038.")
    assert status == 0, err
    assert err == ("refs.bib: DOI 10.1109/ICCV.2019.00038 is DOI 10.1109/ICCV.2019.00038 again; added once\n"
                   "refs.bib: added dong2019hawq (DOI 10.1109/ICCV.2019.00038)\n")


def test_an_old_style_id_and_a_journal_reference(project: Path, httpserver: HTTPServer) -> None:
    (project / "refs.bib").write_text("")
    status, _, err = add("astro-ph/0601001", "2001.00001")
    assert status == 0, err
    fields = parsed(project / "refs.bib")
    assert fields["vandermaaten2008visualizing"]["author"] == "van der Maaten, Laurens"
    assert fields["vandermaaten2008visualizing"]["journal"] == "JMLR 9 (2008) 2579-2605"
    assert fields["vandermaaten2008visualizing"]["title"] == "Visualizing Data using {t-SNE}"
    [old] = [k for k in fields if k != "vandermaaten2008visualizing"]
    assert fields[old]["eprint"] == "astro-ph/0601001"
    assert len(asked(httpserver, "/api/query")) == 1  # one batched request


def test_a_doi_from_crossref_in_a_file_that_quotes_its_values(project: Path) -> None:
    (project / "refs.bib").write_text(QUOTED)
    status, _, err = add("https://doi.org/10.1109/ICCV.2019.00038")
    assert status == 0, err
    text = (project / "refs.bib").read_text()
    # the file's style: quotes, capitalised names, "=" in its column, no comma after the last field
    assert text.startswith(QUOTED + '\n@Inproceedings{dong2019hawq,\n    Title  = "{HAWQ}: Hessian {AWare} Quantization of Neural Networks With Mixed-Precision",')
    fields = parsed(project / "refs.bib")["dong2019hawq"]
    assert (fields["booktitle"], fields["pages"], fields["doi"], fields["year"]) == (
        "2019 IEEE/CVF International Conference on Computer Vision (ICCV)", "293--302",
        "10.1109/ICCV.2019.00038", "2019")
    assert fields["author"] == ("Dong, Zhen and Yao, Zhewei and Gholami, Amir and Mahoney, Michael "
                                "and Keutzer, Kurt")
    assert text.endswith('    Year   = "2019",\n    Doi    = "10.1109/ICCV.2019.00038"\n}\n')


REALWORLD = Path(__file__).resolve().parent / "data" / "realworld"


@pytest.mark.parametrize("name", ["texjourn.bib", "texbook1.bib"])
def test_values_aligned_in_a_column_as_emacs_and_beebe_write_them(project: Path, name: str) -> None:
    """Nelson Beebe's TeX bibliographies (and Emacs's bibtex-mode) put ``=`` after the name and
    start every value in one column: ``  author =       "``, ``  title =        "``."""
    original = (REALWORLD / name).read_bytes()
    (project / "refs.bib").write_bytes(original)
    status, _, err = add("10.1109/ICCV.2019.00038")
    assert status == 0, err
    text = (project / "refs.bib").read_text(encoding="latin-1")
    added = text[len(original.decode("latin-1")):].splitlines()[2:-1]
    assert added[:2] == ['  title =        "{HAWQ}: Hessian {AWare} Quantization of Neural Networks With Mixed-Precision",',
                         '  author =       "Dong, Zhen and Yao, Zhewei and Gholami, Amir and Mahoney, Michael and Keutzer, Kurt",']
    assert {line.index('"') for line in added} == {17}  # the column of the file's values


def test_jabref_s_capitalised_field_names_beside_an_acronym_s(project: Path) -> None:
    """JabRef 2 writes ``Title``, ``Author``, ``Doi``, but ``ISSN``: the names are still capitalised."""
    original = (Path(__file__).resolve().parent / "data" / "add" / "jabref-cox-head.bib").read_bytes()
    (project / "refs.bib").write_bytes(original)
    assert add("10.1109/ICCV.2019.00038")[0] == 0
    added = (project / "refs.bib").read_bytes()[len(original):].decode().splitlines()
    assert added[:3] == [
        "@Inproceedings{dong2019hawq,",
        "  Title                    = {{HAWQ}: Hessian {AWare} Quantization of Neural Networks With Mixed-Precision},",
        "  Author                   = {Dong, Zhen and Yao, Zhewei and Gholami, Amir and Mahoney, Michael and Keutzer, Kurt},"]
    assert added[-2:] == ["  Doi                      = {10.1109/ICCV.2019.00038}", "}"]


def test_an_accent_in_a_quoted_file_stays_valid_bibtex(project: Path) -> None:
    (project / "refs.bib").write_text(QUOTED)
    assert add("2102.11107")[0] == 0
    text = (project / "refs.bib").read_text()
    assert 'Author = "Sch{\\"o}lkopf, Bernhard and Locatello' in text
    assert parsed(project / "refs.bib")["schoelkopf2021causal"]["author"].startswith('Sch{\\"o}lkopf, Bernhard')
    by_us = {r.key: r.fields for r in reader.read(text).records}
    assert by_us["schoelkopf2021causal"]["author"].startswith('Sch{\\"o}lkopf, Bernhard')


def test_a_key_that_is_taken_gets_a_letter(project: Path) -> None:
    (project / "refs.bib").write_text("@misc{schoelkopf2021causal,\n  title = {Another paper},\n}\n"
                                      "@misc{Schoelkopf2021causal-b,\n  title = {And another},\n}\n")
    status, _, err = add("2102.11107")
    assert status == 0, err
    assert "added schoelkopf2021causal-c" in err
    assert "@misc{schoelkopf2021causal-c," in (project / "refs.bib").read_text()


def test_a_paper_the_file_has_is_not_added_twice(project: Path, httpserver: HTTPServer) -> None:
    # the file has HAWQ by its DOI as a resolver URL in another case: the same paper
    (project / "refs.bib").write_text("@inproceedings{hawq,\n  title = {HAWQ},\n"
                                      "  url = {https://DOI.org/10.1109/iccv.2019.00038},\n}\n")
    before = (project / "refs.bib").read_bytes()
    status, _, err = add("10.1109/ICCV.2019.00038")
    assert status == 0
    assert "refs.bib:1: already has DOI 10.1109/ICCV.2019.00038 (entry 'hawq'); not added again" in err
    assert (project / "refs.bib").read_bytes() == before
    assert not asked(httpserver, "/crossref")  # known before asking


# Google Scholar's "Cite -> BibTeX" of the published versions: no DOI, no arXiv id, titles in
# sentence case, the venue's full name
SCHOLAR_PUBLISHED = """\
@inproceedings{zhang2019anodev2,
  title={ANODEV2: A coupled neural ODE framework},
  author={Zhang, Tianjun and Yao, Zhewei and Gholami, Amir and Gonzalez, Joseph E and Keutzer, Kurt and Mahoney, Michael W and Biros, George},
  booktitle={Advances in Neural Information Processing Systems},
  pages={5151--5161},
  year={2019}
}

@inproceedings{dong2019hawq,
  title={Hawq: Hessian aware quantization of neural networks with mixed-precision},
  author={Dong, Zhen and Yao, Zhewei and Gholami, Amir and Mahoney, Michael W and Keutzer, Kurt},
  booktitle={Proceedings of the IEEE/CVF International Conference on Computer Vision},
  pages={293--302},
  year={2019}
}
"""


def test_a_paper_the_file_has_by_its_title_and_an_author_is_not_added_twice(project: Path) -> None:
    (project / "refs.bib").write_text(SCHOLAR_PUBLISHED)
    # ANODEV2's arXiv title says "ODE Evolution Framework": its published title (DBLP's) is the file's
    status, _, err = add("1906.04596", "10.1109/ICCV.2019.00038", "2102.11107")
    assert status == 0, err
    assert ("refs.bib:1: already has arXiv 1906.04596 (entry 'zhang2019anodev2': the same title and an "
            "author); not added again\n") in err
    assert ("refs.bib:9: already has DOI 10.1109/ICCV.2019.00038 (entry 'dong2019hawq': the same title and an "
            "author); not added again\n") in err
    assert list(parsed(project / "refs.bib")) == ["zhang2019anodev2", "dong2019hawq", "schoelkopf2021causal"]


def test_ids_no_one_knows_write_nothing(project: Path) -> None:
    (project / "refs.bib").write_text(QUOTED)
    status, _, err = add("2102.11107", "0808.05394", "10.9999/no-such-doi")
    assert status == 1
    assert "arXiv 0808.05394: not found on arXiv" in err
    assert "DOI 10.9999/no-such-doi: Crossref (" in err and "does not know it" in err
    assert err.endswith("refs.bib: nothing added\n")
    assert (project / "refs.bib").read_text() == QUOTED


def test_a_network_failure_writes_nothing(project: Path, httpserver: HTTPServer) -> None:
    (project / "refs.bib").write_text(QUOTED)
    httpserver.clear_all_handlers()
    httpserver.expect_request("/api/query").respond_with_response(Response("busy", status=503))
    status, _, err = add("2102.11107")
    assert status == 1
    assert err.splitlines()[0].startswith("arXiv 2102.11107: ")
    assert "503" in err and "Traceback" not in err
    assert (project / "refs.bib").read_text() == QUOTED


def test_dry_run_prints_and_writes_nothing(project: Path) -> None:
    (project / "refs.bib").write_text(QUOTED)
    status, out, err = add("--dry-run", "2102.11107")
    assert status == 0
    assert added(out).startswith('\n@Misc{schoelkopf2021causal,\n    Title  = "Towards Causal')
    assert "would add schoelkopf2021causal" in err
    assert (project / "refs.bib").read_text() == QUOTED


def test_crlf_and_every_existing_byte_kept(project: Path) -> None:
    original = QUOTED.replace("\n", "\r\n").encode() + b"% a comment at the end, no newline"
    (project / "refs.bib").write_bytes(original)
    assert add("2102.11107")[0] == 0
    data = (project / "refs.bib").read_bytes()
    assert data.startswith(original + b"\r\n\r\n@Misc{schoelkopf2021causal,\r\n")
    assert data.endswith(b"\r\n}\r\n") and b"\n" not in data.replace(b"\r\n", b"")


def test_no_such_file(project: Path) -> None:
    status, _, err = add("2102.11107")
    assert (status, err) == (1, "refs.bib: no such file\n")


@pytest.mark.parametrize("dry_run", [(), ("--dry-run",)])
def test_a_pipe_is_refused_before_arxiv_is_asked_even_by_a_dry_run(
        project: Path, httpserver: HTTPServer, dry_run: tuple[str, ...]) -> None:
    os.mkfifo(project / "refs.bib")
    # a writer that closes the pipe, so that a run that reads it ends instead of waiting for ever
    threading.Thread(target=lambda: open(project / "refs.bib", "wb").close(), daemon=True).start()
    status, out, err = add(*dry_run, "2102.11107")
    os.close(os.open(project / "refs.bib", os.O_RDONLY | os.O_NONBLOCK))  # let the writer go
    assert (status, out, err) == (1, "", "refs.bib: is not a regular file (a pipe or a device); nothing written\n")
    assert httpserver.log == []


def test_one_paper_asked_for_twice_in_one_add_is_added_once(project: Path) -> None:
    (project / "refs.bib").write_text("")
    # versions and pasted forms of one id; an arXiv id and the DOI of its published version
    status, _, err = add("2102.11107", "2102.11107v2", "https://arxiv.org/abs/2102.11107v1",
                         "1905.03696", "10.1109/ICCV.2019.00038")
    assert status == 0, err
    assert "refs.bib: arXiv 2102.11107v2 is arXiv 2102.11107 again; added once" in err
    assert "refs.bib: arXiv 2102.11107v1 is arXiv 2102.11107 again; added once" in err
    assert "refs.bib: DOI 10.1109/ICCV.2019.00038 is arXiv 1905.03696 again; added once" in err
    assert sorted(parsed(project / "refs.bib")) == ["dong2019hawq", "schoelkopf2021causal"]


def test_every_malformed_id_is_reported_and_nobody_is_asked(project: Path, httpserver: HTTPServer) -> None:
    (project / "refs.bib").write_text(QUOTED)
    status, _, err = add("21021.1107x", "2102.11107", "10.1109", "not-an-id")
    assert status == 2  # arguments that are no ids: a usage error, as argparse's
    assert err == ("'21021.1107x' is neither an arXiv id nor a DOI\n"
                   "'10.1109' is neither an arXiv id nor a DOI\n"
                   "'not-an-id' is neither an arXiv id nor a DOI\n"
                   "refs.bib: nothing added\n")
    assert (project / "refs.bib").read_text() == QUOTED
    assert not httpserver.log


def test_suffixes_and_organisations_from_arxiv(project: Path) -> None:
    (project / "refs.bib").write_text("")
    status, _, err = add("2003.00003")
    assert status == 0, err
    [(key, fields)] = parsed(project / "refs.bib").items()
    # BibTeX's von Last, Jr, First; a collaboration is one name, in braces
    assert fields["author"] == "King, Jr., Martin Luther and King, Coretta Scott and {ATLAS Collaboration}"
    assert key == "king2020dream"  # the first word that names the paper (was king2020i)
    names = [(n.last, n.jr, n.first) for n in reader_names(fields["author"])]
    assert names == [("King", "Jr.", "Martin Luther"), ("King", "", "Coretta Scott"),
                     ("{ATLAS Collaboration}", "", "")]


def reader_names(field: str) -> list:
    from publist.text import names

    return names.parse_list(field)


def test_suffixes_and_organisations_from_crossref(project: Path, httpserver: HTTPServer) -> None:
    import json

    from fake_venues import CROSSREF_WORKS, crossref

    # a real Crossref record, with two authors in the shapes Crossref gives them
    work = json.loads(CROSSREF_WORKS["10.1098/rspa.2020.0097"])
    work["message"]["author"] += [{"name": "The ATLAS Collaboration", "sequence": "additional",
                                   "affiliation": []},
                                  {"given": "Martin Luther", "family": "King", "suffix": "Jr.",
                                   "sequence": "additional", "affiliation": []}]
    httpserver.clear_all_handlers()
    serve(httpserver, crossref_=crossref({"10.1098/rspa.2020.0097": json.dumps(work)}))
    (project / "refs.bib").write_text("")
    status, _, err = add("10.1098/rspa.2020.0097")
    assert status == 0, err
    [fields] = parsed(project / "refs.bib").values()
    assert fields["author"].endswith(" and {The ATLAS Collaboration} and King, Jr., Martin Luther")
    assert [n.last for n in reader_names(fields["author"])][-2:] == ["{The ATLAS Collaboration}", "King"]
    # the venue record sync compares authors with names them First Last
    from publist.sources.crossref import parse_work, published

    record = published(parse_work(work))
    assert record is not None and record.authors[-2:] == ("The ATLAS Collaboration", "Martin Luther King")


def test_the_year_a_journal_reference_names(project: Path) -> None:
    (project / "refs.bib").write_text("")
    # constructed (ICML 2019, posted in 2018) and recorded (Phys. Rev. B 85, 115117 (2012), posted 2011)
    status, _, err = add("1806.00004", "1111.2011")
    assert status == 0, err
    fields = parsed(project / "refs.bib")
    icml = fields["lovelace2019paper"]
    assert (icml["journal"], icml["year"]) == (
        "Proceedings of the 36th International Conference on Machine Learning, ICML 2019, PMLR 97:1-10",
        "2019")
    [bethe] = [f for k, f in fields.items() if k != "lovelace2019paper"]
    assert (bethe["journal"], bethe["year"]) == ("Phys. Rev. B 85, 115117 (2012)", "2012")


def test_a_capitalised_particle_from_arxiv_is_written_with_the_surname(project: Path) -> None:
    (project / "refs.bib").write_text("")
    assert add("1111.2011")[0] == 0  # recorded: "James M. Murray", "Adrian Del Maestro", "Zlatko Tesanovic"
    [fields] = parsed(project / "refs.bib").values()
    assert fields["author"] == "Murray, James M. and Del Maestro, Adrian and Tesanovic, Zlatko"
    status, out, _ = cli_run("render", "--format", "md")
    assert status == 0 and "J. M. Murray, A. Del Maestro, Z. Tesanovic" in out  # was "A. D. Maestro"


@pytest.mark.parametrize(("ref", "year"), [
    ("ActaAstron.56:1-50,2006", 2006), ("Int. J. Mod. Phys. B, 26, 1244002 (2012)", 2012),
    (("Artificial Intelligence in Software Testing @ 2022 IEEE International Conference on Software "
     "Testing, Verification and Validation Workshops (ICSTW)"), 2022),
    ("JMLR 9 (2008) 2579-2605", 2008), ("Nature 521, 2015-2020 (2015)", 2015),
    ("Phys. Rev. D 100, 032019", None), ("Nucl. Phys. B 1999-2004", None)])
def test_journal_references_as_arxiv_writes_them(ref: str, year: int | None) -> None:
    from publist.bib.entries import journal_year

    assert journal_year(ref) == year


def test_the_published_version_where_the_venue_sources_know_it(project: Path, httpserver: HTTPServer) -> None:
    (project / "refs.bib").write_text("")
    status, _, err = add("1906.04596", "1510.05239")
    assert status == 0, err
    text = (project / "refs.bib").read_text()
    fields = parsed(project / "refs.bib")
    # NeurIPS 2019 (Semantic Scholar and DBLP by its key), Inverse Problems 2016 (posted in 2015)
    assert "@inproceedings{zhang2019anodev2," in text
    anode = fields["zhang2019anodev2"]
    assert (anode["booktitle"], anode["year"], anode["eprint"], anode["archiveprefix"]) == (
        "NeurIPS", "2019", "1906.04596", "arXiv")
    tv = fields["yao2016tv"]
    assert (tv["journal"], tv["volume"], tv["number"], tv["year"]) == ("Inverse Problems", "32", "7", "2016")
    assert "@article{yao2016tv," in text
    # the venue sources' caches are sync's: a second add asks them nothing
    before = len(httpserver.log)
    (project / "refs.bib").write_text("")
    assert add("--dry-run", "1906.04596", "1510.05239")[0] == 0
    assert [r.path for r, _ in httpserver.log[before:]] == ["/api/query"]


def test_a_venue_source_that_fails_costs_only_the_published_version(project: Path, httpserver: HTTPServer) -> None:
    httpserver.clear_all_handlers()
    httpserver.expect_request("/api/query").respond_with_handler(handler(POOL))
    serve(httpserver, s2=lambda request: Response("busy", status=503), dblp_=dblp({}))
    (project / "refs.bib").write_text("")
    status, _, err = add("1806.00004")
    assert status == 0, err
    assert "Semantic Scholar: HTTP 503 after 0 retries; the published versions it would give are not known" in err
    assert parsed(project / "refs.bib")["lovelace2019paper"]["year"] == "2019"


def test_other_scripts_stay_unicode_in_a_utf8_file(project: Path) -> None:
    (project / "refs.bib").write_text("")
    assert add("2004.00005", "2102.11107")[0] == 0
    text = (project / "refs.bib").read_text()
    # Cyrillic as written; a lone Greek letter is a symbol; Latin accents in braces, as before
    assert "title = {Об одной задаче Коши: \\ensuremath{\\beta}-распад}" in text
    assert "author = {Колмогоров, Андрей Николаевич}" in text
    assert "@misc{kolmogorov2020odnoy," in text  # the key transliterated, the preposition skipped
    assert 'Sch{\\"o}lkopf, Bernhard' in text
    status, out, err = cli_run("render", "--format", "md")
    assert status == 0 and "Колмогоров" in out and "Об одной задаче Коши" in out, err


def test_other_scripts_as_latex_where_the_file_s_encoding_needs_it(project: Path) -> None:
    (project / "refs.bib").write_bytes("% Encoding: ISO-8859-1\n@misc{old, title = {Caf\u00e9}}\n".encode("latin-1"))
    assert add("2004.00005")[0] == 0
    text = (project / "refs.bib").read_bytes().decode("latin-1")
    assert "Колмогоров" not in text and "{\\CYRK}" in text  # LaTeX's T2A names, as the file needs
    assert "@misc{kolmogorov2020odnoy," in text  # the key read from them
    assert text.startswith("% Encoding: ISO-8859-1\n@misc{old, title = {Caf\u00e9}}\n")


def cli_run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = cli.run(list(argv), out, err)
    return status, out.getvalue(), err.getvalue()


def test_arxiv_s_several_dois_give_the_article_s(project: Path) -> None:
    (project / "refs.bib").write_text("")
    status, _, err = add("2005.00006")
    assert status == 0, err
    assert parsed(project / "refs.bib")["lovelace2020energy"]["doi"] == "10.1103/PhysRevC.55.1420"


def _breaks(data: bytes) -> set[bytes]:
    """The line breaks a file's bytes use: b"\\r\\n", an old Mac's b"\\r", b"\\n"."""
    import re

    return set(re.findall(rb"\r\n|\r|\n", data))


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_new_entries_take_the_file_s_line_endings(project: Path, newline: str) -> None:
    original = QUOTED.replace("\n", newline).encode()
    (project / "refs.bib").write_bytes(original)
    assert add("2102.11107", "2001.00001")[0] == 0
    data = (project / "refs.bib").read_bytes()
    assert data.startswith(original + newline.encode() + b"@Misc{schoelkopf2021causal," + newline.encode())
    assert _breaks(data) == {newline.encode()} and data.endswith(b"}" + newline.encode())
    read = [(r.key, r.line) for r in reader.read(data.decode(), "refs.bib").records]
    as_lf = [(r.key, r.line) for r in reader.read(data.decode().replace(newline, "\n"), "refs.bib").records]
    assert read == as_lf and [key for key, _ in read] == ["Yao2020", "schoelkopf2021causal",
                                                           "vandermaaten2008visualizing"]
    # --dry-run's diff is in the file's bytes, as patch needs them; an old Mac's CR file, which
    # patch cannot read, is shown with the terminal's line breaks, as sync's diff is
    status, out, _ = add("--dry-run", "2003.00003")
    shown = newline if newline == "\r\n" else "\n"
    assert status == 0 and "+@Misc{king2020dream," + shown in out
    assert {line[-len(shown):] for line in out.splitlines(keepends=True)[3:]} == {shown}


def test_a_real_crlf_file_with_some_lf_lines_gets_crlf_entries(project: Path) -> None:
    # hugo-deluca.bib (tests/data/wild): 355 lines end in CRLF, 15 in LF
    original = (DATA / "wild" / "hugo-deluca.bib").read_bytes()
    (project / "refs.bib").write_bytes(original)
    assert add("2102.11107")[0] == 0
    added = (project / "refs.bib").read_bytes()[len(original):]
    assert _breaks(added) == {b"\r\n"} and added.count(b"\r\n") == 9


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_a_file_of_comments_alone_gets_its_line_endings_too(project: Path, newline: str) -> None:
    original = f"% my papers{newline}% more to come{newline}".encode()
    (project / "refs.bib").write_bytes(original)
    assert add("2102.11107")[0] == 0
    data = (project / "refs.bib").read_bytes()
    assert data.startswith(original + newline.encode() + b"@misc{schoelkopf2021causal,")
    assert _breaks(data) == {newline.encode()}


@pytest.mark.parametrize(("name", "said"), READER_WARNINGS)
def test_add_says_what_render_says_of_the_file_it_adds_to_and_still_adds(project: Path, name: str, said: str) -> None:
    shutil.copy(WILD / name, project / name)
    before = (project / name).read_bytes()
    render_err = cli_run("render", "--bib", name)[2]
    assert said in render_err.splitlines()
    status, _, err = add("--bib", name, "--dry-run", "2102.11107")
    assert status == 0, err
    assert err.splitlines().count(said) == 1 and (project / name).read_bytes() == before
    status, _, err = add("--bib", name, "2102.11107")
    assert status == 0, err
    lines = err.splitlines()
    assert lines.index(said) < lines.index(f"{name}: added schoelkopf2021causal (arXiv 2102.11107)")
    assert (project / name).read_bytes().startswith(before)


def test_add_prints_each_reader_warning_once_in_render_s_words(project: Path) -> None:
    (project / "refs.bib").write_text("@article{m, title = {Q}, journal = prb}\n@misc{m, title = {Other}, year = 2020}\n")
    render_err = cli_run("render")[2].splitlines()
    status, _, err = add("2102.11107")
    assert status == 0
    assert err.splitlines() == [
        "refs.bib:1: entry 'm', field 'journal': undefined @string 'prb' (put text in braces)",
        "refs.bib:2: duplicate key 'm' (first at line 1)",
        "refs.bib: added schoelkopf2021causal (arXiv 2102.11107)"]
    assert set(err.splitlines()[:2]) <= set(render_err)



JABREF_LATIN1 = ("% Encoding: ISO8859_1\n\n@Article{mueller,\n  author = {M\u00fcller, J\u00fcrgen},\n"
                 "  title  = {\u00dcber Scherben},\n}\n").encode("latin-1")


@pytest.mark.parametrize(("name", "data"), [
    ("JabRef, Latin-1, an umlaut in the diff's context", JABREF_LATIN1),
    ("BOM, CRLF, no final newline", b"\xef\xbb\xbf@misc{m,\r\n  title = {Q},\r\n}"),
    ("ends in a comment without a newline", b"@misc{m,\n  title = {Q},\n}\n% the end"),
    ("a blank line at the end", b"@misc{m,\n  title = {Q},\n}\n\n"),
    ("@string last", b'@misc{m,\n  title = {Q},\n}\n@string{pots = "Pots"}\n'),
    ("empty", b""),
    ("a real al-folio file", (WILD / "alfolio-vasilescu.bib").read_bytes()),
])
def test_the_dry_run_diff_applies_with_patch_and_gives_what_add_writes(project: Path, name: str, data: bytes) -> None:
    bib = project / "refs.bib"
    bib.write_bytes(data)
    diff = diff_of(["add", "--dry-run", "2102.11107", "10.1109/ICCV.2019.00038"])
    assert bib.read_bytes() == data and diff.startswith(b"--- a/refs.bib\n+++ b/refs.bib\n@@")
    result = patched(project / "copy", data, diff)
    assert add("2102.11107", "10.1109/ICCV.2019.00038")[0] == 0
    assert result == bib.read_bytes() != data
