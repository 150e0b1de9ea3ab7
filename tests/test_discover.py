"""publist discover and publist init from profiles: the four profile services' stand-ins on
127.0.0.1 (tests/fake_profiles.py), their works grouped into papers through publist.papers.identity,
the .bib's papers and the ignored ones left out, --add in the file's style, faults one line each."""

from __future__ import annotations

import json
import os
import re
import socket
import threading
from pathlib import Path
from typing import Any

import fake_profiles
import pytest
from fake_profiles import KEY, OrcidRecord, dblp_person
from pytest_httpserver import HTTPServer

from publist.bib import reader
from publist.profiles import ignored, papers
from publist.sources.openalex import KEY_HELP
from publist.sources.profile import ProfileWork
from publist.sources.published import Published
from publist.text.names import Owner

from conftest import diff_of, patched, run

CARBERRY = "0000-0002-1825-0097"
ALL = f'dblp = "12/3456"\norcid = "{CARBERRY}"\nsemanticscholar = "1234567"\nopenalex = "A5000000001"\n'
NEURIPS = "Psychoceramics and the Cracked Pot Theory"
JOURNAL = "On Ceramic Fractures in Theory and Practice"
MISATTRIBUTED = "Brown University in the Eighteenth Century"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "refs.bib").write_text("", encoding="utf-8")
    return tmp_path


def configure(project: Path, server: HTTPServer, owner: str = ALL, **handlers: Any) -> None:
    tables = fake_profiles.serve(server, **handlers)
    (project / "config.toml").write_text(
        f'cache_dir = ".cache"\n[owner]\nnames = ["Josiah Carberry"]\n{owner}\n{tables}', encoding="utf-8")


def listed(*argv: str) -> list[dict[str, Any]]:
    status, out, err = run("discover", "--format", "json", *argv)
    assert status in (0, 1) and out, err
    data: list[dict[str, Any]] = json.loads(out)
    return data


def test_one_candidate_per_paper_across_the_four_profiles(project: Path, httpserver: HTTPServer) -> None:
    configure(project, httpserver)
    found = listed()
    titles = [p["title"] for p in found]
    assert len(titles) == len(set(titles)) == 7
    nips = next(p for p in found if p["title"] == NEURIPS)
    # DBLP's conference record, ORCID's, Semantic Scholar's and OpenAlex's copies: one paper,
    # shown as the published version with the preprint's arXiv id
    assert nips["profiles"] == ["DBLP", "ORCID", "Semantic Scholar", "OpenAlex"]
    assert (nips["venue"], nips["kind"], nips["year"]) == ("NeurIPS", "conference", 2021)
    assert nips["ids"]["arxiv"] == "2101.00001" and nips["ids"]["dblp"] == "conf/nips/CarberryW21"
    journal = next(p for p in found if p["title"] == JOURNAL)
    assert journal["ids"]["doi"] == "10.5555/JPC.2020.42" and len(journal["profiles"]) == 4
    # the misattributed paper is last, apart: its byline names a Jonathan Carbery
    assert [(p["title"], p["owner"]) for p in found[-1:]] == [(MISATTRIBUTED, False)]
    assert all(p["owner"] for p in found[:-1])
    assert [p["number"] for p in found] == list(range(1, 8))
    assert [p["year"] for p in found[:-1]] == sorted((p["year"] for p in found[:-1]), reverse=True)


def test_the_text_list_highlights_nothing_but_says_everything(project: Path, httpserver: HTTPServer) -> None:
    configure(project, httpserver)
    status, out, err = run("discover")
    assert status == 0 and err == ""
    assert out.startswith("6 papers of your profiles that refs.bib lacks:\n\n 1. Glaze Patterns")
    assert (f" 2. {NEURIPS}\n    Josiah Carberry, Wei Wang\n    NeurIPS, 2021\n"
            "    arXiv 2101.00001 · DBLP conf/nips/CarberryW21 · Semantic Scholar "
            "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678 · OpenAlex W3100000001\n"
            "    listed by DBLP, ORCID, Semantic Scholar, OpenAlex\n") in out
    assert ("listed by ORCID, Semantic Scholar, OpenAlex, but the owner is not among its authors:\n"
            f" 7. {MISATTRIBUTED}\n    Jonathan Carbery, Mary Brown\n") in out


@pytest.mark.parametrize(
    ("entry", "gone"),
    [
        # Google Scholar's copy of the preprint, under the preprint's own title
        (("@article{s, title={The Cracked Pot Theory}, author={Carberry, J.}, "
         "journal={arXiv preprint arXiv:2101.00001}, year={2021}}"), NEURIPS),
        # DBLP's CoRR copy, known by its volume
        ("@article{corr, title={X}, author={Josiah Carberry}, journal={CoRR}, volume={abs/2101.00001}}", NEURIPS),
        # the conference record by its DBLP biburl, in the old form
        ("@inproceedings{c, title={Y}, booktitle={NeurIPS}, biburl={https://dblp.org/rec/bib/conf/nips/CarberryW21}}",
         NEURIPS),
        # the journal paper by its DOI, in a resolver URL, in other case
        ("@article{j, title={Z}, journal={JPC}, url={https://doi.org/10.5555/jpc.2020.42}}", JOURNAL),
        # the journal paper by the strict title rule: braces, case and punctuation aside
        ("@article{t, title={On {C}eramic Fractures in Theory \\& Practice}, author={Carberry, Josiah}}", None),
        ("@article{t, title={On {C}eramic Fractures in Theory and Practice.}, author={Carberry, Josiah}}", JOURNAL),
    ],
)
def test_a_paper_the_bib_has_in_any_version_is_not_proposed(project: Path, httpserver: HTTPServer, entry: str,
                                                            gone: str | None) -> None:
    configure(project, httpserver)
    (project / "refs.bib").write_text(entry + "\n", encoding="utf-8")
    titles = [p["title"] for p in listed()]
    assert len(titles) == (7 if gone is None else 6)
    assert gone not in titles


def _work(profile: str, title: str, **ids: Any) -> ProfileWork:
    published = ids.pop("published", None)
    return ProfileWork(profile, title, ids.pop("authors", ("Josiah Carberry",)), ids.pop("year", 2021),
                       "article", published, **ids)


