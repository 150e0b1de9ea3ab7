"""The commands, one module each: ``arguments(parser)`` declares its options and
``run(args, out, err)`` does the work and returns the exit status.

A command module imports only :mod:`argparse` at the top, so that building the parser for
``publist render`` costs nothing; what a command needs is imported when it runs.
"""

from __future__ import annotations

import argparse
from typing import Final

NAMES: Final = ("render", "sync")
"""The commands, in the order ``publist --help`` lists them."""


def common_arguments(parser: argparse.ArgumentParser) -> None:
    """``--bib`` and ``--config``, which every command that reads the list takes."""
    parser.add_argument("--bib", metavar="PATH",
                        help="the .bib file (default: 'bib' in the config, else refs.bib)")
    parser.add_argument("--config", metavar="PATH",
                        help="the config file (default: ./config.toml if it exists)")
