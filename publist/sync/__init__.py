"""What ``publist sync`` decides, pure: which entries to ask about (:mod:`.steps`) and what to
add to each (:mod:`.enrich`). How the file is edited is :mod:`publist.bib.splice`."""
