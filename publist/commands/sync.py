"""``publist sync``: look every entry up and add what is missing; progress, then a report.

Only this command imports requests and rich, and only when it runs.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TextIO

from publist.commands import common_arguments, strings_argument

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID

    from publist.config import Config
    from publist.sync.steps import Change, Outcome

HELP = "fill in missing arXiv ids, DOIs and published venues"
DESCRIPTION = ("Look every entry up on arXiv, Semantic Scholar, DBLP and Crossref and add the fields "
               "it is missing; a preprint's published version is suggested (--upgrade writes it).")
EXAMPLES = """\
examples:
  publist sync --dry-run            # show what would be added to refs.bib, as a diff
  publist sync                      # add arXiv ids, DOIs and venues that are missing
  publist sync --upgrade --dry-run  # show how preprints would become their published entries
  publist sync --refresh            # ask the sources again instead of using the cache
  publist sync --citations          # and keep every entry's citation count in citations.json
"""


def arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``publist sync``."""
    common_arguments(parser)
    strings_argument(parser)
    parser.add_argument("--dry-run", action="store_true",
                        help="print a unified diff of what would change; write nothing")
    parser.add_argument("--refresh", action="store_true", help="ignore cached answers and ask again")
    parser.add_argument("--upgrade", action="store_true",
                        help="turn preprints into their published entries (type, venue, year); "
                             "with --dry-run, show the diff first")
    parser.add_argument("--citations", action="store_true",
                        help="also gather citation counts into the counts file ([citations] in config.toml)")


