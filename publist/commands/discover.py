"""``publist discover``: the owner's papers that the profiles list and the .bib lacks.

The profiles of ``[owner]`` are asked (or their cache), their works grouped into papers
(:mod:`publist.profiles.papers`), and what no entry of the .bib is a version of is listed,
numbered; ``--add`` writes entries through ``publist add``'s writer, ``--ignore`` remembers
papers not to propose again (:mod:`publist.profiles.ignored`).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any, TextIO

from publist.commands import common_arguments, strings_argument

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from publist.config import Config
    from publist.profiles.papers import Found, Paper
    from publist.sources.profile import ProfileWork

HELP = "list the papers of your profiles (DBLP, ORCID, ...) that the .bib lacks"
DESCRIPTION = ("Ask the profiles that config.toml names ([owner] dblp, orcid, semanticscholar, openalex), "
               "group their works into papers (a preprint and its published version are one) and list, "
               "numbered, each paper that no entry of the .bib is a version of. Papers whose printed "
               "authors do not name you are listed apart. Exit status 1 when a profile cannot be read "
               "(the others are still used), or with --check when there is a paper to list.")
EXAMPLES = """\
examples:
  publist discover                      # the papers refs.bib lacks, numbered
  publist discover --add all --dry-run  # the entries --add all would write, as a diff
  publist discover --add 1 3            # add papers 1 and 3 (published version, arXiv id kept)
  publist discover --add 10.1145/3292500.3330701 arXiv:2101.00001   # by any id of any version
  publist discover --ignore 2           # never propose paper 2 again, in any version
  publist discover --check              # exit status 1 when there is a paper to add (CI)
  publist discover --format json        # the same, for other tools
"""


def arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``publist discover``."""
    common_arguments(parser)
    strings_argument(parser)
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--add", nargs="+", metavar="N|ID|all",
                      help="write these papers to the .bib: 'all' (the owner's), numbers, or ids")
    what.add_argument("--ignore", nargs="+", metavar="N|ID",
                      help="never propose these papers again (remembered in discover-ignore.txt "
                           "beside config.toml)")
    what.add_argument("--check", action="store_true",
                      help="exit status 1 when there is a paper to add (for a scheduled CI job)")
    parser.add_argument("--dry-run", action="store_true",
                        help="with --add or --ignore: print the diff; write nothing")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="how to list them")
    parser.add_argument("--refresh", action="store_true", help="ignore cached answers and ask again")


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """List, add or ignore; 1 when a profile failed, or with ``--check`` when there are papers."""
    from rich.console import Console

    from publist import fileio
    from publist.commands import bib_path, load_config
    from publist.errors import UsageError

    console = Console(file=err, highlight=False, soft_wrap=True, emoji=False)
    config = load_config(args)
    if args.dry_run and not (args.add or args.ignore):
        raise UsageError("--dry-run goes with --add or --ignore (a plain discover writes nothing)")
    if args.format != "text" and (args.add or args.ignore):
        raise UsageError(f"--format {args.format} goes with the list (--add and --ignore print what "
                           "they write, with --dry-run as a diff)")
    path = bib_path(args, config)
    _check_files(args, config, path)  # before anybody is asked
    works, failed = ask(config, console, args.refresh)
    if not args.add or args.dry_run:
        status = _run(args, config, path, works, out, console, bool(failed))
    else:
        fileio.check_writable(path)
        with fileio.locked(path):
            status = _run(args, config, path, works, out, console, bool(failed))
    return 1 if failed else status


def _check_files(args: argparse.Namespace, config: Config, path: str) -> None:
    """Refuse what the run could not read or write, before any profile is asked: the .bib
    (missing; with --add a pipe or a folder, and unless --dry-run read-only), and with
    --ignore the ignore file."""
    import os

    from publist import fileio
    from publist.errors import BibError
    from publist.profiles import ignored

    if args.add:
        fileio.check_file(path)
    elif not os.path.exists(path):
        raise BibError("no such file", path)
    if args.add and not args.dry_run:
        fileio.check_writable(path)
    if args.ignore and not args.dry_run:
        fileio.check_writable(config.resolve(ignored.FILENAME))


