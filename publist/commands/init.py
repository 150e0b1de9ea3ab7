"""``publist init``: a starter config.toml and refs.bib, never over existing files."""

from __future__ import annotations

import argparse
from typing import TextIO

HELP = "write a starter config.toml (and refs.bib) in a folder"
DESCRIPTION = ("Write config.toml, every key present and commented, with your name as the owner, "
               "and, when the folder has none, a refs.bib with one example entry. An existing "
               "config.toml is left alone (exit status 1).")
EXAMPLES = """\
examples:
  publist init --name "Zhewei Yao"                 # here
  publist init cv --name "Ada Lovelace" --name "Ada King"   # in ./cv, two spellings of a surname
  publist init                                     # asks for your name
"""


def arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``publist init``."""
    parser.add_argument("folder", nargs="?", default=".", help="where to write them (default: here)")
    parser.add_argument("--name", action="append", metavar="NAME",
                        help="your name as your papers spell it; again for another surname "
                             "(default: asked for on a terminal)")


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Write the files; 1 when config.toml exists (nothing is written then)."""
    import datetime
    import os
    import sys

    from publist import fileio, starter
    from publist.errors import PublistError

    folder = args.folder
    config_path = os.path.join(folder, "config.toml")
    bib_path = os.path.join(folder, "refs.bib")
    if os.path.lexists(config_path):
        raise PublistError(f"{_shown(config_path)}: exists already; publist init leaves it alone "
                           "(edit it, or remove it and run publist init again)")
    if not os.path.isdir(folder):
        raise PublistError(f"{folder}: no such folder")
    names = [n.strip() for n in args.name or [] if n.strip()]
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
