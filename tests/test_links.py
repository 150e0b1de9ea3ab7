"""Links: every field convention, and only http(s) or relative URLs."""

from __future__ import annotations

import html
import json

import pytest

from publist import config
from publist.api import loads, render
from publist.config import Config, RenderOptions
from publist.errors import ConfigError
from publist.model import Link
from publist.papers import arxivid
from publist.papers.links import extract
from publist.text import urls


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)", " JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "vbscript:x",
        "data:text/html,<script>alert(1)</script>", "javascript&colon;alert(1)",
        "&#106;avascript:alert(1)", "file:///etc/passwd", "mailto:a@b.org", "//evil.example",
        "http:///nohost", "a:b", "",
    ],
)
def test_refused_urls(url: str) -> None:
    assert urls.clean(url) is None


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("https://github.com/amirgholami/PyHessian", "https://github.com/amirgholami/PyHessian"),
        ("HTTP://Example.org/A?b=1&c=2#d", "http://Example.org/A?b=1&c=2#d"),
        ('https://x.org/a b"<c>\'(d)', "https://x.org/a%20b%22%3Cc%3E%27%28d%29"),
        ("https://x.org/a\\_b\\%20c", "https://x.org/a_b%20c"),
        ("\\url{https://x.org/p}", "https://x.org/p"),
        ("https://x.org/100%", "https://x.org/100%25"),
        ("https://müller.de/ä", "https://xn--mller-kva.de/%C3%A4"),
        ("papers/yao 2019.pdf", "papers/yao%202019.pdf"),
        ("/assets/pdf/x.pdf", "/assets/pdf/x.pdf"),
    ],
)
def test_accepted_urls_are_percent_encoded(raw: str, clean: str) -> None:
    assert urls.clean(raw) == clean


@pytest.mark.parametrize(
    ("fields", "arxiv_id"),
    [
        ({"eprint": "1912.07145", "archiveprefix": "arXiv"}, "1912.07145"),
        ({"eprint": "hep-th/9901001v2", "eprinttype": "arxiv"}, "hep-th/9901001v2"),
        ({"eprint": "1912.07145"}, "1912.07145"),
        ({"eprint": "PMC123", "eprinttype": "pubmed"}, None),
        ({"arxiv": "2102.11107"}, "2102.11107"),
        ({"url": "https://arxiv.org/abs/2102.11107v2"}, "2102.11107v2"),
        ({"pdf": "http://arxiv.org/pdf/math/0601001v1.pdf"}, "math/0601001v1"),
        ({"doi": "10.48550/arXiv.1810.01021"}, "1810.01021"),
        ({"url": "https://example.org/1912.07145"}, None),
        ({"eprint": "1913.07145", "archiveprefix": "arXiv"}, None),
    ],
)
def test_arxiv_id_from_every_convention(fields: dict[str, str], arxiv_id: str | None) -> None:
    assert arxivid.find(fields) == arxiv_id


def test_links_in_field_order_with_ids_first_and_no_duplicates() -> None:
    links, problems = extract(
        {
            "url": "https://arxiv.org/abs/1912.07145",
            "code": "https://github.com/x/y",
            "eprint": "1912.07145",
            "doi": "doi:10.1109/BigData50022.2020.9378171",
            "url_slides": "https://x.org/s.pdf",
            "video": "javascript:alert(1)",
        }
    )
    assert [(x.kind, x.url) for x in links] == [
        ("arxiv", "https://arxiv.org/abs/1912.07145"),
        ("doi", "https://doi.org/10.1109/BigData50022.2020.9378171"),
        ("code", "https://github.com/x/y"),
        ("slides", "https://x.org/s.pdf"),
    ]
    assert problems == [("video", "'javascript:alert(1)' is not an http(s) or relative URL; left out")]


def test_arxiv_doi_is_not_a_second_link() -> None:
    links, _ = extract({"eprint": "1810.01021", "doi": "10.48550/arXiv.1810.01021"})
    assert [x.kind for x in links] == ["arxiv"]


# --- ids, DOIs and links as real files write them (issue 17, items 9 to 14) ------------



def _links(entry: str, files_url: str = "") -> tuple[list[tuple[str, str]], list[str]]:
    """The links an entry shows and every problem reported, from reading to rendering."""
    pubs, problems = loads(entry, "refs.bib")
    _, shown = render(pubs, Config(render=RenderOptions(files_url=files_url)), "md")
    return [(x.kind, x.url) for x in pubs[0].links], [str(p) for p in [*problems, *shown]]


