"""The owner's profiles: ids as people paste them, the four profile clients on answers in
their documented shapes, against stand-ins on 127.0.0.1 (paging, cursors, 500-work profiles, 404s,
services down, garbage, OpenAlex's key, the cache), and the proxy settings of the one client."""

from __future__ import annotations

import json
import re
import socket
from pathlib import Path
from typing import Any

import fake_profiles
import pytest
from fake_profiles import DATA, KEY, OrcidRecord, dblp_person, load
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from publist import config, profiles
from publist.errors import ConfigError, FetchError
from publist.profiles import ids as profileid
from publist.sources.dblp import DblpClient, parse_person
from publist.sources.openalex import KEY_HELP, OpenAlexClient, parse_work
from publist.sources.orcid import OrcidClient, authors_of, parse_works
from publist.sources.profile import ProfileWork
from publist.sources.semanticscholar import SemanticScholarClient

from conftest import Clock
from fake_venues import asked

CARBERRY = "0000-0002-1825-0097"


# --- ids ----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("key", "pasted", "read"),
    [
        ("orcid", "0000-0002-1825-0097", CARBERRY),
        ("orcid", "https://orcid.org/0000-0002-1825-0097", CARBERRY),
        ("orcid", " http://orcid.org/0000-0002-1825-0097/ ", CARBERRY),
        ("orcid", "orcid.org/0000000218250097", CARBERRY),
        ("orcid", "https://orcid.org/0000-0002-9079-593x", "0000-0002-9079-593X"),  # X: the check value 10
        ("orcid", "0000-0002-1694-233X", "0000-0002-1694-233X"),
        ("orcid", "0000 0002 1825 0097", CARBERRY),  # as printed on a paper
        ("orcid", "https://orcid.org/0000-0002-1825-0097?lang=en", CARBERRY),
        ("dblp", "12/3456", "12/3456"),
        ("dblp", "https://dblp.org/pid/12/3456.html", "12/3456"),
        ("dblp", "https://dblp.uni-trier.de/pid/12/3456-1.html", "12/3456-1"),  # a homonym's pid
        ("dblp", "dblp.org/pid/12/3456.xml", "12/3456"),
        ("dblp", "https://dblp.org/pid/l/MichaelLey.html", "l/MichaelLey"),  # an old pid
        ("dblp", "c/JCarberry", "c/JCarberry"),
        ("semanticscholar", "1234567", "1234567"),
        ("semanticscholar", "https://www.semanticscholar.org/author/Josiah-Carberry/1234567", "1234567"),
        ("semanticscholar", "https://www.semanticscholar.org/author/J.-Carberry/1234567?sort=pub-date", "1234567"),
        ("semanticscholar", "https://www.semanticscholar.org/author/1234567", "1234567"),
        ("openalex", "A5000000001", "A5000000001"),
        ("openalex", "https://openalex.org/A5000000001", "A5000000001"),
        ("openalex", "https://openalex.org/authors/a5023888391", "A5023888391"),
        ("openalex", "https://api.openalex.org/authors/A5023888391", "A5023888391"),
    ],
)
def test_profile_ids_in_the_forms_people_paste(key: str, pasted: str, read: str) -> None:
    cfg = config.loads(f'[owner]\nnames = ["Josiah Carberry"]\n{key} = "{pasted}"\n')
    assert getattr(cfg.profiles, key) == read
    assert profiles.configured(cfg) == [profiles.Profile(key, read)]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('orcid = "0000-0002-1825-0098"',
         "'owner.orcid': '0000-0002-1825-0098' is not an ORCID iD: its last character should be 7 (a typo?)"),
        ('orcid = "0000-0002-1825"',
         ("'owner.orcid': '0000-0002-1825' is not an ORCID iD (16 digits as 0000-0002-1825-0097, or its "
         "https://orcid.org/ URL)")),
        ('orcid = "https://sandbox.orcid.org/0000-0002-1825-0097"',
         ("'owner.orcid': 'https://sandbox.orcid.org/0000-0002-1825-0097' is not an ORCID iD (16 digits as "
         "0000-0002-1825-0097, or its https://orcid.org/ URL)")),
        ('dblp = "https://dblp.org/pers/hd/c/Carberry:Josiah"',
         ("'owner.dblp': 'https://dblp.org/pers/hd/c/Carberry:Josiah' is a DBLP name page, not a person id: "
         "open it and copy the address of the 'persistent URL' (https://dblp.org/pid/...)")),
        ('dblp = "Josiah Carberry"',
         "'owner.dblp': 'Josiah Carberry' is not a DBLP person id (as in https://dblp.org/pid/12/3456.html)"),
        ('semanticscholar = "https://www.semanticscholar.org/author/Josiah-Carberry"',
         ("'owner.semanticscholar': 'https://www.semanticscholar.org/author/Josiah-Carberry' is not a Semantic "
         "Scholar author id (the number in https://www.semanticscholar.org/author/<name>/<id>)")),
        ('openalex = "https://openalex.org/W2755950973"',
         ("'owner.openalex': 'https://openalex.org/W2755950973' is an OpenAlex id of something else than an "
         "author (an author's starts with A, e.g. A5000000001)")),
        ('openalex = "5000000001"',
         "'owner.openalex': '5000000001' is not an OpenAlex author id (as in https://openalex.org/A5000000001)"),
        ("orcid = 97", "'owner.orcid' must be a string, not 97"),
    ],
)
def test_a_bad_profile_id_is_one_line_naming_the_key(line: str, message: str) -> None:
    with pytest.raises(ConfigError) as err:
        config.loads(f"[owner]\n{line}\n")
    assert str(err.value) == f"config.toml: {message}"


