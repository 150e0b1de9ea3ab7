"""Merging preprints with their published versions: only preprints, said in render's messages,
the published entry taking on the preprint's flags, keywords and links; and what a preprint is."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from publist import cli
from publist.api import loads, render
from publist.config import Config, RenderOptions
from publist.listing import merging
from publist.model import Notice
from publist.papers import kinds

from conftest import DATA

# The shapes of issue 17 item 20: a talk, a B.S. thesis and a web cartoon that share a title
# and an author with a later paper, beside a preprint of it in Google Scholar's form.
SAME_TITLE = r"""
@article{paper2021, title={Learning to Draw}, author={Yao, Zhewei and Li, Jinglai},
  journal={Journal of Drawing}, volume={3}, pages={1--20}, year={2021}}
@misc{talk2019, title={Learning to Draw}, author={Yao, Zhewei}, type={Lecture},
  howpublished={Invited talk, Berkeley AI Seminar}, year={2019}}
@unpublished{thesis2018, title={Learning to Draw}, author={Yao, Zhewei},
  howpublished={B.S. Thesis, Shanghai Jiao Tong University}, year={2018}}
@misc{cartoon2017, title={Learning to draw}, author={Yao, Zhewei},
  howpublished={\url{https://example.org/cartoons/learning-to-draw}}, year={2017}}
@article{preprint2020, title={Learning to Draw}, author={Yao, Zhewei and Li, Jinglai},
  journal={arXiv preprint arXiv:2001.00001}, year={2020}}
"""


def keys(bib: str, **options: object) -> list[str]:
    pubs, _ = loads(bib)
    data, _ = render(pubs, Config(owner=("Zhewei Yao",), render=RenderOptions(sort="file", **options)), "json")  # type: ignore[arg-type]
    return [item["id"] for item in json.loads(data)]


def test_only_preprints_merge_into_their_published_version() -> None:
    assert keys(SAME_TITLE) == ["paper2021", "talk2019", "thesis2018", "cartoon2017"]
    assert keys(SAME_TITLE, merge_preprints=False) == [
        "paper2021", "talk2019", "thesis2018", "cartoon2017", "preprint2020"]


def test_render_says_which_entries_were_merged_into_which(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "refs.bib").write_text(SAME_TITLE, encoding="utf-8")
    for strict in ([], ["--strict"]):  # a merge is not a problem
        out, err = io.StringIO(), io.StringIO()
        assert cli.run(["render", *strict], out, err) == 0
        assert err.getvalue() == ("refs.bib:10: entry 'preprint2020' (a preprint) is shown as its published "
                                  "version 'paper2021' (line 2)\n")
        assert out.getvalue().count("- **Learning to") == 4


def test_the_notice_is_a_notice() -> None:
    pubs, _ = loads(SAME_TITLE)
    _, merges = merging.merge(pubs)
    assert [type(m.notice()) for m in merges] == [Notice]


CARRY = r"""
@inproceedings{published, title={Hessian-based Analysis}, author={Yao, Zhewei}, booktitle={NeurIPS},
  year={2018}, url={https://proceedings.neurips.cc/paper/7517}, keywords={hessian}}
@misc{preprint, title={Hessian-based analysis}, author={Yao, Zhewei}, eprint={1802.08241},
  archiveprefix={arXiv}, year={2018}, selected={true}, keywords={robustness; large batch},
  code={https://github.com/example/hessian}, slides={https://example.org/slides.pdf}}
@article{other, title={Something Else}, author={Yao, Zhewei}, journal={Inverse Problems}, year={2016}}
"""


def test_the_published_entry_carries_the_preprint_s_flag_keywords_and_links() -> None:
    # issue 16 item 22
    pubs, _ = loads(CARRY)
    config = Config(owner=("Zhewei Yao",), render=RenderOptions(sort="file"))
    [shown] = [item for item in json.loads(render(pubs, config, "json")[0]) if item["id"] == "published"]
    assert shown["publist"]["selected"] is True
    assert [x["kind"] for x in shown["publist"]["links"]] == ["arxiv", "code", "url", "slides"]
    assert keys(CARRY, selected=True) == ["published"]
    assert keys(CARRY, keyword=("robustness",)) == ["published"]
    assert keys(CARRY, keyword=("hessian",)) == ["published"]
    assert keys(CARRY, keyword=("large batch",), merge_preprints=False) == ["preprint"]


def test_a_published_entry_keeps_its_own_links_of_each_kind() -> None:
    pubs, _ = loads(
        "@article{pub, title={T}, author={Yao, Zhewei}, journal={J}, eprint={1802.08241}, archiveprefix={arXiv},"
        " code={https://github.com/a/published}}\n"
        "@misc{pre, title={T}, author={Yao, Zhewei}, eprint={1802.08241}, archiveprefix={arXiv},"
        " code={https://github.com/a/preprint}, video={https://example.org/v}}\n")
    [shown], _ = merging.merge(pubs)
    assert [(x.kind, x.url) for x in shown.links] == [
        ("arxiv", "https://arxiv.org/abs/1802.08241"), ("code", "https://github.com/a/published"),
        ("video", "https://example.org/v")]


def test_an_arxiv_id_and_no_venue_is_a_preprint_in_inspire_s_form() -> None:
    # issue 16 item 23: INSPIRE writes a preprint as @article with eprint and no journal
    bib = (DATA / "exports" / "inspire.bib").read_text(encoding="utf-8")
    pubs, _ = loads(bib)
    assert {p.key: kinds.kind(p) for p in pubs} == {
        "Yao:2019pyh": "preprint", "Zhang:2019ano": "preprint", "Gould:2006hot": "journal"}
    assert keys(bib, type=("preprint",)) == ["Yao:2019pyh", "Zhang:2019ano"]
    assert keys(bib, type=("journal",)) == ["Gould:2006hot"]
    pubs, _ = loads(bib)
    md, _ = render(pubs, Config(render=RenderOptions(sort="file", group_by="type")), "md")
    assert md.index("## Journal articles") < md.index("Frequency of hot Jupiters")
    assert md.index("## Preprints") < md.index("PyHessian") and "## Other" not in md


@pytest.mark.parametrize(("entry", "kind"), [
    ("@misc{k, title={T}, eprint={1912.07145}, archiveprefix={arXiv}}", "preprint"),
    ("@article{k, title={T}, abbr={arXiv}, arxiv={1912.07145}}", "preprint"),  # al-folio
    ("@article{k, title={T}, abbr={arXiv 2024}, journal={arXiv Dec.}, arxiv={2412.14170}}", "preprint"),
    (("@unpublished{k, title={T}, url={https://arxiv.org/abs/1912.07145},"
      " howpublished={\\url{https://arxiv.org/abs/1912.07145}}}"), "preprint"),
    ("@misc{k, title={T}, journal={bioRxiv}, doi={10.1101/2020.03.01.123456}}", "preprint"),
    ("@misc{k, title={T}, type={Lecture}, howpublished={Invited talk}}", "other"),
    ("@unpublished{k, title={T}, howpublished={B.S. Thesis}, eprint={1912.07145}}", "other"),
    ("@phdthesis{k, title={T}, school={MIT}, eprint={1912.07145}}", "thesis"),
    ("@inproceedings{k, title={T}, abbr={ICML}, arxiv={1912.07145}}", "conference"),
    ("@inproceedings{k, title={T}, abbr={arXiv}, arxiv={1912.07145}}", "preprint"),
])
def test_what_a_preprint_is(entry: str, kind: str) -> None:
    [pub], _ = loads(entry)
    assert kinds.kind(pub) == kind
    assert kinds.kind_of(pub.type, pub.fields) == kind  # read from the fields alone, as JSON's kind
