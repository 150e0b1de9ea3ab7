"""DBLP: a record by its key, a title search, or a person's works; the short venue names CVs print.

``{api_url}/pid/<pid>.xml`` gives a person's page (``<dblpperson>``, one ``<r>`` a work), the
owner's whole profile in one request. ``{api_url}/rec/<key>.xml`` gives one record (``<dblp><inproceedings key=...>`` with
``author``, ``title``, ``booktitle`` or ``journal``, ``volume``, ``number``, ``pages``,
``year``, ``ee``), and ``{api_url}/search/publ/api?q=...&format=json&h=...`` a list of hits
(documented at https://dblp.org/faq/How+to+use+the+dblp+search+API.html). DBLP's copies of
arXiv papers (``journals/corr/*``, venue ``CoRR``) are never a venue; names lose DBLP's
homonym numbers (``Wei Wang 0001``). DBLP asks for a pause of a second or two between
requests and answers 429 with ``Retry-After`` when it gets too many.

>>> rec = parse_record(b'<dblp><inproceedings key="conf/nips/ZhangYGKGBM19"><author>Tianjun Zhang'
...     b'</author><title>ANODEV2: A Coupled Neural ODE Framework.</title><pages>5152-5162</pages>'
...     b'<year>2019</year><booktitle>NeurIPS</booktitle></inproceedings></dblp>')
>>> rec.kind, rec.venue, rec.title, rec.pages
('conference', 'NeurIPS', 'ANODEV2: A Coupled Neural ODE Framework', '5152-5162')
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, Final, Unpack
from urllib.parse import quote

from publist.errors import FetchError
from publist.sources.http import Answer, Batch, Client, Retry, Transport, json_body, web_page
from publist.sources.profile import ProfileWork, arxiv_of, not_found, split_doi
from publist.sources.published import Published, is_preprint, person, text, year_of

WAIT_AFTER_429: Final = 0.0
"""Seconds at least after a 429: none of DBLP's own; it says how long in ``Retry-After``, which
the shared client honours (else it backs off 1, 2, 4 s)."""
HITS: Final = 10
"""Hits a title search asks for: the paper, its CoRR copy, and a few look-alikes."""
_DOI_LINK: Final = re.compile(r"^https?://(?:dx\.)?doi\.org/(10\.\d{4,9}/\S+)$", re.IGNORECASE)
_RECORD_TYPES: Final = {"inproceedings": "conference", "article": "journal", "incollection": "other",
                        "book": "other", "phdthesis": "other", "mastersthesis": "other"}
_PERSON_TYPES: Final = (*_RECORD_TYPES, "proceedings")
"""What a person's page lists as works; ``www`` (the home page record) and ``data`` are not."""
_SEARCH_TYPES: Final = {"Conference and Workshop Papers": "conference", "Journal Articles": "journal"}


def is_corr(key: str, venue: str = "") -> bool:
    """Whether a DBLP record is its copy of an arXiv paper (``journals/corr/...``, ``CoRR``)."""
    return key.startswith("journals/corr/") or venue.strip().lower() == "corr"


def _title(value: str) -> str:
    """DBLP's titles end in a period that is not part of the title."""
    value = " ".join(value.split())
    return value[:-1] if value.endswith(".") and not value.endswith("..") else value


def _doi(links: Iterable[str]) -> str:
    for link in links:
        m = _DOI_LINK.match(link.strip())
        if m and not is_preprint("", m.group(1)):
            return m.group(1)
    return ""


