"""What ``publist init`` writes: a config.toml with every key, commented, and an example refs.bib.

Every commented key shows its default, so uncommenting a line changes nothing until its
value is edited (a test holds this text to :data:`publist.config._SCHEMA` and the defaults).
"""

from __future__ import annotations

import json
import re

CONFIG: str = """\
# publist configuration. Every key is optional: a commented line shows the default, except
# where it says "e.g.". The README's Configuration section says more about each.

# The .bib file, relative to this file.
# bib = "refs.bib"
# Its encoding, e.g. "latin-1"; default: what the file declares (JabRef's % Encoding:), else UTF-8.
# encoding = "latin-1"
# .bib files whose @string macros the bib uses, read first (JabRef's AuthorIDs.bib), e.g.
# strings = ["AuthorIDs.bib"]
# Where sync keeps the answers of arXiv and the venue sources, e.g. a folder here;
# default: your user cache folder.
# cache_dir = ".publist-cache"

[owner]
# Your name: every spelling of it (initials, middle names, accents) is highlighted.
# List a second name only for a different surname, e.g. a maiden name.
names = [{names}]
# Your page, e.g. "https://example.org": your name becomes a link to it.
# url = "https://example.org"
# Your profiles, e.g. (the id, or the profile's address as you would paste it):
# dblp = "12/3456"                  # https://dblp.org/pid/12/3456.html (old ids look like "l/MichaelLey")
# orcid = "0000-0002-1825-0097"     # https://orcid.org/0000-0002-1825-0097 (its check digit is verified)
# semanticscholar = "1234567"       # https://www.semanticscholar.org/author/<name>/1234567
# openalex = "A5000000001"          # https://openalex.org/A5000000001 (needs an API key, below)

# Others to highlight, e.g. your students (underlined) or a corresponding author (a mark):
# [[people]]
# names = ["Ada Lovelace"]
# style = "underline"        # or "italic", "bold"
# class = "student"          # the HTML class of their name
# mark = "†"                 # explained by [render.marks]
# url = "https://example.org/ada"
# A lab may keep them in a file of its own instead: people = "people.toml"

[render]
# sort = "date"              # newest first; "file" keeps the file's order; "citations" most cited first
# names = "initials"         # M. W. Mahoney; or "full", "last-initials", "last-first"
# links = ["arxiv", "doi", "pdf", "code", "*"]   # which links, in order; "*" is every other
# page_dash = "\u2013"           # what joins page ranges (an en dash); "-" for a hyphen
# preprint = ""              # a preprint's venue line, e.g. "{{server}} preprint {{id}}"
# files_url = ""             # where pdf = {{paper.pdf}} is served, e.g. "/assets/pdf/" (al-folio)
# venue_names = "short"      # "Proc. NeurIPS 2019"; "full" prints the venue as written
# merge_preprints = true     # a preprint and its published version are shown once
# legend = false             # a line after the list for the marks it uses
# year = "venue"             # the year after the venue line (where it lacks it); "authors", "none"
# max_authors = 10           # e.g.: longer lists end in "et al.", your name kept visible

# Which entries (the same names as the command line's --selected, --since ...):
# selected = false           # only those with selected (or featured) = true
# since = 2019               # e.g.: from this year on
# until = 2024               # e.g.: up to this year
# type = []                  # only these kinds: journal, conference, workshop, preprint, book, thesis, other
# key = []                   # only these keys
# keyword = []               # only entries whose keywords field has one of these
# first_author = false       # only those where you are first or equal-first author
# limit = 10                 # e.g.: at most this many

# How they are arranged:
# group_by = "none"          # or "year", "type" (by kind, in the order of kinds)
# kinds = ["journal", "conference", "workshop", "preprint", "book", "thesis", "other"]
# numbering = "none"         # or "ascending" ([1] first), "descending" ([18] first)
# number_across_groups = false

# HTML: the abstract and the BibTeX of each entry, in <details> (no script needed).
# show_abstract = false
# show_bibtex = false
# private_fields = []        # fields the shown BibTeX leaves out, besides note, selected, abbr ...

# Instead of the built-in layout:
# template = "cv.md.j2"      # e.g.: a Jinja2 template of your own, with the data of --format json
# style = "apa"              # e.g.: a CSL citation style by name, or a .csl file

# Citation counts, from the file that publist sync --citations keeps (see below):
# citations = false          # each entry's count, e.g. "Cited by 1,234"
# citations_label = "Cited by {{count}}"   # also {{source}} and {{date}}
# citations_separator = ","  # what groups thousands: 1,234; "" for 1234
# citation_summary = false   # a line after the list: the total and h-index, source and date
# citation_summary_label = "Citations: {{total}}, h-index {{h}} ({{source}}, {{date}})"

# [render.labels]            # what each link says
# arxiv = "arXiv"
# doi = "DOI"
# pdf = "PDF"
# code = "code"
# html = "HTML"
# url = "link"

# [render.venues]            # e.g. your own short names for venues publist does not know
# "Journal of Foo Studies" = "JFS"

# [render.marks]             # what each author mark means, for check and the legend
# "*" = "Equal contribution"

# [render.headings]          # the heading of each kind when group_by = "type"
# journal = "Journal articles"
# conference = "Conference papers"
# workshop = "Workshop papers"
# preprint = "Preprints"
# book = "Books and chapters"
# thesis = "Theses"
# other = "Other"

[citations]
# enabled = false            # every sync gathers the counts, as publist sync --citations does
# source = "semanticscholar" # or "openalex" (needs its API key), "inspire" (physics); one for the list
# file = "citations.json"    # beside the .bib file
# max_age_days = 30          # older counts are shown with their date, and check warns of them

[arxiv]
# api_url = "https://export.arxiv.org/api/query"
# delay_seconds = 3.0        # arXiv's terms ask for 3 s between requests
# batch_size = 100           # ids per request
# titles_per_request = 10    # titles per search request
# timeout_seconds = 30.0
# retries = 3
# cache_hours = 24.0

[venues]
# Where sync looks for the venue of each preprint, in order; [] asks none.
# "profiles" are the owner's profiles that [owner] names (dblp, orcid, ...).
# sources = ["semanticscholar", "dblp", "crossref", "profiles"]

[semanticscholar]
# api_url = "https://api.semanticscholar.org/graph/v1"
# api_key = ""               # optional; or set S2_API_KEY in the environment
# batch_size = 500
# delay_seconds = 1.0
# timeout_seconds = 30.0
# retries = 3
# cache_hours = 24.0

[dblp]
# api_url = "https://dblp.org"
# delay_seconds = 2.0
# timeout_seconds = 30.0
# retries = 3
# cache_hours = 24.0

[crossref]
# api_url = "https://api.crossref.org"
# mailto = ""                # your email: Crossref answers polite requests first
# delay_seconds = 1.0
# timeout_seconds = 30.0
# retries = 3
# cache_hours = 24.0

[orcid]
# api_url = "https://pub.orcid.org/v3.0"     # ORCID's public API; no key needed
# delay_seconds = 0.25
# timeout_seconds = 30.0
# retries = 3
# cache_hours = 24.0

[openalex]
# api_url = "https://api.openalex.org"
# api_key = ""               # required since February 2026, free at openalex.org/settings/api;
#                            # or set OPENALEX_API_KEY in the environment
# mailto = ""                # your email, sent with each request
# delay_seconds = 0.1
# timeout_seconds = 30.0
# retries = 3
# cache_hours = 24.0

[inspire]
# api_url = "https://inspirehep.net/api"     # INSPIRE's literature API; no key needed
# delay_seconds = 0.4        # INSPIRE allows 15 requests in 5 s
# timeout_seconds = 30.0
# retries = 3
# cache_hours = 24.0
"""

