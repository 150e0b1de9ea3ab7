"""How sync looks one entry up: the questions, in order, each waiting only for what it needs.

:func:`entry` is one entry's look-up as a coroutine of :mod:`publist.sync.pipeline`: the
owner's profiles (one or a few requests each, for every entry at once), then arXiv (by the id
the entry has, or the one a profile gives, else by title), Semantic Scholar by the arXiv id
(500 a request; asked at once for the ids the file has), and for an entry that needs a venue
(a preprint, or an entry with none), DBLP by the key Semantic Scholar gave, else by a title
search whose hits must pass the strict title rule of :mod:`publist.papers.matching`, and Crossref by
the published DOI. A profile that lists the paper (by any identifier, then the strict title
rule: :mod:`publist.papers.identity`) is a source like the others; where its record already gives the
venue, the year and the pages, DBLP and Crossref are not asked about that entry, and DBLP is
never asked for a record the DBLP profile holds. A source that fails fails its own questions
only: the others go on.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final, NamedTuple

from publist.bib.reader import Record
from publist.papers import arxivid, identity, matching, preprints, publication
from publist.papers.links import bare_doi, entry_dois
from publist.sources.atom import ArxivEntry
from publist.sources.crossref import CrossrefClient, published
from publist.sources.dblp import DblpClient
from publist.sources.profile import ProfileWork
from publist.sources.published import Published
from publist.sources.semanticscholar import Paper, SemanticScholarClient
from publist.sync.pipeline import Answer, Ask, Step
from publist.sync.venues import Found
from publist.text import names

ARXIV: Final = "arXiv"
SEMANTIC_SCHOLAR: Final = "Semantic Scholar"
DBLP: Final = "DBLP"
CROSSREF: Final = "Crossref"
INDEX_ARXIV: Final = frozenset({DBLP, SEMANTIC_SCHOLAR})
"""Profiles that list a paper's arXiv copy whenever there is one (DBLP's CoRR records, Semantic
Scholar's arXiv ids): a paper they list without one is not searched on arXiv by title."""


class Question(NamedTuple):
    """What is known about one entry when asking where it appeared."""

    entry: int
    """The entry itself: its offset in the file (two entries with one key are two entries)."""
    arxiv: str | None
    """The arXiv id without version, if the entry has one."""
    doi: str | None
    """A published (not arXiv's) DOI the entry or arXiv gave, if any."""
    title: str
    authors: str
    """The ``author`` field, for the title rule."""
    needs_venue: bool
    """Whether the entry is a preprint or has no venue: then DBLP and Crossref are asked too."""


class Failure(NamedTuple):
    """A question about one entry that a service could not answer, e.g. ``Failure("DBLP",
    "DBLP conf/iccv/DongYGMK19", "HTTP 404 from DBLP")``."""

    service: str
    """The service, as messages name it: the failures of one service for one reason are one line."""
    what: str
    """What was asked, for a failure said of its entry alone."""
    why: str


@dataclass
class VenueAnswers:
    """The records found for each entry (by :attr:`Question.entry`), what failed, and what was
    refused."""

    found: dict[int, list[Found]] = field(default_factory=dict)
    failed: dict[int, list[Failure]] = field(default_factory=dict)
    refused: dict[int, str] = field(default_factory=dict)
    """Title-search look-alikes refused, by entry, with why."""
    unreachable: dict[str, str] = field(default_factory=dict)
    """Sources that could not be reached at all, with why: one line each, not one per entry."""
    requests: dict[str, int] = field(default_factory=dict)
    """Requests sent to each source, e.g. ``{"Semantic Scholar": 1, "DBLP": 4}``."""
    profiles: list[str] = field(default_factory=list)
    """Profiles that could not be read, one line each naming the profile, e.g. ``DBLP profile
    99/9999: not found (HTTP 404); check 'owner.dblp' in config.toml``."""


class Clients(NamedTuple):
    """The venue sources to ask; ``None`` for one that is turned off."""

    semanticscholar: SemanticScholarClient | None
    dblp: DblpClient | None
    crossref: CrossrefClient | None


