"""Where people run publist: every command's help, --version, and the pre-commit hooks run
the way pre-commit runs them (the entry, then the hook's args, then the files that changed)."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from publist import __version__, cli
from publist.commands import NAMES

from conftest import ROOT

HOOKS = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        cli.run(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out == f"publist {__version__}\n"


@pytest.mark.parametrize("command", NAMES)
def test_every_command_s_help_ends_with_examples(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.run([command, "--help"])
    text = capsys.readouterr().out
    examples = text.split("\nexamples:\n")[1].rstrip("\n").splitlines()  # the last part of the help
    assert examples and all(line.startswith(f"  publist {command}") for line in examples)


def run_hook(hook_id: str, folder: Path, args: list[str], changed: list[str]) -> tuple[int, bool]:
    """Run a hook as pre-commit does; its status, and whether it modified a file (which
    pre-commit counts as a failure)."""
    hook = HOOKS[hook_id]
    files = [f for f in changed if re.search(hook["files"], f)]
    argv = shlex.split(hook["entry"]) + args + (files if hook.get("pass_filenames", True) else [])
    assert argv[0] == "publist"
    before = {p: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    done = subprocess.run([sys.executable, "-m", "publist", *argv[1:]], cwd=folder, capture_output=True,
                          text=True, timeout=120, check=False)
    modified = any(p.read_bytes() != data for p, data in before.items())
    return done.returncode, modified


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    for name in ("refs.bib", "config.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / "README.md").write_text("# Papers\n\n<!-- publist:start limit=2 -->\n<!-- publist:end -->\n")
    return tmp_path


def test_the_check_hook_passes_on_a_clean_file_and_fails_on_a_broken_one(repo: Path) -> None:
    assert run_hook("publist-check", repo, [], ["refs.bib", "README.md"]) == (0, False)
    (repo / "broken.bib").write_text("@article{x, title = {T}, author = {Yao, Zhewei and}, year = 2020}\n")
    assert run_hook("publist-check", repo, [], ["broken.bib"]) == (1, False)


def test_the_render_hook_fails_when_it_changed_a_file_and_then_passes(repo: Path) -> None:
    status, modified = run_hook("publist-render", repo, ["README.md"], ["refs.bib"])
    assert (status, modified) == (0, True)  # pre-commit: "files were modified by this hook"
    assert "**PyHessian" in (repo / "README.md").read_text()
    assert run_hook("publist-render", repo, ["README.md"], ["refs.bib"]) == (0, False)
