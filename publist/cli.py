"""The ``publist`` command: a thin layer over the library.

``run(argv)`` returns the exit status; only ``__main__`` calls ``sys.exit``. Errors a user
can act on (:class:`PublistError`) print as one line, without a traceback.
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from publist.errors import PublistError

RENDER_EXAMPLES = """\
examples:
  publist render --format md                  # the list in Markdown, from ./config.toml
  publist render --format html --standalone -o publications.html
  publist render --format latex --bib ~/cv/refs.bib -o pubs.tex
"""
SYNC_EXAMPLES = """\
examples:
  publist sync --dry-run      # show what would be added to refs.bib, as a diff
  publist sync                # add arXiv ids, DOIs and venues that are missing
  publist sync --refresh      # ask arXiv again instead of using the cache
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="publist",
        description="Keep refs.bib as the single source of truth for your publication list.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    render = sub.add_parser(
        "render",
        help="print the publication list as Markdown, HTML or LaTeX",
        description="Print the publication list of a .bib file as Markdown, HTML or LaTeX.",
        epilog=RENDER_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    render.add_argument("--format", "-f", choices=("md", "html", "latex"), default="md",
                        help="output format (default: md)")
    _common(render)
    render.add_argument("-o", "--output", metavar="PATH",
                        help="write to PATH (atomically) instead of standard output")
    render.add_argument("--standalone", action="store_true",
                        help="a whole HTML page or LaTeX document instead of a fragment")
    render.add_argument("--strict", action="store_true",
                        help="treat entries that cannot be rendered as errors (exit status 1)")

    sync = sub.add_parser(
        "sync",
        help="fill in missing arXiv ids, DOIs and venues from arXiv",
        description="Look every entry up on arXiv and add the fields it is missing.",
        epilog=SYNC_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _common(sync)
    sync.add_argument("--dry-run", action="store_true",
                      help="print a unified diff of what would change; write nothing")
    sync.add_argument("--refresh", action="store_true", help="ignore cached arXiv answers")
    return parser


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--bib", metavar="PATH",
                        help="the .bib file (default: 'bib' in the config, else refs.bib)")
    parser.add_argument("--config", metavar="PATH",
                        help="the config file (default: ./config.toml if it exists)")


def run(argv: list[str], stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run the command line ``argv`` and return its exit status."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    args = _parser().parse_args(argv)
    try:
        if args.command == "render":
            return _render(args, out, err)
        from publist.sync_cli import sync_command

        return sync_command(args, out, err)
    except PublistError as e:
        err.write(f"{e}\n")
        return 1
    except KeyboardInterrupt:
        err.write("interrupted; nothing was written\n")
        return 130


def _render(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import gc

    # A render builds many small, acyclic objects and then exits: the cycle collector would
    # only walk them again and again (a third of the time on 10,000 entries).
    gc.disable()
    try:
        return _render_list(args, out, err)
    finally:
        gc.enable()


def _render_list(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from publist import config as configmod
    from publist import publication
    from publist.api import preambles_of, read, render

    if args.standalone and args.format == "md":
        err.write("--standalone applies to --format html and latex\n")
        return 2
    config = configmod.load(args.config)
    bib_path = args.bib or config.bib_path()
    if args.output:
        from publist.fileio import same_file

        if same_file(args.output, bib_path):
            err.write(f"{args.output}: is the bibliography itself; publist render never writes "
                      "to it (choose another -o)\n")
            return 1
    bib = read(bib_path, config.encoding)
    pubs, problems = publication.load(bib)
    text, render_problems = render(pubs, config, args.format, args.standalone, preambles_of(bib))
    problems += render_problems
    err.writelines(f"{problem}\n" for problem in problems)
    if args.strict and problems:
        err.write(f"{len(problems)} problem(s); nothing written (--strict)\n")
        return 1
    if args.output:
        from publist.fileio import write_atomic

        write_atomic(args.output, text.encode("utf-8"))
    else:
        out.write(text)
        out.flush()
    return 0
