"""``publist init``: a starter config.toml and refs.bib, never over existing files."""

from __future__ import annotations

import argparse
from typing import TextIO

HELP = "write a starter config.toml (and refs.bib, from your profiles if you name them) in a folder"
DESCRIPTION = ("Write config.toml, every key present and commented, with your name as the owner, "
               "and, when the folder has none, a refs.bib: every paper of the profiles you name "
               "(--dblp, --orcid, --semanticscholar, --openalex; each paper once, its published "
               "version with the preprint's arXiv id), else one example entry. An existing "
               "config.toml is left alone (exit status 1).")
EXAMPLES = """\
examples:
  publist init --name "Zhewei Yao"                 # here
  publist init cv --name "Ada Lovelace" --name "Ada King"   # in ./cv, two spellings of a surname
  publist init                                     # asks for your name
  publist init --dblp 12/3456                      # refs.bib from your DBLP profile, your name from it
  publist init --orcid 0000-0002-1825-0097 --dblp https://dblp.org/pid/12/3456.html
"""


def arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``publist init``."""
    parser.add_argument("folder", nargs="?", default=".", help="where to write them (default: here)")
    parser.add_argument("--name", action="append", metavar="NAME",
                        help="your name as your papers spell it; again for another surname "
                             "(default: from your profiles, else asked for on a terminal)")
    for key, example in (("dblp", "12/3456"), ("orcid", "0000-0002-1825-0097"),
                         ("semanticscholar", "1234567"), ("openalex", "A5000000001")):
        parser.add_argument(f"--{key}", metavar="ID",
                            help=f"your {SERVICES[key]} profile (e.g. {example}, or its address): "
                                 "refs.bib gets its papers")
    parser.add_argument("--config", metavar="PATH",
                        help="with a profile: a config whose service tables (api_url, api_key, "
                             "cache_dir ...) the profiles are asked with")


SERVICES = {"dblp": "DBLP", "orcid": "ORCID", "semanticscholar": "Semantic Scholar", "openalex": "OpenAlex"}


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Write the files; 1 when config.toml exists (nothing is written then)."""
    import datetime
    import os
    import sys

    from publist import fileio, starter
    from publist.errors import PublistError

    ids = profile_ids(args)  # a usage error is said before anything on disk is looked at
    if any(not name.strip() for name in args.name or []):  # --name "$NAME" with NAME unset
        from publist.errors import UsageError

        raise UsageError('--name: an empty name names nobody; give yours, e.g. --name "Zhewei Yao"')
    folder = args.folder
    config_path = os.path.join(folder, "config.toml")
    bib_path = os.path.join(folder, "refs.bib")
    if os.path.lexists(config_path):
        raise PublistError(f"{_shown(config_path)}: exists already; publist init leaves it alone "
                           "(edit it, or remove it and run publist init again)")
    if not os.path.isdir(folder):
        raise PublistError(f"{folder}: no such folder")
    if not os.access(folder, os.W_OK | os.X_OK):  # before any profile is asked
        raise PublistError(f"{folder}: is read-only; nothing written (publist init writes config.toml "
                           "and refs.bib there)")
    names = [n.strip() for n in args.name or [] if n.strip()]
    if ids:
        return _from_profiles(args, names, ids, config_path, bib_path, err)
    if not names:
        names = _ask(sys.stdin, err)
    fileio.write_atomic(config_path, starter.config_text(names).encode("utf-8"))
    err.write(f"wrote {_shown(config_path)} (owner: {', '.join(names)})\n")
    if os.path.lexists(bib_path):
        err.write(f"{_shown(bib_path)}: exists already; kept as it is\n")
    else:
        text = starter.bib_text(names[0], datetime.date.today().year)
        fileio.write_atomic(bib_path, text.encode("utf-8"))
        err.write(f"wrote {_shown(bib_path)} (one example entry: replace it with your papers)\n")
    err.write("next: publist add <arXiv id or DOI>, publist sync, publist check, publist render\n")
    return 0


