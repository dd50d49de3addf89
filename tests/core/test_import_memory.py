"""Issue 15.7: an import reads its file as it walks it, and keeps the keys it has seen on disk."""

import io

from core.exchange import read_table

CSV = "institution;book;borrower\n" + "".join(f"ours;b1;Lener {number}\n" for number in range(2500))


def test_a_utf8_csv_is_read_from_its_open_file_and_walked_again():
    file = io.BytesIO(("\ufeff" + CSV).encode())
    table = read_table(file, "groot.csv")
    assert table.headers == ["institution", "book", "borrower"] and table.height == 2500
    assert [row[2] for row in table][-1] == "Lener 2499"
    assert list(table)[0] == ["ours", "b1", "Lener 0"], "a second walk reads from the start"
    assert not file.closed


def test_a_windows_1252_file_is_still_read():
    table = read_table("naam\nAnaïs\n".encode("cp1252"), "namen.csv")
    assert list(table) == [["Anaïs"]]
