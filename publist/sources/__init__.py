"""Where publist looks papers up: one module per source on one polite HTTP client.

arXiv (:mod:`.arxiv`, its Atom feed in :mod:`.atom`); answers are kept in :mod:`.cache`.
Parsing is pure and separate from the HTTP, so that each can be tested on its own.
"""
