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


@pytest.mark.parametrize(("text", "line"), [
    # al-folio's shape: the field repeated lines below the entry's head
    ("@inproceedings{swan17,\n  year = {2017},\n  series = {SWAN},\n  year={2017},\n}\n", 4),
    # values the reader's slow path reads: a concatenation, nested braces, a name apart from its '='
    ("@misc{a,\n  year = 2017,\n  note = {x},\n  year = \"20\" # \"17\",\n}\n", 4),
    ("@misc{a,\n  title = {A {B} C},\n\n  title = {A {B} {C}},\n}\n", 4),
    ("@misc{a,\n  year = 2017,\n  year\n    = 2018,\n}\n", 3),
    # parentheses, Windows' and an old Mac's line endings, the field on the head's line
    ("@misc(a,\r\n  year = 2017,\r\n  YEAR = 2018)\r\n", 3),
    ("@misc{a,\r  year = 2017,\r  year = 2018}\r", 3),
    ("@misc{a, year = 2017, year = 2018}\n", 1),
])
def test_a_field_given_twice_is_named_at_its_second_occurrence(text: str, line: int) -> None:
    # an editor jumps to refs.bib:LINE: the field to delete, not the entry's head
    diagnostics = [str(d) for d in read(text).diagnostics]
    name = "title" if "title" in text else "year"
    assert diagnostics == [f"refs.bib:{line}: field {name} given twice; the first one is used"]


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


# JabRef 2.x writes this header, and keeps it when the file is later saved as UTF-8.
_JABREF = "% This file was created with JabRef 2.10.\n% Encoding: {}\n\n"


@pytest.mark.parametrize("declared", ["ISO8859_1", "ISO-8859-1", "Cp1252", "windows-1252", "ISO8859_15",
                                      "latin1"])
@pytest.mark.parametrize("text", ["It\u2019s Müller\u2013Schölkopf", "Ærøskøbing", "\u00e9", "中文"])
def test_a_stale_single_byte_header_on_a_utf8_file_reads_utf8_with_one_warning(declared: str,
                                                                              text: str) -> None:
    data = (_JABREF.format(declared) + f"@misc{{a, title = {{{text}}}}}\n@misc{{b, note = {{{text}}}}}\n").encode()
    source = decode(data, "x.bib")
    assert text in source.text and source.encoding == "utf-8"
    assert source.encode(source.text) == data  # written back as it is
    assert str(source.warning) == (f"x.bib:2: the file says '% Encoding: {declared}', but its bytes are "
                                   "UTF-8; read as UTF-8 (remove or correct the line)")


@pytest.mark.parametrize("text", ["Müller", "façade, naïve, Ångström", "\u00c3\u00a9"])  # the last: Ã© in Latin-1
def test_a_real_latin1_file_is_read_as_it_declares(text: str) -> None:
    data = (_JABREF.format("ISO8859_1") + f"@misc{{a, title = {{{text}}}}}\n").encode("latin-1")
    source = decode(data, "x.bib")
    if text == "\u00c3\u00a9":  # the one Latin-1 text that is also UTF-8: which is what a header cannot tell
        assert source.text.endswith("{é}}\n") and source.warning is not None
        return
    assert text in source.text and source.encoding == "iso8859-1" and source.warning is None


def test_an_encoding_set_in_the_config_is_never_second_guessed() -> None:
    data = (_JABREF.format("ISO8859_1") + "@misc{a, title = {It\u2019s}}\n").encode()
    source = decode(data, "x.bib", "latin-1")
    assert source.text.endswith("{It\u00e2\u0080\u0099s}}\n") and source.warning is None


def test_ascii_and_utf8_headers_need_no_warning() -> None:
    assert decode((_JABREF.format("UTF8") + "@misc{a, title = {é}}\n").encode(), "x.bib").warning is None
    assert decode((_JABREF.format("ISO8859_1") + "@misc{a, title = {e}}\n").encode(), "x.bib").warning is None