@pytest.mark.parametrize(
    ("doi", "url"),
    [
        ("10/aabbe", "https://doi.org/10/aabbe"),  # a shortDOI, which doi.org resolves
        ("doi.org/10.1109/ICCV.2019.00038", "https://doi.org/10.1109/ICCV.2019.00038"),
        ("dx.doi.org/10.1109/ICCV.2019.00038", "https://doi.org/10.1109/ICCV.2019.00038"),
        ("https://dx.doi.org/10.1109/ICCV.2019.00038", "https://doi.org/10.1109/ICCV.2019.00038"),
        # ACM's proxy, as old ACM DL exports write it
        ("http://doi.acm.org/10.1145/1015330.1015332", "https://doi.org/10.1145/1015330.1015332"),
        ("https://doi.org/10/aabbe", "https://doi.org/10/aabbe"),
        # a resolver URL pasted with its slash percent-encoded, as some exporters write it
        ("https://doi.org/10.1103%2FPhysRevB.85.115117", "https://doi.org/10.1103/PhysRevB.85.115117"),
    ],
)
def test_every_valid_doi_form_is_a_doi_link(doi: str, url: str) -> None:
    assert _links(f"@article{{k, title = {{T}}, doi = {{{doi}}}}}") == ([("doi", url)], [])


@pytest.mark.parametrize("bad", ["10.1109", "10/", "10/a b", "https://doi.org/", "ISBN 978-3-16"])
def test_what_is_no_doi_is_still_reported(bad: str) -> None:
    links, problems = _links(f"@article{{k, title = {{T}}, doi = {{{bad}}}}}")
    assert links == []
    assert problems == [f"refs.bib:1: entry 'k', field 'doi': '{bad}' is not a DOI; left out"]


@pytest.mark.parametrize(
    "url",
    [
        "https://doi.org/10.1109/iccv.2019.00038",  # Crossref's lower case
        "https://DOI.ORG/10.1109/ICCV.2019.00038",
        "https://doi.org/10.1109%2FICCV.2019.00038",  # percent-encoded, as some exporters do
        "http://dx.doi.org/10.1109/Iccv.2019.00038",
        "http://doi.acm.org/10.1109/ICCV.2019.00038",
        "doi.org/10.1109/ICCV.2019.00038",
    ],
)
def test_one_doi_in_two_spellings_is_one_link(url: str) -> None:
    links, _ = _links(f"@inproceedings{{k, title = {{T}}, doi = {{10.1109/ICCV.2019.00038}}, url = {{{url}}}}}")
    assert links == [("doi", "https://doi.org/10.1109/ICCV.2019.00038")]


def test_a_doi_with_parentheses_in_two_cases_is_one_link() -> None:
    # Wiley's SICI DOIs: the url field holds the same DOI in lower case, percent-encoded
    links, _ = _links("@article{k, title = {T}, doi = {10.1002/(SICI)1097-0258(19980815/30)17:15/16<1661::AID-SIM968>3.0.CO;2-2},"
                      " url = {https://doi.org/10.1002/%28sici%291097-0258%2819980815/30%2917:15/16%3C1661::aid-sim968%3E3.0.co;2-2}}")
    assert [kind for kind, _ in links] == ["doi"]


@pytest.mark.parametrize(
    ("second", "other"),
    [("url_arxiv = {https://arxiv.org/abs/1911.03852}", "1911.03852"),
     ("url_pdf = {https://arxiv.org/pdf/1911.03852v2.pdf}", "1911.03852v2"),
     ("slides = {https://arxiv.org/abs/1911.03852}", "1911.03852"),
     ("url = {https://arxiv.org/abs/1911.03852}", "1911.03852")],
)
def test_two_arxiv_ids_in_one_entry_are_reported_and_neither_is_used(second: str, other: str) -> None:
    field = second.split(" ")[0]
    links, problems = _links(f"@misc{{k,\n title = {{T}},\n eprint = {{1912.07145}},\n {second}\n}}")
    assert links == []
    assert problems == [(f"refs.bib:4: entry 'k', field '{field}': arXiv ids disagree (eprint gives "
                        f"1912.07145, {field} gives {other}); neither is used")]


