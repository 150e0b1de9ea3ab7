"""The ``publist`` command line: a thin layer over the commands in :mod:`publist.commands`.

``run(argv)`` returns the exit status; only ``__main__`` calls ``sys.exit``. Errors a user
can act on (:class:`PublistError`) print as one line, without a traceback: exit status 2 for
a usage error (as argparse's own), 1 for a failure on the user's files or data.
"""

from __future__ import annotations

import argparse
import sys
from importlib import import_module
from types import ModuleType
from typing import TextIO

from publist import __version__
from publist.commands import NAMES, empty_option
from publist.errors import PublistError, UsageError, exit_status


def _command(name: str) -> ModuleType:
    return import_module(f"publist.commands.{name}")


class _Help(argparse.RawDescriptionHelpFormatter):
    """argparse's formatter, told the terminal's width: argparse would import shutil to ask,
    for every option it adds, which costs a render 3 ms."""

    def __init__(self, prog: str) -> None:
        import os

        try:
            width = int(os.environ.get("COLUMNS", "")) or os.get_terminal_size().columns
        except (ValueError, OSError):
            width = 80
        super().__init__(prog, width=max(width - 2, 40))


def _parse(argv: list[str]) -> argparse.Namespace:
    """The command line read by its command's parser; an argument that command does not take
    is said with that command's usage, not the top level's (``publist render refs.bib``)."""
    parser, commands = _parser()
    args, extra = parser.parse_known_args(argv)
    if extra:
        bibs = [a for a in extra if a.endswith(".bib") and not a.startswith("-")]
        hint = f" (name the .bib file with --bib {bibs[0]})" if bibs and hasattr(args, "bib") else ""
        commands[args.command].error(f"unrecognized arguments: {' '.join(extra)}{hint}")
    return args


def _parser() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    """The top-level parser, and each command's by name."""
    parser = argparse.ArgumentParser(
        prog="publist", formatter_class=_Help,
        description="Keep refs.bib as the single source of truth for your publication list.",
    )
    parser.add_argument("--version", action="version", version=f"publist {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands = {}
    for name in NAMES:
        command = _command(name)
        commands[name] = sub.add_parser(
            name, help=command.HELP, description=command.DESCRIPTION, epilog=command.EXAMPLES,
            formatter_class=_Help,
        )
        command.arguments(commands[name])
    return parser, commands


def run(argv: list[str], stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run the command line ``argv`` and return its exit status."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    from publist import fileio

    args = _parse(argv)
    before = len(fileio.REPLACED)
    try:
        empty = empty_option(args)
        if empty is not None:  # -o "$OUT" with OUT unset: never the default instead
            raise UsageError(empty)
        status: int = _command(args.command).run(args, out, err)
        return status
    except PublistError as e:
        err.write(f"{e}\n")
        return exit_status(e)
    except KeyboardInterrupt:  # each file is old or new, never half: say which are new
        done = list(dict.fromkeys(fileio.REPLACED[before:]))
        were = "was" if len(done) == 1 else "were"
        err.write(f"interrupted after {' and '.join(done)} {were} written; nothing else was written\n"
                  if done else "interrupted; nothing was written\n")
        return 130
