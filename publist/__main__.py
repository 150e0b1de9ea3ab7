"""``python -m publist`` and the ``publist`` console script."""

from __future__ import annotations

import sys


def main() -> None:
    """Run the CLI and exit with its status."""
    from publist.cli import run

    try:
        sys.exit(run(sys.argv[1:]))
    except BrokenPipeError:  # e.g. publist render | head
        sys.stderr.close()
        sys.exit(1)


if __name__ == "__main__":
    main()
