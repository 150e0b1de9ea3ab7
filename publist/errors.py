"""publist's one exception hierarchy: every message names what is wrong and where.

The CLI catches :class:`PublistError` and prints ``str(err)`` as a single line; anything
else that escapes is a bug in publist and keeps its traceback.
"""

from __future__ import annotations

from typing import Final

COMMAND_LINE: Final = "command line"
"""Where an option given on the command line is said to be wrong, as a config file's key is
(``command line: '--type': unknown kind 'journl'``): a usage error, exit status 2."""


class PublistError(Exception):
    """Root of every error a user can act on, e.g. a malformed file or a failed download."""


class BibError(PublistError):
    """A problem in a .bib file, located by path and 1-based line.

    e.g. ``refs.bib:42: entry 'doe2024' is not closed (missing '}')``
    """

    def __init__(self, msg: str, path: str, line: int | None = None) -> None:
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {msg}")
        self.msg, self.path, self.line = msg, path, line


class ConfigError(PublistError):
    """A problem in config.toml, located by key or line.

    e.g. ``config.toml: unknown key 'render.srot' (did you mean 'sort'?)``
    """

    def __init__(self, msg: str, path: str, line: int | None = None) -> None:
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {msg}")
        self.msg, self.path, self.line = msg, path, line


class FetchError(PublistError):
    """A look-up that failed, e.g. ``arXiv: HTTP 503 after 3 retries (https://...)``."""


class LockedError(PublistError):
    """Another publist process is editing the same file."""


class UsageError(PublistError):
    """The command line asks for what cannot be done (options that do not go together, a
    value an option does not take), e.g. ``--inplace and --output do not go together``."""


def exit_status(error: PublistError) -> int:
    """2 for a usage error, as argparse's own (:class:`UsageError`, or an option of the
    :data:`COMMAND_LINE` refused as a config key is); 1 for a failure on the user's files or data."""
    if isinstance(error, UsageError) or (isinstance(error, ConfigError) and error.path == COMMAND_LINE):
        return 2
    return 1