def test_a_journal_extension_joins_its_conference_paper_only_through_an_identifier() -> None:
    conf = Published("DBLP", "conference", "NeurIPS", doi="10.5555/conf")
    jour = Published("DBLP", "journal", "JMLR", doi="10.5555/jmlr")
    preprint = _work("OpenAlex", "Cracked Pots", arxiv="2101.00001")
    conference = _work("DBLP", "Cracked Pots", doi="10.5555/conf", dblp="conf/nips/C21", published=conf)
    extension = _work("DBLP", "Cracked pots", doi="10.5555/jmlr", dblp="journals/jmlr/C22", published=jour)
    grouped = papers.group([preprint, conference, extension])
    assert [[w.profile + " " + (w.dblp or w.arxiv) for w in p.works] for p in grouped] == [
        ["OpenAlex 2101.00001", "DBLP conf/nips/C21"], ["DBLP journals/jmlr/C22"]]
    # Semantic Scholar's copy of the extension cites the preprint's arXiv id: the extension is
    # that preprint's published version, and the conference paper (its DOI another) stands alone
    tied = _work("Semantic Scholar", "Cracked Pots (extended)", arxiv="2101.00001", doi="10.5555/JMLR")
    one, other = papers.group([preprint, conference, extension, tied])
    assert [w.profile for w in one.works] == ["OpenAlex", "DBLP", "Semantic Scholar"] and one.venue == jour
    assert one.ids == {"doi": "10.5555/jmlr", "arxiv": "2101.00001", "dblp": "journals/jmlr/C22"}
    assert other.works == (conference,)
    # the .bib's conference paper does not hide the extension (its DOI differs) ...
    found = papers.missing(papers.group([conference, extension]),
                           [{"doi:10.5555/conf": "", "title:cracked pots|carberry": ""}], Owner.of(["J. Carberry"]))
    assert [p.ids["dblp"] for p in found.candidates] == ["journals/jmlr/C22"]
    # ... but its preprint, by title, is a version of it
    found = papers.missing(papers.group([preprint]), [{"doi:10.5555/conf": "", "title:cracked pots|carberry": ""}],
                           Owner.of(["J. Carberry"]))
    assert found.candidates == []


def test_markup_in_titles_and_venues_is_text_and_math_stays_math(project: Path, httpserver: HTTPServer) -> None:
    # OpenAlex passes Crossref's JATS markup and HTML entities on; Semantic Scholar gives the same
    # paper as plain text, and keeps arXiv's TeX math
    openalex = [{"id": "https://openalex.org/W1", "display_name": "The <i>Drosophila</i> Pot: H<sub>2</sub>O &amp; More",
                 "type": "article", "publication_year": 2020, "authorships": [{"raw_author_name": "Josiah Carberry"}],
                 "primary_location": {"source": {"display_name": "Journal of Pots &amp; Pans", "type": "journal"}}}]
    s2 = [{"paperId": "a" * 40, "title": "The Drosophila pot: H2O & more", "year": 2020,
           "authors": [{"name": "J. Carberry"}]},
          {"paperId": "b" * 40, "title": "Learning $\\beta$-Pots in $O(n)$ for $5", "year": 2022,
           "externalIds": {"ArXiv": "2201.00001"}, "authors": [{"name": "J. Carberry"}]}]
    configure(project, httpserver, 'semanticscholar = "1234567"\nopenalex = "A5000000001"',
              s2=fake_profiles.semanticscholar({"1234567": s2}),
              openalex_=fake_profiles.openalex({"A5000000001": openalex}))
    found = listed()
    assert [(p["title"], p["venue"], p["profiles"]) for p in found] == [
        ("Learning $\\beta$-Pots in $O(n)$ for $5", None, ["Semantic Scholar"]),
        ("The Drosophila Pot: H2O & More", "Journal of Pots & Pans", ["Semantic Scholar", "OpenAlex"])]
    status, diff, err = run("discover", "--add", "all", "--dry-run")
    assert status == 0, err
    assert "+  title = {Learning $\\beta$-Pots in $O(n)$ for \\$5},\n" in diff
    assert "+  title = {The Drosophila Pot: {H2O} \\& More},\n" in diff
    assert "+  journal = {Journal of Pots \\& Pans},\n" in diff


def test_owner_is_judged_by_the_printed_names() -> None:
    owner = Owner.of(["Josiah Carberry"])
    assert papers.group([_work("OpenAlex", "T", authors=("J. S. Carberry", "W. Wang"))])[0].is_owners(owner)
    assert not papers.group([_work("OpenAlex", "T", authors=("Jonathan Carberry",))])[0].is_owners(owner)
    assert papers.group([_work("ORCID", "T", authors=())])[0].is_owners(owner)  # no byline: not judged


def test_initials_that_another_version_spells_out_as_somebody_else() -> None:
    owner = Owner.of(["Josiah Carberry"])
    # OpenAlex prints the journal's byline ("J. Carberry", as physics journals print names) and
    # attributes it to the owner; arXiv's copy, through Semantic Scholar, spells her out
    jane = [_work("OpenAlex", "Glaze", authors=("J. Carberry", "M. Brown"), arxiv="2201.00001"),
            _work("Semantic Scholar", "Glaze", authors=("Jane Carberry", "Mary Brown"), arxiv="2201.00001")]
    assert not papers.group(jane)[0].is_owners(owner)
    # initials alone, or spelled out as the owner anywhere, or beside a Jane in the same byline: the owner's
    assert papers.group(jane[:1])[0].is_owners(owner)
    josiah = _work("DBLP", "Glaze", authors=("Josiah Carberry", "Mary Brown"), arxiv="2201.00001")
    assert papers.group([*jane, josiah])[0].is_owners(owner)
    assert papers.group([_work("OpenAlex", "Pots", authors=("J. Carberry", "Jane Carberry"))])[0].is_owners(owner)
    # a version whose list stops before the owner (a collaboration's thousand names) contradicts nothing
    atlas = [_work("OpenAlex", "Higgs", authors=("J. Carberry",), arxiv="1207.7214"),
             _work("Semantic Scholar", "Higgs", authors=("G. Aad", "T. Abajyan"), arxiv="1207.7214")]
    assert papers.group(atlas)[0].is_owners(owner)


