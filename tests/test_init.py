"""publist init: a starter config.toml with every key, and a refs.bib, never over existing files."""

from __future__ import annotations

import io
import os
import pty
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from publist import cli, config, starter


def init(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = cli.run(["init", *argv], out, err)
    return status, out.getvalue(), err.getvalue()


def keys(schema: dict[str, Any], prefix: str = "") -> list[str]:
    out = []
    for name, kind in schema.items():
        out += keys(kind, f"{prefix}{name}.") if isinstance(kind, dict) else [prefix + name]
    return out


def test_a_new_folder_gets_both_files_and_they_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    status, _, err = init("--name", "Bernhard Schölkopf", "--name", "Bernhard Scholkopf")
    assert status == 0, err
    assert err.splitlines()[:2] == ["wrote config.toml (owner: Bernhard Schölkopf, Bernhard Scholkopf)",
                                    "wrote refs.bib (one example entry: replace it with your papers)"]
    assert config.load("config.toml").owner == ("Bernhard Schölkopf", "Bernhard Scholkopf")
    out = io.StringIO()
    assert cli.run(["render", "--format", "md"], out, io.StringIO()) == 0
    assert "**B. Schölkopf**, J. Doe" in out.getvalue()
    check = io.StringIO()
    assert cli.run(["check"], check, io.StringIO()) == 0, check.getvalue()


def test_every_config_key_is_in_the_starter_and_its_commented_value_is_the_default() -> None:
    text = starter.config_text(["Ada Lovelace"])
    for dotted in keys(config._SCHEMA):
        if dotted == "arxiv.cache_dir":
            continue  # the old name of cache_dir, still read
        if dotted == "people":
            assert "# [[people]]" in text and 'people = "people.toml"' in text
            continue
        table, _, name = dotted.rpartition(".")
        section = text.split(f"[{table}]", 1)[1] if table else text.split("[owner]")[0]
        assert re.search(rf"^#? ?\"?{re.escape(name)}\"? = ", section.split("\n[")[0], re.MULTILINE) or \
            re.search(rf"^# \[{re.escape(dotted)}\]", text, re.MULTILINE), dotted
    examples = ("encoding", "strings", "cache_dir", '"Journal of Foo Studies"', "url", "names", "style", "class",
                "mark", "max_authors", "since", "until", "limit", "template",  # "e.g." and [[people]]
                "dblp", "orcid", "semanticscholar", "openalex")  # [owner]'s profiles
    setting = re.compile(r'^# ("[^"]*"|[\w+-]+) = ')
    uncommented = "\n".join(
        line[2:] if (m := setting.match(line)) and not m.group(1).startswith(examples)
        else line[2:] if re.match(r"# \[render\.\w+\]", line) else line
        for line in text.splitlines())
    assert config.loads(uncommented)._replace(path=None, render_table={}) == config.Config(owner=("Ada Lovelace",))


def test_an_existing_config_is_named_and_left_alone(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text("# mine\n")
    status, _, err = init(str(tmp_path), "--name", "Ada Lovelace")
    assert status == 1
    assert err == (f"{tmp_path}/config.toml: exists already; publist init leaves it alone "
                   "(edit it, or remove it and run publist init again)\n")
    assert (tmp_path / "config.toml").read_text() == "# mine\n"
    assert not (tmp_path / "refs.bib").exists()


def test_an_existing_bib_is_kept(tmp_path: Path) -> None:
    (tmp_path / "refs.bib").write_bytes(b"@misc{a, title = {Mine}}\r\n")
    status, _, err = init(str(tmp_path), "--name", "Ada Lovelace")
    assert status == 0
    assert f"{tmp_path}/refs.bib: exists already; kept as it is" in err
    assert (tmp_path / "refs.bib").read_bytes() == b"@misc{a, title = {Mine}}\r\n"
    assert (tmp_path / "config.toml").exists()


def test_without_a_name_or_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    status, _, err = init(str(tmp_path))
    assert (status, err) == (1, 'give your name with --name "Your Name" (there is no terminal to ask on)\n')
    assert not list(tmp_path.iterdir())


def test_the_name_is_asked_for_on_a_terminal(tmp_path: Path) -> None:
    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "publist", "init"], cwd=tmp_path,
                               stdin=follower, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    os.close(follower)
    os.write(leader, b"Zhewei Yao\n")
    _, err = process.communicate(timeout=60)
    os.close(leader)
    assert process.returncode == 0, err
    assert err.decode().startswith("Your name, as your papers spell it: wrote config.toml (owner: Zhewei Yao)")
    assert 'names = ["Zhewei Yao"]' in (tmp_path / "config.toml").read_text()
    assert "author  = {Yao, Zhewei and Doe, Jane}" in (tmp_path / "refs.bib").read_text()


def test_a_folder_that_does_not_exist(tmp_path: Path) -> None:
    status, _, err = init(str(tmp_path / "nope"), "--name", "A B")
    assert (status, err) == (1, f"{tmp_path}/nope: no such folder\n")
