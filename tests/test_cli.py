"""The command line: exit statuses, one-line errors, atomic output, help with examples."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from publist import cli

from conftest import ROOT, run

ENTRY = "@misc{k,\n  title = {A Title},\n  author = {Yao, Zhewei},\n  year = 2020,\n}\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "refs.bib").write_text(ENTRY)
    (tmp_path / "config.toml").write_text('[owner]\nnames = ["Zhewei Yao"]\n')
    return tmp_path


def test_render_reads_config_and_bib_from_the_current_folder(project: Path) -> None:
    assert run("render") == (0, "- **A Title**  \n  **Z. Yao**  \n  2020\n", "")


def test_output_file_is_written_and_stdout_stays_empty(project: Path) -> None:
    status, out, err = run("render", "--format", "html", "-o", "out.html")
    assert (status, out, err) == (0, "", "")
    assert '<strong class="publist-me">Z. Yao</strong>' in (project / "out.html").read_text()
    assert [p.name for p in project.iterdir() if "publist-tmp" in p.name] == []


def test_without_config_nobody_is_highlighted(project: Path) -> None:
    (project / "config.toml").unlink()
    assert run("render")[1] == "- **A Title**  \n  Z. Yao  \n  2020\n"


def test_bib_named_in_the_config_is_relative_to_it(project: Path) -> None:
    (project / "cv").mkdir()
    (project / "cv" / "papers.bib").write_text(ENTRY)
    (project / "cv" / "publist.toml").write_text('bib = "papers.bib"\n')
    (project / "refs.bib").unlink()
    assert run("render", "--config", "cv/publist.toml")[0] == 0


BROKEN = "@misc{ok, title={A}}\n\n@misc{broken,\n  title = {B\n\n@misc{after, title={C}}\n"


def test_a_broken_entry_is_reported_and_the_others_render(project: Path) -> None:
    (project / "refs.bib").write_text(BROKEN)
    status, out, err = run("render")
    assert (status, out) == (0, "- **A**\n- **C**\n")
    assert err == ("refs.bib:3: '@misc{broken' is not closed before the next '@' (a '}' or '\"' is "
                   "missing); skipped\n")


def test_strict_makes_a_broken_entry_an_error_and_writes_nothing(project: Path) -> None:
    (project / "refs.bib").write_text(BROKEN)
    (project / "out.md").write_text("old")
    status, out, err = run("render", "--strict", "-o", "out.md")
    assert (status, out) == (1, "")
    assert err.splitlines()[-1] == "1 problem(s); nothing written (--strict)"
    assert (project / "out.md").read_text() == "old"


def test_sync_refuses_a_file_it_cannot_read_whole(project: Path) -> None:
    (project / "refs.bib").write_text(BROKEN)
    status, _, err = run("sync", "--dry-run")
    assert status == 1
    assert err == ("refs.bib:3: '@misc{broken' is not closed before the next '@' (a '}' or '\"' is "
                   "missing)\n")
    assert (project / "refs.bib").read_text() == BROKEN


def test_entry_without_title_is_reported_and_skipped(project: Path) -> None:
    (project / "refs.bib").write_text(ENTRY + "\n@misc{notitle,\n  author = {Doe, J.}\n}\n")
    status, out, err = run("render")
    assert status == 0 and "A Title" in out
    assert err == "refs.bib:7: entry 'notitle' has no title; skipped\n"
    status, out, err = run("render", "--strict")
    assert (status, out) == (1, "")
    assert err.endswith("1 problem(s); nothing written (--strict)\n")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["render", "--bib", "missing.bib"], "missing.bib: no such file\n"),
        (["render", "--config", "nope.toml"], "nope.toml: no such file\n"),
        (["render", "--bib", "."], ".: is a folder, not a .bib file\n"),
    ],
)
def test_missing_files(project: Path, argv: list[str], message: str) -> None:
    assert run(*argv) == (1, "", message)


def test_bad_config_stops_before_anything_is_read(project: Path) -> None:
    (project / "config.toml").write_text("[render]\nformat = 'md'\n")
    assert run("render") == (
        1, "", "config.toml: unknown key 'render.format' (expected one of: sort, names, links, labels, page_dash, preprint, venue_names, venues, merge_preprints, legend, marks, selected, since, until, type, key, keyword, first_author, limit, group_by, kinds, headings, numbering, number_across_groups, year, max_authors, show_abstract, show_bibtex, private_fields, template, style, files_url, citations, citations_label, citations_separator, citation_summary, citation_summary_label)\n"
    )


@pytest.mark.parametrize("argv", [
    ["--inplace", "README.md", "-o", "out.md"],             # options that do not go together
    ["--standalone"], ["--standalone", "--format", "json"],
    ["--template", "list.j2", "--standalone", "--format", "html"],
    ["--template", "list.j2", "--style", "apa"],
    ["--style", "apa", "--format", "json"], ["--style", "apa", "--year", "authors"],
    ["--citation-summary", "--format", "json"],
    ["-o", ""], ["-o", "refs.bib"], ["--inplace", "refs.bib"],  # no file, the bibliography itself
    ["--type", "journl"], ["--since", "2020", "--until", "2019"], ["--max-authors", "0"],  # values
    ["--key", "nosuch"],
])
def test_what_the_command_line_asks_wrongly_is_a_usage_error(project: Path, argv: list[str]) -> None:
    (project / "README.md").write_text("<!-- publist:start -->\n<!-- publist:end -->\n")
    (project / "list.j2").write_text("{% for item in items %}{{ item.title }}\n{% endfor %}")
    before = {p.name: p.read_bytes() for p in project.iterdir()}
    status, out, err = run("render", *argv)
    assert (status, out, len(err.splitlines())) == (2, "", 1), err
    assert {p.name: p.read_bytes() for p in project.iterdir()} == before


def test_argparse_s_own_usage_errors_are_2_too(project: Path) -> None:
    with pytest.raises(SystemExit) as stopped:
        run("render", "--format", "pdf")
    assert stopped.value.code == 2


@pytest.mark.parametrize(("argv", "said"), [
    # `check refs.bib` takes its files so; the commands that edit or print one take --bib
    (["render", "refs.bib"],
     "publist render: error: unrecognized arguments: refs.bib (name the .bib file with --bib refs.bib)"),
    (["sync", "--dry-run", "papers/talks.bib"],
     "publist sync: error: unrecognized arguments: papers/talks.bib (name the .bib file with --bib papers/talks.bib)"),
    (["add", "2102.11107", "--bib", "refs.bib", "--draft"], "publist add: error: unrecognized arguments: --draft"),
    (["check", "--strict"], "publist check: error: unrecognized arguments: --strict"),
    (["render", "--format", "md", "--limt", "3"], "publist render: error: unrecognized arguments: --limt 3"),
])
def test_an_argument_a_command_does_not_take_is_said_with_that_command_s_usage(
        project: Path, argv: list[str], said: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        run(*argv)
    assert stopped.value.code == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].startswith(f"usage: publist {argv[0]} [-h]") and lines[-1] == said


@pytest.mark.parametrize(("files", "argv"), [
    ({"config.toml": "[render]\nformat = 'md'\n"}, ["-o", "out.md"]),                    # the user's config
    ({"bad.j2": "{{ item.title }\n"}, ["--template", "bad.j2", "-o", "out.md"]),           # their template
    ({"mine.csl": "<html/>"}, ["--style", "mine.csl", "-o", "out.md"]),                   # their style file
    ({"README.md": "no markers\n"}, ["--inplace", "README.md"]),                          # their page
    ({"refs.bib": "@misc{a, title = {A}\n"}, ["--strict", "-o", "out.md"]),               # their bib
])
def test_a_failure_on_the_user_s_files_is_1(project: Path, files: dict[str, str], argv: list[str]) -> None:
    for name, text in files.items():
        (project / name).write_text(text)
    status, out, err = run("render", *argv)
    assert (status, out) == (1, ""), err
    assert not (project / "out.md").exists()


def test_standalone_is_for_html_and_latex(project: Path) -> None:
    assert run("render", "--standalone")[0] == 2
    status, out, _ = run("render", "--format", "latex", "--standalone")
    assert status == 0 and out.startswith("\\documentclass") and out.endswith("\\end{document}\n")


@pytest.mark.parametrize("command", ["render", "sync"])
def test_every_command_has_help_with_an_example(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.run([command, "--help"])
    assert exit_.value.code == 0
    text = capsys.readouterr().out
    assert "examples:" in text and f"publist {command}" in text


def test_real_process_prints_no_traceback(tmp_path: Path) -> None:
    bib = tmp_path / "bad.bib"
    bib.write_bytes(b"@misc{a,\n  author = {M\xfcller}\n}\n")
    proc = subprocess.run(
        [sys.executable, "-m", "publist", "render", "--bib", str(bib)],
        capture_output=True, text=True, cwd=tmp_path, check=False,
    )
    assert proc.returncode == 1
    assert proc.stderr == (f"{bib}:2: not valid utf-8 (byte 0xfc); save the file as UTF-8, "
                           'or set encoding = "latin-1" (or its encoding) in config.toml\n')
    assert "Traceback" not in proc.stderr


def test_render_does_not_import_network_or_console_libraries() -> None:
    code = (
        "import sys, io; from publist import cli; "
        "cli.run(['render'], io.StringIO(), io.StringIO()); "
        "print(sorted(m for m in ('requests', 'rich', 'pybtex', 'publist.sync') if m in sys.modules))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          check=True)
    assert proc.stdout.strip() == "[]"


@pytest.mark.parametrize("output", ["refs.bib", "./refs.bib", "link.bib", "sub/../refs.bib"])
def test_render_never_writes_over_the_bibliography(project: Path, output: str) -> None:
    (project / "link.bib").symlink_to(project / "refs.bib")
    (project / "sub").mkdir()
    status, out, err = run("render", "-o", output)
    assert (status, out) == (2, "")
    assert err == (f"{output}: is the bibliography itself; publist render never writes to it "
                   "(choose another -o)\n")
    assert (project / "refs.bib").read_text() == ENTRY


def test_render_output_through_a_symbolic_link_writes_its_target(project: Path) -> None:
    (project / "site").mkdir()
    (project / "site" / "publications.md").write_text("old")
    (project / "pubs.md").symlink_to(project / "site" / "publications.md")
    assert run("render", "-o", "pubs.md")[0] == 0
    assert (project / "pubs.md").is_symlink()
    assert (project / "site" / "publications.md").read_text() == "- **A Title**  \n  **Z. Yao**  \n  2020\n"
