"""Adding fields never changes a byte outside the entry, nor any line inside it."""

from __future__ import annotations

import difflib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from publist.bib.reader import read
from publist.bib.splice import Edit, apply, edit, insert
from publist.errors import BibError

ADDITIONS = [("eprint", "1912.07145"), ("archiveprefix", "arXiv"), ("primaryclass", "cs.LG")]
_VALUE = st.lists(
    st.sampled_from([*"abc XYZ019.,:;-'()&", "\\\"o", "{GAN}", "\\&"]), max_size=12
).map("".join)
_NAME = st.sampled_from(["title", "author", "year", "journal", "note", "url", "x-custom", "author+an"])


@st.composite
def entries(draw: st.DrawFn) -> tuple[str, dict[str, str]]:
    """An entry in a random style, and the field values it holds."""
    names = draw(st.lists(_NAME, min_size=1, max_size=5, unique=True))
    values = {n: " ".join(draw(_VALUE).split()) or "v" for n in names}
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    one_line = draw(st.booleans())
    indent = draw(st.sampled_from(["", " ", "  ", "\t", "    "]))
    case = draw(st.sampled_from([str.lower, str.upper, str.capitalize]))
    sep = draw(st.sampled_from([" = ", "=", " =  ", "= "]))
    aligned = draw(st.booleans())
    quote = draw(st.booleans())
    trailing = draw(st.booleans())
    close_alone = draw(st.booleans())
    per_line = draw(st.sampled_from([1, 1, 2, 3]))  # several fields on one line, as people write them
    opener, closer = draw(st.sampled_from([("{", "}"), ("(", ")")]))
    width = max(len(n) for n in names)
    parts = []
    for n in names:
        key = case(n)
        head = key.ljust(width) + " = " if aligned and not one_line else key + sep
        value = f'"{values[n]}"' if quote and '"' not in values[n] else "{" + values[n] + "}"
        parts.append(head + value)
    kind = draw(st.sampled_from(["misc", "Article", "INPROCEEDINGS"]))
    if one_line:
        body = ", ".join(parts) + ("," if trailing else "")
        text = f"@{kind}{opener}key, {body}{closer}"
    else:
        rows = [parts[i : i + per_line] for i in range(0, len(parts), per_line)]
        lines = [indent + ", ".join(row) + "," for row in rows]
        if not trailing:
            lines[-1] = lines[-1][:-1]
        end = f"{nl}{closer}" if close_alone else closer
        text = f"@{kind}{opener}key,{nl}" + nl.join(lines) + end
    return text, values


@settings(max_examples=400, deadline=None)
@given(entries(), st.text(alphabet=" %abc\n@{}", max_size=30).filter(lambda t: "@" not in t),
       st.booleans())
def test_insertion_changes_nothing_outside_the_entry(entry: tuple[str, dict[str, str]],
                                                     comment: str, add_all: bool) -> None:
    text, values = entry
    before = f"% a comment {comment.replace('@', '')}\n@string{{s = {{x}}}}\n\n"
    after = "\n\n@misc{other,\n  title = {Other},\n}\n% end\n"
    whole = before + text + after
    bib = read(whole, layout=True)
    target = next(r for r in bib.records if r.key == "key")
    additions = ADDITIONS if add_all else ADDITIONS[:1]
    new = apply(whole, [(target, additions)])
    # bytes outside the entry are unchanged
    assert new.startswith(whole[: target.start])
    assert new.endswith(whole[target.end :])
    # inside it, only insertions
    old_entry = whole[target.start : target.end]
    new_entry = new[target.start : len(new) - (len(whole) - target.end)]
    ops = difflib.SequenceMatcher(None, old_entry, new_entry, autojunk=False).get_opcodes()
    assert all(tag in ("equal", "insert") for tag, *_ in ops)
    if "\n" in old_entry.strip() and old_entry.count("\n") >= 2:
        old_lines = old_entry.splitlines(keepends=True)
        new_lines = new_entry.splitlines(keepends=True)
        line_ops = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes()
        assert all(tag in ("equal", "insert") for tag, *_ in line_ops), (old_entry, new_entry)
    # and the entry now reads as the old fields plus the new ones
    reread = {r.key: r for r in read(new).records}
    assert dict(reread["key"].fields) == {**values, **dict(additions)}
    assert dict(reread["other"].fields) == {"title": "Other"}


def test_style_is_copied() -> None:
    entry = '@Article{k,\r\n\tTitle = "T",\r\n\tYear  = "2019"\r\n}'
    assert insert(entry, [("doi", "10.1/x")]) == (
        '@Article{k,\r\n\tTitle = "T",\r\n\tDoi   = "10.1/x",\r\n\tYear  = "2019"\r\n}'
    )
    entry = "@misc{k,\n  title         = {T},\n  archivePrefix = {arXiv},\n}"
    assert insert(entry, [("primaryclass", "cs.LG")]) == (
        "@misc{k,\n  title         = {T},\n  archivePrefix = {arXiv},\n  primaryClass  = {cs.LG},\n}"
    )


def test_one_line_entries_get_the_fields_on_their_line() -> None:
    assert insert("@misc{k, title={T}, year=2019}", [("doi", "10.1/x")]) == (
        "@misc{k, title={T}, doi={10.1/x}, year=2019}"
    )


