"""Splitting a dropped file into its header and parseable lines, by file line number."""

from __future__ import annotations

import pytest

from extractors.files.lines import UnreadableFileError, split_lines


def test_clean_file_passes_through_without_a_line_walk():
    split = split_lines(b"date,sku\n2026-11-16,A\n2026-11-17,B\n")

    assert split.header == ["date", "sku"]
    assert split.line_numbers is None
    assert split.data_lines == 2
    assert [split.file_line(0), split.file_line(1)] == [2, 3]
    assert split.bad_lines == []


def test_bom_is_removed_and_recorded():
    split = split_lines(b"\xef\xbb\xbfdate,sku\r\n2026-11-16,A\r\n")

    assert split.header == ["date", "sku"]
    assert split.has_bom
    assert not split.body.startswith(b"\xef\xbb\xbf")


def test_blank_and_separator_only_lines_are_skipped_but_keep_the_numbering():
    split = split_lines(b"a,b\n1,2\n\n ,, \n3,4\n;;\n5,6\n\n\n")

    assert split.data_lines == 3
    assert split.line_numbers == [2, 5, 7]
    assert split.body == b"a,b\n1,2\n3,4\n5,6"


def test_a_cp874_line_is_set_aside_with_its_number_and_a_hint_while_the_rest_stays():
    thai = "2026-11-16,กันแดด,3".encode("cp874")
    split = split_lines(b"date,name,n\n2026-11-15,ok,1\n" + thai + b"\n2026-11-17,ok,2\n")

    assert [b.line for b in split.bad_lines] == [3]
    assert "not valid UTF-8" in split.bad_lines[0].reason
    assert "cp874" in split.bad_lines[0].reason
    assert "\\x" in split.bad_lines[0].text  # undecodable bytes escaped, not lost
    assert split.line_numbers == [2, 4]
    assert split.data_lines == 3


def test_a_header_that_is_not_utf8_makes_the_file_unreadable():
    with pytest.raises(UnreadableFileError, match="header is not UTF-8"):
        split_lines("วันที่,sku\n".encode("cp874") + b"1,2\n")


@pytest.mark.parametrize("data", [b"", b"\n\n", b"\xef\xbb\xbf", b" , ,\n1,2\n"])
def test_an_empty_file_or_blank_first_line_is_unreadable(data):
    with pytest.raises(UnreadableFileError, match="empty or its first line"):
        split_lines(data)


def test_header_cells_are_parsed_as_csv():
    split = split_lines(b'"Sales (THB)","store, name",sku\n1,2,3\n')

    assert split.header == ["Sales (THB)", "store, name", "sku"]
