"""The learners' store: every exercise's saved work, each learner's progress, and who is registered.

Where it lives (one environment variable, SL_STORE):
  - unset: an SQLite file outside the repository, `$XDG_DATA_HOME/systems-leadership/store.sqlite`
    (normally `~/.local/share/systems-leadership/store.sqlite`);
  - a file path: an SQLite file there (never inside course/ or app/, which Voila serves);
  - a database URL, e.g. `postgresql+psycopg://user:password@host/dbname`: that database.

It speaks the DB-API directly: sqlite3, or psycopg (imported only for PostgreSQL). Each statement is written
once, with `:name` parameters; all that differs between the two databases is in `Dialect`. (No SQLAlchemy:
importing it cost every page's kernel 0.2 s of CPU.)

Every save is one statement in its own committed transaction, so a kernel killed mid-save loses at most
that one save. SQLite runs in WAL mode with a busy timeout, each write takes the write lock up front
(BEGIN IMMEDIATE), and a write that still meets a lock is retried, so many learners saving at once
lose nothing.

Two windows of one learner: every saved item and progress row has a version, and a save is a
compare-and-set on the version its page last read or wrote. A page whose copy is stale (another window
saved since, or the learner deleted their work) overwrites nothing: it gets SaveConflict, and its text
is kept under a set-aside key unless the work was deleted.

A store file that SQLite can't read is moved aside (never overwritten), a fresh store is started, and
every row that can still be read is copied into it (widgets/storage/salvage.py); `Store.notice` says so for the
page, and the server log says where the old file went and how many rows came back. A page whose store
file was replaced meanwhile, or is damaged, read-only or full, gets StoreBroken: retrying can't help.

Tables (schema version 4; `sl_meta.schema_version` records it and `MIGRATIONS` upgrades older stores):
  sl_learners(id, created_at)                                    who may save: registered learners
  sl_saves(learner_id, exercise_key, data, updated_at, version)  one row per learner and exercise, data as JSON
  sl_progress(learner_id, module_id, first_opened_at, last_opened_at, done, done_at, version)
  sl_meta(name, value)                                           schema_version, recovered_at, group_count, ...
  sl_tutor_keys(key_hash, created_at)                            the room's tutor link (its key's hash only)
  sl_learner_names(learner_id, display_name, group_number, updated_at)  seen by the tutor only
  sl_group_posts(id, group_number, learner_id, question, text, created_at)  small groups' shared boards
"""
import datetime as dt
import importlib
import json
import os
import random
import re
import sqlite3
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, unquote

from ..log import log

SCHEMA_VERSION = 4
STORE_VARIABLE = "SL_STORE"
REPO = Path(__file__).resolve().parents[2]
SERVED_FOLDERS = (REPO / "course", REPO / "app")   # Voila serves files from these; the store never lives there
MAX_SAVE_CHARACTERS = 2_000_000                     # one exercise's work as JSON; far beyond any real answer
SQLITE_HEADER = b"SQLite format 3\x00"
SQLITE_BUSY_TIMEOUT_MS = 20_000
WRITE_ATTEMPTS = 8
POSTGRES_MIGRATION_LOCK = 72_541_018                # pg_advisory_xact_lock key: one migrator at a time
SET_ASIDE_MARK = "#set-aside-"                      # keys with this mark are kept copies, not live work
RECOVERY_NOTICE_DAYS = 7
NOT_REGISTERED = "This learner isn't registered in the store."
SQLITE_TIME_FORMAT = "%Y-%m-%d %H:%M:%S.%f"          # a time in SQLite, in UTC (as SQLAlchemy kept it before)
POOL_SIZE = 5                                       # idle connections a store keeps for its next statements
SALVAGED_TABLES = ("sl_learners", "sl_saves", "sl_progress", "sl_meta")
FRESH_META = ("schema_version", "created_at", "recovered_at", "recovery_summary")   # never salvaged over

# Why saving can't go on, for the learner (StoreBroken's message).
REPLACED = ("The course's store of saved work was replaced while this page was open: "
            "reload the page to carry on.")
DAMAGED = ("The course's store of saved work is damaged: reload the page to carry on (the course repairs it), "
           "and tell your tutor.")
READ_ONLY = ("The course's store of saved work can't be written to: please tell your tutor, "
             "and reload the page once it's fixed.")
FULL = ("The course's store of saved work is full (the server's disk may be full): please tell your tutor, "
        "and reload the page once it's fixed.")


class StoreError(RuntimeError):
    """The store can't do what was asked; the message is written for a tutor or a learner."""


class StoreUnavailable(StoreError):
    """The store can't be opened or reached at all."""


class UnknownLearner(StoreError):
    """Work was saved for a learner the store doesn't know (never registered, or deleted)."""


class UnreadableSave(StoreError):
    """A saved row whose data isn't readable JSON; `raw` holds it as stored, `version` its version."""

    def __init__(self, message, raw, version):
        super().__init__(message)
        self.raw = raw
        self.version = version


class SaveConflict(StoreError):
    """A save from a stale copy: the work changed (another window saved it) or was deleted since this
    page read or wrote it. Nothing was overwritten. `kept_copy` is the key this save's text was kept
    under instead, if any (never for deleted work: it isn't brought back, not even as a copy)."""

    def __init__(self, key, deleted, kept_copy=None):
        self.key, self.deleted, self.kept_copy = key, deleted, kept_copy
        super().__init__(f"'{key}' was " + ("deleted" if deleted else "changed") +
                         " in another window, so this window's copy is stale" +
                         (f"; it was kept under '{kept_copy}'" if kept_copy else ""))


class StoreBroken(StoreError):
    """Saving can't succeed by trying again: the store file was replaced while the page was open, or the
    store is damaged, read-only or full. The message says so for the learner, with what to do."""


@dataclass(frozen=True)
class Saved:
    """What a save wrote: the item's new version (the page's next save compares against it) and when."""
    version: int
    saved_at: dt.datetime


@dataclass(frozen=True)
class SavedWork:
    key: str
    data: object            # as saved (a dict from `ExerciseState.to_dict`); the raw text if unreadable
    updated_at: dt.datetime
    version: int


@dataclass(frozen=True)
class ModuleProgress:
    module_id: str
    first_opened_at: dt.datetime
    last_opened_at: dt.datetime
    done: bool
    done_at: object         # datetime or None
    version: int            # of the "finished" mark (a visit doesn't change it)


@dataclass(frozen=True)
class Recovery:
    """A damaged store file replaced by a fresh store."""
    when: dt.datetime
    recovered: int          # rows copied from the damaged file into the fresh store
    complete: bool          # every row the damaged file listed could be read


