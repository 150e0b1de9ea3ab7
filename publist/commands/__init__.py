"""The commands, one module each: ``arguments(parser)`` declares its options and
``run(args, out, err)`` does the work and returns the exit status.

A command module imports only :mod:`argparse` at the top, so that building the parser for
``publist render`` costs nothing; what a command needs is imported when it runs.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Final

NAMES: Final = ("init", "add", "sync", "discover", "check", "render")
"""The commands, in the order ``publist --help`` lists them: a week's work, in order."""

if TYPE_CHECKING:
    from publist.bib.reader import Bibliography, Source
    from publist.config import Config


NAMING: Final = {"bib": "--bib", "config": "--config", "strings": "--strings", "output": "-o",
                 "inplace": "--inplace", "style": "--style", "template": "--template", "files": "FILE"}
"""Options whose value names a file or a style, by their ``args`` name: given empty (``-o "$OUT"``
with ``OUT`` unset) each is a usage error, never the default it would silently fall back to."""


def empty_option(args: argparse.Namespace) -> str | None:
    """The first option of :data:`NAMING` given an empty value, as its message, e.g.
    ``--style: an empty name names no style``; ``None`` when there is none.

    >>> empty_option(argparse.Namespace(bib="refs.bib", strings=["a.bib", ""]))
    '--strings: an empty path names no file'
    """
    for name, flag in NAMING.items():
        value = getattr(args, name, None)
        if value == "" or (isinstance(value, list) and "" in value):
            return f"{flag}: an empty {'name names no style' if name == 'style' else 'path names no file'}"
    return None


def common_arguments(parser: argparse.ArgumentParser, bib: bool = True) -> None:
    """``--config`` (and ``--bib``), which every command that reads the list takes."""
    if bib:
        parser.add_argument("--bib", metavar="PATH",
                            help="the .bib file (default: 'bib' in the config, else refs.bib)")
    parser.add_argument("--config", metavar="PATH",
                        help="the config file (default: ./config.toml if it exists)")


def strings_argument(parser: argparse.ArgumentParser) -> None:
    """``--strings``: .bib files read first for their ``@string`` macros (every command that reads
    the list: render, check, sync, add, discover)."""
    parser.add_argument("--strings", metavar="PATH", action="append",
                        help=".bib file whose @string macros the bib uses, read first (repeatable; "
                             "default: 'strings' in the config)")


def strings_paths(args: argparse.Namespace, config: Config) -> list[str]:
    """``--strings``, else the config's ``strings``."""
    return list(args.strings) if getattr(args, "strings", None) else config.strings_paths()


def macros(args: argparse.Namespace, config: Config) -> dict[str, str]:
    """The ``@string`` macros of the strings files (:func:`strings_paths`), for a command that
    reads the .bib itself (to edit it) rather than through :func:`publist.api.read`."""
    from publist.api import macros as read_macros

    return read_macros(strings_paths(args, config), config.encoding)


def load_config(args: argparse.Namespace) -> Config:
    """The config the command line names, or ./config.toml, or the defaults."""
    from publist import config

    return config.load(args.config)


def bib_path(args: argparse.Namespace, config: Config) -> str:
    """The .bib file: ``--bib``, else the one the config names, else refs.bib."""
    return str(args.bib or config.bib_path())


def reader_warnings(source: Source, bib: Bibliography) -> list[str]:
    """What render and check say of a file as it is read (an encoding line its bytes contradict,
    a key or field given twice, an undefined @string), once each, in their words: a command that
    edits the file (sync, add, discover --add) prints them too, as warnings that leave its exit
    status alone."""
    said = [*([source.warning] if source.warning is not None else []), *bib.diagnostics]
    return [str(d) for d in dict.fromkeys(said)]
