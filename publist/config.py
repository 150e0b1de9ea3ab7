"""config.toml: who the owner is and what the list shows, checked once into a frozen Config.

An unknown key or a bad value stops the run with a message that names the file and the key,
e.g. ``config.toml: unknown key 'render.srot' (did you mean 'sort'?)``.

>>> cfg = loads('[owner]\\nnames = ["Zhewei Yao"]\\n[render]\\nsort = "file"\\n')
>>> cfg.owner, cfg.render.sort, cfg.render.names
(('Zhewei Yao',), 'file', 'initials')
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Any, Final, NamedTuple

from publist.errors import ConfigError
from publist.papers.kinds import HEADINGS, KINDS
from publist.papers.links import DEFAULT_LABELS, DEFAULT_ORDER
from publist.text.names import NAME_STYLES

CITATION_PLACEHOLDERS: Final = ("count", "source", "date")
"""What ``citations_label`` may name (:func:`publist.papers.citations.label`)."""
SUMMARY_PLACEHOLDERS: Final = ("total", "h", "papers", "source", "date")
"""What ``citation_summary_label`` may name (:func:`publist.papers.citations.summary_label`)."""
DEFAULT_PATH: Final = "config.toml"
DEFAULT_BIB: Final = "refs.bib"


PRIVATE_FIELDS: Final = ("selected", "featured", "abbr", "author+an", "editor+an", "note", "annote",
                          "abstract", "keywords", "file", "owner", "timestamp", "code", "website",
                          "preview", "bibtex_show", "html", "pdf", "supp", "award", "award_name",
                          # the rest of al-folio's filtered_bibtex_keywords (its _config.yml)
                          "additional_info", "altmetric", "annotation", "arxiv", "blog", "dimensions",
                          "google_scholar_id", "inspirehep_id", "poster", "slides", "video")
"""Fields the BibTeX shown on a page leaves out (al-folio's own, and reference managers')."""


class RenderOptions(NamedTuple):
    """``[render]``: how the list looks."""

    sort: str = "date"
    """``date``: newest first by year, then month, ties in file order; ``file``: file order;
    ``citations``: most cited first (ties and entries without a count by date)."""
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
    # choosing (the same names as the command-line options and the --inplace markers)
    selected: bool = False
    """Only entries flagged ``selected``/``featured`` (``true``, ``yes``, ``1``)."""
    since: int | None = None
    until: int | None = None
    type: tuple[str, ...] = ()
    """Only these kinds (:data:`publist.papers.kinds.KINDS`), e.g. ``("journal", "conference")``."""
    key: tuple[str, ...] = ()
    keyword: tuple[str, ...] = ()
    """Only entries whose ``keywords`` field has one of these words (any case)."""
    first_author: bool = False
    """Only entries where the owner is first or equal-first."""
    limit: int | None = None
    # arranging
    group_by: str = "none"
    """``none``, ``year`` or ``type`` (the kinds, in the order of ``kinds``)."""
    kinds: tuple[str, ...] = KINDS
    headings: Mapping[str, str] = HEADINGS
    numbering: str = "none"
    """``none``, ``ascending`` ([1] first) or ``descending`` ([18] first, as many CVs)."""
    number_across_groups: bool = False
    files_url: str = ""
    """Where bare file names in link fields are served (``pdf = {paper.pdf}``), e.g.
    ``"/assets/pdf/"``, as al-folio serves them; empty: such links are left out."""
    year: str = "venue"
    """Where an entry's year stands: ``venue`` (after the venue line, where it lacks it),
    ``authors`` (after the authors) or ``none``."""
    max_authors: int | None = None
    """Cut longer author lists to this many names and "et al.", the owner kept visible."""
    show_abstract: bool = False
    show_bibtex: bool = False
    private_fields: tuple[str, ...] = PRIVATE_FIELDS
    """Fields the BibTeX shown in HTML leaves out."""
    template: str = ""
    """A Jinja2 template that replaces the built-in layout (a path, relative to the config)."""
    style: str = ""
    """A CSL citation style by name (``apa``) or file, instead of the CV layout."""
    citations: bool = False
    """Each entry's citation count (``sync --citations`` gathers them), e.g. ``Cited by 1,234``."""
    citations_label: str = "Cited by {count}"
    """How a count is shown: ``{count}``, ``{source}`` and ``{date}``."""
    citations_separator: str = ","
    """What groups a count's thousands: ``1,234``; ``""`` for ``1234``, ``"\u202f"`` for a thin space."""
    citation_summary: bool = False
    """A line after the list with the counts' total and h-index, their source and date."""
    citation_summary_label: str = "Citations: {total}, h-index {h} ({source}, {date})"
    """The summary line: ``{total}``, ``{h}``, ``{papers}`` (entries with a count), ``{source}``, ``{date}``."""