def test_one_arxiv_id_in_several_link_fields_is_one_link() -> None:
    links, problems = _links("@misc{k, title = {T}, eprint = {1912.07145},"
                             " url_arxiv = {https://arxiv.org/abs/1912.07145v2}}")
    assert (links, problems) == ([("arxiv", "https://arxiv.org/abs/1912.07145")], [])


@pytest.mark.parametrize(
    ("field", "arxiv_id"),
    [
        ("note = {eprint: 1912.07145}", "1912.07145"),  # Zotero's note of an INSPIRE record
        ("note = {eprint: hep-th/9901001}", "hep-th/9901001"),
        ("note = {ePrint: 1912.07145v2}", "1912.07145v2"),
        ("howpublished = {https://arxiv.org/abs/1912.07145}", "1912.07145"),
        ("howpublished = {\\url{https://arxiv.org/abs/1912.07145}}", "1912.07145"),
        ("howpublished = {arxiv.org/abs/1912.07145}", "1912.07145"),
    ],
)
def test_zotero_notes_and_arxiv_urls_in_howpublished_are_arxiv_ids(field: str, arxiv_id: str) -> None:
    entry = f"@misc{{k, title = {{T}}, author = {{Yao, Z.}}, {field}, year = 2019}}"
    assert _links(entry) == ([("arxiv", f"https://arxiv.org/abs/{arxiv_id}")], [])
    md, _ = render(loads(entry)[0], Config(), "md")
    assert md.splitlines()[3:] == ["  2019"]  # the id is the link, not a note or a venue


def test_a_note_that_cites_another_paper_is_not_the_entry_s_id() -> None:
    assert _links("@misc{k, title = {T}, note = {eprint: see 1912.07145 for the long version}}")[0] == []


@pytest.mark.parametrize(
    ("value", "url"),
    [
        ("github.com/amirgholami/PyHessian", "https://github.com/amirgholami/PyHessian"),
        ("www.example.org/paper", "https://www.example.org/paper"),
        ("www.example.org", "https://www.example.org"),
        ("openreview.net/forum?id=H3V0dvjRAV", "https://openreview.net/forum?id=H3V0dvjRAV"),
        ("bit.ly/3abc", "https://bit.ly/3abc"),
    ],
)
def test_a_url_without_its_scheme_that_starts_with_a_host_gets_https(value: str, url: str) -> None:
    assert _links(f"@misc{{k, title = {{T}}, code = {{{value}}}}}") == ([("code", url)], [])


AL_FOLIO = """@inproceedings{a,
  title = {A},
  pdf = {paper_a.pdf},
  poster = {poster_a.pdf},
  slides = {https://x.org/slides.pdf}
}
@article{b,
  title = {B},
  supp = {supp/b.pdf},
  html = {https://x.org/b}
}
"""


def test_bare_file_names_resolve_against_files_url() -> None:
    pubs, _ = loads(AL_FOLIO, "refs.bib")
    md, problems = render(pubs, Config(render=RenderOptions(files_url="/assets/pdf/")), "md")
    assert problems == []
    assert "[PDF](/assets/pdf/paper_a.pdf), [poster](/assets/pdf/poster_a.pdf), [slides](https://x.org/slides.pdf)" in md
    assert "[supp](/assets/pdf/supp/b.pdf)" in md
    md, _ = render(pubs, Config(render=RenderOptions(files_url="https://me.github.io/assets/pdf/")), "html")
    assert 'href="https://me.github.io/assets/pdf/paper_a.pdf"' in md


@pytest.mark.parametrize("fmt", ["md", "html", "latex", "json"])
def test_without_files_url_bare_file_names_are_left_out_with_one_warning_per_file(fmt: str) -> None:
    pubs, _ = loads(AL_FOLIO, "refs.bib")
    text, problems = render(pubs, Config(), fmt)
    assert "paper_a" not in text and "supp/b.pdf" not in text
    assert "https://x.org/slides.pdf" in text.replace("\\", "")
    assert [str(p) for p in problems] == [
        ("refs.bib:3: entry 'a', field 'pdf': 'paper_a.pdf' is a file name, which no page outside "
        "your site can reach; left out, as are 2 more in this file (set [render] files_url to "
        'where they are served, e.g. "/assets/pdf/" for an al-folio site)')
    ]