def test_ignore_is_remembered_across_runs_and_versions(project: Path, httpserver: HTTPServer) -> None:
    configure(project, httpserver)
    status, _, err = run("discover", "--ignore", "2", MISATTRIBUTED.replace(MISATTRIBUTED, "10.5555/BROWN.1764"))
    assert status == 0, err
    text = (project / ignored.FILENAME).read_text(encoding="utf-8")
    assert text.startswith(ignored.HEADER)
    assert (f"\n{NEURIPS}\n    authors: Josiah Carberry, Wei Wang\n    arxiv: 2101.00001\n"
            "    dblp: conf/nips/CarberryW21\n") in text
    assert "    doi: 10.5555/brown.1764\n" in text
    titles = [p["title"] for p in listed()]
    assert NEURIPS not in titles and MISATTRIBUTED not in titles and len(titles) == 5
    # the next week a new profile lists only the preprint, with an id that the ignored paper
    # does not carry, and another its copy with no id at all: both are that paper
    preprint = dblp_person("12/3456", [
        ('<article key="journals/corr/abs-2101-00001" publtype="informal"><author>Josiah Carberry</author>'
        f"<title>{NEURIPS}.</title><journal>CoRR</journal><volume>abs/2101.00001</volume><year>2021</year></article>"),
        (f'<article key="journals/x/C21"><author>J. Carberry</author><title>{NEURIPS.upper()}.</title>'
        "<journal>Pots</journal><year>2021</year></article>")])
    httpserver.clear()
    configure(project, httpserver, 'dblp = "12/3456"', dblp_=fake_profiles.dblp({"12/3456": preprint}))
    assert listed("--refresh") == []


def test_titles_the_ignore_file_could_mistake_and_works_without_a_title(project: Path, httpserver: HTTPServer) -> None:
    records = [f'<article key="journals/x/C{n}"><author>Josiah Carberry</author>{title}<journal>Pots</journal>'
               f"<year>202{n}</year></article>" for n, title in enumerate([
                   "<title>#MeToo and the Cracked Pot.</title>", "<title>#</title>", "<title>\\emph{Pots}.</title>",
                   "<title></title>", "<title> </title>", ""])]
    configure(project, httpserver, 'dblp = "12/3456"',
              dblp_=fake_profiles.dblp({"12/3456": dblp_person("12/3456", records)}))
    # a work without a title is no paper to list or add, as the other profiles' parsers say
    assert [p["title"] for p in listed()] == ["\\emph{Pots}", "#", "#MeToo and the Cracked Pot"]
    status, _, err = run("discover", "--ignore", "all")
    assert status == 0, err
    text = (project / ignored.FILENAME).read_text(encoding="utf-8")
    assert "\n\\#MeToo and the Cracked Pot\n    authors: Josiah Carberry\n" in text
    assert "\n\\\\emph{Pots}\n" in text
    assert listed() == []  # the file reads back, every title as it was


def test_an_ignored_work_without_ids_stays_ignored_when_its_title_is_corrected(
        project: Path, httpserver: HTTPServer) -> None:
    def record(title: str) -> OrcidRecord:  # a book chapter the owner typed into ORCID, no ids
        summary = {"put-code": 77, "title": {"title": {"value": title}}, "type": "book-chapter",
                   "journal-title": {"value": "Pots Handbook"}, "publication-date": {"year": {"value": "2018"}}}
        return OrcidRecord({"group": [{"external-ids": {"external-id": []}, "work-summary": [summary]}]},
                           [{"put-code": 77, "contributors": {"contributor": [{"credit-name": {"value": "Josiah Carberry"}}]}}])

    configure(project, httpserver, f'orcid = "{CARBERRY}"', orcid_=fake_profiles.orcid({CARBERRY: record("A Hsitory of Pots")}))
    assert run("discover", "--ignore", "1")[0] == 0
    assert (project / ignored.FILENAME).read_text().endswith(
        "\nA Hsitory of Pots\n    authors: Josiah Carberry\n    orcid-work: 77\n")
    httpserver.clear()
    configure(project, httpserver, f'orcid = "{CARBERRY}"', orcid_=fake_profiles.orcid({CARBERRY: record("A History of Pots")}))
    assert listed("--refresh") == []


def test_ignore_dry_run_and_unknown_numbers(project: Path, httpserver: HTTPServer) -> None:
    configure(project, httpserver)
    status, out, err = run("discover", "--ignore", "1", "--dry-run")
    assert status == 0 and out.startswith(f"--- a/{ignored.FILENAME}\n+++ b/{ignored.FILENAME}\n")
    assert "+Glaze Patterns as Predictors of Cracking\n" in out and not (project / ignored.FILENAME).exists()
    for wrong in ("0", "7-9", "3-1", "1-99999999999"):  # past the end, backwards, no memory for a huge range
        for option in ("--add", "--ignore"):  # a usage error (2), as --key naming no entry; one line
            status, out, err = run("discover", option, wrong, *(("--dry-run",) if wrong != "0" else ()))
            assert (status, out, len(err.splitlines())) == (2, "", 1)
            assert err.startswith(f"'{wrong}': no paper of this list")
    assert not (project / ignored.FILENAME).exists()
    status, _, err = run("discover", "--add", "9", "arXiv:9999.00001")
    assert (status, err) == (2, ("'9', 'arXiv:9999.00001': no paper of this list has that number or id (papers "
                                "are numbered 1 to 7; ids: a DOI, arXiv id, DBLP key, Semantic Scholar or OpenAlex "
                                "id); nothing added\n"))
    assert (project / "refs.bib").read_text() == ""


def test_numbers_as_lists_and_ranges(project: Path, httpserver: HTTPServer) -> None:
    configure(project, httpserver)
    # as --key and --keyword split lists at commas: "1,3" and "2-4" are what people type
    status, _, err = run("discover", "--add", "1,3", "5-6", "--dry-run")
    assert status == 0, err
    assert [line.split("(")[1].split(".")[0] for line in err.splitlines()] == ["1", "3", "5", "6"]


def test_an_ignore_file_with_crlf_keeps_its_line_endings(project: Path, httpserver: HTTPServer) -> None:
    configure(project, httpserver)
    mine = b"# kept in git on Windows\r\nFoo Bar\r\n    doi: 10.5555/foo\r\n"
    (project / ignored.FILENAME).write_bytes(mine)
    assert run("discover", "--ignore", "2")[0] == 0
    data = (project / ignored.FILENAME).read_bytes()
    assert data.startswith(mine) and b"\n" not in data.replace(b"\r\n", b"")
    assert data.endswith(b"\r\n    orcid-work: 2001\r\n") and len(listed()) == 6