def next_version(previous=None):
    """An item's next version: the time in microseconds, or one more than `previous` if the clock is behind.
    A number is never used twice for one item, even after the item is deleted and saved afresh, so a page
    holding a deleted item's version can't overwrite the new one."""
    stamp = time.time_ns() // 1000
    return stamp if previous is None else max(previous + 1, stamp)


def utc_now():
    return dt.datetime.now(dt.timezone.utc)


def as_utc(value):
    if value is None:
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value.replace(tzinfo=dt.timezone.utc) if value.tzinfo is None else value.astimezone(dt.timezone.utc)


# ------------------------------------------------------------------ where the store is

def default_store_path(environ=None):
    environ = os.environ if environ is None else environ
    data_home = environ.get("XDG_DATA_HOME") or str(Path(environ.get("HOME") or Path.home()) / ".local" / "share")
    return Path(data_home).expanduser() / "systems-leadership" / "store.sqlite"


def store_location(environ=None):
    """SL_STORE as a database URL (str) or an SQLite file path (Path)."""
    environ = os.environ if environ is None else environ
    value = (environ.get(STORE_VARIABLE) or "").strip()
    if not value:
        return default_store_path(environ)
    if "://" in value:
        url = parse_database_url(value)
        database = unquote(url["database"] or "")
        if url["scheme"].split("+")[0] == "sqlite" and database and database != ":memory:":
            return Path(database).expanduser()    # an SQLite file: same checks as a plain path
        return value
    return Path(value).expanduser()


# The forms SQLAlchemy's make_url read before: backend[+driver]://[user[:password]@][host][:port][/database][?query]
DATABASE_URL = re.compile(r"""
    (?P<scheme>[\w+]+)://
    (?:(?P<user>[^:/]*)(?::(?P<password>[^@]*))?@)?
    (?:(?:\[(?P<ipv6host>[^/?]+)\]|(?P<host>[^/:?]+))?(?::(?P<port>[^/?]*))?)?
    (?:/(?P<database>[^?]*))?
    (?:\?(?P<query>.*))?""", re.VERBOSE)


def parse_database_url(text):
    """A database URL's parts (a match: scheme, user, password, host or ipv6host, port, database, query)."""
    found = DATABASE_URL.match(text)
    if found is None:
        raise ValueError("Could not parse SQLAlchemy URL from given URL string")   # as make_url said before
    if found["port"]:
        int(found["port"])           # ValueError for a port that isn't a number, as before
    return found


def connect_args(url):
    """psycopg.connect's arguments (libpq's names) for a PostgreSQL URL, its query's options included."""
    found = parse_database_url(url)
    args = {"user": found["user"], "password": found["password"], "host": found["ipv6host"] or found["host"],
            "port": found["port"], "dbname": found["database"]}
    return {**{name: unquote(value) for name, value in args.items() if value}, **dict(parse_qsl(found["query"] or ""))}


def describe_location(location):
    """The location for a log line, without any password."""
    if isinstance(location, Path):
        return str(location)
    try:
        start, end = parse_database_url(location).span("password")
    except ValueError:
        return "(a database URL that can't be parsed)"
    return location if start < 0 else f"{location[:start]}***{location[end:]}"


def check_store_path(path):
    """Refuse a store file where Voila would serve it, or that isn't a plain file."""
    resolved = path.resolve()
    for folder in SERVED_FOLDERS:
        if resolved == folder.resolve() or folder.resolve() in resolved.parents:
            raise StoreUnavailable(f"The store file {path} is inside {folder.name}/, which the course server "
                                   f"publishes; set {STORE_VARIABLE} to a file outside the repository's folders.")
    if resolved.exists() and not resolved.is_file():
        raise StoreUnavailable(f"The store path {path} exists but isn't a file; set {STORE_VARIABLE} to a file path.")


# ------------------------------------------------------------------ SQLite and PostgreSQL: what differs

@dataclass(frozen=True)
class Dialect:
    """Everything that differs between the two databases, in one place. Statements are written once, with
    `:name` parameters; `execute` turns them into the driver's own style."""
    name: str
    driver: str                 # the DB-API module: sqlite3 (standard library), or psycopg, imported only then
    timestamp: str              # a time with its zone; SQLite keeps it as text in SQLITE_TIME_FORMAT, in UTC
    serial: str                 # an integer key numbered by the database
    list_tables: str

    def execute(self, cursor, statement, params=None):
        if params is None:
            return cursor.execute(statement)
        if self.name == "sqlite":
            # SQLite has no time type: a time is kept as UTC text, as in stores made before (with SQLAlchemy).
            return cursor.execute(statement, {name: as_utc(value).strftime(SQLITE_TIME_FORMAT)
                                              if isinstance(value, dt.datetime) else value
                                              for name, value in params.items()})
        return cursor.execute(PARAMETER.sub(r"%(\1)s", statement.replace("%", "%%")), params)

    def problem(self, exc):
        """What a failure means: DAMAGED, READ_ONLY or FULL (retrying can't help: StoreBroken's words for the
        learner), "transient" (try again), or None (a plain error)."""
        text = _reason(exc).lower()
        if self.name == "sqlite":
            if _is_corruption(exc):
                return DAMAGED
            if "readonly" in text or "read-only" in text:
                return READ_ONLY
            if "full" in text:                               # "database or disk is full"
                return FULL
            return "transient" if "locked" in text or "busy" in text else None
        state = getattr(exc, "sqlstate", None)
        if state == "53100":                                 # disk_full
            return FULL
        if state in ("25006", "42501"):                      # read_only_sql_transaction, insufficient_privilege
            return READ_ONLY
        # A dropped connection (a fresh one is taken), a deadlock or a serialisation conflict.
        transient = ("deadlock", "could not serialize", "connection", "terminat", "server closed")
        return "transient" if any(word in text for word in transient) else None