def test_links_from_the_site_s_root_are_kept_as_written() -> None:
    assert _links("@misc{k, title = {T}, pdf = {/assets/pdf/k.pdf}}") == ([("pdf", "/assets/pdf/k.pdf")], [])


@pytest.mark.parametrize(("value", "kept"), [("/assets/pdf", "/assets/pdf/"), ("/assets/pdf/", "/assets/pdf/"),
                                            ("https://me.github.io/assets/pdf", "https://me.github.io/assets/pdf/")])
def test_files_url_is_a_folder(value: str, kept: str) -> None:
    assert config.loads(f'[render]\nfiles_url = "{value}"\n').render.files_url == kept


@pytest.mark.parametrize("value", ["assets/pdf/", "javascript:alert(1)", "//evil.example/", "ftp://x.org/"])
def test_files_url_must_be_reachable_from_any_page(value: str) -> None:
    with pytest.raises(ConfigError) as err:
        config.loads(f'[render]\nfiles_url = "{value}"\n')
    assert str(err.value) == (f"config.toml: 'render.files_url' must be an http(s) URL or a path from the "
                              f"site's root (\"/assets/pdf/\"), not '{value}'")


# INSPIRE: an article and its erratum in one doi field (inspire-oliinychenko.bib)
@pytest.mark.parametrize("value", [
    "10.1103/PhysRevC.55.1420, 10.1103/PhysRevC.56.2336",
    "10.1103/PhysRevC.55.1420 10.1103/PhysRevC.56.2336",
    "10.1103/PhysRevC.55.1420; https://doi.org/10.1103/PhysRevC.56.2336",
])
def test_a_doi_field_with_two_dois_links_to_both(value: str) -> None:
    pubs, problems = loads("@article{k, title = {T}, doi = {" + value + "}}")
    assert problems == []
    assert [link.url for link in pubs[0].links] == [
        "https://doi.org/10.1103/PhysRevC.55.1420", "https://doi.org/10.1103/PhysRevC.56.2336"]
    md, _ = render(pubs, Config(), "md")
    assert ("[DOI](https://doi.org/10.1103/PhysRevC.55.1420), "
            "[DOI](https://doi.org/10.1103/PhysRevC.56.2336)") in md


def test_a_doi_field_that_is_not_all_dois_is_reported_whole() -> None:
    _pubs, problems = loads("@article{k, title = {T}, doi = {10.1103/PhysRevC.55.1420, see erratum}}")
    assert [str(p) for p in problems] == [
        "refs.bib:1: entry 'k', field 'doi': '10.1103/PhysRevC.55.1420, see erratum' is not a DOI; left out"]


@pytest.mark.parametrize(
    ("field", "value", "link"),
    [
        # jekyll-scholar sites (tests/data/links/jekyll-scholar-4c.bib): the DOI in an anchor, a label before it
        ("url", 'doi:<a href="https://doi.org/10.1115/1.4071133">10.1115/1.4071133</a>',
         ("doi", "https://doi.org/10.1115/1.4071133")),
        ("url", "DOI: <a href='https://dx.doi.org/10.1149/1945-7111/ad9a05'>10.1149/1945-7111/ad9a05</a>",
         ("doi", "https://dx.doi.org/10.1149/1945-7111/ad9a05")),  # a resolver's URL kept, as elsewhere
        ("pdf", '<a href="https://x.org/a.pdf?v=1&amp;dl=2" target="_blank">PDF</a>', ("pdf", "https://x.org/a.pdf?v=1&dl=2")),
        ("code", "[GitHub](https://github.com/u/repo)", ("code", "https://github.com/u/repo")),  # Markdown
        ("url", "doi: <A HREF=https://doi.org/10.1115/1.4071133>x</A>", ("doi", "https://doi.org/10.1115/1.4071133")),
        ("url", "doi:10.1115/1.4071133", ("doi", "https://doi.org/10.1115/1.4071133")),  # a DOI, no anchor
        ("url", "10.1115/1.4071133", ("doi", "https://doi.org/10.1115/1.4071133")),
    ],
)
def test_a_link_written_as_markup_is_its_target(field: str, value: str, link: tuple[str, str]) -> None:
    assert _links(f"@article{{k, title = {{T}}, {field} = {{{value}}}}}") == ([link], [])


