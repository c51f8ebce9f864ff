"""CSV as the project writes it everywhere (the API's pages, the full downloads, the
portal's PQRSD report): numbers and dates as plain text a spreadsheet reads as such,
booleans as true/false, empty for no value, and text a spreadsheet would run as a formula
prefixed with an apostrophe. Written in chunks, so a file of any length streams."""

import csv
import datetime
import re
from decimal import Decimal
from itertools import islice

BATCH = 500  # rows per chunk of a streamed file

# A cell starting with one of these is a formula (or becomes one) in Excel, LibreOffice
# and Google Sheets: «=HYPERLINK(...)», «+cmd|...», «-2+3», «@SUM(...)», a tab or CR.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
# A plain number is never evaluated, whatever its sign: «-3.5» stays a number.
PLAIN_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


def escape_formula(value):
    """Prefix an apostrophe to text a spreadsheet would run as a formula (OWASP CSV
    injection), in every export format, so the cell shows the text it holds."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def unescape_formula(value):
    """Undo ``escape_formula`` on import, so an exported file imports back unchanged."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1:].startswith(
            FORMULA_START):
        return value[1:]
    return value


def chunked(iterable, size):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def cell(value, decimal_comma: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (float, Decimal)):
        text = str(value)
        return text.replace(".", ",") if decimal_comma else text
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return escape_formula(str(value))


class _Line:
    """csv.writer's file: hands back each line instead of keeping it."""

    def write(self, line):
        return line


def csv_chunks(names, rows, excel: bool = False):
    """A CSV file in chunks of bytes. ``excel``: Excel in a Spanish locale (Colombia) reads it
    as columns: UTF-8 with a byte order mark, ';' between cells and a decimal comma."""
    writer = csv.writer(_Line(), delimiter=";" if excel else ",", lineterminator="\r\n")
    yield (("\ufeff" if excel else "") + writer.writerow(names)).encode()
    for chunk in chunked(rows, BATCH):
        yield "".join(writer.writerow([cell(value, excel) for value in row]) for row in chunk).encode()
