"""One paper, whatever form each exporter gives it: publist.identity, the one home of "is this
the same paper" that check, merge_preprints, add and sync --upgrade ask."""

from __future__ import annotations

from publist import arxivid, identity, preprints
from publist.api import loads

from conftest import DATA

EXPORTS = sorted((DATA / "exports").glob("*.bib"))


def test_every_exporter_s_copy_of_a_paper_is_one_paper() -> None:
    # the seed papers as ten tools export them (tests/data/exports/): each arXiv id is one paper
    pubs = [p for path in EXPORTS for p in loads(path.read_text(encoding="utf-8"), path.name)[0]]
    papers: identity.Papers[int] = identity.Papers()
    first: dict[str, int] = {}
    for n, pub in enumerate(pubs):
        found = arxivid.find(pub.fields)
        match = papers.find(identity.of(pub))
        papers.add(n, identity.of(pub))
        if found is None:
            continue
        arxiv = arxivid.base(found)
        if arxiv in first:
            assert match is not None and arxivid.base(arxivid.find(pubs[match.item].fields) or "") == arxiv, (
                pub.span, pub.key)
        else:
            first[arxiv] = n
            assert match is None or match.how == identity.TITLE, (pub.span, pub.key, match)
    assert len(first) == 14  # papers with an arXiv id, in 29 entries


def test_a_dblp_record_is_known_by_its_key_whatever_its_biburl_s_form() -> None:
    forms = ["https://dblp.org/rec/conf/nips/ZhangYGKGBM19.bib", "https://dblp.org/rec/bib/conf/nips/ZhangYGKGBM19",
             "http://dblp.uni-trier.de/rec/bib/conf/nips/ZhangYGKGBM19", "https://dblp.org/rec/conf/nips/ZhangYGKGBM19"]
    assert {tuple(identity.identifiers({"biburl": f})) for f in forms} == {("dblp:conf/nips/ZhangYGKGBM19",)}
    assert identity.identifiers({"biburl": "https://example.org/rec/conf/nips/X.bib"}) == {}


def test_published_versions_in_dblp_s_export_of_both() -> None:
    pubs, _ = loads((DATA / "identity" / "dblp-both-versions.bib").read_text())
    flags = [preprints.is_preprint_entry(p.fields, p.type) for p in pubs]
    keys = [p.key for p in pubs]
    found = {keys[a]: keys[b] for a, b in identity.published_versions(pubs, flags).items()}
    # HAWQ's titles agree; ANODEV2's NeurIPS title drops "Evolution", and only sync, which asks
    # DBLP for the published record's key, can tell that one (test_venues.py)
    assert found == {"DBLP:journals/corr/abs-1905-03696": "DBLP:conf/iccv/DongYGMK19"}