@pytest.mark.parametrize("value", [
    '<a href="javascript:alert(1)">x</a>', "<a href='javascript&colon;alert(1)'>x</a>", "[x](javascript:alert(1))",
    '<a href="data:text/html,x">x</a>',
])
def test_markup_that_points_nowhere_safe_is_still_refused(value: str) -> None:
    links, problems = _links(f"@article{{k, title = {{T}}, url = {{{value}}}}}")
    assert links == [] and len(problems) == 1 and "is not an http(s) or relative URL; left out" in problems[0]


def test_a_jekyll_scholar_site_s_dois_in_anchors_are_links_and_the_same_paper_once() -> None:
    from publist.api import load

    from conftest import DATA

    pubs, problems = load(DATA / "links" / "jekyll-scholar-4c.bib")
    assert len(pubs) == 30 and problems == []
    assert [p.links for p in pubs[:2]] == [
        (Link("doi", "https://doi.org/10.1007/s10237-026-02064-8"),), (Link("doi", "https://doi.org/10.1115/1.4071133"),)]
    assert all(len(p.links) == 1 and p.links[0].kind == "doi" for p in pubs)
    md, shown = render(pubs, Config(), "md")
    assert shown == [] and md.count("[DOI](https://") == 30
    # the anchor's own DOI in doi too, as a site may add it: one link
    again, _ = loads('@article{k, title = {T}, doi = {10.1115/1.4071133},\n'
                     '  url = {doi:<a href="https://doi.org/10.1115/1.4071133">10.1115/1.4071133</a>}}')
    assert again[0].links == (Link("doi", "https://doi.org/10.1115/1.4071133"),)


# --- a link field that holds several links: each is shown, none left out silently -------------

@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ('<a href="https://x.org/paper">paper</a> <a href="https://y.org/talk">talk</a>',
         [("url", "https://x.org/paper"), ("url", "https://y.org/talk")]),
        ("<a href='https://doi.org/10.1115/1.4071133'>DOI</a>, <A HREF=https://github.com/u/r>code</A>",
         [("doi", "https://doi.org/10.1115/1.4071133"), ("url", "https://github.com/u/r")]),
        ("[paper](https://x.org/paper) | [talk](https://y.org/talk)",
         [("url", "https://x.org/paper"), ("url", "https://y.org/talk")]),
        (r"\url{https://x.org/paper} \url{https://arxiv.org/abs/1912.07145}",
         [("arxiv", "https://arxiv.org/abs/1912.07145"), ("url", "https://x.org/paper")]),  # the entry's id, first
        ("http://dx.doi.org/10.1080/09500340802553244 http://www.tandfonline.com/doi/abs/10.1080/09500340802553244",
         [("doi", "http://dx.doi.org/10.1080/09500340802553244"),
          ("url", "http://www.tandfonline.com/doi/abs/10.1080/09500340802553244")]),  # Mendeley (lab-kwiat.bib)
        ("https://x.org/a paper.pdf; https://y.org/b",  # a space inside a URL is not a second link
         [("url", "https://x.org/a%20paper.pdf"), ("url", "https://y.org/b")]),
    ],
)
def test_a_link_field_with_several_links_shows_each(value: str, shown: list[tuple[str, str]]) -> None:
    assert _links(f"@article{{k, title = {{T}}, url = {{{value}}}}}") == (shown, [])


def test_of_several_links_the_one_left_out_is_named() -> None:
    value = '<a href="https://x.org/paper">paper</a> <a href="javascript:alert(1)">talk</a>'
    assert _links(f"@article{{k, title = {{T}}, url = {{{value}}}}}") == (
        [("url", "https://x.org/paper")],
        ["refs.bib:1: entry 'k', field 'url': 'javascript:alert(1)' is not an http(s) or relative URL; left out"])


def test_mendeley_s_several_urls_in_a_real_file_are_each_a_link() -> None:
    from publist.api import load

    from conftest import DATA

    pubs, _ = load(DATA / "wild" / "lab-kwiat.bib")
    by_key = {p.key: p for p in pubs}
    assert by_key["Altepeter2005a"].links == (
        Link("doi", "https://doi.org/10.1364/OPEX.13.008951"), Link("url", "http://www.ncbi.nlm.nih.gov/pubmed/19498929"),
        Link("url", "http://www.opticsexpress.org/abstract.cfm?URI=OPEX-13-22-8951"))
    # its third URL is the arXiv abstract the entry's arxivId names: one arXiv link
    assert [link.kind for link in by_key["Kwiat1999"].links] == ["arxiv", "doi", "url", "url"]
    assert not any("%20http" in link.url for p in pubs for link in p.links)
    # two arXiv papers' URLs in one field: neither is guessed, as for two fields
    assert arxivid.find({"url": "https://arxiv.org/abs/1912.07145 https://arxiv.org/abs/2102.11107"}) is None