def test_every_orcid_check_digit_is_caught() -> None:
    for wrong in "0123456789X":
        if wrong != "7":
            with pytest.raises(ValueError, match="should be 7"):
                profileid.orcid(f"0000-0002-1825-009{wrong}")


def test_the_profile_services_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = config.loads("")
    assert (cfg.orcid.api_url, cfg.orcid.delay_seconds) == ("https://pub.orcid.org/v3.0", 0.25)
    assert (cfg.openalex.api_url, cfg.openalex.api_key, cfg.openalex.delay_seconds) == (
        "https://api.openalex.org", "", 0.1)
    cfg = config.loads('[openalex]\napi_key = "k"\nmailto = "me@uni.edu"\ncache_hours = 1\n'
                       '[orcid]\napi_url = "https://api.sandbox.orcid.org/v3.0"\n')
    assert (cfg.openalex.api_key, cfg.openalex.mailto, cfg.openalex.cache_hours) == ("k", "me@uni.edu", 1.0)
    assert cfg.orcid.api_url == "https://api.sandbox.orcid.org/v3.0"
    for text, message in [('[openalex]\napi_url = "api.openalex.org"\n',
                           "'openalex.api_url' must be an http(s) URL, not 'api.openalex.org'"),
                          ("[orcid]\ndelay_seconds = -1\n", "'orcid.delay_seconds' must not be negative"),
                          ('[orcid]\napi_key = "k"\n', ("unknown key 'orcid.api_key' (expected one of: api_url, "
                           "delay_seconds, timeout_seconds, retries, cache_hours)"))]:
        with pytest.raises(ConfigError) as err:
            config.loads(text)
        assert str(err.value) == f"config.toml: {message}"
    monkeypatch.setenv("OPENALEX_API_KEY", "from-environment")
    assert OpenAlexClient("http://127.0.0.1:1").api_key == "from-environment"
    assert OpenAlexClient("http://127.0.0.1:1", api_key="from-config").api_key == "from-config"


# --- parsers on answers in the documented shapes -------------------------------------------

def _by_key(works: list[ProfileWork]) -> dict[str, ProfileWork]:
    return {w.key: w for w in works}


def test_orcid_v2_works_with_their_details() -> None:
    """API v2.1's shape: types in capitals, ``SELF``, contributors often empty and the authors
    only in a BibTeX citation (as dissemin's recordings of real records show)."""
    details = {str(i["work"]["put-code"]): i["work"]
               for i in load("orcid/0000-0003-1415-9269_works_bulk.json")["bulk"]}
    works = _by_key(parse_works(load("orcid/0000-0003-1415-9269_works.json")))
    assert len(works) == 6
    glaze = works["15000001"]
    assert (glaze.type, glaze.doi, glaze.year) == ("journal-article", "10.4204/eptcs.999.16", 2014)
    assert authors_of(details["15000001"]) == ("Ada Pott",)  # from its contributors
    assert authors_of(details["16000001"]) == ("Ada Pott", "Josiah Carberry")  # only its BibTeX says
    assert authors_of(details["45000001"]) == ("Ada Pott", "Josiah Carberry")
    preprint = works["45000001"]  # an arXiv paper that ORCID types a journal article
    assert (preprint.arxiv, preprint.doi, preprint.published) == ("1804.00001", "", None)
    assert works["46000001"].type == "supervised-student-publication"
    assert works["47000001"].doi == "10.5281/ZENODO.1000001" and works["47000001"].published is None


