"""Output formats: one module per format, each with ``document(items, standalone)``.

Each backend owns its escaping; :mod:`publist.view` decides what is shown.
"""

from __future__ import annotations

from typing import Final

MODULES: Final = {"md": "markdown", "html": "html", "latex": "latex"}
"""The module of each ``--format``."""
