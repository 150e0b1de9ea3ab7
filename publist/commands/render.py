"""``publist render``: the list as Markdown, HTML, LaTeX, Typst or JSON, to standard output, a file,
or between the markers of files (``--inplace``)."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TextIO

from publist.commands import common_arguments, strings_argument

if TYPE_CHECKING:
    from publist.bib.reader import Bibliography
    from publist.config import Config
    from publist.model import Diagnostic, Publication

HELP = "print the publication list as Markdown, HTML, LaTeX, Typst or JSON"
DESCRIPTION = ("Print the publication list of a .bib file as Markdown, HTML, LaTeX, Typst or JSON, or "
               "write it between the publist:start and publist:end markers of files (--inplace). "
               "The options that choose and arrange entries are [render] keys of config.toml too.")
EXAMPLES = """\
examples:
  publist render --format md                  # the list in Markdown, from ./config.toml
  publist render --format html --standalone -o publications.html
  publist render --format latex --bib ~/cv/refs.bib -o pubs.tex
  publist render --format typst -o cv/pubs.typ   # then #include "pubs.typ" in cv/cv.typ
  publist render --selected --since 2019 --limit 5
  publist render --group-by year --numbering descending --format latex
  publist render --style apa --format html    # a CSL citation style
  publist render --format json -o data/publications.json
  publist render --citations --citation-summary   # counts from publist sync --citations
  publist render --inplace README.md cv.tex   # between <!-- publist:start --> and <!-- publist:end -->
  publist render --inplace cv.typ             # between // publist:start and // publist:end
"""

FORMATS = ("md", "html", "latex", "typst", "json")
_FLAGS = ("selected", "first_author", "citations", "citation_summary")
_VALUES = ("since", "until", "limit", "group_by", "numbering", "max_authors", "style", "template",
           "year")


def arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``publist render``."""
    parser.add_argument("--format", "-f", choices=FORMATS, default=None,
                        help="output format (default: md; with --inplace, each file's extension)")
    common_arguments(parser)
    strings_argument(parser)
    out = parser.add_argument_group("where the list goes")
    out.add_argument("-o", "--output", metavar="PATH",
                     help="write to PATH (atomically) instead of standard output")
    out.add_argument("--inplace", nargs="+", metavar="FILE",
                     help="replace the text between the markers of each FILE (.md, .html, .tex, .typ)")
    out.add_argument("--standalone", action="store_true",
                     help="a whole HTML page or LaTeX or Typst document instead of a fragment")
    out.add_argument("--strict", action="store_true",
                     help="treat entries that cannot be rendered as errors (exit status 1)")
    choose = parser.add_argument_group("which entries ([render] keys of the same names)")
    choose.add_argument("--selected", action="store_true", default=None,
                        help="only entries with selected (or featured) = true")
    choose.add_argument("--since", type=int, metavar="YEAR", help="only entries from YEAR on")
    choose.add_argument("--until", type=int, metavar="YEAR", help="only entries up to YEAR")
    choose.add_argument("--type", action="append", metavar="KINDS", help="only these kinds, "
                        "comma-separated: journal, conference, workshop, preprint, book, thesis, other")
    choose.add_argument("--key", nargs="+", action="extend", metavar="KEY",
                        help="only these entries (comma-separated, or several)")
    choose.add_argument("--keyword", action="append", metavar="WORD",
                        help="only entries whose keywords field has WORD (comma-separated, or again)")
    choose.add_argument("--first-author", action="store_true", default=None,
                        help="only entries where the owner is first or equal-first author")
    choose.add_argument("--limit", type=int, metavar="N", help="at most N entries")
    arrange = parser.add_argument_group("how they are arranged")
    arrange.add_argument("--group-by", choices=("none", "year", "type"), help="headings by year or kind")
    arrange.add_argument("--numbering", choices=("none", "ascending", "descending"),
                         help="[1], [2] ... or [18], [17] ...")
    arrange.add_argument("--year", choices=("venue", "authors", "none"), help="where the year stands")
    arrange.add_argument("--max-authors", type=int, metavar="N",
                         help="cut longer author lists to N names and et al., the owner kept")
    arrange.add_argument("--style", metavar="CSL", help="a CSL citation style by name (apa) or file")
    arrange.add_argument("--template", metavar="PATH", help="a Jinja2 template instead of the layout")
    arrange.add_argument("--citations", action="store_true", default=None,
                         help="each entry's citation count (from publist sync --citations)")
    arrange.add_argument("--citation-summary", action="store_true", default=None,
                         help="a line after the list: the counts' total and h-index, source and date")


