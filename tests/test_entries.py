"""New entries' names (publist.bib.entries.person): a capitalised particle is the surname's."""

from __future__ import annotations

import pytest

from publist.bib.entries import person
from publist.sources.atom import parse
from publist.text import names

from conftest import DATA


@pytest.mark.parametrize(("arxiv", "written"), [
    ("Adrian Del Maestro", "Del Maestro, Adrian"),
    ("A. Del Maestro", "Del Maestro, A."),
    ("Giordano Da Lozzo", "Da Lozzo, Giordano"),
    ("Mark Van der Laan", "Van der Laan, Mark"),                  # "der" is BibTeX's von already
    ("Jean-Pierre De La Fontaine", "De La Fontaine, Jean-Pierre"),
    ("Maria Dos Santos", "Dos Santos, Maria"),
    ("Laurent El Ghaoui", "El Ghaoui, Laurent"),
    ("Giordano Da Lozzo Jr.", "Da Lozzo, Jr., Giordano"),
    ("Ludwig van Beethoven", "van Beethoven, Ludwig"),            # lower case: BibTeX's own rule, as before
    ("Quoc V. Le", "Le, Quoc V."),                                # Le as the surname itself
    ("Tuan Van Nguyen", "Nguyen, Tuan Van"),                      # a Vietnamese middle name
    ("Del Maestro", "Maestro, Del"),                              # a given name must stay
    ("Maestro, Adrian Del", "Maestro, Adrian Del"),               # written with a comma: as written
])
def test_a_capitalised_particle_before_the_surname_belongs_to_it(arxiv: str, written: str) -> None:
    assert person(arxiv) == written


def test_real_arxiv_author_lists_move_only_the_particles() -> None:
    """Every author of four recorded arXiv answers (466 names): the names whose surname gains a
    word are exactly those with a particle, and each is the surname the person uses."""
    moved = {}
    for feed in ("api2026_search_testing_start0_max100.xml", "seed_papers.xml", "api2026_id_1605.08386.xml",
                 "legacy2016_search_au_del_maestro_AND_ti_quantum_criticality.xml"):
        papers, _ = parse((DATA / "arxiv" / feed).read_bytes())
        for name in (a for paper in papers for a in paper.authors):
            bibtex = names.parse(name)
            surname = person(name).split(",")[0]
            if len(surname.split()) > len(f"{bibtex.von} {bibtex.last}".split()):
                moved[name] = person(name)
    assert moved == {
        "Adrian Del Maestro": "Del Maestro, Adrian", "A. Del Maestro": "Del Maestro, A.",
        "Yohann De Castro": "De Castro, Yohann", "Pascale Le Gall": "Le Gall, Pascale",
        "Giuseppe Di Battista": "Di Battista, Giuseppe", "Giordano Da Lozzo": "Da Lozzo, Giordano",
        "Dario Di Nucci": "Di Nucci, Dario", "Raja Ben Abdessalem": "Ben Abdessalem, Raja",
    }


@pytest.mark.parametrize(
    ("doi", "published"),
    [
        ("10.1103/PhysRevC.55.1420 10.1103/PhysRevC.56.2336", "10.1103/PhysRevC.55.1420"),  # arXiv's feed
        ("10.1103/PhysRevC.55.1420, 10.1103/PhysRevC.56.2336", "10.1103/PhysRevC.55.1420"),  # INSPIRE's comma
        ("10.1103/PhysRevC.55.1420;10.1103/PhysRevC.56.2336", "10.1103/PhysRevC.55.1420"),
        ("https://doi.org/10.1103%2FPhysRevC.55.1420", "10.1103/PhysRevC.55.1420"),
        ("doi:10.1103/PhysRevC.55.1420", "10.1103/PhysRevC.55.1420"),
        ("10.48550/arXiv.2005.00006 10.1103/PhysRevC.55.1420", "10.1103/PhysRevC.55.1420"),  # arXiv's own: the preprint
        ("10.48550/arXiv.2005.00006", None),
        ("see the journal", None),
    ],
)
def test_arxiv_s_doi_is_read_as_a_doi_field_is_by_add_and_sync(doi: str, published: str | None) -> None:
    from publist.bib.entries import from_arxiv
    from publist.bib.reader import read
    from publist.sources.atom import ArxivEntry
    from publist.sync.enrich import additions
    from publist.sync.lookup import question

    paper = ArxivEntry("2005.00006", 1, "Energy flow", ("Ada Lovelace",), doi=doi)
    assert paper.published_doi == published
    assert dict(from_arxiv(paper)[1]).get("doi") == published  # what add writes
    assert dict(additions({"title": "Energy flow"}, "article", paper).published).get("doi") == published  # sync
    record = read("@misc{k, title = {Energy flow}}").records[0]
    assert question(record, record.fields, paper).doi == published  # what sync asks Crossref about


@pytest.mark.parametrize(("name", "written"), [
    ("The ATLAS Collaboration", "{The ATLAS Collaboration}"), ("HPQCD Team", "{HPQCD Team}"),
    ("Particle Data Group", "{Particle Data Group}"), ("The Tor Team", "{The Tor Team}"),
    # Group and Team are surnames too: a person, as BibTeX's Last, First
    ("Anna Group", "Group, Anna"), ("Tor Team", "Team, Tor"),
])
def test_add_writes_an_organisation_braced_and_a_person_named_group_as_a_person(name: str, written: str) -> None:
    assert person(name) == written