def test_a_damaged_ignore_file_is_one_line(project: Path, httpserver: HTTPServer) -> None:
    configure(project, httpserver)
    (project / ignored.FILENAME).write_text("Cracked Pots\n    dio: 10.5555/x\n", encoding="utf-8")
    status, out, err = run("discover")
    assert (status, out) == (1, "")
    assert err == (f"{ignored.FILENAME}:2: 'dio: 10.5555/x' is not 'authors: ...' or an id (arxiv: ..., doi: ..., "
                   "dblp: ..., semanticscholar: ..., openalex: ..., orcid-work: ...)\n")


STYLED = """\
@InProceedings{Carberry2019,
\tauthor    = {Josiah Carberry},
\ttitle     = {A History of the Cracked Pot},
\tbooktitle = {CPT},
\tyear      = {2018},
}
@Misc{carberry2021psychoceramics,
\ttitle = {Something else},
}
"""


def test_add_writes_the_owner_s_papers_in_the_file_s_style(project: Path, httpserver: HTTPServer) -> None:
    configure(project, httpserver)
    (project / "refs.bib").write_text(STYLED, encoding="utf-8")
    status, diff, err = run("discover", "--add", "all", "--dry-run")
    assert status == 0 and (project / "refs.bib").read_text() == STYLED
    assert diff.startswith("--- a/refs.bib\n+++ b/refs.bib\n")
    assert "Brown University" not in diff  # the misattributed paper is never added by "all"
    assert err.count("refs.bib: would add") == 5
    status, _, err = run("discover", "--add", "all")
    assert status == 0, err
    text = (project / "refs.bib").read_text(encoding="utf-8")
    assert text.startswith(STYLED) and text[len(STYLED):] == "".join(
        line[1:] for line in diff.splitlines(keepends=True)[3:] if line.startswith("+"))
    # the style of the file's last entry (add's writer), a key the file does not have
    assert ("\n@Inproceedings{carberry2021psychoceramics-b,\n\ttitle = {Psychoceramics and the Cracked Pot "
            "Theory},\n\tauthor = {Carberry, Josiah and Wang, Wei},\n\tbooktitle = {NeurIPS},\n"
            "\tpages = {1201--1213},\n\tyear = {2021},\n\teprint = {2101.00001},\n"
            "\tarchiveprefix = {arXiv},\n\tbiburl = {https://dblp.org/rec/conf/nips/CarberryW21.bib},\n}\n") in text
    assert "A History of the Cracked Pot}" not in text[len(STYLED):]  # the file has it by title
    assert listed() == [next(p for p in listed() if p["title"] == MISATTRIBUTED)]
    # named explicitly, by any id of any version, a paper apart is added
    status, _, err = run("discover", "--add", "https://openalex.org/W2700000004")
    assert status == 0 and "added carberry" not in err and "(1. Brown University" in err
    assert listed() == []
    assert run("discover", "--check")[0] == 0


def test_add_and_ignore_by_the_addresses_people_copy(project: Path, httpserver: HTTPServer) -> None:
    configure(project, httpserver)
    # DBLP's record page as its "export" menu leaves it, Semantic Scholar's page with tracking
    status, _, err = run("discover", "--add", "https://dblp.org/rec/conf/nips/CarberryW21.html?view=bibtex",
                         "https://www.semanticscholar.org/paper/On-Ceramic/b2c3d4e5f60718293a4b5c6d7e8f901234567890?utm_source=x")
    assert status == 0, err
    assert err == (f"refs.bib: added carberry2021psychoceramics (2. {NEURIPS})\n"
                   f"refs.bib: added carberry2020ceramic (3. {JOURNAL})\n")
    status, _, err = run("discover", "--ignore", "<https://doi.org/10.5555/brown.1764?via=orcid>.")
    assert (status, err) == (0, f"discover-ignore.txt: ignored 5. {MISATTRIBUTED}\n")


REALWORLD = Path(__file__).resolve().parent / "data" / "realworld"
JABREF_LATIN1 = ("% Encoding: ISO8859_1\n\n@Article{mueller,\n  author = {M\u00fcller, J\u00fcrgen},\n"
                 "  title  = {\u00dcber Scherben},\n}\n").encode("latin-1")


@pytest.mark.parametrize(
    ("name", "data", "encoding"),
    [
        ("JabRef, Latin-1, an umlaut in the diff's context", JABREF_LATIN1, None),
        ("musuos-bsp.bib: real, Latin-1 undeclared, tabs", (REALWORLD / "musuos-bsp.bib").read_bytes(), "latin-1"),
        ("BOM, CRLF, no final newline", b"\xef\xbb\xbf@misc{m,\r\n  title = {Q},\r\n}", None),
        ("ends in a comment", b"@misc{m,\n  title = {Q},\n}\n% the end", None),
        ("@string last", b'@misc{m,\n  title = {Q},\n}\n@string{pots = "Pots"}\n', None),
        ("empty", b"", None),
    ],
)
def test_the_add_dry_run_diff_applies_with_patch_and_gives_what_add_writes(
        project: Path, httpserver: HTTPServer, name: str, data: bytes, encoding: str | None) -> None:
    configure(project, httpserver)
    if encoding:
        (project / "config.toml").write_text(f'encoding = "{encoding}"\n' + (project / "config.toml").read_text())
    bib = project / "refs.bib"
    bib.write_bytes(data)
    diff = diff_of(["discover", "--add", "all", "--dry-run"])
    assert bib.read_bytes() == data and diff.startswith(b"--- a/refs.bib\n+++ b/refs.bib\n@@")
    result = patched(project / "copy", data, diff)
    assert run("discover", "--add", "all")[0] == 0
    assert result == bib.read_bytes() != data


def _pipe(path: Path) -> None:
    """A named pipe at ``path``, and a writer that closes it, so that a run that reads it ends."""
    os.mkfifo(path)
    threading.Thread(target=lambda: open(path, "wb").close(), daemon=True).start()


