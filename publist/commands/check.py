"""``publist check``: a linter for editors, pre-commit and CI."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, TextIO

from publist.commands import common_arguments, strings_argument

if TYPE_CHECKING:
    from publist.bib.reader import Bibliography
    from publist.check import Finding
    from publist.config import Config

HELP = "report problems in the .bib file, as a linter does"
DESCRIPTION = ("Report errors (a syntax error, a duplicate key, a malformed id) and warnings (an "
               "entry without the owner, a title in lower case) in .bib files, one line each.")
EXAMPLES = """\
examples:
  publist check                          # the .bib file named in ./config.toml
  publist check refs.bib talks.bib       # these files (as pre-commit passes them)
  publist check IEEEabrv.bib refs.bib    # in BibTeX's order: a file's @strings serve those after it
  publist check --warnings-as-errors     # fail on warnings too (for CI)
  publist check --format json            # the findings as JSON, for other tools
"""


def arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``publist check``."""
    parser.add_argument("files", nargs="*", metavar="FILE",
                        help=".bib files to check, read in this order: a file's @string macros serve the "
                             "files after it, as in \\bibliography{a,b} (default: the one the config names)")
    common_arguments(parser, bib=False)
    strings_argument(parser)
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="text (file:line: level: message) or json (default: text)")
    parser.add_argument("--warnings-as-errors", action="store_true",
                        help="exit with status 1 on warnings too")


def _counts(bib: Bibliography, config: Config, path: str) -> list[Finding]:
    """Warnings about the citation counts file beside a .bib: counts too old, or asked by an
    identifier the entry no longer has."""
    import datetime
    import os

    from publist.check import Finding
    from publist.errors import PublistError
    from publist.papers import citations, publication

    counts_path = os.path.join(os.path.dirname(path), os.path.expanduser(config.citations.file))
    try:
        counts = citations.load(counts_path)
    except PublistError as error:
        return [Finding(counts_path, None, "error", "citations-file", str(error).split(": ", 1)[1])]
    today = datetime.datetime.now(datetime.UTC).date()
    pubs = publication.load(bib)[0]
    return [Finding(pub.span.path, pub.span.line, "warning", code, message)
            for pub, code, message in citations.outdated(pubs, counts, today, config.citations.max_age_days)]


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Check each file; 1 when any has an error (or a warning, with ``--warnings-as-errors``)."""
    import json

    from publist.api import macros, read
    from publist.check import Finding, check
    from publist.commands import load_config, strings_paths
    from publist.errors import BibError

    config = load_config(args)
    findings = []
    known: dict[str, str] = {}  # the macros read so far: they apply to the next file, as in \bibliography{a,b}
    for path in strings_paths(args, config):
        try:
            known = macros([path], config.encoding, known)
        except BibError as error:  # said once; the files are still checked, without its macros
            findings.append(Finding(error.path, error.line, "error", "unreadable", error.msg))
    for path in args.files or [config.bib_path()]:
        try:
            bib = read(path, config.encoding, defined=known)
        except BibError as error:  # a missing file is a finding too; the other files are checked
            findings.append(Finding(error.path, error.line, "error", "unreadable", error.msg))
            continue
        known = bib.strings
        findings += check(bib, config)
        findings += _counts(bib, config, path)
    if args.format == "json":
        out.write(json.dumps([f._asdict() for f in findings], indent=2, ensure_ascii=False) + "\n")
    else:
        out.writelines(f"{finding}\n" for finding in findings)
    errors = sum(f.level == "error" for f in findings)
    warnings = sum(f.level == "warning" for f in findings)
    notes = len(findings) - errors - warnings  # not problems: they never fail the check
    if args.format == "text":
        counted = f", {notes} note(s)" if notes else ""
        err.write(f"{errors} error(s), {warnings} warning(s){counted}\n" if errors or warnings
                  else f"no problems found{counted}\n")
    failing = errors + (warnings if args.warnings_as_errors else 0)
    return 1 if failing else 0
