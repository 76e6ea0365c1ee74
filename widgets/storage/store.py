"""The learners' store: every exercise's saved work, each learner's progress, and who is registered.

Where it lives (one environment variable, SL_STORE):
  - unset: an SQLite file outside the repository, `$XDG_DATA_HOME/systems-leadership/store.sqlite`
    (normally `~/.local/share/systems-leadership/store.sqlite`);
  - a file path: an SQLite file there (never inside course/ or app/, which Voila serves);
  - a database URL, e.g. `postgresql+psycopg://user:password@host/dbname`: that database.

Every save is one statement in its own committed transaction, so a kernel killed mid-save loses at most
that one save. SQLite runs in WAL mode with a busy timeout, each write takes the write lock up front
(BEGIN IMMEDIATE), and a write that still meets a lock is retried, so many learners saving at once
lose nothing.

Two windows of one learner: every saved item and progress row has a version, and a save is a
compare-and-set on the version its page last read or wrote. A page whose copy is stale (another window
saved since, or the learner deleted their work) overwrites nothing: it gets SaveConflict, and its text
is kept under a set-aside key unless the work was deleted.

A store file that SQLite can't read is moved aside (never overwritten), a fresh store is started, and
every row that can still be read is copied into it (widgets/salvage.py); `Store.notice` says so for the
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
import json
import os
import random
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

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
SQLITE_TIME_FORMAT = "%Y-%m-%d %H:%M:%S.%f"          # how SQLAlchemy keeps a DateTime in SQLite
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
        from sqlalchemy.engine import make_url

        url = make_url(value)
        if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
            return Path(url.database).expanduser()    # an SQLite file: same checks as a plain path
        return value
    return Path(value).expanduser()


def describe_location(location):
    """The location for a log line, without any password."""
    if isinstance(location, Path):
        return str(location)
    from sqlalchemy.engine import make_url

    try:
        return make_url(location).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - only for a message
        return "(a database URL that can't be parsed)"


def check_store_path(path):
    """Refuse a store file where Voila would serve it, or that isn't a plain file."""
    resolved = path.resolve()
    for folder in SERVED_FOLDERS:
        if resolved == folder.resolve() or folder.resolve() in resolved.parents:
            raise StoreUnavailable(f"The store file {path} is inside {folder.name}/, which the course server "
                                   f"publishes; set {STORE_VARIABLE} to a file outside the repository's folders.")
    if resolved.exists() and not resolved.is_file():
        raise StoreUnavailable(f"The store path {path} exists but isn't a file; set {STORE_VARIABLE} to a file path.")


# ------------------------------------------------------------------ tables

def build_tables(schema_version=SCHEMA_VERSION):
    """The schema's tables (a fresh MetaData each time: no module-level mutable state); versions 2 and 3
    differ only in the version columns; version 4 adds the room's tables (`build_room_tables`) to the metadata."""
    from sqlalchemy import (BigInteger, Boolean, Column, DateTime, ForeignKey, MetaData, PrimaryKeyConstraint,
                            String, Table, Text)

    def versioned():
        # server_default as the v2 -> v3 migration adds it; every save sets it anyway
        return [Column("version", BigInteger, nullable=False, server_default="1")] if schema_version >= 3 else []

    metadata = MetaData()
    meta = Table("sl_meta", metadata,
                 Column("name", String(64), primary_key=True),
                 Column("value", Text, nullable=False))
    learners = Table("sl_learners", metadata,
                     Column("id", String(200), primary_key=True),
                     Column("created_at", DateTime(timezone=True), nullable=False))
    saves = Table("sl_saves", metadata,
                  Column("learner_id", String(200), ForeignKey("sl_learners.id", ondelete="CASCADE"), nullable=False),
                  Column("exercise_key", String(200), nullable=False),
                  Column("data", Text, nullable=False),
                  Column("updated_at", DateTime(timezone=True), nullable=False),
                  *versioned(),
                  PrimaryKeyConstraint("learner_id", "exercise_key"))
    progress = Table("sl_progress", metadata,
                     Column("learner_id", String(200), ForeignKey("sl_learners.id", ondelete="CASCADE"),
                            nullable=False),
                     Column("module_id", String(100), nullable=False),
                     Column("first_opened_at", DateTime(timezone=True), nullable=False),
                     Column("last_opened_at", DateTime(timezone=True), nullable=False),
                     Column("done", Boolean, nullable=False, default=False),
                     Column("done_at", DateTime(timezone=True), nullable=True),
                     *versioned(),
                     PrimaryKeyConstraint("learner_id", "module_id"))
    if schema_version >= 4:
        build_room_tables(metadata)
    return metadata, meta, learners, saves, progress


