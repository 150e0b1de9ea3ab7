"""Sources' answers on disk, so that a second sync right after the first sends no request.

One small JSON file per question (an id, a title, a DOI), in a folder per source, kept for
``max_age`` seconds. "Nothing found" is an answer too and is kept; a failed request is not.
A damaged file is a miss. Each source turns its records into JSON and back.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def default_folder() -> Path:
    """The user's cache folder for publist, e.g. ``~/.cache/publist`` on Linux."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("publist"))


class Cache:
    """Answers by kind and question, e.g. ``Cache(root / "arxiv", 86400).get("id", "1912.07145")``."""

    def __init__(self, folder: Path, max_age: float, now: Callable[[], float] = time.time) -> None:
        self.folder = folder
        self.max_age = max_age
        self._now = now

    def _path(self, kind: str, query: str) -> Path:
        digest = hashlib.sha256(f"{kind}\0{query}".encode()).hexdigest()[:40]
        return self.folder / kind / f"{digest}.json"

    def get(self, kind: str, query: str, default: Any = None) -> Any:
        """The saved answer (JSON), or ``default`` when there is none or it is too old.

        A saved ``null`` (a paper a source does not know) is an answer like any other: pass a
        ``default`` of your own to tell it from a miss.
        """
        try:
            data = json.loads(self._path(kind, query).read_text(encoding="utf-8"))
            if data["query"] != query or self._now() - float(data["saved"]) > self.max_age:
                return default
            return data["answer"]
        except (OSError, ValueError, KeyError, TypeError):
            return default

    def saved(self, kind: str, query: str) -> float | None:
        """When the answer :meth:`get` gives was saved (a Unix time), e.g. for the date of a
        citation count; ``None`` when there is none or it is too old."""
        try:
            data = json.loads(self._path(kind, query).read_text(encoding="utf-8"))
            saved = float(data["saved"])
            return saved if data["query"] == query and self._now() - saved <= self.max_age else None
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, kind: str, query: str, answer: Any) -> None:
        """Save an answer (JSON); a cache that cannot be written is skipped, not an error."""
        from publist.fileio import write_atomic

        path = self._path(kind, query)
        data = {"query": query, "saved": self._now(), "answer": answer}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, json.dumps(data, ensure_ascii=False).encode("utf-8"), user_file=False)
        except Exception:  # noqa: BLE001 - a read-only or full disk must not stop a sync
            return
