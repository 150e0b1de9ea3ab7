"""``publist add``: new entries for arXiv ids and DOIs, in the file's own style."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, NamedTuple, TextIO

from publist.commands import common_arguments, strings_argument

if TYPE_CHECKING:
    from publist.bib.entries import Keep, Venue
    from publist.bib.reader import Bibliography, Record, Source
    from publist.config import Config
    from publist.model import Publication
    from publist.papers.identity import Papers
    from publist.sources.atom import ArxivEntry

HELP = "add entries for arXiv ids and DOIs to the .bib file"
DESCRIPTION = ("Look arXiv ids (one batched request to arXiv) and DOIs (Crossref) up and append one "
               "entry per paper to the .bib file, in the style its entries use. A paper the file "
               "has already is named and not added again; when any id cannot be fetched, nothing "
               "is written.")
EXAMPLES = """\
examples:
  publist add 2102.11107                          # an arXiv id, in any form people paste
  publist add https://arxiv.org/abs/1912.07145v2 arXiv:hep-th/9901001
  publist add 10.1109/ICCV.2019.00038             # a DOI, or https://doi.org/...
  publist add --dry-run 2102.11107                # print the diff, write nothing
"""


class Wanted(NamedTuple):
    """One paper asked for: ``Wanted("arxiv", "2102.11107")`` or ``Wanted("doi", "10.1109/x")``."""

    kind: str
    value: str

    @property
    def identity(self) -> str:
        """Its key in :func:`publist.papers.identity.identifiers`, e.g. ``arxiv:2102.11107``."""
        from publist.papers.identity import identifiers

        return next(iter(identifiers({"eprint" if self.kind == "arxiv" else "doi": self.value})), "")

    def __str__(self) -> str:
        return f"arXiv {self.value}" if self.kind == "arxiv" else f"DOI {self.value}"


class New(NamedTuple):
    """A fetched paper's entry, before it has a key."""

    wanted: Wanted
    type: str
    fields: list[tuple[str, str]]
    also: tuple[str, ...] = ()
    """Other titles the paper goes by (its published version's), for finding it in the file."""


def arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``publist add``."""
    parser.add_argument("ids", nargs="+", metavar="ID", help="arXiv ids or URLs, DOIs or doi.org URLs")
    common_arguments(parser)
    strings_argument(parser)
    parser.add_argument("--dry-run", action="store_true", help="print a unified diff of what would be added; write nothing")


def identify(text: str) -> Wanted | None:
    """What people paste, as an arXiv id or a DOI (:func:`publist.papers.pasted.paper`); ``None``
    when it is neither.

    >>> identify("https://arxiv.org/pdf/2102.11107v2.pdf"), identify("https://doi.org/10.1109/X.1?via=x")
    (Wanted(kind='arxiv', value='2102.11107v2'), Wanted(kind='doi', value='10.1109/X.1'))
    """
    from publist.papers import pasted

    found = pasted.paper(text)
    return Wanted(*found) if found is not None and found.kind in ("arxiv", "doi") else None


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Add the papers; 1 (and nothing written) when any id is malformed or cannot be fetched."""
    from publist import fileio
    from publist.commands import bib_path, load_config
    from publist.errors import UsageError

    config = load_config(args)
    path = bib_path(args, config)
    found = [identify(text) for text in args.ids]
    bad = [text for text, paper in zip(args.ids, found, strict=True) if paper is None]
    if bad:  # every one, before asking anybody: arguments no id is written as (usage, 2)
        err.writelines(f"'{text}' is neither an arXiv id nor a DOI\n" for text in bad)
        raise UsageError(f"{path}: nothing added")
    wanted = [paper for paper in found if paper is not None]
    fileio.check_file(path)
    if args.dry_run:
        return _add(args, config, path, wanted, out, err)
    fileio.check_writable(path)
    with fileio.locked(path):
        return _add(args, config, path, wanted, out, err)