def test_orcid_groups_keep_one_work_per_group_and_only_real_dois() -> None:
    """40 groups, some of 5 versions from different sources, and a handle URL filed as a DOI."""
    data = load("orcid/0000-0002-2718-2815_works.json")
    works = _by_key(parse_works(data))
    assert len(works) == len(data["group"]) == 40
    assert works["36000005"].doi == ""  # "doi": "http://hdl.handle.net/2080/1234" is not a DOI
    assert works["36000009"].doi == "10.13140/2.1.0000.0001"  # a DOI as a dx.doi.org URL
    assert works["36000014"].key == "36000014"  # of 5 versions, the one with display-index 1
    assert all(w.published is None for w in works.values())  # v2.1 summaries have no journal title
    types = {w.type for w in works.values()}
    assert {"journal-article", "conference-paper", "book-chapter", "working-paper"} <= types


def test_orcid_v3_works_prefer_the_owners_version_and_only_own_ids() -> None:
    works = _by_key(parse_works(load(f"orcid/{CARBERRY}_works.json")))
    fractures = works["1002"]  # of the group's two versions, the one with the higher display-index
    assert fractures.title == "On Ceramic Fractures in Theory and Practice"
    assert fractures.doi == "10.5555/jpc.2020.42"  # external-id-normalized, not the URL
    assert fractures.published is not None and fractures.published.venue == "Journal of Psychoceramics"
    assert (works["2001"].arxiv, works["2001"].published, works["2001"].type) == ("2101.00001", None, "preprint")
    assert works["4001"].doi == ""  # the book's ISBN is part-of, not the chapter's own
    assert works["3001"].published is not None and works["3001"].published.kind == "conference"


def test_dblp_person_page() -> None:
    works = _by_key(parse_person((DATA / "dblp" / "pid_12-3456.xml").read_bytes()))
    assert list(works) == ["conf/nips/CarberryW21", "journals/corr/abs-2101-00001", "journals/jpc/Carberry20",
                           "conf/cpt/2019"]  # the home page (www) and the data set are no works
    nips = works["conf/nips/CarberryW21"]
    assert nips.authors == ("Josiah Carberry", "Wei Wang")  # without DBLP's homonym number
    assert nips.published is not None and (nips.published.venue, nips.published.pages) == ("NeurIPS", "1201-1213")
    corr = works["journals/corr/abs-2101-00001"]
    assert (corr.arxiv, corr.published, corr.type) == ("2101.00001", None, "informal")
    journal = works["journals/jpc/Carberry20"]
    assert journal.title == "On Ceramic Fractures in Theory and Practice"  # <i> markup and the period gone
    assert journal.doi == "10.5555/JPC.2020.42"
    assert works["conf/cpt/2019"].authors == ("Josiah Carberry", "Ada Lovelace")  # its editors


def test_openalex_keeps_the_names_printed_on_the_paper() -> None:
    works = _by_key([w for w in map(parse_work, load("openalex/works_A5000000001.json")) if w])
    assert works["W2700000004"].authors == ("Jonathan Carbery", "Mary Brown")  # not OpenAlex's guess
    assert works["W3200000002"].authors == ("J. Carberry", "W. Wang")
    preprint = works["W3100000001"]
    assert (preprint.arxiv, preprint.doi, preprint.published) == ("2101.00001", "", None)
    nips = works["W3200000002"]
    assert nips.arxiv == "2101.00001"  # from its arXiv location
    assert nips.published is not None and (nips.published.kind, nips.published.pages) == ("conference", "1201-1213")
    assert works["W4000000005"].published is None  # a Zenodo data set: a repository is no venue
    assert works["W2700000004"].published.pages == "101"  # type: ignore[union-attr]


def test_a_work_survives_the_cache_format() -> None:
    for w in parse_person((DATA / "dblp" / "pid_12-3456.xml").read_bytes()):
        assert ProfileWork.from_json(json.loads(json.dumps(w.to_json()))) == w


# --- clients against the stand-ins --------------------------------------------------------

def _config(server: HTTPServer, tmp_path: Path, owner: str = "", **handlers: Any) -> config.Config:
    tables = fake_profiles.serve(server, **handlers)
    text = f'cache_dir = "{tmp_path / "cache"}"\n[owner]\nnames = ["Josiah Carberry"]\n{owner}\n{tables}'
    return config.loads(text, str(tmp_path / "config.toml"))


