"""The pipeline that asks every service at once: what it asks, when, on which thread, and what it keeps."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from publist.sources.cache import Cache
from publist.sources.http import Batch
from publist.sync.pipeline import Answer, Ask, Kind, Pipeline, Step


class Service:
    """A service stand-in: answers ``n`` with ``2n`` and remembers each call (its questions, its thread)."""

    def __init__(self, fail: frozenset[str] = frozenset()) -> None:
        self.calls: list[list[str]] = []
        self.threads: set[str] = set()
        self.fail = fail

    def __call__(self, asks: list[Ask]) -> Batch[int]:
        self.calls.append([a.query for a in asks])
        self.threads.add(threading.current_thread().name)
        return Batch(found={a.query: 2 * int(a.query) for a in asks if a.query not in self.fail},
                     failed={a.query: "HTTP 503 after 3 retries" for a in asks if a.query in self.fail})


def chain(n: int, seen: list[tuple[int, int]]) -> Step:
    """Asks the upstream service, then the downstream one with what it answered."""
    (first,) = yield [Ask("Up", "n", str(n))]
    (second,) = yield [Ask("Down", "n", str(first.value))]
    seen.append((n, second.value))


def test_a_question_many_look_ups_ask_is_asked_once_and_each_gets_the_answer() -> None:
    up = Service()
    seen: list[int] = []

    def step(n: int) -> Step:
        (answer,) = yield [Ask("Up", "n", str(n))]
        seen.append(answer.value)

    Pipeline({("Up", "n"): Kind(up, batch=1)}).run(step(n % 3) for n in range(9))
    assert sorted(seen) == [0, 0, 0, 2, 2, 2, 4, 4, 4]
    assert sorted(q for call in up.calls for q in call) == ["0", "1", "2"]
    assert up.threads == {"publist Up"}  # on the service's own worker, not the caller's thread


def test_questions_that_later_answers_reveal_are_gathered_into_one_call() -> None:
    up, down = Service(), Service()
    seen: list[tuple[int, int]] = []

    def early(n: int) -> Step:  # known at the start: asked at once, with the others known then
        (answer,) = yield [Ask("Down", "n", str(n))]
        seen.append((n, answer.value))

    kinds = {("Up", "n"): Kind(up, batch=1), ("Down", "n"): Kind(down, batch=100, after=(("Up", "n"),))}
    Pipeline(kinds).run([*(chain(n, seen) for n in range(1, 6)), early(100), early(200)])
    assert down.calls[0] == ["100", "200"]
    # five answers of Up revealed five questions: one call once Up had nothing left to answer
    assert down.calls[1:] == [["2", "4", "6", "8", "10"]] and len(up.calls) == 5
    assert sorted(seen) == [(1, 4), (2, 8), (3, 12), (4, 16), (5, 20), (100, 200), (200, 400)]


def test_a_full_batch_does_not_wait() -> None:
    up, down = Service(), Service()
    seen: list[tuple[int, int]] = []
    kinds = {("Up", "n"): Kind(up, batch=1), ("Down", "n"): Kind(down, batch=2, after=(("Up", "n"),))}
    Pipeline(kinds).run(chain(n, seen) for n in range(1, 6))
    assert [len(call) for call in down.calls] in ([2, 2, 1], [2, 1, 2], [1, 2, 2])
    assert len(seen) == 5


def test_different_services_work_at_the_same_time() -> None:
    b_started = threading.Event()
    waited: list[bool] = []

    def a(asks: list[Ask]) -> Batch[int]:
        waited.append(b_started.wait(timeout=5))  # only true if B runs while A waits
        return Batch(found={x.query: 1 for x in asks})

    def b(asks: list[Ask]) -> Batch[int]:
        b_started.set()
        return Batch(found={x.query: 2 for x in asks})

    def step(service: str) -> Step:
        yield [Ask(service, "n", "1")]

    Pipeline({("A", "n"): Kind(a), ("B", "n"): Kind(b)}).run([step("A"), step("B")])
    assert waited == [True]


def test_answers_are_kept_and_a_second_run_asks_nothing(tmp_path: Path) -> None:
    cache = Cache(tmp_path, 3600)
    up = Service(fail=frozenset({"3"}))
    answers: list[Answer] = []

    def step(n: int) -> Step:
        answers.extend((yield [Ask("Up", "n", str(n))]))

    kinds = {("Up", "n"): Kind(up, batch=10, cache=cache, cache_kind="n", load=int, dump=str)}
    Pipeline(kinds).run(step(n) for n in range(1, 4))
    assert answers == [Answer(True, 2), Answer(True, 4), Answer(False, None, "HTTP 503 after 3 retries")]
    assert cache.get("n", "2") == "4" and cache.get("n", "3") is None  # a failure is not kept
    answers.clear()
    Pipeline(kinds).run(step(n) for n in range(1, 4))
    assert up.calls == [["1", "2", "3"], ["3"]]  # only the failed question is asked again
    assert answers[:2] == [Answer(True, 2), Answer(True, 4)]
    Pipeline(kinds, refresh=True).run(step(n) for n in range(1, 3))
    assert up.calls[-1] == ["1", "2"]


def test_the_watch_hears_each_service_say_what_it_does() -> None:
    heard: list[tuple[str, str]] = []
    counts: dict[str, tuple[int, int]] = {}

    class Watch:
        def count(self, service: str, done: int, total: int) -> None:
            counts[service] = (done, total)

        def status(self, service: str, text: str) -> None:
            heard.append((service, text))

    up, down = Service(), Service()
    kinds = {("Up", "n"): Kind(up, batch=1), ("Down", "n"): Kind(down, batch=100, after=(("Up", "n"),))}
    seen: list[tuple[int, int]] = []
    Pipeline(kinds, watch=Watch()).run(chain(n, seen) for n in range(1, 4))
    assert counts == {"Up": (3, 3), "Down": (3, 3)}
    assert ("Up", "asking") in heard and ("Down", "asking") in heard and ("Up", "done") in heard


def test_a_bug_in_a_source_is_raised_not_hidden() -> None:
    def broken(asks: list[Ask]) -> Batch[int]:
        raise ZeroDivisionError("a bug")

    def step() -> Step:
        yield [Ask("Up", "n", "1")]

    with pytest.raises(ZeroDivisionError, match="a bug"):
        Pipeline({("Up", "n"): Kind(broken)}).run([step()])
