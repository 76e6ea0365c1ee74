"""The one loader for the course's content files in data/.

Tutors edit these files in a spreadsheet or text editor. Every file has a schema in
`widgets/content/schemas.py`; a file that breaks it raises `ContentError`, whose message names
the file, the row (as a spreadsheet shows it: the header is row 1) and the column, so
a tutor can find and mend it without reading Python.
"""
import csv
import functools
import io
import os
import re
from pathlib import Path

from .schemas import SCHEMAS

DATA_DIR = Path(__file__).resolve().parents[2] / "data"

TRUE_WORDS = {"yes", "true", "y", "1"}
FALSE_WORDS = {"no", "false", "n", "0", ""}


class ContentError(ValueError):
    """A content file in data/ that can't be used, with where and why."""

    def __init__(self, file, problem, row=None, column=None):
        self.file, self.problem, self.row, self.column = file, problem, row, column
        where = [f"data/{file}"]
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column '{column}'")
        super().__init__(f"{', '.join(where)}: {problem}")


def content_dir():
    """Where the content files are: data/, or another copy of it named by SL_DATA_DIR."""
    return Path(os.environ.get("SL_DATA_DIR") or DATA_DIR)


def read_text(file, data_dir=None):
    """A data file's text; bad encodings name the row with the first bad byte."""
    path = Path(data_dir or content_dir()) / file
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ContentError(file, "the file is missing.") from None
    except OSError as exc:
        raise ContentError(file, f"the file can't be read ({exc.strerror}).") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = raw[: exc.start].count(b"\n") + 1
        raise ContentError(
            file,
            "the file isn't saved as UTF-8 text. In a spreadsheet, save it as "
            "'CSV UTF-8 (comma delimited)'.",
            row=row,
        ) from None


def load_table(file, data_dir=None):
    """Rows of a CSV file in data/ as a list of dicts, checked against its schema.

    A kernel reads each file once: the checked rows are kept while the file is unchanged (same
    modification time and size), and every caller gets its own copies of them."""
    path = Path(data_dir or content_dir()) / file
    try:
        stat = path.stat()
        version = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        version = None           # read_text below says what is wrong with the file
    return [dict(row) for row in _checked_rows(file, str(path.parent), version)]


@functools.lru_cache(maxsize=64)
def _checked_rows(file, data_dir, version):
    try:
        schema = SCHEMAS[file]
    except KeyError:
        raise ContentError(file, "the course has no schema for this file.") from None
    text = read_text(file, data_dir)
    if not text.strip():
        raise ContentError(file, "the file is empty; it needs a header row and at least one row.")
    header, rows = _parse_csv(file, text)
    _check_columns(schema, header)
    records = [_check_row(schema, number, row) for number, row in rows]
    if len(records) < schema.min_rows:
        raise ContentError(file, f"the file needs at least {schema.min_rows} row(s) below the header; "
                                 f"it has {len(records)}.")
    _check_unique(schema, rows, records)
    _check_refs(schema, rows, records, data_dir)
    return tuple(records)


def _parse_csv(file, text):
    """(header, [(row number as a spreadsheet shows it, {column: text})]); blank rows are passed over."""
    reader = csv.reader(io.StringIO(text), strict=True)
    header, body, number = [], [], 1
    try:
        header = [name.strip() for name in next(reader)]
        for number, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header):
                raise ContentError(file, f"the file isn't valid CSV (row {number} has {len(row)} cells but the "
                                         f"header has {len(header)}). Check for a missing or extra comma, or an "
                                         "unclosed quote.")
            cells = [cell.strip() for cell in row] + [""] * (len(header) - len(row))
            body.append((number, dict(zip(header, cells))))
    except csv.Error as exc:
        raise ContentError(file, f"the file isn't valid CSV (from row {number + 1}: {exc}). "
                                 "Check for a missing or extra comma, or an unclosed quote.") from None
    return header, body


def _check_columns(schema, header):
    duplicates = sorted({h for h in header if header.count(h) > 1})
    if duplicates:
        raise ContentError(schema.file, f"the header names column '{duplicates[0]}' twice.", row=1)
    missing = [c for c in schema.column_names if c not in header]
    if missing:
        raise ContentError(schema.file, "the header row has no such column; the file needs the columns "
                                        + ", ".join(schema.column_names) + ".", row=1, column=missing[0])
    unknown = [h for h in header if h not in schema.column_names]
    if unknown:
        raise ContentError(schema.file, "the course doesn't know this column (a typo?); the columns are "
                                        + ", ".join(schema.column_names) + ".", row=1, column=unknown[0])


def _check_row(schema, number, row):
    record = {}
    for column in schema.columns:
        record[column.name] = _check_value(schema.file, number, column, row[column.name])
    return record


def _check_value(file, number, column, value):
    def fail(problem):
        raise ContentError(file, problem, row=number, column=column.name)

    if value == "":
        if column.required:
            fail("this cell is empty but must be filled in.")
        return None if column.kind == "int" else (False if column.kind == "bool" else "")
    if len(value) > column.max_length:
        fail(f"this cell has {len(value)} characters; at most {column.max_length} fit here.")
    if column.kind == "int":
        try:
            number_value = int(value)
        except ValueError:
            fail(f"'{value}' should be a whole number.")
        if column.minimum is not None and number_value < column.minimum:
            fail(f"{number_value} is too small; the smallest allowed is {column.minimum}.")
        if column.maximum is not None and number_value > column.maximum:
            fail(f"{number_value} is too large; the largest allowed is {column.maximum}.")
        return number_value
    if column.kind == "bool":
        word = value.lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        fail(f"'{value}' should be yes or no.")
    if column.pattern and not re.fullmatch(column.pattern, value):
        fail(f"'{value}' {column.pattern_hint}")
    if column.choices and value not in column.choices:
        fail(f"'{value}' is not one of the allowed values: " + ", ".join(column.choices) + ".")
    return value


def _check_unique(schema, rows, records):
    for column in schema.columns:
        if not column.unique:
            continue
        first_row = {}
        for (number, _), record in zip(rows, records):
            value = record[column.name]
            if value in first_row:
                raise ContentError(schema.file, f"'{value}' is used already in row {first_row[value]}; "
                                                "each value in this column must be different.",
                                   row=number, column=column.name)
            first_row[value] = number


def _check_refs(schema, rows, records, data_dir):
    for column in schema.columns:
        if not column.refs:
            continue
        ref_file, ref_column = column.refs
        allowed = {r[ref_column] for r in load_table(ref_file, data_dir)}
        for (number, _), record in zip(rows, records):
            value = record[column.name]
            if value not in (None, "") and value not in allowed:
                raise ContentError(schema.file, f"'{value}' doesn't match any '{ref_column}' in data/{ref_file}.",
                                   row=number, column=column.name)