class CitationOptions(NamedTuple):
    """``[citations]``: where ``publist sync --citations`` asks for counts, and where it keeps them."""

    enabled: bool = False
    """Every ``publist sync`` gathers the counts, as ``--citations`` does."""
    source: str = "semanticscholar"
    """One of ``semanticscholar``, ``openalex``, ``inspire``: one source for the whole list."""
    file: str = "citations.json"
    """The counts file, relative to the .bib file's folder."""
    max_age_days: int = 30
    """Older counts are shown with their date, and ``publist check`` warns of them."""


_RENDER_DEFAULTS: Final = RenderOptions()._asdict()


class Person(NamedTuple):
    """A ``[[people]]`` table: someone highlighted besides the owner, e.g. a student."""

    names: tuple[str, ...]
    style: str = "underline"
    """``underline``, ``italic`` or ``bold``."""
    css_class: str = ""
    """The HTML class of their name (``class`` in config.toml), e.g. ``student``."""
    mark: str = ""
    """A mark after their name, e.g. ``†`` for the corresponding author."""
    url: str = ""
    """Their page: the name becomes a link."""


class Profiles(NamedTuple):
    """The owner's profiles (``[owner] dblp``, ``orcid``, ``semanticscholar``, ``openalex``), as
    each service's API names them (:mod:`publist.profiles.ids`); ``''`` for one not given."""

    dblp: str = ""
    """A DBLP person id, e.g. ``12/3456`` (or an old one, ``l/MichaelLey``)."""
    orcid: str = ""
    """An ORCID iD, e.g. ``0000-0002-1825-0097`` (its check digit verified)."""
    semanticscholar: str = ""
    """A Semantic Scholar author id, e.g. ``1234567``."""
    openalex: str = ""
    """An OpenAlex author id, e.g. ``A5000000001``."""


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
    """``[semanticscholar]``, ``[dblp]``, ``[crossref]``, ``[orcid]``, ``[openalex]``, ``[inspire]``:
    how publist talks to a venue, profile or citation source."""

    api_url: str
    delay_seconds: float
    """Pause between requests: Semantic Scholar and Crossref ask for about 1 s, DBLP for 1 to 2."""
    timeout_seconds: float = 30.0
    retries: int = 3
    cache_hours: float = 24.0
    api_key: str = ""
    """Semantic Scholar's optional key (else ``S2_API_KEY`` in the environment), or OpenAlex's
    (else ``OPENALEX_API_KEY``), which OpenAlex requires."""
    mailto: str = ""
    """An email address for Crossref's User-Agent, as its etiquette asks (and OpenAlex's ``mailto``)."""
    batch_size: int = 500
    """Semantic Scholar's ids per request (at most 500)."""


VENUE_SOURCES: Final = ("semanticscholar", "dblp", "crossref")
SYNC_SOURCES: Final = (*VENUE_SOURCES, "profiles")
"""What ``[venues] sources`` may name: the venue sources, and the owner's profiles (``[owner]``)."""
SOURCE_DEFAULTS: Final = {
    "semanticscholar": SourceOptions("https://api.semanticscholar.org/graph/v1", 1.0),
    "dblp": SourceOptions("https://dblp.org", 2.0),
    "crossref": SourceOptions("https://api.crossref.org", 1.0),
    "orcid": SourceOptions("https://pub.orcid.org/v3.0", 0.25),
    "openalex": SourceOptions("https://api.openalex.org", 0.1),
    "inspire": SourceOptions("https://inspirehep.net/api", 0.4),
}
PROFILE_SOURCES: Final = ("orcid", "openalex")
"""Sources that only read profiles: their tables configure the client, ``[owner]`` names the profile."""


