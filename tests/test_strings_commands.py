"""Every command that reads the .bib reads the strings files first, the same way
(``publist.api.macros``): sync, add and discover as render and check do, with ``strings`` in
config.toml or ``--strings``."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from test_venues import ANODE, project, sync, write

__all__ = ["project"]  # the fixture, shared with test_venues

MACROS = '@string{ZhangT = "Zhang, Tianjun"}\n@string{YaoZ = "Yao, Zhewei"}\n@string{nips = "NeurIPS"}\n'
def _with_strings(project: Path) -> None:
    config = project / "config.toml"
    config.write_text('strings = ["AuthorIDs.bib"]\n' + config.read_text())


# ANODEV2 without its arXiv id, its authors by JabRef's macros: sync finds it by its title, and
# takes it only with an author in common
BY_MACRO = ANODE.replace("{Zhang, Tianjun and Yao, Zhewei}", 'ZhangT # " and " # YaoZ').replace(
    "  eprint = {1906.04596},\n  archiveprefix = {arXiv},\n  primaryclass = {cs.LG},\n", "")


@pytest.mark.parametrize("how", ["config", "option"])
def test_sync_reads_the_authors_from_the_strings_files(project: Path, httpserver: HTTPServer, how: str) -> None:
    write(project, BY_MACRO, ["semanticscholar"])
    (project / "AuthorIDs.bib").write_text(MACROS)
    status, _, err = sync("--dry-run")  # without them the authors are the macros' names
    assert "arXiv 1906.04596 has the same title by other authors" in err
    if how == "config":
        _with_strings(project)
    status, _, err = sync(*(["--strings", "AuthorIDs.bib"] if how == "option" else []))
    assert status == 0, err
    assert "other authors" not in err
    assert (project / "refs.bib").read_text() == BY_MACRO.replace(
        "  year = {2019},\n}", "  year = {2019},\n  eprint = {1906.04596},\n  archiveprefix = {arXiv},\n"
        "  primaryclass = {cs.LG},\n  booktitle = {Neural Information Processing Systems},\n"
        "  pages = {5151--5161},\n}")
    assert (project / "AuthorIDs.bib").read_text() == MACROS  # read, never written


def test_add_and_discover_take_strings_as_render_and_check_do(capsys: pytest.CaptureFixture[str]) -> None:
    from publist import cli

    for command in ("render", "check", "sync", "add", "discover"):
        with pytest.raises(SystemExit):
            cli.run([command, "--help"])
        assert "--strings PATH" in capsys.readouterr().out, command


def test_discover_knows_a_paper_of_the_file_whose_authors_are_macros(tmp_path: Path, httpserver: HTTPServer,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from test_discover import JOURNAL, configure, listed

    monkeypatch.chdir(tmp_path)
    # the journal paper, without its DOI: known by its title and an author, here a macro
    (tmp_path / "refs.bib").write_text(f"@article{{j, title = {{{JOURNAL}}}, author = JCarberry, year = 2020}}\n")
    (tmp_path / "AuthorIDs.bib").write_text('@string{JCarberry = "Carberry, Josiah"}\n')
    configure(tmp_path, httpserver)
    assert JOURNAL in [p["title"] for p in listed()]
    assert JOURNAL not in [p["title"] for p in listed("--strings", "AuthorIDs.bib")]
