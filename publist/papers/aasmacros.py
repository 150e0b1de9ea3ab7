r"""The AAS journal macros that NASA ADS writes for journals: ``journal = {\apj}``.

ADS exports the journals astronomers cite most as the macros of AASTeX, which its class
expands to the AAS's abbreviations (``\apj`` is ApJ, ``\aap`` A&A, ``\mnras`` MNRAS). A CV
made without AASTeX shows them as the abbreviations AASTeX 6.31 defines (``aastex631.cls``;
``\bac`` only in ADS's older ``aas_macros.sty``), in every format.

>>> expand(r"\apj"), expand(r"{\aap}"), expand(r"\prd"), expand("Nature")
('ApJ', '{A\\&A}', 'PhRvD', None)
>>> unknown(r"\jgra"), unknown(r"\apj"), unknown(r"Journal of \foo")
('jgra', None, None)
"""

from __future__ import annotations

import re
from types import MappingProxyType
from typing import Final

JOURNALS: Final = MappingProxyType({
    "aj": "AJ", "psj": "PSJ", "araa": r"ARA\&A", "apj": "ApJ", "apjl": "ApJL", "apjs": "ApJS",
    "ao": "ApOpt", "apss": r"Ap\&SS", "aap": r"A\&A", "aapr": r"A\&A~Rv", "aaps": r"A\&AS",
    "azh": "AZh", "baas": "BAAS", "icarus": "Icarus", "jaavso": "JAAVSO", "jrasc": "JRASC",
    "memras": "MmRAS", "mnras": "MNRAS", "pra": "PhRvA", "prb": "PhRvB", "prc": "PhRvC",
    "prd": "PhRvD", "pre": "PhRvE", "prl": "PhRvL", "pasp": "PASP", "pasj": "PASJ",
    "qjras": "QJRAS", "skytel": r"S\&T", "solphys": "SoPh", "sovast": "Soviet~Ast.",
    "ssr": "SSRv", "zap": "ZA", "nat": "Nature", "iaucirc": "IAUC", "aplett": "Astrophys.~Lett.",
    "apspr": "Astrophys.~Space~Phys.~Res.", "bain": "BAN", "fcp": "FCPh", "gca": "GeoCoA",
    "grl": "Geophys.~Res.~Lett.", "jcp": "JChPh", "jgr": "J.~Geophys.~Res.", "jqsrt": "JQSRT",
    "memsai": "MmSAI", "nphysa": "NuPhA", "physrep": "PhR", "physscr": "PhyS",
    "planss": "Planet.~Space~Sci.", "procspie": "Proc.~SPIE", "actaa": "AcA", "caa": r"ChA\&A",
    "cjaa": r"ChJA\&A", "jcap": "JCAP", "na": "NewA", "nar": "NewAR", "pasa": "PASA",
    "rmxaa": "RMxAA", "maps": r"M\&PS", "aas": "AAS Meeting Abstracts",
    "dps": "AAS/DPS Meeting Abstracts", "bac": "Bull. astr. Inst. Czechosl.",
    # AASTeX's aliases (\let)
    "astap": r"A\&A", "apjlett": "ApJL", "apjsupp": "ApJS", "applopt": "ApOpt",
})
"""Each macro's name and the abbreviation AASTeX prints for it, as LaTeX."""

_MACRO: Final = re.compile(r"\\([A-Za-z]+)(?![A-Za-z])\s*(?:\{\})?")
_ALONE: Final = re.compile(r"^\s*\{?\s*\\([A-Za-z]+)\s*\}?\s*$")


def expand(value: str) -> str | None:
    """A venue with its AAS macros written as their abbreviations, or ``None`` when it uses none."""
    if "\\" not in value:
        return None
    found = False

    def one(m: re.Match[str]) -> str:
        nonlocal found
        short = JOURNALS.get(m.group(1))
        if short is None:
            return m.group(0)
        found = True
        return short

    out = _MACRO.sub(one, value)
    return out if found else None


def unknown(value: str) -> str | None:
    r"""The name of the macro a venue consists of, when it is one publist does not know
    (``\jgra``: ADS writes more journals as macros than AASTeX defines)."""
    m = _ALONE.match(value)
    return m.group(1) if m and m.group(1) not in JOURNALS else None