class Config(NamedTuple):
    """Everything config.toml can say; ``Config()`` is the default without a file."""

    path: str | None = None
    """The config file it came from, e.g. ``config.toml``."""
    bib: str = DEFAULT_BIB
    """The .bib file, relative to the config file's folder (or the current one)."""
    encoding: str | None = None
    """The .bib file's encoding, e.g. ``latin-1``; default: what it declares, else UTF-8."""
    strings: tuple[str, ...] = ()
    """.bib files read first for their ``@string`` macros, e.g. ``("AuthorIDs.bib",)``."""
    owner: tuple[str, ...] = ()
    owner_url: str = ""
    """``[owner] url``: the owner's page; their name becomes a link."""
    profiles: Profiles = Profiles()
    """``[owner] dblp``, ``orcid``, ``semanticscholar``, ``openalex``: the owner's profiles."""
    people: tuple[Person, ...] = ()
    """``[[people]]``, or the ``[[people]]`` of the file ``people = "people.toml"`` names."""
    cache_dir: str | None = None
    """Where sync keeps every source's answers (a folder each); default: the user's cache
    folder. ``[arxiv] cache_dir`` is read as the same key."""
    render: RenderOptions = RenderOptions()
    render_table: Mapping[str, Any] = MappingProxyType({})
    """``[render]`` as written, for :meth:`with_render`."""
    arxiv: ArxivOptions = ArxivOptions()
    venue_sources: tuple[str, ...] = SYNC_SOURCES
    """``[venues] sources``: which venue sources sync asks, in order (``profiles``: the owner's
    profiles that ``[owner]`` names); ``()`` asks none."""
    semanticscholar: SourceOptions = SOURCE_DEFAULTS["semanticscholar"]
    dblp: SourceOptions = SOURCE_DEFAULTS["dblp"]
    crossref: SourceOptions = SOURCE_DEFAULTS["crossref"]
    orcid: SourceOptions = SOURCE_DEFAULTS["orcid"]
    openalex: SourceOptions = SOURCE_DEFAULTS["openalex"]
    inspire: SourceOptions = SOURCE_DEFAULTS["inspire"]
    citations: CitationOptions = CitationOptions()

    def counts_path(self, bib: str | None = None) -> str:
        """The citation counts file: ``[citations] file`` beside the .bib file (``bib``, when
        the command line names another than the config)."""
        path = os.path.expanduser(self.citations.file)
        return path if os.path.isabs(path) else os.path.join(os.path.dirname(bib or self.bib_path()), path)

    def with_render(self, overrides: Mapping[str, Any], where: str,
                    spell: Callable[[str], str] = lambda name: name) -> Config:
        """The config with some ``[render]`` keys set (by the command line or a marker), named
        in messages as ``spell`` writes them (``--max-authors``, ``max_authors``).

        A template set here replaces a style set below, and a style a template.
        """
        if not overrides:
            return self
        for name in ("type", "key", "keyword"):  # --key "$KEYS" with nothing in it: not "all"
            if name in overrides and not overrides[name]:
                raise ConfigError(f"'{spell(name)}' is empty: name at least one, or leave it out", where)
        base = dict(self.render_table)
        for mine, theirs in (("template", "style"), ("style", "template")):
            if overrides.get(mine) and theirs not in overrides:
                base.pop(theirs, None)
        table = MappingProxyType({**base, **overrides})
        return self._replace(render=render_options(table, where, spell), render_table=table)

    def bib_path(self) -> str:
        """The .bib file; a relative ``bib`` is relative to the config file."""
        return self.resolve(self.bib)

    def strings_paths(self) -> list[str]:
        """The files read first for their ``@string`` macros, relative to the config file."""
        return [self.resolve(p) for p in self.strings]

    def resolve(self, path: str) -> str:
        """A path written in the config: ``~`` expanded, relative to the config file's folder."""
        path = os.path.expanduser(path)
        if self.path is None or os.path.isabs(path):
            return path
        return os.path.join(os.path.dirname(self.path), path)