def ask(config: Config, console: Console, refresh: bool = False) -> tuple[list[ProfileWork], list[str]]:
    """Every work of every configured profile, and one line for each profile that failed."""
    from publist import profiles
    from publist.errors import FetchError, PublistError

    configured = profiles.configured(config)
    if not configured:
        raise PublistError(f"{config.path or 'config.toml'}: [owner] names no profile (dblp, orcid, "
                           "semanticscholar, openalex); publist discover reads them")
    works: list[ProfileWork] = []
    failed: list[str] = []
    for profile in configured:
        with console.status(f"Reading {profile}"):
            try:
                found = profiles.works(config, profile, refresh=refresh)
            except FetchError as error:
                failed.append(str(error))
                console.print(str(error), markup=False)
                continue
        if not found:  # a new ORCID record, or the id of a namesake: worth a look either way
            console.print(f"{profile}: lists no work (is 'owner.{profile.service}' in config.toml your "
                          "profile's id?)", markup=False)
        works += found
    return works, failed


def _run(args: argparse.Namespace, config: Config, path: str, works: list[ProfileWork],
         out: TextIO, console: Console, failed: bool = False) -> int:
    from publist import fileio
    from publist.bib import reader
    from publist.commands import macros, reader_warnings
    from publist.errors import PublistError
    from publist.papers import publication
    from publist.profiles import ignored, papers
    from publist.text.names import Owner

    if not config.owner:
        raise PublistError(f"{config.path or 'config.toml'}: [owner] names is empty; publist discover "
                           "tells your papers from others' by it")
    data = fileio.read_bytes(path)
    source = reader.decode(data, path, config.encoding)
    bib = reader.read(source.text, path, layout=True, strings=macros(args, config))
    pubs, _ = publication.load(bib)
    ignore_path = config.resolve(ignored.FILENAME)
    ignore_text = read_text(ignore_path)
    skipped = ignored.parse(ignore_text, _shown(ignore_path))
    found = papers.missing(papers.group(works), [*papers.in_bib(pubs), *(p.keys() for p in skipped)],
                           Owner.of(config.owner))
    if args.add:
        for line in reader_warnings(source, bib):  # as sync and add: warnings, status unchanged
            console.print(line, markup=False)
        return _add(args, config, path, data, source, bib, found, out, console)
    if args.ignore:
        return _ignore(args, ignore_path, ignore_text, found, out, console)
    if args.format == "json":
        import json

        out.write(json.dumps(as_json(found), ensure_ascii=False, indent=2) + "\n")
    else:
        show(found, Owner.of(config.owner), path, out, failed)
    return 1 if args.check and found.candidates else 0


def as_json(found: Found) -> list[dict[str, Any]]:
    """The papers for other tools: number, owner's or not, title, authors, venue, year, ids, profiles."""
    out = []
    for n, paper in found.numbered():
        venue = paper.venue
        out.append({"number": n, "owner": n <= len(found.candidates), "title": paper.title,
                    "authors": list(paper.authors), "venue": venue.venue if venue else None,
                    "kind": venue.kind if venue else "preprint" if paper.ids.get("arxiv") else None,
                    "year": paper.year, "ids": paper.ids, "profiles": list(paper.profiles)})
    return out


def show(found: Found, owner: Any, path: str, out: TextIO, failed: bool = False) -> None:
    """The numbered list: the owner's papers, then the others'; the owner's name in bold
    (on a terminal). One text, printed once: a console call per line costs a 500-paper list
    half a second. ``failed``: a profile could not be read, so the list may lack papers."""
    from rich.console import Console
    from rich.text import Text

    console = Console(file=out, highlight=False, soft_wrap=True, emoji=False)
    if not found.candidates and not found.apart:
        which = "the profiles that could be read (not all could)" if failed else "your profiles"
        console.print(f"{path} has every paper of {which}", markup=False)
        return
    text = Text()
    numbered = found.numbered()
    count = len(found.candidates)
    if count:
        text.append(f"{count} paper{'s' if count != 1 else ''} of your profiles that {path} lacks:\n")
        for n, paper in numbered[:count]:
            text.append("\n")
            _paper(text, n, paper, owner)
    for n, paper in numbered[count:]:
        text.append(f"\nlisted by {', '.join(paper.profiles)}, but the owner is not among its authors:\n")
        _paper(text, n, paper, owner)
    text.append("\nnext: publist discover --add all (or --add 1 2 ...), --ignore N for one that is not yours "
                "or not for your list")
    console.print(text)