def build_room_tables(metadata):
    """Schema 4's tables for the tutor's pages, added to `metadata` (which holds sl_learners):
    (tutor keys, learners' names and groups, group posts)."""
    from sqlalchemy import Column, DateTime, ForeignKey, Integer, String, Table, Text

    def learner_column(**kwargs):
        return Column("learner_id", String(200), ForeignKey("sl_learners.id", ondelete="CASCADE"), **kwargs)

    tutor_keys = Table("sl_tutor_keys", metadata,
                       Column("key_hash", String(64), primary_key=True),
                       Column("created_at", DateTime(timezone=True), nullable=False))
    names = Table("sl_learner_names", metadata,
                  learner_column(primary_key=True),
                  Column("display_name", String(200), nullable=True),
                  Column("group_number", Integer, nullable=True),
                  Column("updated_at", DateTime(timezone=True), nullable=False))
    posts = Table("sl_group_posts", metadata,
                  Column("id", Integer, primary_key=True, autoincrement=True),
                  Column("group_number", Integer, nullable=False, index=True),
                  learner_column(nullable=False),
                  Column("question", String(100), nullable=False),
                  Column("text", Text, nullable=False),
                  Column("created_at", DateTime(timezone=True), nullable=False))
    return tutor_keys, names, posts


def build_v1_tables():
    """Schema version 1 (the first release): saves only, no learners' register, no timestamps."""
    from sqlalchemy import Column, MetaData, PrimaryKeyConstraint, String, Table, Text

    metadata = MetaData()
    meta = Table("sl_meta", metadata,
                 Column("name", String(64), primary_key=True),
                 Column("value", Text, nullable=False))
    saves = Table("sl_saves", metadata,
                  Column("learner_id", String(200), nullable=False),
                  Column("exercise_key", String(200), nullable=False),
                  Column("data", Text, nullable=False),
                  PrimaryKeyConstraint("learner_id", "exercise_key"))
    return metadata, meta, saves


def migrate_v1_to_v2(conn):
    """v1 → v2: register every learner who has saves, and give each save a foreign key and a time.

    The old saves table is renamed, copied row by row into the new one, then dropped, all in the
    caller's transaction, so a failure leaves version 1 exactly as it was."""
    from sqlalchemy import DDL, Table, MetaData, insert, literal, select

    now = utc_now()
    metadata, _meta, learners, saves, progress = build_tables(schema_version=2)
    conn.execute(DDL("ALTER TABLE sl_saves RENAME TO sl_saves_v1"))
    old = Table("sl_saves_v1", MetaData(), autoload_with=conn)
    learners.create(conn)
    saves.create(conn)
    progress.create(conn)
    conn.execute(insert(learners).from_select(
        ["id", "created_at"],
        select(old.c.learner_id, literal(now, learners.c.created_at.type)).distinct()))
    conn.execute(insert(saves).from_select(
        ["learner_id", "exercise_key", "data", "updated_at"],
        select(old.c.learner_id, old.c.exercise_key, old.c.data, literal(now, saves.c.updated_at.type))))
    old.drop(conn)


def migrate_v2_to_v3(conn):
    """v2 → v3: a version on every saved item and progress row, for compare-and-set saves. Rows stay where
    they are and start at version 1 (new versions are times in microseconds, far above it)."""
    from sqlalchemy import DDL

    for table in ("sl_saves", "sl_progress"):
        conn.execute(DDL(f"ALTER TABLE {table} ADD COLUMN version BIGINT NOT NULL DEFAULT 1"))


def migrate_v3_to_v4(conn):
    """v3 → v4: the room's tables (tutor keys, learners' names and groups, group posts), empty; nothing else
    changes."""
    from sqlalchemy import MetaData, Table

    metadata = MetaData()
    Table("sl_learners", metadata, autoload_with=conn)     # the foreign keys' target, as it is
    for table in build_room_tables(metadata):
        table.create(conn)


# version found → the step that takes it one version up
MIGRATIONS = {1: migrate_v1_to_v2, 2: migrate_v2_to_v3, 3: migrate_v3_to_v4}