_SCHEMA: Final[dict[str, Any]] = {
    "bib": str,
    "strings": list,
    "encoding": str,
    "cache_dir": str,
    "owner": {"names": list, "url": str, "dblp": str, "orcid": str, "semanticscholar": str,
              "openalex": str},
    "people": (list, str),
    "render": {
        "sort": ("date", "file", "citations"),
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
        "selected": bool,
        "since": int,
        "until": int,
        "type": list,
        "key": list,
        "keyword": list,
        "first_author": bool,
        "limit": int,
        "group_by": ("none", "year", "type"),
        "kinds": list,
        "headings": dict,
        "numbering": ("none", "ascending", "descending"),
        "number_across_groups": bool,
        "year": ("venue", "authors", "none"),
        "max_authors": int,
        "show_abstract": bool,
        "show_bibtex": bool,
        "private_fields": list,
        "template": str,
        "style": str,
        "files_url": str,
        "citations": bool,
        "citations_label": str,
        "citations_separator": str,
        "citation_summary": bool,
        "citation_summary_label": str,
    },
    "citations": {"enabled": bool, "source": ("semanticscholar", "openalex", "inspire"), "file": str,
                  "max_age_days": int},
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
    "orcid": {
        "api_url": str, "delay_seconds": float, "timeout_seconds": float, "retries": int,
        "cache_hours": float,
    },
    "openalex": {
        "api_url": str, "api_key": str, "mailto": str, "delay_seconds": float,
        "timeout_seconds": float, "retries": int, "cache_hours": float,
    },
    "inspire": {
        "api_url": str, "delay_seconds": float, "timeout_seconds": float, "retries": int,
        "cache_hours": float,
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
    people_value = data.pop("people", None)
    if isinstance(data.get("owner"), dict) and isinstance(data["owner"].get("names"), str):
        data["owner"]["names"] = [data["owner"]["names"]]  # one name (it may hold a comma)
    if isinstance(data.get("venues"), dict) and isinstance(data["venues"].get("sources"), str):
        data["venues"]["sources"] = split(data["venues"]["sources"])
    if isinstance(data.get("render"), dict):
        data["render"] = _listed(data["render"])
    if isinstance(data.get("strings"), str):
        data["strings"] = [data["strings"]]
    _check(data, _SCHEMA, path, "")
    owner = data.get("owner", {})
    arxiv = data.get("arxiv", {})
    names = tuple(owner.get("names", ()))
    _check_strings(names, "owner.names", path)
    owner_url = _check_url(owner.get("url", ""), "owner.url", path)
    render_table = MappingProxyType(dict(data.get("render", {})))
    render_opts = render_options(render_table, path)
    numbers = {k: float(v) for k, v in arxiv.items() if _SCHEMA["arxiv"][k] is float}
    arxiv_opts = ArxivOptions(**{**arxiv, **numbers})
    _check_source("arxiv", arxiv_opts, path)
    sources = {name: _source(name, data.get(name, {}), path)
               for name in (*VENUE_SOURCES, *PROFILE_SOURCES, "inspire")}
    venue_sources = tuple(data.get("venues", {}).get("sources", SYNC_SOURCES))
    for name in venue_sources:
        if name not in SYNC_SOURCES:
            expected = ", ".join(f"'{s}'" for s in SYNC_SOURCES)
            raise ConfigError(f"'venues.sources': unknown source {name!r} (expected some of: {expected})",
                              path)
    encoding = data.get("encoding")
    if encoding is not None:
        import codecs

        try:
            codecs.lookup(encoding)
        except LookupError:
            raise ConfigError(f"'encoding' names no known encoding: {encoding!r}", path) from None
    strings = tuple(data.get("strings", ()))
    _check_strings(strings, "strings", path)
    config = Config(path=path, bib=data.get("bib", DEFAULT_BIB), encoding=encoding, strings=strings, owner=names,
                    owner_url=owner_url, profiles=_profiles(owner, path), cache_dir=data.get("cache_dir", arxiv_opts.cache_dir),
                    render=render_opts, render_table=render_table, arxiv=arxiv_opts,
                    venue_sources=venue_sources, semanticscholar=sources["semanticscholar"],
                    dblp=sources["dblp"], crossref=sources["crossref"], orcid=sources["orcid"],
                    openalex=sources["openalex"], inspire=sources["inspire"],
                    citations=_citations(data.get("citations", {}), path))
    if people_value is not None:
        config = config._replace(people=_people(people_value, config, path))
    if render_opts.first_author and not names:
        raise ConfigError("'render.first_author' needs the owner's names ([owner] names = [...])", path)
    return config


def config_key(name: str) -> str:
    """How config.toml names a ``[render]`` key in messages: ``render.max_authors``."""
    return f"render.{name}"


def option(name: str) -> str:
    """How the command line names it: ``--max-authors``."""
    return "--" + name.replace("_", "-")


def split(text: str) -> list[str]:
    """A list written as one string, as the command line, markers and config.toml may:
    ``"journal, conference"`` is ``["journal", "conference"]``."""
    return [part.strip() for part in text.split(",") if part.strip()]


def render_options(table: Mapping[str, Any], path: str,
                   spell: Callable[[str], str] = config_key) -> RenderOptions:
    """``[render]`` as options, checked: a bad value is a :class:`ConfigError` naming the key
    as ``spell`` writes it. A list may be written as one comma-separated string."""
    table = _listed(table)
    _check(table, _SCHEMA["render"], path, "render.", spell)
    render = dict(table)
    for name in ("links", "type", "key", "keyword", "kinds", "private_fields"):
        _check_strings(tuple(render.get(name, ())), spell(name), path)
    for name in ("labels", "venues", "marks", "headings"):
        _check_strings(tuple(render.get(name, {}).values()), spell(name), path)
        if name in render:  # one line each: a line break made a Markdown heading two blocks
            render[name] = {k: " ".join(v.split()) for k, v in render[name].items()}
    for name in ("limit", "max_authors"):
        if name in render and render[name] < 1:
            raise ConfigError(f"'{spell(name)}' must be at least 1, not {render[name]}", path)
    if "type" in render:
        render["type"] = [kind.lower() for kind in render["type"]]
    for name in ("type", "kinds", "headings"):
        unknown = [k for k in render.get(name, ()) if k not in KINDS]
        if unknown:
            raise ConfigError(f"'{spell(name)}': unknown kind {unknown[0]!r} "
                              f"{_expected(unknown[0], KINDS, 'expected some of')}", path)
    if render.get("template") and render.get("style"):
        raise ConfigError(f"'{spell('template')}' and '{spell('style')}' do not go together (a "
                          "template writes the whole list, a style each entry): choose one", path)
    kinds = tuple(render.pop("kinds", KINDS))
    labels = render.pop("labels", {})
    private = tuple(f.lower() for f in render.pop("private_fields", ()))
    options = RenderOptions(
        links=tuple(k.lower() for k in render.pop("links", DEFAULT_ORDER)),
        labels=MappingProxyType({**DEFAULT_LABELS, **{k.lower(): v for k, v in labels.items()}}),
        preprint=_check_template(render.pop("preprint", ""), "render.preprint", path),
        citations_label=_check_template(render.pop("citations_label", _RENDER_DEFAULTS["citations_label"]),
                                        spell("citations_label"), path, CITATION_PLACEHOLDERS),
        citation_summary_label=_check_template(
            render.pop("citation_summary_label", _RENDER_DEFAULTS["citation_summary_label"]),
            spell("citation_summary_label"), path, SUMMARY_PLACEHOLDERS),
        files_url=_check_files_url(render.pop("files_url", ""), path),
        venues=MappingProxyType(dict(render.pop("venues", {}))),
        marks=MappingProxyType({"*": "Equal contribution", **render.pop("marks", {})}),
        headings=MappingProxyType({**HEADINGS, **render.pop("headings", {})}),
        kinds=kinds + tuple(k for k in KINDS if k not in kinds),
        type=tuple(render.pop("type", ())),
        key=tuple(render.pop("key", ())),
        keyword=tuple(w.lower() for w in render.pop("keyword", ())),
        private_fields=tuple(dict.fromkeys(PRIVATE_FIELDS + private)),
        **render,
    )
    if options.since is not None and options.until is not None and options.since > options.until:
        raise ConfigError(f"'{spell('since')}' ({options.since}) is after '{spell('until')}' "
                          f"({options.until})", path)
    return options


def _listed(table: Mapping[str, Any]) -> dict[str, Any]:
    """``[render]`` with each list written as one string (``type = "journal, conference"``,
    ``keyword = "causality"``) as a list."""
    return {name: split(value) if _SCHEMA["render"].get(name) is list and isinstance(value, str)
            else value for name, value in table.items()}


def pointless(given: Iterable[str], options: RenderOptions, fmt: str, owner: bool) -> tuple[str, str] | None:
    """The first option in ``given`` that the rest of what was asked makes meaningless, and
    why; ``None`` when each does something. ``options`` are those in force, for format ``fmt``.

    >>> pointless(["year"], RenderOptions(style="apa", year="authors"), "md", True)
    ('year', "the CSL style 'apa' places the year itself")
    """
    asked = set(given)
    if "style" in asked and options.style and fmt == "json":
        return "style", "JSON is CSL-JSON data, which a style does not change (it applies to md, html, latex)"
    if "year" in asked and options.style:
        return "year", f"the CSL style '{options.style}' places the year itself"
    if "first_author" in asked and options.first_author and not owner:
        return "first_author", "it needs the owner's names ([owner] names in config.toml)"
    for name in ("show_abstract", "show_bibtex"):
        if name in asked and getattr(options, name) and fmt != "html":
            return name, "it applies to HTML only"
    if "citation_summary" in asked and options.citation_summary and fmt == "json":
        return "citation_summary", "JSON is a list of items: each has its count (publist.papers.citations)"
    if "number_across_groups" in asked and options.number_across_groups and options.numbering == "none":
        return "number_across_groups", "it needs numbering (ascending or descending)"
    return None


def coerce(name: str, text: str | None, where: str) -> Any:
    """A ``[render]`` value written as text (an ``--inplace`` marker's ``since=2019``), as the
    key's type wants it; a bare name (``selected``) is ``true``."""
    kind = _SCHEMA["render"].get(name)
    if kind is None:
        raise ConfigError(f"unknown option '{name}' {_expected(name, _SCHEMA['render'])}", where)
    if text is None:
        if kind is bool:
            return True
        raise ConfigError(f"'{name}' needs a value, e.g. {name}=...", where)
    if kind is bool:
        folded = text.strip().lower()
        if folded not in ("true", "false", "yes", "no", "1", "0"):
            raise ConfigError(f"'{name}' must be true or false, not {text!r}", where)
        return folded in ("true", "yes", "1")
    if kind is int:
        if not re.fullmatch(r"-?\d+", text.strip()):
            raise ConfigError(f"'{name}' must be a whole number, not {text!r}", where)
        return int(text)
    if kind is list:
        return split(text)
    if kind is dict:
        raise ConfigError(f"'{name}' is a table; set it in config.toml", where)
    return text


_PERSON: Final[dict[str, Any]] = {"names": list, "style": ("underline", "italic", "bold"), "class": str,
                                  "mark": str, "url": str}


def _people(value: Any, config: Config, path: str) -> tuple[Person, ...]:
    """``[[people]]`` tables, or those of the people file that ``people = "..."`` names."""
    where = path
    if isinstance(value, str):
        import tomllib

        where = config.resolve(value)
        try:
            with open(where, "rb") as f:
                value = tomllib.loads(f.read().decode("utf-8")).get("people", [])
        except FileNotFoundError:
            raise ConfigError(f"'people': no such file: {where}", path) from None
        except (OSError, UnicodeDecodeError) as err:
            raise ConfigError(f"'people': cannot read {where}: {err}", path) from None
        except tomllib.TOMLDecodeError as err:
            raise ConfigError(str(err), where) from None
    if not isinstance(value, list) or not all(isinstance(t, dict) for t in value):
        raise ConfigError("'people' must be [[people]] tables, or the name of a file that has them",
                          where)
    out = []
    for n, table in enumerate(value, 1):
        _check(table, _PERSON, where, f"people[{n}].")
        names = tuple(table.get("names", ()))
        if not names:
            raise ConfigError(f"'people[{n}]' needs names = [...]", where)
        _check_strings(names, f"people[{n}].names", where)
        url = _check_url(table.get("url", ""), f"people[{n}].url", where)
        out.append(Person(names, table.get("style", "underline"), table.get("class", ""),
                          table.get("mark", ""), url))
    return tuple(out)


def _profiles(owner: Mapping[str, Any], path: str) -> Profiles:
    """``[owner]``'s profile ids, each read as its service names it (a pasted URL too)."""
    from publist.profiles import ids as profileid

    ids = {}
    for name, read in profileid.READERS.items():
        value = owner.get(name, "")
        if value.strip():
            try:
                ids[name] = read(value)
            except ValueError as err:
                raise ConfigError(f"'owner.{name}': {err}", path) from None
    return Profiles(**ids)


def _citations(table: Mapping[str, Any], path: str) -> CitationOptions:
    """``[citations]``, checked: a file name, and an age from 0 days on."""
    options = CitationOptions(**table)
    if not options.file.strip():
        raise ConfigError("'citations.file' must name a file, e.g. \"citations.json\"", path)
    if options.max_age_days < 0:
        raise ConfigError("'citations.max_age_days' must not be negative", path)
    return options


def _check_files_url(url: str, path: str) -> str:
    """An http(s) URL or a path from the site's root, ending in ``/``; or nothing."""
    if url and not re.match(r"^(?:https?://[^/\s]+|/(?!/))\S*$", url):
        raise ConfigError(f"'render.files_url' must be an http(s) URL or a path from the site's root "
                          f"(\"/assets/pdf/\"), not {url!r}", path)
    return url if not url or url.endswith("/") else url + "/"


def _check_url(url: str, dotted: str, path: str) -> str:
    """An http(s) URL as the link fields' URLs are written (percent-encoded where a quote, a
    space, a backslash or a parenthesis would break the markup around it), or nothing."""
    from publist.text import urls

    written = urls.clean(url) if re.match(r"^https?://[^/\s]+", url) else None
    if url and written is None:
        raise ConfigError(f"'{dotted}' must be an http(s) URL, not {url!r}", path)
    return written or ""


def _expected(name: str, known: Iterable[str], expected: str = "expected one of") -> str:
    """``(did you mean 'sort'?)`` for a near miss, else every name that would do."""
    from difflib import get_close_matches

    close = get_close_matches(name, list(known), n=1, cutoff=0.7)
    return f"(did you mean '{close[0]}'?)" if close else f"({expected}: {', '.join(known)})"


def _check(data: Mapping[str, Any], schema: Mapping[str, Any], path: str, prefix: str,
           spell: Callable[[str], str] | None = None) -> None:
    for key, value in data.items():
        dotted = spell(key) if spell is not None else prefix + key
        if key not in schema:
            raise ConfigError(f"unknown key '{dotted}' {_expected(key, schema)}", path)
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


def _check_template(template: str, dotted: str, path: str, placeholders: tuple[str, ...] | None = None) -> str:
    """A template with ``{placeholders}`` from ``placeholders`` only (by default
    :data:`publist.papers.preprints.PLACEHOLDERS`)."""
    if not template:
        return template
    from string import Formatter

    from publist.papers import preprints

    known = placeholders or preprints.PLACEHOLDERS
    try:
        names = [name for _, name, _, _ in Formatter().parse(template) if name is not None]
    except ValueError as err:
        raise ConfigError(f"'{dotted}': {err} in {template!r} (write {{{{ for a brace)", path) from None
    for name in names:
        if name not in known:
            expected = ", ".join("{" + p + "}" for p in known)
            raise ConfigError(f"'{dotted}': unknown placeholder {{{name}}} (expected one of: {expected})",
                              path)
    try:  # each placeholder is text: a format spec for numbers ({count:d}) cannot apply
        template.format(**dict.fromkeys(known, "1"))
    except (ValueError, IndexError, KeyError) as err:
        raise ConfigError(f"'{dotted}': {err} in {template!r}", path) from None
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
