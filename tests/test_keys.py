"""Readable citation keys (publist.bib.keys): any script's surname, the word that names the paper."""

from __future__ import annotations

import pytest

from publist.bib.keys import key


@pytest.mark.parametrize(("surname", "expected"), [
    ("Колмогоров", "kolmogorov"),          # Russian
    ("Шевченко", "shevchenko"),            # Ukrainian
    ("Παπαδόπουλος", "papadopoulos"),      # Greek, ου as ELOT 743 writes it
    ("王", "wang"),                         # Chinese
    ("김", "gim"),                          # Korean
    ("Đặng", "dang"),                      # Vietnamese
    (r"{\CYRK}{\cyro}{\cyrl}{\cyrm}{\cyro}{\cyrg}{\cyro}{\cyrr}{\cyro}{\cyrv}", "kolmogorov"),  # LaTeX's T2A
    (r"Sch{\"o}lkopf", "schoelkopf"),      # umlauts spelled out, as before
    ("Łukasiewicz", "lukasiewicz"),
])
def test_a_surname_in_any_script_gives_an_ascii_key(surname: str, expected: str) -> None:
    assert key(surname, 2020, "Learning", set()) == f"{expected}2020learning"


@pytest.mark.parametrize(("title", "word"), [
    ("I Have a Dream", "dream"),                                  # one letter, pronoun, auxiliary
    ("A Tutorial on Support Vector Machines", "tutorial"),        # an article, as Google Scholar skips
    ("What's Missing: A Knowledge Gap Guided Approach", "missing"),  # Scholar: khot2019s
    ("Who's Who in Gnome", "gnome"),                              # Scholar: kouters2013s
    ("X-IL: Exploring the Design Space of Imitation Learning", "xil"),  # Scholar: jia2025x
    ("k-Means++: The Advantages of Careful Seeding", "kmeans"),
    ("Self-Supervised Learning of Pretext-Invariant Representations", "self"),  # Scholar: misra2020self
    ("On the Difficulty of Training Recurrent Neural Networks", "difficulty"),
    ("Do ImageNet Classifiers Generalize to ImageNet?", "imagenet"),
    ("Об одной задаче Коши", "odnoy"),                            # a Russian preposition is skipped too
    ("2048: a Game", "game"),
    ("I", ""),                                                    # nothing names it: no word at all
])
def test_the_key_takes_the_first_word_that_names_the_paper(title: str, word: str) -> None:
    assert key("King", 1963, title, set()) == f"king1963{word}"
