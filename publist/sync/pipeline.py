"""Asking several services at once: one worker thread per service, each one request at a time.

A look-up is written as a coroutine (a generator) that yields the questions it needs answered,
a list of :class:`Ask`, and is sent back their :class:`Answer` in the same order; it reads as
the steps of one entry's look-up in order (arXiv, then Semantic Scholar by the id arXiv gave,
then DBLP by the key Semantic Scholar gave ...). :class:`Pipeline` runs many such coroutines:
it answers from the cache where it can, asks each question once however many coroutines ask
it, and hands the rest to the worker of the question's service, so that a service starts as
soon as any look-up has something to ask it. Each service has one worker, and its client paces
its requests (:mod:`publist.sources.http`): different services overlap in time, one service's
requests never do. A sync then takes about as long as its slowest service, not the sum.

Questions a service answers many at a time (arXiv's ids, Semantic Scholar's batch) are
gathered: those known at the start are asked at once, those that later answers reveal wait
until the kinds of question that reveal them are answered (``after``), or a batch is full, so
that they cost one request, not one per answer that revealed them.

Only the calling (main) thread runs coroutines, reads and writes the cache and decides what to
ask; workers only send requests. Ctrl-C reaches the main thread, which stops waiting at once:
workers are daemon threads and start nothing more.

>>> def step(n):
...     (answer,) = yield [Ask("Echo", "n", str(n))]
...     seen.append(answer.value)
>>> seen = []
>>> echo = Kind(lambda asks: Batch(found={a.query: int(a.query) * 2 for a in asks}), batch=10)
>>> Pipeline({("Echo", "n"): echo}).run([step(1), step(2), step(1)])
>>> sorted(seen)
[2, 2, 4]
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Generator, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, NamedTuple, Protocol

from publist.sources.cache import Cache
from publist.sources.http import Batch


class Ask(NamedTuple):
    """One question for one service, e.g. ``Ask("DBLP", "key", "conf/nips/ZhangYGKGBM19")``."""

    service: str
    """The service that answers it, as messages name it: ``arXiv``, ``DBLP`` ..."""
    kind: str
    """What is asked: ``id``, ``title``, ``arxiv``, ``key``, ``doi``, ``profile`` ..."""
    query: str
    extra: str = ""
    """What the service needs besides the query, e.g. the first author for an arXiv title search."""


class Answer(NamedTuple):
    """What a service (or the cache) answered: a value, or why it could not."""

    ok: bool
    value: Any = None
    why: str = ""


Step = Generator[list[Ask], list[Answer], None]
"""A look-up: yields the questions it waits for, is sent their answers."""


def _same(value: Any) -> Any:
    return value


@dataclass(frozen=True)
class Kind:
    """How one kind of question is asked of its service, and kept."""

    ask: Callable[[list[Ask]], Batch[Any]]
    """Runs on the service's worker: the answers by query, or why each failed."""
    batch: int = 1
    """Questions per call of :attr:`ask`: more than 1 for a service that answers many at a time."""
    cache: Cache | None = None
    cache_kind: str = ""
    load: Callable[[Any], Any] = _same
    """A cached answer (JSON) back into a value; raising ``KeyError``, ``TypeError`` or
    ``ValueError`` for a damaged one (a miss)."""
    dump: Callable[[Any], Any] = _same
    keep: Callable[[Cache, Ask, Any], None] | None = None
    """Saves an answer when the plain ``cache_kind``/``query`` record is not enough."""
    after: tuple[tuple[str, str], ...] = ()
    """Kinds of question whose answers reveal more of these: later ones wait for them."""


class Watch(Protocol):
    """What a pipeline tells while it runs (a progress display): per service, how far and why it waits."""

    def count(self, service: str, done: int, total: int) -> None: ...  # pragma: no cover

    def status(self, service: str, text: str) -> None: ...  # pragma: no cover


_MISS: Final = object()
_QUIET: Final = "waiting for what the other services find"


@dataclass
class _Service:
    """A service's worker thread and what it has to do."""

    jobs: queue.SimpleQueue[tuple[tuple[str, str], list[Ask]] | None] = field(default_factory=queue.SimpleQueue)
    thread: threading.Thread | None = None
    running: int = 0
    """Jobs handed to the worker and not answered yet."""
    asked: int = 0
    answered: int = 0
    told: tuple[int, int] = (0, 0)
    """What the watch last heard: ``(answered, asked)``."""