@pytest.mark.parametrize(
    ("spoil", "argv", "message"),
    [
        ("missing", ("discover",), "refs.bib: no such file"),
        ("missing", ("discover", "--add", "all"), "refs.bib: no such file"),
        ("read-only", ("discover", "--add", "all"), "refs.bib: is read-only; nothing written (make it writable first)"),
        ("pipe", ("discover", "--add", "all", "--dry-run"),
         "refs.bib: is not a regular file (a pipe or a device); nothing written"),
        ("folder", ("discover", "--add", "1"), "refs.bib: is a folder, not a .bib file"),
        ("ignore file read-only", ("discover", "--ignore", "1"),
         "discover-ignore.txt: is read-only; nothing written (make it writable first)"),
    ],
)
def test_a_file_that_cannot_be_used_is_refused_before_any_profile_is_asked(
        project: Path, httpserver: HTTPServer, spoil: str, argv: tuple[str, ...], message: str) -> None:
    configure(project, httpserver)
    bib = project / "refs.bib"
    bib.unlink()
    if spoil == "read-only":
        bib.write_text("")
        bib.chmod(0o444)
    elif spoil == "pipe":
        _pipe(bib)
    elif spoil == "folder":
        bib.mkdir()
    elif spoil == "ignore file read-only":
        bib.write_text("")
        (project / ignored.FILENAME).write_text("")
        (project / ignored.FILENAME).chmod(0o444)
    result = run(*argv)
    if spoil == "pipe":  # let the writer go
        os.close(os.open(bib, os.O_RDONLY | os.O_NONBLOCK))
    assert result == (1, "", message + "\n")
    assert httpserver.log == []


def test_theses_and_books_are_written_with_their_school_and_publisher(project: Path, httpserver: HTTPServer) -> None:
    records = [
        ('<phdthesis key="phd/us/Carberry2010"><author>Josiah Carberry</author><title>Cracks in Pots.</title>'
         "<year>2010</year><school>Brown University</school><ee>https://doi.org/10.5555/thesis</ee></phdthesis>"),
        ('<mastersthesis key="ms/Carberry05"><author>Josiah Carberry</author><title>Small Cracks.</title>'
         "<year>2005</year><school>Brown University</school></mastersthesis>"),
        ('<book key="books/pp/Carberry15"><author>Josiah Carberry</author><title>The Book of Pots.</title>'
         "<publisher>Pot Press</publisher><year>2015</year></book>")]
    summary = {"put-code": 5, "title": {"title": {"value": "Another Thesis"}}, "type": "dissertation-thesis",
               "journal-title": {"value": "Brown University"}, "publication-date": {"year": {"value": "2012"}}}
    orcid = OrcidRecord({"group": [{"external-ids": {"external-id": []}, "work-summary": [summary]}]},
                        [{"put-code": 5, "contributors": {"contributor": [{"credit-name": {"value": "Josiah Carberry"}}]}}])
    configure(project, httpserver, f'dblp = "12/3456"\norcid = "{CARBERRY}"',
              dblp_=fake_profiles.dblp({"12/3456": dblp_person("12/3456", records)}),
              orcid_=fake_profiles.orcid({CARBERRY: orcid}))
    assert [(p["venue"], p["year"]) for p in listed()] == [
        ("Pot Press", 2015), ("Brown University", 2012), ("Brown University", 2010), ("Brown University", 2005)]
    assert run("discover", "--add", "all")[0] == 0
    entries = {e.key: (e.type, e.fields) for e in reader.read((project / "refs.bib").read_text()).records}
    assert entries["carberry2015book"] == ("book", {
        "title": "The Book of Pots", "author": "Carberry, Josiah", "publisher": "Pot Press", "year": "2015",
        "biburl": "https://dblp.org/rec/books/pp/Carberry15.bib"})
    assert entries["carberry2010cracks"][0] == "phdthesis"
    assert entries["carberry2010cracks"][1]["school"] == "Brown University"
    assert [entries[k][0] for k in ("carberry2012another", "carberry2005small")] == ["phdthesis", "mastersthesis"]
    assert run("check")[0] == 0


def test_check_exits_1_when_there_is_a_paper_to_add(project: Path, httpserver: HTTPServer) -> None:
    configure(project, httpserver, 'semanticscholar = "1234567"')
    status, out, _ = run("discover", "--check")
    assert status == 1 and out.startswith("3 papers of your profiles")
    assert run("discover")[0] == 0


# --- init from profiles ------------------------------------------------------------------

def _settings(tmp_path: Path, server: HTTPServer, **handlers: Any) -> Path:
    settings = tmp_path / "settings.toml"
    settings.write_text(f'cache_dir = "{tmp_path / "cache"}"\n' + fake_profiles.serve(server, **handlers))
    return settings


