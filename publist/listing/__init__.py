"""What a list holds: the entries chosen by the filters (:mod:`.selection`), and each preprint
shown as its published version (:mod:`.merging`)."""
