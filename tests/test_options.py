"""Options of render, on the command line, in markers and in config.toml: each is honoured or
refused with one line; lists split the same way everywhere; an unknown key is an error; and
every message names what the user wrote (``--type``, ``type=``, ``render.type``)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from publist import cli

BIB = r"""
@article{alpha, title = {Alpha}, author = {Yao, Zhewei}, journal = {J}, year = 2021, keywords = {causality, MCMC}}
@inproceedings{beta, title = {Beta}, author = {Li, Jinglai and Yao, Zhewei}, booktitle = {ICML}, year = 2020,
  keywords = {quantization}}
@misc{gamma, title = {Gamma}, author = {Yao, Zhewei}, year = 2019, eprint = {1912.07145}, archiveprefix = {arXiv},
  keywords = {Hessian}}
@phdthesis{delta, title = {Delta}, author = {Yao, Zhewei}, school = {UC Berkeley}, year = 2018}
"""


def render(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = cli.run(["render", *argv], out, err)
    return status, out.getvalue(), err.getvalue()


def titles(markdown: str) -> list[str]:
    return [line[4:].split("**")[0] for line in markdown.splitlines() if line.lstrip().startswith("- **")]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "refs.bib").write_text(BIB)
    (tmp_path / "config.toml").write_text('[owner]\nnames = ["Zhewei Yao"]\n[render]\nsort = "file"\n')
    return tmp_path


def configured(project: Path, render_keys: str, owner: bool = True) -> None:
    owner_table = '[owner]\nnames = ["Zhewei Yao"]\n' if owner else ""
    (project / "config.toml").write_text(f'{owner_table}[render]\nsort = "file"\n{render_keys}')


def in_a_marker(project: Path, options: str) -> tuple[int, str, str, list[str]]:
    (project / "README.md").write_text(f"# Papers\n<!-- publist:start {options} -->\n<!-- publist:end -->\n")
    status, out, err = render("--inplace", "README.md")
    return status, out, err, titles((project / "README.md").read_text())


@pytest.mark.parametrize(("name", "values", "expected"), [
    ("key", ["alpha", "gamma"], ["Alpha", "Gamma"]),
    ("keyword", ["causality", "hessian"], ["Alpha", "Gamma"]),
    ("type", ["conference", "thesis"], ["Beta", "Delta"]),
])
def test_a_list_splits_at_commas_the_same_everywhere(project: Path, name: str, values: list[str],
                                                     expected: list[str]) -> None:
    flag = "--" + name
    joined = ",".join(values)
    command_lines = [[flag, joined], [flag, f"{values[0]}, {values[1]}"],
                     [flag, values[0], flag, values[1]]]
    for argv in command_lines:
        status, out, err = render(*argv)
        assert (status, err, titles(out)) == (0, "", expected), argv
    assert in_a_marker(project, f"{name}={joined}")[3] == expected
    assert in_a_marker(project, f'{name}="{values[0]}, {values[1]}"')[3] == expected
    configured(project, f'{name} = "{values[0]}, {values[1]}"\n')  # one string, where a list goes
    assert titles(render()[1]) == expected
    configured(project, f"{name} = {values!r}\n".replace("'", '"'))
    assert titles(render()[1]) == expected


def test_a_single_string_in_config_is_a_list_of_one(project: Path) -> None:
    configured(project, 'keyword = "causality"\n')
    assert render() == (0, render("--keyword", "causality")[1], "")
    assert titles(render()[1]) == ["Alpha"]


def test_kinds_in_any_case(project: Path) -> None:
    assert titles(render("--type", "Journal,THESIS")[1]) == ["Alpha", "Delta"]


def test_an_unknown_key_is_an_error_wherever_it_is_written(project: Path) -> None:
    assert render("--key", "alpha,gamam") == (
        2, "", "command line: '--key': no entry 'gamam' in refs.bib (did you mean 'gamma'?)\n")
    assert render("--key", "ALPHA", "omega") == (2, "", "command line: '--key': no entry 'omega' in refs.bib\n")
    status, _, err, _ = in_a_marker(project, "key=alpha,gamam")
    assert (status, err) == (1, "README.md:2: 'key': no entry 'gamam' in refs.bib (did you mean 'gamma'?)\n")
    assert "publist:start key=alpha,gamam -->\n<!-- publist:end" in (project / "README.md").read_text()
    configured(project, 'key = ["alpha", "gamam"]\n')
    assert render() == (1, "", "config.toml: 'render.key': no entry 'gamam' in refs.bib (did you mean 'gamma'?)\n")
    # the command line's keys replace the config's: a typo there is no longer in force
    assert titles(render("--key", "beta")[1]) == ["Beta"]


@pytest.mark.parametrize(("config", "argv", "message"), [
    ("", ["--template", "list.j2", "--standalone", "--format", "html"],
     ("--standalone does not apply to a template (it writes the whole output); put the page around "
     "the list in the template")),
    ('template = "list.j2"\n', ["--standalone", "--format", "latex"],
     ("--standalone does not apply to a template (it writes the whole output); put the page around "
     "the list in the template")),
    ("", ["--template", "list.j2", "--style", "apa"],
     ("command line: '--template' and '--style' do not go together (a template writes the whole list, "
     "a style each entry): choose one")),
    ('template = "list.j2"\nstyle = "apa"\n', [],
     ("config.toml: 'render.template' and 'render.style' do not go together (a template writes the "
     "whole list, a style each entry): choose one")),
    ("", ["--style", "apa", "--format", "json"],
     ("command line: '--style' does nothing here: JSON is CSL-JSON data, which a style does not change "
     "(it applies to md, html, latex)")),
    ("", ["--style", "apa", "--year", "authors"],
     "command line: '--year' does nothing here: the CSL style 'apa' places the year itself"),
    ('style = "ieee"\n', ["--year", "none"],
     "command line: '--year' does nothing here: the CSL style 'ieee' places the year itself"),
])
def test_options_that_do_nothing_together_are_refused(project: Path, config: str, argv: list[str],
                                                       message: str) -> None:
    (project / "list.j2").write_text("{% for item in items %}{{ item.title }}\n{% endfor %}")
    configured(project, config)
    status, out, err = render("-o", "out.txt", *argv)
    # the command line's own refusals are usage errors, as argparse's (2); a config file's, 1
    assert (status, out, err) == (1 if message.startswith("config.toml") else 2, "", message + "\n")
    assert not (project / "out.txt").exists()


@pytest.mark.parametrize(("options", "message"), [
    ("style=apa year=authors", "'year' does nothing here: the CSL style 'apa' places the year itself"),
    ("format=json style=apa", ("'style' does nothing here: JSON is CSL-JSON data, which a style does "
                              "not change (it applies to md, html, latex)")),
    ("show_bibtex", "'show_bibtex' does nothing here: it applies to HTML only"),
    ("number_across_groups group_by=year", ("'number_across_groups' does nothing here: it needs "
                                           "numbering (ascending or descending)")),
    ("template=list.j2 style=apa", ("'template' and 'style' do not go together (a template writes the "
                                   "whole list, a style each entry): choose one")),
])
def test_a_marker_s_options_that_do_nothing_are_refused(project: Path, options: str, message: str) -> None:
    (project / "list.j2").write_text("{% for item in items %}{{ item.title }}\n{% endfor %}")
    assert in_a_marker(project, options)[:3] == (1, "", f"README.md:2: {message}\n")


def test_first_author_needs_an_owner_wherever_it_is_asked_for(project: Path) -> None:
    configured(project, "", owner=False)
    assert render("--first-author") == (
        2, "", ("command line: '--first-author' does nothing here: it needs the owner's names ([owner] "
               "names in config.toml)\n"))
    assert in_a_marker(project, "first_author")[2] == (
        "README.md:2: 'first_author' does nothing here: it needs the owner's names ([owner] names in "
        "config.toml)\n")
    configured(project, "first_author = true\n", owner=False)
    assert render() == (1, "", ("config.toml: 'render.first_author' needs the owner's names ([owner] "
                                "names = [...])\n"))


def test_a_layout_chosen_above_replaces_the_one_chosen_below(project: Path) -> None:
    (project / "list.j2").write_text("{% for item in items %}* {{ item.title }}\n{% endfor %}")
    configured(project, 'style = "apa"\n')
    assert render("--template", "list.j2") == (0, "* Alpha\n* Beta\n* Gamma\n* Delta\n", "")
    configured(project, 'template = "list.j2"\n')
    status, out, err = render("--style", "apa")
    assert (status, err) == (0, "") and out.startswith("- **Yao, Z.** (2021). Alpha. *J*.")
    assert in_a_marker(project, "style=apa")[:3] == (0, "", "README.md: updated\n")
    written = (project / "README.md").read_text()
    assert "- **Yao, Z.** (2021). Alpha." in written and "* Alpha" not in written


def test_max_authors_with_a_style_is_not_refused(project: Path) -> None:
    assert render("--style", "apa", "--max-authors", "1")[0] == 0


def test_a_json_template_gets_plain_text(project: Path) -> None:
    (project / "data.j2").write_text('[{% for item in items %}"{{ item.publist.formatted.authors }}"'
                                     '{% if not loop.last %}, {% endif %}{% endfor %}]\n')
    assert render("--template", "data.j2", "--format", "json", "--key", "beta") == (0, '["J. Li, Z. Yao"]\n', "")


@pytest.mark.parametrize(("files", "template", "message"), [
    ({"cv.j2": '{% for item in items %}\n{% include "row.j2" %}\n{% endfor %}\n'}, "cv.j2",
     "cv.j2:2: no such template 'row.j2' (looked for in .)"),
    ({"tpl/cv.j2": '{% for item in items %}\n{% include "row.j2" %}\n{% endfor %}\n',
      "tpl/row.j2": "- {{ item.title }}\n{{ item.titel }}\n"}, "tpl/cv.j2",
     "tpl/row.j2:2: UndefinedError: 'dict object' has no attribute 'titel'"),
    ({"tpl/cv.j2": '{% for item in items %}\n\n{% include "row.j2" %}\n{% endfor %}\n',
      "tpl/row.j2": "x\ny\n{{ item.title }\n"}, "tpl/cv.j2", "tpl/row.j2:3: unexpected '}'"),
    ({"tpl/cv.j2": "{% extends 'base.j2' %}\n"}, "tpl/cv.j2",
     "tpl/cv.j2:1: no such template 'base.j2' (looked for in tpl)"),
    ({}, "tpl/missing.j2", "tpl/missing.j2: no such template"),
])
def test_template_errors_name_the_file_and_line_as_written(project: Path, files: dict[str, str],
                                                           template: str, message: str) -> None:
    for name, text in files.items():
        (project / name).parent.mkdir(exist_ok=True)
        (project / name).write_text(text)
    assert render("--template", template) == (1, "", message + "\n")
    configured(project, f'template = "{template}"\n')
    assert render() == (1, "", message + "\n")
    (project / "sub").mkdir()
    status, out, err, _ = in_a_marker(project, f"template={template}")
    assert (status, out, err) == (1, "", f"README.md:2: {message}\n")


def test_a_template_that_is_no_file_is_said_so(project: Path) -> None:
    (project / "templates").mkdir()
    for path in ("/dev/null", "templates"):  # a device, a folder: 'no such template' was wrong
        assert render("--template", path) == (1, "", f"{path}: not a file; a template is a text file (e.g. cv.md.j2)\n")


def test_a_marker_written_as_a_command_line_option_says_how_to_write_it(project: Path) -> None:
    for written, plain in (("--selected", "selected"), ("--since=2019", "since=2019")):
        status, _, err, _ = in_a_marker(project, written)
        assert (status, err) == (1, (f"README.md:2: '{written}': a marker writes its options without "
                                    f"dashes, e.g. '{plain}'\n"))


def test_a_marker_s_missing_style_names_the_marker(project: Path) -> None:
    status, _, err, _ = in_a_marker(project, "style=apa-9th")
    assert (status, err) == (1, ("README.md:2: unknown CSL style 'apa-9th' (a name from the CSL style "
                                "repository, e.g. apa, ieee, nature, chicago-author-date, or a .csl file)\n"))


def test_messages_name_the_option_as_written(project: Path) -> None:
    assert render("--type", "journl") == (
        2, "", "command line: '--type': unknown kind 'journl' (did you mean 'journal'?)\n")
    assert in_a_marker(project, "type=journl")[2] == (
        "README.md:2: 'type': unknown kind 'journl' (did you mean 'journal'?)\n")
    configured(project, 'type = ["journl"]\n')
    assert render() == (1, "", "config.toml: 'render.type': unknown kind 'journl' (did you mean 'journal'?)\n")


def test_command_line_options_that_do_nothing_are_refused_with_inplace_too(project: Path) -> None:
    text = "<!-- publist:start -->\n<!-- publist:end -->\n"
    (project / "README.md").write_text(text)
    assert render("--inplace", "README.md", "--style", "apa", "--year", "authors") == (
        2, "", "command line: '--year' does nothing here: the CSL style 'apa' places the year itself\n")
    assert (project / "README.md").read_text() == text


@pytest.mark.parametrize("name", ["key", "keyword", "type"])
@pytest.mark.parametrize("value", ["", " , "])
def test_an_empty_list_on_the_command_line_or_in_a_marker_is_refused_not_all(
        project: Path, name: str, value: str) -> None:
    # --key "$KEYS" with KEYS unset printed the whole list, as if the option were not there
    assert render("--" + name, value, "-o", "out.md") == (
        2, "", f"command line: '--{name}' is empty: name at least one, or leave it out\n")
    assert not (project / "out.md").exists()
    status, _, err, _ = in_a_marker(project, f'{name}="{value}"')
    assert (status, err) == (1, f"README.md:2: '{name}' is empty: name at least one, or leave it out\n")


def test_an_empty_list_in_config_toml_is_its_default(project: Path) -> None:
    configured(project, "type = []\nkey = []\nkeyword = []\n")  # as init's starter writes them, uncommented
    assert render()[0] == 0 and titles(render()[1]) == ["Alpha", "Beta", "Gamma", "Delta"]
