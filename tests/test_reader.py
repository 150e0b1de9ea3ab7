"""Reading .bib text: values as BibTeX sees them, exact lines, and clear syntax errors."""

from __future__ import annotations

import pytest

from publist.bib.reader import decode, read
from publist.errors import BibError


def test_values_strings_concatenation_and_months() -> None:
    bib = read(
        '@STRING{NeurIPS = "Advances in Neural" # { Information}}\n'
        "@Article{Key1,\n"
        '  Title = "A {\\"o} \\"o title",\n'
        "  booktitle = neurips # { Processing Systems},\n"
        "  month = DEC, year = 2019,\n"
        "  note = {multi\n     line   value}\n"
        "}\n"
    )
    (r,) = bib.records
    assert (r.key, r.type) == ("Key1", "article")
    assert dict(r.fields) == {
        "title": 'A {\\"o} \\"o title',
        "booktitle": "Advances in Neural Information Processing Systems",
        "month": "December",
        "year": "2019",
        "note": "multi line value",
    }
    assert r.field_lines["note"] == 6
    assert (r.line, r.end_line) == (2, 8)
    assert bib.text[r.start : r.end].startswith("@Article{Key1,") and bib.text[r.end - 1] == "}"


def test_parenthesised_entries_comments_and_preamble() -> None:
    text = '% a comment\n@preamble{"\\newcommand{\\x}{y}"}\n@comment{ignored}\n@misc(k, title = {T})\n'
    (r,) = read(text).records
    assert (r.key, r.fields["title"], r.line) == ("k", "T", 4)


def test_crlf_line_endings_keep_offsets() -> None:
    text = "@misc{a,\r\n  title = {A},\r\n}\r\n\r\n@misc{b,\r\n  title = {B}\r\n}\r\n"
    a, b = read(text).records
    assert text[a.start : a.end] == "@misc{a,\r\n  title = {A},\r\n}"
    assert (b.line, b.fields["title"]) == (5, "B")


def test_soft_problems_are_diagnostics() -> None:
    bib = read(
        "@misc{a, title = {A}, title = {again}, journal = undefinedmacro}\n"
        "@misc{a, title = {B}}\n"
    )
    assert [str(d) for d in bib.diagnostics] == [
        "refs.bib:1: field title given twice; the first one is used",
        "refs.bib:1: entry 'a', field 'journal': undefined @string 'undefinedmacro' (put text in braces)",
        "refs.bib:2: duplicate key 'a' (first at line 1)",
    ]
    assert [r.fields["title"] for r in bib.records] == ["A", "B"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("@misc{a, title = {A}\n\n@misc{b, title = {B}}\n",
         "refs.bib:1: '@misc{a' is not closed before the next '@' (a '}' or '\"' is missing)"),
        ("\n\n@misc{a, title = {A\n",
         "refs.bib:3: '@misc{a' is not closed before the end of the file (a '}' or '\"' is missing)"),
        ("@misc{a title = {A}}\n", "refs.bib:1: '@misc{a': expected ',' after the entry key"),
        ("@misc{a,\n  title {A}}\n", "refs.bib:2: '@misc{a': expected '=' after the field name 'title'"),
        ("@misc{a,\n  title = {A} x = {B}}\n",
         "refs.bib:2: entry 'a', field 'title': unexpected 'x = {B}' after the value (is a ',' missing?)"),
        ("@misc{a,\n  title = ,\n}\n", "refs.bib:2: entry 'a', field 'title': no value"),
        ("@misc{,\n  title = {A}\n}\n", "refs.bib:1: @misc entry has no key"),
    ],
)
def test_syntax_errors_name_the_line(text: str, message: str) -> None:
    with pytest.raises(BibError) as err:
        read(text)
    assert str(err.value) == message


def test_decode_keeps_a_bom_and_refuses_latin1_with_its_line() -> None:
    source = decode("\ufeff@misc{a}".encode(), "x.bib")
    assert (source.text, source.bom, source.encode(source.text)) == ("@misc{a}", True, b"\xef\xbb\xbf@misc{a}")
    with pytest.raises(BibError) as err:
        decode(b"@misc{a,\n  author = {M\xfcller}}\n", "x.bib")
    assert str(err.value) == (
        "x.bib:2: not valid utf-8 (byte 0xfc); save the file as UTF-8, "
        'or set encoding = "latin-1" (or its encoding) in config.toml'
    )


def test_declared_or_configured_encodings_are_read_and_written_back() -> None:
    data = b"% Encoding: ISO-8859-1\n@misc{a,\n  author = {M\xfcller}}\n"
    source = decode(data, "x.bib")
    assert source.encoding == "iso8859-1" and "Müller" in source.text
    assert source.encode(source.text) == data
    gbk = "@misc{k, title = {中文}}\n".encode("gbk")
    assert decode(gbk, "x.bib", "gbk").text == "@misc{k, title = {中文}}\n"
    with pytest.raises(BibError) as err:
        decode(b"@misc{a}", "x.bib", "no-such-codec")
    assert str(err.value) == "x.bib: unknown encoding 'no-such-codec'"