def profile_ids(args: argparse.Namespace) -> dict[str, str]:
    """The profiles the command line names, read as config.toml reads them; a malformed one
    is a usage error (exit status 2), one line naming its option, before anything is asked or written."""
    from publist.errors import UsageError
    from publist.profiles.ids import READERS

    out = {}
    for key, read in READERS.items():
        value = getattr(args, key, None)
        if value is None:
            continue
        try:
            out[key] = read(value)
        except ValueError as error:
            raise UsageError(f"--{key}: {error}; nothing written") from None
    return out


def _from_profiles(args: argparse.Namespace, names: list[str], ids: dict[str, str],
                   config_path: str, bib_path: str, err: TextIO) -> int:
    """config.toml with the profiles, and refs.bib with every paper of the owner's they list."""
    import os

    from rich.console import Console

    from publist import config, fileio, starter
    from publist.bib import entries
    from publist.commands.add import entry_text
    from publist.commands.discover import ask, read_text
    from publist.errors import PublistError
    from publist.profiles import ignored, papers
    from publist.text.names import Owner

    settings = config.load(args.config) if args.config else config.Config()
    # only the command line's profiles: --config lends its service tables, not its [owner]'s
    settings = settings._replace(profiles=config.Profiles(**ids))
    console = Console(file=err, highlight=False, soft_wrap=True, emoji=False)
    works, failed = ask(settings, console)
    if len(failed) == len(ids):
        raise PublistError("no profile could be read; nothing written")
    if not names:
        names = [papers.owner_name(works)] if works else []
        if not names or not names[0]:
            raise PublistError('give your name with --name "Your Name" (the profiles do not say it '
                               "clearly); nothing written")
    # a folder that keeps discover's ignore file (a CV started again) keeps its papers out
    ignore_path = os.path.join(os.path.dirname(config_path), ignored.FILENAME)
    skipped = ignored.parse(read_text(ignore_path), _shown(ignore_path))
    found = papers.missing(papers.group(works), [p.keys() for p in skipped], Owner.of(names))
    bib_exists = os.path.lexists(bib_path)
    if not bib_exists:
        taken: set[str] = set()
        texts = [entry_text(*entries.from_profile(p, entries.keeps("utf-8")), taken, None)[1] for p in found.candidates]
        text = starter.BIB.split("\n@", 1)[0].replace("`publist add <arXiv id or DOI>`",
                                                       "`publist discover`") + "\n" + "\n\n".join(texts) + "\n"
        fileio.write_atomic(bib_path, text.encode("utf-8"))
    fileio.write_atomic(config_path, starter.config_text(names, ids).encode("utf-8"))
    err.write(f"wrote {_shown(config_path)} (owner: {', '.join(names)}; profiles: "
              f"{', '.join(f'{SERVICES[k]} {v}' for k, v in ids.items())})\n")
    if bib_exists:
        err.write(f"{_shown(bib_path)}: exists already; kept as it is (publist discover lists what it lacks)\n")
    else:
        apart = f"; {len(found.apart)} listed apart, whose authors do not name you" if found.apart else ""
        err.write(f"wrote {_shown(bib_path)} ({len(found.candidates)} papers{apart})\n")
    err.writelines(f"{_shown(bib_path)} lacks the papers of {line.split(':', 1)[0]}: publist discover "
                  "adds them once it answers\n" for line in failed)
    err.write("next: publist render, publist sync, publist discover (weekly)\n")
    return 1 if failed else 0


def _ask(stdin: TextIO, err: TextIO) -> list[str]:
    """The owner's name, asked for on a terminal; an error where there is none to ask on."""
    from publist.errors import PublistError

    if not stdin.isatty():
        raise PublistError('give your name with --name "Your Name" (there is no terminal to ask on)')
    err.write("Your name, as your papers spell it: ")
    err.flush()
    name = stdin.readline().strip()
    if not name:
        raise PublistError("no name given; nothing written")
    return [name]


def _shown(path: str) -> str:
    """A path as the user typed it, without a leading ``./``."""
    return path.removeprefix("./")
