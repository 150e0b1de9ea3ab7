"""The text of fields: LaTeX to Unicode and back (:mod:`.latex`, :mod:`.texcommands`,
:mod:`.escaped`), names as BibTeX splits them (:mod:`.names`), URLs (:mod:`.urls`), where
Markdown has HTML blocks (:mod:`.commonmark`), and the small rich-text tree every output
format writes (:mod:`.richtext`)."""
