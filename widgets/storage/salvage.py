"""Reading what can still be read from a damaged SQLite store, table by table (best effort).

A plain SELECT reads a table whole when it can. When it fails part-way (a damaged page), reading goes on
in rowid order past the damage, so rows on good pages are still found. Each table's primary-key index is
read on its own (it lives on other pages): it finds rows the walk skipped, and it counts the rows that
exist but can't be read. A learner's registration is all in its key, so the index alone can bring it back.

The damaged file is read from a scratch copy next to it and stays byte for byte as it was.
"""
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

LARGEST_ROWID = 2 ** 63 - 1


@dataclass(frozen=True)
class SalvagedTable:
    rows: list              # each readable row as {column: value as stored}
    unreadable_keys: list   # primary keys (tuples) of rows the index lists but that couldn't be read
    counted: bool           # False when the index was damaged too: more rows may have been lost


def salvage(path, tables):
    """{table: SalvagedTable} for each of `tables` found in the SQLite file at `path` (and its -wal file)."""
    path = Path(path)
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".salvage-") as folder:
        copy = Path(folder) / "damaged.sqlite"
        shutil.copyfile(path, copy)
        wal = path.with_name(path.name + "-wal")
        if wal.exists():
            shutil.copyfile(wal, copy.with_name(copy.name + "-wal"))
        connection = sqlite3.connect(copy)
        try:
            found = {}
            for table in tables:
                try:
                    salvaged = salvage_table(connection, table)
                except sqlite3.Error:      # e.g. the schema itself is unreadable
                    salvaged = None
                if salvaged is not None:
                    found[table] = salvaged
            return found
        finally:
            connection.close()


def salvage_table(connection, table):
    """What can be read of one table, or None when the file has no such table."""
    columns = [row[1] for row in connection.execute(f"PRAGMA table_info({quoted(table)})")]
    if not columns:
        return None
    rows, whole = read_rows(connection, table, columns)
    indexed, index_whole = index_keys(connection, table)
    for rowid in indexed.keys() - rows.keys():
        row = read_row(connection, table, columns, rowid)
        if row is not None:
            rows[rowid] = row
    unreadable = [key for rowid, key in sorted(indexed.items()) if rowid not in rows]
    return SalvagedTable([rows[rowid] for rowid in sorted(rows)], unreadable, whole or index_whole)


def read_rows(connection, table, columns):
    """({rowid: row} of every row that can be read in rowid order, whether the table read without damage)."""
    select = f"SELECT rowid, {', '.join(map(quoted, columns))} FROM {quoted(table)} WHERE rowid > ? ORDER BY rowid"
    rows, after, whole = {}, -LARGEST_ROWID - 1, True
    while True:
        try:
            for row in connection.execute(select, (after,)):
                rows[row[0]] = dict(zip(columns, row[1:]))
                after = row[0]
            return rows, whole
        except sqlite3.DatabaseError:
            whole = False
        readable, following = next_rowid(connection, table, after)
        if readable:
            if following is None:
                return rows, whole
            after = following                  # the tree is fine; that one row's content is damaged
            continue
        resume = past_damage(connection, table, max(after, 0))
        if resume is None:
            return rows, whole
        after = resume


def next_rowid(connection, table, after):
    """(whether the table's tree can be read past `after`, the next rowid there or None)."""
    try:
        row = connection.execute(f"SELECT rowid FROM {quoted(table)} WHERE rowid > ? ORDER BY rowid LIMIT 1",
                                 (after,)).fetchone()
    except sqlite3.DatabaseError:
        return False, None
    return True, None if row is None else row[0]


def past_damage(connection, table, after):
    """The smallest rowid above `after` from which the table's tree reads again, or None when none does.
    Probes grow 1, 2, 4, ... rowids past the damage, then narrow down between the last two."""
    step = 1
    while not next_rowid(connection, table, after + step)[0]:
        step *= 2
        if after + step > LARGEST_ROWID:
            return None
    unreadable, readable = after + step // 2, after + step
    while readable - unreadable > 1:
        middle = (unreadable + readable) // 2
        if next_rowid(connection, table, middle)[0]:
            readable = middle
        else:
            unreadable = middle
    return readable


def read_row(connection, table, columns, rowid):
    try:
        row = connection.execute(f"SELECT {', '.join(map(quoted, columns))} FROM {quoted(table)} WHERE rowid = ?",
                                 (rowid,)).fetchone()
    except sqlite3.DatabaseError:
        return None
    return None if row is None else dict(zip(columns, row))


def index_keys(connection, table):
    """({rowid: primary key} from the table's primary-key index, read without the table's own pages;
    whether all of the index could be read)."""
    index = connection.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                               "AND name LIKE 'sqlite_autoindex_%'", (table,)).fetchone()
    if index is None:
        return {}, False
    key_columns = [row[2] for row in connection.execute(f"PRAGMA index_info({quoted(index[0])})")]
    found = {}
    try:
        for row in connection.execute(f"SELECT rowid, {', '.join(map(quoted, key_columns))} "
                                      f"FROM {quoted(table)} INDEXED BY {quoted(index[0])}"):
            found[row[0]] = tuple(row[1:])
    except sqlite3.DatabaseError:
        return found, False
    return found, True


def quoted(name):
    return '"' + name.replace('"', '""') + '"'