class Pipeline:
    """Runs look-ups (:data:`Step`) against services, each kind of question as :class:`Kind` says.

    A service asked several kinds of question asks them in the order of ``kinds``.
    """

    def __init__(self, kinds: Mapping[tuple[str, str], Kind], refresh: bool = False,
                 watch: Watch | None = None) -> None:
        self.kinds = kinds
        self.refresh = refresh
        self.watch = watch
        self._answers: dict[Ask, Answer] = {}
        self._waiting: dict[Ask, list[int]] = {}
        self._steps: dict[int, tuple[Step, list[Ask]]] = {}
        self._held: dict[tuple[str, str], list[Ask]] = {}
        self._in_flight: dict[tuple[str, str], int] = {}
        self._services: dict[str, _Service] = {}
        self._events: queue.SimpleQueue[tuple[tuple[str, str], list[Ask], Batch[Any] | BaseException]] = (
            queue.SimpleQueue())
        self._stop = threading.Event()

    @property
    def answers(self) -> Mapping[Ask, Answer]:
        """Every question of the run (or of the cache) with its answer."""
        return self._answers

    def run(self, steps: Iterable[Step]) -> None:
        """Run every look-up to its end; what they found is theirs to keep."""
        try:
            for n, step in enumerate(steps):
                self._advance(n, step, None)
            self._dispatch(start=True)
            self._count()
            while self._steps:
                try:
                    key, asks, result = self._events.get(timeout=0.2)
                except queue.Empty:
                    if not any(s.running for s in self._services.values()):
                        self._dispatch(start=True)  # nothing left to reveal more: ask what is held
                    continue
                self._answered(key, asks, result)
                self._dispatch()
                self._count()
        finally:
            self._stop.set()
            for service in self._services.values():
                service.jobs.put(None)

    # --- the coroutines -------------------------------------------------------------------

    def _advance(self, n: int, step: Step, sent: list[Answer] | None) -> None:
        """Run a look-up until it waits for a question nobody has answered yet, or ends."""
        while True:
            try:
                asks = step.send(sent)  # type: ignore[arg-type]  # None starts a generator
            except StopIteration:
                self._steps.pop(n, None)
                return
            open_ = [a for a in dict.fromkeys(asks) if self._known(a) is None]
            if not open_:
                sent = [self._answers[a] for a in asks]
                continue
            self._steps[n] = (step, asks)
            for ask in open_:
                waiters = self._waiting.setdefault(ask, [])
                if not waiters:
                    self._held.setdefault((ask.service, ask.kind), []).append(ask)
                waiters.append(n)
            return

    def _known(self, ask: Ask) -> Answer | None:
        """The answer this run or the cache has, else ``None``; counts the question once."""
        if ask in self._answers:
            return self._answers[ask]
        if ask in self._waiting:
            return None
        kind = self.kinds[(ask.service, ask.kind)]
        service = self._service(ask.service)
        service.asked += 1
        saved = _MISS if self.refresh or kind.cache is None else kind.cache.get(kind.cache_kind, ask.query, _MISS)
        if saved is not _MISS:
            try:
                self._answers[ask] = Answer(True, kind.load(saved))
            except (KeyError, TypeError, ValueError, AttributeError):  # a damaged file is a miss
                return None
            service.answered += 1
            return self._answers[ask]
        return None

    def _answered(self, key: tuple[str, str], asks: list[Ask], result: Batch[Any] | BaseException) -> None:
        if isinstance(result, BaseException):
            raise result  # a bug in a source's code: show it
        kind = self.kinds[key]
        service = self._services[key[0]]
        service.running -= 1
        self._in_flight[key] -= 1
        woken: dict[int, None] = {}
        for ask in asks:
            if ask.query in result.found:
                value = result.found[ask.query]
                self._answers[ask] = Answer(True, value)
                if kind.cache is not None:
                    if kind.keep is not None:
                        kind.keep(kind.cache, ask, value)
                    else:
                        kind.cache.put(kind.cache_kind, ask.query, kind.dump(value))
            else:
                self._answers[ask] = Answer(False, None, result.failed.get(ask.query, "no answer"))
            service.answered += 1
            woken.update(dict.fromkeys(self._waiting.pop(ask, [])))
        for n in woken:
            step, waited = self._steps[n]
            if all(a in self._answers for a in waited):
                self._advance(n, step, [self._answers[a] for a in waited])

    # --- the workers ----------------------------------------------------------------------

    def _dispatch(self, start: bool = False) -> None:
        """Hand each service what it can ask now; gathered questions wait for ``after``."""
        for key in self.kinds:  # in the order the kinds are given: arXiv's ids before its titles
            asks = self._held.get(key)
            if not asks:
                continue
            kind = self.kinds[key]
            quiet = start or not any(self._held.get(k) or self._in_flight.get(k) for k in kind.after)
            size = max(1, kind.batch)
            ready = len(asks) if quiet or size == 1 else len(asks) - len(asks) % size
            if not ready:
                busy = ", ".join(dict.fromkeys(k[0] for k in kind.after
                                               if self._held.get(k) or self._in_flight.get(k)))
                if not self._services[key[0]].running:
                    self.status(key[0], f"gathering questions until {busy} answer")
                continue
            self._held[key] = asks[ready:]
            for begin in range(0, ready, size):
                self._send(key, asks[begin : min(begin + size, ready)])
        for name, service in self._services.items():
            if not service.running and service.answered == service.asked:
                self.status(name, _QUIET if self._steps else "done")

    def _send(self, key: tuple[str, str], asks: list[Ask]) -> None:
        service = self._service(key[0])
        if service.thread is None:
            service.thread = threading.Thread(target=self._work, args=(service,), daemon=True,
                                              name=f"publist {key[0]}")
            service.thread.start()
        service.running += 1
        self._in_flight[key] = self._in_flight.get(key, 0) + 1
        service.jobs.put((key, asks))

    def _work(self, service: _Service) -> None:
        """A worker: the service's jobs, one after another, until the run ends."""
        while (job := service.jobs.get()) is not None and not self._stop.is_set():
            key, asks = job
            self.status(key[0], "asking")
            try:
                result: Batch[Any] | BaseException = self.kinds[key].ask(asks)
            except Exception as err:  # noqa: BLE001 - handed to the main thread, which raises it
                result = err
            self._events.put((key, asks, result))

    # --- progress -------------------------------------------------------------------------

    def _service(self, name: str) -> _Service:
        if name not in self._services:
            self._services[name] = _Service()
        return self._services[name]

    def _count(self) -> None:
        """Tell the watch how far each service is (once an event, not once a question)."""
        if self.watch is None:
            return
        for name, service in self._services.items():
            if (service.answered, service.asked) != service.told:
                service.told = (service.answered, service.asked)
                self.watch.count(name, service.answered, service.asked)
                if service.answered == service.asked and not service.running and not self._steps:
                    self.status(name, "done")

    def status(self, name: str, text: str) -> None:
        """Tell the watch what a service is doing or waiting for."""
        if self.watch is not None:
            self.watch.status(name, text)