def question(record: Record, fields: Mapping[str, str], entry: ArxivEntry | None) -> Question:
    """What to ask the venue sources about one entry (``fields`` with what it inherits),
    arXiv's record found or not."""
    found = arxivid.find(fields)
    own = [d for d in entry_dois(fields) if not arxivid.parse(d)]  # the article's, before an erratum's
    doi = own[0] if own else (entry.published_doi if entry else None)
    # a preprint once sync writes arXiv's id (a @misc with a publisher): the next sync would ask
    will_have_id = found is not None or (entry is not None and not fields.get("eprint", "").strip())
    needs = preprints.is_preprint_entry(fields, record.type, lambda: will_have_id) or (
        not preprints.has_venue(fields) and record.type in _MAY_HAVE_A_VENUE)
    return Question(record.start, entry.id if entry else (arxivid.base(found) if found else None),
                    doi, fields.get("title", ""), fields.get("author", ""), needs)


_MAY_HAVE_A_VENUE: Final = frozenset({"article", "inproceedings", "conference", "misc", "online",
                                      "unpublished", "preprint", "electronic"})


def first_surname(records: list[Record]) -> str:
    """The folded surname of the first author, e.g. ``yao``, for a look-alike search."""
    first = names.parse_list(records[0].fields.get("author", ""))[:1]
    return min((min(names.surname_keys(a.last), key=lambda k: (len(k), k)) for a in first if a.last), default="")


def title_match(record: Record, found: Sequence[ArxivEntry]) -> matching.Verdict[ArxivEntry]:
    """The verdict of the strict title rule on a title search's results for one entry."""
    return _judged(record.fields["title"], record.fields.get("author", ""), tuple(found))


@lru_cache(maxsize=4096)  # a look-up and the report both ask: judged once
def _judged(title: str, authors: str, found: tuple[ArxivEntry, ...]) -> matching.Verdict[ArxivEntry]:
    return matching.judge(title, names.parse_list(authors), found)


# --- the owner's profiles -------------------------------------------------------------------


class Listed(NamedTuple):
    """What the owner's profiles say about one entry's paper."""

    works: tuple[ProfileWork, ...]
    """The works that are this paper: by an identifier, else by the strict title rule."""
    records: tuple[Found, ...]
    """Their published versions, each named for its profile (``DBLP profile``)."""

    @property
    def complete(self) -> bool:
        """Whether the records give a venue, a year and pages: nothing left to ask DBLP or Crossref."""
        return bool(self.records) and any(f.record.year for f in self.records) and any(
            f.record.pages for f in self.records)


class Profiles:
    """The works of the owner's profiles, by the keys of the paper each is (:mod:`publist.papers.identity`).

    >>> from publist.sources.published import Published
    >>> corr = ProfileWork("DBLP", "PyHessian", ("Zhewei Yao",), 2019, "informal", None,
    ...                    arxiv="1912.07145", dblp="journals/corr/abs-1912-07145")
    >>> paper = ProfileWork("DBLP", "PyHessian", ("Zhewei Yao",), 2020, "inproceedings",
    ...                     Published("DBLP", "conference", "IEEE BigData", year=2020), dblp="conf/bigdataconf/YaoGKM20")
    >>> listed = Profiles([corr, paper]).listed({"eprint": "1912.07145", "author": "Yao, Zhewei"}, "PyHessian")
    >>> [w.dblp for w in listed.works], [f.record.source for f in listed.records]
    (['journals/corr/abs-1912-07145', 'conf/bigdataconf/YaoGKM20'], ['DBLP profile'])
    """

    def __init__(self, works: Sequence[ProfileWork], read: Iterable[str] = ()) -> None:
        self._by: dict[str, list[ProfileWork]] = {}
        self.read = frozenset(read)
        """The services whose profile was read, e.g. ``{"DBLP"}``."""
        self.dblp_keys = frozenset(w.dblp for w in works if w.dblp and w.profile == DBLP)
        """The DBLP records the DBLP profile holds: DBLP is not asked for them again."""
        for work in works:
            people = matching.surnames(names.parse_list(" and ".join(work.authors)))
            for key in {**identity.of_ids(work.doi, work.arxiv, work.dblp), **identity.title_keys(work.title, people)}:
                self._by.setdefault(key, []).append(work)

    def listed(self, fields: Mapping[str, str], title: str, ids: Mapping[str, str] | None = None) -> Listed:
        """The works of an entry's paper (``fields`` and what the sources gave, ``ids``)."""
        if not self._by:
            return Listed((), ())
        surnames = matching.surnames(names.parse_list(fields.get("author", "")))
        keys = {**identity.keys(fields, title, surnames), **(ids or {})}
        by_id = [w for k in keys if not k.startswith("title:") for w in self._by.get(k, [])]
        by_title = [w for k in keys if k.startswith("title:") for w in self._by.get(k, [])]
        works = tuple(dict.fromkeys(by_id + by_title))
        # a journal extension may share the conference paper's title: where an identifier
        # reached a published version, the title adds only versions of its kind
        sure = [w.published for w in by_id if w.published]
        kinds = {p.kind for p in sure}
        alike = [w.published for w in by_title if w.published and (not kinds or w.published.kind in kinds)]
        records = tuple(Found(p._replace(source=f"{p.source} profile"), "profile")
                        for p in dict.fromkeys([*sure, *alike]))
        return Listed(works, records)


