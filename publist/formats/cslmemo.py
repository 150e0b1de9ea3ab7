"""citeproc-py without writing a macro twice for the same values.

A CSL style is mostly macros (APA: 60 of them), and a macro reads a few of an entry's
variables (``edition``, ``DOI``, the container's title ...), tests them and writes a piece of
the entry, often nothing: an entry without an edition goes through the conditions of the
edition macro for nothing, entry after entry. What a macro writes depends only on what it
reads, so it is kept by what it read: the next entry that has the same values for the same
variables gets the same text without the walk, and an entry that differs in one of them is
written as citeproc-py writes it.

What a macro reads is recorded while it is written: every variable it asks the entry's
reference for (``reference["title"]``, ``.get``, ``in``; a macro called inside it reads for it
too), with its value. Kept answers form a tree for each macro: the first variable it read,
then, for each value of it, the next variable read and so on, down to the text written; one
entry's look-up reads the same variables in the same order, since the same values lead
citeproc-py down the same path.

Besides the reference, a macro's text depends on the element that calls it (its context:
citation or bibliography), the variables that an earlier ``<substitute>`` of the same entry
took (read before, and the ones it takes replayed after a kept answer), and the et-al options
:mod:`publist.formats.citation` sets for an entry (:func:`scope`). What citeproc-py takes from
the citation item rather than the reference (the entry's number, a locator, its position)
is not kept: a macro that asks for it is written every time, and so are the macros around it.
A style that changes the locale's date parts as it writes (see
:func:`publist.formats.cslspeed.independent`) is written without kept answers.

Only :mod:`publist.formats.cslspeed` installs this, for the citeproc-py releases it was checked
against.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

_ABSENT: Final = ("absent",)
"""The value of a variable the reference does not have."""
_MADE: Final = "_publist_frozen"
"""Where a reference keeps its values made keys."""


class _Recording:
    """What a macro being written asked of the reference, first questions in order, with
    the answers (``(_value, "title")``: a frozen value; ``(_presence, "DOI")``: true or false);
    ``kept`` is false once it read what is not the reference's."""

    __slots__ = ("kept", "reads")

    def __init__(self) -> None:
        self.reads: dict[Any, Any] = {}
        self.kept = True


class _Answer:
    """What a macro wrote (``None`` for nothing), what it read, and the variables a
    ``<substitute>`` in it took, as the layout holds them after it."""

    __slots__ = ("reads", "repressed", "text")

    def __init__(self, text: Any, reads: dict[Any, Any], repressed: dict[str, list[Any]] | None) -> None:
        self.text = text
        self.reads = reads
        self.repressed = repressed


class _Branch:
    """What a macro asks next (a variable's value or its presence: ``(_value, "title")``),
    and where each answer leads."""

    __slots__ = ("asked", "values")

    def __init__(self, asked: tuple[Callable[[Any, str], Any], str]) -> None:
        self.asked = asked
        self.values: dict[Any, _Branch | _Answer] = {}


_KEPT: Final[dict[tuple[Any, ...], _Branch | _Answer]] = {}
_TRIED: Final[dict[tuple[Any, Any], list[int]]] = {}
"""For each macro and the element that calls it: how often an answer was looked for, and
found."""

TRIAL: Final = 32
"""After this many look-ups, a macro whose answer was found less than a quarter of the time
(it writes what each entry has of its own: the title, the DOI) is no longer looked up, nor
its answers kept."""
_RECORDINGS: Final[list[_Recording]] = []
_state: dict[str, Any] = {"on": True, "scope": None}


def reset(on: bool = True) -> None:
    """Forget the answers kept (for another style or list); keep none unless ``on``."""
    _KEPT.clear()
    _TRIED.clear()
    _RECORDINGS.clear()
    _state["on"] = on
    _state["scope"] = None


def scope(token: Any) -> None:
    """What else the entries written from now on depend on (the et-al options set for an
    entry); ``None`` for the style as it is."""
    _state["scope"] = token


def install(model: Any, source: Any) -> None:
    """Patch citeproc-py's macros to keep their answers, and its references and citation
    items to say what a macro reads."""
    model.Macro.render = _render(model.Macro.render)
    reference = source.Reference
    reference.__getitem__ = _noting(reference.__getitem__, _value)
    reference.get = _noting(dict.get, _value)
    reference.__contains__ = _noting(dict.__contains__, _presence)
    item = source.CitationItem
    item.number = property(_unkept(item.number.fget))
    item.has_locator = property(_unkept(item.has_locator.fget))
    item.__getattr__ = _unkept(item.__getattr__)
    model.If._position = _unkept(model.If._position)


def not_kept() -> None:
    """The macros being written read what is not the reference's (``"locator" in item``)."""
    for recording in _RECORDINGS:
        recording.kept = False


