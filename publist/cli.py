"""The ``publist`` command line: a thin layer over the commands in :mod:`publist.commands`.

``run(argv)`` returns the exit status; only ``__main__`` calls ``sys.exit``. Errors a user
can act on (:class:`PublistError`) print as one line, without a traceback.
"""

from __future__ import annotations

import argparse
import sys
from importlib import import_module
from types import ModuleType
from typing import TextIO

from publist import __version__
from publist.commands import NAMES
from publist.errors import PublistError


def _command(name: str) -> ModuleType:
    return import_module(f"publist.commands.{name}")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="publist",
        description="Keep refs.bib as the single source of truth for your publication list.",
    )
    parser.add_argument("--version", action="version", version=f"publist {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in NAMES:
        command = _command(name)
        command.arguments(sub.add_parser(
            name, help=command.HELP, description=command.DESCRIPTION, epilog=command.EXAMPLES,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        ))
    return parser


def run(argv: list[str], stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run the command line ``argv`` and return its exit status."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    args = _parser().parse_args(argv)
    try:
        status: int = _command(args.command).run(args, out, err)
        return status
    except PublistError as e:
        err.write(f"{e}\n")
        return 1
    except KeyboardInterrupt:
        err.write("interrupted; nothing was written\n")
        return 130
