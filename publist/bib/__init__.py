"""Reading and writing .bib files: the scanner (:mod:`.reader`), field names and their biblatex
aliases (:mod:`.fields`), and adding fields in an entry's own style (:mod:`.splice`)."""