BIB: str = """\
% Your publications: publist reads this file, and never changes what you wrote.
% Add papers with `publist add <arXiv id or DOI>`, fill in what is missing with
% `publist sync`, and print the list with `publist render --format md|html|latex`.

@article{{{key},
  title   = {{An Example Paper: Replace It with One of Yours}},
  author  = {{{author} and Doe, Jane}},
  journal = {{Journal of Examples}},
  volume  = {{1}},
  pages   = {{1--10}},
  year    = {{{year}}},
}}
"""


def config_text(names: list[str], profiles: dict[str, str] | None = None) -> str:
    """The starter config.toml, the owner's names filled in, and the owner's ``profiles``
    (``{"dblp": "12/3456"}``) in place of their commented examples."""
    text = CONFIG.format(names=", ".join(json.dumps(n, ensure_ascii=False) for n in names))
    for key, value in (profiles or {}).items():
        line = f"{key} = {json.dumps(value)}"
        text = re.sub(rf"^# {key} = \S+(?= +#|$)", line.replace("\\", "\\\\"), text, count=1, flags=re.MULTILINE)
    return text


def bib_text(name: str, year: int) -> str:
    """The starter refs.bib: one example entry whose first author is the owner."""
    from publist.bib import keys
    from publist.bib.entries import bibtex
    from publist.text import names

    author = names.parse(name) if name.strip() else None
    surname = " ".join(p for p in (author.von, author.last) if p) if author else "Doe"
    written = bibtex(f"{surname}, {author.first}" if author and author.first else surname)
    key = keys.key(surname, year, "Example paper", set())
    return BIB.format(key=key, author=written, year=year)