# --- a DOI in a field that is not the paper's: Zenodo's archive of the code, a dataset, slides ----

@pytest.mark.parametrize(
    ("field", "value", "kind"),
    [
        # Hugo Academic / Blox front matter, in the shapes public sites write (url_code and
        # url_dataset both to one Zenodo record; url_slides with http://doi.org)
        ("url_code", "https://doi.org/10.5281/zenodo.2588304", "code"),
        ("url_dataset", "https://doi.org/10.5281/zenodo.3552836", "dataset"),
        ("url_slides", "http://doi.org/10.5281/zenodo.3381658", "slides"),
        # al-folio's fields, as a DOI, an anchor, a resolver without its scheme
        ("code", "doi:10.5281/zenodo.3381641", "code"),
        ("code", '<a href="https://doi.org/10.5281/zenodo.3381641">Zenodo</a>', "code"),
        ("poster", "dx.doi.org/10.6084/m9.figshare.5765487", "poster"),
        ("supp", "https://doi.org/10.1101/306951", "supp"),
    ],
)
def test_a_doi_in_a_field_that_is_not_the_paper_s_is_that_link_s_kind(field: str, value: str, kind: str) -> None:
    entry = f"@article{{k, title = {{T}}, journal = {{J}}, year = 2019, {field} = {{{value}}}}}"
    (shown_kind, url), = _links(entry)[0]
    assert shown_kind == kind and "/10." in url
    pubs, _ = loads(entry)
    md, _ = render(pubs, Config(), "md")
    label = RenderOptions().labels.get(kind, kind)
    assert f"[{label}]({url})" in md and "[DOI]" not in md
    json_out, _ = render(pubs, Config(), "json")
    item = json.loads(json_out)[0]
    assert "DOI" not in item  # not the paper's DOI
    html, _ = render(pubs, Config(), "html")
    assert f'href="{url}"' in html and ">DOI<" not in html


def test_the_paper_s_doi_stays_the_paper_s_beside_its_code_s() -> None:
    pubs, problems = loads(
        "@article{k, title = {T}, journal = {J}, year = 2019, doi = {10.1111/2041-210X.13177},\n"
        "  url_pdf = {https://doi.org/10.1111/2041-210X.13177},\n"
        "  url_code = {https://doi.org/10.5281/zenodo.2588304},\n"
        "  url_dataset = {https://doi.org/10.5281/zenodo.2588304}}")
    assert problems == []
    # the pdf field's DOI is the paper's, said once; the code's archive once, as code
    assert [(x.kind, x.url) for x in pubs[0].links] == [
        ("doi", "https://doi.org/10.1111/2041-210X.13177"), ("code", "https://doi.org/10.5281/zenodo.2588304")]
    item = json.loads(render(pubs, Config(), "json")[0])[0]
    assert item["DOI"] == "10.1111/2041-210X.13177"
    # and a DOI written in al-folio's url, or in a pdf or html field, is the paper's as before
    for field in ("url", "pdf", "html"):
        again, _ = loads(f"@article{{k, title = {{T}}, {field} = {{https://doi.org/10.1111/2041-210X.13177}}}}")
        assert [x.kind for x in again[0].links] == ["doi"], field


def _shown(entries: str, fmt: str) -> str:
    pubs, _ = loads(entries, "refs.bib")
    return render(pubs, Config(render=RenderOptions(sort="file", merge_preprints=False)), fmt)[0]


# (a bare URL as a field's whole value, what \url{...} of it shows as, in every format)
_WHOLE_URL = [
    ("howpublished", r"https://adamkarvonen.github.io/machine\_learning/2024/06/11/sae-intuitions.html"),  # Zotero
    ("howpublished", "https://fleetwood.dev/posts/you-could-have-designed-SOTA-positional-encoding"),
    ("note", "http://www.example.org/report.pdf?id=1&v=2#p3"),
    ("addendum", " https://x.org/a%20b "),
    ("note", "{https://x.org/protected}"),  # a value in double braces
]


