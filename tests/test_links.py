"""Links: every field convention, and only http(s) or relative URLs."""

from __future__ import annotations

import pytest

from publist import arxivid, urls
from publist.links import extract


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
