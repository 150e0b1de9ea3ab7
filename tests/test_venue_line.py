"""The venue line: built-in venues in DBLP's and Google Scholar's spellings, al-folio's
``abbr``, NASA ADS's journal macros, and where the year stands."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from publist import cli
from publist.api import loads, render
from publist.config import Config, RenderOptions
from publist.papers import venues
from publist.text.latex import to_text

from conftest import DATA

SPELLINGS = [line.rstrip("\n").split("\t") for line in
             (DATA / "venue-names" / "spellings.tsv").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]


@pytest.mark.parametrize(("short", "exporter", "name", "source"), SPELLINGS,
                         ids=[f"{s}-{e}-{n}" for n, (s, e, _, _) in enumerate(SPELLINGS)])
def test_every_builtin_venue_in_the_spellings_dblp_and_scholar_export(
        short: str, exporter: str, name: str, source: str) -> None:
    assert venues.short_name(to_text(name)) == (None if short == "-" else short), source


def test_the_spellings_cover_every_builtin_venue_with_a_real_export() -> None:
    table = set(venues.acronyms().values())
    assert table <= {s for s, e, _, _ in SPELLINGS if e in ("scholar", "dblp", "dblp-short")}
    assert table - {"IEEE BigData"} <= {s for s, e, _, _ in SPELLINGS if e.startswith("dblp")}


def md(bib: str, **options: object) -> str:
    pubs, _ = loads(bib)
    text, _ = render(pubs, Config(render=RenderOptions(sort="file", **options)), "md")  # type: ignore[arg-type]
    return text


def venue_lines(text: str) -> list[str]:
    """The last line of each entry (its venue line, in these examples)."""
    return [item.split("  \n")[-1].strip() for item in text.split("\n- ")]


def test_eccv_in_dblp_and_scholar_form_is_proc_eccv() -> None:
    # the two forms of issue 16 item 25, as DBLP and Google Scholar export them
    bib = ("@inproceedings{a, title={A}, booktitle={Computer Vision - {ECCV} 2020 - 16th European Conference, "
           "Glasgow, UK, August 23-28, 2020, Proceedings, Part {II}}, year={2020}}\n"
           "@inproceedings{b, title={B}, booktitle={Computer Vision--ECCV 2020: 16th European Conference, Glasgow, "
           "UK, August 23--28, 2020, Proceedings, Part VI 16}, year={2020}, organization={Springer}}\n"
           "@inproceedings{c, title={C}, booktitle={Computer Vision - {ECCV} 2020 Workshops - Glasgow, UK}, year={2020}}\n")
    assert venue_lines(md(bib)) == [
        "Proc. ECCV 2020", "Proc. ECCV 2020",
        "Proc. Computer Vision - ECCV 2020 Workshops - Glasgow, UK"]  # a workshop stays one


@pytest.mark.parametrize(("fields", "line"), [
    # issue 16 item 24: an article number holds the year's digits
    ("journal={Physical Review D}, volume={100}, number={3}, pages={032019}, year={2019}",
     "Physical Review D 100 (3), 032019, 2019"),
    # issue 17 item 3: so does another field
    ("journal={Journal of X}, volume={32}, number={March2019}, year={2019}", "Journal of X 32 (March2019), 2019"),
    ("journal={Journal of X}, volume={32}, pages={2019--2030}, year={2019}", "Journal of X 32, 2019–2030, 2019"),
    # a volume that is the year (JSTAT) and a name with the year show it already
    ("journal={J. Stat. Mech.}, volume={2019}, number={12}, pages={124010}, year={2019}",
     "J. Stat. Mech. 2019 (12), 124010"),
    ("journal={Proc. SPIE 2019}, volume={10949}, year={2019}", "Proc. SPIE 2019 10949"),
])
def test_the_year_follows_unless_the_line_shows_it_as_a_whole_number(fields: str, line: str) -> None:
    assert venue_lines(md(f"@article{{k, title={{T}}, {fields}}}")) == [line]


def test_a_report_number_with_the_year_in_it_keeps_the_year() -> None:
    bib = "@techreport{k, title={T}, institution={UC Berkeley}, number={UCB/EECS-2019-1}, year={2019}}"
    assert venue_lines(md(bib)) == ["Technical report UCB/EECS-2019-1, UC Berkeley, 2019"]


BOOKS = r"""
@book{book, title={A Book}, author={Yao, Zhewei}, publisher={Springer}, year={2015}}
@incollection{chapter, title={A Chapter}, author={Yao, Zhewei}, booktitle={Handbook of Things}, publisher={Wiley}, year={2016}}
@phdthesis{thesis, title={A Thesis}, author={Yao, Zhewei}, school={UC Berkeley}, year={2021}}
@techreport{report, title={A Report}, author={Yao, Zhewei}, institution={UC Berkeley}, number={TR-7}, year={2019}}
@inproceedings{conf, title={A Paper}, author={Yao, Zhewei}, booktitle={NeurIPS}, year={2019}}
"""


def test_the_year_stands_once_where_the_year_option_says_for_books_chapters_theses_reports() -> None:
    # issue 16 item 26
    assert venue_lines(md(BOOKS)) == ["Springer, 2015", "In Handbook of Things, Wiley, 2016",
                                      "PhD thesis, UC Berkeley, 2021", "Technical report TR-7, UC Berkeley, 2019",
                                      "Proc. NeurIPS 2019"]
    authors = md(BOOKS, year="authors")
    assert [n.count("2015") + n.count("2016") + n.count("2021") for n in authors.split("\n- ")[:3]] == [1, 1, 1]
    assert venue_lines(authors)[:4] == ["Springer", "In Handbook of Things, Wiley", "PhD thesis, UC Berkeley",
                                        "Technical report TR-7, UC Berkeley"]
    assert "Z. Yao (2019)  \n  Technical report TR-7, UC Berkeley" in authors
    none = md(BOOKS, year="none")
    assert venue_lines(none) == ["Springer", "In Handbook of Things, Wiley", "PhD thesis, UC Berkeley",
                                 "Technical report TR-7, UC Berkeley", "Proc. NeurIPS 2019"]
    assert not re.search(r"2015|2016|2021", none)


def _cosmo() -> str:
    return (DATA / "ads" / "cosmo-sample.bib").read_text(encoding="utf-8")


def test_nasa_ads_journal_macros_are_the_abbreviations_aastex_defines_in_every_format() -> None:
    # issue 17 item 1, on entries of a real ADS-exported bibliography (tests/data/ads/SOURCES.md)
    pubs, _ = loads(_cosmo())
    journals = {p.fields["journal"]: p for p in pubs}
    assert len(journals) == 16
    text, problems = render(pubs, Config(render=RenderOptions(sort="file")), "md")
    assert problems == []
    lines = venue_lines(text)
    for shown in ("PhRvD 79 (8), 083012, 2009", "JCAP 12, 011, 2012", "MNRAS 463, 2273–2286, 2016",
                  "ApJ 794, 94, 2014", "ApJL 677, L77–L80, 2008", "ApJS 180, 330–376, 2009",
                  "A&A 479, 9–25, 2008", "AJ 116, 3040–3081, 1998", "Nature 311, 517–525, 1984",
                  "ARA&A 41, 645–668, 2003", "Ap&SS 7, 3–+, 1970", "A&AS 47, 1–+, 1982", "PASP 115, 869–878, 2003",
                  "PhR 530, 87–255, 2013", "AZh 62, 1041–1052, 1985", "PhRvC 66 (3), 035802–+, 2002"):
        assert shown in lines
    html, problems = render(pubs, Config(), "html")
    assert problems == [] and '<div class="publist-venue">A&amp;A 479, 9–25, 2008</div>' in html
    latex, problems = render(pubs, Config(), "latex")
    assert [p for p in problems if "journal" in p.message] == []  # (a title uses ADS's \mdash)
    assert "    A\\&A 479, 9–25, 2008\n" in latex and "    ARA\\&A 41, 645–668, 2003\n" in latex
    data, problems = render(pubs, Config(), "json")
    assert problems == [] and '"venue": "ApJ 794, 94, 2014"' in data


def test_an_unknown_macro_as_a_venue_keeps_its_name_and_is_reported(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    bib = tmp_path / "refs.bib"
    bib.write_text("@ARTICLE{2020JGRA..125.1234X,\n   author = {{Xu}, J.},\n    title = \"{A storm}\",\n"
                   "  journal = {\\jgra},\n     year = 2020,\n   volume = 125,\n    pages = {1234}\n}\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert cli.run(["render", "--bib", str(bib)], out, err) == 0
    assert venue_lines(out.getvalue()) == ["jgra 125, 1234, 2020"]
    assert err.getvalue() == (f"{bib}:4: entry '2020JGRA..125.1234X', field 'journal': '\\jgra' is not a journal "
                              "macro publist knows (AASTeX's: \\apj, \\mnras, ...); shown as 'jgra'\n")
    out, err = io.StringIO(), io.StringIO()
    assert cli.run(["render", "--bib", str(bib), "--strict"], out, err) == 1


ABBR = r"""
@inproceedings{topic, title={Topic badge}, author={Yao, Zhewei},
  booktitle={2019 International Joint Conference on Neural Networks (IJCNN)}, abbr={Robustness}, year={2019}}
