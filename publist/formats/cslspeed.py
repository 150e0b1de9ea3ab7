"""citeproc-py without its repeated look-ups: what it asks for every entry, answered once.

citeproc-py walks a style's XML tree for each entry, and on the way asks lxml the same
questions again and again: an XPath search for a macro by name (from the root, for every
``<text macro=...>`` of every entry), whether a group calls a variable (a walk of the group's
whole subtree, macros included, for every group at every depth, for every entry), the root of
the tree (about 550 times an entry), an item's reference (through three dictionary
look-ups), the list of types of each ``<if type=...>`` (split and lowered again each time), and
a locale's terms and options (its ``<terms>`` and ``<style-options>`` found again for each).
In APA that is about 290 XPath searches and 620 subtree walks an entry; answered once, a
100-entry list takes 1.1 s of citeproc-py's time instead of 7.5 s (cProfile).

None of these answers changes while a list is formatted: the XPath expressions it searches
with name elements by tag and by the attributes ``name``, ``form``, ``xml:lang`` and
``match``, never by the et-al options that :mod:`publist.formats.citation` sets for an
entry; whether a group calls a variable depends on the tree only; an item's reference is
dropped with :func:`forget` when it is replaced. So each answer is kept, with the lxml
element it belongs to (kept alive with it, so that lxml hands out the same proxy).

The same holds for what each element reads from its own attributes on every call: whether
it sets a font, whether it has a prefix or a suffix, whether a ``<text>`` is written as it is
(no case, quotes, periods stripped, font, prefix or suffix) and what it writes, which
conditions an ``<if>`` tests and on which variables (a condition on the type alone is
answered once a type), a group's children and whether each calls a variable, and the
children of every other element that renders them; an element's first child of a tag (its
``<name>``, its ``<layout>``), a ``<name>``'s options other than the et-al ones, a term's
text; and an item's reference, kept on the item as an attribute. CiteProcJSON reads a text
without a ``<span class="nocase">`` as one ``String`` without its loop.
citeproc-py changes two kinds of elements while it formats, and neither is among these
answers: a ``<name>``'s et-al options (set for an entry by :mod:`publist.formats.citation`)
and the locale's ``<date-part>`` elements, into which citeproc-py copies the attributes of
the style's ``<date-part>`` each time it writes a localised date (so they are read as
citeproc-py reads them). It adds a ``<name>`` to a ``<names>`` that has none, whose children
are never listed here.

A long list is also written on every core (:func:`in_order`): entries are formatted
independently of each other, so a forked process can write a part of the list from the
style and the answers as they stand, and send back only the text.

Beyond these look-ups, what a whole macro writes is kept by what it read of the entry
(:mod:`publist.formats.cslmemo`, installed with them).

Only :mod:`publist.formats.citation` imports this, and only once a style is asked for.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
from collections.abc import Callable
from functools import cached_property
from typing import Any, Final, TypeVar

from publist.formats import cslmemo

T = TypeVar("T")

_XPATH: Final[dict[tuple[Any, str], Any]] = {}
_CALLS: Final[dict[Any, bool]] = {}
_ROOT: Final[dict[Any, Any]] = {}
_TYPES: Final[dict[Any, list[str]]] = {}
_PLAIN: Final[dict[Any, bool]] = {}
_CONDITIONS: Final[dict[Any, tuple[tuple[str, ...], str | None, dict[str, bool] | None]]] = {}
_VARIABLES: Final[dict[Any, list[str]]] = {}
_TEXTS: Final[dict[Any, tuple[str | None, str]]] = {}
_MACROS: Final[dict[Any, Any]] = {}
_MARKUP: Final[dict[Any, bool]] = {}
_CHILDREN: Final[dict[Any, tuple[tuple[Any, bool], ...]]] = {}
_GROUPS: Final[dict[Any, tuple[str, tuple[tuple[Any, bool, bool | None], ...]]]] = {}
_TERMS: Final[dict[tuple[Any, str, str | None, bool], Any]] = {}
_OPTIONS: Final[dict[tuple[Any, str], str | None]] = {}
_BARE: Final[dict[Any, bool]] = {}
_FOUND: Final[dict[tuple[Any, str], Any]] = {}
_NAME_OPTIONS: Final[dict[tuple[Any, str, Any], Any]] = {}
_SINGLE: Final[dict[Any, Any]] = {}
_ANSWERS: Final[tuple[dict[Any, Any], ...]] = (
    _XPATH, _CALLS, _ROOT, _TYPES, _PLAIN, _CONDITIONS, _VARIABLES, _TEXTS, _MACROS,
    _MARKUP, _CHILDREN, _GROUPS, _TERMS, _OPTIONS, _BARE, _FOUND, _NAME_OPTIONS, _SINGLE)
_REFERENCE: Final = "reference"
_UNSET: Final = object()
_installed: list[bool] = []

_FONT: Final = (("font-style", "normal"), ("font-variant", "normal"), ("font-weight", "normal"),
                ("text-decoration", "none"), ("vertical-align", "baseline"))
"""The formatting attributes of CSL and the value with which ``Formatted.format`` leaves a
text as it is."""

_TESTS: Final = ("type", "variable", "is-numeric", "is-uncertain-date", "locator", "position")
"""The conditions of ``<if>``, in the order citeproc-py evaluates them."""

_WRITES: Final = ("variable", "macro", "term", "value")
"""What a ``<text>`` writes, in the order citeproc-py looks."""

PART: Final = 100
"""The fewest entries a process is given to write, so that a list is split from 200 entries on:
a fork and its answer take 1-2 ms, an entry in APA about 1 ms, and a core may be busy."""


TESTED: Final = ("0.11.1",)
"""The citeproc-py releases whose methods the answers below were checked against: several
replace a method with one that gives what that release's does, so another release (older, or
newer with changed internals) is left as it is, slower but as its authors wrote it."""


def install(independent: bool = True) -> None:
    """Memoise citeproc-py's repeated look-ups and, for a style that writes each entry
    ``independent``-ly, its macros' texts (:mod:`publist.formats.cslmemo`); patched once a
    process, for a release in :data:`TESTED`. The answers kept for an earlier style are
    dropped, so that a long-lived process does not collect them."""
    for answers in _ANSWERS:
        answers.clear()
    cslmemo.reset(independent)
    if _installed or not _tested():
        return
    from citeproc import model, source
    from citeproc.source import json

    model.CitationStylesElement.xpath_search = _xpath_search
    model.CitationStylesElement.get_root = _get_root
    model.If._type = _type
    model.If._variable = _if_variable
    model.If.render = _if_render(model)
    model.Text.process = _text_process(model.Text.process)
    model.Text.markup = _text_markup(model.Text.markup)
    model.Group.process = _group_process(model)
    model.Choose.render = _choose_render(model)
    model.Parent.render_children = _render_children(model)
    model.Locale.get_term = _locale_term(model.Locale.get_term)
    model.Locale.get_option = _locale_option(model.Locale.get_option)
    # the locale's <date-part> elements take the style's attributes as they are written
    model.Date_Part.format = model.Formatted.format
    model.Formatted.format = _format(model.Formatted.format)
    model.Affixed.wrap = _wrap(model)
    kinds: list[Any] = [k for k in vars(model).values() if isinstance(k, type)]
    for kind in kinds:
        if "calls_variable" in vars(kind):
            kind.calls_variable = _per_element(_CALLS, vars(kind)["calls_variable"])
    model.SomewhatObjectifiedElement.__getattr__ = _child(model.SomewhatObjectifiedElement.__getattr__)
    model.Name.get_option = _name_option(model.Name.get_option)
    model.Term.single = property(_per_element(_SINGLE, model.Term.single.fget))
    reference = cached_property(_reference)  # then an attribute of the item, read without a call
    reference.__set_name__(source.CitationItem, _REFERENCE)
    source.CitationItem.reference = reference
    json.CiteProcJSON.parse_string = _parse_string(json.CiteProcJSON.parse_string)
    cslmemo.install(model, source)
    _installed.append(True)


def _tested() -> bool:
    """Whether the installed citeproc-py is a release in :data:`TESTED`."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("citeproc-py") in TESTED
    except PackageNotFoundError:
        return False


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


