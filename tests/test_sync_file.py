"""What publist sync does to the file: byte for byte, for the shapes real files have.

Empty fields, aliases, crossref parents, links, read-only files, other encodings, mixed
indentation, and the dry-run diff, which must apply with ``patch``. Each runs the real
command against a fake arXiv on 127.0.0.1.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from publist import cli

from conftest import READER_WARNINGS, WILD, run
from fake_arxiv import entries, entry, handler

MURRAY = entries("legacy2016_id_list_1111.2011v2.xml")  # DOI and journal_ref "Phys. Rev. B 85, 115117 (2012)"
SEED = entries("seed_papers.xml")
# constructed: the journal reference of 1111.2011 with a page range (an en dash) and one in CJK
DASHED = entry("2001.00001", "Dashes in a Journal Reference", ("Ada Lovelace",), primary="math.HO",
               journal_ref="J. Stat. Mech. 5, 100\u2013120 (2020)")
CJK = entry("2001.00002", "A Journal Reference Latin-1 Cannot Hold", ("Ada Lovelace",),
            doi="10.1000/cjk", journal_ref="\u8ba1\u7b97\u673a\u5b66\u62a5 43 (2020)")
# constructed: arXiv writes this author "Schoelkopf" on some papers and "Schölkopf" on others
CAUSAL = entry("2102.11107", "Towards Causal Representation Learning",
               ("Bernhard Schoelkopf", "Francesco Locatello", "Stefan Bauer"), primary="cs.LG")


@pytest.fixture
def project(tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> Path:
    httpserver.expect_request("/api/query").respond_with_handler(
        handler({**MURRAY, **SEED, **DASHED, **CJK, **CAUSAL}))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "250")  # the report's table on one line per entry
    (tmp_path / "config.toml").write_text(
        f'[venues]\nsources = []\n[arxiv]\napi_url = "{httpserver.url_for("/api/query")}"\n'
        'delay_seconds = 0\ncache_dir = "cache"\n'
    )
    return tmp_path


def sync(*argv: str) -> tuple[int, bytes, str]:
    """Run ``publist sync``; standard output as bytes, as a terminal would get them."""
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    err = io.StringIO()
    status = cli.run(["sync", *argv], out, err)
    out.flush()
    return status, out.buffer.getvalue(), err.getvalue()  # type: ignore[attr-defined]


def test_an_empty_field_is_filled_in_place_and_a_second_sync_changes_nothing(project: Path) -> None:
    bib = project / "refs.bib"
    bib.write_text("@article{murray2012,\n  title   = {Quantum Criticality},\n  journal = {},\n"
                   "  doi     = {},\n  eprint  = {1111.2011},\n}\n")
    status, _, err = sync()
    assert status == 0, err
    assert bib.read_text() == (
        "@article{murray2012,\n  title   = {Quantum Criticality},\n"
        "  journal = {Phys. Rev. B 85, 115117 (2012)},\n  doi     = {10.1103/PhysRevB.85.115117},\n"
        "  eprint  = {1111.2011},\n  archiveprefix = {arXiv},\n  primaryclass = {cond-mat.str-el},\n}\n"
    )
    assert "10.1103/PhysRevB.85.115117 (was empty)" in err
    before = bib.stat().st_mtime_ns
    assert sync()[0] == 0
    assert bib.stat().st_mtime_ns == before
    status, out, problems = run("render")
    assert status == 0
    assert problems == "" and "https://doi.org/10.1103/PhysRevB.85.115117" in out


def test_quoted_empty_fields_stay_quoted(project: Path) -> None:
    bib = project / "refs.bib"
    bib.write_text('@article{m, title = "Q", eprint = "1111.2011", doi = "", archiveprefix = ""}\n')
    assert sync()[0] == 0
    assert bib.read_text() == (
        '@article{m, title = "Q", eprint = "1111.2011", doi = "10.1103/PhysRevB.85.115117", '
        'primaryclass = "cond-mat.str-el", journal = "Phys. Rev. B 85, 115117 (2012)", '
        'archiveprefix = "arXiv"}\n'
    )


def test_fields_under_their_biblatex_names_are_not_added_again(project: Path) -> None:
    bib = project / "refs.bib"
    text = (
        "@online{pyhessian,\n  title = {PyHessian: Neural Networks Through the Lens of the Hessian},\n"
        "  author = {Yao, Zhewei},\n  archivePrefix = {arXiv},\n}\n\n"
        "@article{murray,\n  title = {Q},\n  eprint = {1111.2011},\n  eprinttype = {arxiv},\n"
        "  eprintclass = {cond-mat.str-el},\n  journaltitle = {PRB},\n  date = {2012},\n}\n"
    )
    bib.write_text(text)
    status, _, err = sync()
    assert status == 0, err
    assert bib.read_text() == text.replace(
        "  archivePrefix = {arXiv},\n}",
        "  archivePrefix = {arXiv},\n  eprint = {1912.07145},\n  primaryClass = {cs.LG},\n}",
    ).replace("  date = {2012},\n}", "  date = {2012},\n  doi = {10.1103/PhysRevB.85.115117},\n}")


def test_a_venue_inherited_through_crossref_counts(project: Path) -> None:
    bib = project / "refs.bib"
    text = (
        "@inproceedings{murray,\n  title = {Q},\n  crossref = {prb12},\n  eprint = {1111.2011},\n"
        "  archiveprefix = {arXiv},\n  primaryclass = {cond-mat.str-el},\n}\n\n"
        "@proceedings{prb12,\n  title = {Proceedings of Quantum Things},\n  year = 2012,\n}\n"
    )
    bib.write_text(text)
    assert sync()[0] == 0
    assert bib.read_text() == text.replace(
        "  primaryclass = {cond-mat.str-el},\n}",
        "  primaryclass = {cond-mat.str-el},\n  doi = {10.1103/PhysRevB.85.115117},\n}", 1)


def test_a_symbolic_link_stays_a_link_and_its_target_is_written(project: Path) -> None:
    (project / "real").mkdir()
    real = project / "real" / "papers.bib"
    real.write_text("@article{m,\n  title = {Q},\n  eprint = {1111.2011},\n}\n")
    (project / "refs.bib").symlink_to(real)
    assert sync()[0] == 0
    assert (project / "refs.bib").is_symlink()
    assert "doi = {10.1103/PhysRevB.85.115117}" in real.read_text()
    assert sorted(p.name for p in (project / "real").iterdir()) == ["papers.bib"]


def test_a_file_with_two_hard_links_is_refused(project: Path) -> None:
    text = "@misc{m,\n  title = {Q},\n  eprint = {1111.2011},\n}\n"
    (project / "refs.bib").write_text(text)
    os.link(project / "refs.bib", project / "other.bib")
    status, _, err = sync()
    assert status == 1
    assert err == ("refs.bib: has 2 hard links, which replacing it would split apart; nothing "
                   "written (use a symbolic link instead)\n")
    assert (project / "other.bib").read_text() == text == (project / "refs.bib").read_text()


def test_a_read_only_file_is_refused_before_any_request(project: Path, httpserver: HTTPServer) -> None:
    bib = project / "refs.bib"
    bib.write_text("@misc{m,\n  title = {Q},\n  eprint = {1111.2011},\n}\n")
    bib.chmod(0o444)
    status, _, err = sync()
    assert status == 1
    assert err == "refs.bib: is read-only; nothing written (make it writable first)\n"
    assert httpserver.log == []
    assert "doi" not in bib.read_text()


@pytest.mark.parametrize("dry_run", [(), ("--dry-run",)])
def test_a_named_pipe_as_the_bib_is_refused_before_any_request_even_by_a_dry_run(
        project: Path, httpserver: HTTPServer, dry_run: tuple[str, ...]) -> None:
    os.mkfifo(project / "refs.bib")
    # a writer that closes the pipe, so that a run that reads it ends instead of waiting for ever
    threading.Thread(target=lambda: open(project / "refs.bib", "wb").close(), daemon=True).start()
    status, out, err = sync(*dry_run)
    os.close(os.open(project / "refs.bib", os.O_RDONLY | os.O_NONBLOCK))  # let the writer go
    assert (status, out, err) == (1, b"", "refs.bib: is not a regular file (a pipe or a device); nothing written\n")
    assert httpserver.log == []


@pytest.mark.parametrize("dry_run", [(), ("--dry-run",)])
def test_a_shell_pipe_as_the_bib_is_refused_before_any_request(
        project: Path, httpserver: HTTPServer, dry_run: tuple[str, ...]) -> None:
    # what `publist sync --bib <(cat refs.bib)` passes: /dev/fd/N, a link to an anonymous pipe
    reading, writing = os.pipe()
    os.write(writing, b"@misc{m,\n  title = {Q},\n  eprint = {1111.2011},\n}\n")
    os.close(writing)
    try:
        status, out, err = sync("--bib", f"/dev/fd/{reading}", *dry_run)
    finally:
        os.close(reading)
    assert (status, out, err) == (
        1, b"", f"/dev/fd/{reading}: is not a regular file (a pipe or a device); nothing written\n")
    assert httpserver.log == []


LATIN1 = (
    "% Encoding: ISO-8859-1\n"
    "@article{dash,\n  title = {Dashes in a Journal Reference},\n  author = {M\xfcller, Ada},\n"
    "  eprint = {2001.00001},\n}\n\n"
    "@article{cjk,\n  title = {A Journal Reference Latin-1 Cannot Hold},\n  eprint = {2001.00002},\n}"
)


def test_in_a_latin_1_file_what_latin_1_lacks_is_written_as_latex(project: Path) -> None:
    bib = project / "refs.bib"
    bib.write_bytes(LATIN1.encode("latin-1"))
    status, _, err = sync()
    assert status == 0, err
    assert bib.read_bytes() == LATIN1.replace(
        "  eprint = {2001.00001},\n}",
        "  eprint = {2001.00001},\n  archiveprefix = {arXiv},\n  primaryclass = {math.HO},\n"
        "  journal = {J. Stat. Mech. 5, 100--120 (2020)},\n}",
    ).replace(
        "  eprint = {2001.00002},\n}",
        "  eprint = {2001.00002},\n  archiveprefix = {arXiv},\n  doi = {10.1000/cjk},\n}",
    ).encode("latin-1")
    assert ("refs.bib:8: entry 'cjk': journal from arXiv 2001.00002v1 holds '\u8ba1\u7b97\u673a\u5b66"
            "\u62a5', which iso8859-1 cannot hold and LaTeX cannot spell; not written") in err


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("no final newline", b"@misc{m,\n  title = {Q},\n  eprint = {1111.2011},\n}"),
        ("latin-1", LATIN1.encode("latin-1")),
        ("BOM and CRLF", b"\xef\xbb\xbf@misc{m,\r\n  title = {Q},\r\n  eprint = {1111.2011}\r\n}\r\n"),
        ("lone CR", b"% a\rcomment\n@misc{m,\n  title = {Q},\n  eprint = {1111.2011},\n}\n"),
    ],
)
def test_the_dry_run_diff_applies_with_patch_and_gives_what_a_run_writes(
    project: Path, name: str, data: bytes
) -> None:
    patch = shutil.which("patch")
    assert patch is not None, "GNU patch is needed for this test (Debian package patch)"
    bib = project / "refs.bib"
    bib.write_bytes(data)
    status, diff, _ = sync("--dry-run")
    assert status == 0 and diff.startswith(b"--- a/refs.bib\n+++ b/refs.bib\n@@")
    assert bib.read_bytes() == data
    copy = project / "copy"
    copy.mkdir()
    (copy / "refs.bib").write_bytes(data)
    subprocess.run([patch, "-p1", "--quiet", "--binary"], input=diff, cwd=copy, check=True)
    assert sync()[0] == 0
    assert (copy / "refs.bib").read_bytes() == bib.read_bytes() != data


def test_an_author_in_another_spelling_is_the_same_author(project: Path) -> None:
    bib = project / "refs.bib"
    text = ("@article{causal,\n  title = {Toward{s} Causal Representation Learning},\n"
            "  author = {Sch{\\\"o}lkopf, Bernhard and Peters, Jonas},\n}\n")
    bib.write_text(text)
    status, _, err = sync()
    assert status == 0, err
    assert bib.read_text() == text.replace(
        "Jonas},\n}", "Jonas},\n  eprint = {2102.11107},\n  archiveprefix = {arXiv},\n"
        "  primaryclass = {cs.LG},\n}")


def test_added_fields_take_the_indentation_most_fields_use(project: Path) -> None:
    bib = project / "refs.bib"
    text = "@article{m,\n  title = {Q},\n\teprint = {1111.2011},\n\tyear = 2012,\n}\n"
    bib.write_text(text)
    assert sync()[0] == 0
    assert bib.read_text() == text.replace(
        "\tyear = 2012,\n}", "\tyear = 2012,\n\tarchiveprefix = {arXiv},\n\tprimaryclass = {cond-mat.str-el},\n"
        "\tdoi = {10.1103/PhysRevB.85.115117},\n\tjournal = {Phys. Rev. B 85, 115117 (2012)},\n}")


def test_added_fields_align_with_the_column_most_fields_use(project: Path) -> None:
    bib = project / "refs.bib"
    text = ("@article{m,\n  title  = {Q},\n  eprint = {1111.2011},\n  archiveprefix = {arXiv},\n"
            "  doi    = {10.1103/PhysRevB.85.115117},\n  note   = {x},\n}\n")
    bib.write_text(text)
    assert sync()[0] == 0
    assert bib.read_text() == text.replace(
        "  note   = {x},\n}", "  note   = {x},\n  primaryclass = {cond-mat.str-el},\n"
        "  journal = {Phys. Rev. B 85, 115117 (2012)},\n}")


@pytest.mark.parametrize("last_line", [
    "  title = {Quantum Criticality}, eprint = {1111.2011}\n",       # two fields on the last line
    "  title = {Quantum Criticality}, eprint = {1111.2011}}",         # and the brace on it too
    "\ttitle = {Quantum Criticality},\teprint = {1111.2011},  year = 2012\n",
])
def test_sync_adds_lines_only_when_the_last_line_holds_several_fields(project: Path, last_line: str) -> None:
    # issue 16, item 8: never a field spliced into the middle of a line the user wrote
    bib = project / "refs.bib"
    text = "@article{murray,\n  author = {Murray, J. M.},\n" + last_line + ("}\n" if last_line.endswith("\n") else "\n")
    bib.write_text(text)
    status, diff, err = sync("--dry-run")
    assert status == 0, err
    changed = [line for line in diff.decode().splitlines()[2:] if line[:1] in "+-"]
    assert changed and all(line.startswith("+") for line in changed), diff.decode()
    assert sync()[0] == 0
    assert [line for line in bib.read_text().splitlines() if "doi" not in line and "class" not in line
            and "journal" not in line and "archiveprefix" not in line] == text.splitlines()


@pytest.mark.parametrize(("name", "said"), READER_WARNINGS)
def test_sync_says_what_render_says_of_the_file_and_still_succeeds(project: Path, name: str, said: str) -> None:
    shutil.copy(WILD / name, project / name)
    before = (project / name).read_bytes()
    status, _, err = run("render", "--bib", name)
    assert status == 0
    assert said in err.splitlines()
    status, _, err_sync = sync("--bib", name, "--dry-run")
    assert status == 0, err_sync
    assert said in err_sync.splitlines()
    assert (project / name).read_bytes() == before


def test_sync_prints_each_reader_warning_once_before_its_report(project: Path) -> None:
    bib = project / "refs.bib"
    bib.write_text("@article{m, title = {Q}, eprint = {1111.2011}, journal = prb}\n"
                   "@misc{m, title = {Other}, year = 2020}\n")
    status, _, err = sync()
    assert status == 0, err
    lines = err.splitlines()
    assert lines[:2] == ["refs.bib:1: entry 'm', field 'journal': undefined @string 'prb' (put text in braces)",
                         "refs.bib:2: duplicate key 'm' (first at line 1)"]
    assert sum("duplicate key" in line for line in lines) == 1
    assert "doi = {10.1103/PhysRevB.85.115117}" in bib.read_text()  # the sync itself went on


@pytest.mark.parametrize("name", ["cv-pasquier.bib", "alfolio-stratigakos.bib"])
def test_an_old_mac_file_gets_the_messages_and_the_diff_its_lf_twin_gets(project: Path, name: str) -> None:
    import re

    lf = re.sub(r"\r\n?", "\n", (WILD / name).read_text()) + (
        "\n@article{murray2012,\n  title   = {Quantum Criticality},\n  doi     = {},\n"
        "  eprint  = {1111.2011},\n  year    = 2012,\n  year    = 2011,\n}\n")
    said: dict[str, list[object]] = {}
    for ending in ("\n", "\r"):
        (project / "refs.bib").write_bytes(lf.replace("\n", ending).encode())
        status, diff, err = sync("--dry-run", "--refresh")  # the same requests each time
        assert status == 0, err
        said[ending] = [diff, err, run("render")[2], run("check", "refs.bib")[1],
                        run("add", "--dry-run", "1111.2011")[2]]
        assert sync()[0] == 0
        said[ending].append((project / "refs.bib").read_bytes().replace(ending.encode(), b"\n"))
    assert said["\r"] == said["\n"]
    diff, err, render_err, check_out, add_err, written = said["\r"]
    line = lf[: lf.index("@article{murray2012")].count("\n") + 1
    assert isinstance(diff, bytes) and diff.count(b"\n") > 10
    # the entry's lines numbered as the reader numbers them: its blank line first, in context
    assert f"@@ -{line - 1},8 +{line - 1},11 @@\n \n @article{{murray2012,\n" in diff.decode()
    assert b"\r" not in diff  # shown with the terminal's line breaks
    twice = f"refs.bib:{line + 5}: field year given twice; the first one is used"  # the second year's line
    assert twice in str(err).splitlines() and twice in str(render_err).splitlines()
    assert [x for x in str(check_out).splitlines() if "given twice" in x][-1].startswith(f"refs.bib:{line + 5}: ")
    assert f"murray2012 (refs.bib:{line})" in str(err)
    assert twice in str(add_err).splitlines()  # add says what render says, too
    assert str(add_err).splitlines()[-1] == f"refs.bib:{line}: already has arXiv 1111.2011 (entry 'murray2012'); not added again"
    assert b"  doi     = {10.1103/PhysRevB.85.115117},\n" in written  # type: ignore[operator]