def test_fields_go_on_added_lines_when_the_last_line_holds_several_fields() -> None:
    # the README promises added lines only: never a field spliced into the middle of a line
    assert insert("@article{k,\n  title = {T}, year = {2019}\n}", [("doi", "10.1/x")]) == (
        "@article{k,\n  doi = {10.1/x},\n  title = {T}, year = {2019}\n}")
    assert insert("@article{k,\n  title = {T},\n  journal = {J}, year = {2019}}", [("doi", "10.1/x")]) == (
        "@article{k,\n  title = {T},\n  doi = {10.1/x},\n  journal = {J}, year = {2019}}")
    # a comma after the last field and the brace on its own line: after the last line, as before
    assert insert("@article{k,\n  title = {T}, year = {2019},\n}", [("doi", "10.1/x")]) == (
        "@article{k,\n  title = {T}, year = {2019},\n  doi = {10.1/x},\n}")


@settings(max_examples=200, deadline=None)
@given(entries(), st.data())
def test_removing_fields_keeps_every_other_field_and_byte_outside_the_entry(
        entry: tuple[str, dict[str, str]], data: st.DataObject) -> None:
    text, values = entry
    gone = data.draw(st.lists(st.sampled_from(sorted(values)), unique=True, max_size=len(values)))
    whole = "% before\n" + text + "\n\n@misc{other, title = {Other}}\n"
    target = read(whole, layout=True).records[0]
    new = apply(whole, [(target, Edit(remove=gone))])
    assert new.startswith("% before\n") and new.endswith("\n\n@misc{other, title = {Other}}\n")
    reread = {r.key: r for r in read(new).records}
    assert dict(reread["key"].fields) == {n: v for n, v in values.items() if n not in gone}


@pytest.mark.parametrize(("entry", "gone", "result"), [
    # the last two fields of a one-line entry (issue 16, items 7 and 28): the brace stays
    ("@INPROCEEDINGS{k, title={T}, volume={abs/1906.04596}, eid={arXiv:1906.04596}}", ["volume", "eid"],
     "@INPROCEEDINGS{k, title={T}}"),
    ("@misc{k, title={T}, file={/home/me/k.pdf}, abstract={A}}", ["file", "abstract"], "@misc{k, title={T}}"),
    ("@misc{k, title={T}, file={/home/me/k.pdf}, abstract={A},}", ["file", "abstract"], "@misc{k, title={T},}"),
    ("@misc(k, file = {x}, title = {T}, abstract = {A})", ["file", "abstract"], "@misc(k, title = {T})"),
    ('@misc{k, title = "T", file = "x", note = "n"}', ["file", "note"], '@misc{k, title = "T"}'),
    ("@misc{k, file={a}, title={T}, file={b}}", ["file"], "@misc{k, title={T}}"),  # every copy
    ("@misc{k, file={a}, abstract={b}}", ["file", "abstract"], "@misc{k,}"),
    # on lines of their own: the lines go; the closing brace keeps its own
    ("@misc{k,\n  title = {T},\n  file = {x},\n  note = {n}\n}", ["file", "note"], "@misc{k,\n  title = {T},\n}"),
    ("@misc{k,\n  title = {T},\n  file = {x}}", ["file"], "@misc{k,\n  title = {T},\n}"),
    ("@misc{k,\n  title = {T}, file = {x},\n  note = {n}\n}", ["file", "note"], "@misc{k,\n  title = {T},\n}"),
])
def test_removing_neighbouring_fields(entry: str, gone: list[str], result: str) -> None:
    assert edit(entry, Edit(remove=gone)) == result


def test_an_edit_that_would_break_the_entry_names_the_file_and_says_it_is_publist_s_own() -> None:
    text = "% pubs\n\n@misc{a,\n  title = {A},\n}\n\n@misc{b,\n  title = {B},\n}\n"
    records = read(text, "pubs.bib", layout=True).records
    broken = [(records[0], Edit(add=[("note", "unbalanced }")])), (records[1], Edit(add=[("year", "2020")]))]
    with pytest.raises(BibError) as err:
        apply(text, broken, "pubs.bib")
    assert str(err.value) == ("pubs.bib:3: publist's own edit of this entry failed (it would end before "
                              "its closing brace); please report this bug with the entry")
    skipped: list = []
    assert apply(text, broken, "pubs.bib", skipped) == text.replace("{B},\n", "{B},\n  year = {2020},\n")
    assert [(r.key, e.line) for r, e in skipped] == [("a", 3)]


# --- line endings: an old Mac's \r and Windows' \r\n are edited as \n is -------------------

SHAPES = [
    "@misc{a,\n  title = {A},\n  year = {2020},\n}",
    "@misc{a,\n  title = {A},\n  year = {2020}\n}",
    "@Article{a,\n    Title  = \"A\",\n    Year   = 2020}",  # the closing brace on the last field's line
    "@misc{a, title = {A},\n  year = {2020}, note = {N}\n}",
]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("ending", ["\r\n", "\r"])
def test_fields_are_added_and_removed_as_lines_whatever_the_line_ending(shape: str, ending: str) -> None:
    added = insert(shape, [("doi", "10.1/x"), ("eprint", "1234.5678")])
    removed = edit(shape, Edit(remove=["year"]))
    other = shape.replace("\n", ending)
    assert insert(other, [("doi", "10.1/x"), ("eprint", "1234.5678")]) == added.replace("\n", ending)
    assert edit(other, Edit(remove=["year"])) == removed.replace("\n", ending)