def _xml(body: bytes) -> Any:
    """The root element of a DBLP answer.

    Raises :class:`Retry` for XML that does not parse or a web page, :class:`FetchError` for XML
    that publist refuses to read (a DTD, entities).
    """
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    if web_page(body):  # a proxy's or a network's login page, answered with 200
        raise Retry("DBLP answered with a web page, not XML (a proxy's or a network's login page?)")
    try:
        return fromstring(body, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as err:
        raise FetchError(f"DBLP answered with XML that publist refuses to read ({type(err).__name__})") from None
    except Exception as err:  # noqa: BLE001 - ParseError and friends from expat
        raise Retry(f"DBLP answered with malformed XML ({err})") from None


def _field(record: Any, name: str) -> str:
    element = record.find(name)
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def _names(record: Any, tag: str) -> tuple[str, ...]:
    return tuple(n for n in (person(" ".join("".join(a.itertext()).split())) for a in record.findall(tag)) if n)


def _published(record: Any) -> Published | None:
    """The venue of a record element; ``None`` for a CoRR copy or no venue."""
    key = record.get("key", "")
    venue = _field(record, "booktitle") or _field(record, "journal")
    if not venue or is_corr(key, venue) or is_preprint(venue):
        return None
    return Published(
        "DBLP", _RECORD_TYPES[record.tag], venue, volume=_field(record, "volume"),
        number=_field(record, "number"), pages=_field(record, "pages"),
        year=year_of(_field(record, "year")), publisher=_field(record, "publisher"),
        doi=_doi("".join(e.itertext()) for e in record.findall("ee")),
        title=_title(_field(record, "title")), authors=_names(record, "author"), key=key,
    )


def _own_place(record: Any, doi: str) -> Published | None:
    """Where a thesis or a book of a person's page appeared: its school or its publisher
    (which a CV shows as its venue); ``None`` for other records."""
    place = _field(record, "school") if record.tag.endswith("thesis") else (
        _field(record, "publisher") if record.tag == "book" else "")
    if not place:
        return None
    return Published("DBLP", "other", place, year=year_of(_field(record, "year")), doi=doi,
                     title=_title(_field(record, "title")), authors=_names(record, "author"),
                     key=record.get("key", ""))


def parse_record(body: bytes) -> Published | None:
    """The publication in a ``rec/<key>.xml`` answer; ``None`` for a CoRR copy or no venue.

    Raises :class:`Retry` for XML that does not parse, :class:`FetchError` for XML that
    publist refuses to read (a DTD, entities).
    """
    root = _xml(body)
    record = root if root.tag in _RECORD_TYPES else next(iter(root), None)
    if record is None or record.tag not in _RECORD_TYPES:
        return None
    return _published(record)


def parse_person(body: bytes) -> list[ProfileWork]:
    """Every publication of a ``pid/<pid>.xml`` answer (``<dblpperson>``), CoRR copies included.

    The person's home page record (``<www>``) is not a work, nor is a record without a title;
    an edited volume (``<proceedings>``) lists its editors as its authors. :class:`Retry` for an answer that
    is not a person.
    """
    root = _xml(body)
    if root.tag != "dblpperson":
        raise Retry(f"DBLP answered with <{root.tag}>, not a person")
    works = []
    for r in root.findall("r"):
        record = next(iter(r), None)
        if record is None or record.tag not in _PERSON_TYPES or not _title(_field(record, "title")):
            continue  # a work without a title is no entry of a list, as the other profiles skip it
        key = record.get("key", "")
        links = ["".join(e.itertext()).strip() for e in record.findall("ee")]
        doi = arxiv = ""
        for link in links:
            found_doi, found_arxiv = split_doi(link)
            doi, arxiv = doi or found_doi, arxiv or found_arxiv or arxiv_of(link)
        if not arxiv and is_corr(key, _field(record, "journal")):
            arxiv = arxiv_of(_field(record, "volume").removeprefix("abs/"))
        works.append(ProfileWork(
            "DBLP", _title(_field(record, "title")),
            _names(record, "author") or _names(record, "editor"), year_of(_field(record, "year")),
            "informal" if record.get("publtype") == "informal" else record.tag,
            (_published(record) or _own_place(record, doi)) if record.tag in _RECORD_TYPES else None,
            doi=doi, arxiv=arxiv, dblp=key, key=key,
        ))
    return works


def parse_search(data: Any) -> list[Published]:
    """The publications of a search answer, CoRR copies left out."""
    if not isinstance(data, dict) or not isinstance(data.get("result"), dict):
        raise Retry("DBLP answered with JSON that is not a search result")
    hits = data["result"].get("hits")
    hits = hits.get("hit", []) if isinstance(hits, dict) else []
    if isinstance(hits, dict):
        hits = [hits]
    out = []
    for hit in hits if isinstance(hits, list) else []:
        info = hit.get("info") if isinstance(hit, dict) else None
        if not isinstance(info, dict):
            continue
        key, venue = text(info.get("key")), text(info.get("venue"))
        if not venue or is_corr(key, venue) or is_preprint(venue):
            continue
        authors = info.get("authors", {}).get("author", []) if isinstance(info.get("authors"), dict) else []
        if not isinstance(authors, list):
            authors = [authors]
        names = tuple(person(text(a.get("text")) if isinstance(a, dict) else text(a)) for a in authors)
        ee = info.get("ee")
        links = [text(e) for e in ee] if isinstance(ee, list) else [text(ee)]
        out.append(Published(
            "DBLP", _SEARCH_TYPES.get(text(info.get("type")), "other"), venue,
            volume=text(info.get("volume")), number=text(info.get("number")),
            pages=text(info.get("pages")), year=year_of(info.get("year")),
            publisher=text(info.get("publisher")),
            doi=_doi([f"https://doi.org/{text(info.get('doi'))}"] if text(info.get("doi")) else links),
            title=_title(text(info.get("title"))), authors=tuple(n for n in names if n), key=key,
        ))
    return out


class DblpClient:
    """Records by key and title searches, e.g. ``DblpClient(url).records(["conf/nips/X19"])``."""

    def __init__(
        self,
        api_url: str = "https://dblp.org",
        *,
        delay_seconds: float = 2.0,
        **transport: Unpack[Transport],
    ) -> None:
        self.api_url = api_url.rstrip("/")
        self.http = Client("DBLP", delay_seconds=delay_seconds, wait_after_429=WAIT_AFTER_429, **transport)

    def records(self, keys: Iterable[str]) -> Batch[Published | None]:
        """Each key's record, one request a key; ``None`` for a CoRR copy or a key DBLP lacks."""
        result: Batch[Published | None] = Batch()
        for key in dict.fromkeys(keys):
            try:
                url = f"{self.api_url}/rec/{quote(key, safe='/')}.xml"
                result.found[key] = self.http.request("GET", url, _read_record)
            except FetchError as err:
                result.failed[key] = str(err)
        return result

    def profile(self, pid: str) -> list[ProfileWork]:
        """Every work on a person's page, in one request (``pid/<pid>.xml``): DBLP's profile.

        e.g. ``DblpClient(url).profile("12/3456")``; an old pid (``l/MichaelLey``) works too.
        """
        try:
            return self.http.request("GET", f"{self.api_url}/pid/{quote(pid, safe='/')}.xml", _read_person)
        except FetchError as err:
            raise FetchError(f"DBLP profile {pid}: {err}") from None

    def search(self, titles: Iterable[str]) -> Batch[list[Published]]:
        """Each title's hits (the caller judges them), one request a title."""
        result: Batch[list[Published]] = Batch()
        for title in dict.fromkeys(titles):
            params = {"q": title, "format": "json", "h": str(HITS)}
            try:
                result.found[title] = self.http.request(
                    "GET", f"{self.api_url}/search/publ/api", _read_search, params=params)
            except FetchError as err:
                result.failed[title] = str(err)
        return result


def _read_record(answer: Answer) -> Published | None:
    if answer.status == 404:
        return None
    if answer.status != 200:
        raise FetchError(f"HTTP {answer.status} from DBLP")
    return parse_record(answer.body)


def _read_person(answer: Answer) -> list[ProfileWork]:
    if answer.status in (404, 410):
        raise FetchError(not_found("dblp", answer.status))
    if answer.status != 200:
        raise FetchError(f"HTTP {answer.status} from DBLP")
    return parse_person(answer.body)


def _read_search(answer: Answer) -> list[Published]:
    if answer.status != 200:
        raise FetchError(f"HTTP {answer.status} from DBLP")
    return parse_search(json_body(answer, "DBLP"))
