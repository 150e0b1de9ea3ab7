"""Regular expressions compiled when first used.

Compiling a pattern costs 0.1 to 1 ms; a render of a small file would spend a sixth of its time
compiling patterns that only LaTeX output, a sync or an odd field needs. The common path keeps
``re.compile`` at import; the rest use :func:`lazy`.

>>> word = lazy(r"\\w+")
>>> word().findall("two words")
['two', 'words']
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, partial


def lazy(pattern: str, flags: int = 0) -> Callable[[], re.Pattern[str]]:
    """A function that gives the pattern compiled, compiling it on its first call."""
    return cache(partial(re.compile, pattern, flags))
