"""config.toml: who the owner is and what the list shows, checked once into a frozen Config.

An unknown key or a bad value stops the run with a message that names the file and the key,
e.g. ``config.toml: unknown key 'render.srot' (expected one of: sort, names, ...)``.

>>> cfg = loads('[owner]\\nnames = ["Zhewei Yao"]\\n[render]\\nsort = "file"\\n')
>>> cfg.owner, cfg.render.sort, cfg.render.names
(('Zhewei Yao',), 'file', 'initials')
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final, NamedTuple

from publist.errors import ConfigError
from publist.links import DEFAULT_LABELS, DEFAULT_ORDER
from publist.names import NAME_STYLES

DEFAULT_PATH: Final = "config.toml"
DEFAULT_BIB: Final = "refs.bib"


class RenderOptions(NamedTuple):
    """``[render]``: how the list looks."""

    sort: str = "date"
    """``date``: newest first by year, then month, ties in file order; ``file``: file order."""
    names: str = "initials"
    """One of ``initials`` (M. W. Mahoney), ``full``, ``last-initials``, ``last-first``."""
    links: tuple[str, ...] = DEFAULT_ORDER
    """Link kinds to show, in order; ``*`` stands for every kind not named."""
    labels: Mapping[str, str] = MappingProxyType(dict(DEFAULT_LABELS))
    """Link labels by kind, e.g. ``{"arxiv": "arXiv"}``; an unlisted kind shows its name."""
    page_dash: str = "\u2013"
    """What joins a page range, e.g. ``492–503``; set ``"-"`` for a plain hyphen."""
    preprint: str = ""
    """A preprint's venue line, e.g. ``"{server} preprint"``; empty: none (its link says it)."""
    venue_names: str = "short"
    """``short``: a conference as CVs name it (``Proc. NeurIPS 2019``); ``full``: as written."""
    venues: Mapping[str, str] = MappingProxyType({})
    """``[render.venues]``: names and the short names to print, e.g. ``{"Foo Conference": "FC"}``."""
    merge_preprints: bool = True
    """A preprint and its published version in one file are shown once (the published one)."""
    legend: bool = False
    """A legend after the list for the marks it uses, e.g. ``* Equal contribution``."""
    marks: Mapping[str, str] = MappingProxyType({"*": "Equal contribution"})
    """``[render.marks]``: what each mark means, e.g. ``{"†": "Corresponding author"}``."""


class ArxivOptions(NamedTuple):
    """``[arxiv]``: how ``publist sync`` talks to arXiv (its terms ask for 3 s between calls)."""

    api_url: str = "https://export.arxiv.org/api/query"
    delay_seconds: float = 3.0
    batch_size: int = 100
    timeout_seconds: float = 30.0
    retries: int = 3
    cache_dir: str | None = None
    cache_hours: float = 24.0
    titles_per_request: int = 10


class SourceOptions(NamedTuple):
    """``[semanticscholar]``, ``[dblp]``, ``[crossref]``: how sync talks to a venue source."""

    api_url: str
    delay_seconds: float
    """Pause between requests: Semantic Scholar and Crossref ask for about 1 s, DBLP for 1 to 2."""
    timeout_seconds: float = 30.0
    retries: int = 3
    cache_hours: float = 24.0
    api_key: str = ""
    """Semantic Scholar's optional key (else ``S2_API_KEY`` in the environment)."""
    mailto: str = ""
    """An email address for Crossref's User-Agent, as its etiquette asks."""
    batch_size: int = 500
    """Semantic Scholar's ids per request (at most 500)."""


VENUE_SOURCES: Final = ("semanticscholar", "dblp", "crossref")
SOURCE_DEFAULTS: Final = {
    "semanticscholar": SourceOptions("https://api.semanticscholar.org/graph/v1", 1.0),
    "dblp": SourceOptions("https://dblp.org", 2.0),
    "crossref": SourceOptions("https://api.crossref.org", 1.0),
}


