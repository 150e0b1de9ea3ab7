"""``template = "cv.md.j2"``: a Jinja2 template of the user's replaces a format's layout.

The template gets what ``--format json`` prints, as ``items`` (CSL-JSON items with their
``publist`` objects), and more: ``groups`` (``heading`` and ``items``), ``legend`` (``mark``
and ``meaning``), ``citation_summary`` (``total``, ``h``, ``line`` ...), ``format``, and in
each item's ``publist.formatted`` its lines written in the output format (bold owner, links
and escaping done), e.g.::

    {% for item in items %}
    - {{ item.publist.formatted.title }} ({{ item.issued["date-parts"][0][0] }})
    {% endfor %}

HTML templates are autoescaped; the ``latex``, ``md`` and ``typst`` filters escape a plain
text for those formats. A template error is one line with the template's file and line. Jinja2 is
imported only when a template is configured.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from publist.errors import PublistError
from publist.formats.view import Listing
from publist.model import Diagnostic
from publist.text.richtext import Node


class Section(NamedTuple):
    """A group, as templates see it: ``group.heading``, ``group.items`` (a dict's ``items``
    would be its method)."""

    heading: str
    items: list[dict[str, Any]]


def render(listing: Listing, path: str, fmt: str) -> tuple[str, list[Diagnostic]]:
    """The listing through the template at ``path``, for format ``fmt``."""
    import jinja2

    from publist.formats import csljson, markdown, typst
    from publist.text import latex

    problems: list[Diagnostic] = []
    write = _writer(fmt, problems)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(os.path.dirname(os.path.abspath(path))),
        autoescape=fmt == "html", undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
    )
    env.filters["latex"] = latex.escape
    env.filters["md"] = markdown.escape
    env.filters["typst"] = typst.escape
    # md, html and json write fields as Unicode text: what is wrong in them is said as those
    # formats say it (the LaTeX and Typst writers say it themselves)
    checker = csljson.reporting() if fmt not in ("latex", "typst") else None
    items = csljson.data(listing, formatted=write, backend=checker)
    by_group: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        by_group.setdefault(item["publist"]["group"], []).append(item)
    context = {
        "items": items, "format": fmt,
        "groups": [Section(heading, members) for heading, members in by_group.items()],
        "legend": [{"mark": mark, "meaning": meaning} for mark, meaning in listing.legend],
        "citation_summary": _summary(listing, write),
    }
    name = os.path.basename(path)
    shown = _shown(path)
    if os.path.exists(path) and not os.path.isfile(path):  # a folder, or a device as /dev/null
        raise PublistError(f"{shown}: not a file; a template is a text file (e.g. cv.md.j2)")
    try:
        text = env.get_template(name).render(context)
    except jinja2.TemplateNotFound as err:
        if err.name == name:
            raise PublistError(f"{shown}: no such template") from None
        where = _where(err) or f"{shown}:?"  # an {% include %} or {% extends %} of a missing file
        raise PublistError(f"{where}: no such template '{err.name}' (looked for in "
                           f"{_shown(os.path.dirname(os.path.abspath(path))) or '.'})") from None
    except jinja2.TemplateSyntaxError as err:
        raise PublistError(f"{_shown(err.filename) if err.filename else shown}:{err.lineno}: "
                           f"{err.message}") from None
    except Exception as err:  # noqa: BLE001 (any error in a user's template: say where)
        raise PublistError(f"{_where(err) or shown + ':?'}: {type(err).__name__}: {err}") from None
    return text, list(dict.fromkeys([*problems, *(checker.problems if checker else ())]))


def _writer(fmt: str, problems: list[Diagnostic]) -> Callable[[Iterable[Node]], Any]:
    """Nodes in the output format; safe from autoescaping in HTML."""
    from markupsafe import Markup

    if fmt == "html":
        from publist.formats import html

        return lambda nodes: Markup(html.inline(nodes))
    if fmt == "latex":
        from publist.formats import latex

        return lambda nodes: latex.inline(nodes, problems)
    if fmt == "json":  # a template that writes JSON (or YAML) gets plain text
        from publist.formats.csljson import plain

        return plain
    if fmt == "typst":
        from publist.formats import typst

        return lambda nodes: typst.inline(nodes, problems)
    from publist.formats import markdown

    return markdown.inline


def _summary(listing: Listing, write: Callable[[Iterable[Node]], Any]) -> dict[str, Any] | None:
    """``citation_summary``: the counts' ``total``, ``h``, ``papers``, ``source``, ``date`` and
    the ``line`` in the output format; ``None`` when it is off or no entry has a count."""
    total = listing.summary
    if total is None:
        return None
    from publist.text.richtext import Text

    return total._asdict() | {"line": write((Text(listing.summary_text),))}


def _where(err: BaseException) -> str:
    """``file:line`` of the template line an error happened on, the innermost when one
    template includes another (Jinja2 puts template frames in the traceback), or ``''``."""
    where = ""
    tb = err.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if not filename.endswith(".py") and os.path.isfile(filename):
            where = f"{_shown(filename)}:{tb.tb_lineno}"
        tb = tb.tb_next
    return where


def _shown(path: str) -> str:
    """A path as the user would write it: relative to the current folder when it is inside it."""
    relative = os.path.relpath(path)
    return relative if not relative.startswith(os.pardir) else path
