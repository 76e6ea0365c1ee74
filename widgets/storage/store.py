"""The learners' store: every exercise's saved work, each learner's progress, and who is registered.

Where it lives (one environment variable, SL_STORE):
  - unset: an SQLite file outside the repository, `$XDG_DATA_HOME/systems-leadership/store.sqlite`
    (normally `~/.local/share/systems-leadership/store.sqlite`);
  - a file path: an SQLite file there (never inside course/ or app/, which Voila serves);
  - a database URL, e.g. `postgresql+psycopg://user:password@host/dbname`: that database.

Every save is one upsert in its own committed transaction, so a kernel killed mid-save loses at most
that one save. SQLite runs in WAL mode with a busy timeout, each write takes the write lock up front
(BEGIN IMMEDIATE), and a write that still meets a lock is retried, so many learners saving at once
lose nothing. A store file that SQLite can't read is moved aside (never overwritten) and a fresh
store started; `Store.notice` then says so for the page, and the server log says where the old file went.

Tables (schema version 2; `sl_meta.schema_version` records it and `MIGRATIONS` upgrades older stores):
  sl_learners(id, created_at)                                 who may save: registered learners
  sl_saves(learner_id, exercise_key, data, updated_at)        one row per learner and exercise, data as JSON
  sl_progress(learner_id, module_id, first_opened_at, last_opened_at, done, done_at)
  sl_meta(name, value)                                        schema_version, recovered_at, ...
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

SCHEMA_VERSION = 2
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


class StoreError(RuntimeError):
    """The store can't do what was asked; the message is written for a tutor or a learner."""


class StoreUnavailable(StoreError):
    """The store can't be opened or reached at all."""


class UnknownLearner(StoreError):
    """Work was saved for a learner the store doesn't know (never registered, or deleted)."""


class UnreadableSave(StoreError):
    """A saved row whose data isn't readable JSON; `raw` holds it as stored."""

    def __init__(self, message, raw):
        super().__init__(message)
        self.raw = raw


@dataclass(frozen=True)
class SavedWork:
    key: str
    data: object            # as saved (a dict from `ExerciseState.to_dict`); the raw text if unreadable
    updated_at: dt.datetime


@dataclass(frozen=True)
class ModuleProgress:
    module_id: str
    first_opened_at: dt.datetime
    last_opened_at: dt.datetime
    done: bool
    done_at: object         # datetime or None


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

def build_tables():
    """The current schema's tables (a fresh MetaData each time: no module-level mutable state)."""
    from sqlalchemy import (Boolean, Column, DateTime, ForeignKey, MetaData, PrimaryKeyConstraint, String,
                            Table, Text)

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
                  PrimaryKeyConstraint("learner_id", "exercise_key"))
    progress = Table("sl_progress", metadata,
                     Column("learner_id", String(200), ForeignKey("sl_learners.id", ondelete="CASCADE"),
                            nullable=False),
                     Column("module_id", String(100), nullable=False),
                     Column("first_opened_at", DateTime(timezone=True), nullable=False),
                     Column("last_opened_at", DateTime(timezone=True), nullable=False),
                     Column("done", Boolean, nullable=False, default=False),
                     Column("done_at", DateTime(timezone=True), nullable=True),
                     PrimaryKeyConstraint("learner_id", "module_id"))
    return metadata, meta, learners, saves, progress


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
    metadata, _meta, learners, saves, progress = build_tables()
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


# version found → the step that takes it one version up
MIGRATIONS = {1: migrate_v1_to_v2}


# ------------------------------------------------------------------ the store

