"""config.toml: checked once, with messages that name the file and the key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from publist.api import loads as api_loads
from publist.api import render
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


@pytest.mark.parametrize(("written", "url"), [
    ("https://x.org/my page/", "https://x.org/my%20page/"),
    ('https://x.org/"q"(1)', "https://x.org/%22q%22%281%29"),
    ("https://x.org/<b>", "https://x.org/%3Cb%3E"),
    ("https://x.org/~me/", "https://x.org/~me/"),
])
def test_owner_and_people_urls_follow_the_rules_of_link_fields(written: str, url: str) -> None:
    text = ("[owner]\nnames = ['Zhewei Yao']\nurl = " + json.dumps(written)
            + "\n[[people]]\nnames = ['Amir Gholami']\nurl = " + json.dumps(written) + "\n")
    config = loads(text)
    assert config.owner_url == url and config.people[0].url == url
    pubs, _ = api_loads("@misc{k, title = {T}, author = {Yao, Zhewei and Gholami, Amir}}")
    md, _ = render(pubs, config, "md")
    assert md.splitlines()[1] == f"  [**Z. Yao**]({url}), [<ins>A. Gholami</ins>]({url})"


@pytest.mark.parametrize("written", ["javascript:alert(1)", "x.org/me", "https://"])
def test_an_owner_url_that_is_no_http_url_is_refused(written: str) -> None:
    with pytest.raises(ConfigError) as err:
        loads("[owner]\nnames = ['Zhewei Yao']\nurl = " + json.dumps(written) + "\n")
    assert str(err.value) == f"config.toml: 'owner.url' must be an http(s) URL, not {written!r}"