def test_render_and_check_say_it_once(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import io

    from publist import cli

    monkeypatch.chdir(tmp_path)
    (tmp_path / "refs.bib").write_bytes(
        (_JABREF.format("ISO8859_1") + "@article{k, author = {Müller, K.}, title = {It\u2019s}, year = 2019}\n"
         "@article{l, author = {Brandão, A.}, title = {Ação}, year = 2020}\n").encode())
    out, err = io.StringIO(), io.StringIO()
    assert cli.run(["render", "--format", "md"], out, err) == 0
    assert "It\u2019s" in out.getvalue() and "A. Brandão" in out.getvalue()
    assert err.getvalue().count("but its bytes are UTF-8") == 1, err.getvalue()
    out, err = io.StringIO(), io.StringIO()
    assert cli.run(["check"], out, err) == 0
    assert "refs.bib:2: warning: the file says '% Encoding: ISO8859_1', but its bytes are UTF-8" in out.getvalue()


GOOD = "@article{ok,\n  title = {Read},\n  year = {2014}\n}\n"


@pytest.mark.parametrize("before", [
    "} ",  # the broken entry's closing brace and the next entry on one line
    "% ",  # a commented-out entry: % is no comment between entries, for BibTeX
    "x ",  # any text before the @
    "%   ",
])
def test_after_a_broken_entry_the_next_entry_is_read_wherever_its_at_stands(before: str) -> None:
    text = f"@article{{broken,\n  title = {{A}}\n  junk = {{B}}\n{before}{GOOD}"
    bib = read(text, recover=True)
    assert [r.key for r in bib.records] == ["ok"]
    assert [str(d) for d in bib.diagnostics] == [
        ("refs.bib:2: entry 'broken', field 'title': unexpected 'junk = {B' after the value "
        "(is a ',' missing?); skipped")]


def test_a_commented_out_entry_after_a_broken_one_is_read_as_bibtex_reads_it() -> None:
    # cv-breytenbach.bib's shape: an entry commented out line by line with "% ", after another
    text = ("% @article{semena2014area,\n% author = {Semena, Andrey N.},\n% year = {2014}\n% }\n"
            "% \n% @article{coppejans2014high,\n% author = {Coppejans, Deanne L.},\n% }\n" + GOOD)
    bib = read(text, recover=True)
    assert [str(d) for d in bib.diagnostics] == [
        "refs.bib:2: '@article{semena2014area': expected '=' after the field name '%'; skipped",
        "refs.bib:7: '@article{coppejans2014high': expected '=' after the field name '%'; skipped"]
    assert [r.key for r in bib.records] == ["ok"]


@pytest.mark.parametrize("head", [
    "% @techreport{ cgal:gv-ipaa-03\n% , author = {A}\n",  # lab-cgal.bib: a key, then a comment
    "@techreport{cgal:gv-ipaa-03 x,\n  author = {A}\n",
    "@techreport{cgal:gv-ipaa-03\n\n%, author = {A}}\n",
])
def test_a_key_ends_at_white_space_and_a_message_is_one_line(head: str) -> None:
    bib = read(head + "}\n" + GOOD, recover=True)
    assert len(bib.diagnostics) == 1
    message = str(bib.diagnostics[0])
    assert "\n" not in message
    assert message.endswith("cgal:gv-ipaa-03': expected ',' after the entry key; skipped")
    assert [r.key for r in bib.records] == ["ok"]


def test_a_key_followed_by_white_space_and_its_comma_is_fine() -> None:
    bib = read("@misc{ key \n , title = {T}}\n")
    assert [r.key for r in bib.records] == ["key"]


def test_two_commas_in_a_row_ask_for_a_field_name() -> None:
    with pytest.raises(BibError) as err:
        read('@techreport{k\n, url = "https://x.org",\n, keyword = "_T_"\n}\n')
    assert str(err.value) == "refs.bib:3: '@techreport{k': expected a field name before ','"


# --- line endings: \n, \r\n and an old Mac's \r are one line break each ----------------------

LINES = (
    '@preamble{"\\newcommand{\\noopsort}[1]{}"}\n'
    '@string{j = "Journal"}\n'
    "@comment{a comment\n  over two lines}\n"
    "@article{a,\n"
    "  title = {A title\n    over two lines},\n"
    '  author = "Doe, Jane and\n    Roe, Richard",\n'
    "  journal = j # { of } # undefinedmacro,\n"
    "  year = 2020\n"
    "}\n"
    "\n"
    "@misc{b,\n"
    "  title = {B\n"
    "@misc{c, title = {C},\n  note = {x} y = {z}}\n"
    "@misc{a, title = {Again}}\n"
    "@misc{d,\n  title = {D}\n"
)
ENDINGS = {"crlf": "\r\n", "cr": "\r"}


def _positions(text: str) -> tuple[list[tuple[str, int, int, dict[str, int]]], list[str], list[int]]:
    bib = read(text, "cr.bib", recover=True)
    records = [(r.key, r.line, r.end_line, dict(r.field_lines)) for r in bib.records]
    return records, [str(d) for d in bib.diagnostics], [line for line, _ in bib.preambles]


@pytest.mark.parametrize("ending", ["crlf", "cr", "mixed"])
def test_every_line_the_reader_reports_counts_each_line_break_once(ending: str) -> None:
    if ending == "mixed":  # a file edited on several systems
        parts = LINES.split("\n")
        text = "".join(p + ("\r\n", "\r", "\n")[n % 3] for n, p in enumerate(parts[:-1])) + parts[-1]
    else:
        text = LINES.replace("\n", ENDINGS[ending])
    records, diagnostics, preambles = _positions(LINES)
    assert _positions(text) == (records, diagnostics, preambles)
    # and those are the lines an editor shows
    assert records[0] == ("a", 5, 12, {"title": 6, "author": 8, "journal": 10, "year": 11})
    assert diagnostics == [
        "cr.bib:10: entry 'a', field 'journal': undefined @string 'undefinedmacro' (put text in braces)",
        "cr.bib:14: '@misc{b' is not closed before the next '@' (a '}' or '\"' is missing); skipped",
        "cr.bib:17: entry 'c', field 'note': unexpected 'y = {z}' after the value (is a ',' missing?); skipped",
        "cr.bib:18: duplicate key 'a' (first at line 5)",
        "cr.bib:19: '@misc{d' is not closed before the end of the file (a '}' or '\"' is missing); skipped",
    ]
    assert preambles == [1]


@pytest.mark.parametrize("ending", ["\r\n", "\r"])
def test_an_undecodable_byte_and_a_stale_header_name_their_line(ending: str) -> None:
    lines = ["% Encoding: UTF-8", "@misc{a,", "  title = {A}}", "@misc{b, title = {\xe9}}"]
    with pytest.raises(BibError) as err:
        decode(ending.join(lines).encode("latin-1"), "cr.bib")
    assert str(err.value).startswith("cr.bib:4: not valid UTF-8 (byte 0xe9)")
    stale = ending.join(["", "", "% Encoding: ISO-8859-1", "@misc{b, title = {é}}"]).encode()
    assert str(decode(stale, "cr.bib").warning).startswith("cr.bib:3: the file says '% Encoding: ISO-8859-1'")


def test_check_on_an_old_mac_file_names_the_field_s_line(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import io

    from publist import cli

    monkeypatch.chdir(tmp_path)
    (tmp_path / "cr.bib").write_bytes(b"@misc{a,\r  title = {A},\r  year = {2020},\r  month = {13},\r}\r")
    out = io.StringIO()
    cli.run(["check", "cr.bib"], out, io.StringIO())
    assert [line for line in out.getvalue().splitlines() if "month" in line] == [
        "cr.bib:4: warning: entry 'a', field 'month': '13' is not a month [bad-month]"]