class Store:
    """The learners' store at one location. Thread-safe; open one per page (one per kernel)."""

    def __init__(self, location):
        self.location = location
        self.notice = None          # for the learner: set when this opening had to start a fresh file
        self.is_sqlite = isinstance(location, Path) or str(location).startswith("sqlite")
        (self.metadata, self.meta, self.learners, self.saves, self.progress_table) = build_tables()
        self.engine = None

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
            log(f"can't open the store at {describe_location(self.location)}: {exc!r}")
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

        if self.is_sqlite:
            engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
                                   pool_size=5, max_overflow=20, pool_timeout=60)

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
        return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=20, pool_timeout=60)

    def _open_sqlite_file(self, path):
        check_store_path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            raise StoreUnavailable(f"The store's folder {path.parent} can't be created ({exc.strerror}).") from exc
        with _file_lock(path.with_name(path.name + ".lock")):
            problem = sqlite_file_problem(path)
            if problem is not None:
                self._move_aside(path, problem)
            fresh = not path.exists()
            self.engine = self._make_engine(sqlite_url(path))
            try:
                self._prepare()
            except Exception as exc:
                if not _is_corruption(exc):
                    raise
                # Damage that only showed once the schema was read: same treatment.
                self.close()
                self._move_aside(path, f"SQLite reported: {_reason(exc)}")
                fresh = True
                self.engine = self._make_engine(sqlite_url(path))
                self._prepare()
            if fresh:
                try:
                    path.chmod(0o600)
                except OSError:
                    pass
            if self.notice:
                self._write(lambda conn: self._set_meta(conn, "recovered_at", utc_now().isoformat()))

    def _move_aside(self, path, problem):
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
            log(f"the store file {path} can't be read ({problem}) and can't be moved aside ({exc}); "
                "nothing was changed.")
            raise StoreUnavailable(f"The store file {path} can't be read ({problem}), and it couldn't be moved "
                                   "aside to start a fresh one; nothing was changed.") from exc
        log(f"the store file {path} couldn't be read ({problem}). It was moved aside, unchanged, to {target}, "
            "and a fresh, empty store was started in its place.")
        self.notice = ("The course's store of saved work was damaged and couldn't be read, so a fresh one has "
                       "been started: work saved before now isn't shown. The damaged file has been kept, "
                       "unchanged, for your tutor. From now on your work is saved as usual.")

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
        """Run `work(conn)` in its own committed write transaction, retrying while the database is busy."""
        from sqlalchemy.exc import IntegrityError, OperationalError

        if self.engine is None:
            raise StoreUnavailable("The store isn't open.")
        delay = 0.02
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                with self.engine.connect() as conn:
                    conn.execution_options(sl_write=True)
                    with conn.begin():
                        return work(conn)
            except IntegrityError as exc:
                if "foreign key" in str(exc.orig).lower():
                    raise UnknownLearner("This learner isn't registered in the store.") from exc
                raise
            except OperationalError as exc:
                if attempt == WRITE_ATTEMPTS or not self._is_transient(exc):
                    raise
                log(f"the store was busy ({_reason(exc)}); trying again (attempt {attempt + 1})")
                time.sleep(delay * (1 + random.random()))
                delay = min(delay * 2, 1.0)

    def _read(self, work):
        from sqlalchemy.exc import OperationalError

        if self.engine is None:
            raise StoreUnavailable("The store isn't open.")
        for attempt in range(1, 4):
            try:
                with self.engine.connect() as conn:
                    return work(conn)
            except OperationalError as exc:
                if attempt == 3 or not self._is_transient(exc):
                    raise
                time.sleep(0.05 * attempt)

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
        """When a damaged store file was last replaced by a fresh one, if within the last week."""
        value = self.meta_value("recovered_at")
        if not value:
            return None
        when = as_utc(value)
        now = now or utc_now()
        return when if now - when <= dt.timedelta(days=RECOVERY_NOTICE_DAYS) else None

    # ---- learners

    def register_learner(self, learner_id):
        """Let `learner_id` save (nothing changes if they already can)."""
        _check_id(learner_id)
        self._write(lambda conn: conn.execute(self._upsert(
            self.learners, {"id": learner_id, "created_at": utc_now()}, ["id"], [])))

    def is_registered(self, learner_id):
        from sqlalchemy import select

        return self._read(lambda conn: conn.execute(
            select(self.learners.c.id).where(self.learners.c.id == learner_id)).first()) is not None

    def delete_learner_work(self, learner_id, forget=False):
        """Delete everything saved for `learner_id`; with `forget`, unregister them too. Returns rows deleted."""
        from sqlalchemy import delete

        def work(conn):
            count = conn.execute(delete(self.saves).where(self.saves.c.learner_id == learner_id)).rowcount
            count += conn.execute(delete(self.progress_table)
                                  .where(self.progress_table.c.learner_id == learner_id)).rowcount
            if forget:
                conn.execute(delete(self.learners).where(self.learners.c.id == learner_id))
            return count
        return self._write(work)

    # ---- saved work

    def save(self, learner_id, key, data):
        """Save one exercise's work (JSON-ready data); returns when it was saved (UTC)."""
        _check_id(learner_id)
        text = encode(data)
        now = utc_now()
        statement = self._upsert(self.saves, {"learner_id": learner_id, "exercise_key": key, "data": text,
                                              "updated_at": now},
                                 ["learner_id", "exercise_key"], ["data", "updated_at"])
        self._write(lambda conn: conn.execute(statement))
        return now

    def load(self, learner_id, key):
        """The work saved for this learner and exercise, or None; UnreadableSave if it can't be decoded."""
        found = self.load_saved(learner_id, key)
        return None if found is None else found.data

    def load_saved(self, learner_id, key):
        from sqlalchemy import select

        row = self._read(lambda conn: conn.execute(
            select(self.saves.c.data, self.saves.c.updated_at)
            .where(self.saves.c.learner_id == learner_id, self.saves.c.exercise_key == key)).first())
        if row is None:
            return None
        try:
            return SavedWork(key, json.loads(row.data), as_utc(row.updated_at))
        except ValueError:
            raise UnreadableSave(f"The saved work for '{key}' can't be read.", row.data) from None

    def saved_work(self, learner_id):
        """Every exercise's saved work for this learner: {key: SavedWork}, kept copies left out.
        An entry whose data can't be decoded carries its raw text as `data`."""
        from sqlalchemy import select

        rows = self._read(lambda conn: conn.execute(
            select(self.saves.c.exercise_key, self.saves.c.data, self.saves.c.updated_at)
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
            found[row.exercise_key] = SavedWork(row.exercise_key, data, as_utc(row.updated_at))
        return found

    def set_aside(self, learner_id, key):
        """Keep a copy of the saved row under another key (before work that no longer fits is replaced)."""
        from sqlalchemy import insert, literal, select

        copy_key = f"{key}{SET_ASIDE_MARK}{utc_now().strftime('%Y%m%dT%H%M%S%fZ')}"
        source = select(self.saves.c.learner_id, literal(copy_key, self.saves.c.exercise_key.type),
                        self.saves.c.data, self.saves.c.updated_at).where(
            self.saves.c.learner_id == learner_id, self.saves.c.exercise_key == key)
        self._write(lambda conn: conn.execute(insert(self.saves).from_select(
            ["learner_id", "exercise_key", "data", "updated_at"], source)))
        return copy_key

    # ---- progress

    def record_visit(self, learner_id, module_id):
        now = utc_now()
        self._write(lambda conn: conn.execute(self._upsert(
            self.progress_table, {"learner_id": learner_id, "module_id": module_id, "first_opened_at": now,
                                  "last_opened_at": now, "done": False, "done_at": None},
            ["learner_id", "module_id"], ["last_opened_at"])))

    def set_done(self, learner_id, module_id, done):
        """Mark a module finished (or not); returns when it was saved."""
        now = utc_now()
        done = bool(done)
        self._write(lambda conn: conn.execute(self._upsert(
            self.progress_table, {"learner_id": learner_id, "module_id": module_id, "first_opened_at": now,
                                  "last_opened_at": now, "done": done, "done_at": now if done else None},
            ["learner_id", "module_id"], ["done", "done_at"])))
        return now

    def progress(self, learner_id):
        """{module_id: ModuleProgress} for every module this learner has opened or marked."""
        from sqlalchemy import select

        table = self.progress_table
        rows = self._read(lambda conn: conn.execute(select(table).where(table.c.learner_id == learner_id)).all())
        return {row.module_id: ModuleProgress(row.module_id, as_utc(row.first_opened_at),
                                              as_utc(row.last_opened_at), bool(row.done), as_utc(row.done_at))
                for row in rows}


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