class Config(NamedTuple):
    """Everything config.toml can say; ``Config()`` is the default without a file."""

    path: str | None = None
    """The config file it came from, e.g. ``config.toml``."""
    bib: str = DEFAULT_BIB
    """The .bib file, relative to the config file's folder (or the current one)."""
    encoding: str | None = None
    """The .bib file's encoding, e.g. ``latin-1``; default: what it declares, else UTF-8."""
    owner: tuple[str, ...] = ()
    cache_dir: str | None = None
    """Where sync keeps every source's answers (a folder each); default: the user's cache
    folder. ``[arxiv] cache_dir`` is read as the same key."""
    render: RenderOptions = RenderOptions()
    arxiv: ArxivOptions = ArxivOptions()
    venue_sources: tuple[str, ...] = VENUE_SOURCES
    """``[venues] sources``: which venue sources sync asks, in order; ``()`` asks none."""
    semanticscholar: SourceOptions = SOURCE_DEFAULTS["semanticscholar"]
    dblp: SourceOptions = SOURCE_DEFAULTS["dblp"]
    crossref: SourceOptions = SOURCE_DEFAULTS["crossref"]

    def bib_path(self) -> str:
        """The .bib file; a relative ``bib`` is relative to the config file."""
        return self.resolve(self.bib)

    def resolve(self, path: str) -> str:
        """A path written in the config: ``~`` expanded, relative to the config file's folder."""
        path = os.path.expanduser(path)
        if self.path is None or os.path.isabs(path):
            return path
        return os.path.join(os.path.dirname(self.path), path)


_SCHEMA: Final[dict[str, Any]] = {
    "bib": str,
    "encoding": str,
    "cache_dir": str,
    "owner": {"names": list},
    "render": {
        "sort": ("date", "file"),
        "names": NAME_STYLES,
        "links": list,
        "labels": dict,
        "page_dash": str,
        "preprint": str,
        "venue_names": ("short", "full"),
        "venues": dict,
        "merge_preprints": bool,
        "legend": bool,
        "marks": dict,
    },
    "arxiv": {
        "api_url": str,
        "delay_seconds": float,
        "batch_size": int,
        "timeout_seconds": float,
        "retries": int,
        "cache_dir": str,
        "cache_hours": float,
        "titles_per_request": int,
    },
    "venues": {"sources": list},
    "semanticscholar": {
        "api_url": str, "api_key": str, "delay_seconds": float, "timeout_seconds": float,
        "retries": int, "cache_hours": float, "batch_size": int,
    },
    "dblp": {
        "api_url": str, "delay_seconds": float, "timeout_seconds": float, "retries": int,
        "cache_hours": float,
    },
    "crossref": {
        "api_url": str, "mailto": str, "delay_seconds": float, "timeout_seconds": float,
        "retries": int, "cache_hours": float,
    },
}


def load(path: str | os.PathLike[str] | None) -> Config:
    """The config at ``path``; without a path, ``config.toml`` here if it exists, else defaults."""
    if path is None:
        path = DEFAULT_PATH
        if not os.path.isfile(path):
            return Config()
    path = os.fspath(path)
    try:
        with open(path, "rb") as f:
            text = f.read().decode("utf-8")
    except FileNotFoundError:
        raise ConfigError("no such file", str(path)) from None
    except UnicodeDecodeError:
        raise ConfigError("not valid UTF-8", str(path)) from None
    except OSError as err:
        raise ConfigError(err.strerror or str(err), str(path)) from None
    return loads(text, path)


def loads(text: str, path: str = DEFAULT_PATH) -> Config:
    """Parse and check config text; ``path`` is used in messages and for relative paths."""
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        message = str(err)
        m = re.search(r"\s*\(at line (\d+), column \d+\)$", message)
        line = int(m.group(1)) if m else None
        raise ConfigError(message[: m.start()] if m else message, path, line) from None
    _check(data, _SCHEMA, path, "")
    owner = data.get("owner", {})
    render = data.get("render", {})
    arxiv = data.get("arxiv", {})
    names = tuple(owner.get("names", ()))
    _check_strings(names, "owner.names", path)
    links = tuple(render.get("links", DEFAULT_ORDER))
    _check_strings(links, "render.links", path)
    labels = render.get("labels", {})
    _check_strings(tuple(labels.values()), "render.labels", path)
    render_opts = RenderOptions(
        sort=render.get("sort", "date"),
        names=render.get("names", "initials"),
        links=tuple(k.lower() for k in links),
        labels=MappingProxyType({**DEFAULT_LABELS, **{k.lower(): v for k, v in labels.items()}}),
        page_dash=render.get("page_dash", "\u2013"),
        preprint=_check_template(render.get("preprint", ""), "render.preprint", path),
        venue_names=render.get("venue_names", "short"),
        venues=MappingProxyType(dict(render.get("venues", {}))),
        merge_preprints=render.get("merge_preprints", True),
        legend=render.get("legend", False),
        marks=MappingProxyType({"*": "Equal contribution", **render.get("marks", {})}),
    )
    _check_strings(tuple(render_opts.marks.values()), "render.marks", path)
    _check_strings(tuple(render_opts.venues.values()), "render.venues", path)
    numbers = {k: float(v) for k, v in arxiv.items() if _SCHEMA["arxiv"][k] is float}
    arxiv_opts = ArxivOptions(**{**arxiv, **numbers})
    _check_source("arxiv", arxiv_opts, path)
    sources = {name: _source(name, data.get(name, {}), path) for name in VENUE_SOURCES}
    venue_sources = tuple(data.get("venues", {}).get("sources", VENUE_SOURCES))
    for name in venue_sources:
        if name not in VENUE_SOURCES:
            expected = ", ".join(f"'{s}'" for s in VENUE_SOURCES)
            raise ConfigError(f"'venues.sources': unknown source {name!r} (expected some of: {expected})",
                              path)
    encoding = data.get("encoding")
    if encoding is not None:
        import codecs

        try:
            codecs.lookup(encoding)
        except LookupError:
            raise ConfigError(f"'encoding' names no known encoding: {encoding!r}", path) from None
    return Config(path=path, bib=data.get("bib", DEFAULT_BIB), encoding=encoding, owner=names,
                  cache_dir=data.get("cache_dir", arxiv_opts.cache_dir),
                  render=render_opts, arxiv=arxiv_opts, venue_sources=venue_sources, **sources)