@pytest.mark.parametrize("fmt", ["md", "html", "typst"])
@pytest.mark.parametrize(("field", "value"), _WHOLE_URL)
def test_a_bare_url_as_a_text_field_s_whole_value_is_a_link_as_its_url_command_is(
        fmt: str, field: str, value: str) -> None:
    entry = "@misc{{k, title = {{A Web Page}}, author = {{Doe, Jane}}, year = 2024, {} = {{{}}}}}\n"
    wrapped = r"\url{" + value.strip().removeprefix("{").removesuffix("}") + "}"
    bare, url_command = _shown(entry.format(field, value), fmt), _shown(entry.format(field, wrapped), fmt)
    assert bare == url_command
    url = urls.clean(wrapped)
    assert url is not None
    assert {"md": f"]({url})", "html": f'<a href="{html.escape(url)}">', "typst": f'#link("{url}")'}[fmt] in bare


@pytest.mark.parametrize(("field", "value"), _WHOLE_URL)
def test_a_bare_url_as_a_text_field_s_whole_value_is_a_link_in_latex(field: str, value: str) -> None:
    entry = f"@misc{{k, title = {{A Web Page}}, author = {{Doe, Jane}}, year = 2024, {field} = {{{value}}}}}\n"
    latex = _shown(entry, "latex")
    url = urls.clean(value.strip().removeprefix("{").removesuffix("}"))
    assert url is not None
    assert r"\href{" + url.replace("%", r"\%").replace("&", r"\&").replace("#", r"\#") + "}{" in latex


@pytest.mark.parametrize("value", [
    "See https://x.org/a",                     # a URL inside longer text stays text
    "https://x.org/a, accessed 2024-01-02",
    "https://x.org/a https://y.org/b",         # two URLs: text
    r"\textit{https://x.org/a}",               # other LaTeX around it
    "javascript:alert(1)", "ftp://x.org/file", "www.x.org/a", "x.org/a",  # not http(s)
])
@pytest.mark.parametrize("fmt", ["md", "html", "latex", "typst"])
def test_a_url_in_longer_text_or_not_http_stays_text(value: str, fmt: str) -> None:
    entry = f"@misc{{k, title = {{A Web Page}}, author = {{Doe, Jane}}, year = 2024, note = {{{value}}}}}\n"
    shown = _shown(entry, fmt)
    assert not any(link in shown for link in ("](", "<a ", "\\href{", "#link("))


def test_zotero_s_web_pages_in_a_real_file_link_to_themselves() -> None:
    from conftest import DATA

    text = (DATA / "wild" / "zotero-mou.bib").read_text()
    pubs, _ = loads(text, "zotero-mou.bib")
    # the web pages whose venue line is their address (the others name a journal, a blog)
    # (and arXiv's: an arXiv id, the [arXiv] link)
    pages = [p for p in pubs if urls.whole(p.fields.get("howpublished", "")) and "journal" not in p.fields
             and arxivid.url_in(p.fields["howpublished"]) is None]
    assert len(pages) >= 6
    shown = render(pubs, Config(render=RenderOptions(merge_preprints=False)), "html")[0]
    for pub in pages:
        found = urls.whole(pub.fields["howpublished"])
        assert found is not None and f'<a href="{html.escape(found[0])}">{html.escape(found[1])}</a>' in shown


def test_each_field_name_s_link_kind_is_worked_out_once_for_every_reader() -> None:
    # the arXiv ids, the links shown and merging's DOIs all ask it of every field of every entry
    bib = "".join(f"@article{{a{n}, title={{T{n}}}, author={{Yao, Z.}}, journal={{J}}, year=2020, "
                  f"url={{https://x.org/{n}}}, url_pdf={{https://x.org/{n}.pdf}}, code={{https://g.org/{n}}}}}"
                  for n in range(30))
    urls.link_kind.cache_clear()
    pubs, _ = loads(bib)
    render(pubs, Config(), "md")
    info = urls.link_kind.cache_info()
    fields = {"title", "author", "journal", "year", "url", "url_pdf", "code"}
    assert info.misses <= len(fields) < info.hits
    assert [[x.kind for x in p.links] for p in pubs[:1]] == [["url", "pdf", "code"]]