def _add(args: argparse.Namespace, config: Config, path: str, wanted: list[Wanted],
         out: TextIO, err: TextIO) -> int:
    from publist import fileio
    from publist.bib import entries, reader
    from publist.commands import macros, reader_warnings
    from publist.papers import identity
    from publist.papers.identity import identifiers

    data = fileio.read_bytes(path)
    source = reader.decode(data, path, config.encoding)
    bib = reader.read(source.text, path, layout=True, strings=macros(args, config))
    err.writelines(f"{line}\n" for line in reader_warnings(source, bib))  # warnings: status unchanged
    known = known_papers(bib)
    todo: dict[str, Wanted] = {}  # by identity: 2102.11107 and 2102.11107v2 are one paper
    for paper in wanted:
        if paper.identity in known:
            _already(err, path, known[paper.identity], str(paper))
        elif paper.identity in todo:
            err.write(f"{path}: {paper} is {todo[paper.identity]} again; added once\n")
        else:
            todo[paper.identity] = paper
    fetched, problems = fetch(list(todo.values()), config, entries.keeps(source.encoding), err)
    if problems:
        err.writelines(f"{p}\n" for p in problems)
        err.write(f"{path}: nothing added\n")
        return 1
    taken = {r.key for r in bib.records}
    sample = source.text[bib.records[-1].start : bib.records[-1].end] if bib.records else None
    texts = []
    in_file = _papers_of(bib)
    adding: identity.Papers[Wanted] = identity.Papers()
    for new in fetched:
        fields = dict(new.fields)
        same = sorted(identifiers(fields).keys() & known.keys())
        if same:  # asked for by DOI, known by its arXiv id (or the other way round)
            _already(err, path, known[same[0]], str(new.wanted))
            continue
        keys = _keys(fields, new.also)
        match = in_file.find(keys, versions=True)
        if match is not None:  # the file has it by its title and an author (Google Scholar's copy)
            err.write(f"{path}:{match.item.span.line}: already has {new.wanted} (entry '{match.item.key}': "
                      f"the same {match.how}); not added again\n")
            continue
        twin = adding.find(keys, versions=True)
        if twin is not None:  # its arXiv id and its DOI, both asked for in this run
            err.write(f"{path}: {new.wanted} is {twin.item} again; added once\n")
            continue
        adding.add(new.wanted, keys)
        key, text = entry_text(new.type, new.fields, taken, sample)
        texts.append(text)
        err.write(f"{path}: {'would add' if args.dry_run else 'added'} {key} ({new.wanted})\n")
    if not texts:
        return 0
    if args.dry_run:
        print_diff(path, data, source, texts, out)
        return 0
    write_appended(path, data, source, texts, "publist add")
    return 0


def print_diff(path: str, data: bytes, source: Source, texts: list[str], out: TextIO) -> None:
    """``--dry-run`` of add and discover --add: the unified diff of the file (read as ``data``)
    with the entries at its end, in the file's own bytes (encoding, line endings), as sync's
    is, so that ``patch -p1`` gives what a real run writes."""
    from publist.commands.sync import _write_bytes, unified_diff

    _write_bytes(out, unified_diff(data, appended_bytes(path, source, texts), path), source.encoding)


def appended_bytes(path: str, source: Source, texts: list[str]) -> bytes:
    """The file's bytes with the entries at its end (:func:`appended`), in its own encoding;
    one line when an entry cannot be written in it."""
    from publist.errors import PublistError

    try:
        return source.encode(appended(source.text, texts))
    except UnicodeEncodeError as error:
        raise PublistError(f"{path}: '{error.object[error.start:error.end]}' cannot be written in "
                           f"{source.encoding}; nothing added") from None


def write_appended(path: str, data: bytes, source: Source, texts: list[str], again: str) -> None:
    """Write the file (read as ``data``) with the entries at its end, in its own encoding,
    atomically, and only when nobody changed it meanwhile (``again`` says what to run then)."""
    from publist import fileio
    from publist.errors import PublistError

    new_bytes = appended_bytes(path, source, texts)
    if fileio.read_bytes(path) != data:
        raise PublistError(f"{path}: changed while publist was working; nothing added, run {again} again")
    fileio.write_atomic(path, new_bytes)


def _already(err: TextIO, path: str, record: Record, what: str) -> None:
    err.write(f"{path}:{record.line}: already has {what} (entry '{record.key}'); not added again\n")


def appended(text: str, entries: list[str]) -> str:
    r"""The file's text with the entries at its end, one blank line apart, their lines ending
    as the file's do (:func:`publist.bib.splice.newline`: Windows' ``\r\n``, an old Mac's
    ``\r``, ``\n``); every byte of the file kept.

    >>> appended("@misc{a,}\r\n", ["@misc{b,\n}"]), appended("@misc{a,}\r", ["@misc{b,\r\n}"])
    ('@misc{a,}\r\n\r\n@misc{b,\r\n}\r\n', '@misc{a,}\r\r@misc{b,\r}\r')
    """
    from publist.bib.splice import newline, with_breaks

    nl = newline(text)
    body = (nl * 2).join(with_breaks(e, nl) for e in entries) + nl
    if not text.strip() or text.endswith(nl * 2):
        return text + body
    return text + (nl if text.endswith(("\n", "\r")) else nl * 2) + body


def _papers_of(bib: Bibliography) -> Papers[Publication]:
    """The file's entries by every key of the paper each is (:mod:`publist.papers.identity`)."""
    from publist.papers import identity, publication

    papers: Papers[Publication] = identity.Papers()
    for pub in publication.load(bib)[0]:
        papers.add(pub, identity.of(pub))
    return papers


def _keys(fields: dict[str, str], titles: tuple[str, ...] = ()) -> dict[str, str]:
    """The keys of a new entry's paper: its identifiers, its title (and ``titles``, those of
    its other versions) with its authors' surnames."""
    from publist.papers import identity
    from publist.papers.matching import surnames
    from publist.text import names

    people = surnames(names.parse_list(fields.get("author") or fields.get("editor", "")))
    out = identity.keys(fields, fields.get("title", ""), people)
    for title in titles:
        out.update(identity.title_keys(title, people))
    return out


