"""Names: BibTeX's splitting (checked against pybtex), initials, marks and the owner."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pybtex.bibtex.utils import split_name_list
from pybtex.database import Person

from publist.api import loads, render
from publist.config import Config, RenderOptions
from publist.text.latex import to_text
from publist.text.names import (
    Owner,
    annotation_marks,
    format_name,
    initials,
    initials_last,
    parse,
    parse_list,
    split_list,
)

from conftest import DATA, run


@pytest.mark.parametrize(
    ("name", "first", "von", "last", "jr"),
    [
        ("Zhewei Yao", "Zhewei", "", "Yao", ""),
        ("Yao, Zhewei", "Zhewei", "", "Yao", ""),
        ("Michael W. Mahoney", "Michael W.", "", "Mahoney", ""),
        ("Ludwig van Beethoven", "Ludwig", "van", "Beethoven", ""),
        ("van Beethoven, Jr, Ludwig", "Ludwig", "van", "Beethoven", "Jr"),
        ("de la Fuente, Juan", "Juan", "de la", "Fuente", ""),
        ("Charles Louis Xavier Joseph de la Vall{\\'e}e Poussin",
         "Charles Louis Xavier Joseph", "de la", "Vall{\\'e}e Poussin", ""),
        ("{Barnes and Noble, Inc.}", "", "", "{Barnes and Noble, Inc.}", ""),
        ("Jean-Pierre {de Gennes}", "Jean-Pierre", "", "{de Gennes}", ""),
        ("Z.~Yao", "Z.", "", "Yao", ""),
        ("{\\O}ystein Ore", "{\\O}ystein", "", "Ore", ""),
        ("{\\'E}mile Borel", "{\\'E}mile", "", "Borel", ""),
        ("Smith, Jr., John", "John", "", "Smith", "Jr."),
    ],
)
def test_bibtex_name_parts(name: str, first: str, von: str, last: str, jr: str) -> None:
    a = parse(name)
    assert (a.first, a.von, a.last, a.jr) == (first, von, last, jr)


@pytest.mark.parametrize(
    ("name", "last", "mark"),
    [
        ("Yao*, Zhewei", "Yao", "*"),
        ("Zhewei Yao*", "Yao", "*"),
        ("Yao$^*$, Zhewei", "Yao", "*"),
        ("Yao$^{*}$, Zhewei", "Yao", "*"),
        ("Zhewei Yao\\textsuperscript{*}", "Yao", "*"),
        ("Jordan{\\textsuperscript{\\dag}}, Michael I.", "Jordan", "\u2020"),
        ("LeCun$^\\ddagger$, Yann", "LeCun", "\u2021"),
        ("Zhang, T.\u2020", "Zhang", "\u2020"),
        ("Bengio\u2021, Yoshua", "Bengio", "\u2021"),
        ("Yao$^{*,\\dagger}$, Z.", "Yao", "*\u2020"),
        ("{Yao*}, Z.", "{Yao*}", ""),
    ],
)
def test_marks_glued_to_a_name_are_taken_off(name: str, last: str, mark: str) -> None:
    a = parse(name)
    assert (a.last, a.mark) == (last, mark)


def test_annotations_mark_equal_contribution() -> None:
    assert annotation_marks("1=equal; 2=equal") == {1: "*", 2: "*"}
    assert annotation_marks("1=corresponding,equal;3:family=equal; 4=corresponding") == {1: "*", 3: "*"}
    authors = parse_list("A, B and C, D and E, F", "2=equal;3=equal")
    assert [a.mark for a in authors] == ["", "*", "*"]


def test_and_others_and_protected_and() -> None:
    assert split_list("A and B AND {C and D} and\n others") == ["A", "B", "{C and D}", "others"]
    assert parse("others").others


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("Zhewei", "Z."),
        ("Michael W.", "M. W."),
        ("M.W.", "M. W."),
        ("Klaus-Robert", "K.-R."),
        ("K.-R.", "K.-R."),
        ('{\\"O}mer', '{\\"O}.'),
        ('\\"Omer', '{\\"O}.'),
        ("{\\O}ystein", "{\\O}."),
        ("{\\v{S}}t{\\v{e}}p{\\'a}n", "{\\v{S}}."),
        ("{Bernhard}", "B."),
        ("N. Benjamin", "N. B."),
    ],
)
def test_initials_keep_accents_as_latex(given: str, expected: str) -> None:
    assert initials(given) == expected


def test_name_styles() -> None:
    a = parse("van Beethoven, Jr, Ludwig")
    assert format_name(a, "initials") == "L. van Beethoven Jr"
    assert format_name(a, "full") == "Ludwig van Beethoven Jr"
    assert format_name(a, "last-initials") == "van Beethoven Jr, L."
    assert format_name(a, "last-first") == "van Beethoven Jr, Ludwig"


YAO = Owner.of(["Zhewei Yao"])
SCHOLKOPF = Owner.of(["Bernhard Schölkopf", "Bernhard Schoelkopf"])
MAHONEY = Owner.of(["Michael W. Mahoney"])
MULLER = Owner.of(["Klaus-Robert Müller"])


@pytest.mark.parametrize(
    ("owner", "name"),
    [
        (YAO, "Zhewei Yao"), (YAO, "Yao, Zhewei"), (YAO, "Z. Yao"), (YAO, "Yao, Z."),
        (YAO, "Yao*, Zhewei"), (YAO, "Z.~Yao"), (YAO, "YAO, ZHEWEI"), (YAO, "Yao, Zhe-Wei"),
        (YAO, "Zhe Wei Yao"), (YAO, "Z.-W. Yao"), (YAO, "Yao, ZW"), (YAO, "{Yao}, Zhewei"),
        (SCHOLKOPF, 'Sch{\\"o}lkopf, B.'), (SCHOLKOPF, 'Sch\\"{o}lkopf, Bernhard'),
        (SCHOLKOPF, 'Sch{\\"{o}}lkopf, B'), (SCHOLKOPF, "Schölkopf, Bernhard"),
        (SCHOLKOPF, "Schoelkopf, B."), (SCHOLKOPF, "B. Scholkopf"),
        (MAHONEY, "M. W. Mahoney"), (MAHONEY, "Michael Mahoney"), (MAHONEY, "M. Mahoney"),
        (MAHONEY, "Michael William Mahoney"), (MAHONEY, "Mahoney, M.W."),
        (MULLER, "K.-R. Müller"), (MULLER, 'M{\\"u}ller, Klaus-Robert'), (MULLER, "K. R. Müller"),
        (MULLER, "KR Müller"), (Owner.of(["Zhe-Wei Yao"]), "Zhewei Yao"),
        (Owner.of(["Zhe-Wei Yao"]), "Z.-W. Yao"), (Owner.of(["Zhe-Wei Yao"]), "Z. W. Yao"),
    ],
)
def test_every_spelling_of_the_owner_matches(owner: Owner, name: str) -> None:
    assert owner.matches(parse(name))


@pytest.mark.parametrize(
    ("owner", "name"),
    [
        (YAO, "Xiao Yao"), (YAO, "Yao, X."), (YAO, "Zhiwei Yao"), (YAO, "Yao"), (YAO, "Zhewei Yang"),
        (SCHOLKOPF, "Schölkopf, Anna"), (SCHOLKOPF, "H. Schoelkopf"),
        (MAHONEY, "M. J. Mahoney"), (MAHONEY, "W. Mahoney"), (MAHONEY, "Michael Jordan"),
        (MULLER, "Klaus Müller"), (MULLER, "K. Müller"), (MULLER, "Robert Müller"),
        (YAO, "others"), (YAO, "Z.-X. Yao"), (YAO, "Zhe-Xiang Yao"),
        (Owner.of(["Zhe-Wei Yao"]), "Z. Yao"),
    ],
)
def test_another_person_with_the_same_surname_is_not_the_owner(owner: Owner, name: str) -> None:
    assert not owner.matches(parse(name))


@pytest.mark.parametrize(
    ("listed", "written"),
    [("Bernhard Schölkopf", "Schoelkopf, B."), ("Bernhard Schoelkopf", 'Sch{\\"o}lkopf, B.'),
     ("Søren Sørensen", "S. Soerensen"), ("Søren Sørensen", "S. Sorensen"),
     ("Hans Straße", "H. Strasse"), ("Lech Wałęsa", "L. Walesa")],
)
def test_one_spelling_covers_the_transliterations_of_a_surname(listed: str, written: str) -> None:
    assert Owner.of([listed]).matches(parse(written))


def test_nobody_is_the_owner_without_a_config() -> None:
    assert not Owner.of([]).matches(parse("Zhewei Yao"))


# --- pybtex as the reference for BibTeX's splitting --------------------------------------

_WORDS = st.sampled_from(
    ["Zhewei", "Yao", "van", "der", "de", "la", "Jr", "M.", "W.", "{Barnes and Noble}",
     "{\\'E}mile", '{\\"o}zt{\\"u}rk', '{\\"O}zt{\\"u}rk', "Jean-Pierre", "{de Gennes}", "al-Khwarizmi",
     "d'Alembert", "{\\O}ystein", "von", "Ludwig", "III", "x", "X"]
)


@st.composite
def _names(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.lists(_WORDS, min_size=1, max_size=4).map(" ".join), min_size=1,
                          max_size=3))
    return ", ".join(parts)


@settings(max_examples=400, deadline=None)
@given(_names())
def test_name_splitting_agrees_with_pybtex(name: str) -> None:
    ours = parse(name)
    person = Person(name)
    words = re.findall(r"(?:\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}|[^\s{}])+", name)  # spaces in braces kept
    if "," not in name and initials_last(words) == "surely":
        # the other departure: PubMed's "Surname Initials" (Yao X) is read as BibTeX reads "Yao, X."
        person = Person(f"{' '.join(words[:-1])}, {' '.join(c + '.' for c in words[-1])}")
    expected = (
        " ".join(person.first_names + person.middle_names),
        " ".join(person.prelast_names),
        " ".join(person.last_names),
        " ".join(person.lineage_names),
    )
    suffix = {"jr", "jr.", "sr", "sr.", "jun", "jun.", "sen", "sen.", "ii", "iii", "iv", "v"}
    if expected[0].casefold() in suffix and expected[3].casefold() not in suffix and expected[3]:
        # the one departure: NASA ADS's "{Scarano}, S., Jr." has its suffix last, and BibTeX
        # (as pybtex) would take "Jr." for the given name; publist swaps the two parts
        expected = (expected[3], expected[1], expected[2], expected[0])
    assert (ours.first, ours.von, ours.last, ours.jr) == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(_names(), min_size=1, max_size=4))
def test_name_list_splitting_agrees_with_pybtex(names: list[str]) -> None:
    field = " and ".join(names)
    assert split_list(field) == split_name_list(field)


# --- names as real files write them (issue 17, items 4 to 8) ----------------------------



def _authors_md(author: str, owner: tuple[str, ...] = ("Zhewei Yao",)) -> str:
    """The authors line of one entry in Markdown."""
    pubs, _ = loads(f"@article{{k, title = {{T}}, author = {{{author}}}, journal = {{J}}, year = 2020}}")
    md, _ = render(pubs, Config(owner=owner), "md")
    return md.splitlines()[1].strip()


@pytest.mark.parametrize(
    "author",
    [
        r"\textbf{Yao}, \textbf{Z.} and Gholami, Amir",  # each part bolded
        r"{\bf Yao}, {\bf Zhewei} and Gholami, Amir",  # switches, as old CVs write them
        r"\textbf{Yao, Z.} and Gholami, Amir",  # the whole name in one group
        r"\textbf{\underline{Zhewei Yao}} and Amir Gholami",  # nested, as in a README's citation
        r"{\bfseries Yao, Zhewei} and {\em Gholami}, Amir",
        r"{\bfseries\itshape Yao}, Z. and Gholami, A.",  # two switches in one group
        r"Yao, Zhewei and \textbf{Gholami, Amir}",  # someone else bolded by hand: not highlighted
    ],
)
def test_names_bolded_by_hand_are_split_and_highlighted_by_the_owner_rule_alone(author: str) -> None:
    assert _authors_md(author) == "**Z. Yao**, A. Gholami"


def test_a_mark_after_a_bolded_name_is_still_a_mark() -> None:
    # DeepLoc 2.0's citation: author = {\textbf{Vineet Thumuluri}* and Almagro Armenteros*, José Juan ...}
    line = _authors_md(r"\textbf{Vineet Thumuluri}* and Almagro Armenteros*, José Juan",
                       ("Vineet Thumuluri",))
    assert line == r"**V. Thumuluri**\*, J. J. Almagro Armenteros\*"


@pytest.mark.parametrize("written", ["{Zhewei Yao}", "{Zhewei  Yao}", "{Zhewei~Yao}"])
def test_an_owner_written_as_one_braced_name_is_the_owner(written: str) -> None:
    assert YAO.matches(parse(written))
    shown = _authors_md(f"{written} and {{Amir Gholami}}").replace("\xa0", " ")  # ~ is a tie
    assert shown == "**Zhewei Yao**, Amir Gholami"


@pytest.mark.parametrize("written", ["{Yao Zhewei}", "{Zhewei Yao Lab}", "{Z. Yao and Co}"])
def test_a_braced_group_is_the_owner_only_word_for_word(written: str) -> None:
    assert not YAO.matches(parse(written))


GARCIA = Owner.of(["José García López"])


@pytest.mark.parametrize(
    "name",
    ["García López, José", "García López, J.", "José García López", "J. García López",
     "{García López}, José", "Garc{\\'\\i}a L{\\'o}pez, Jos{\\'e}", "García-López, José",
     "{José García López}"],
)
def test_a_compound_surname_matches_whichever_way_bibtex_split_it(name: str) -> None:
    assert GARCIA.matches(parse(name))


@pytest.mark.parametrize("name", ["Ana García López", "García López, A.", "García, José",
                                  "García, J."])
def test_a_compound_surname_is_not_another_person(name: str) -> None:
    assert not GARCIA.matches(parse(name))


def test_braced_others_is_bibtex_and_others() -> None:
    # Zotero and Paperpile brace it: author = {Brown, Tom B. and Mann, Benjamin and {others}}
    assert parse("{others}").others and parse(r"\emph{et al.}").others
    assert _authors_md("Brown, Tom B. and Mann, Benjamin and {others}") == "T. B. Brown, B. Mann, et al."


@pytest.mark.parametrize(
    ("ads", "shown"),
    [("{Liu}, H. -L.", "H.-L. Liu"), ("{Liu}, H.-L.", "H.-L. Liu"), ("{Kim}, J. -H. and {Liu}, H. - L.",
                                                                   "J.-H. Kim, H.-L. Liu"),
     ("H. -L. Liu", "H.-L. Liu"), ("{Mart{\\'\\i}nez}, J. -C.", "J.-C. Martínez")],
)
def test_ads_spaced_hyphenated_initials_are_one_person(ads: str, shown: str) -> None:
    assert _authors_md(ads) == shown


# NASA ADS writes the suffix after the given names: "{Scarano}, S., Jr." (wild corpus)
@pytest.mark.parametrize(("name", "shown"), [
    ("{Scarano}, S., Jr.", "S. Scarano Jr."),
    ("{Scarano}, S., Jr", "S. Scarano Jr"),
    ("{King}, Martin Luther, III", "M. L. King III"),
    ("{Gates}, William H., Sr.", "W. H. Gates Sr."),
    ("Scarano, Jr., S.", "S. Scarano Jr."),  # BibTeX's own order stays as it is
    ("Smith, II, John", "J. Smith II"),
])
def test_a_suffix_after_the_given_names_is_the_jr_part(name: str, shown: str) -> None:
    assert to_text(format_name(parse(name))) == shown


# alfolio-stratigakos.bib: "Wen, Honglin, and Spyrou, Elina,"; BibTeX drops a comma at the end
# of a name with a warning ("Name 2 in ... has a comma at the end")
def test_a_comma_at_the_end_of_a_name_is_dropped_and_reported_by_render_and_check(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bib = tmp_path / "refs.bib"
    (tmp_path / "none.toml").write_text("")
    bib.write_text("@article{k,\n  title = {T},\n  AUTHOR = {Stratigakos, Akylas and Wen, Honglin, and "
                   "Spyrou, Elina, and Pinson, Pierre},\n  journal = {J},\n}\n")
    status, out, err = run("render", "--bib", str(bib), "--config", str(tmp_path / "none.toml"))
    assert status == 0
    assert "A. Stratigakos, H. Wen, E. Spyrou, P. Pinson" in out
    expected = [f"{bib}:3: entry 'k', field 'author': name '{n},' has a comma at the end, which "
                f"BibTeX drops with a warning; read as '{n}' (remove the comma)"
                for n in ("Wen, Honglin", "Spyrou, Elina")]
    assert err.splitlines() == expected
    out = run("check", str(bib), "--config", str(tmp_path / "none.toml"))[1]
    found = [line for line in out.splitlines() if "[trailing-comma]" in line]
    assert found == [f"{bib}:3: warning: {e.split(': ', 1)[1]} [trailing-comma]" for e in expected]


@pytest.mark.parametrize(("author", "shown"), [
    (r"Collaboration, {\relax DESI} and Adame, A. G.", "DESI Collaboration, A. G. Adame"),  # Zotero, as in the wild
    ("Collaboration, Euclid and Girardi, G.", "Euclid Collaboration, G. Girardi"),         # zotero-crenshaw.bib
    ("Collaboration, The LIGO Scientific and Abbott, B. P.", "The LIGO Scientific Collaboration, B. P. Abbott"),
    ("Group, Particle Data and Workman, R. L.", "Particle Data Group, R. L. Workman"),
    ("Consortium, {ENCODE} Project and Dunham, I.", "ENCODE Project Consortium, I. Dunham"),
    ("The DESI Collaboration and A. G. Adame", "The DESI Collaboration, A. G. Adame"),    # unbraced, First Last
    ("Zhewei Yao and {ATLAS Collaboration}", "**Z. Yao**, ATLAS Collaboration"),           # braced already: as it was
    # Zotero's split of "DESI Collaboration" with its given name as typed: the words as written
    ("Collaboration, Desi and Adame, A. G.", "Desi Collaboration, A. G. Adame"),
    ("Collaboration, The ATLAS and Aad, G.", "The ATLAS Collaboration, G. Aad"),
    ("ATLAS Collaboration and Aad, G.", "ATLAS Collaboration, G. Aad"),                    # unbraced, no "The"
    ("Consortium, {\\relax ENIGMA} and Thompson, P. M.", "ENIGMA Consortium, P. M. Thompson"),
    ("1000 Genomes Project Consortium and Auton, A.", "1000 Genomes Project Consortium, A. Auton"),
    ("Collaborations, {ATLAS and CMS} and Aad, G.", "ATLAS and CMS Collaborations, G. Aad"),
    # Group and Team name people too: an organisation beside The, an acronym or two more words
    ("Team, HPQCD and Davies, C. T. H.", "HPQCD Team, C. T. H. Davies"),
    ("The Tor Team and Dingledine, R.", "The Tor Team, R. Dingledine"),
])
def test_an_organisation_written_as_a_person_is_one_name(author: str, shown: str) -> None:
    assert _authors_md(author) == shown


@pytest.mark.parametrize(("author", "shown"), [
    # surnames that are also organisation words: people, initialised as everyone
    ("Group, Anna and Team, Tor", "A. Group, T. Team"),
    ("Anna Group and Tor Team", "A. Group, T. Team"),
    ("{Group}, Anna Lena", "A. L. Group"),  # as the README says to write it
    ("Group, Anna L.", "A. L. Group"), ("Group, A. L.", "A. L. Group"), ("Team, J. and Yao, Z.", "J. Team, **Z. Yao**"),
    ("Grouper, Anna and Teamster, Tor", "A. Grouper, T. Teamster"),
])
def test_a_person_whose_surname_is_group_or_team_is_a_person(author: str, shown: str) -> None:
    assert _authors_md(author) == shown


def test_check_is_quiet_about_organisations_written_as_people(tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text("@article{k, title = {The DESI 2024 Results}, author = {Yao, Zhewei and Collaboration, Desi and "
                   "Collaboration, {\\relax DESI} and Collaboration, The ATLAS and ATLAS Collaboration and "
                   "Consortium, {ENCODE} Project and Group, Particle Data and Team, HPQCD}, journal = {J}, year = 2024}\n")
    (tmp_path / "config.toml").write_text('[owner]\nnames = ["Zhewei Yao"]\n')
    assert run("check", str(bib), "--config", str(tmp_path / "config.toml"), "--warnings-as-errors") == (
        0, "", "no problems found\n")


def test_a_surname_that_only_starts_like_an_organisation_word_is_a_person() -> None:
    assert _authors_md("Grouper, Anna and Teamson, Bo") == "A. Grouper, B. Teamson"


def test_zotero_s_collaborations_render_as_organisations_in_every_format() -> None:
    from publist.api import load

    pubs, _ = load(DATA / "wild" / "zotero-crenshaw.bib")
    desi = [p for p in pubs if p.key in ("collaboration2024", "collaboration2025")]
    assert [p.authors[0] for p in desi] == [parse(r"{{\relax DESI} Collaboration}"), parse("{Euclid Collaboration}")]
    config = Config(owner=("John Franklin Crenshaw",), render=RenderOptions(max_authors=2, sort="file"))
    md, _ = render(desi, config, "md")
    assert [line.strip() for line in md.splitlines() if line.startswith("  ") and "Collaboration" in line] == [
        "DESI Collaboration, A. G. Adame, et al.", "Euclid Collaboration, G. Girardi, et al."]
    latex, _ = render(desi, config, "latex")
    assert r"{{\relax DESI} Collaboration}, A. G. Adame" in latex and "{Euclid Collaboration}, G. Girardi" in latex
    data = json.loads(render(desi, config, "json")[0])
    assert [item["author"][0] for item in data] == [{"literal": "DESI Collaboration"},
                                              {"literal": "Euclid Collaboration"}]


# --- a compound surname without its hyphen, and PubMed's "Surname Initials" -----------------

@pytest.mark.parametrize(
    ("written", "mine"),
    [
        ("J. García López", True),  # the hyphen dropped, as many bylines do: BibTeX takes García for a given name
        ("José García López", True),
        ("García López, J.", True),
        ("J. Garcia-Lopez", True),
        ("García López J", True),  # PubMed
        ("García-López JM", True),
        ("José García", False),  # one of the two surnames: maybe somebody else
        ("J. López", False),
        ("Maria García López", False),
        ("J. García Martínez", False),
    ],
)
def test_a_hyphenated_surname_is_the_owner_s_without_its_hyphen(written: str, mine: bool) -> None:
    assert Owner.of(["José García-López"]).matches(parse(written)) is mine


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("Carberry JS", ("J. S.", "", "Carberry")),  # PubMed, Vancouver
        ("Carberry J", ("J.", "", "Carberry")),
        ("van der Berg JS", ("J. S.", "van der", "Berg")),
        ("O'Brien MW", ("M. W.", "", "O'Brien")),
        ("Gondré-Lewis MC", ("M. C.", "", "Gondré-Lewis")),
        ("SMITH J", ("J.", "", "SMITH")),  # GB/T 7714: the surname in capitals
        # a surname in capitals with a vowel may be one: as BibTeX reads it, unless the byline says
        ("Yi LI", ("Yi", "", "LI")),
        ("Zhewei YAO", ("Zhewei", "", "YAO")),
        ("Andrew NG", ("Andrew", "", "NG")),
        ("Martin Luther King III", ("Martin Luther King", "", "III")),
        ("J. S. Carberry", ("J. S.", "", "Carberry")),
        ("Josiah Carberry", ("Josiah", "", "Carberry")),
    ],
)
def test_surname_initials_is_read_as_pubmed_writes_it(written: str, read: tuple[str, str, str]) -> None:
    author = parse(written)
    assert (author.first, author.von, author.last) == read


# Five bylines of a lab's PubMed list (milabhowardu/imaging, src/data/full-publications-list.js at
# d85a2584, /work/shared/left3/SOURCES.md), whose PI is Paul C. Wang ("Wang PC", "Wang P")
PUBMED = [
    "Meshida K, Lin S, Domning DP, Wang P, Gilland E",
    "Hsu CH, Lin S, Ho AC, Johnson TD, Wang PC, Scafidi J, Tu TW",
    "Tu TW, Kovacs ZI, Sundby M, Witko J, Papadakis ZG, Reid W, Hammoud AD, Frank JA",
    "Gondré-Lewis MC, Gboluaje T, Reid SN, Lin S, Wang P, Green W, Diogo R, Fidélia-Lambert MN, Herman MM",
    "Zhu S, Liu Y, Wang PC, Gu X, Shan L",
]


@pytest.mark.parametrize("written", PUBMED)
def test_a_pubmed_byline_is_read_name_by_name_and_the_owner_is_found(written: str) -> None:
    authors = parse_list(written.replace(", ", " and "))
    given = [w.rsplit(" ", 1) for w in written.split(", ")]
    assert [a.last for a in authors] == [surname for surname, _ in given]
    assert [a.first for a in authors] == [" ".join(c + "." for c in initials) for _, initials in given]
    owner = Owner.of(["Paul C. Wang"])
    assert [a.last for a in authors if owner.matches(a)] == ["Wang"] * ("Wang P" in written)
    assert not any(Owner.of(["Josiah Carberry"]).matches(a) for a in authors)


def test_the_owner_in_a_pubmed_byline_is_highlighted_in_the_list() -> None:
    line = _authors_md("Hsu CH and Lin S and Ho AC and Johnson TD and Wang PC and Scafidi J and Tu TW",
                       owner=("Paul C. Wang",))
    assert line == "C. H. Hsu, S. Lin, A. C. Ho, T. D. Johnson, **P. C. Wang**, J. Scafidi, T. W. Tu"


@pytest.mark.parametrize(
    ("byline", "owner", "highlighted"),
    [
        ("Yi LI and Xiao WANG", "Yi Li", "**Y. LI**"),  # surnames in capitals: a surname, not initials
        ("LI Y and WANG X", "Yi Li", "**Y. LI**"),  # PubMed's form of the same
        ("Zhewei YAO and Amir GHOLAMI", "Zhewei Yao", "**Z. YAO**"),
        ("Carberry JS and Smith AE", "Josiah S. Carberry", "**J. S. Carberry**"),
    ],
)
def test_capitals_are_a_surname_or_initials_as_the_byline_says(byline: str, owner: str, highlighted: str) -> None:
    assert _authors_md(byline, owner=(owner,)).startswith(highlighted)


def test_add_and_discover_write_pubmed_names_as_bibtex_reads_them() -> None:
    from publist.bib.entries import people, person

    assert person("Carberry JS") == "Carberry, J. S."
    assert people(["Carberry JS", "Smith AE", "van der Berg J"]) == "Carberry, J. S. and Smith, A. E. and van der Berg, J."
    assert people(["Yi LI", "Xiao WANG"]) == "LI, Yi and WANG, Xiao"
    assert people(["Josiah Carberry", "Yi LI"]) == "Carberry, Josiah and LI, Yi"