@inproceedings{workshop, title={Workshop paper}, author={Yao, Zhewei},
  booktitle={ICML 2021 Workshop on Adversarial Machine Learning}, abbr={ICML}, year={2021}}
@inproceedings{findings, title={Findings paper}, author={Yao, Zhewei},
  booktitle={Findings of EMNLP}, abbr={EMNLP 2024}, year={2024}}
@inproceedings{short-year, title={Two-digit year}, author={Yao, Zhewei},
  booktitle={Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition}, abbr={CVPR 24}, year={2024}}
@inproceedings{award, title={An oral}, author={Yao, Zhewei},
  booktitle={Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition (Oral)}, abbr={CVPR}, year={2022}}
@inproceedings{own, title={Own acronym}, author={Yao, Zhewei},
  booktitle={Proceedings of 19th ACM/IEEE International Conference on Information Processing in Sensor Networks (IPSN)},
  abbr={IPSN 2020}, year={2020}}
@inproceedings{series, title={ACM series}, author={Yao, Zhewei},
  booktitle={Proceedings of the 29th ACM International Conference on Information \& Knowledge Management},
  series={CIKM '20}, abbr={CIKM 2020}, year={2020}}
@inproceedings{alone, title={No booktitle}, author={Yao, Zhewei}, abbr={NeurIPS}, year={2018}}
@inproceedings{badge, title={An arXiv badge}, author={Yao, Zhewei}, abbr={arXiv 2020}, year={2020}}
"""


def test_al_folio_abbr_is_the_venue_only_when_it_names_the_entry_s_own_venue() -> None:
    # issue 17 item 2: the shapes of the issue, in al-folio's layout
    assert venue_lines(md(ABBR)) == [
        "Proc. 2019 International Joint Conference on Neural Networks (IJCNN)",  # a topic badge is not a venue
        "Proc. ICML 2021 Workshop on Adversarial Machine Learning",  # nor the main conference of a workshop
        "Proc. Findings of EMNLP 2024",  # nor of Findings
        "Proc. CVPR 24",  # no second year
        "Proc. CVPR 2022 (Oral)",  # the presentation kept
        "Proc. IPSN 2020",
        "Proc. CIKM 2020",
        "Proc. NeurIPS 2018",
        "2020",  # a preprint server's badge names no venue
    ]


def test_al_folio_site_abbr_on_real_entries() -> None:
    # entries of 594zyc/594zyc.github.io's _bibliography/papers.bib (an al-folio site), fields trimmed
    bib = r"""
@inproceedings{zhang2020task, title={Task-oriented dialog systems that consider multiple appropriate responses under the same context},
  author={Zhang, Yichi and Ou, Zhijian and Yu, Zhou}, booktitle={Proceedings of the AAAI Conference on Artificial Intelligence},
  volume={34}, number={05}, pages={9604--9611}, year={2020}, month={Jan}, abbr={AAAI}}
@inproceedings{zhang2021hierarchical, title={Hierarchical Task Learning from Language Instructions with Unified Transformers and Self-Monitoring},
  author={Zhang, Yichi and Chai, Joyce}, booktitle={Findings of the Association for Computational Linguistics: ACL-IJCNLP 2021},
  pages={4202--4213}, year={2021}, month={Aug}, abbr={ACL Findings}}
@inproceedings{wu-etal-2021-alternating, title = "Alternating Recurrent Dialog Model with Large-scale Pre-trained Language Models",
    author = "Wu, Qingyang  and Zhang, Yichi  and Li, Yu  and Yu, Zhou",
    booktitle = "Proceedings of the 16th Conference of the European Chapter of the Association for Computational Linguistics: Main Volume",
    month = apr, year = "2021", abbr={EACL}}
@inproceedings{storks-etal-2021-tiered-reasoning, title = "Tiered Reasoning for Intuitive Physics",
    author = "Storks, Shane  and Gao, Qiaozi  and Zhang, Yichi  and Chai, Joyce",
    booktitle = "Findings of the Association for Computational Linguistics: EMNLP 2021", month = nov, year = "2021",
    abbr={EMNLP Findings}}
"""
    assert venue_lines(md(bib)) == ["Proc. AAAI 2020", "Proc. ACL Findings 2021", "Proc. EACL 2021",
                                    "Proc. EMNLP Findings 2021"]


def test_the_year_is_shown_as_the_field_writes_it() -> None:
    bib = ("@book{a, title={A}, publisher={Wiley}, year={1994 (to appear)}}\n"
           "@book{b, title={B}, publisher={Addison-Wesley}, year={{\\noopsort{1973c}}1981}}\n"
           "@article{c, title={C}, journal={J}, year={2020 (in press)}}\n"
           "@article{d, title={D}, journal={J}, date={2019-12-16}}\n")
    assert venue_lines(md(bib)) == ["Wiley, 1994 (to appear)", "Addison-Wesley, 1981", "J, 2020 (in press)", "J, 2019"]


def _line(entry: str, **options: object) -> str:
    pubs, _ = loads(entry)
    md, _ = render(pubs, Config(render=RenderOptions(**options)), "md")  # type: ignore[arg-type]
    return md.splitlines()[-1].strip()


def _paper(booktitle: str, year: str) -> str:
    return "@inproceedings{k, title = {T}, booktitle = {" + booktitle + "}, year = {" + year + "}}"


# DBLP's LNCS and proceedings titles name their conference as <ACRONYM> <YEAR> (wild corpus:
# academicpages-galkin.bib, dblp-crossref-limaye.bib, scholar-alr.bib)
@pytest.mark.parametrize(("booktitle", "shown"), [
    (("The Semantic Web - {ISWC} 2018 - 17th International Semantic Web Conference,\n"
     "               Monterey, CA, USA, October 8-12, 2018, Proceedings, Part {II}"), "Proc. ISWC 2018"),
    (("Database and Expert Systems Applications - 28th International Conference, {DEXA} 2017, "
     "Lyon, France, August 28-31, 2017, Proceedings, Part {I}"), "Proc. DEXA 2017"),
    (("Semantic Technology - 6th Joint International Conference, {JIST} 2016, Singapore, "
     "November 2-4, 2016, Revised Selected Papers"), "Proc. JIST 2016"),
    (("{ICEIS} 2017 - Proceedings of the 19th International Conference on Enterprise "
     "Information Systems, Volume 1, Porto, Portugal, April 26-29, 2017"), "Proc. ICEIS 2017"),
    (("Proceedings of the 56th Annual {ACM} Symposium on Theory of Computing, {STOC} 2024, "
     "Vancouver, BC, Canada, June 24-28, 2024"), "Proc. STOC 2024"),
    (("{STACS} 2007, 24th Annual Symposium on Theoretical Aspects of Computer Science, Aachen, "
     "Germany, February 22-24, 2007, Proceedings"), "Proc. STACS 2007"),
    (("Machine Learning and Knowledge Discovery in Databases: European Conference, ECML PKDD "
     "2010, Barcelona, Spain, September 20-24, 2010, Proceedings, Part II 21"), "Proc. ECML PKDD 2010"),
    ("International Conference for Machine Learning (ICML)", "Proc. ICML 2017"),
])
def test_a_proceedings_title_names_its_conference_by_acronym_and_year(booktitle: str, shown: str) -> None:
    year = re.search(r"\d{4}", shown)
    assert _line(_paper(booktitle, year.group(0) if year else "2017")) == shown


@pytest.mark.parametrize("booktitle", [
    # a workshop or short-paper volume is not its conference: shown whole, and never "Proc. ... Proceedings"
    ("New Trends in Databases and Information Systems - {ADBIS} 2017 Short Papers and Workshops, "
    "AMSD, BigNovelTI, DAS, SW4CH, DC, Nicosia, Cyprus, September 24-27, 2017, Proceedings"),
    ("Proceedings of the {ISWC} 2018 Posters {\\&} Demonstrations, Industry and Blue Sky Ideas "
    "Tracks co-located with 17th International Semantic Web Conference"),
])
def test_a_side_volume_is_shown_whole_without_a_second_proc(booktitle: str) -> None:
    line = _line(_paper(booktitle, "2017"))
    assert line.startswith(to_text(booktitle))  # no "Proc." before it


@pytest.mark.parametrize(("booktitle", "shown"), [
    ("5ème Atelier DAHLIA (DigitAl Humanities) @EGC2025", "Proc. 5ème Atelier DAHLIA (DigitAl Humanities) @EGC2025"),
    ("ICML2019", "Proc. ICML 2019"),
    ("Workshop on X at NeurIPS2019", "Proc. Workshop on X at NeurIPS2019"),
])
def test_a_year_glued_to_an_acronym_is_the_year(booktitle: str, shown: str) -> None:
    year = re.search(r"(?:19|20)\d\d", booktitle).group(0)  # type: ignore[union-attr]
    assert _line(_paper(booktitle, year)) == shown


def test_march2019_is_a_word_not_a_year() -> None:
    assert _line("@article{k, title = {T}, journal = {J}, number = {March2019}, year = 2019}") == \
        "J (March2019), 2019"


# INSPIRE writes the series letter into the volume (cv-macleod.bib)
@pytest.mark.parametrize(("journal", "volume", "shown"), [
    ("Phys. Rev. D", "D91", "Phys. Rev. D 91 (2), 022003"),
    ("Phys. Lett. B", "B 716", "Phys. Lett. B 716 (2), 022003"),
    ("Eur. Phys. J. C", "C78", "Eur. Phys. J. C 78 (2), 022003"),
    ("Phys. Rev.", "D91", "Phys. Rev. D91 (2), 022003"),  # the letter is only in the volume
    ("Phys. Rev. D", "91", "Phys. Rev. D 91 (2), 022003"),
    ("Nature Physics", "D91", "Nature Physics D91 (2), 022003"),
])
def test_a_volume_that_repeats_the_series_letter_shows_it_once(journal: str, volume: str, shown: str) -> None:
    assert _line("@article{k, title = {T}, journal = {" + journal + "}, volume = {" + volume
                 + "}, number = {2}, pages = {022003}}") == shown


@pytest.mark.parametrize("booktitle", ["arxiv", "arXiv preprint", "CoRR"])
def test_a_preprint_server_as_booktitle_is_a_preprint_not_proc(booktitle: str) -> None:
    # academicpages-galkin.bib: @inproceedings{..., booktitle={arxiv}, year={2023}}
    assert _line(_paper(booktitle, "2023")) == "2023"
    assert _line(_paper(booktitle, "2023"), preprint="{server} preprint") == "arXiv preprint, 2023"


# --- conferences in journal, IEEE Xplore's inverted titles, two-digit years -----------------

def test_an_al_folio_site_s_conferences_in_journal_keep_their_year_in_every_mode() -> None:
    # the first entries of tests/data/wild/alfolio-shang.bib, whose every conference is in journal
    pubs, _ = loads((DATA / "wild" / "alfolio-shang.bib").read_text(encoding="utf-8"))
    for year in ("venue", "authors", "none"):
        text, _ = render(pubs[:6], Config(render=RenderOptions(sort="file", year=year)), "md")
        assert venue_lines(text) == [
            "IEEE Transactions on Pattern Analysis and Machine Intelligence" + (", 2025" if year == "venue" else ""),
            "Proc. NeurIPS 2025", "Proc. NeurIPS 2025", "Proc. ICCV 2025", "Proc. ICCV 2025", "Proc. ICCV 2025"]


@pytest.mark.parametrize(("journal", "shown"), [
    ("Neural Information Processing Systems (NeurIPS)", "Proc. NeurIPS 2019"),                    # al-folio
    ("Advances in Neural Information Processing Systems}, volume={32", "Proc. NeurIPS 2019"),      # Google Scholar
    ("Proceedings of the 48th Annual Meeting of the Association for Computational Linguistics (ACL)",
     "Proc. ACL 2019"),
    ("IEEE International Conference on Acoustics, Speech and Signal Processing (ICASSP)", "Proc. ICASSP 2019"),
    ("Power System Computation Conference 2026 (accepted)", "Proc. Power System Computation Conference 2026 (accepted)"),
    # journals, whatever words they hold
    ("Journal of Physics: Conference Series}, volume={1234", "Journal of Physics: Conference Series 1234"),
    ("AIP Conference Proceedings}, volume={1234", "AIP Conference Proceedings 1234"),
    ("Proceedings of the National Academy of Sciences}, volume={116", "Proceedings of the National Academy of Sciences 116"),
    ("IEEE Robotics and Automation Letters}, volume={4", "IEEE Robotics and Automation Letters 4"),
    ("Proceedings of the VLDB Endowment}, volume={12", "Proceedings of the VLDB Endowment 12"),
])
def test_a_conference_in_journal_is_a_proceedings_line(journal: str, shown: str) -> None:
    year = shown.split()[-1] if shown.startswith("Proc. Power") else "2019"
    entry = "@article{k, title = {T}, journal = {" + journal + "}, year = {" + year + "}}"
    assert _line(entry, year="none") == shown


# IEEE Xplore's inverted titles (tests/data/wild/scholar-alr.bib) and its older form
@pytest.mark.parametrize(("booktitle", "shown"), [
    ("Humanoid Robots (Humanoids), 2015 IEEE-RAS 15th International Conference on", "Proc. Humanoids 2015"),
    ("Neural Networks (IJCNN), The 2013 International Joint Conference on", "Proc. IJCNN 2013"),
    ("Intelligent Robots and Systems (IROS 2014), 2014 IEEE/RSJ International Conference on", "Proc. IROS 2014"),
    ("Autonomous Robot Systems and Competitions (ICARSC), 2016 International Conference on", "Proc. ICARSC 2016"),
    ("Acoustics, Speech and Signal Processing (ICASSP), 2014 IEEE International Conference on", "Proc. ICASSP 2014"),
    ("Computer Vision and Pattern Recognition Workshops (CVPRW), 2012 IEEE Computer Society Conference on",
     "Proc. CVPRW 2012"),  # the workshop's own acronym
    ("Machine Learning, 2019 International Conference on", "Proc. ICML 2019"),
    ("Humanoid Robots, 2007 7th IEEE-RAS International Conference on",
     "Proc. 2007 7th IEEE-RAS International Conference on Humanoid Robots"),  # no acronym: in reading order
    ("Software Engineering, 2009. ICSE 2009. IEEE 31st International Conference on", "Proc. ICSE 2009"),
])
def test_ieee_xplore_s_inverted_titles_are_proc_acronym_year(booktitle: str, shown: str) -> None:
    year = re.search(r"(?:19|20)\d\d", booktitle).group(0)  # type: ignore[union-attr]
    assert _line(_paper(booktitle, year)) == shown
    assert _line(_paper(booktitle, year), year="none") == shown


# ACM's "<ACRONYM> '<yy>" as DBLP, ACM and CVs write it (dblp-crossref-limaye.bib, alfolio-vaidhyanathan.bib,
# cv-tan.bib, lab-cgal.bib, lab-strudel.bib, scholar-alr.bib)
@pytest.mark.parametrize(("booktitle", "year", "shown"), [
    ("{STOC} '22: 54th Annual {ACM} {SIGACT} Symposium on Theory of Computing,\n Rome, Italy, June 20 - 24, 2022",
     "2022", "Proc. STOC 2022"),
    ("{SAC} '22: The 37th {ACM/SIGAPP} Symposium on Applied Computing, Virtual Event, April 25 - 29, 2022",
     "2022", "Proc. SAC 2022"),
    ("16th USENIX Symposium on Operating Systems Design and Implementation (OSDI'22)", "2022", "Proc. OSDI 2022"),
    ("{ESEC/FSE} '20: 28th {ACM} Joint European Software Engineering Conference", "2020", "Proc. ESEC/FSE 2020"),
    ("Eye Tracking Research and Applications, {ETRA} '14, Safety Harbor, FL, USA", "2014", "Proc. ETRA 2014"),
    ("TEI '16: Proceedings of the Tenth International Conference on Tangible, Embedded, and Embodied Interaction",
     "2016", "Proc. TEI 2016"),
    ("LNCS Vol. 1982 (Proc. WAE '00)", "2000", "Proc. WAE 2000"),
    ("QCD\u201998. Proceedings, 3rd Euroconference", "1998", "Proc. QCD 1998"),
    ("SIGMOD '99", "1999", "Proc. SIGMOD 1999"),
    ("SIGMOD '99", "", "Proc. SIGMOD 1999"),  # no year field: the century from the two digits alone
])
def test_a_two_digit_year_in_a_proceedings_title_is_the_year(booktitle: str, year: str, shown: str) -> None:
    entry = "@inproceedings{k, title = {T}, booktitle = {" + booktitle + "}" + (f", year = {{{year}}}" if year else "") + "}"
    assert _line(entry) == shown


@pytest.mark.parametrize(("journal", "kind"), [
    ("Neural Information Processing Systems (NeurIPS)", "conference"),  # al-folio: a conference, shown "Proc. NeurIPS"
    ("Advances in Neural Information Processing Systems", "conference"),  # Google Scholar
    ("IEEE International Conference on Acoustics, Speech and Signal Processing (ICASSP)", "conference"),
    ("Journal of Physics: Conference Series", "conference"),              # conference papers, a journal's line
    ("Proceedings of Machine Learning Research", "conference"),
    ("Proceedings of the National Academy of Sciences", "journal"),
    ("IEEE Robotics and Automation Letters", "journal"),
])
def test_a_conference_in_journal_is_grouped_with_the_conference_papers(journal: str, kind: str) -> None:
    from publist.papers.kinds import kind_of

    assert kind_of("article", {"journal": journal}, has_id=False) == kind