def test_each_profile_in_its_few_requests(httpserver: HTTPServer, tmp_path: Path) -> None:
    cfg = _config(httpserver, tmp_path, f'dblp = "12/3456"\norcid = "{CARBERRY}"\nsemanticscholar = "1234567"\n'
                                        'openalex = "A5000000001"')
    found = {p.service: profiles.works(cfg, p) for p in profiles.configured(cfg)}
    assert {s: len(w) for s, w in found.items()} == {"dblp": 4, "orcid": 5, "semanticscholar": 4, "openalex": 5}
    assert [r.path for r in asked(httpserver, "/dblp/")] == ["/dblp/pid/12/3456.xml"]
    assert [r.path for r in asked(httpserver, "/orcid/")] == [
        f"/orcid/v3.0/{CARBERRY}/works", f"/orcid/v3.0/{CARBERRY}/works/1002,2001,3001,4001,5001"]
    assert all(r.headers["Accept"] == "application/json" for r in asked(httpserver, "/orcid/"))
    (s2,) = asked(httpserver, "/s2/")
    assert dict(s2.args) == {"fields": "title,authors,year,venue,publicationVenue,journal,publicationTypes,"
                                       "externalIds", "offset": "0", "limit": "1000"}
    (oa,) = asked(httpserver, "/openalex/")  # meta.count says the one page was all
    assert dict(oa.args) == {"filter": "author.id:A5000000001", "per-page": "200", "cursor": "*",
                             "select": "id,doi,display_name,publication_year,type,primary_location,locations,"
                                       "authorships,biblio", "api_key": KEY}
    orcid = _by_key(found["orcid"])
    assert orcid["4001"].authors == ("Josiah Carberry", "Ada Lovelace")  # "and others" left out
    assert orcid["3001"].authors == ("J. Carberry", "W. Wang")  # the editor is no author
    assert orcid["5001"].authors == ("Jonathan Carbery", "Mary Brown")
    s2_works = _by_key(found["semanticscholar"])
    glaze = s2_works["c3d4e5f60718293a4b5c6d7e8f90123456789012"]
    assert (glaze.arxiv, glaze.doi, glaze.published) == ("2203.00002", "", None)  # arXiv only
    assert s2_works["a1b2c3d4e5f60718293a4b5c6d7e8f9012345678"].identifiers() == {
        "arxiv": "2101.00001", "dblp": "conf/nips/CarberryW21",
        "semanticscholar": "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678"}


def test_an_old_dblp_pid_accents_as_character_references_and_empty_profiles(httpserver: HTTPServer) -> None:
    ley = dblp_person("l/MichaelLey", [('<article key="journals/x/Ley09"><author>J&#252;rgen M&#xFC;ller 0002</author>'
                                       "<title>DBLP.</title><journal>X</journal><year>2009</year></article>")])
    httpserver.expect_request(re.compile("^/dblp/")).respond_with_handler(fake_profiles.dblp({"l/MichaelLey": ley}))
    httpserver.expect_request(re.compile("^/orcid/")).respond_with_handler(
        fake_profiles.orcid({CARBERRY: OrcidRecord({"group": []}, [])}))
    httpserver.expect_request(re.compile("^/openalex/")).respond_with_handler(
        fake_profiles.openalex({"A5000000001": []}))
    (work,) = DblpClient(httpserver.url_for("/dblp"), delay_seconds=0).profile("l/MichaelLey")
    assert work.authors == ("J\u00fcrgen M\u00fcller",)
    assert OrcidClient(httpserver.url_for("/orcid/v3.0"), delay_seconds=0).profile(CARBERRY) == []
    assert OpenAlexClient(httpserver.url_for("/openalex"), api_key=KEY, delay_seconds=0).profile("A5000000001") == []
    assert [r.path for r, _ in httpserver.log] == [
        "/dblp/pid/l/MichaelLey.xml", f"/orcid/v3.0/{CARBERRY}/works",  # no details to ask for
        "/openalex/works", "/openalex/authors/A5000000001"]  # an author with no works, not a wrong id


