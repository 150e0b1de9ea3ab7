"""publist: refs.bib as the single source of truth for a publication list.

>>> import publist
>>> pubs, problems = publist.loads("@misc{k, title = {PyHessian}, author = {Zhewei Yao}}")
>>> print(publist.render(pubs, publist.Config(owner=("Zhewei Yao",)), "md")[0], end="")
- **PyHessian**  
  **Z. Yao**
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ("Config", "Publication", "PublistError", "load", "loads", "render")
__version__ = "0.1.0"

if TYPE_CHECKING:
    from publist.api import load, loads, render
    from publist.config import Config
    from publist.errors import PublistError
    from publist.model import Publication

_LAZY = {
    "load": "publist.api",
    "loads": "publist.api",
    "Config": "publist.config",
    "PublistError": "publist.errors",
    "Publication": "publist.model",
    "render": "publist.api",
}


def __getattr__(name: str) -> Any:
    """Import on first use, so that ``import publist`` stays cheap for the CLI."""
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'publist' has no attribute {name!r}")
