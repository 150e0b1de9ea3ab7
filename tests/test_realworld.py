"""Real-world .bib files (tests/data/realworld/SOURCES.md): read, rendered and synced safely."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest
from bibtexparser import model
from bibtexparser.splitter import Splitter
from pytest_httpserver import HTTPServer

from publist import cli
from publist.api import load, render
from publist.bib.reader import _evaluate, decode, read
from publist.config import Config, RenderOptions
from publist.errors import BibError

from conftest import DATA
from fake_arxiv import handler
from htmlcheck import check_html

REALWORLD = DATA / "realworld"
FILES = sorted(p.name for p in REALWORLD.glob("*.bib"))
ENCODINGS = {"IEEEabrv.bib": "latin-1", "jbtest.bib": "latin-1", "musuos-bsp.bib": "latin-1",
             "bibtexparser-gbk_test.bib": "gbk"}
# Where bibtexparser 2.1 reads a file wrongly, publist follows BibTeX instead:
KNOWN_DIFFERENCES = {
    # subtitle = "{... zeitgem{"a}{\ss} ...}": BibTeX balances braces inside quotes, so the
    # quote in {"a} does not end the value; bibtexparser ends it there and loses the entry's
    # remaining fields.
    ("texbook1.bib", "Tschichold:NT91"),
}


def _text(name: str) -> str:
    return decode((REALWORLD / name).read_bytes(), name, ENCODINGS.get(name)).text


@pytest.mark.parametrize("name", FILES)
def test_every_file_renders_in_every_format(name: str) -> None:
    pubs, problems = load(REALWORLD / name, ENCODINGS.get(name))
    assert all(p.line is not None and p.line > 0 for p in problems)
    every = Config(render=RenderOptions(merge_preprints=False))  # one item per entry
    for fmt in ("md", "html", "latex"):
        text, render_problems = render(pubs, every, fmt)
        assert all(p.line is not None for p in render_problems)
        if fmt == "html" and pubs:
            check_html(text)
        assert text.count("\n- **") + (1 if text.startswith("- **") else 0) == len(pubs) or fmt != "md"


@pytest.mark.parametrize("name", sorted(ENCODINGS))
def test_undeclared_encodings_are_a_clear_error(name: str) -> None:
    with pytest.raises(BibError) as err:
        load(REALWORLD / name)
    assert str(err.value).startswith(f"{REALWORLD / name}:")
    assert "not valid utf-8 (byte 0x" in str(err.value)


def _bibtexparser_entries(text: str) -> dict[str, tuple[str, dict[str, str]]]:
    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)
    strings: dict[str, str] = {}
    entries: dict[str, tuple[str, dict[str, str]]] = {}
    for block in Splitter(text).split().blocks:
        if isinstance(block, model.DuplicateBlockKeyBlock | model.DuplicateFieldKeyBlock):
            block = block.ignore_error_block
        assert not isinstance(block, model.ParsingFailedBlock)
        if isinstance(block, model.String):
            strings[block.key.strip().lower()] = _evaluate(block.value, strings)[0]
        elif isinstance(block, model.Entry):
            fields: dict[str, str] = {}
            for f in block.fields:
                fields.setdefault(f.key.strip().lower(), _evaluate(f.value, strings)[0])
            entries.setdefault(block.key, (block.entry_type.lower(), fields))
    return entries


@pytest.mark.parametrize("name", FILES)
def test_same_entries_as_bibtexparser(name: str) -> None:
    text = _text(name)
    ours = {r.key: (r.type, dict(r.fields)) for r in read(text, name).records}
    theirs = _bibtexparser_entries(text)
    assert ours.keys() == theirs.keys()
    differ = {k for k in ours if ours[k] != theirs[k]}
    assert differ == {k for f, k in KNOWN_DIFFERENCES if f == name}


def test_line_numbers_are_exact_after_lines_ending_in_a_backslash() -> None:
    text = _text("texbook1.bib")
    for record in read(text, "texbook1.bib").records:
        assert text.count("\n", 0, record.start) + 1 == record.line
        assert text.splitlines()[record.line - 1].lstrip().startswith("@")


def _variants() -> list[tuple[str, bytes, str | None]]:
    out = [(name, (REALWORLD / name).read_bytes(), ENCODINGS.get(name)) for name in FILES]
    xampl = (REALWORLD / "xampl.bib").read_bytes()
    out.append(("xampl-crlf-bom.bib", b"\xef\xbb\xbf" + xampl.replace(b"\n", b"\r\n"), None))
    return out


@pytest.mark.parametrize(("name", "data", "encoding"), _variants(), ids=[v[0] for v in _variants()])
def test_sync_with_nothing_to_add_leaves_every_byte(
    name: str, data: bytes, encoding: str | None, tmp_path: Path, httpserver: HTTPServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    httpserver.expect_request("/api/query").respond_with_handler(handler({}))
    monkeypatch.chdir(tmp_path)
    bib = tmp_path / name
    bib.write_bytes(data)
    config = (f'bib = "{name}"\n' + (f'encoding = "{encoding}"\n' if encoding else "")
              + f'[venues]\nsources = []\n[arxiv]\napi_url = "{httpserver.url_for("/api/query")}"\n'
              + 'delay_seconds = 0\ncache_dir = "cache"\n')
    (tmp_path / "config.toml").write_text(config)
    before = bib.stat().st_mtime_ns
    out, err = io.StringIO(), io.StringIO()
    assert cli.run(["sync"], out, err) == 0, err.getvalue()
    assert bib.read_bytes() == data and bib.stat().st_mtime_ns == before
    assert "nothing to add; the file is unchanged" in err.getvalue()