def test_semantic_scholar_pages_of_a_875_paper_author(httpserver: HTTPServer) -> None:
    httpserver.expect_request(re.compile("^/s2/")).respond_with_handler(fake_profiles.semanticscholar())
    clock = Clock()
    client = SemanticScholarClient(httpserver.url_for("/s2/graph/v1"), page_size=100, sleep=clock.sleep,
                                   clock=clock.time)
    works = client.profile("1723755")
    assert len(works) == 875
    assert [r.args["offset"] for r, _ in httpserver.log] == [str(n) for n in range(0, 900, 100)]
    assert clock.sleeps == [1.0] * 8  # a second apart, as Semantic Scholar asks without a key
    assert [w.title for w in works[99:101]] == ["Paper 99", "Paper 100"]
    httpserver.clear_log()
    assert len(SemanticScholarClient(httpserver.url_for("/s2/graph/v1"), delay_seconds=0).profile("1723755")) == 875
    assert len(httpserver.log) == 1  # 1000 a page


def _many(n: int) -> dict[str, Any]:
    """A 500-work profile on each service, in its documented shape."""
    titles = [f"Cracked Pots, Part {i}" for i in range(n)]
    dblp_ = {"12/3456": dblp_person("12/3456", (
        f'<article key="journals/jpc/C{i}"><author pid="12/3456">Josiah Carberry</author><title>{t}.</title>'
        f"<journal>J. Psychoceramics</journal><year>2020</year></article>" for i, t in enumerate(titles)))}
    summaries = [{"external-ids": {"external-id": []}, "work-summary": [
        {"put-code": 10000 + i, "title": {"title": {"value": t}}, "type": "journal-article", "display-index": "0"}]}
        for i, t in enumerate(titles)]
    details = [{"put-code": 10000 + i, "contributors": {"contributor": [{"credit-name": {"value": "Josiah Carberry"}}]}}
               for i in range(n)]
    s2 = [{"paperId": f"{i:040x}", "title": t, "authors": [{"name": "Josiah Carberry"}]} for i, t in enumerate(titles)]
    oa = [{"id": f"https://openalex.org/W{i}", "display_name": t,
           "authorships": [{"raw_author_name": "Josiah Carberry"}]} for i, t in enumerate(titles)]
    return {"dblp_": fake_profiles.dblp(dblp_),
            "orcid_": fake_profiles.orcid({CARBERRY: OrcidRecord({"group": summaries}, details)}),
            "s2": fake_profiles.semanticscholar({"1234567": s2}),
            "openalex_": fake_profiles.openalex({"A5000000001": oa})}


def test_a_500_work_profile_on_each_service(httpserver: HTTPServer, tmp_path: Path) -> None:
    cfg = _config(httpserver, tmp_path, f'dblp = "12/3456"\norcid = "{CARBERRY}"\nsemanticscholar = "1234567"\n'
                                        'openalex = "A5000000001"', **_many(500))
    for profile in profiles.configured(cfg):
        works = profiles.works(cfg, profile)
        assert len(works) == 500 and works[499].title == "Cracked Pots, Part 499", profile
        assert all(w.authors == ("Josiah Carberry",) for w in works), profile
    counts = {prefix: len(asked(httpserver, prefix)) for prefix in ("/dblp/", "/orcid/", "/s2/", "/openalex/")}
    assert counts == {"/dblp/": 1, "/orcid/": 6, "/s2/": 1, "/openalex/": 3}
    bulk = [r.path.rsplit("/", 1)[1].count(",") + 1 for r in asked(httpserver, "/orcid/")[1:]]
    assert bulk == [100] * 5
    cursors = [r.args["cursor"] for r in asked(httpserver, "/openalex/")]
    assert cursors[0] == "*" and len(set(cursors)) == 3


def test_openalex_follows_cursors_to_the_documented_empty_page(httpserver: HTTPServer) -> None:
    """Without ``meta.count`` the list ends at an empty page whose cursor is null."""
    def no_count(request: Request) -> Response:
        response = fake_profiles.openalex()(request)
        data = json.loads(response.get_data())
        data["meta"].pop("count", None)
        return Response(json.dumps(data), status=response.status_code, content_type="application/json")

    httpserver.expect_request(re.compile("^/openalex/")).respond_with_handler(no_count)
    client = OpenAlexClient(httpserver.url_for("/openalex"), api_key=KEY, per_page=2, delay_seconds=0)
    assert len(client.profile("A5000000001")) == 5
    assert len(httpserver.log) == 4  # 2 + 2 + 1, then the empty page


