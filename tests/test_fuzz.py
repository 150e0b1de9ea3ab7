"""Fuzzing: random and mutated bib text, names and fields.

The normal suite runs a few hundred examples per property; a longer pass runs the same
properties with more, e.g. ``PUBLIST_FUZZ_EXAMPLES=20000 pytest tests/test_fuzz.py``.
"""

from __future__ import annotations

import os
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publist.api import render
from publist.bib.reader import read
from publist.bib.splice import apply
from publist.config import Config
from publist.errors import BibError
from publist.papers import publication
from publist.text import names

from conftest import DATA
from htmlcheck import check_html

EXAMPLES = int(os.environ.get("PUBLIST_FUZZ_EXAMPLES", "300"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

_SYNTAX = st.sampled_from(list('@{}(),="#\n\\ %~$&_^<>\'`') + ["@misc{", "@string{", "@preamble{",
                          "@comment{", " = ", " and ", "{\\\"o}", "\\emph{", "$x$", "\r\n", "title",
                          "author", "url", "javascript:", "Yao, Zhewei", "others", "*", "†"])
_TEXT = st.lists(st.one_of(_SYNTAX, st.characters(codec="utf-8", exclude_categories=("Cs",))),
                 max_size=60).map("".join)
_SEED = (DATA / "realworld" / "xampl.bib").read_text(encoding="utf-8") + (
    DATA / "render" / "names.bib").read_text(encoding="utf-8")


@st.composite
def _mutated(draw: st.DrawFn) -> str:
    """A real file with random edits: deleted, inserted and replaced spans."""
    text = _SEED
    for _ in range(draw(st.integers(1, 6))):
        i = draw(st.integers(0, len(text)))
        j = min(len(text), i + draw(st.integers(0, 40)))
        text = text[:i] + draw(_TEXT) + text[j:]
    return text


def _whole_pipeline(text: str) -> None:
    try:
        bib = read(text, "fuzz.bib", layout=True)
    except BibError as err:  # the only error allowed, and it names a line of the text
        lines = len(re.findall(r"\r\n?|\n", text)) + 1  # as an editor counts them: \r alone too
        assert err.line is not None and 1 <= err.line <= lines
        return
    pubs, problems = publication.load(bib)
    assert all(p.line is not None for p in problems)
    for fmt in ("md", "html", "latex"):
        out, _ = render(pubs, Config(owner=("Zhewei Yao",)), fmt)
        if fmt == "html" and pubs:
            check_html(out)
    # adding a field to every entry keeps every entry readable, and nothing else changes
    additions = [("eprint", "1912.07145")]
    edited = apply(text, [(r, additions) for r in bib.records])
    again = read(edited, "fuzz.bib").records
    assert [r.key for r in again] == [r.key for r in bib.records]
    for old, new in zip(bib.records, again, strict=True):
        assert dict(new.fields) == {**old.fields, **({} if "eprint" in old.fields else dict(additions))}


@FUZZ
@given(_TEXT)
def test_random_text(text: str) -> None:
    _whole_pipeline(text)


@FUZZ
@given(_mutated())
def test_mutated_real_files(text: str) -> None:
    _whole_pipeline(text)


@FUZZ
@given(_TEXT)
def test_any_name_parses_and_formats(text: str) -> None:
    for name in names.split_list(text):
        author = names.parse(name)
        for style in names.NAME_STYLES:
            names.format_name(author, style)
        names.Owner.of(["Zhewei Yao"]).matches(author)