TABLE_ROWS = 50
"""Changed entries listed one by one; the rest are counted (``--dry-run`` shows them all)."""


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Run a sync as the command line asked; the exit status is 1 if any look-up failed."""
    from rich.console import Console

    from publist import fileio
    from publist.commands import bib_path, load_config

    # text from a .bib file or a server is never markup: no emoji codes (refs.bib:100:)
    console = Console(file=err, highlight=False, soft_wrap=True, emoji=False)
    config = load_config(args)
    path = bib_path(args, config)
    fileio.check_file(path)  # a pipe or a device is refused, by a dry run too, before any look-up
    if args.dry_run:
        return _run(args, config, path, out, console)
    fileio.check_writable(path)
    with fileio.locked(path):
        fileio.remove_stale_temporaries(path)  # left by a run that was killed while writing
        return _run(args, config, path, out, console)


def _run(args: argparse.Namespace, config: Config, path: str, out: TextIO, console: Console) -> int:
    from rich.text import Text

    from publist import fileio
    from publist.bib import reader
    from publist.commands import macros, reader_warnings
    from publist.errors import PublistError
    from publist.sync.services import look_up, services
    from publist.sync.steps import decide, match, plan

    counting = None
    if args.citations or config.citations.enabled:
        from publist.sync.citations import Step

        counting = Step.start(config, path)  # a broken counts file stops the run here, before any change
    data = fileio.read_bytes(path)
    source = reader.decode(data, str(path), config.encoding)
    strings = macros(args, config)
    bib = reader.read(source.text, str(path), layout=True, strings=strings)
    for line in reader_warnings(source, bib):  # warnings, which leave the exit status alone
        console.print(Text(line))
    wanted = plan(bib)
    with _progress(console) as watch:  # a line per service, each asked at the same time
        looked = look_up(bib, wanted, config, services(config, watch), refresh=args.refresh, watch=watch)
    matched = match(bib, looked.plan, looked.answers)
    outcome = decide(bib, matched, source.encoding, looked.venues, upgrade=args.upgrade)
    new = source.encode(outcome.text)
    if args.dry_run:
        _write_bytes(out, unified_diff(data, new, str(path)), source.encoding)
    elif new != data:
        if fileio.read_bytes(path) != data:
            raise PublistError(f"{path}: changed while publist was working; nothing written, "
                               "run publist sync again")
        fileio.write_atomic(path, new)
    _report(outcome, str(path), args.dry_run, console, args.upgrade)
    status = 1 if outcome.failed or outcome.unreachable or outcome.profiles or outcome.widespread else 0
    if counting is not None:
        from publist.bib.reader import read
        from publist.papers import publication

        counts = counting.finish(publication.load(read(outcome.text, str(path), recover=True,
                                                                  strings=strings))[0],
                                 refresh=args.refresh, dry_run=args.dry_run)
        console.print(Text("\n".join(counts.lines())))
        status = max(status, 0 if counts.ok else 1)
    return status


class _Lines:
    """A progress line per service: its questions answered, and what it is waiting for
    (``waiting 2.0 s (DBLP asks for 2 s between requests)``). Workers call it too: a lock
    keeps one line per service."""

    def __init__(self, bar: Progress) -> None:
        import threading

        self.bar = bar
        self.lines: dict[str, TaskID] = {}
        self.lock = threading.Lock()

    def _line(self, service: str) -> TaskID:
        with self.lock:
            if service not in self.lines:
                self.lines[service] = self.bar.add_task(service, total=None, status="")
            return self.lines[service]

    def count(self, service: str, done: int, total: int) -> None:
        self.bar.update(self._line(service), completed=done, total=max(total, 1))

    def status(self, service: str, text: str) -> None:
        self.bar.update(self._line(service), status=text)


@contextmanager
def _progress(console: Console) -> Iterator[_Lines]:
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn

    with Progress(SpinnerColumn(), TextColumn("{task.description:<16}"), BarColumn(),
                  TextColumn("{task.completed}/{task.total}"), TextColumn("[dim]{task.fields[status]}"),
                  console=console, transient=True) as bar:
        yield _Lines(bar)


def unified_diff(old: bytes, new: bytes, path: str) -> bytes:
    r"""A diff that ``patch -p1`` applies to the file's bytes, whatever their encoding.

    Lines are compared as bytes (so a Latin-1 file gets a Latin-1 diff, a byte-order mark
    and CRLF endings stay in it), and a last line without a newline is marked as
    ``diff`` marks it.

    >>> print(unified_diff(b"a\nb", b"a\nb\nc", "x.bib").decode(), end="")
    --- a/x.bib
    +++ b/x.bib
    @@ -1,2 +1,3 @@
     a
    -b
    \ No newline at end of file
    +b
    +c
    \ No newline at end of file

    An old Mac's file, whose lines end in ``\r`` alone, is a single line to ``patch``: its
    diff is for reading, a line of the file a line of the diff (as publist counts lines), each
    shown with the terminal's ``\n``.

    >>> print(unified_diff(b"a\rb\r", b"a\rc\r", "x.bib").decode(), end="")
    --- a/x.bib
    +++ b/x.bib
    @@ -1,2 +1,2 @@
     a
    -b
    +c
    """
    import difflib

    mac = _mac(old)
    split = _mac_lines if mac else _lines
    lines = difflib.diff_bytes(
        difflib.unified_diff, split(old), split(new),
        f"a/{path}".encode(), f"b/{path}".encode(), lineterm=b"\n",
    )
    out = []
    for n, line in enumerate(lines):
        if n < 2:  # the two file names
            line = line.rstrip(b"\n") + b"\n"
        elif mac and line.endswith(b"\r"):  # an old Mac's line end, shown as the terminal's
            line = line[:-1] + b"\n"
        out.append(line)
        if not line.endswith(b"\n"):
            out.append(b"\n\\ No newline at end of file\n")
    return b"".join(out)


def _lines(data: bytes) -> list[bytes]:
    """Lines as ``patch`` reads them: ended by ``\\n`` only (a lone ``\\r`` is text)."""
    lines = data.split(b"\n")
    last = lines.pop()
    return [line + b"\n" for line in lines] + ([last] if last else [])


def _mac(data: bytes) -> bool:
    """Whether most of a file's lines end in ``\\r`` alone (:func:`publist.bib.splice.newline`)."""
    from publist.bib.splice import newline

    return b"\r" in data and newline(data.decode("latin-1")) == "\r"


