"""LaTeX that DBLP and Zotero escaped as text is read as the LaTeX it spells, in every format.

The fields are those of tests/data/wild/dblp-limaye.bib (DBLP) and zotero-crenshaw.bib (Better
BibTeX), in their own shape.
"""

from __future__ import annotations

import json

import pytest

from publist.api import loads, render
from publist.config import Config
from publist.text import latex
from publist.text.escaped import unescape

# (the field as the exporter wrote it, the LaTeX the user typed)
SPELLED = [
    (r"Around NC{\textbackslash}textsf\{NC\}\({}^{\mbox{1}}\) and L{\textbackslash}textsf\{L\}",
     r"Around NC\textsf{NC}\({}^{\mbox{1}}\) and L\textsf{L}"),
    ((r"Theorem for {\textdollar}{\textbackslash}mathrm\{AC\}{\^{}}0[{\textbackslash}oplus]{\textdollar}"
     r" via the Coin Problem"), r"Theorem for $\mathrm{AC}^0[\oplus]$ via the Coin Problem"),
    (r"More on {\textdollar}AC{\^{}}0[{\textbackslash}oplus]{\textdollar}", r"More on $AC^0[\oplus]$"),
    (r"Fern{\textbackslash}'andez-Garc{\textbackslash}'ia, E.", r"Fern\'andez-Garc\'ia, E."),
    (r"Gazta{\textbackslash}{\textasciitilde}naga, E.", r"Gazta\~naga, E."),
    (r"Kara{\textbackslash}c{\textbraceleft}c{\textbraceright}ayl{\textbraceleft}{\textbackslash}i{\textbraceright}, N. G.",
     r"Kara\c{c}ayl{\i}, N. G."),
    (r"Stress {{Testing}} \$\textbackslash{{Lambda}}\${{CDM}}", r"Stress {{Testing}} $\Lambda${{CDM}}"),
    (r"{{Lyman-}}\$\textbackslash alpha\$ Emission", r"{{Lyman-}}$\alpha$ Emission"),
    (r"Candidates at Z\$\textbackslash sim\$9-15", r"Candidates at Z$\sim$9-15"),
    (r"$x$ and {\textdollar}x{\textbackslash}\_i{\textdollar}", r"$x$ and $x\_i$"),
]


@pytest.mark.parametrize(("escaped", "typed"), SPELLED)
def test_an_escaped_field_is_the_latex_it_spells(escaped: str, typed: str) -> None:
    assert unescape(escaped) == typed


@pytest.mark.parametrize("text", [
    r"Social Biases {\textbackslash} {{Anthropic}}",  # Zotero's page-title separator
    r"Gr{\textbackslash}s slinger, Armin",  # \s is no command
    r"backslash \textbackslash{} and \textbackslash u\{41\}",  # a breve on 41 is no accent
    r"C:{\textbackslash}Users{\textbackslash}me",  # a path: \Users, \me are no commands
    r"a {\textbackslash}textbf\{b",  # would leave a brace open
    r"cost {\textdollar}5 and {\textbackslash}emph\{c\}",  # would leave a $ open
    r"no escapes at all, $x_1$ and \emph{y}",
])
def test_a_backslash_that_starts_no_command_stays_a_backslash(text: str) -> None:
    assert unescape(text) == text


BIB = r"""@inproceedings{DBLP:conf/coco/LimayeMS16,
  author       = {Nutan Limaye and Meena Mahajan and Karteek Sreenivasaiah},
  title        = {Arithmetizing Classes Around NC{\textbackslash}textsf\{NC\}\({}^{\mbox{1}}\)
                  and L{\textbackslash}textsf\{L\}},
  booktitle    = {COCO},
  year         = {2016}
}
@article{desiCollaboration2024,
  title = {Early Results from {{GLASS-JWST}}. {{III}}: {{Galaxy}} Candidates at Z\$\textbackslash sim\$9-15},
  author = {Garrison, L. H. and Gazta{\textbackslash}{\textasciitilde}naga, E. and {Gil-Mar{\textbackslash}'in}, H. and Fern{\textbackslash}'andez-Garc{\textbackslash}'ia, E.},
  journal = {ApJL},
  year = {2024}
}
"""


@pytest.fixture(scope="module")
def pubs():  # type: ignore[no-untyped-def]
    found, problems = loads(BIB)
    assert problems == []
    return found


def test_markdown_and_html_show_the_letters_and_math_the_latex_spells(pubs) -> None:  # type: ignore[no-untyped-def]
    md, problems = render(pubs, Config(), "md")
    assert problems == []
    assert "Arithmetizing Classes Around NCNC\\\\({}^{\\mbox{1}}\\\\) and LL" in md
    assert "Z$\\sim$9-15" in md
    assert "E. Gaztañaga, H. Gil-Marín, E. Fernández-García" in md
    html, _ = render(pubs, Config(), "html")
    assert "textbackslash" not in html and "textsf" not in html
    assert "E. Gaztañaga, H. Gil-Marín, E. Fernández-García" in html
    assert '<span class="publist-math">$\\sim$</span>' in html


def test_latex_gets_the_commands_and_json_the_text(pubs) -> None:  # type: ignore[no-untyped-def]
    tex, problems = render(pubs, Config(), "latex")
    assert problems == []
    assert r"NC\textsf{NC}\({}^{\mbox{1}}\) and L\textsf{L}" in tex
    assert r"Gazta\~naga" in tex and r"Fern\'andez-Garc\'ia" in tex
    assert r"Z$\sim$9-15" in tex
    items = json.loads(render(pubs, Config(), "json")[0])
    titles = {item["id"]: item["title"] for item in items}
    assert titles["DBLP:conf/coco/LimayeMS16"] == "Arithmetizing Classes Around NCNC\\({}^{\\mbox{1}}\\) and LL"
    names = [a["family"] for a in items[0]["author"]]  # the newer first
    assert names == ["Garrison", "Gaztañaga", "Gil-Marín", "Fernández-García"]


def test_typst_shows_the_letters_and_the_math(pubs) -> None:  # type: ignore[no-untyped-def]
    typ, _ = render(pubs, Config(), "typst")
    assert "textbackslash" not in typ and "textsf" not in typ
    assert "E. Gaztañaga, H. Gil-Marín, E. Fernández-García" in typ
    assert "Z$∼$9-15" in typ


def test_an_unescaped_field_is_untouched() -> None:
    assert latex.to_text(unescape(r"Chariklo{\rsquo}s Rings")) == "Chariklo’s Rings"