def _paper(text: Text, n: int, paper: Paper, owner: Any) -> None:
    from publist.papers.identity import NAMES
    from publist.text.names import parse

    indent = " " * (len(f"{n}. ") + 1)
    text.append(f" {n}. {paper.title}\n")
    if paper.authors:
        text.append(indent)
        for i, name in enumerate(paper.authors):
            text.append(", " if i else "")
            text.append(name, style="bold" if owner.matches(parse(name)) else "")
        text.append("\n")
    venue = paper.venue
    where = venue.venue if venue else "arXiv preprint" if "arxiv" in paper.ids else (
        paper.best.type.replace("-", " ") or "no venue")
    text.append(indent + (f"{where}, {paper.year}" if paper.year else where) + "\n")
    if paper.ids:
        text.append(indent + " · ".join(f"{NAMES[k]} {v}" for k, v in paper.ids.items()) + "\n")
    text.append(indent + f"listed by {', '.join(paper.profiles)}\n")


def _add(args: argparse.Namespace, config: Config, path: str, data: bytes, source: Any, bib: Any,
         found: Found, out: TextIO, console: Console) -> int:
    from publist.bib import entries
    from publist.commands.add import entry_text, print_diff, write_appended
    from publist.errors import UsageError
    from publist.profiles.papers import select

    chosen, unknown = select(found, args.add)
    if unknown:
        raise UsageError(_unknown(unknown, found) + "; nothing added")  # as --key naming no entry
    if not chosen:
        console.print(f"{path}: nothing to add", markup=False)
        return 0
    taken = {r.key for r in bib.records}
    sample = source.text[bib.records[-1].start : bib.records[-1].end] if bib.records else None
    texts = []
    for n, paper in chosen:
        key, text = entry_text(*entries.from_profile(paper, entries.keeps(source.encoding)), taken, sample)
        texts.append(text)
        console.print(f"{path}: {'would add' if args.dry_run else 'added'} {key} ({n}. {paper.title})",
                      markup=False)
    if args.dry_run:  # in the file's bytes, as patch needs them
        print_diff(path, data, source, texts, out)
        return 0
    write_appended(path, data, source, texts, "publist discover --add")
    return 0


def _ignore(args: argparse.Namespace, ignore_path: str, text: str, found: Found, out: TextIO,
            console: Console) -> int:
    from publist import fileio
    from publist.commands.sync import unified_diff
    from publist.errors import PublistError, UsageError
    from publist.profiles import ignored
    from publist.profiles.papers import select

    chosen, unknown = select(found, args.ignore)
    if unknown:
        raise UsageError(_unknown(unknown, found) + "; nothing ignored")  # as --key naming no entry
    new = ignored.render((ignored.Ignored(p.title, p.authors, p.remembered()) for _, p in chosen), text)
    shown = _shown(ignore_path)
    for n, paper in chosen:
        console.print(f"{shown}: {'would ignore' if args.dry_run else 'ignored'} {n}. {paper.title}",
                      markup=False)
    if args.dry_run:
        out.write(unified_diff(text.encode(), new.encode(), shown).decode())
        return 0
    import contextlib
    import os

    with fileio.locked(ignore_path) if os.path.exists(ignore_path) else contextlib.nullcontext():
        if read_text(ignore_path) != text:
            raise PublistError(f"{shown}: changed while publist was working; nothing ignored, run "
                               "publist discover --ignore again")
        fileio.write_atomic(ignore_path, new.encode("utf-8"))
    return 0


def _unknown(words: list[str], found: Found) -> str:
    count = len(found.numbered())
    what = f"papers are numbered 1 to {count}" if count else "there is no paper to choose"
    return (f"{', '.join(repr(w) for w in words)}: no paper of this list has that number or id "
            f"({what}; ids: a DOI, arXiv id, DBLP key, Semantic Scholar or OpenAlex id)")


def read_text(path: str) -> str:
    """A text file's content, its line endings as they are; ``''`` when it does not exist."""
    import os

    from publist.errors import ConfigError

    if not os.path.exists(path):
        return ""
    try:
        with open(path, encoding="utf-8", newline="") as f:
            return f.read()
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot be read ({error})", _shown(path)) from None


def _shown(path: str) -> str:
    """A path as the user typed it, without a leading ``./``."""
    return path.removeprefix("./")