# --- one entry ------------------------------------------------------------------------------


@dataclass
class Run:
    """What the look-ups of one sync share: the file, the clients, and what they found."""

    by_key: Mapping[str, Record]
    """The entries by key, for what an entry inherits through ``crossref``."""
    by_title: Mapping[str, list[Record]]
    """The plan's title searches: the entries under each normalised title."""
    venues: Clients
    owner: names.Owner
    """The owner (``[owner] names``): DBLP lists the owner's papers on the owner's page."""
    profile_asks: tuple[Ask, ...] = ()
    """One question per configured profile: every look-up waits for them (one or a few requests each)."""
    out: VenueAnswers = field(default_factory=VenueAnswers)
    given: dict[int, tuple[str, str]] = field(default_factory=dict)
    """Entries the file gives no arXiv id that a profile does, ``(id, "DBLP profile")``, or that
    a profile of :data:`INDEX_ARXIV` lists without one, ``("", "DBLP profile")``, by offset."""
    _profiles: Profiles | None = None

    def profiles(self, answers: Mapping[Ask, Answer]) -> Profiles:
        """The works of the profiles that answered (built once); a failed one is said once."""
        if self._profiles is None:
            works: list[ProfileWork] = []
            for ask in self.profile_asks:
                answer = answers[ask]
                if answer.ok:
                    works += answer.value
                else:
                    self.out.profiles.append(answer.why)
            self._profiles = Profiles(works, (a.service for a in self.profile_asks if answers[a].ok))
        return self._profiles

    def fail(self, entry: int, http_unreachable: str, service: str, what: str, why: str) -> None:
        """An entry's look-up failed; a source that cannot be reached at all is said once, elsewhere."""
        if why != http_unreachable:
            self.out.failed.setdefault(entry, []).append(Failure(service, what, why))


def entry(run: Run, record: Record, query: tuple[str, str] | None) -> Step:
    """One entry's look-up: ``query`` is what the plan asks arXiv, ``("id", "1912.07145")`` or
    ``("title", "<normalised title>")``, or ``None``."""
    fields = publication.inherit(record, run.by_key)
    s2 = run.venues.semanticscholar
    asks = list(run.profile_asks)
    if query and query[0] == "id":
        asks.append(Ask(ARXIV, "id", query[1]))
        if s2 is not None:
            asks.append(Ask(SEMANTIC_SCHOLAR, "arxiv", query[1]))
    answers = dict(zip(asks, (yield asks), strict=True))
    owned = run.profiles(answers)
    if query and query[0] == "title":
        listed = owned.listed(fields, fields.get("title", ""))
        work = next((w for w in listed.works if w.arxiv), None)
        indexing = next((w for w in listed.works if w.profile in INDEX_ARXIV), None)
        if work is not None:
            query = ("id", work.arxiv)
            run.given[record.start] = (work.arxiv, f"{work.profile} profile")
        elif indexing is not None:  # listed without an arXiv copy: none to search for
            run.given[record.start] = ("", f"{indexing.profile} profile")
            query = None
        if query is not None:
            ask = Ask(ARXIV, query[0], query[1],
                      first_surname(run.by_title[query[1]]) if query[0] == "title" else "")
            (answers[ask],) = yield [ask]
    if not any(run.venues) and not run.profile_asks:
        return  # arXiv's answer is all there is to know: match() reads it
    q = question(record, fields, _arxiv_entry(record, query, answers))
    paper: Paper | None = None
    if s2 is not None and q.arxiv:
        ask = Ask(SEMANTIC_SCHOLAR, "arxiv", q.arxiv)
        if ask not in answers:
            (answers[ask],) = yield [ask]
        if answers[ask].ok:
            paper = answers[ask].value
        else:
            run.fail(q.entry, s2.http.unreachable, SEMANTIC_SCHOLAR, SEMANTIC_SCHOLAR, answers[ask].why)
    found = [Found(paper.published, "arXiv id")] if paper is not None and paper.published is not None else []
    if q.needs_venue:  # the profiles, DBLP and Crossref are asked only about these
        ids = identity.of_ids(q.doi or "", q.arxiv or "", paper.dblp if paper else "")
        if paper is not None and paper.published is not None:
            ids.update(identity.of_ids(paper.published.doi))
        listed = owned.listed(fields, q.title, ids)
        if not listed.complete:
            yield from _ask_venues(run, q, paper, owned, listed, found)
        found += listed.records
    if found:
        run.out.found[q.entry] = found


