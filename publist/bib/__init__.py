"""Reading and writing .bib files: the scanner (:mod:`.reader`), field names and their biblatex
aliases (:mod:`.fields`), adding fields in an entry's own style (:mod:`.splice`), readable keys
(:mod:`.keys`), and new entries from arXiv's, Crossref's and the profiles' records
(:mod:`.entries`)."""
