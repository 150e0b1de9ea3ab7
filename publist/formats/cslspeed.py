"""citeproc-py without its repeated look-ups: what it asks for every entry, answered once.

citeproc-py walks a style's XML tree for each entry, and on the way asks lxml the same
questions again and again: an XPath search for a macro by name (from the root, for every
``<text macro=...>`` of every entry), whether a group calls a variable (a walk of the group's
whole subtree, macros included, for every group at every depth, for every entry), the root of
the tree (about 550 times an entry), an item's reference (through three dictionary
look-ups), and the list of types of each ``<if type=...>`` (split and lowered again each time). In APA that is about 290 XPath searches and 620 subtree walks an entry; answered
once, a 100-entry list takes 1.1 s of citeproc-py's time instead of 7.5 s (cProfile).

None of these answers changes while a list is formatted: the XPath expressions it searches
with name elements by tag and by the attributes ``name``, ``form``, ``xml:lang`` and
``match``, never by the et-al options that :mod:`publist.formats.citation` sets for an
entry; whether a group calls a variable depends on the tree only; an item's reference is
dropped with :func:`forget` when it is replaced. So each answer is kept, with the lxml
element it belongs to (kept alive with it, so that lxml hands out the same proxy).
Only :mod:`publist.formats.citation` imports this, and only once a style is asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

_XPATH: Final[dict[tuple[Any, str], Any]] = {}
_CALLS: Final[dict[Any, bool]] = {}
_ROOT: Final[dict[Any, Any]] = {}
_TYPES: Final[dict[Any, list[str]]] = {}
_REFERENCE: Final = "_publist_reference"
_installed: list[bool] = []


def install() -> None:
    """Memoise citeproc-py's repeated look-ups (patched once a process), dropping the answers
    kept for an earlier style, so that a long-lived process does not collect them."""
    _XPATH.clear()
    _CALLS.clear()
    _ROOT.clear()
    _TYPES.clear()
    if _installed:
        return
    from citeproc import model, source

    model.CitationStylesElement.xpath_search = _xpath_search
    model.CitationStylesElement.get_root = _get_root
    model.If._type = _type
    kinds: list[Any] = [k for k in vars(model).values() if isinstance(k, type)]
    for kind in kinds:
        if "calls_variable" in vars(kind):
            kind.calls_variable = _calls_variable(vars(kind)["calls_variable"])
    source.CitationItem.reference = property(_reference)
    _installed.append(True)


def forget(item: Any) -> None:
    """Drop the reference kept for a citation item, after its source entry was replaced."""
    item.__dict__.pop(_REFERENCE, None)


def _xpath_search(self: Any, expression: str) -> Any:
    key = (self, expression)
    found = _XPATH.get(key)
    if found is None:
        found = _XPATH[key] = self.xpath(expression, namespaces=self.nsmap)
    return found


def _get_root(self: Any) -> Any:
    found = _ROOT.get(self)
    if found is None:
        found = _ROOT[self] = self.getroottree().getroot()
    return found


def _type(self: Any, item: Any) -> list[bool]:
    """``<if type="book chapter ...">``: which of its types the item is (the list split once)."""
    types = _TYPES.get(self)
    if types is None:
        types = _TYPES[self] = [kind.lower() for kind in self.get("type").split()]
    kind = item.reference.type
    return [t == kind for t in types]


def _calls_variable(original: Callable[[Any], bool]) -> Callable[[Any], bool]:
    def calls_variable(self: Any) -> bool:
        found = _CALLS.get(self)
        if found is None:
            found = _CALLS[self] = original(self)
        return found

    return calls_variable


def _reference(self: Any) -> Any:
    kept = self.__dict__
    if _REFERENCE not in kept:
        kept[_REFERENCE] = self.citation.bibliography.source[self.key]
    return kept[_REFERENCE]