def overrides(args: argparse.Namespace) -> dict[str, Any]:
    """The ``[render]`` keys the command line sets."""
    out: dict[str, Any] = {}
    for name in _FLAGS + _VALUES:
        if getattr(args, name) is not None:
            out[name] = getattr(args, name)
    from publist.config import split

    for name in ("type", "key", "keyword"):  # split at commas, as in markers and config.toml
        if getattr(args, name) is not None:
            out[name] = [part for value in getattr(args, name) for part in split(value)]
    if args.template is not None:  # relative to here, not to the config file
        import os

        out["template"] = os.path.abspath(args.template)
    return out


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Render as the command line asked; 1 when ``--strict`` found problems."""
    import gc

    # A render builds many small, acyclic objects and then exits: the cycle collector would
    # only walk them again and again (a third of the time on 10,000 entries).
    gc.disable()
    try:
        return _render(args, out, err)
    finally:
        gc.enable()


def _render(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from publist.api import read
    from publist.commands import bib_path as bib_of
    from publist.commands import load_config
    from publist.papers import publication

    if args.standalone and ((args.format or "md") in ("md", "json") or args.inplace):
        err.write("--standalone applies to --format html, latex and typst, without --inplace\n")
        return 2
    if args.inplace and args.output:
        err.write("--inplace and --output do not go together: --inplace writes the files it names\n")
        return 2
    from publist.config import option
    from publist.errors import COMMAND_LINE

    config = load_config(args)
    given = overrides(args)
    config = config.with_render(given, COMMAND_LINE, option)
    fmt = args.format or "md"
    if args.standalone and config.render.template:
        err.write("--standalone does not apply to a template (it writes the whole output); "
                  "put the page around the list in the template\n")
        return 2
    _refuse_pointless(given, config, fmt, COMMAND_LINE, option)
    bib_path = bib_of(args, config)
    targets = args.inplace or ([args.output] if args.output else [])
    for target in targets:
        from publist.fileio import same_file

        if same_file(target, bib_path):
            hint = "" if args.inplace else " (choose another -o)"
            err.write(f"{target}: is the bibliography itself; publist render never writes to it{hint}\n")
            return 2
    from publist.commands import strings_paths

    bib = read(bib_path, config.encoding, strings_paths(args, config))
    _check_keys(config.render.key if "key" not in given else (), bib, config.path or "config.toml",
                "render.key")
    _check_keys(given.get("key", ()), bib, COMMAND_LINE, "--key")
    pubs, problems = publication.load(bib)
    if args.inplace:
        return _inplace(args, config, bib, pubs, problems, err)
    text, render_problems = _one(pubs, config, fmt, args.standalone, bib)
    problems += render_problems
    if _report(problems, args.strict, err):
        return 1
    if args.output:
        from publist.fileio import write

        write(args.output, text.encode("utf-8"))
    else:
        out.write(text)
        out.flush()
    return 0


def _refuse_pointless(given: dict[str, Any], config: Config, fmt: str, where: str,
                      spell: Callable[[str], str]) -> None:
    """Stop on an option that what else was asked makes meaningless (one line)."""
    from publist.config import pointless
    from publist.errors import ConfigError

    found = pointless(given, config.render, fmt, bool(config.owner))
    if found is not None:
        raise ConfigError(f"'{spell(found[0])}' does nothing here: {found[1]}", where)


def _check_keys(keys: Iterable[str], bib: Bibliography, where: str, name: str) -> None:
    """Stop on a ``key`` that names no entry of the file (a typo would empty the list)."""
    from publist.errors import ConfigError
    from publist.listing.selection import unknown_keys

    unknown = unknown_keys(keys, [record.key for record in bib.records])
    if unknown:
        missing, close = unknown[0]
        hint = f" (did you mean '{close}'?)" if close else ""
        raise ConfigError(f"'{name}': no entry '{missing}' in {bib.path}{hint}", where)


def _one(pubs: list[Publication], config: Config, fmt: str, standalone: bool,
         bib: Bibliography) -> tuple[str, list[Diagnostic]]:
    from publist.api import preambles_of, render

    return render(pubs, config, fmt, standalone, preambles_of(bib), bib)


def _report(problems: list[Diagnostic], strict: bool, err: TextIO) -> bool:
    """Print the problems (each once); ``True`` when ``--strict`` makes them stop the run
    (notices, such as a preprint merged into its published version, do not)."""
    from publist.model import Notice

    problems = list(dict.fromkeys(problems))
    err.writelines(f"{problem}\n" for problem in problems)
    count = sum(not isinstance(p, Notice) for p in problems)
    if strict and count:
        err.write(f"{count} problem(s); nothing written (--strict)\n")
        return True
    return False


def _inplace(args: argparse.Namespace, config: Config, bib: Bibliography, pubs: list[Publication],
             problems: list[Diagnostic], err: TextIO) -> int:
    """Every file checked and its blocks rendered first; then the files that changed written,
    atomically.

    A file that cannot be replaced (read-only, not a regular file), a bad marker or a bad
    option in any file stops the run before anything is written.
    """
    import os

    from publist import fileio, inplace
    from publist.config import coerce
    from publist.errors import PublistError

    # a file named twice (README.md ./README.md, or through a link) is one file, written once
    named: dict[str, str] = {}
    for path in args.inplace:
        named.setdefault(os.path.realpath(path), path)
    paths = list(named.values())
    for path in paths:
        fileio.check_writable(path)
    changed: list[tuple[str, bytes]] = []
    for path in paths:
        data = fileio.read_bytes(path)
        bom = data.startswith(b"\xef\xbb\xbf")
        try:
            text = data[3 if bom else 0 :].decode("utf-8")
        except UnicodeDecodeError as error:
            raise PublistError(f"{path}: not UTF-8 (byte {error.start}); publist writes UTF-8 files only") from None
        fmt = args.format or inplace.format_of(path)
        if fmt is None:
            raise PublistError(f"{path}: cannot tell the format from the extension; give --format")

        def block_text(block: inplace.Block, path: str = path, fmt: str = fmt) -> str:
            where = f"{path}:{block.line}"
            options = dict(block.options)
            own_fmt = options.pop("format", None) or fmt
            if own_fmt not in FORMATS:
                raise PublistError(f"{where}: format must be one of {', '.join(FORMATS)}, not {own_fmt!r}")
            values = {name: coerce(name, value, where) for name, value in options.items()}
            own = config.with_render(values, where)
            _refuse_pointless(values, own, own_fmt, where, lambda name: name)
            _check_keys(values.get("key", ()), bib, where, "key")
            try:
                text, found = _one(pubs, own, own_fmt, False, bib)
            except PublistError as error:  # a template or style this block names: say which block
                raise PublistError(f"{where}: {error}") from None
            problems.extend(found)
            return text

        # the markers are read as the file is written (a README.md is Markdown, whatever --format)
        new = inplace.replace(text, path, inplace.format_of(path) or fmt, block_text)
        if new != text:
            changed.append((path, (b"\xef\xbb\xbf" if bom else b"") + new.encode("utf-8")))
    if _report(problems, args.strict, err):
        return 1
    for n, (path, data) in enumerate(changed):
        try:
            fileio.write_atomic(path, data)
        except PublistError as error:
            done = ", ".join(p for p, _ in changed[:n]) or "none"
            raise PublistError(f"{error}; written: {done}; not written: "
                               f"{', '.join(p for p, _ in changed[n:])}") from None
        err.write(f"{path}: updated\n")
    unchanged = len(paths) - len(changed)
    if unchanged:
        err.write(f"{unchanged} file(s) up to date\n" if changed else "up to date\n")
    return 0