def _noting(original: Callable[..., Any], kind: Callable[[Any, str], Any]) -> Callable[..., Any]:
    """A read of the reference, noted by the macro being written with what it learnt: the
    variable's ``_value``, or only its ``_presence`` (``"DOI" in reference``)."""

    def read(self: Any, key: str, *default: Any) -> Any:
        if _RECORDINGS:
            reads = _RECORDINGS[-1].reads
            asked = (kind, key)
            if asked not in reads:
                try:
                    reads[asked] = kind(self, key)
                except _Unfrozen:
                    not_kept()
        return original(self, key, *default)

    return read


def _value(reference: Any, key: str) -> Any:
    """A variable's value as a key (:func:`_frozen`), or that it is absent; made once a
    reference (a list of names is compared as often as macros read it)."""
    made = reference.__dict__.get(_MADE)
    if made is None:
        made = reference.__dict__[_MADE] = {}
    found = made.get(key)
    if found is None:
        found = made[key] = _frozen(dict.get(reference, key, _ABSENT))
    return found


def _presence(reference: Any, key: str) -> bool:
    """Whether the reference has a variable."""
    return dict.__contains__(reference, key)


def _unkept(original: Callable[..., Any]) -> Callable[..., Any]:
    """A read of the citation item (its number, a locator, its position): what reads it is
    not kept."""

    def read(*args: Any) -> Any:
        not_kept()
        return original(*args)

    return read


def _frozen(value: Any) -> Any:
    """A value as a key: its kind and contents (a ``NoCase`` text is not a ``String``)."""
    if isinstance(value, str):
        return (type(value), str(value))
    if isinstance(value, dict):
        try:
            return (type(value), tuple(sorted((k, _frozen(v)) for k, v in value.items())))
        except TypeError:  # keys that do not sort (CSL-JSON's are names)
            raise _Unfrozen from None
    if isinstance(value, list | tuple):
        return (type(value), tuple(_frozen(v) for v in value))
    if value is None or isinstance(value, bool | int | float):
        return (type(value), value)
    raise _Unfrozen


class _Unfrozen(Exception):
    """A value of a kind not compared here: what reads it is not kept."""


def _render(original: Callable[..., Any]) -> Callable[..., Any]:
    """``Macro.render``: the kept answer for what the entry holds, else citeproc-py's, kept;
    a macro rarely answered so (one that writes the title) is written as it is."""

    def render(self: Any, item: Any, context: Any = None, sort_options: Any = None) -> Any:
        if sort_options is not None or not _state["on"]:
            return original(self, item, context, sort_options)
        tried = _TRIED.get((self, context))
        if tried is None:
            tried = _TRIED[(self, context)] = [0, 0]
        elif tried[0] >= TRIAL and tried[1] * 4 < tried[0]:
            return original(self, item, context, sort_options)  # what it reads still noted around it
        tried[0] += 1
        layout = (context if context is not None else self).get_layout()
        before = layout.repressed
        key = (self, context, _state["scope"],
               tuple((tag, tuple(names)) for tag, names in before.items()) if before else ())
        found = _KEPT.get(key)
        reference = item.reference
        while isinstance(found, _Branch):
            kind, variable = found.asked
            try:
                found = found.values.get(kind(reference, variable))
            except _Unfrozen:
                found = None
        if found is not None:
            tried[1] += 1
            return _answered(found, layout)
        recording = _Recording()
        _RECORDINGS.append(recording)
        try:
            text = original(self, item, context, sort_options)
        finally:
            _RECORDINGS.pop()
            _passed_on(recording)
        if recording.kept:
            after = layout.repressed
            _keep(key, _Answer(text, recording.reads, {tag: list(names) for tag, names in after.items()}
                               if after else None))
        return text

    return render


def _answered(answer: _Answer, layout: Any) -> Any:
    """A kept answer given: its reads noted by the macro around it, the variables it took
    replayed."""
    if _RECORDINGS:
        reads = _RECORDINGS[-1].reads
        for variable, value in answer.reads.items():
            reads.setdefault(variable, value)
    if answer.repressed is not None:
        layout.repressed = {tag: list(names) for tag, names in answer.repressed.items()}
    return answer.text


def _passed_on(recording: _Recording) -> None:
    """What a macro read is read by the macro around it too."""
    if not _RECORDINGS:
        return
    outer = _RECORDINGS[-1]
    outer.kept = outer.kept and recording.kept
    for variable, value in recording.reads.items():
        outer.reads.setdefault(variable, value)


def _keep(key: tuple[Any, ...], answer: _Answer) -> None:
    """An answer put in its macro's tree, under what it read in the order it read it."""
    reads = list(answer.reads.items())
    if not reads:
        _KEPT.setdefault(key, answer)
        return
    node = _KEPT.get(key)
    if node is None:
        node = _KEPT[key] = _Branch(reads[0][0])
    for i, (asked, value) in enumerate(reads):
        if not isinstance(node, _Branch) or node.asked != asked:
            return  # a path read differently: not kept (citeproc-py asked something else first)
        child = node.values.get(value)
        if child is None:
            child = node.values[value] = _Branch(reads[i + 1][0]) if i + 1 < len(reads) else answer
        node = child
