"""A real browser (Debian's Chromium, driven by Playwright): hostile fields never run script.

The fragment is tested inside a page without any Content-Security-Policy, as a user would
paste it into a site; the standalone page is tested too. If Chromium cannot start, the test
fails and says so: it is never skipped.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from publist.api import load, loads, render
from publist.config import Config
from publist.config import load as load_config

from conftest import ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# Each payload tries to run script, open a dialog, or load something; all must stay text.
PAYLOADS = [
    "<script>window.__pwned='script';alert('script')</script>",
    "<img src=x onerror=\"window.__pwned='img';alert('img')\">",
    "<svg onload=alert('svg')>",
    "\"><script>alert('attr')</script>",
    "' onmouseover='alert(1)' x='",
    "<iframe src=\"javascript:alert('iframe')\"></iframe>",
    "<a href=\"javascript:alert('a')\">click</a>",
    "<img src=\"http://198.51.100.7/beacon.png\">",
    "<link rel=stylesheet href=\"http://198.51.100.7/x.css\">",
    "<style>@import 'http://198.51.100.7/y.css';</style>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert('meta')\">",
]
URL_PAYLOADS = [
    "javascript:alert('url')",
    "JaVaScRiPt:alert('url2')",
    "data:text/html,<script>alert('data')</script>",
    "\"><script>alert('href')</script>",
    "https://example.org/\" onmouseover=\"alert('quote')",
]


def _hostile_bib() -> str:
    entries = []
    for i, payload in enumerate(PAYLOADS):
        p = payload.replace("{", "").replace("}", "")
        url = URL_PAYLOADS[i % len(URL_PAYLOADS)]
        entries.append(
            f"@article{{h{i},\n  title = {{{p}}},\n  author = {{{p} and Yao, Zhewei}},\n"
            f"  journal = {{{p}}},\n  volume = {{{p}}},\n  note = {{{p}}},\n  award = {{{p}}},\n"
            f"  url = {{{url}}},\n  code = {{{url}}},\n  pdf = {{{p}}},\n  year = 2020\n}}\n"
        )
    return "\n".join(entries)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as err:  # pragma: no cover - the test extra installs it
        pytest.fail(f"playwright is not installed ({err}); pip install -e '.[test]'")
    with sync_playwright() as pw:
        try:
            chromium = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        except Exception as err:  # noqa: BLE001 - say why the browser did not start, then fail
            pytest.fail(f"cannot start Chromium at {CHROMIUM} ({err}); .ci/run installs Debian's "
                        "chromium package")
        yield chromium
        chromium.close()


def _visit(browser, httpserver: HTTPServer, html: str) -> dict[str, object]:  # type: ignore[no-untyped-def]
    httpserver.expect_request("/page.html").respond_with_data(html, content_type="text/html; charset=utf-8")
    page_url = httpserver.url_for("/page.html")
    page = browser.new_page()
    requests: list[str] = []
    dialogs: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(page_url)
    page.wait_for_load_state("networkidle")
    for link in page.query_selector_all("a"):
        link.hover()  # would fire any onmouseover
    page.wait_for_timeout(200)
    result = {
        "requests": [u for u in requests if u != page_url],
        "dialogs": dialogs,
        "errors": errors,
        "pwned": page.evaluate("() => window.__pwned || null"),
        "scripts": page.evaluate("() => document.scripts.length"),
        "iframes": page.evaluate(
            "() => document.querySelectorAll("
            "'iframe,img,svg,link,style:not(head style),meta[http-equiv=refresh]').length"),
        "hrefs": page.evaluate("() => Array.from(document.querySelectorAll('a')).map(a => a.href)"),
        "text": page.inner_text("body"),
        "page": page,
    }
    return result


def _check(seen: dict[str, object]) -> None:
    assert seen["dialogs"] == [] and seen["pwned"] is None and seen["errors"] == []
    assert seen["requests"] == [], "a request left the page"
    assert seen["scripts"] == 0 and seen["iframes"] == 0
    for href in seen["hrefs"]:  # type: ignore[attr-defined]
        assert href.startswith(("http://", "https://")), href
    for payload in PAYLOADS[:4]:  # shown as text, not swallowed
        assert payload.split(">")[0][:12] in seen["text"]  # type: ignore[operator]


def test_hostile_fragment_in_a_page_without_csp(browser, httpserver: HTTPServer) -> None:  # type: ignore[no-untyped-def]
    pubs, _ = loads(_hostile_bib())
    fragment, _ = render(pubs, Config(owner=("Zhewei Yao",)), "html")
    html = f"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>{fragment}</body></html>"
    seen = _visit(browser, httpserver, html)
    _check(seen)
    seen["page"].close()  # type: ignore[attr-defined]


def test_hostile_standalone_page(browser, httpserver: HTTPServer) -> None:  # type: ignore[no-untyped-def]
    pubs, _ = loads(_hostile_bib())
    html, _ = render(pubs, Config(owner=("Zhewei Yao",)), "html", standalone=True)
    seen = _visit(browser, httpserver, html)
    _check(seen)
    seen["page"].close()  # type: ignore[attr-defined]


def test_seed_cv_page_screenshot(browser, httpserver: HTTPServer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    config = load_config(ROOT / "config.toml")
    pubs, _ = load(config.bib_path())
    html, _ = render(pubs, config, "html", standalone=True)
    seen = _visit(browser, httpserver, html)
    page = seen["page"]
    shot = tmp_path / "seed-cv.png"
    page.screenshot(path=str(shot), full_page=True)  # type: ignore[attr-defined]
    assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 20_000
    assert page.locator(".publist-entry").count() == 18  # type: ignore[attr-defined]
    assert page.locator("strong.publist-me").count() == 18  # type: ignore[attr-defined]
    assert "PyHessian: Neural Networks Through the Lens of the Hessian" in seen["text"]  # type: ignore[operator]
    weight = page.evaluate(  # type: ignore[attr-defined]
        "() => getComputedStyle(document.querySelector('strong.publist-me')).fontWeight")
    assert int(weight) >= 600
    assert seen["requests"] == [] and seen["dialogs"] == []
    page.close()  # type: ignore[attr-defined]