def known_papers(bib: Bibliography) -> dict[str, Record]:
    """The entries already in the file, by their identifiers (:func:`publist.papers.identity.identifiers`)."""
    from publist.papers.identity import identifiers

    out: dict[str, Record] = {}
    for record in bib.records:
        for identity in identifiers(record.fields):
            out.setdefault(identity, record)
    return out


def fetch(todo: list[Wanted], config: Config, keep: Keep = str.isascii, err: TextIO | None = None
          ) -> tuple[list[New], list[str]]:
    """Each paper's entry, in the order asked; problems (one line each) for those not fetched.

    An arXiv paper whose published version the venue sources know (as sync asks them) is
    written as that version; a source that fails only costs that knowledge (a line on ``err``).
    """
    from publist.bib import entries
    from publist.papers import arxivid
    from publist.sync.steps import client_for, crossref_client

    found: dict[Wanted, New] = {}
    problems: list[str] = []
    ids = [w for w in todo if w.kind == "arxiv"]
    if ids:
        batch = client_for(config.arxiv).fetch_ids([w.value for w in ids])
        papers = {w: batch.found[arxivid.base(w.value)][0] for w in ids if batch.found.get(arxivid.base(w.value))}
        problems += [f"{w}: {batch.failed.get(arxivid.base(w.value), 'no answer')}" for w in ids if w not in papers]
        published = venues_of(list(papers.values()), config, keep, err) if papers and not problems else {}
        for wanted, paper in papers.items():
            venue = published.get(paper.id)
            found[wanted] = New(wanted, *entries.from_arxiv(paper, venue, keep),
                                also=(venue.title,) if venue and venue.title else ())
    dois = [w for w in todo if w.kind == "doi"]
    if dois:
        works = crossref_client(config).works([w.value for w in dois])
        for wanted in dois:
            work = works.found.get(wanted.value)
            if work is not None:
                found[wanted] = New(wanted, *entries.from_crossref(work, keep))
            else:
                why = works.failed.get(wanted.value, f"Crossref ({config.crossref.api_url}) does not know it")
                problems.append(f"{wanted}: {why}")
    return [found[w] for w in todo if w in found], problems


def venues_of(papers: list[ArxivEntry], config: Config, keep: Keep, err: TextIO | None
              ) -> dict[str, Venue]:
    """Where each arXiv paper was published, by its id, as sync decides it: the venue sources
    of ``[venues] sources`` (and their caches, and the owner's profiles) asked about each paper
    as about a preprint entry, their agreement merged."""
    from publist.bib import entries, reader, splice
    from publist.bib.entries import Venue
    from publist.sync import services, venues

    clients = services.services(config)
    if not any(clients.venues) and not clients.profiles:
        return {}
    # each paper as the preprint entry it would be, so that the sources are asked as sync asks
    texts = []
    for n, paper in enumerate(papers):
        fields = [("title", entries.title(paper.title, tex=True, keep=keep)),
                  ("author", entries.people(paper.authors, keep)),
                  ("eprint", paper.id), ("archiveprefix", "arXiv")]
        doi = paper.published_doi
        texts.append(splice.new_entry("misc", f"p{n}", [*fields, *([("doi", doi)] if doi else [])], None))
    bib = reader.read("".join(texts), "<add>")
    answers = services.venues(bib, config, clients)
    for name, why in answers.unreachable.items():  # said once, not for each paper
        _say(err, f"{name}: {why}; the published versions it would give are not known")
    out: dict[str, Venue] = {}
    for paper, record in zip(papers, bib.records, strict=True):
        for problem in answers.failed.get(record.start, []):
            _say(err, f"arXiv {paper.id}: {problem.what}: {problem.why}; its published version is not known")
        arxiv_doi = paper.published_doi
        merged = venues.merge(answers.found.get(record.start, []), [(arxiv_doi, "arXiv")] if arxiv_doi else [])
        decision = venues.decide({"title": paper.title, "eprint": paper.id}, "misc", merged)
        for note in decision.notes:
            _say(err, f"arXiv {paper.id}: {note}")
        if decision.upgrade is not None:
            out[paper.id] = Venue(decision.upgrade.type, tuple((a.field, a.value) for a in decision.upgrade.set),
                                  merged.title.value if merged.title else "")
    return out


def _say(err: TextIO | None, line: str) -> None:
    if err is not None:
        err.write(line + "\n")


def entry_text(kind: str, fields: list[tuple[str, str]], taken: set[str], sample: str | None) -> tuple[str, str]:
    """A readable key (added to ``taken``) and the entry's text in the style of ``sample``."""
    from publist.bib import keys, splice
    from publist.text import names

    values = dict(fields)
    first = names.parse_list(values.get("author") or values.get("editor", ""))[:1]
    year = values.get("year", "")
    key = keys.key(" ".join(p for p in (first[0].von, first[0].last) if p) if first else "", int(year) if year.isdigit() else None,
                   values.get("title", ""), taken)
    taken.add(key)
    return key, splice.new_entry(kind, key, fields, sample)
