"""Ids as people paste them into publist add, discover --add/--ignore and init: from the
address bar (query strings, fragments, publishers' addresses), from arXiv's "Cite as" line, from
a PDF (typographic hyphens, a zero-width space), from a sentence (a full stop, brackets)."""

from __future__ import annotations

import pytest

from publist.commands.add import Wanted, identify
from publist.profiles import ids
from publist.profiles.papers import id_keys


@pytest.mark.parametrize(
    ("pasted", "wanted"),
    [
        # arXiv's abstract page: "Cite as: arXiv:2102.11107 [cs.LG]"
        ("arXiv:2102.11107 [cs.LG]", "2102.11107"),
        ("arXiv:2102.11107v2 [stat.ML]", "2102.11107v2"),
        # Google Scholar's journal field, pasted whole
        ("arXiv preprint arXiv:2102.11107", "2102.11107"),
        ("https://arxiv.org/pdf/2102.11107v2.pdf?download=1.", "2102.11107v2"),
        ("https://browse.arxiv.org/abs/2102.11107?context=cs", "2102.11107"),
        ("http://xxx.lanl.gov/abs/hep-th/9901001", "hep-th/9901001"),  # arXiv's first address
        ("<https://arxiv.org/abs/2102.11107>", "2102.11107"),  # an e-mail's or Markdown's link
        ("(2102.11107).", "2102.11107"),
        ("\u200b2102.11107", "2102.11107"),
        ("hep\u2010th/9901001", "hep-th/9901001"),  # a PDF's hyphen
        ("arXiv:math.GT/0309136", "math/0309136"),  # a subject class is no part of an old id
    ],
)
def test_arxiv_ids_as_pasted(pasted: str, wanted: str) -> None:
    assert identify(pasted) == Wanted("arxiv", wanted)


@pytest.mark.parametrize(
    ("pasted", "wanted"),
    [
        ("https://doi.org/10.1109%2FICCV.2019.00038", "10.1109/ICCV.2019.00038"),  # percent-encoded
        ("https://doi.org/10.1109/ICCV.2019.00038?via=ihub", "10.1109/ICCV.2019.00038"),
        ("https://doi.org/10.1000/182#section-2", "10.1000/182"),
        ("doi:10.1109/ICCV.2019.00038.", "10.1109/ICCV.2019.00038"),  # the end of a sentence
        ("http://hdl.handle.net/10.1109/ICCV.2019.00038", "10.1109/ICCV.2019.00038"),
        # publishers' addresses
        ("https://dl.acm.org/doi/abs/10.1145/3292500.3330701", "10.1145/3292500.3330701"),
        ("https://dl.acm.org/doi/pdf/10.1145/3292500.3330701", "10.1145/3292500.3330701"),
        ("https://onlinelibrary.wiley.com/doi/full/10.1002/anie.201915678", "10.1002/anie.201915678"),
        ("https://link.springer.com/chapter/10.1007/978-3-030-58452-8_13", "10.1007/978-3-030-58452-8_13"),
        ("https://link.springer.com/content/pdf/10.1007/s11263-015-0816-y.pdf", "10.1007/s11263-015-0816-y"),
        ("https://journals.aps.org/prl/abstract/10.1103/PhysRevLett.118.221101", "10.1103/PhysRevLett.118.221101"),
        ("https://www.biorxiv.org/content/10.1101/2020.03.22.002386v3.full.pdf", "10.1101/2020.03.22.002386"),
        # a DOI's own odd characters stay
        ("https://doi.org/10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI3>3.0.CO;2-0",
         "10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI3>3.0.CO;2-0"),
        ("10.1000/xyz#frag", "10.1000/xyz#frag"),
    ],
)
def test_dois_as_pasted(pasted: str, wanted: str) -> None:
    assert identify(pasted) == Wanted("doi", wanted)


@pytest.mark.parametrize("pasted", ["https://www.nature.com/articles/s41586-020-2649-2", "10.1109",
                                    "https://dblp.org/rec/conf/nips/CarberryW21", "see page 2"])
def test_what_is_neither(pasted: str) -> None:
    assert identify(pasted) is None


@pytest.mark.parametrize(
    ("pasted", "key"),
    [
        ("https://dblp.org/rec/conf/nips/CarberryW21.html?view=bibtex", "dblp:conf/nips/CarberryW21"),
        ("https://dblp.org/rec/bibtex/conf/nips/CarberryW21", "dblp:conf/nips/CarberryW21"),
        ("https://dblp.uni-trier.de/rec/conf/nips/CarberryW21.html", "dblp:conf/nips/CarberryW21"),
        ("https://dblp.org/db/conf/nips/nips2021.html#CarberryW21", "dblp:conf/nips/CarberryW21"),  # a table of contents
        ("https://www.semanticscholar.org/paper/a1b2c3d4e5f60718293a4b5c6d7e8f9012345678?utm_source=x",
         "semanticscholar:a1b2c3d4e5f60718293a4b5c6d7e8f9012345678"),
        ("https://api.semanticscholar.org/graph/v1/paper/A1B2C3D4E5F60718293A4B5C6D7E8F9012345678",
         "semanticscholar:a1b2c3d4e5f60718293a4b5c6d7e8f9012345678"),
        ("https://openalex.org/works/w3100000001?tab=cited", "openalex:W3100000001"),
        ("https://doi.org/10.5555/JPC.2020.42?via=x", "doi:10.5555/jpc.2020.42"),
        ("arXiv:2101.00001 [cs.LG]", "arxiv:2101.00001"),
    ],
)
def test_ids_of_any_kind_for_discover(pasted: str, key: str) -> None:
    assert list(id_keys(pasted)) == [key]


@pytest.mark.parametrize(
    ("read", "pasted", "wanted"),
    [
        (ids.orcid, "0000\u20100002\u20101825\u20100097", "0000-0002-1825-0097"),  # from a PDF
        (ids.orcid, "0000\u20130002\u20131825\u20130097", "0000-0002-1825-0097"),
        (ids.orcid, "ORCID iD: https://orcid.org/0000-0002-1825-0097", "0000-0002-1825-0097"),
        (ids.orcid, "orcid:0000-0002-1825-0097", "0000-0002-1825-0097"),
        (ids.orcid, "https://orcid.org/0000-0002-1825-0097/print", "0000-0002-1825-0097"),
        (ids.orcid, "\u200b0000 0002 1694 233x", "0000-0002-1694-233X"),
        (ids.dblp, "https://dblp.dagstuhl.de/pid/12/3456.html", "12/3456"),  # DBLP's mirror
        (ids.dblp, "<https://dblp.org/pid/l/MichaelLey.html>", "l/MichaelLey"),
        (ids.semanticscholar, "https://api.semanticscholar.org/graph/v1/author/1723755/papers", "1723755"),
        (ids.openalex, '"a5023888391"', "A5023888391"),
    ],
)
def test_profile_ids_as_pasted(read: ids.Callable[[str], str], pasted: str, wanted: str) -> None:
    assert read(pasted) == wanted


def test_a_mistyped_orcid_is_still_caught_whatever_its_dashes() -> None:
    with pytest.raises(ValueError, match="its last character should be 7"):
        ids.orcid("0000\u20100002\u20101825\u20100098")