def test_init_from_dblp_gives_a_complete_duplicate_free_list(tmp_path: Path, httpserver: HTTPServer,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    settings = _settings(tmp_path, httpserver)
    cv = tmp_path / "cv"
    cv.mkdir()
    status, _, err = run("init", str(cv), "--dblp", "https://dblp.org/pid/12/3456.html", "--orcid", CARBERRY,
                         "--config", str(settings))
    assert status == 0, err
    assert err.splitlines()[:2] == [
        f"wrote {cv}/config.toml (owner: Josiah S. Carberry; profiles: DBLP 12/3456, ORCID {CARBERRY})",
        f"wrote {cv}/refs.bib (4 papers; 1 listed apart, whose authors do not name you)"]
    config = (cv / "config.toml").read_text()
    assert 'names = ["Josiah S. Carberry"]' in config  # the fullest spelling the profiles print
    assert '\ndblp = "12/3456"' in config
    assert f'\norcid = "{CARBERRY}"' in config
    monkeypatch.chdir(cv)
    status, out, err = run("render", "--format", "json")
    assert status == 0 and err == ""
    shown = json.loads(out)
    assert len({item["title"] for item in shown}) == len(shown) == 4
    nips = next(item for item in shown if item["title"] == NEURIPS)
    assert nips["publist"]["kind"] == "conference" and nips["container-title"] == "NeurIPS"
    assert nips["URL"] == "https://arxiv.org/abs/2101.00001"  # the published version keeps its arXiv id
    assert run("check")[0] == 0
    (cv / "stand-ins.toml").write_text(settings.read_text().replace(
        "\n", f'\n[owner]\nnames = ["Josiah Carberry"]\ndblp = "12/3456"\norcid = "{CARBERRY}"\n', 1))
    found = listed("--config", "stand-ins.toml")
    assert [p["title"] for p in found] == [MISATTRIBUTED]  # nothing of the owner's is left


def test_init_gives_two_papers_that_would_take_one_key_two_keys(tmp_path: Path, httpserver: HTTPServer) -> None:
    # issue 21: a key publist writes is never one the file already has, nor one it wrote before
    records = [(f'<inproceedings key="conf/x/Carberry21{n}"><author>Josiah Carberry</author>'
                f"<title>Psychoceramics {part}: cracked pots.</title><booktitle>POTS</booktitle>"
                f"<year>2021</year></inproceedings>") for n, part in (("a", "I"), ("b", "II"), ("c", "III"))]
    settings = _settings(tmp_path, httpserver, dblp_=fake_profiles.dblp({"12/3456": dblp_person("12/3456", records)}))
    (tmp_path / "cv").mkdir()
    status, _, err = run("init", str(tmp_path / "cv"), "--dblp", "12/3456", "--config", str(settings))
    assert status == 0, err
    written = reader.read((tmp_path / "cv" / "refs.bib").read_text()).records
    assert sorted((r.key, r.fields["title"]) for r in written) == [
        ("carberry2021psychoceramics", "Psychoceramics I: cracked pots"),
        ("carberry2021psychoceramics-b", "Psychoceramics {II}: cracked pots"),
        ("carberry2021psychoceramics-c", "Psychoceramics {III}: cracked pots")]


def test_init_with_an_orcid_id_copied_from_a_pdf(tmp_path: Path, httpserver: HTTPServer) -> None:
    settings = _settings(tmp_path, httpserver)
    status, _, err = run("init", str(tmp_path), "--orcid", "ORCID iD: 0000\u20100002\u20101825\u20100097",
                         "--config", str(settings))
    assert status == 0, err
    assert f'\norcid = "{CARBERRY}"' in (tmp_path / "config.toml").read_text()


def test_init_into_a_read_only_folder_asks_nobody(tmp_path: Path, httpserver: HTTPServer,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    settings = _settings(tmp_path, httpserver)
    cv = tmp_path / "cv"
    cv.mkdir()
    real_access = os.access  # as a user who is not root finds a folder of someone else's
    monkeypatch.setattr(os, "access", lambda p, mode: os.fspath(p) != str(cv) and real_access(p, mode))
    status, _, err = run("init", str(cv), "--dblp", "12/3456", "--config", str(settings))
    assert (status, err) == (1, (f"{cv}: is read-only; nothing written (publist init writes config.toml and "
                                 "refs.bib there)\n"))
    assert httpserver.log == [] and list(cv.iterdir()) == []


def test_init_leaves_out_the_papers_the_folder_s_ignore_file_names(tmp_path: Path, httpserver: HTTPServer) -> None:
    settings = _settings(tmp_path, httpserver)
    cv = tmp_path / "cv"
    cv.mkdir()  # a CV started again: config.toml and refs.bib gone, the ignore file kept in git
    (cv / ignored.FILENAME).write_text(f"{NEURIPS}\n    arxiv: 2101.00001\n", encoding="utf-8")
    status, _, err = run("init", str(cv), "--dblp", "12/3456", "--config", str(settings))
    assert status == 0, err
    titles = re.findall(r"\n  title = \{(.*)\},", (cv / "refs.bib").read_text())
    assert titles == [JOURNAL, "Proceedings of the First Workshop on Cracked Pots, {CPT} 2019"]  # not NEURIPS


def test_init_asks_only_the_profiles_its_command_line_names(tmp_path: Path, httpserver: HTTPServer) -> None:
    settings = _settings(tmp_path, httpserver)  # a lab's config: its tables, and an owner of its own
    settings.write_text(settings.read_text() + f'\n[owner]\nnames = ["Someone Else"]\norcid = "{CARBERRY}"\n'
                        'semanticscholar = "1234567"\n')
    status, _, err = run("init", str(tmp_path), "--dblp", "12/3456", "--config", str(settings))
    assert status == 0, err
    assert {r.path.split("/")[1] for r, _ in httpserver.log} == {"dblp"}
    assert "orcid =" not in (tmp_path / "config.toml").read_text().replace("# orcid =", "")


@pytest.mark.parametrize(
    ("option", "value", "why"),
    [
        ("--orcid", "0000-0002-1825-0098", "is not an ORCID iD: its last character should be 7 (a typo?)"),
        ("--dblp", "Josiah Carberry", "is not a DBLP person id (as in https://dblp.org/pid/12/3456.html)"),
        ("--dblp", "", "is not a DBLP person id (as in https://dblp.org/pid/12/3456.html)"),
        ("--semanticscholar", "Josiah Carberry", "is not a Semantic Scholar author id"),
    ],
)
def test_init_names_a_malformed_profile_as_a_usage_error_and_writes_nothing(
        tmp_path: Path, option: str, value: str, why: str) -> None:
    # a value the option does not take is a usage error (2), as `add 10.1109` is
    status, _, err = run("init", str(tmp_path), option, value, "--name", "J. Carberry")
    assert (status, err.count("\n")) == (2, 1)
    assert err.startswith(f"{option}: {value!r} {why}") and err.endswith("; nothing written\n")
    assert list(tmp_path.iterdir()) == []


def test_init_with_an_empty_name_is_a_usage_error_said_first(tmp_path: Path) -> None:
    # --name "$NAME" with NAME unset: said as such, not 'there is no terminal to ask on'
    for existing in ((), ("config.toml",)):
        for name in existing:
            (tmp_path / name).write_text('[owner]\nnames = ["J. Carberry"]\n')
        before = sorted(p.name for p in tmp_path.iterdir())
        status, _, err = run("init", str(tmp_path), "--name", "J. Carberry", "--name", " ")
        assert (status, err) == (2, '--name: an empty name names nobody; give yours, e.g. --name "Zhewei Yao"\n')
        assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_init_says_a_malformed_profile_before_the_config_it_would_keep(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text('[owner]\nnames = ["J. Carberry"]\n')
    status, _, err = run("init", str(tmp_path), "--orcid", "0000-0002-1825-0098")
    assert (status, err) == (2, ("--orcid: '0000-0002-1825-0098' is not an ORCID iD: its last character should be "
                                "7 (a typo?); nothing written\n"))


def test_init_with_a_profile_that_fails_uses_the_others(tmp_path: Path, httpserver: HTTPServer) -> None:
    settings = _settings(tmp_path, httpserver)
    status, _, err = run("init", str(tmp_path), "--dblp", "99/9999", "--semanticscholar", "1234567",
                         "--config", str(settings))
    assert status == 1
    assert err.splitlines()[0] == ("DBLP profile 99/9999: not found (HTTP 404); check 'owner.dblp' in "
                                   "config.toml")
    assert "refs.bib lacks the papers of DBLP profile 99/9999: publist discover adds them once it answers" in err
    assert (tmp_path / "refs.bib").read_text().count("\n@") == 3  # Semantic Scholar's three of the owner's
    (tmp_path / "x").mkdir()
    status, _, err = run("init", str(tmp_path / "x"), "--dblp", "99/9999", "--config", str(settings))
    assert (status, err.splitlines()[-1]) == (1, "no profile could be read; nothing written")


# --- faults ------------------------------------------------------------------------------

def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        ("404", "DBLP profile 12/3456: not found (HTTP 404); check 'owner.dblp' in config.toml"),
        ("down", "DBLP profile 12/3456: cannot reach 127.0.0.1:{port} (connection refused)"),
        ("garbage", ("DBLP profile 12/3456: DBLP answered with malformed XML (unclosed token: line 1, column 0) "
                    "after 1 retry")),
        ("login page", ("DBLP profile 12/3456: DBLP answered with a web page, not XML (a proxy's or a network's "
                       "login page?) after 1 retry")),
        ("no key", f"OpenAlex profile A5000000001: {KEY_HELP}"),
    ],
)
def test_a_failed_profile_is_one_line_and_the_others_are_used(project: Path, httpserver: HTTPServer, fault: str,
                                                              message: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENALEX_API_KEY", raising=False)
    port = _closed_port()
    handlers: dict[str, Any] = {}
    if fault == "404":
        handlers["dblp_"] = fake_profiles.dblp({})
    if fault == "garbage":
        handlers["dblp_"] = lambda request: fake_profiles.Response("<html", content_type="text/xml")
    if fault == "login page":  # a university's network answers for every address until one logs in
        handlers["dblp_"] = lambda request: fake_profiles.Response(
            '<!DOCTYPE html>\n<html lang="en"><head><title>Network login</title></head></html>',
            content_type="text/html")
    configure(project, httpserver, 'dblp = "12/3456"\nsemanticscholar = "1234567"\nopenalex = "A5000000001"',
              **handlers)
    text = (project / "config.toml").read_text()
    text = text.replace("[dblp]\n", "[dblp]\nretries = 1\n")
    if fault == "down":
        text = re.sub(r'(\[dblp\]\nretries = 1\napi_url = )"[^"]*"', f'\\1"http://127.0.0.1:{port}"', text)
    if fault == "no key":
        text = text.replace(f'api_key = "{KEY}"', "")
    (project / "config.toml").write_text(text)
    before = (project / "refs.bib").read_bytes()
    status, _out, err = run("discover", "--add", "all")
    assert status == 1
    first = err.splitlines()[0]
    assert first.startswith(message.format(port=port)), first
    assert "Traceback" not in err
    added = (project / "refs.bib").read_text()
    assert added.startswith(before.decode()) and added.count("@") >= 2  # the others' papers are added
    if fault != "no key":  # nothing from the failed profile: DBLP's own copy of the proceedings
        assert "Proceedings of the First Workshop" not in added
    # a second run uses the cache of those that answered and asks them nothing
    asked = len(httpserver.log)
    run("discover")
    served = [r.path for r, _ in httpserver.log[asked:]]
    assert not [p for p in served if not p.startswith("/dblp/")], served


def test_a_file_with_every_paper_of_the_profiles_that_answered_is_not_said_to_be_complete(
        project: Path, httpserver: HTTPServer) -> None:
    papers_ = [{"paperId": "a" * 40, "title": "Cracked Pots", "authors": [{"name": "Josiah Carberry"}]}]
    configure(project, httpserver, 'dblp = "99/9999"\nsemanticscholar = "1234567"',
              s2=fake_profiles.semanticscholar({"1234567": papers_}))
    (project / "refs.bib").write_text("@misc{c, title = {Cracked Pots}, author = {Carberry, Josiah}}\n")
    status, out, err = run("discover")
    assert (status, out) == (1, "refs.bib has every paper of the profiles that could be read (not all could)\n")
    assert err.startswith("DBLP profile 99/9999: not found (HTTP 404)")


def test_a_profile_without_works_is_named(project: Path, httpserver: HTTPServer) -> None:
    configure(project, httpserver, 'dblp = "12/3456"\nsemanticscholar = "1234567"',
              dblp_=fake_profiles.dblp({"12/3456": dblp_person("12/3456", [])}))
    status, out, err = run("discover")
    assert status == 0 and out.startswith("3 papers of your profiles")
    assert err == "DBLP profile 12/3456: lists no work (is 'owner.dblp' in config.toml your profile's id?)\n"


def test_a_second_discover_add_while_one_holds_the_file_writes_nothing(project: Path, httpserver: HTTPServer) -> None:
    from publist import fileio

    configure(project, httpserver)
    with fileio.locked(project / "refs.bib"):  # as another publist editing refs.bib holds it
        status, _, err = run("discover", "--add", "all")
    assert status == 1 and err.endswith("is editing this file; try again when it has finished\n")
    assert (project / "refs.bib").read_text() == ""


def test_ctrl_c_while_the_profiles_are_read_leaves_the_file_as_it_was(
        project: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> None:
    from publist import profiles

    configure(project, httpserver)
    (project / "refs.bib").write_bytes(b"@misc{a, title = {A}}\r\n")
    real = profiles.works
    calls = []

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        if len(calls) == 3:  # DBLP and ORCID read, Semantic Scholar's answer awaited
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(profiles, "works", interrupted)
    assert run("discover", "--add", "all") == (130, "", "interrupted; nothing was written\n")
    assert (project / "refs.bib").read_bytes() == b"@misc{a, title = {A}}\r\n"
    assert sorted(p.name for p in project.iterdir()) == [".cache", "config.toml", "refs.bib"]


def test_a_second_run_asks_nothing(project: Path, httpserver: HTTPServer) -> None:
    configure(project, httpserver)
    first = listed()
    asked = len(httpserver.log)
    assert listed() == first and len(httpserver.log) == asked
    assert sorted(p.name for p in (project / ".cache").iterdir()) == ["dblp", "openalex", "orcid", "semanticscholar"]


def test_discover_without_profiles_or_names(project: Path) -> None:
    (project / "config.toml").write_text('[owner]\nnames = ["J. Carberry"]\n')
    assert run("discover") == (1, "", ("config.toml: [owner] names no profile (dblp, orcid, semanticscholar, "
                                      "openalex); publist discover reads them\n"))
    assert run("discover", "--dry-run")[0::2] == (2, ("--dry-run goes with --add or --ignore (a plain discover writes "
                                               "nothing)\n"))
    for action in ("--add", "--ignore"):  # an option that would be ignored is refused
        assert run("discover", "--format", "json", action, "1") == (
            2, "", ("--format json goes with the list (--add and --ignore print what they write, with --dry-run "
                    "as a diff)\n"))


def test_the_owner_s_name_from_the_profiles() -> None:
    works = [_work("DBLP", f"T{i}", authors=names) for i, names in enumerate(
        [("Josiah S. Carberry", "Wei Wang"), ("J. Carberry",), ("Ada Lovelace", "Josiah Carberry"), ("Wei Wang",)])]
    assert papers.owner_name(works) == "Josiah S. Carberry"
    assert papers.owner_name(works[:1]) == ""  # two names, once each: not clear


# --- real recordings (tests/data/profiles/SOURCES.md) -------------------------------------

REAL = fake_profiles.DATA


def test_discover_on_a_real_orcid_record(project: Path, httpserver: HTTPServer) -> None:
    """dissemin's recording of an ORCID record (API v2.1): an arXiv paper, a thesis deposited
    twice on Zenodo (two DOIs) and once without one, a workshop paper with its EPTCS DOI."""
    orcid = "0000-0002-8612-8827"
    works = json.loads((REAL / "orcid" / "real" / f"{orcid}-works.json").read_text())
    bulk = "45993824,47337044,47337045,46050270,15894056,16667185"
    details = [i["work"] for i in json.loads((REAL / "orcid" / "real" / f"{orcid}-works-{bulk}.json").read_text())["bulk"]]
    configure(project, httpserver, f'orcid = "{orcid}"', orcid_=fake_profiles.orcid({orcid: OrcidRecord(works, details)}))
    (project / "config.toml").write_text((project / "config.toml").read_text().replace(
        'names = ["Josiah Carberry"]', 'names = ["Antonin Delpeuch"]'))
    found = listed()
    titles = [p["title"].casefold() for p in found]
    # six groups, four papers: the three deposits of the thesis are one
    assert sorted(titles) == sorted({t.casefold() for g in works["group"] for s in g["work-summary"]
                                     for t in [s["title"]["title"]["value"]]})
    assert len(titles) == 4
    eptcs = next(p for p in found if p["ids"].get("doi", "").lower() == "10.4204/eptcs.172.16")
    assert eptcs["owner"] and "Antonin Delpeuch" in eptcs["authors"]
    arxiv = next(p for p in found if p["ids"].get("arxiv") == "1804.07832")
    assert arxiv["title"] == "Normal forms for planar connected string diagrams"
    # the file has the arXiv paper as Google Scholar exports it: three are left
    (project / "refs.bib").write_text("@article{d, title={Normal forms for planar connected string diagrams}, "
                                      "author={Delpeuch, Antonin}, journal={arXiv preprint arXiv:1804.07832}}\n")
    assert len(listed()) == 3


def test_discover_on_semantic_scholar_s_recorded_875_papers(project: Path, httpserver: HTTPServer) -> None:
    """danielnsilva/semanticscholar's recording of author 1723755's papers, nine real pages of
    ``fields=title`` (no authors: the owner cannot be judged, so every paper is a candidate)."""
    pages = {int(p.stem.split("_")[1]): p.read_bytes()
             for p in (REAL / "semanticscholar" / "author_1723755").glob("offset_*.json")}

    def recorded(request: Any) -> Any:
        offset = int(request.args.get("offset", "0"))
        return fake_profiles.Response(pages[offset], content_type="application/json")

    configure(project, httpserver, 'semanticscholar = "1723755"', s2=recorded)  # pages of 100: "next" is followed
    found = listed()
    ids = {json.loads(page)["data"][i]["paperId"] for page in pages.values() for i in range(len(json.loads(page)["data"]))}
    assert len(found) == len(ids) == 875
    assert {p["ids"]["semanticscholar"] for p in found} == ids
    assert any(p["title"] == "SARS-CoV-2 hijacks p38\u03b2/MAPK11 to promote virus replication" for p in found)
    assert [r.args["offset"] for r, _ in httpserver.log] == [str(n) for n in range(0, 900, 100)]


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_discover_add_writes_the_file_s_line_endings(project: Path, httpserver: HTTPServer, newline: str) -> None:
    import re

    configure(project, httpserver)
    original = f"@misc{{old,{newline}  title = {{Old}},{newline}  author = {{Carberry, Josiah}},{newline}}}{newline}"
    (project / "refs.bib").write_bytes(original.encode())
    status, _, err = run("discover", "--add", "all")
    assert status == 0, err
    data = (project / "refs.bib").read_bytes()
    assert data.startswith(original.encode()) and data.count(b"@") > 2
    assert set(re.findall(rb"\r\n|\r|\n", data)) == {newline.encode()}
    assert len(reader.read(data.decode(), "refs.bib").records) == data.count(b"@")


@pytest.mark.parametrize("dry_run", [(), ("--dry-run",)])
def test_discover_add_says_what_render_says_of_the_file_and_still_adds(
        project: Path, httpserver: HTTPServer, dry_run: tuple[str, ...]) -> None:
    configure(project, httpserver)
    # a key given twice, a field given twice, an undefined @string (as al-folio and CV files have them)
    text = ("@article{pots, title = {Pots}, journal = jpot, year = 2019}\n"
            "@misc{pots, title = {Other Pots}, year = 2020, year = 2021}\n")
    (project / "refs.bib").write_text(text, encoding="utf-8")
    said = ["refs.bib:1: entry 'pots', field 'journal': undefined @string 'jpot' (put text in braces)",
            "refs.bib:2: field year given twice; the first one is used",
            "refs.bib:2: duplicate key 'pots' (first at line 1)"]
    assert set(said) <= set(run("render")[2].splitlines())
    status, _, err = run("discover", "--add", "2", *dry_run)
    assert status == 0, err
    added = f"refs.bib: {'would add' if dry_run else 'added'} carberry2021psychoceramics (2. {NEURIPS})"
    assert err.splitlines() == [*said, added]
    assert (project / "refs.bib").read_text(encoding="utf-8").startswith(text)
