"""Compile Typst in-process with the ``typst`` package (the compiler itself, from PyPI) and read
the PDF back with pypdf: its text, and the targets of its links.

Several lists go into one document, each in a file of its own that the document
``#include``s, so that one compilation checks them all and an error still names the file
(and line) it is in.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import NamedTuple

import pypdf
import typst

# A page as wide as its longest line: nothing wraps, so each line of the list is one line of text.
PAGE = "#set page(width: auto, height: auto, margin: 1cm)\n"


class Compiled(NamedTuple):
    """A compiled document: its PDF, the compiler's warnings, and its text as pypdf reads it."""

    pdf: bytes
    warnings: list[str]
    text: str

    def links(self) -> list[str]:
        """The URI of every link annotation, in page order."""
        out = []
        for page in pypdf.PdfReader(io.BytesIO(self.pdf)).pages:
            for annotation in page.get("/Annots") or []:
                action = annotation.get_object().get("/A")
                if action is not None and "/URI" in action:
                    out.append(str(action["/URI"]))
        return out


def compile_main(folder: Path, main: str = "main.typ") -> Compiled:
    """Compile ``folder/main`` with ``folder`` as the root (no file outside it can be read);
    a compile error fails the test with Typst's own diagnostic (file, line, caret)."""
    try:
        # without the tagged-PDF structure (a quarter of the size): pypdf reads it faster
        pdf, warnings = typst.compile_with_warnings(str(folder / main), root=str(folder),
                                                    pdf_tags=False)
    except typst.TypstError as err:
        raise AssertionError(f"typst could not compile {main}:\n{err.diagnostic}") from None
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return Compiled(pdf, [str(w) for w in warnings], text)


def compile_lists(folder: Path, lists: dict[str, str], head: str = PAGE) -> Compiled:
    """Each list in ``folder/<name>.typ``, included under a heading with its name."""
    main = [head]
    for name, text in lists.items():
        (folder / f"{name}.typ").write_text(text, encoding="utf-8")
        main.append(f'= {name}\n\n#include "{name}.typ"\n\n')
    (folder / "main.typ").write_text("".join(main), encoding="utf-8")
    return compile_main(folder)


def words(text: str) -> str:
    """Text with its white space folded, as pypdf's spacing and Typst's may differ."""
    return " ".join(text.split())