@pytest.mark.parametrize(
    ("owner", "message"),
    [
        ('dblp = "99/9999"', "DBLP profile 99/9999: not found (HTTP 404); check 'owner.dblp' in config.toml"),
        ('orcid = "0000-0001-5109-3700"',
         "ORCID profile 0000-0001-5109-3700: not found (HTTP 404); check 'owner.orcid' in config.toml"),
        ('semanticscholar = "0"',
         "Semantic Scholar profile 0: not found (HTTP 404); check 'owner.semanticscholar' in config.toml"),
        ('openalex = "A9999999999"',
         "OpenAlex profile A9999999999: not found (HTTP 404); check 'owner.openalex' in config.toml"),
    ],
)
def test_a_profile_that_does_not_exist(httpserver: HTTPServer, tmp_path: Path, owner: str, message: str) -> None:
    cfg = _config(httpserver, tmp_path, owner)
    (profile,) = profiles.configured(cfg)
    with pytest.raises(FetchError) as err:
        profiles.works(cfg, profile)
    assert str(err.value) == message
    assert len(httpserver.log) <= 2  # a 404 is final: not retried


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize("service", ["dblp", "orcid", "semanticscholar", "openalex"])
def test_a_service_down_is_one_line(tmp_path: Path, service: str) -> None:
    port = _closed_port()
    ids = {"dblp": "12/3456", "orcid": CARBERRY, "semanticscholar": "1234567", "openalex": "A5000000001"}
    cfg = config.loads(f'cache_dir = "{tmp_path}"\n[owner]\n{service} = "{ids[service]}"\n'
                       f'[{service}]\napi_url = "http://127.0.0.1:{port}"\nretries = 1\ndelay_seconds = 0\n'
                       + ('api_key = "k"\n' if service == "openalex" else ""))
    clock = Clock()
    (profile,) = profiles.configured(cfg)
    source = profiles.client(cfg, service)
    source.http._sleep, source.http._clock = clock.sleep, clock.time  # type: ignore[attr-defined]
    with pytest.raises(FetchError) as err:
        profiles.works(cfg, profile, source=source)
    # a refused connection is final at once (the service is not asked again this run)
    assert str(err.value) == f"{profile}: cannot reach 127.0.0.1:{port} (connection refused)"
    assert clock.sleeps == []
    assert not list(tmp_path.rglob("*.json"))  # a failure is not cached


@pytest.mark.parametrize(
    ("prefix", "owner", "message"),
    [
        ("/dblp/", 'dblp = "12/3456"', ("DBLP profile 12/3456: DBLP answered with malformed XML (syntax error: "
                                       "line 1, column 0) after 1 retry")),
        ("/orcid/", f'orcid = "{CARBERRY}"', (f"ORCID profile {CARBERRY}: ORCID answered with JSON that is not a "
                                             "list of works after 1 retry")),
        ("/s2/", 'semanticscholar = "1234567"', ("Semantic Scholar profile 1234567: Semantic Scholar answered with "
                                                "something other than a page of papers after 1 retry")),
        ("/openalex/", 'openalex = "A5000000001"', ("OpenAlex profile A5000000001: OpenAlex answered with JSON "
                                                   "that is not a list of works after 1 retry")),
    ],
)
def test_garbage_is_retried_then_one_line(
    httpserver: HTTPServer, tmp_path: Path, prefix: str, owner: str, message: str
) -> None:
    httpserver.expect_request(re.compile(f"^{prefix}")).respond_with_data('["<html>"]', content_type="text/html")
    cfg = _config(httpserver, tmp_path, owner)
    cfg = cfg._replace(**{s: getattr(cfg, s)._replace(retries=1) for s in ("dblp", "orcid", "semanticscholar",
                                                                          "openalex")})
    (profile,) = profiles.configured(cfg)
    with pytest.raises(FetchError) as err:
        profiles.works(cfg, profile)
    assert str(err.value) == message
    assert len(httpserver.log) == 2


def test_orcid_says_why_a_record_is_refused(httpserver: HTTPServer) -> None:
    locked = {"response-code": 409, "developer-message": "409 Conflict: The ORCID record is locked and cannot "
              "be edited. ORCID https://orcid.org/0000-0001-5109-3700", "user-message": "The ORCID record is "
              "locked.", "error-code": 9018}
    httpserver.expect_request("/v3.0/0000-0001-5109-3700/works").respond_with_json(locked, status=409)
    with pytest.raises(FetchError) as err:
        OrcidClient(httpserver.url_for("/v3.0"), delay_seconds=0).profile("0000-0001-5109-3700")
    assert str(err.value) == "ORCID profile 0000-0001-5109-3700: HTTP 409 from ORCID: The ORCID record is locked."