def _check(data: Mapping[str, Any], schema: Mapping[str, Any], path: str, prefix: str) -> None:
    for key, value in data.items():
        dotted = prefix + key
        if key not in schema:
            expected = ", ".join(schema)
            raise ConfigError(f"unknown key '{dotted}' (expected one of: {expected})", path)
        kind = schema[key]
        if isinstance(kind, dict):
            if not isinstance(value, dict):
                raise ConfigError(f"'{dotted}' must be a table ([{dotted}])", path)
            _check(value, kind, path, dotted + ".")
        elif isinstance(kind, tuple):
            if value not in kind:
                choices = ", ".join(f"'{c}'" for c in kind)
                raise ConfigError(f"'{dotted}' must be one of {choices}, not {value!r}", path)
        elif kind is float:
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ConfigError(f"'{dotted}' must be a number, not {value!r}", path)
        elif kind is int:
            if isinstance(value, bool) or not isinstance(value, int):
                raise ConfigError(f"'{dotted}' must be a whole number, not {value!r}", path)
        elif kind is bool:
            if not isinstance(value, bool):
                raise ConfigError(f"'{dotted}' must be true or false, not {value!r}", path)
        elif not isinstance(value, kind):
            what = {str: "a string", list: "a list", dict: "a table"}[kind]
            raise ConfigError(f"'{dotted}' must be {what}, not {value!r}", path)


def _check_strings(values: tuple[Any, ...], dotted: str, path: str) -> None:
    for value in values:
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"'{dotted}' must hold non-empty strings, not {value!r}", path)


def _check_template(template: str, dotted: str, path: str) -> str:
    """A template with ``{placeholders}`` from :data:`publist.preprints.PLACEHOLDERS` only."""
    from string import Formatter

    from publist.preprints import PLACEHOLDERS

    try:
        names = [name for _, name, _, _ in Formatter().parse(template) if name is not None]
    except ValueError as err:
        raise ConfigError(f"'{dotted}': {err} in {template!r} (write {{{{ for a brace)", path) from None
    for name in names:
        if name not in PLACEHOLDERS:
            expected = ", ".join("{" + p + "}" for p in PLACEHOLDERS)
            raise ConfigError(f"'{dotted}': unknown placeholder {{{name}}} (expected one of: {expected})",
                              path)
    return template


def _source(name: str, table: Mapping[str, Any], path: str) -> SourceOptions:
    numbers = {k: float(v) for k, v in table.items() if _SCHEMA[name][k] is float}
    options = SOURCE_DEFAULTS[name]._replace(**{**table, **numbers})
    _check_source(name, options, path)
    return options


def _check_source(name: str, opts: ArxivOptions | SourceOptions, path: str) -> None:
    """Checks shared by ``[arxiv]`` and the venue sources' tables."""
    if not re.match(r"^https?://[^/\s]+", opts.api_url):
        raise ConfigError(f"'{name}.api_url' must be an http(s) URL, not {opts.api_url!r}", path)
    for field in ("delay_seconds", "cache_hours"):
        if getattr(opts, field) < 0:
            raise ConfigError(f"'{name}.{field}' must not be negative", path)
    for field in ("batch_size", "titles_per_request", "retries"):
        low = 0 if field == "retries" else 1
        if getattr(opts, field, low) < low:
            raise ConfigError(f"'{name}.{field}' must be at least {low}", path)
    if getattr(opts, "batch_size", 0) > 500 and name == "semanticscholar":
        raise ConfigError("'semanticscholar.batch_size' must be at most 500 (the API's limit)", path)
    if opts.timeout_seconds <= 0:
        raise ConfigError(f"'{name}.timeout_seconds' must be more than 0", path)