SQLITE = Dialect("sqlite", "sqlite3", "DATETIME", "INTEGER",
                 "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
POSTGRESQL = Dialect("postgresql", "psycopg", "TIMESTAMP WITH TIME ZONE", "SERIAL",
                     "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
PARAMETER = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


class Connection:
    """A DB-API connection with its dialect: `execute` takes `:name` parameters on either database. A failed
    statement's error doesn't carry its parameters (a learner's answers); the drivers put a failing row's values
    after the first line, and the log keeps first lines only."""

    def __init__(self, raw, dialect):
        self.raw, self.dialect = raw, dialect

    def execute(self, statement, params=None):
        return self.dialect.execute(self.raw.cursor(), statement, params)

    def all(self, statement, params=None):
        return self.execute(statement, params).fetchall()

    def first(self, statement, params=None):
        rows = self.all(statement, params)     # fetched to the end: SQLite finishes a RETURNING statement then
        return rows[0] if rows else None

    def scalar(self, statement, params=None):
        return (self.first(statement, params) or (None,))[0]


def connect_sqlite(database, uri=False):
    connection = sqlite3.connect(database, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000, uri=uri, isolation_level=None,
                                 check_same_thread=False)
    # isolation_level=None: we say when transactions begin (Store._transaction), not the sqlite3 module.
    connection.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    connection.execute("PRAGMA journal_mode = WAL")
    # In WAL mode, NORMAL is durable across a killed process (only a power cut can undo the last commits)
    # and keeps a save to about a millisecond.
    connection.execute("PRAGMA synchronous = NORMAL")
    connection.execute("PRAGMA foreign_keys = ON")
    return connection


# ------------------------------------------------------------------ tables

def table_statements(dialect, schema_version=SCHEMA_VERSION):
    """{table: its CREATE statements} at schema version 2 or later, in the order they can be created (as
    SQLAlchemy made them before, so stores made then and now are alike). Versions 2 and 3 differ only in the
    version columns; 4 adds the room's. (Version 1, the first release, had sl_meta and sl_saves only.)"""
    time, learner = dialect.timestamp, "FOREIGN KEY(learner_id) REFERENCES sl_learners (id) ON DELETE CASCADE"
    tables = {"sl_meta": ["CREATE TABLE sl_meta (name VARCHAR(64) NOT NULL, value TEXT NOT NULL, PRIMARY KEY (name))"]}
    # the default as the v2 -> v3 migration adds it; every save sets it anyway
    version = "version BIGINT DEFAULT '1' NOT NULL, " if schema_version >= 3 else ""
    tables["sl_learners"] = [f"CREATE TABLE sl_learners (id VARCHAR(200) NOT NULL, created_at {time} NOT NULL, "
                             "PRIMARY KEY (id))"]
    tables["sl_saves"] = [f"CREATE TABLE sl_saves (learner_id VARCHAR(200) NOT NULL, exercise_key VARCHAR(200) NOT "
                          f"NULL, data TEXT NOT NULL, updated_at {time} NOT NULL, {version}"
                          f"PRIMARY KEY (learner_id, exercise_key), {learner})"]
    tables["sl_progress"] = [f"CREATE TABLE sl_progress (learner_id VARCHAR(200) NOT NULL, module_id VARCHAR(100) "
                             f"NOT NULL, first_opened_at {time} NOT NULL, last_opened_at {time} NOT NULL, done "
                             f"BOOLEAN NOT NULL, done_at {time}, {version}PRIMARY KEY (learner_id, module_id), "
                             f"{learner})"]
    if schema_version >= 4:
        tables.update(room_statements(dialect))
    return tables


def room_statements(dialect):
    """Schema 4's tables for the tutor's pages: tutor keys, learners' names and groups, group posts."""
    time, learner = dialect.timestamp, "FOREIGN KEY(learner_id) REFERENCES sl_learners (id) ON DELETE CASCADE"
    return {
        "sl_tutor_keys": [f"CREATE TABLE sl_tutor_keys (key_hash VARCHAR(64) NOT NULL, created_at {time} NOT NULL, "
                          "PRIMARY KEY (key_hash))"],
        "sl_learner_names": [f"CREATE TABLE sl_learner_names (learner_id VARCHAR(200) NOT NULL, display_name "
                             f"VARCHAR(200), group_number INTEGER, updated_at {time} NOT NULL, "
                             f"PRIMARY KEY (learner_id), {learner})"],
        "sl_group_posts": [f"CREATE TABLE sl_group_posts (id {dialect.serial} NOT NULL, group_number INTEGER NOT "
                           "NULL, learner_id VARCHAR(200) NOT NULL, question VARCHAR(100) NOT NULL, text TEXT NOT "
                           f"NULL, created_at {time} NOT NULL, PRIMARY KEY (id), {learner})",
                           "CREATE INDEX ix_sl_group_posts_group_number ON sl_group_posts (group_number)"],
    }


def create_tables(conn, schema_version=SCHEMA_VERSION, names=None):
    """Create the tables of this schema version (or only those `names`)."""
    for name, statements in table_statements(conn.dialect, schema_version).items():
        if names is None or name in names:
            for statement in statements:
                conn.execute(statement)


def migrate_v1_to_v2(conn):
    """v1 → v2: register every learner who has saves, and give each save a foreign key and a time.

    The old saves table is renamed, copied into the new one, then dropped, all in the caller's
    transaction, so a failure leaves version 1 exactly as it was."""
    now = {"now": utc_now()}
    conn.execute("ALTER TABLE sl_saves RENAME TO sl_saves_v1")
    create_tables(conn, schema_version=2, names=("sl_learners", "sl_saves", "sl_progress"))
    conn.execute("INSERT INTO sl_learners (id, created_at) SELECT DISTINCT learner_id, :now FROM sl_saves_v1", now)
    conn.execute("INSERT INTO sl_saves (learner_id, exercise_key, data, updated_at) "
                 "SELECT learner_id, exercise_key, data, :now FROM sl_saves_v1", now)
    conn.execute("DROP TABLE sl_saves_v1")


def migrate_v2_to_v3(conn):
    """v2 → v3: a version on every saved item and progress row, for compare-and-set saves. Rows stay where
    they are and start at version 1 (new versions are times in microseconds, far above it)."""
    for table in ("sl_saves", "sl_progress"):
        conn.execute(f"ALTER TABLE {table} ADD COLUMN version BIGINT NOT NULL DEFAULT 1")


def migrate_v3_to_v4(conn):
    """v3 → v4: the room's tables (tutor keys, learners' names and groups, group posts), empty; nothing else."""
    create_tables(conn, names=room_statements(conn.dialect))


# version found → the step that takes it one version up
MIGRATIONS = {1: migrate_v1_to_v2, 2: migrate_v2_to_v3, 3: migrate_v3_to_v4}

SAVE_COLUMNS = "learner_id, exercise_key, data, updated_at, version"
PROGRESS_COLUMNS = "learner_id, module_id, first_opened_at, last_opened_at, done, done_at, version"


def upsert(table, values, keys, update):
    """INSERT ... ON CONFLICT: `update` names the columns a row already there takes from `values` (none: it's kept)."""
    columns = ", ".join(values)
    statement = (f"INSERT INTO {table} ({columns}) VALUES ({', '.join(':' + name for name in values)}) "
                 f"ON CONFLICT ({', '.join(keys)}) ")
    if update:
        return statement + "DO UPDATE SET " + ", ".join(f"{name} = excluded.{name}" for name in update)
    return statement + "DO NOTHING"


# ------------------------------------------------------------------ the store

class Store:
    """The learners' store at one location. Thread-safe; open one per page (one per kernel)."""

    def __init__(self, location):
        self.location = location
        self.notice = None          # for the learner: set when this opening had to start a fresh file
        self.is_sqlite = isinstance(location, Path) or str(location).startswith("sqlite")
        self.dialect = SQLITE if self.is_sqlite else POSTGRESQL
        self.idle = None            # connections ready for the next statement; None while the store is closed
        self.lock = threading.Lock()
        self.file_identity = None   # (device, inode) of the SQLite file this store opened

    # ---- opening

    def open(self):
        try:
            self.idle = []
            if isinstance(self.location, Path):
                self._open_sqlite_file(self.location)
            else:
                self._prepare()
        except StoreError:
            self.close()
            raise
        except Exception as exc:
            self.close()
            log(f"can't open the store at {describe_location(self.location)}", exc)
            raise StoreUnavailable("The course's store of learners' work can't be opened just now.") from exc
        return self

    def close(self):
        self.drop_connections()
        self.idle = None

    def drop_connections(self):
        """Close the idle connections: the next statement opens a fresh one."""
        with self.lock:
            idle, self.idle = self.idle or [], (None if self.idle is None else [])
        for raw in idle:
            raw.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _connect(self):
        """A new DB-API connection to this store."""
        if isinstance(self.location, Path):
            return connect_sqlite(str(self.location))
        if self.is_sqlite:           # an in-memory SQLite URL: one database shared by this process's connections
            return connect_sqlite("file:sl-store?mode=memory&cache=shared", uri=True)
        import psycopg           # only here: a page on SQLite never pays for importing it

        return psycopg.connect(**connect_args(self.location))

    @contextmanager
    def _transaction(self, write=False):
        """A Connection in a transaction, committed when the block ends without an error. A writer to SQLite
        takes the write lock at BEGIN (IMMEDIATE), so it waits (busy_timeout) rather than failing later when a
        read lock can't be upgraded. At most POOL_SIZE connections are kept for the next transaction."""
        with self.lock:
            raw = self.idle.pop() if self.idle else None
        raw = raw or self._connect()
        try:
            if self.is_sqlite:
                raw.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            yield Connection(raw, self.dialect)
            raw.commit()
        except BaseException:
            try:
                raw.rollback()
                usable = not getattr(raw, "broken", False)       # psycopg: the server went away
            except Exception:  # noqa: BLE001 - a connection that can't roll back is closed, not reused
                usable = False
            if not usable:
                raw.close()
                self.drop_connections()      # the idle ones are likely dead too
            else:
                self._give_back(raw)
            raise
        self._give_back(raw)

    def _give_back(self, raw):
        with self.lock:
            if self.idle is not None and len(self.idle) < POOL_SIZE:
                self.idle.append(raw)
                return
        raw.close()

    def _open_sqlite_file(self, path):
        check_store_path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            raise StoreUnavailable(f"The store's folder {path.parent} can't be created ({exc.strerror}).") from exc
        with _file_lock(path.with_name(path.name + ".lock")):
            problem = sqlite_file_problem(path)
            damaged = self._move_aside(path, problem) if problem is not None else None
            fresh = not path.exists()
            try:
                self._prepare()
            except Exception as exc:
                if not _is_corruption(exc):
                    raise
                # Damage that only showed once the schema was read: same treatment.
                self.drop_connections()
                damaged = self._move_aside(path, f"SQLite reported: {_reason(exc)}")
                fresh = True
                self._prepare()
            if fresh:
                try:
                    path.chmod(0o600)
                except OSError:
                    pass
            if damaged is not None:
                self._recover_from(damaged)
            self.file_identity = _file_identity(path)

    def _move_aside(self, path, problem):
        """Move a damaged store file (and its -wal and -shm) aside, unchanged; returns where it went."""
        stamp = utc_now().strftime("%Y%m%dT%H%M%SZ")
        target = path.with_name(f"{path.name}.corrupt-{stamp}")
        number = 1
        while target.exists():
            number += 1
            target = path.with_name(f"{path.name}.corrupt-{stamp}-{number}")
        try:
            os.replace(path, target)
            for suffix in ("-wal", "-shm", "-journal"):
                companion = path.with_name(path.name + suffix)
                if companion.exists():
                    os.replace(companion, target.with_name(target.name + suffix))
        except OSError as exc:
            log(f"the store file {path} can't be read ({problem}) and can't be moved aside ({exc.strerror}); "
                "nothing was changed.")
            raise StoreUnavailable(f"The store file {path} can't be read ({problem}), and it couldn't be moved "
                                   "aside to start a fresh one; nothing was changed.") from exc
        log(f"the store file {path} couldn't be read ({problem}). It was moved aside, unchanged, to {target}, "
            "and a fresh store was started in its place.")
        return target

    def _recover_from(self, damaged):
        """Copy every row that can still be read from the damaged file into this fresh store, and say so:
        counts in the server log, words for the learner (`notice`, and the home page for a week)."""
        from .salvage import salvage

        try:
            found = salvage(damaged, SALVAGED_TABLES)      # {} when it isn't an SQLite file at all
        except Exception as exc:  # noqa: BLE001 - salvage is best effort; the fresh store works without it
            log(f"nothing could be salvaged from {damaged}", exc)
            found = {}
        counts = self._write(lambda conn: self._put_back(conn, found))
        # A learner whose register row is unreadable is registered again from its index entry: not lost.
        lost = ", ".join(f"{len(found[table].unreadable_keys)} {ROW_NAMES[table]}" for table in SALVAGED_TABLES[1:]
                         if table in found and found[table].unreadable_keys)
        counted = bool(found) and all(salvaged.counted for salvaged in found.values())
        complete = counted and not lost
        log(f"recovered {counts['sl_learners']} learners, {counts['sl_saves']} saves, "
            f"{counts['sl_progress']} progress rows and {counts['sl_meta']} settings from {damaged} into the "
            f"fresh store; {lost + ' unreadable' if lost else 'no listed row was unreadable'}"
            + ("" if counted else " (parts of its indexes or schema were unreadable too, so more may be lost)"))
        recovered = sum(counts.values())
        summary = json.dumps({"recovered": recovered, "complete": complete})
        self._write(lambda conn: (self._set_meta(conn, "recovered_at", utc_now().isoformat()),
                                  self._set_meta(conn, "recovery_summary", summary)))
        self.notice = recovery_notice(recovered, complete)

    def _put_back(self, conn, found):
        """Insert salvaged rows (values as SQLite stored them) into this fresh store: {table: rows inserted}."""
        now = utc_now().strftime(SQLITE_TIME_FORMAT)
        missing = {"created_at": now, "updated_at": now, "first_opened_at": now, "last_opened_at": now,
                   "done": 0, "done_at": None, "version": 1}     # columns an older schema didn't have
        rows = {table: found[table].rows if table in found else [] for table in SALVAGED_TABLES}
        # A learner is registered again if their register row, its index entry, or any of their saves or
        # progress rows survived: saves and progress can only exist for a registered learner.
        learners = {row.get("id"): row.get("created_at") or now for row in rows["sl_learners"]}
        if "sl_learners" in found:
            for (learner_id,) in found["sl_learners"].unreadable_keys:
                learners.setdefault(learner_id, now)
        for row in rows["sl_saves"] + rows["sl_progress"]:
            learners.setdefault(row.get("learner_id"), now)
        learners.pop(None, None)
        rows["sl_learners"] = [{"id": learner_id, "created_at": created} for learner_id, created in learners.items()]
        rows["sl_meta"] = [row for row in rows["sl_meta"] if row.get("name") not in FRESH_META]
        counts = {}
        for table, columns in (("sl_learners", "id, created_at"), ("sl_saves", SAVE_COLUMNS),
                               ("sl_progress", PROGRESS_COLUMNS), ("sl_meta", "name, value")):
            names = columns.split(", ")
            values = [tuple(row[name] if name in row else missing.get(name) for name in names) for row in rows[table]]
            # OR IGNORE: a damaged row with a missing value is skipped, not the whole salvage.
            statement = f"INSERT OR IGNORE INTO {table} ({columns}) VALUES ({', '.join('?' for _ in names)})"
            counts[table] = conn.raw.executemany(statement, values).rowcount if values else 0
        return counts

    def _prepare(self):
        """Create the tables in an empty store, or migrate an older one; refuse what isn't ours."""
        version, tables = self._read(self._read_version)
        if version == SCHEMA_VERSION:
            return
        if version is not None and version > SCHEMA_VERSION:
            raise StoreUnavailable(f"The store at {describe_location(self.location)} was made by a newer version "
                                   f"of the course (schema {version}; this one knows {SCHEMA_VERSION}). "
                                   "Update the course; the store was left as it is.")
        if version is None and tables:
            raise StoreUnavailable(f"The database at {describe_location(self.location)} holds tables that aren't "
                                   "the course's (" + ", ".join(sorted(tables)[:5]) + "); it was left as it is. "
                                   f"Point {STORE_VARIABLE} at a new file or an empty database.")
        if version is not None and isinstance(self.location, Path):
            self._back_up_before_migrating(version)
        self._write(self._create_or_migrate)

    def _read_version(self, conn):
        """(schema version or None, the tables found whose names start with sl_)."""
        tables = [row[0] for row in conn.all(self.dialect.list_tables)]
        ours = [table for table in tables if table.startswith("sl_")]
        if "sl_meta" not in tables:
            return None, ours
        value = conn.scalar("SELECT value FROM sl_meta WHERE name = 'schema_version'")
        try:
            return int(value), ours
        except (TypeError, ValueError):
            raise StoreUnavailable(f"The store at {describe_location(self.location)} has no readable schema "
                                   "version; it was left as it is.") from None

    def _create_or_migrate(self, conn):
        if not self.is_sqlite:
            conn.execute("SELECT pg_advisory_xact_lock(:key)", {"key": POSTGRES_MIGRATION_LOCK})
        # Read again under the lock: another process may have done the work meanwhile.
        version, _tables = self._read_version(conn)
        if version is None:
            create_tables(conn)
            self._set_meta(conn, "schema_version", str(SCHEMA_VERSION))
            self._set_meta(conn, "created_at", utc_now().isoformat())
            return
        while version < SCHEMA_VERSION:
            log(f"migrating the store from schema {version} to {version + 1}")
            MIGRATIONS[version](conn)
            version += 1
            self._set_meta(conn, "schema_version", str(version))

    def _back_up_before_migrating(self, version):
        """A copy of an SQLite store as it was, next to it, before its schema changes."""
        path = self.location
        target = path.with_name(f"{path.name}.v{version}-backup-{utc_now().strftime('%Y%m%dT%H%M%SZ')}")
        backup_sqlite_store(path, target)
        log(f"backed up the schema-{version} store to {target} before migrating it")

    # ---- running statements

    def _write(self, work):
        """Run `work(conn)` in its own committed write transaction, retrying while the database is busy.
        StoreBroken when retrying can't help (the file was replaced, or is damaged, read-only or full)."""
        driver = self._check_file()
        delay = 0.02
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                with self._transaction(write=True) as conn:
                    result = work(conn)
                # A write that reached a file moved aside meanwhile isn't in the store the course now uses.
                self._check_file()
                return result
            except driver.IntegrityError as exc:
                if "foreign key" in str(exc).lower():
                    raise UnknownLearner(NOT_REGISTERED) from exc
                raise
            except driver.Error as exc:
                if self._problem(exc) != "transient" or attempt == WRITE_ATTEMPTS:
                    raise
                log(f"the store was busy ({_reason(exc)}); trying again (attempt {attempt + 1})")
                time.sleep(delay * (1 + random.random()))
                delay = min(delay * 2, 1.0)

    def _read(self, work):
        driver = self._check_file()
        for attempt in range(1, 4):
            try:
                with self._transaction() as conn:
                    return work(conn)
            except driver.Error as exc:
                if self._problem(exc) != "transient" or attempt == 3:
                    raise
                time.sleep(0.05 * attempt)

    def _check_file(self):
        """The store is open, and its SQLite file is still the one this store opened (not moved aside and
        replaced by a fresh store since: this page's idle connections would still reach the old one).
        Returns the driver, whose errors the caller catches."""
        if self.idle is None:
            raise StoreUnavailable("The store isn't open.")
        if self.file_identity is not None and _file_identity(self.location) != self.file_identity:
            raise StoreBroken(REPLACED)
        return importlib.import_module(self.dialect.driver)

    def _problem(self, exc):
        """"transient" for a failure worth retrying; StoreBroken, with what to tell the learner, for one
        that retrying can't mend."""
        problem = self.dialect.problem(exc)
        if problem in (DAMAGED, READ_ONLY, FULL):
            raise StoreBroken(problem) from exc
        return problem

    def _set_meta(self, conn, name, value):
        conn.execute(upsert("sl_meta", {"name": name, "value": value}, ["name"], ["value"]),
                     {"name": name, "value": value})

    def meta_value(self, name):
        return self._read(lambda conn: conn.scalar("SELECT value FROM sl_meta WHERE name = :name", {"name": name}))

    def schema_version(self):
        return int(self.meta_value("schema_version"))

    def recent_recovery(self, now=None):
        """The Recovery of a damaged store file replaced by a fresh one, if within the last week; else None."""
        value = self.meta_value("recovered_at")
        if not value:
            return None
        when = as_utc(value)
        now = now or utc_now()
        if now - when > dt.timedelta(days=RECOVERY_NOTICE_DAYS):
            return None
        try:
            summary = json.loads(self.meta_value("recovery_summary") or "{}")
        except ValueError:
            summary = {}
        return Recovery(when, int(summary.get("recovered", 0)), bool(summary.get("complete", False)))

    # ---- learners

    def register_learner(self, learner_id):
        """Let `learner_id` save (nothing changes if they already can)."""
        _check_id(learner_id)
        values = {"id": learner_id, "created_at": utc_now()}
        self._write(lambda conn: conn.execute(upsert("sl_learners", values, ["id"], []), values))

    def is_registered(self, learner_id):
        return self._read(lambda conn: self._is_registered(conn, learner_id))

    def _is_registered(self, conn, learner_id):
        return conn.first("SELECT id FROM sl_learners WHERE id = :id", {"id": learner_id}) is not None

    def _deleted(self, conn, learner_id, key):
        """The refusal for a save whose row is gone: the learner deleted their work (SaveConflict), or was
        unregistered with it (UnknownLearner)."""
        if not self._is_registered(conn, learner_id):
            raise UnknownLearner(NOT_REGISTERED)
        return SaveConflict(key, deleted=True)

    def delete_learner_work(self, learner_id, forget=False):
        """Delete everything saved for `learner_id`; with `forget`, unregister them too. Returns rows deleted.
        Pages still open with the deleted work can't bring it back: their versions no longer match."""
        this_learner = {"learner": learner_id}

        def work(conn):
            # Their posts on a group's board and the name they gave the tutor are theirs too.
            count = sum(conn.execute(f"DELETE FROM {table} WHERE learner_id = :learner", this_learner).rowcount
                        for table in ("sl_saves", "sl_progress", "sl_group_posts"))
            conn.execute("DELETE FROM sl_learner_names WHERE learner_id = :learner", this_learner)
            if forget:
                conn.execute("DELETE FROM sl_learners WHERE id = :learner", this_learner)
            return count
        return self._write(work)

    # ---- saved work

    def save(self, learner_id, key, data, version=None):
        """Save one exercise's work over `version`, the version this page last read or wrote (None: it
        found nothing saved). Returns Saved(new version, when).

        Compare-and-set: if the saved work has changed since (another window saved it) or was deleted,
        nothing is overwritten and SaveConflict is raised; unless the work was deleted, this text is kept
        under a set-aside key (SaveConflict.kept_copy), so neither window's text is lost."""
        _check_id(learner_id)
        now = utc_now()
        row = {"learner_id": learner_id, "exercise_key": key, "data": encode(data), "updated_at": now,
               "version": next_version(version)}

        def work(conn):
            # RETURNING says whether a row was written (psycopg can't always give a rowcount).
            if version is None:
                written = conn.first(upsert("sl_saves", row, ["learner_id", "exercise_key"], []) +
                                     " RETURNING version", row)
            else:
                written = conn.first("UPDATE sl_saves SET data = :data, updated_at = :updated_at, version = :version "
                                     "WHERE learner_id = :learner_id AND exercise_key = :exercise_key "
                                     "AND version = :old RETURNING version", {**row, "old": version})
            if written is not None:
                return Saved(row["version"], now)
            live = conn.first("SELECT data, updated_at, version FROM sl_saves "
                              "WHERE learner_id = :learner_id AND exercise_key = :exercise_key", row)
            if live is None:
                return self._deleted(conn, learner_id, key)
            if live[0] == row["data"]:          # the other window saved just this: nothing is stale
                return Saved(live[2], as_utc(live[1]))
            copy = {**row, "exercise_key": set_aside_key(key)}
            conn.execute(f"INSERT INTO sl_saves ({SAVE_COLUMNS}) VALUES "
                         "(:learner_id, :exercise_key, :data, :updated_at, :version)", copy)
            return SaveConflict(key, deleted=False, kept_copy=copy["exercise_key"])

        result = self._write(work)
        if isinstance(result, SaveConflict):
            raise result
        return result

    def load(self, learner_id, key):
        """The work saved for this learner and exercise, or None; UnreadableSave if it can't be decoded."""
        found = self.load_saved(learner_id, key)
        return None if found is None else found.data

    def load_saved(self, learner_id, key):
        """The SavedWork (with its version) for this learner and exercise, or None."""
        row = self._read(lambda conn: conn.first(
            "SELECT data, updated_at, version FROM sl_saves WHERE learner_id = :learner AND exercise_key = :key",
            {"learner": learner_id, "key": key}))
        if row is None:
            return None
        data, updated_at, version = row
        try:
            return SavedWork(key, json.loads(data), as_utc(updated_at), version)
        except ValueError:
            raise UnreadableSave(f"The saved work for '{key}' can't be read.", data, version) from None

    def saved_work(self, learner_id):
        """Every exercise's saved work for this learner: {key: SavedWork}, kept copies left out.
        An entry whose data can't be decoded carries its raw text as `data`."""
        rows = self._read(lambda conn: conn.all(
            "SELECT exercise_key, data, updated_at, version FROM sl_saves WHERE learner_id = :learner "
            "ORDER BY exercise_key", {"learner": learner_id}))
        found = {}
        for key, data, updated_at, version in rows:
            if SET_ASIDE_MARK in key:
                continue
            try:
                data = json.loads(data)
            except ValueError:
                pass
            found[key] = SavedWork(key, data, as_utc(updated_at), version)
        return found

    def set_aside(self, learner_id, key):
        """Keep a copy of the saved row under another key (before work that no longer fits is replaced)."""
        copy_key = set_aside_key(key)
        self._write(lambda conn: conn.execute(
            f"INSERT INTO sl_saves ({SAVE_COLUMNS}) SELECT learner_id, :copy, data, updated_at, version "
            "FROM sl_saves WHERE learner_id = :learner AND exercise_key = :key",
            {"copy": copy_key, "learner": learner_id, "key": key}))
        return copy_key

    # ---- progress

    def record_visit(self, learner_id, module_id):
        """Note that the learner opened the module (a visit leaves the "finished" mark and its version alone)."""
        now = utc_now()
        row = {"learner_id": learner_id, "module_id": module_id, "first_opened_at": now, "last_opened_at": now,
               "done": False, "done_at": None, "version": next_version()}
        self._write(lambda conn: conn.execute(
            upsert("sl_progress", row, ["learner_id", "module_id"], ["last_opened_at"]), row))

    def set_done(self, learner_id, module_id, done, version=None):
        """Mark a module finished (or not) over `version`, the progress row's version as this page read it
        (None: it found none). Returns Saved; SaveConflict (nothing kept) when the row changed or was deleted."""
        now = utc_now()
        done = bool(done)
        row = {"learner_id": learner_id, "module_id": module_id, "first_opened_at": now, "last_opened_at": now,
               "done": done, "done_at": now if done else None, "version": next_version(version)}

        def work(conn):
            if version is None:
                written = conn.first(upsert("sl_progress", row, ["learner_id", "module_id"], []) +
                                     " RETURNING version", row)
            else:
                written = conn.first("UPDATE sl_progress SET done = :done, done_at = :done_at, version = :version "
                                     "WHERE learner_id = :learner_id AND module_id = :module_id AND version = :old "
                                     "RETURNING version", {**row, "old": version})
            if written is not None:
                return Saved(row["version"], now)
            live = conn.first("SELECT done, version FROM sl_progress "
                              "WHERE learner_id = :learner_id AND module_id = :module_id", row)
            if live is None:
                return self._deleted(conn, learner_id, f"progress on {module_id}")
            if bool(live[0]) == done:     # the other window marked it so too
                return Saved(live[1], now)
            return SaveConflict(f"progress on {module_id}", deleted=False)

        result = self._write(work)
        if isinstance(result, SaveConflict):
            raise result
        return result

    def progress(self, learner_id):
        """{module_id: ModuleProgress} for every module this learner has opened or marked."""
        rows = self._read(lambda conn: conn.all(
            "SELECT module_id, first_opened_at, last_opened_at, done, done_at, version FROM sl_progress "
            "WHERE learner_id = :learner", {"learner": learner_id}))
        return {module_id: ModuleProgress(module_id, as_utc(first), as_utc(last), bool(done), as_utc(done_at), version)
                for module_id, first, last, done, done_at, version in rows}

    # ---- the room, for the tutor's pages (widgets/storage/tutor.py, room.py, groups.py)

    def set_tutor_key(self, key_hash):
        """Make `key_hash` the room's one tutor key: an earlier tutor link stops working."""
        def work(conn):
            conn.execute("DELETE FROM sl_tutor_keys")
            conn.execute("INSERT INTO sl_tutor_keys (key_hash, created_at) VALUES (:key, :now)",
                         {"key": key_hash, "now": utc_now()})
        self._write(work)

    def is_tutor_key(self, key_hash):
        return self._read(lambda conn: conn.first("SELECT key_hash FROM sl_tutor_keys WHERE key_hash = :key",
                                                  {"key": key_hash})) is not None

    def room_saves(self, keys=(), prefixes=()):
        """Every registered learner's live work under these exercise keys, or keys starting with these
        prefixes: [(learner id, key, data)], data as saved (rows that can't be decoded are left out)."""
        params = {f"k{number}": key for number, key in enumerate(keys)}
        wanted = [f"exercise_key IN ({', '.join(':' + name for name in params)})"] if keys else []
        for number, prefix in enumerate(prefixes):
            params.update({f"p{number}": prefix, f"n{number}": len(prefix)})
            wanted.append(f"substr(exercise_key, 1, :n{number}) = :p{number}")
        if not wanted:
            return []
        rows = self._read(lambda conn: conn.all(
            "SELECT learner_id, exercise_key, data FROM sl_saves WHERE " + " OR ".join(wanted), params))
        found = []
        for learner_id, key, data in rows:
            if SET_ASIDE_MARK in key:
                continue
            try:
                found.append((learner_id, key, json.loads(data)))
            except ValueError:
                continue
        return found

    def room_progress(self):
        """Every learner's progress rows: [(learner id, module id, last opened at, done)]."""
        rows = self._read(lambda conn: conn.all("SELECT learner_id, module_id, last_opened_at, done FROM sl_progress"))
        return [(learner_id, module_id, as_utc(last), bool(done)) for learner_id, module_id, last, done in rows]

    def room_learners(self):
        """[(learner id, registered at)] for every registered learner."""
        rows = self._read(lambda conn: conn.all("SELECT id, created_at FROM sl_learners"))
        return [(learner_id, as_utc(created)) for learner_id, created in rows]

    def set_learner_name(self, learner_id, display_name=..., group_number=...):
        """Set the name a learner gives the tutor and/or their small group (None clears either)."""
        _check_id(learner_id)
        values = {"learner_id": learner_id, "display_name": None, "group_number": None, "updated_at": utc_now()}
        changed = ["updated_at"]
        if display_name is not ...:
            values["display_name"] = display_name
            changed.append("display_name")
        if group_number is not ...:
            values["group_number"] = group_number
            changed.append("group_number")
        self._write(lambda conn: conn.execute(upsert("sl_learner_names", values, ["learner_id"], changed), values))

    def learner_names(self):
        """{learner id: (display name or None, group number or None)} for every learner who has either."""
        rows = self._read(lambda conn: conn.all("SELECT learner_id, display_name, group_number FROM sl_learner_names"))
        return {learner_id: (name, group) for learner_id, name, group in rows}

    def reissue_learner(self, old_id, new_id):
        """Move everything of `old_id` (register, work, progress, name, posts) to `new_id`, in one transaction:
        the old link stops working and the new one opens the same work. UnknownLearner if `old_id` isn't
        registered."""
        _check_id(new_id)
        ids = {"old": old_id, "new": new_id}

        def work(conn):
            created = conn.scalar("SELECT created_at FROM sl_learners WHERE id = :old", ids)
            if created is None:
                raise UnknownLearner(NOT_REGISTERED)
            conn.execute("INSERT INTO sl_learners (id, created_at) VALUES (:new, :created)",
                         {**ids, "created": created})
            for table in ("sl_saves", "sl_progress", "sl_learner_names", "sl_group_posts"):
                conn.execute(f"UPDATE {table} SET learner_id = :new WHERE learner_id = :old", ids)
            conn.execute("DELETE FROM sl_learners WHERE id = :old", ids)
        self._write(work)

    def group_count(self):
        """How many small groups the tutor has set for the session (0: none)."""
        value = self.meta_value("group_count")
        return int(value) if value and value.isdigit() else 0

    def set_group_count(self, count):
        self._write(lambda conn: self._set_meta(conn, "group_count", str(int(count))))

    def add_group_post(self, group_number, learner_id, question, text):
        """A post on a small group's board; returns its id."""
        _check_id(learner_id)
        return self._write(lambda conn: conn.scalar(
            "INSERT INTO sl_group_posts (group_number, learner_id, question, text, created_at) "
            "VALUES (:group, :learner, :question, :text, :now) RETURNING id",
            {"group": group_number, "learner": learner_id, "question": question, "text": text, "now": utc_now()}))

    def remove_group_post(self, post_id, learner_id):
        """Take a post off its board (only its own learner can); True when one was removed."""
        return self._write(lambda conn: conn.execute(
            "DELETE FROM sl_group_posts WHERE id = :id AND learner_id = :learner",
            {"id": post_id, "learner": learner_id}).rowcount) > 0

    def group_board(self, group_number=None):
        """Posts, oldest first: [(id, group number, learner id, question, text, created at)]; every group's
        when `group_number` is None."""
        where = "" if group_number is None else " WHERE group_number = :group"
        rows = self._read(lambda conn: conn.all(
            f"SELECT id, group_number, learner_id, question, text, created_at FROM sl_group_posts{where} ORDER BY id",
            None if group_number is None else {"group": group_number}))
        return [(*row[:5], as_utc(row[5])) for row in rows]


def encode(data):
    """Saved work as JSON text, exactly as written (HTML, quotes, emoji, NUL all survive the round trip)."""
    try:
        text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"), sort_keys=True)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"this work can't be saved as JSON: {exc}") from None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        # A lone surrogate can't be UTF-8; escaped JSON keeps it exactly.
        text = json.dumps(data, allow_nan=False, separators=(",", ":"), sort_keys=True)
    if len(text) > MAX_SAVE_CHARACTERS:
        raise ValueError(f"this work is too long to save ({len(text)} characters; at most {MAX_SAVE_CHARACTERS}).")
    return text


def _check_id(learner_id):
    if not isinstance(learner_id, str) or not learner_id or len(learner_id) > 200:
        raise ValueError("a learner id must be a non-empty string of at most 200 characters")


def _reason(exc):
    return str(getattr(exc, "orig", exc)).splitlines()[0]


def set_aside_key(key):
    """A key for a kept copy of `key`'s work: not live work, but kept for the learner's tutor."""
    return f"{key}{SET_ASIDE_MARK}{utc_now().strftime('%Y%m%dT%H%M%S%fZ')}"


def _file_identity(path):
    """(device, inode) of a file, or None when there is none: it changes when the file is replaced."""
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return None
    return found.st_dev, found.st_ino


ROW_NAMES = {"sl_learners": "learners", "sl_saves": "saves", "sl_progress": "progress rows", "sl_meta": "settings"}


def recovery_notice(recovered, complete):
    """What the page that replaced a damaged store tells its learner."""
    if not recovered:
        return ("The course's store of saved work was damaged and couldn't be read, so a fresh one has been "
                "started: work saved before now isn't shown. The damaged file has been kept, unchanged, for your "
                "tutor. From now on your work is saved as usual.")
    if complete:
        return ("The course's store of saved work was found damaged and has been repaired: all the saved work in "
                "it could still be read and is back. The damaged file has been kept, unchanged, for your tutor.")
    return ("The course's store of saved work was found damaged. Everything that could still be read has been "
            "copied into a fresh store, but some work saved before now may be missing. The damaged file has been "
            "kept, unchanged, for your tutor. From now on your work is saved as usual.")


def _is_corruption(exc):
    text = _reason(exc).lower()
    return any(word in text for word in ("file is not a database", "malformed", "file is encrypted",
                                         "not a database", "disk image"))


def sqlite_file_problem(path):
    """Why this file isn't a readable SQLite store (str), or None when it is (or doesn't exist yet)."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return None
    if size == 0:
        return None
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except PermissionError as exc:
        raise StoreUnavailable(f"The store file {path} can't be read: permission denied. Nothing was changed; "
                               "check the file's owner and permissions.") from exc
    if header != SQLITE_HEADER:
        return "it isn't an SQLite database"
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                                 timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)
    try:
        result = connection.execute("PRAGMA quick_check").fetchall()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            return None          # in use by another process, so readable; the open will wait its turn
        if "unable to open" in str(exc):
            raise StoreUnavailable(f"The store file {path} can't be opened ({exc}). Nothing was changed.") from exc
        return f"SQLite reported: {exc}"
    except sqlite3.DatabaseError as exc:
        return f"SQLite reported: {exc}"
    finally:
        connection.close()
    if result != [("ok",)]:
        return "SQLite's check found damage: " + "; ".join(str(r[0]) for r in result[:3])
    return None


@contextmanager
def _file_lock(lock_path):
    """Only one process at a time checks, moves aside or creates the store file."""
    try:
        import fcntl
    except ImportError:          # not POSIX: SQLite's own locking still guards the data
        yield
        return
    with open(lock_path, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def open_store(environ=None):
    """Open the store that SL_STORE names (or the default file); StoreError says why it can't be."""
    return Store(store_location(environ)).open()


def backup_sqlite_store(path, target):
    """A consistent copy of an SQLite store while the course runs (SQLite's online backup)."""
    source = sqlite3.connect(str(path), timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)
    try:
        copy = sqlite3.connect(str(target))
        with copy:
            source.backup(copy)
        copy.close()
    finally:
        source.close()
    return Path(target)


def main(argv=None):
    """`python -m widgets.storage.store` says where the store is; `... backup FILE` copies an SQLite store safely."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m widgets.storage.store", description=main.__doc__)
    parser.add_argument("command", nargs="?", choices=["where", "backup"], default="where")
    parser.add_argument("target", nargs="?", help="for backup: the file to write")
    args = parser.parse_args(argv)
    location = store_location()
    if args.command == "where":
        print(f"The store ({STORE_VARIABLE}): {describe_location(location)}")
        with Store(location).open() as store:
            print(f"Schema version {store.schema_version()}")
        return 0
    if not isinstance(location, Path):
        print("The store is a database server: back it up with its own tools (e.g. pg_dump).", file=sys.stderr)
        return 1
    if not args.target:
        parser.error("backup needs a target file")
    print(f"Backed up {location} to {backup_sqlite_store(location, Path(args.target).expanduser())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
