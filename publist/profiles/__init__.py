"""The owner's profiles as config.toml names them: their clients, and their works (cached).

The library face of the profile sources for the commands that use them (``discover``,
``init --dblp``, sync): :func:`configured` says which profiles ``[owner]`` names,
:func:`client` builds a service's client from its config table, and :func:`works` gives a
profile's works, from the cache (``cache_hours`` of the service's table) when it has them.
Nothing here knows a URL; each failure is one :class:`~publist.errors.FetchError` line that
names the profile, and one profile failing does not stop the others (the caller asks each).

>>> from publist.config import loads
>>> [str(p) for p in configured(loads('[owner]\\norcid = "https://orcid.org/0000-0002-1825-0097"\\n'))]
['ORCID profile 0000-0002-1825-0097']
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from publist.config import Config, SourceOptions
from publist.sources.profile import SERVICES, ProfileSource, ProfileWork


class Profile(NamedTuple):
    """One profile of the owner, e.g. ``Profile("dblp", "12/3456")``."""

    service: str
    """The config key of its service: ``dblp``, ``orcid``, ``semanticscholar``, ``openalex``."""
    id: str
    """The id as the service's API names it (read by :mod:`publist.profiles.ids`)."""

    def __str__(self) -> str:
        return f"{SERVICES[self.service]} profile {self.id}"


def configured(config: Config) -> list[Profile]:
    """The profiles ``[owner]`` names, in the order DBLP, ORCID, Semantic Scholar, OpenAlex."""
    return [Profile(service, getattr(config.profiles, service))
            for service in SERVICES if getattr(config.profiles, service)]


def options(config: Config, service: str) -> SourceOptions:
    """The config table of a profile's service, e.g. ``[orcid]``."""
    opts: SourceOptions = getattr(config, service)
    return opts


def client(config: Config, service: str, on_wait: Callable[[float, str], None] | None = None) -> ProfileSource:
    """The client of one profile service, as its table in config.toml sets it up."""
    o = options(config, service)
    common = {"delay_seconds": o.delay_seconds, "timeout_seconds": o.timeout_seconds,
              "retries": o.retries, "on_wait": on_wait}
    if service == "dblp":
        from publist.sources.dblp import DblpClient

        return DblpClient(o.api_url, **common)  # type: ignore[arg-type]
    if service == "orcid":
        from publist.sources.orcid import OrcidClient

        return OrcidClient(o.api_url, **common)  # type: ignore[arg-type]
    if service == "semanticscholar":
        from publist.sources.semanticscholar import SemanticScholarClient

        return SemanticScholarClient(o.api_url, api_key=o.api_key, batch_size=o.batch_size, **common)  # type: ignore[arg-type]
    if service == "openalex":
        from publist.sources.openalex import OpenAlexClient

        return OpenAlexClient(o.api_url, api_key=o.api_key, mailto=o.mailto, **common)  # type: ignore[arg-type]
    raise ValueError(f"no profile service {service!r}")  # a bug: services come from SERVICES


def works(
    config: Config, profile: Profile, *, source: ProfileSource | None = None, refresh: bool = False,
) -> list[ProfileWork]:
    """The works of one profile: the cache's answer while it is fresh, else the service's.

    ``source`` is the client to ask (default: :func:`client`); ``refresh`` skips the cache.
    A failure raises :class:`~publist.errors.FetchError` naming the profile; it is not cached.
    """
    from publist.sync.steps import cache_for

    cache = cache_for(config, profile.service, options(config, profile.service).cache_hours)
    saved = None if refresh else cache.get("profile", profile.id)
    if isinstance(saved, list):
        try:
            return [ProfileWork.from_json(w) for w in saved]
        except (KeyError, TypeError, ValueError, AttributeError):
            pass  # a damaged cache file is a miss
    found = (source or client(config, profile.service)).profile(profile.id)
    cache.put("profile", profile.id, [w.to_json() for w in found])
    return found