def _mac_lines(data: bytes) -> list[bytes]:
    """Lines as publist reads them: ended by ``\\r\\n``, ``\\n`` or ``\\r`` alone (kept)."""
    import re

    ends = [m.end() for m in re.finditer(rb"\r\n|\n|\r", data)]
    starts = [0, *ends]
    return [data[a:b] for a, b in zip(starts, [*ends, len(data)], strict=True) if a < b]


def _write_bytes(out: TextIO, data: bytes, encoding: str) -> None:
    """Bytes to a text stream: through its buffer when it has one (standard output)."""
    buffer = getattr(out, "buffer", None)
    if buffer is None:
        out.write(data.decode(encoding))
    else:
        out.flush()
        buffer.write(data)
        buffer.flush()


def _report(outcome: Outcome, path: str, dry_run: bool, console: Console, upgrade: bool = False) -> None:
    from rich.table import Table
    from rich.text import Text

    def table(title: str, changes: list[Change]) -> Table:
        grid = Table(title=title, title_justify="left")
        for column in ("entry", "field", "value", "from"):
            grid.add_column(column)
        for change in changes[:TABLE_ROWS]:
            where = Text(f"{change.key} ({path}:{change.line})")
            was = dict(change.replaced)
            rows = [(f.field, f.value + (" (was empty)" if f.field in change.filled else
                                         f" (was {was[f.field]})" if f.field in was else ""), f.source)
                    for f in change.fields]
            if change.upgraded:
                rows.insert(0, ("type", f"@{change.upgraded}", "the published version"))
            rows += [(name, "(taken out)", why) for name, why in change.removed]
            for i, (name, value, source) in enumerate(rows):
                grid.add_row(where if i == 0 else "", Text(name), Text(value), Text(source))
        if len(changes) > TABLE_ROWS:
            grid.add_row(Text(f"... and {len(changes) - TABLE_ROWS} more"), "", "", "")
        return grid

    if outcome.changes:
        console.print(table("Would write" if dry_run else "Written", outcome.changes))
    if outcome.suggestions:
        why = ("--upgrade could not apply these; the warnings say why" if upgrade else
               "publist sync --upgrade writes a preprint's published version")
        console.print(table(f"Suggested, not written ({why})", outcome.suggestions))
    unreachable = [*outcome.profiles, *(f"{name}: {why}; not asked again in this run"
                                        for name, why in outcome.unreachable.items()), *outcome.widespread]
    for title, items in (("Not matched", outcome.unmatched), ("Warnings", outcome.warnings),
                         ("Failed", [*unreachable, *outcome.failed])):
        if items:
            console.print(Text(title, style="bold"))
            for item in items:
                console.print(Text(f"  {item}"))
    n = len(outcome.changes)
    verb = "would be updated" if dry_run else "updated"
    failed = outcome.failed or outcome.unreachable or outcome.profiles or outcome.widespread
    nothing = "nothing written" if failed else "nothing to add"
    summary = f"{path}: {n} {'entry' if n == 1 else 'entries'} {verb}" if n else (
        f"{path}: {nothing}; the file is unchanged")
    console.print(Text(f"{summary} ({_requests(outcome.requests)})"))
    if failed:
        console.print("Some look-ups failed; check your connection or try again later "
                      "(entries that failed were left untouched).")


def _requests(counts: dict[str, int]) -> str:
    """``2 request(s) to arXiv``, or ``3 request(s): 1 to arXiv, 2 to DBLP``."""
    total = sum(counts.values())
    asked = {name: n for name, n in counts.items() if n}
    if len(counts) <= 1 or len(asked) <= 1:
        return f"{total} request(s) to {next(iter(asked), next(iter(counts), 'arXiv'))}"
    return f"{total} request(s): " + ", ".join(f"{n} to {name}" for name, n in asked.items())