def _ask_venues(run: Run, q: Question, paper: Paper | None, owned: Profiles, listed: Listed,
                found: list[Found]) -> Generator[list[Ask], list[Answer], None]:
    """DBLP's and Crossref's records of an entry the profiles do not answer in full."""
    _, dblp, crossref = run.venues
    from_dblp = yield from _dblp(run, q, dblp, paper, owned, listed, found)
    if crossref is None:
        return
    profile_doi = next((f.record.doi for f in listed.records if f.record.doi), None)
    doi = _doi(q, paper, from_dblp, profile_doi)
    if doi:
        (answer,) = yield [Ask(CROSSREF, "doi", doi)]
        if not answer.ok:
            run.fail(q.entry, crossref.http.unreachable, CROSSREF, f"Crossref {doi}", answer.why)
        elif (record := published(answer.value)) is not None:
            found.append(Found(record, "DOI"))


def _arxiv_entry(record: Record, query: tuple[str, str] | None, answers: Mapping[Ask, Answer]) -> ArxivEntry | None:
    """arXiv's record of the entry, from the answer to its id or title question."""
    answer = next((a for ask, a in answers.items() if ask.service == ARXIV and query
                   and (ask.kind, ask.query) == query), None)
    if answer is None or not answer.ok or not answer.value:
        return None
    if query and query[0] == "id":
        first: ArxivEntry = answer.value[0]
        return first
    verdict = title_match(record, answer.value)
    return verdict.entry if verdict.kind == "match" else None


def _dblp(run: Run, q: Question, client: DblpClient | None, paper: Paper | None, owned: Profiles,
          listed: Listed, found: list[Found]) -> Generator[list[Ask], list[Answer], str | None]:
    """DBLP's record of an entry that needs a venue: by the key Semantic Scholar gave (unless
    the DBLP profile holds it), else by title (unless a profile knows the paper); its DOI."""
    if client is None:
        return None
    key = paper.dblp if paper else ""
    if key and key not in owned.dblp_keys:
        (answer,) = yield [Ask(DBLP, "key", key)]
        if not answer.ok:
            run.fail(q.entry, client.http.unreachable, DBLP, f"DBLP {key}", answer.why)
        elif answer.value is not None:
            found.append(Found(answer.value, "DBLP key"))
            return answer.value.doi or None
        return None
    title = matching.normalize_title(q.title)
    # DBLP's person page lists what DBLP has of the owner's papers: no published version there
    # is none in DBLP (a paper without the owner among its authors is still searched)
    in_dblp = any(w.profile == DBLP for w in listed.works) or DBLP in owned.read and any(
        run.owner.matches(a) for a in names.parse_list(q.authors))
    if key or not title or listed.records or in_dblp:
        return None
    (answer,) = yield [Ask(DBLP, "title", title)]
    if not answer.ok:
        run.fail(q.entry, client.http.unreachable, DBLP, "DBLP title search", answer.why)
        return None
    hits: list[Published] = answer.value
    verdict = matching.judge(q.title, names.parse_list(q.authors), hits, name=lambda r: f"DBLP {r.key}")
    if verdict.kind == "match" and verdict.entry is not None:
        found.append(Found(verdict.entry, "title"))
        return verdict.entry.doi or None
    if verdict.kind == "near":
        run.out.refused[q.entry] = verdict.reason
    return None


def _doi(question: Question, paper: Paper | None, *others: str | None) -> str | None:
    """The published DOI to ask Crossref about: the entry's, else arXiv's, S2's, DBLP's or a profile's."""
    for doi in (question.doi, paper.published.doi if paper and paper.published else None, *others):
        if doi and bare_doi(doi) and not arxivid.parse(doi):
            return bare_doi(doi)
    return None