# ------------------------------------------------------------------ the store

class Store:
    """The learners' store at one location. Thread-safe; open one per page (one per kernel)."""

    def __init__(self, location):
        self.location = location
        self.notice = None          # for the learner: set when this opening had to start a fresh file
        self.is_sqlite = isinstance(location, Path) or str(location).startswith("sqlite")
        (self.metadata, self.meta, self.learners, self.saves, self.progress_table) = build_tables()
        self.tutor_keys, self.names_table, self.posts_table = (
            self.metadata.tables[name] for name in ("sl_tutor_keys", "sl_learner_names", "sl_group_posts"))
        self.engine = None
        self.file_identity = None   # (device, inode) of the SQLite file this store opened

    # ---- opening

    def open(self):
        try:
            if isinstance(self.location, Path):
                self._open_sqlite_file(self.location)
            else:
                self.engine = self._make_engine(self.location)
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
        if self.engine is not None:
            self.engine.dispose()
            self.engine = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _make_engine(self, url):
        from sqlalchemy import create_engine, event

        # hide_parameters: a failed statement's error must never carry a learner's answers into the log.
        if self.is_sqlite:
            engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
                                   pool_size=5, max_overflow=20, pool_timeout=60, hide_parameters=True)

            @event.listens_for(engine, "connect")
            def on_connect(dbapi_connection, _record):
                # We say when transactions begin (below), not the sqlite3 module.
                dbapi_connection.isolation_level = None
                cursor = dbapi_connection.cursor()
                cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
                cursor.execute("PRAGMA journal_mode = WAL")
                # In WAL mode, NORMAL is durable across a killed process (only a power cut can undo
                # the last commits) and keeps a save to about a millisecond.
                cursor.execute("PRAGMA synchronous = NORMAL")
                cursor.execute("PRAGMA foreign_keys = ON")
                cursor.close()

            @event.listens_for(engine, "begin")
            def on_begin(conn):
                # A writer takes the write lock at BEGIN, so it waits (busy_timeout) rather than
                # failing later when a read lock can't be upgraded.
                conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("sl_write")
                                     else "BEGIN")
            return engine
        return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=20, pool_timeout=60,
                             hide_parameters=True)

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
            self.engine = self._make_engine(sqlite_url(path))
            try:
                self._prepare()
            except Exception as exc:
                if not _is_corruption(exc):
                    raise
                # Damage that only showed once the schema was read: same treatment.
                self.close()
                problem = f"SQLite reported: {_reason(exc)}"
                damaged = self._move_aside(path, problem)
                fresh = True
                self.engine = self._make_engine(sqlite_url(path))
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
        for table in (self.learners, self.saves, self.progress_table, self.meta):
            names = [column.name for column in table.columns]
            values = [tuple(row[name] if name in row else missing.get(name) for name in names)
                      for row in rows[table.name]]
            # OR IGNORE: a damaged row with a missing value is skipped, not the whole salvage.
            statement = (f"INSERT OR IGNORE INTO {table.name} ({', '.join(names)}) "
                         f"VALUES ({', '.join('?' for _ in names)})")
            counts[table.name] = conn.exec_driver_sql(statement, values).rowcount if values else 0
        return counts

    def _prepare(self):
        """Create the tables in an empty store, or migrate an older one; refuse what isn't ours."""
        from sqlalchemy import inspect

        with self.engine.connect() as conn:
            version, tables = self._read_version(conn, inspect(conn).get_table_names())
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
        if version is not None and self.is_sqlite and isinstance(self.location, Path):
            self._back_up_before_migrating(version)
        self._write(self._create_or_migrate)

    def _read_version(self, conn, tables):
        from sqlalchemy import select

        ours = [t for t in tables if t.startswith("sl_")]
        if "sl_meta" not in tables:
            return None, ours
        value = conn.execute(select(self.meta.c.value).where(self.meta.c.name == "schema_version")).scalar()
        try:
            return int(value), ours
        except (TypeError, ValueError):
            raise StoreUnavailable(f"The store at {describe_location(self.location)} has no readable schema "
                                   "version; it was left as it is.") from None

    def _create_or_migrate(self, conn):
        from sqlalchemy import func, inspect, select

        if not self.is_sqlite:
            conn.execute(select(func.pg_advisory_xact_lock(POSTGRES_MIGRATION_LOCK)))
        # Read again under the lock: another process may have done the work meanwhile.
        version, _tables = self._read_version(conn, inspect(conn).get_table_names())
        if version is None:
            self.metadata.create_all(conn)
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
        from sqlalchemy.exc import DBAPIError, IntegrityError

        self._check_file()
        delay = 0.02
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                with self.engine.connect() as conn:
                    conn.execution_options(sl_write=True)
                    with conn.begin():
                        result = work(conn)
                # A write that reached a file moved aside meanwhile isn't in the store the course now uses.
                self._check_file()
                return result
            except IntegrityError as exc:
                if "foreign key" in str(exc.orig).lower():
                    raise UnknownLearner(NOT_REGISTERED) from exc
                raise
            except DBAPIError as exc:
                self._raise_if_broken(exc)
                if attempt == WRITE_ATTEMPTS or not self._is_transient(exc):
                    raise
                log(f"the store was busy ({_reason(exc)}); trying again (attempt {attempt + 1})")
                time.sleep(delay * (1 + random.random()))
                delay = min(delay * 2, 1.0)

    def _read(self, work):
        from sqlalchemy.exc import DBAPIError

        self._check_file()
        for attempt in range(1, 4):
            try:
                with self.engine.connect() as conn:
                    return work(conn)
            except DBAPIError as exc:
                self._raise_if_broken(exc)
                if attempt == 3 or not self._is_transient(exc):
                    raise
                time.sleep(0.05 * attempt)

    def _check_file(self):
        """The store is open, and its SQLite file is still the one this store opened (not moved aside
        and replaced by a fresh store since: this page's pooled connections would still reach the old one)."""
        if self.engine is None:
            raise StoreUnavailable("The store isn't open.")
        if self.file_identity is not None and _file_identity(self.location) != self.file_identity:
            raise StoreBroken(REPLACED)

    def _raise_if_broken(self, exc):
        """StoreBroken, with what to tell the learner, for a failure that retrying can't mend."""
        text = _reason(exc).lower()
        if self.is_sqlite:
            if _is_corruption(exc):
                raise StoreBroken(DAMAGED) from exc
            if "readonly" in text or "read-only" in text:
                raise StoreBroken(READ_ONLY) from exc
            if "full" in text:                               # "database or disk is full"
                raise StoreBroken(FULL) from exc
            return
        state = getattr(exc.orig, "sqlstate", None)
        if state == "53100":                                 # disk_full
            raise StoreBroken(FULL) from exc
        if state in ("25006", "42501"):                      # read_only_sql_transaction, insufficient_privilege
            raise StoreBroken(READ_ONLY) from exc

    def _is_transient(self, exc):
        text = str(getattr(exc, "orig", exc)).lower()
        if self.is_sqlite:
            return "locked" in text or "busy" in text
        # PostgreSQL: a dropped connection (the pool reconnects), a deadlock or a serialisation conflict.
        return exc.connection_invalidated or any(
            word in text for word in ("deadlock", "could not serialize", "connection", "terminat"))

    def _upsert(self, table, values, keys, update):
        if self.is_sqlite:
            from sqlalchemy.dialects.sqlite import insert
        else:
            from sqlalchemy.dialects.postgresql import insert
        statement = insert(table).values(**values)
        if update:
            return statement.on_conflict_do_update(
                index_elements=keys, set_={name: getattr(statement.excluded, name) for name in update})
        return statement.on_conflict_do_nothing(index_elements=keys)

    def _set_meta(self, conn, name, value):
        conn.execute(self._upsert(self.meta, {"name": name, "value": value}, ["name"], ["value"]))

    def meta_value(self, name):
        from sqlalchemy import select

        return self._read(lambda conn: conn.execute(
            select(self.meta.c.value).where(self.meta.c.name == name)).scalar())

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
        self._write(lambda conn: conn.execute(self._upsert(
            self.learners, {"id": learner_id, "created_at": utc_now()}, ["id"], [])))

    def is_registered(self, learner_id):
        return self._read(lambda conn: self._is_registered(conn, learner_id))

    def _is_registered(self, conn, learner_id):
        from sqlalchemy import select

        return conn.execute(select(self.learners.c.id).where(self.learners.c.id == learner_id)).first() is not None

    def _deleted(self, conn, learner_id, key):
        """The refusal for a save whose row is gone: the learner deleted their work (SaveConflict), or was
        unregistered with it (UnknownLearner)."""
        if not self._is_registered(conn, learner_id):
            raise UnknownLearner(NOT_REGISTERED)
        return SaveConflict(key, deleted=True)

    def delete_learner_work(self, learner_id, forget=False):
        """Delete everything saved for `learner_id`; with `forget`, unregister them too. Returns rows deleted.
        Pages still open with the deleted work can't bring it back: their versions no longer match."""
        from sqlalchemy import delete

        def work(conn):
            count = conn.execute(delete(self.saves).where(self.saves.c.learner_id == learner_id)).rowcount
            count += conn.execute(delete(self.progress_table)
                                  .where(self.progress_table.c.learner_id == learner_id)).rowcount
            # Their posts on a group's board and the name they gave the tutor are theirs too.
            count += conn.execute(delete(self.posts_table).where(self.posts_table.c.learner_id == learner_id)).rowcount
            conn.execute(delete(self.names_table).where(self.names_table.c.learner_id == learner_id))
            if forget:
                conn.execute(delete(self.learners).where(self.learners.c.id == learner_id))
            return count
        return self._write(work)

    # ---- saved work

    def save(self, learner_id, key, data, version=None):
        """Save one exercise's work over `version`, the version this page last read or wrote (None: it
        found nothing saved). Returns Saved(new version, when).

        Compare-and-set: if the saved work has changed since (another window saved it) or was deleted,
        nothing is overwritten and SaveConflict is raised; unless the work was deleted, this text is kept
        under a set-aside key (SaveConflict.kept_copy), so neither window's text is lost."""
        from sqlalchemy import insert, select, update

        _check_id(learner_id)
        text = encode(data)
        now = utc_now()
        new_version = next_version(version)
        saves = self.saves
        this_item = (saves.c.learner_id == learner_id, saves.c.exercise_key == key)

        def work(conn):
            # RETURNING says whether a row was written (psycopg can't always give a rowcount).
            if version is None:
                written = conn.execute(self._upsert(saves, {"learner_id": learner_id, "exercise_key": key,
                                                            "data": text, "updated_at": now,
                                                            "version": new_version},
                                                    ["learner_id", "exercise_key"], [])
                                       .returning(saves.c.version)).first()
            else:
                written = conn.execute(update(saves).where(*this_item, saves.c.version == version)
                                       .values(data=text, updated_at=now, version=new_version)
                                       .returning(saves.c.version)).first()
            if written is not None:
                return Saved(new_version, now)
            live = conn.execute(select(saves.c.data, saves.c.updated_at, saves.c.version).where(*this_item)).first()
            if live is None:
                return self._deleted(conn, learner_id, key)
            if live.data == text:          # the other window saved just this: nothing is stale
                return Saved(live.version, as_utc(live.updated_at))
            copy_key = set_aside_key(key)
            conn.execute(insert(saves).values(learner_id=learner_id, exercise_key=copy_key, data=text,
                                              updated_at=now, version=new_version))
            return SaveConflict(key, deleted=False, kept_copy=copy_key)

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
        from sqlalchemy import select

        row = self._read(lambda conn: conn.execute(
            select(self.saves.c.data, self.saves.c.updated_at, self.saves.c.version)
            .where(self.saves.c.learner_id == learner_id, self.saves.c.exercise_key == key)).first())
        if row is None:
            return None
        try:
            return SavedWork(key, json.loads(row.data), as_utc(row.updated_at), row.version)
        except ValueError:
            raise UnreadableSave(f"The saved work for '{key}' can't be read.", row.data, row.version) from None

    def saved_work(self, learner_id):
        """Every exercise's saved work for this learner: {key: SavedWork}, kept copies left out.
        An entry whose data can't be decoded carries its raw text as `data`."""
        from sqlalchemy import select

        rows = self._read(lambda conn: conn.execute(
            select(self.saves.c.exercise_key, self.saves.c.data, self.saves.c.updated_at, self.saves.c.version)
            .where(self.saves.c.learner_id == learner_id)
            .order_by(self.saves.c.exercise_key)).all())
        found = {}
        for row in rows:
            if SET_ASIDE_MARK in row.exercise_key:
                continue
            try:
                data = json.loads(row.data)
            except ValueError:
                data = row.data
            found[row.exercise_key] = SavedWork(row.exercise_key, data, as_utc(row.updated_at), row.version)
        return found

    def set_aside(self, learner_id, key):
        """Keep a copy of the saved row under another key (before work that no longer fits is replaced)."""
        from sqlalchemy import insert, literal, select

        copy_key = set_aside_key(key)
        source = select(self.saves.c.learner_id, literal(copy_key, self.saves.c.exercise_key.type),
                        self.saves.c.data, self.saves.c.updated_at, self.saves.c.version).where(
            self.saves.c.learner_id == learner_id, self.saves.c.exercise_key == key)
        self._write(lambda conn: conn.execute(insert(self.saves).from_select(
            ["learner_id", "exercise_key", "data", "updated_at", "version"], source)))
        return copy_key

    # ---- progress

    def record_visit(self, learner_id, module_id):
        """Note that the learner opened the module (a visit leaves the "finished" mark and its version alone)."""
        now = utc_now()
        self._write(lambda conn: conn.execute(self._upsert(
            self.progress_table, {"learner_id": learner_id, "module_id": module_id, "first_opened_at": now,
                                  "last_opened_at": now, "done": False, "done_at": None,
                                  "version": next_version()},
            ["learner_id", "module_id"], ["last_opened_at"])))

    def set_done(self, learner_id, module_id, done, version=None):
        """Mark a module finished (or not) over `version`, the progress row's version as this page read it
        (None: it found none). Returns Saved; SaveConflict (nothing kept) when the row changed or was deleted."""
        from sqlalchemy import select, update

        now = utc_now()
        done = bool(done)
        new_version = next_version(version)
        table = self.progress_table
        this_row = (table.c.learner_id == learner_id, table.c.module_id == module_id)

        def work(conn):
            if version is None:
                written = conn.execute(self._upsert(
                    table, {"learner_id": learner_id, "module_id": module_id, "first_opened_at": now,
                            "last_opened_at": now, "done": done, "done_at": now if done else None,
                            "version": new_version}, ["learner_id", "module_id"], [])
                    .returning(table.c.version)).first()
            else:
                written = conn.execute(update(table).where(*this_row, table.c.version == version).values(
                    done=done, done_at=now if done else None, version=new_version)
                    .returning(table.c.version)).first()
            if written is not None:
                return Saved(new_version, now)
            live = conn.execute(select(table.c.done, table.c.version).where(*this_row)).first()
            if live is None:
                return self._deleted(conn, learner_id, f"progress on {module_id}")
            if bool(live.done) == done:     # the other window marked it so too
                return Saved(live.version, now)
            return SaveConflict(f"progress on {module_id}", deleted=False)

        result = self._write(work)
        if isinstance(result, SaveConflict):
            raise result
        return result

    def progress(self, learner_id):
        """{module_id: ModuleProgress} for every module this learner has opened or marked."""
        from sqlalchemy import select

        table = self.progress_table
        rows = self._read(lambda conn: conn.execute(select(table).where(table.c.learner_id == learner_id)).all())
        return {row.module_id: ModuleProgress(row.module_id, as_utc(row.first_opened_at),
                                              as_utc(row.last_opened_at), bool(row.done), as_utc(row.done_at),
                                              row.version)
                for row in rows}

    # ---- the room, for the tutor's pages (widgets/storage/tutor.py, room.py, groups.py)

    def set_tutor_key(self, key_hash):
        """Make `key_hash` the room's one tutor key: an earlier tutor link stops working."""
        from sqlalchemy import delete, insert

        def work(conn):
            conn.execute(delete(self.tutor_keys))
            conn.execute(insert(self.tutor_keys).values(key_hash=key_hash, created_at=utc_now()))
        self._write(work)

    def is_tutor_key(self, key_hash):
        from sqlalchemy import select

        return self._read(lambda conn: conn.execute(
            select(self.tutor_keys.c.key_hash).where(self.tutor_keys.c.key_hash == key_hash)).first()) is not None

    def room_saves(self, keys=(), prefixes=()):
        """Every registered learner's live work under these exercise keys, or keys starting with these
        prefixes: [(learner id, key, data)], data as saved (rows that can't be decoded are left out)."""
        from sqlalchemy import or_, select

        saves = self.saves
        wanted = [saves.c.exercise_key.in_(list(keys))] if keys else []
        wanted += [saves.c.exercise_key.startswith(prefix, autoescape=True) for prefix in prefixes]
        if not wanted:
            return []
        rows = self._read(lambda conn: conn.execute(
            select(saves.c.learner_id, saves.c.exercise_key, saves.c.data).where(or_(*wanted))).all())
        found = []
        for row in rows:
            if SET_ASIDE_MARK in row.exercise_key:
                continue
            try:
                found.append((row.learner_id, row.exercise_key, json.loads(row.data)))
            except ValueError:
                continue
        return found

    def room_progress(self):
        """Every learner's progress rows: [(learner id, module id, last opened at, done)]."""
        from sqlalchemy import select

        table = self.progress_table
        rows = self._read(lambda conn: conn.execute(
            select(table.c.learner_id, table.c.module_id, table.c.last_opened_at, table.c.done)).all())
        return [(row.learner_id, row.module_id, as_utc(row.last_opened_at), bool(row.done)) for row in rows]

    def room_learners(self):
        """[(learner id, registered at)] for every registered learner."""
        from sqlalchemy import select

        rows = self._read(lambda conn: conn.execute(
            select(self.learners.c.id, self.learners.c.created_at)).all())
        return [(row.id, as_utc(row.created_at)) for row in rows]

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
        self._write(lambda conn: conn.execute(self._upsert(self.names_table, values, ["learner_id"], changed)))

    def learner_names(self):
        """{learner id: (display name or None, group number or None)} for every learner who has either."""
        from sqlalchemy import select

        table = self.names_table
        rows = self._read(lambda conn: conn.execute(
            select(table.c.learner_id, table.c.display_name, table.c.group_number)).all())
        return {row.learner_id: (row.display_name, row.group_number) for row in rows}

    def reissue_learner(self, old_id, new_id):
        """Move everything of `old_id` (register, work, progress, name, posts) to `new_id`, in one transaction:
        the old link stops working and the new one opens the same work. UnknownLearner if `old_id` isn't
        registered."""
        from sqlalchemy import delete, insert, select, update

        _check_id(new_id)

        def work(conn):
            created = conn.execute(select(self.learners.c.created_at).where(self.learners.c.id == old_id)).scalar()
            if created is None:
                raise UnknownLearner(NOT_REGISTERED)
            conn.execute(insert(self.learners).values(id=new_id, created_at=created))
            for table in (self.saves, self.progress_table, self.names_table, self.posts_table):
                conn.execute(update(table).where(table.c.learner_id == old_id).values(learner_id=new_id))
            conn.execute(delete(self.learners).where(self.learners.c.id == old_id))
        self._write(work)

    def group_count(self):
        """How many small groups the tutor has set for the session (0: none)."""
        value = self.meta_value("group_count")
        return int(value) if value and value.isdigit() else 0

    def set_group_count(self, count):
        self._write(lambda conn: self._set_meta(conn, "group_count", str(int(count))))

    def add_group_post(self, group_number, learner_id, question, text):
        """A post on a small group's board; returns its id."""
        from sqlalchemy import insert

        _check_id(learner_id)
        return self._write(lambda conn: conn.execute(insert(self.posts_table).values(
            group_number=group_number, learner_id=learner_id, question=question, text=text,
            created_at=utc_now()).returning(self.posts_table.c.id)).scalar())

    def remove_group_post(self, post_id, learner_id):
        """Take a post off its board (only its own learner can); True when one was removed."""
        from sqlalchemy import delete

        table = self.posts_table
        return self._write(lambda conn: conn.execute(
            delete(table).where(table.c.id == post_id, table.c.learner_id == learner_id)).rowcount) > 0

    def group_board(self, group_number=None):
        """Posts, oldest first: [(id, group number, learner id, question, text, created at)]; every group's
        when `group_number` is None."""
        from sqlalchemy import select

        table = self.posts_table
        query = select(table.c.id, table.c.group_number, table.c.learner_id, table.c.question, table.c.text,
                       table.c.created_at).order_by(table.c.id)
        if group_number is not None:
            query = query.where(table.c.group_number == group_number)
        rows = self._read(lambda conn: conn.execute(query).all())
        return [(row.id, row.group_number, row.learner_id, row.question, row.text, as_utc(row.created_at))
                for row in rows]


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


def sqlite_url(path):
    from sqlalchemy.engine import URL

    return URL.create("sqlite+pysqlite", database=str(path))


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
    import sqlite3

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
    import sqlite3

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