def test_orcid_paces_its_requests(httpserver: HTTPServer) -> None:
    httpserver.expect_request(re.compile("^/orcid/")).respond_with_handler(fake_profiles.orcid())
    clock = Clock()
    client = OrcidClient(httpserver.url_for("/orcid/v3.0"), sleep=clock.sleep, clock=clock.time)
    works = _by_key(client.profile("0000-0002-2718-2815"))
    assert len(works) == 40 and clock.sleeps == [0.25]
    conference = works["36000005"]  # with its details, from the bulk answer
    assert conference.authors == ("D P Tripp", "B Gunnar", "D K Prada")
    assert conference.published is not None and conference.published.venue == (
        "62nd Library Association Conference 2017 International Conference on \u201cGearing up for the "
        "future: Library initiatives\u201d")  # HTML entities decoded, the trailing comma dropped
    assert works["36000014"].authors == ()  # a put-code the bulk answer has no work for


def test_openalex_without_a_key_asks_nothing(httpserver: HTTPServer, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENALEX_API_KEY", raising=False)
    cfg = _config(httpserver, tmp_path, 'openalex = "A5000000001"')
    cfg = cfg._replace(openalex=cfg.openalex._replace(api_key=""))
    (profile,) = profiles.configured(cfg)
    with pytest.raises(FetchError) as err:
        profiles.works(cfg, profile)
    assert str(err.value) == f"OpenAlex profile A5000000001: {KEY_HELP}"
    assert str(err.value).endswith("set [openalex] api_key in config.toml or OPENALEX_API_KEY in the environment")
    assert not httpserver.log
    cfg = cfg._replace(openalex=cfg.openalex._replace(api_key="wrong"))
    with pytest.raises(FetchError) as err:
        profiles.works(cfg, profile)
    assert str(err.value) == ("OpenAlex profile A5000000001: HTTP 401 from OpenAlex: A valid API key is "
                              "required; check the API key ([openalex] api_key or OPENALEX_API_KEY)")


def test_paging_that_does_not_advance_stops(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/s2/author/1/papers").respond_with_json({"offset": 0, "next": 0, "data": []})
    httpserver.expect_request("/oa/works").respond_with_json(
        {"meta": {"next_cursor": "same"}, "results": [{"id": "https://openalex.org/W1", "display_name": "A"}]})
    with pytest.raises(FetchError, match="paging does not advance"):
        SemanticScholarClient(httpserver.url_for("/s2"), delay_seconds=0).profile("1")
    with pytest.raises(FetchError, match="paging does not advance"):
        OpenAlexClient(httpserver.url_for("/oa"), api_key="k", delay_seconds=0).profile("A1")
    assert len(httpserver.log) == 3


def test_a_second_call_uses_the_cache(httpserver: HTTPServer, tmp_path: Path) -> None:
    cfg = _config(httpserver, tmp_path, f'dblp = "12/3456"\norcid = "{CARBERRY}"\nsemanticscholar = "1234567"\n'
                                        'openalex = "A5000000001"')
    first = {p: profiles.works(cfg, p) for p in profiles.configured(cfg)}
    sent = len(httpserver.log)
    assert sent == 5
    assert {p: profiles.works(cfg, p) for p in profiles.configured(cfg)} == first
    assert len(httpserver.log) == sent  # asked nothing
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == ["dblp", "openalex", "orcid",
                                                                     "semanticscholar"]
    dblp = profiles.Profile("dblp", "12/3456")
    assert profiles.works(cfg, dblp, refresh=True) == first[dblp]
    assert len(httpserver.log) == sent + 1
    for damaged in (tmp_path / "cache" / "orcid").rglob("*.json"):
        damaged.write_text('{"query": "0000-0002-1825-0097", "saved": 1e12, "answer": [{"title": 1}]}')
    assert profiles.works(cfg, profiles.Profile("orcid", CARBERRY)) == first[profiles.Profile("orcid", CARBERRY)]
    assert len(httpserver.log) == sent + 3  # a damaged file is a miss
    stale = cfg._replace(dblp=cfg.dblp._replace(cache_hours=0))
    profiles.works(stale, dblp)
    assert len(httpserver.log) == sent + 4


# --- the proxy and certificate settings, for every service --------------------------------

def test_requests_go_through_the_proxy_of_the_environment(httpserver: HTTPServer,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """``HTTP_PROXY`` names a stand-in proxy on 127.0.0.1: a client asking a host that does not
    resolve gets its answer through the proxy, which sees the whole URL."""
    seen: list[str] = []

    def proxy(request: Request) -> Response:
        seen.append(request.host)
        return fake_profiles.dblp()(Request({**request.environ, "PATH_INFO": "/dblp" + request.path}))

    httpserver.expect_request(re.compile("^/pid/")).respond_with_handler(proxy)
    monkeypatch.setenv("HTTP_PROXY", httpserver.url_for("/"))
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    works = DblpClient("http://dblp.example.invalid", delay_seconds=0).profile("12/3456")
    assert len(works) == 4
    assert seen == ["dblp.example.invalid"]


def test_https_goes_through_the_proxy_s_tunnel_and_trusts_the_ca_bundle(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """``HTTPS_PROXY`` as a university network sets it: the client asks the proxy to ``CONNECT``
    to the service, speaks TLS to the service through that tunnel, and checks the service's
    certificate against ``REQUESTS_CA_BUNDLE`` (a stand-in authority made for the test)."""
    import ssl
    import threading

    import trustme

    authority = trustme.CA()
    bundle = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(bundle))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("dblp.example.invalid").configure_cert(context)
    service = HTTPServer(host="127.0.0.1", port=0, ssl_context=context)
    service.expect_request(re.compile("^/pid/")).respond_with_handler(
        lambda request: fake_profiles.dblp()(Request({**request.environ, "PATH_INFO": "/dblp" + request.path})))
    service.start()
    tunnels: list[bytes] = []  # the request line of each CONNECT

    def pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while chunk := source.recv(65536):
                sink.sendall(chunk)
            sink.shutdown(socket.SHUT_WR)
        except OSError:  # the client hung up, as it does when it refuses the certificate
            sink.close()

    def tunnel(client: socket.socket) -> None:  # a proxy: CONNECT, then bytes both ways
        request = b""
        while b"\r\n\r\n" not in request:
            request += client.recv(4096)
        tunnels.append(request.split(b"\r\n", 1)[0])
        upstream = socket.create_connection(("127.0.0.1", service.port))
        client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        threading.Thread(target=pipe, args=(upstream, client), daemon=True).start()
        pipe(client, upstream)

    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(10)

    def accept() -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=tunnel, args=(client,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{listener.getsockname()[1]}")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(bundle))
    for name in ("NO_PROXY", "no_proxy", "https_proxy", "CURL_CA_BUNDLE"):
        monkeypatch.delenv(name, raising=False)
    try:
        works = DblpClient(f"https://dblp.example.invalid:{service.port}", delay_seconds=0).profile("12/3456")
        assert len(works) == 4
        assert [line.split()[:2] for line in tunnels] == [[b"CONNECT", f"dblp.example.invalid:{service.port}".encode()]]
        monkeypatch.delenv("REQUESTS_CA_BUNDLE")  # the system's authorities do not know the stand-in's
        with pytest.raises(FetchError, match=r"^DBLP profile 12/3456: cannot reach dblp\.example\.invalid:\d+ \(its certificate is not trusted \(.*\); "
                                             r"if your network inspects TLS, set REQUESTS_CA_BUNDLE"):
            DblpClient(f"https://dblp.example.invalid:{service.port}", delay_seconds=0,
                       retries=0).profile("12/3456")
    finally:
        listener.close()
        service.stop()


def test_no_proxy_is_honoured(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> None:
    httpserver.expect_request(re.compile("^/dblp/")).respond_with_handler(fake_profiles.dblp())
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{_closed_port()}")  # a proxy that is down
    monkeypatch.setenv("NO_PROXY", "localhost,127.0.0.1")
    assert len(DblpClient(httpserver.url_for("/dblp"), delay_seconds=0).profile("12/3456")) == 4
    monkeypatch.setenv("NO_PROXY", "elsewhere.example")
    with pytest.raises(FetchError, match=r"cannot reach .* \(the proxy failed: connection refused; "
                                         r"check HTTPS_PROXY and NO_PROXY\)"):
        DblpClient(httpserver.url_for("/dblp"), delay_seconds=0, retries=0).profile("12/3456")


def test_a_ca_bundle_that_is_not_there_is_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """``REQUESTS_CA_BUNDLE`` is read (requests' own setting) and a wrong one is named, not a traceback."""
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(tmp_path / "missing.pem"))
    with pytest.raises(FetchError) as err:
        OrcidClient("https://127.0.0.1:9", delay_seconds=0).profile(CARBERRY)
    assert str(err.value) == (f"ORCID profile {CARBERRY}: cannot reach 127.0.0.1:9: Could not find a suitable "
                              f"TLS CA certificate bundle, invalid path: {tmp_path / 'missing.pem'}")
