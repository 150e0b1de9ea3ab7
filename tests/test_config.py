"""config.toml: checked once, with messages that name the file and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from publist.config import Config, load, loads
from publist.errors import ConfigError


def test_the_repository_config_is_the_cvs() -> None:
    cfg = load(Path(__file__).resolve().parent.parent / "config.toml")
    assert cfg.owner == ("Zhewei Yao",)
    assert (cfg.render.sort, cfg.render.names, cfg.render.links) == ("file", "initials", ("arxiv", "code"))
    assert Path(cfg.bib_path()).name == "refs.bib"


def test_paths_are_relative_to_the_config_file(tmp_path: Path) -> None:
    (tmp_path / "cv").mkdir()
    config = tmp_path / "cv" / "publist.toml"
    config.write_text('bib = "papers/refs.bib"\n')
    assert Path(load(config).bib_path()) == tmp_path / "cv" / "papers" / "refs.bib"


def test_defaults_without_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert load(None) == Config()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[render]\nsrot = 'file'\n",
         "config.toml: unknown key 'render.srot' (did you mean 'sort'?)"),
        ("[owners]\nnames = ['x']\n", "config.toml: unknown key 'owners' (did you mean 'owner'?)"),
        ("[render]\nsort = 'year'\n", "config.toml: 'render.sort' must be one of 'date', 'file', 'citations', not 'year'"),
        ("[owner]\nnames = 3\n", "config.toml: 'owner.names' must be a list, not 3"),
        ("[render]\nkeyword = 7\n", "config.toml: 'render.keyword' must be a list, not 7"),
        ("[owner]\nnames = ['']\n", "config.toml: 'owner.names' must hold non-empty strings, not ''"),
        ("[arxiv]\ndelay_seconds = 'slow'\n", "config.toml: 'arxiv.delay_seconds' must be a number, not 'slow'"),
        ("[arxiv]\nbatch_size = 0\n", "config.toml: 'arxiv.batch_size' must be at least 1"),
        ("[arxiv]\napi_url = 'ftp://x'\n", "config.toml: 'arxiv.api_url' must be an http(s) URL, not 'ftp://x'"),
        ("owner = 3\n", "config.toml: 'owner' must be a table ([owner])"),
        ("encoding = 'klingon'\n", "config.toml: 'encoding' names no known encoding: 'klingon'"),
        ("[render]\nsort = file\n", "config.toml:2: Invalid value"),
        ("[owner]\nnames = [\n", "config.toml: Invalid value (at end of document)"),
    ],
)
def test_bad_config_names_file_and_key(text: str, message: str) -> None:
    with pytest.raises(ConfigError) as err:
        loads(text)
    assert str(err.value) == message


def test_a_single_string_where_a_list_is_expected_is_a_list() -> None:
    config = loads("[owner]\nnames = 'Yao, Zhewei'\n[venues]\nsources = 'dblp, crossref'\n"
                   "[render]\nkeyword = 'causality'\ntype = 'Journal, conference'\nkey = 'a,b'\n"
                   "links = 'arxiv'\n")
    assert config.owner == ("Yao, Zhewei",)  # a name keeps its comma
    assert config.venue_sources == ("dblp", "crossref")
    assert (config.render.keyword, config.render.type, config.render.key, config.render.links) == (
        ("causality",), ("journal", "conference"), ("a", "b"), ("arxiv",))
