"""What sync's report calls things: an entry --upgrade could not rewrite is not told to run
--upgrade (issue 16, item 39), against the stand-ins of tests/test_venues.py."""

from __future__ import annotations

from pathlib import Path

from test_venues import ANODE, project, sync

__all__ = ["project"]  # the fixture, shared with test_venues


def test_suggestions_left_by_upgrade_do_not_tell_to_run_upgrade(project: Path) -> None:
    # an @article published at a conference: a suggestion, which --upgrade does not write
    (project / "refs.bib").write_text(ANODE.replace("@inproceedings{anode", "@article{anode"))
    status, _, err = sync("--upgrade", "--dry-run")
    assert status == 0
    assert "Suggested, not written (--upgrade could not apply these; the warnings say why)" in err
    assert "publist sync --upgrade writes" not in err
    assert ("entry 'anode': published in NeurIPS (Semantic Scholar, DBLP), a conference venue, but "
            "the entry is an @article; not written") in err
    status, _, err = sync("--dry-run")
    assert "Suggested, not written (publist sync --upgrade writes a preprint's published version)" in err
