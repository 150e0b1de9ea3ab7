"""What publist knows of a paper: its entry read into a publication (:mod:`.publication`), its
ids (:mod:`.arxivid`) and links (:mod:`.links`), which entries are one paper
(:mod:`.identity`, :mod:`.matching`), what kind it is (:mod:`.kinds`, :mod:`.preprints`),
where it appeared (:mod:`.venues`, :mod:`.aasmacros`), which notes belong on a CV
(:mod:`.notes`), and its citation counts (:mod:`.citations`)."""
