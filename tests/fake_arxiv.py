"""A fake arXiv on 127.0.0.1: answers ``id_list`` and ``ti:"..."`` queries like the real API.

Entries come from recorded or constructed Atom feeds in tests/data/arxiv/; the answers are
real Atom documents built from those entries, sent over real HTTP by pytest-httpserver.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

from werkzeug import Request, Response

from publist.papers.matching import normalize_title

DATA = Path(__file__).resolve().parent / "data" / "arxiv"
HEAD = (
    "<?xml version='1.0' encoding='UTF-8'?>\n"
    '<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
    'xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">\n'
    "  <id>https://arxiv.org/api/fake</id>\n"
    "  <title>arXiv Query: {query}</title>\n"
    "  <updated>2026-11-27T00:00:00Z</updated>\n"
    "  <opensearch:itemsPerPage>{per_page}</opensearch:itemsPerPage>\n"
    "  <opensearch:totalResults>{total}</opensearch:totalResults>\n"
    "  <opensearch:startIndex>0</opensearch:startIndex>\n"
)


def entries(*files: str) -> dict[str, str]:
    """``<entry>`` blocks by arXiv id (without version) from feed files."""
    out: dict[str, str] = {}
    for name in files:
        text = (DATA / name).read_text(encoding="utf-8")
        for block in re.findall(r"  <entry>.*?</entry>\n", text, re.DOTALL):
            m = re.search(r"<id>https?://arxiv\.org/abs/(.+?)(v\d+)?</id>", block)
            if m:
                out[m.group(1)] = block
    return out


def entry(arxiv_id: str, title: str, authors: tuple[str, ...], *, version: int = 1,
          primary: str = "", doi: str = "", journal_ref: str = "",
          published: str = "2020-01-01") -> dict[str, str]:
    """A constructed ``<entry>`` in the current API's layout (as in seed_papers.xml), by id.

    For answers that no recording has, e.g. a journal reference with an en dash.
    """
    full = f"{arxiv_id}v{version}"
    lines = [
        "  <entry>",
        f"    <id>http://arxiv.org/abs/{full}</id>",
        f"    <title>{escape(title)}</title>",
        "    <updated>2020-01-01T00:00:00Z</updated>",
        f'    <link href="https://arxiv.org/abs/{full}" rel="alternate" type="text/html"/>',
        "    <summary>(constructed for a test)</summary>",
        f"    <published>{published}T00:00:00Z</published>",
    ]
    if primary:
        lines.append(f'    <arxiv:primary_category term="{primary}"/>')
    if doi:
        lines.append(f"    <arxiv:doi>{escape(doi)}</arxiv:doi>")
    if journal_ref:
        lines.append(f"    <arxiv:journal_ref>{escape(journal_ref)}</arxiv:journal_ref>")
    lines += [f"    <author>\n      <name>{escape(a)}</name>\n    </author>" for a in authors]
    return {arxiv_id: "\n".join([*lines, "  </entry>"]) + "\n"}


def feed(blocks: list[str], query: str, per_page: int) -> str:
    head = HEAD.format(query=escape(query), per_page=per_page, total=len(blocks))
    return head + "".join(blocks) + "</feed>\n"


def _title(block: str) -> str:
    m = re.search(r"<title>(.*?)</title>", block, re.DOTALL)
    return normalize_title(m.group(1)) if m else ""


def _has_author(block: str, surname: str) -> bool:
    names = re.findall(r"<name>(.*?)</name>", block)
    return any(normalize_title(n).replace(" ", "_").endswith(surname) for n in names)


def handler(pool: dict[str, str]) -> Callable[[Request], Response]:
    """A request handler that answers from ``pool`` as arXiv would."""

    def answer(request: Request) -> Response:
        args = request.args
        per_page = int(args.get("max_results", "10"))
        ids = [i for i in args.get("id_list", "").split(",") if i]
        if ids:
            found = [pool[re.sub(r"v\d+$", "", i)] for i in ids if re.sub(r"v\d+$", "", i) in pool]
            body = feed(found[:per_page], request.query_string.decode(), per_page)
        else:
            query = args.get("search_query", "")
            by_author = re.findall(r'\(au:(\w+) AND ti:"([^"]*)"\)', query)
            phrases = [normalize_title(p) for p in re.findall(r'(?<!AND )ti:"([^"]*)"', query)]
            found = [
                b for b in pool.values()
                if any(p and p in _title(b) for p in phrases)
                or any(_title(b).startswith(normalize_title(p)) and _has_author(b, a)
                       for a, p in by_author)
            ]
            body = feed(found[:per_page], request.query_string.decode(), per_page)
        return Response(body, status=200, content_type="application/atom+xml; charset=utf-8")

    return answer