def _format(original: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    """``Formatted.format``: an element that sets no font leaves the text as it is (a number
    as its digits), without asking for the formatter five times."""

    def format(self: Any, string: Any) -> Any:
        plain = _PLAIN.get(self)
        if plain is None:
            plain = _PLAIN[self] = all(self.get(name, default) == default for name, default in _FONT)
        if not plain:
            return original(self, string)
        return str(string) if isinstance(string, int | float) else string

    return format


def _wrap(model: Any) -> Callable[[Any, Any], Any]:
    """``Affixed.wrap``: an element without a prefix or a suffix gives citeproc-py's text (a
    ``String``, a ``MixedString``, a ``str``) as it is, which is what adding ``""`` before and
    after it gives; read once an element, except the ``<date-part>`` elements that take the
    style's attributes while citeproc-py formats."""
    from citeproc.string import MixedString, String

    original, date_part = model.Affixed.wrap, model.Date_Part

    def wrap(self: Any, string: Any) -> Any:
        bare = _BARE.get(self)
        if bare is None:
            bare = _BARE[self] = not isinstance(self, date_part) and not self.get("prefix") and not self.get("suffix")
        if bare and (type(string) is str or isinstance(string, String | MixedString)):
            return string
        return original(self, string)

    return wrap


def _type(self: Any, item: Any) -> list[bool]:
    """``<if type="book chapter ...">``: which of its types the item is (the list split once)."""
    types = _TYPES.get(self)
    if types is None:
        types = _TYPES[self] = [kind.lower() for kind in self.get("type").split()]
    kind = item.reference["type"]
    return [t == kind for t in types]


def _if_variable(self: Any, item: Any) -> list[bool]:
    """``<if variable="DOI URL">``: which of its variables the item has (the list split once)."""
    names = _VARIABLES.get(self)
    if names is None:
        names = _VARIABLES[self] = [name.replace("-", "_") for name in self.get("variable").split()]
    reference = item.reference
    if "locator" in names:
        cslmemo.not_kept()  # the citation item's, not the reference's
    return [("locator" in item) if name == "locator" else (name in reference) for name in names]


def _holds(self: Any, item: Any, context: Any) -> bool:
    """Whether the condition of an ``<if>`` or ``<else-if>`` holds for the item: the tests the
    element sets and its ``match`` read once, and a condition on the item's type alone answered
    once for each type; otherwise every test is evaluated, as citeproc-py does."""
    plan = _CONDITIONS.get(self)
    if plan is None:
        tests = tuple(t for t in _TESTS if t in self.attrib)
        plan = _CONDITIONS[self] = (tests, self.get("match"), {} if tests == ("type",) else None)
    tests, match, by_type = plan
    if by_type is not None:
        kind = item.reference["type"]
        found = by_type.get(kind)
        if found is None:
            found = by_type[kind] = _matched(match, self._type(item))
        return found
    results: list[Any] = []
    for test in tests:
        if test == "type":
            results += self._type(item)
        elif test == "variable":
            results += self._variable(item)
        elif test == "is-numeric":
            results += self._is_numeric(item)
        elif test == "is-uncertain-date":
            results += self._is_uncertain_date(item)
        elif test == "locator":
            results += self._locator(item)
        else:
            results += self._position(item, context)
    return _matched(match, results)


def _matched(match: str | None, results: list[Any]) -> bool:
    """An ``<if>``'s tests combined as its ``match`` says (``all`` unless ``any`` or ``none``)."""
    if match == "any":
        return any(results)
    if match == "none":
        return not any(results)
    return all(results)


def _if_render(model: Any) -> Callable[..., Any]:
    """``If.render`` (and ``Else_If``'s) over :func:`_holds`."""
    failed = model.ConditionFailed

    def render(self: Any, item: Any, context: Any = None, delimiter: str = "", **kwargs: Any) -> Any:
        if not _holds(self, item, context):
            raise failed
        return self.render_children(item, context=context, delimiter=delimiter, **kwargs)

    return render


def _text_process(original: Callable[..., Any]) -> Callable[..., Any]:
    """``<text>``: what it writes and the style's default language read once; the item's
    language without raising and catching an exception for every entry that has none."""

    def process(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
        plan = _TEXTS.get(self)
        if plan is None:
            writes = next((w for w in _WRITES if w in self.attrib), None)
            plan = _TEXTS[self] = (writes, self.get_root().get("default-locale", "en")[:2])
        writes, default = plan
        if writes is None:  # nothing to write: citeproc-py's own failure
            return original(self, item, context, **kwargs)
        if context is None:
            context = self
        reference = item.reference
        language = reference["language"][:2] if "language" in reference else default
        if writes == "variable":
            text = self._variable(item, context)
        elif writes == "macro":
            macro = _MACROS.get(self)
            if macro is None:
                macro = _MACROS[self] = self.get_macro(self.get("macro"))
            text = macro.render(item, context)
        elif writes == "term":
            text = self._term(item)
        else:
            from citeproc.string import String

            text = String(self.preformat(self.get("value")))
        return text, language

    return process


def _text_markup(original: Callable[[Any, Any, Any], Any]) -> Callable[[Any, Any, Any], Any]:
    """``<text>``'s markup: an element that strips no periods, changes no case, sets no
    quotes, font, prefix or suffix writes the text as it is (a number as its digits)."""

    def markup(self: Any, text: Any, language: Any) -> Any:
        if not text:
            return None
        plain = _MARKUP.get(self)
        if plain is None:
            plain = _MARKUP[self] = (
                self.get("strip-periods", "false").lower() != "true"
                and self.get("text-case") is None
                and self.get("quotes", "false").lower() != "true"
                and isinstance(self.get_locale_option("punctuation-in-quote"), str)
                and all(self.get(name, default) == default for name, default in _FONT)
                and not self.get("prefix", "") and not self.get("suffix", ""))
        if not plain:
            return original(self, text, language)
        return "" + (str(text) if isinstance(text, int | float) else text)

    return markup


def _children(self: Any, choose: type) -> tuple[tuple[Any, bool], ...]:
    """The children of a group or a choose, each with whether it is a ``<choose>``: listed once
    (citeproc-py adds children to ``<names>`` only)."""
    found = _CHILDREN.get(self)
    if found is None:
        found = _CHILDREN[self] = tuple((child, isinstance(child, choose)) for child in self.iterchildren())
    return found


def _group_process(model: Any) -> Callable[..., Any]:
    """``Group.process``, over the children listed once with whether each calls a variable,
    and the delimiter read once."""
    variable_error, choose = model.VariableError, model.Choose

    def process(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
        plan = _GROUPS.get(self)
        if plan is None:
            plan = _GROUPS[self] = (self.get("delimiter", ""), tuple(
                (child, transparent, _calls(child)) for child, transparent in _children(self, choose)))
        delimiter, children = plan
        output = []
        called = rendered = False
        for child, transparent, calls in children:
            if not called:
                called = child.calls_variable() if calls is None else calls
            try:
                if transparent:
                    text = child.render(item, context=context, delimiter=delimiter, **kwargs)
                else:
                    text = child.render(item, context=context, **kwargs)
                if text is not None:
                    output.append(text)
                    if not rendered:
                        rendered = child.calls_variable() if calls is None else calls
            except variable_error:
                pass
        if output and (not called or rendered):
            return self.join(output)
        raise variable_error

    return process


def _calls(child: Any) -> bool | None:
    """Whether a group's child calls a variable, or ``None`` where asking fails (a child that
    is not a rendering element): then it is asked when citeproc-py would ask, and fails there."""
    try:
        return bool(child.calls_variable())
    except Exception:  # noqa: BLE001
        return None


def _render_children(model: Any) -> Callable[..., Any]:
    """``render_children`` (of a layout, macro, branch ...), over the children listed once;
    as it is for a ``<names>``, to which citeproc-py adds a ``<name>`` while it formats."""
    variable_error, choose, names, join = model.VariableError, model.Choose, model.Names, model.join
    original = model.Parent.render_children

    def render_children(self: Any, item: Any, delimiter: str = "", **kwargs: Any) -> Any:
        if isinstance(self, names):
            return original(self, item, delimiter, **kwargs)
        output = []
        for child, transparent in _children(self, choose):
            try:
                if transparent:  # a <choose> passes the delimiter on to its branch
                    text = child.render(item, delimiter=delimiter, **kwargs)
                else:
                    text = child.render(item, **kwargs)
                if text is not None:
                    output.append(text)
            except variable_error:
                pass
        return join(output, delimiter) if output else None

    return render_children


def _choose_render(model: Any) -> Callable[..., Any]:
    """``Choose.render``: the first branch whose condition holds, over the branches listed
    once, tested without raising and catching ``ConditionFailed`` for each branch passed over."""
    failed, choose, branch_if = model.ConditionFailed, model.Choose, model.If

    def render(self: Any, item: Any, context: Any = None, delimiter: str = "", **kwargs: Any) -> Any:
        for branch, _ in _children(self, choose):
            if isinstance(branch, branch_if):  # <if> and <else-if>
                if not _holds(branch, item, context):
                    continue
                render = branch.render_children
            else:  # <else>
                render = branch.render
            try:  # an <if> out of place in the branch fails it, as in citeproc-py
                return render(item, context=context, delimiter=delimiter, **kwargs)
            except failed:
                continue
        return None

    return render


def _locale_term(original: Callable[..., Any]) -> Callable[..., Any]:
    """``Locale.get_term``: a term looked up once for each name, form and padding (its
    ``<terms>`` found and its XPath written once), ``IndexError`` where the locale lacks it."""

    def get_term(self: Any, name: str, form: str | None = None, zero_padded: bool = False) -> Any:
        return _kept(_TERMS, (self, name, form, zero_padded), lambda: original(self, name, form, zero_padded))

    return get_term


def _locale_option(original: Callable[[Any, str], str]) -> Callable[[Any, str], str]:
    """``Locale.get_option``: a locale's option read once, ``IndexError`` where it sets none."""

    def get_option(self: Any, name: str) -> str:
        found: str = _kept(_OPTIONS, (self, name), lambda: original(self, name))
        return found

    return get_option


def _kept(answers: dict[Any, Any], key: tuple[Any, ...], look_up: Callable[[], Any]) -> Any:
    """A locale's answer for ``key`` (its element, then the name asked for ...), looked up once;
    what it lacks (citeproc-py's ``IndexError``) is kept as ``None`` and raised again."""
    if key not in answers:
        try:
            answers[key] = look_up()
        except IndexError:
            answers[key] = None
    found = answers[key]
    if found is None:
        raise IndexError(key[1])
    return found


def _per_element(answers: dict[Any, Any], original: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A method that asks an element nothing but itself (whether it calls a variable, a term's
    text: a ``String``, which nothing changes in place), answered once an element."""

    def answer(self: Any) -> Any:
        found = answers.get(self)
        if found is None:
            found = answers[self] = original(self)
        return found

    return answer


def _reference(self: Any) -> Any:
    """An item's reference in its bibliography's source (kept on the item until :func:`forget`)."""
    return self.citation.bibliography.source[self.key]


def _child(original: Callable[[Any, str], Any]) -> Callable[[Any, str], Any]:
    """``element.name``, ``element.layout`` ...: an element's first child of that tag, found
    once; not where it has none (citeproc-py adds a ``<name>`` to a ``<names>`` without one)."""

    def find(self: Any, name: str) -> Any:
        key = (self, name)
        found = _FOUND.get(key)
        if found is None:
            found = original(self, name)
            if found is not None:
                _FOUND[key] = found
        return found

    return find


def _name_option(original: Callable[..., Any]) -> Callable[..., Any]:
    """``Name.get_option``: an option of a ``<name>`` (or inherited) read once; not the et-al
    options, which :mod:`publist.formats.citation` sets for an entry, nor a sort's own."""

    def get_option(self: Any, name: str, context: Any = None, sort_options: Any = None) -> Any:
        if sort_options is not None or name.startswith("et-al"):
            return original(self, name, context, sort_options)
        key = (self, name, context)
        found = _NAME_OPTIONS.get(key, _UNSET)
        if found is _UNSET:
            found = _NAME_OPTIONS[key] = original(self, name, context, None)
        return found

    return get_option


def _parse_string(original: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    """``CiteProcJSON.parse_string``: a text without ``<span class="nocase">`` is one ``String``,
    as citeproc-py's loop makes it, without the loop."""
    from citeproc.string import MixedString, String

    def parse_string(self: Any, string: Any) -> Any:
        string = str(string)
        if "<span" in string.lower():
            return original(self, string)
        return MixedString([String(string)]) if string else MixedString()

    return parse_string


def in_order(one: Callable[[int], T], count: int, independent: bool = True) -> list[T]:
    """``[one(n) for n in range(count)]``; for a long list of ``independent`` entries, written
    on every core. The process forks (each child has the style, the answers kept and the
    entries as they stand; only what it writes is sent back, pickled), writes the first part
    itself while each child writes one of the others, then reads the parts in order. A part
    that a child does not deliver (it failed, or was killed) is written here, so that the list,
    and the error it stops at, are what one process writes."""
    parts = _parts(count) if independent else 1
    if parts < 2:
        return [one(n) for n in range(count)]
    bounds = [count * k // parts for k in range(parts + 1)]
    children: dict[int, tuple[int, int]] = {}  # the children not yet collected, by part
    try:
        for k in range(1, parts):
            children[k] = _fork(one, bounds[k], bounds[k + 1])
        out = [one(n) for n in range(bounds[1])]
        for k in range(1, parts):
            written = _collect(*children.pop(k))
            out += written if written is not None else [one(n) for n in range(bounds[k], bounds[k + 1])]
        return out
    finally:
        for pid, read in children.values():  # the list stopped before their parts were read
            _stop(pid, read)


def independent(root: Any) -> bool:
    """Whether a style writes each entry independently of the entries before it; not where a
    localised date (``<date form="text">``) sets its own ``<date-part>`` attributes:
    citeproc-py copies them into the locale's, which the next entry reads."""
    namespaces = {"cs": "http://purl.org/net/xbiblio/csl"}
    return not root.xpath("//cs:date[@form]/cs:date-part[not(ancestor::cs:locale)]", namespaces=namespaces)


def cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1


def _parts(count: int) -> int:
    """Into how many parts a list is split: one a core, at least :data:`PART` entries each; one
    where forking is not safe (other threads, which the child would not have; not Linux)."""
    if not sys.platform.startswith("linux") or threading.active_count() > 1:
        return 1
    return max(1, min(cores(), count // PART))


def _fork(one: Callable[[int], Any], start: int, stop: int) -> tuple[int, int]:
    """A child writing entries ``start`` to ``stop`` into a pipe: its pid and the pipe's end."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: its part, pickled, then gone without Python's exit (no flushing)
        status = 1
        try:
            os.close(read)
            data = pickle.dumps([one(n) for n in range(start, stop)])
            with os.fdopen(write, "wb") as pipe:
                pipe.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    return pid, read


def _collect(pid: int, read: int) -> list[Any] | None:
    """What a child wrote, once it has exited; ``None`` if it failed."""
    with os.fdopen(read, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        return None
    written: list[Any] = pickle.loads(data)
    return written


def _stop(pid: int, read: int) -> None:
    """A child not collected killed, and its pipe closed."""
    import signal

    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    os.close(read)
