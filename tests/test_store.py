"""The learners' store: round trips, isolation, concurrency, crashes, damage, odd text, migration.

Every store test runs on SQLite, and on PostgreSQL too when SL_TEST_DATABASE_URL is set
(`eval "$(bash scripts/start_postgres.sh)"` starts one), each test in a schema of its own.
"""
import datetime as dt
import json
import multiprocessing
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from pathlib import Path

import pytest

from helpers import database, postgres_schema
from widgets.storage import store as store_module
from widgets.storage.store import (SCHEMA_VERSION, ModuleProgress, SaveConflict, Store, StoreUnavailable,
                                   UnknownLearner, UnreadableSave, create_tables, store_location)

REPO = Path(__file__).resolve().parent.parent
BACKENDS = ["sqlite", "postgresql"]
LEARNERS, SAVES_EACH = 20, 50

ODD_TEXTS = [
    "<script>alert(1)</script>",
    "'; DROP TABLE sl_saves; --",
    "\"); DELETE FROM sl_learners; --",
    "Emoji 😀👩🏽‍💻 and a flag 🏳️‍🌈",
    "مرحبا بالعالم — עברית RTL \u202e reversed",
    "NUL here:\x00:and after",
    "a lone surrogate \ud800 survives",
    "tabs\tand\nnew\r\nlines and a backslash \\ and \"quotes\"",
    "&lt;already escaped&gt; &amp;",
    "",
    "x" * 100_000,
]


def postgresql_schema():
    """A PostgreSQL schema of the test's own (skips the test when there's no server)."""
    if not os.environ.get("SL_TEST_DATABASE_URL"):
        pytest.skip("PostgreSQL: set SL_TEST_DATABASE_URL (eval \"$(bash scripts/start_postgres.sh)\")")
    return postgres_schema()


@pytest.fixture(params=BACKENDS)
def location(request, tmp_path):
    """Where a fresh store goes: an SQLite file, or a PostgreSQL schema of this test's own."""
    if request.param == "sqlite":
        yield tmp_path / "store.sqlite"
        return
    with postgresql_schema() as url:
        yield url


@pytest.fixture
def postgresql_location():
    with postgresql_schema() as url:
        yield url


@pytest.fixture
def store(location):
    with Store(location).open() as opened:
        yield opened


# ------------------------------------------------------------------ round trips and isolation

def test_round_trip(store):
    store.register_learner("solo")
    before = dt.datetime.now(dt.timezone.utc)
    saved = store.save("solo", "reflection", {"text": "My wicked issue", "done": True, "scores": [1, 2, 3]})
    assert store.load("solo", "reflection") == {"text": "My wicked issue", "done": True, "scores": [1, 2, 3]}
    found = store.saved_work("solo")
    assert list(found) == ["reflection"]
    assert found["reflection"].data == {"text": "My wicked issue", "done": True, "scores": [1, 2, 3]}
    assert found["reflection"].updated_at == store.load_saved("solo", "reflection").updated_at
    assert found["reflection"].version == saved.version == store.load_saved("solo", "reflection").version
    assert before - dt.timedelta(seconds=1) <= saved.saved_at <= dt.datetime.now(dt.timezone.utc)
    assert found["reflection"].updated_at.tzinfo is not None


def test_a_later_save_replaces_the_earlier_one(store):
    store.register_learner("solo")
    first = store.save("solo", "action-plan", {"steps": ["one"]})
    second = store.save("solo", "action-plan", {"steps": ["one", "two"]}, first.version)
    assert store.load("solo", "action-plan") == {"steps": ["one", "two"]}
    assert len(store.saved_work("solo")) == 1 and second.version > first.version


def test_nothing_saved_is_none(store):
    store.register_learner("solo")
    assert store.load("solo", "reflection") is None
    assert store.saved_work("solo") == {}
    assert store.progress("solo") == {}


def test_two_learners_never_see_each_other(store):
    for learner in ("room:aaa", "room:bbb"):
        store.register_learner(learner)
    store.save("room:aaa", "reflection", {"text": "Ann's secret"})
    store.save("room:bbb", "reflection", {"text": "Bob's"})
    store.save("room:bbb", "action-plan", {"steps": []})
    assert store.load("room:aaa", "reflection") == {"text": "Ann's secret"}
    assert store.load("room:bbb", "reflection") == {"text": "Bob's"}
    assert list(store.saved_work("room:aaa")) == ["reflection"]
    assert store.load("room:aaa", "action-plan") is None
    store.delete_learner_work("room:bbb", forget=True)
    assert store.load("room:aaa", "reflection") == {"text": "Ann's secret"}


def test_work_for_an_unregistered_learner_is_refused(store):
    with pytest.raises(UnknownLearner):
        store.save("room:never-issued", "reflection", {"text": "x"})
    assert not store.is_registered("room:never-issued")
    store.register_learner("room:issued")
    store.register_learner("room:issued")  # registering again changes nothing
    assert store.is_registered("room:issued")


def test_odd_text_is_stored_exactly_as_written(store):
    store.register_learner("solo")
    for number, text in enumerate(ODD_TEXTS):
        store.save("solo", f"note-{number}", {"text": text, text[:50]: "as a key too"})
    for number, text in enumerate(ODD_TEXTS):
        assert store.load("solo", f"note-{number}") == {"text": text, text[:50]: "as a key too"}
    assert store.is_registered("solo") and len(store.saved_work("solo")) == len(ODD_TEXTS)


def test_html_is_stored_as_written_not_escaped(tmp_path):
    with Store(tmp_path / "store.sqlite").open() as store:
        store.register_learner("solo")
        store.save("solo", "reflection", {"text": "<script>alert(1)</script> & <b>"})
    raw = sqlite3.connect(tmp_path / "store.sqlite").execute("SELECT data FROM sl_saves").fetchone()[0]
    assert "<script>alert(1)</script> & <b>" in raw


@pytest.mark.parametrize("bad", [{"when": dt.datetime(2026, 1, 1)}, {"x": float("nan")}, {"x": object()}])
def test_what_isnt_json_is_refused_before_touching_the_store(store, bad):
    store.register_learner("solo")
    saved = store.save("solo", "k", {"fine": 1})
    with pytest.raises(ValueError):
        store.save("solo", "k", bad, saved.version)
    assert store.load("solo", "k") == {"fine": 1}


def test_too_long_is_refused(store):
    store.register_learner("solo")
    with pytest.raises(ValueError, match="too long"):
        store.save("solo", "k", {"text": "x" * (store_module.MAX_SAVE_CHARACTERS + 1)})


def test_unreadable_row_is_reported_not_guessed(tmp_path):
    with Store(tmp_path / "store.sqlite").open() as store:
        store.register_learner("solo")
        store.save("solo", "reflection", {"text": "ok"})
    with sqlite3.connect(tmp_path / "store.sqlite") as raw:
        raw.execute("UPDATE sl_saves SET data = '{not json'")
    with Store(tmp_path / "store.sqlite").open() as store:
        with pytest.raises(UnreadableSave) as caught:
            store.load("solo", "reflection")
        assert caught.value.raw == "{not json"
        assert store.saved_work("solo")["reflection"].data == "{not json"


def test_a_copy_set_aside_is_kept_but_not_live_work(store):
    store.register_learner("solo")
    saved = store.save("solo", "reflection", {"text": "old shape"})
    copy_key = store.set_aside("solo", "reflection")
    store.save("solo", "reflection", {"text": "new shape"}, saved.version)
    assert store.load("solo", copy_key) == {"text": "old shape"}
    assert list(store.saved_work("solo")) == ["reflection"]


def test_delete_learner_work(store):
    for learner in ("solo", "other"):
        store.register_learner(learner)
        store.save(learner, "reflection", {"text": learner})
        store.record_visit(learner, "welcome")
    assert store.delete_learner_work("solo") == 2
    assert store.saved_work("solo") == {} and store.progress("solo") == {}
    assert store.is_registered("solo")                 # solo: may start afresh at once
    store.save("solo", "reflection", {"text": "again"})
    store.delete_learner_work("solo", forget=True)     # room: the link dies with the work
    assert not store.is_registered("solo")
    with pytest.raises(UnknownLearner):
        store.save("solo", "reflection", {"text": "from a stale tab"})
    assert store.load("other", "reflection") == {"text": "other"}


# ------------------------------------------------------------------ many learners at once

def save_many(location, learner, errors, shared=None):
    try:
        store = shared or Store(location).open()
        store.register_learner(learner)
        latest = None
        for number in range(SAVES_EACH):
            store.save(learner, f"exercise-{number}", {"learner": learner, "n": number, "text": "é" * 200})
            latest = store.save(learner, "latest", {"n": number}, latest and latest.version)
        if shared is None:
            store.close()
    except Exception as exc:  # noqa: BLE001 - collected and asserted on below
        errors.append(f"{learner}: {exc!r}")


def check_everything_read_back(location):
    with Store(location).open() as store:
        for index in range(LEARNERS):
            learner = f"learner-{index}"
            work = store.saved_work(learner)
            assert len(work) == SAVES_EACH + 1, learner
            for number in range(SAVES_EACH):
                assert work[f"exercise-{number}"].data == {"learner": learner, "n": number, "text": "é" * 200}
            assert work["latest"].data == {"n": SAVES_EACH - 1}


def test_twenty_learners_saving_at_once_in_threads(location):
    errors = []
    with Store(location).open() as shared:
        threads = [threading.Thread(target=save_many, args=(location, f"learner-{i}", errors, shared))
                   for i in range(LEARNERS)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
    print(f"\nthreads: {LEARNERS} learners x {SAVES_EACH * 2} saves in {elapsed:.2f} s, errors: {len(errors)}")
    assert errors == []                      # in particular, no "database is locked"
    check_everything_read_back(location)


def process_worker(location, learner, barrier, results):
    barrier.wait(120)
    errors = []
    save_many(location, learner, errors)
    results.put(errors)


def process_context():
    """Processes forked from a server that has imported the store once (spawning 20 fresh
    interpreters would time the imports, not the saves)."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["psycopg", "widgets.storage.store", __name__])
    return context


def save_in_processes(location, count):
    """`count` processes, each saving as its own learner, all released at once: (errors, exit codes)."""
    context = process_context()
    barrier, results = context.Barrier(count), context.Queue()
    processes = [context.Process(target=process_worker, args=(location, f"learner-{i}", barrier, results))
                 for i in range(count)]
    for process in processes:
        process.start()
    errors = []
    for _ in processes:
        errors += results.get(timeout=300)
    for process in processes:
        process.join(60)
    return errors, [process.exitcode for process in processes]


def test_twenty_learners_saving_at_once_in_processes(location):
    errors, exit_codes = save_in_processes(location, LEARNERS)
    assert errors == []
    assert exit_codes == [0] * LEARNERS
    check_everything_read_back(location)


# ------------------------------------------------------------------ a kernel killed mid-save

KILLED_SAVER = """
import sys
from pathlib import Path
from widgets.storage.store import Store
location = sys.argv[1]
store = Store(Path(location) if "://" not in location else location).open()
store.register_learner("solo")
number = 0
latest = None
while True:
    store.save("solo", f"save-{number}", {"n": number, "text": "typing " * 50})
    latest = store.save("solo", "latest", {"n": number}, latest and latest.version)
    print(number, flush=True)
    number += 1
"""


def test_a_kernel_killed_mid_save_loses_nothing_committed(location):
    saver = subprocess.Popen([sys.executable, "-c", KILLED_SAVER, str(location)], stdout=subprocess.PIPE,
                             text=True, cwd=REPO)
    committed = -1
    try:
        for line in saver.stdout:
            committed = int(line)
            if committed >= 300:
                break
    finally:
        os.kill(saver.pid, signal.SIGKILL)
        saver.wait(30)
    assert saver.returncode == -signal.SIGKILL
    assert committed >= 300
    with Store(location).open() as store:
        assert store.notice is None                     # opened cleanly, nothing moved aside
        work = store.saved_work("solo")
        for number in range(committed + 1):
            assert work[f"save-{number}"].data["n"] == number
        assert work["latest"].data["n"] >= committed
    if isinstance(location, Path):
        assert not list(location.parent.glob("*.corrupt-*"))


# ------------------------------------------------------------------ damaged or unusable store files

def test_a_garbage_file_is_moved_aside_and_a_fresh_store_started(tmp_path, capfd):
    path = tmp_path / "store.sqlite"
    garbage = b"this is not a database \x00\xff" * 500
    path.write_bytes(garbage)
    with Store(path).open() as store:
        assert store.notice and "damaged" in store.notice
        store.register_learner("solo")
        store.save("solo", "reflection", {"text": "new"})
        assert store.recent_recovery() is not None
    aside = list(tmp_path.glob("store.sqlite.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == garbage     # kept, byte for byte
    log = capfd.readouterr().err
    assert "moved aside" in log and str(aside[0]) in log
    with Store(path).open() as again:                                # the fresh store is fine
        assert again.notice is None and again.load("solo", "reflection") == {"text": "new"}


def test_a_damaged_database_is_moved_aside(tmp_path):
    path = tmp_path / "store.sqlite"
    with Store(path).open() as store:
        store.register_learner("solo")
        for number in range(300):
            store.save("solo", f"k{number}", {"text": "words " * 100})
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(page * 2, min(len(data), page * 40), page):
        data[offset:offset + 200] = b"\xde\xad" * 100               # trash the start of many pages
    path.write_bytes(bytes(data))
    with Store(path).open() as store:
        assert store.notice
        store.register_learner("solo")
    aside = [p for p in tmp_path.glob("store.sqlite.corrupt-*") if not p.name.endswith(("-wal", "-shm"))]
    assert len(aside) == 1


def test_an_empty_file_is_simply_a_new_store(tmp_path):
    path = tmp_path / "store.sqlite"
    path.touch()
    with Store(path).open() as store:
        assert store.notice is None and store.schema_version() == SCHEMA_VERSION


def test_a_path_that_isnt_a_file_is_reported_and_left_alone(tmp_path):
    path = tmp_path / "store.sqlite"
    path.mkdir()
    (path / "keep.txt").write_text("mine")
    with pytest.raises(StoreUnavailable, match="isn't a file"):
        Store(path).open()
    assert (path / "keep.txt").read_text() == "mine"


def test_an_unreadable_file_is_reported_and_left_alone(tmp_path, monkeypatch):
    path = tmp_path / "store.sqlite"
    with Store(path).open() as store:
        store.register_learner("solo")
    before = path.read_bytes()

    def open_refusing_the_store(file, *args, **kwargs):
        # What permissions do for anyone but root (who reads every file, as CI does)
        if Path(file) == path:
            raise PermissionError(13, "Permission denied", str(file))
        return open(file, *args, **kwargs)

    monkeypatch.setattr(store_module, "open", open_refusing_the_store, raising=False)
    with pytest.raises(StoreUnavailable, match="permission denied"):
        Store(path).open()
    assert path.read_bytes() == before and not list(tmp_path.glob("*.corrupt-*"))


def test_a_store_inside_the_served_folders_is_refused():
    for folder in ("course", "app"):
        with pytest.raises(StoreUnavailable, match="publishes"):
            Store(REPO / folder / "store.sqlite").open()
        assert not (REPO / folder / "store.sqlite").exists()


def test_someone_elses_database_is_left_alone(location):
    with database(location) as conn:
        conn.execute("CREATE TABLE sl_customers_elsewhere (id INTEGER NOT NULL, PRIMARY KEY (id))")
        conn.execute("INSERT INTO sl_customers_elsewhere (id) VALUES (7)")
    with pytest.raises(StoreUnavailable, match="aren't the course's"):
        Store(location).open()
    with database(location) as conn:
        assert conn.all("SELECT id FROM sl_customers_elsewhere") == [(7,)]


# ------------------------------------------------------------------ schema versions

def insert_rows(conn, table, rows):
    for row in rows:
        conn.execute(f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join(':' + name for name in row)})", row)


def make_v1_store(location):
    with database(location) as conn:          # schema 1, as the first release made it: saves only, no times
        create_tables(conn, names=["sl_meta"])
        conn.execute("CREATE TABLE sl_saves (learner_id VARCHAR(200) NOT NULL, exercise_key VARCHAR(200) NOT NULL, "
                     "data TEXT NOT NULL, PRIMARY KEY (learner_id, exercise_key))")
        insert_rows(conn, "sl_meta", [{"name": "schema_version", "value": "1"}])
        insert_rows(conn, "sl_saves", [
            {"learner_id": "solo", "exercise_key": "reflection", "data": json.dumps({"text": "kept <b>"})},
            {"learner_id": "solo", "exercise_key": "action-plan", "data": json.dumps({"steps": ["a", "b"]})},
            {"learner_id": "room:abc", "exercise_key": "reflection", "data": json.dumps({"text": "theirs"})},
        ])


def test_a_version_1_store_is_migrated_without_losing_saves(location):
    make_v1_store(location)
    with Store(location).open() as store:
        assert store.schema_version() == SCHEMA_VERSION == 4                    # through 2, on to 3
        assert store.load("solo", "reflection") == {"text": "kept <b>"}
        assert store.load("solo", "action-plan") == {"steps": ["a", "b"]}
        assert store.load("room:abc", "reflection") == {"text": "theirs"}
        assert store.is_registered("solo") and store.is_registered("room:abc")   # their links still work
        saved = store.saved_work("solo")["reflection"]
        assert saved.updated_at is not None
        store.save("solo", "reflection", {"text": "after"}, saved.version)
        store.record_visit("solo", "welcome")
    with Store(location).open() as again:           # opening again migrates nothing
        assert again.load("solo", "reflection") == {"text": "after"}
    if isinstance(location, Path):
        backups = list(location.parent.glob("store.sqlite.v1-backup-*"))
        assert len(backups) == 1
        rows = sqlite3.connect(backups[0]).execute("SELECT count(*) FROM sl_saves").fetchone()
        assert rows == (3,)


TABLES = ("sl_meta", "sl_learners", "sl_saves", "sl_progress")


def table_rows(conn, tables=TABLES):
    """Every row of these tables as plain text (versions left out), to compare before and after."""
    found = {}
    for table in tables:
        cursor = conn.execute(f"SELECT * FROM {table}")
        names = [column[0] for column in cursor.description]
        found[table] = sorted(tuple(str(value) for name, value in zip(names, row) if name != "version")
                              for row in cursor.fetchall())
    return found


def make_v2_store(location):
    """A schema-2 store (before versions) with learners, saves, progress and settings; returns its rows."""
    when = dt.datetime(2026, 3, 4, 5, 6, 7, tzinfo=dt.timezone.utc)
    with database(location) as conn:
        create_tables(conn, schema_version=2)
        insert_rows(conn, "sl_meta", [{"name": "schema_version", "value": "2"}, {"name": "created_at", "value": "x"},
                                      {"name": "tutor-note", "value": "kept"}])
        insert_rows(conn, "sl_learners", [{"id": learner, "created_at": when} for learner in ("solo", "room:abc")])
        insert_rows(conn, "sl_saves", [
            {"learner_id": "solo", "exercise_key": "reflection", "data": json.dumps({"text": "kept <b>"}),
             "updated_at": when},
            {"learner_id": "solo", "exercise_key": "reflection#set-aside-1", "data": json.dumps({"text": "old"}),
             "updated_at": when},
            {"learner_id": "room:abc", "exercise_key": "action-plan", "data": json.dumps({"steps": ["a"]}),
             "updated_at": when},
        ])
        insert_rows(conn, "sl_progress", [
            {"learner_id": "solo", "module_id": "welcome", "first_opened_at": when, "last_opened_at": when,
             "done": True, "done_at": when},
            {"learner_id": "room:abc", "module_id": "context", "first_opened_at": when, "last_opened_at": when,
             "done": False, "done_at": None},
        ])
        rows = table_rows(conn)
    return rows


def test_a_version_2_store_is_migrated_keeping_every_row(location):
    before = make_v2_store(location)
    with Store(location).open() as store:
        assert store.schema_version() == SCHEMA_VERSION == 4
        after = store._read(table_rows)
        before["sl_meta"].remove(("schema_version", "2"))
        after["sl_meta"].remove(("schema_version", "4"))
        assert after == before and len(after["sl_saves"]) == 3                  # every row, as it was
        saved = store.load_saved("solo", "reflection")
        assert saved.data == {"text": "kept <b>"} and saved.version == 1
        assert store.progress("solo")["welcome"].done is True and store.progress("solo")["welcome"].version == 1
        with pytest.raises(SaveConflict):                                       # compare-and-set works at once
            store.save("solo", "reflection", {"text": "from a page that saw nothing"})
        store.save("solo", "reflection", {"text": "after"}, saved.version)
        store.set_done("room:abc", "context", True, store.progress("room:abc")["context"].version)
        rows_before_reopening = store._read(table_rows)
    with Store(location).open() as again:                                       # opening again migrates nothing
        assert again.schema_version() == 4
        assert again._read(table_rows) == rows_before_reopening
    if isinstance(location, Path):
        backups = list(location.parent.glob("store.sqlite.v2-backup-*"))
        assert len(backups) == 1
        with sqlite3.connect(backups[0]) as backup:
            assert [backup.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                    for table in ("sl_learners", "sl_saves", "sl_progress", "sl_meta")] == [2, 3, 2, 3]


def test_a_store_made_through_sqlalchemy_opens_unchanged(tmp_path):
    """tests/store_v4_sqlalchemy.sql: a schema-4 store as the course wrote it before, through SQLAlchemy."""
    path = tmp_path / "store.sqlite"
    with closing(sqlite3.connect(path)) as raw:
        raw.executescript((REPO / "tests" / "store_v4_sqlalchemy.sql").read_text(encoding="utf-8"))

    def at(microseconds):
        return dt.datetime(2026, 12, 3, 13, 56, 4, microseconds, dt.timezone.utc)

    with Store(path).open() as store:
        assert store.notice is None and store.schema_version() == 4
        saved = store.load_saved("room:a", "reflection")
        assert saved == store_module.SavedWork("reflection", {"text": "kept <b> é 😀"}, at(156167), 1796306164156173)
        assert list(store.saved_work("room:a")) == ["reflection"]
        assert store.progress("room:a") == {"welcome": ModuleProgress("welcome", at(343721), at(343721), True,
                                                                      at(363106), 1796306164363112)}
        assert store.is_tutor_key("k" * 64) and store.learner_names() == {"room:a": ("Ann", 2)}
        assert store.group_board() == [(1, 2, "room:a", "q", "post text", at(429247))]
        assert store.group_count() == 3 and sorted(learner for learner, _ in store.room_learners()) == [
            "room:a", "room:b"]
        store.save("room:a", "reflection", {"text": "after"}, saved.version)
        assert store.add_group_post(2, "room:b", "q", "new") == 2
    assert not list(tmp_path.glob("store.sqlite.v*-backup-*"))                # nothing to migrate
    with closing(sqlite3.connect(path)) as raw:                                 # times written as they were before
        times = raw.execute("SELECT updated_at FROM sl_saves UNION ALL SELECT created_at FROM sl_group_posts")
        times = times.fetchall()
    assert len(times) == 4 and all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}", time) for (time,) in times)


def test_a_newer_store_is_refused_and_left_alone(store, location):
    store.register_learner("solo")
    store.save("solo", "reflection", {"text": "from the future"})
    store._write(lambda conn: conn.execute("UPDATE sl_meta SET value = '99' WHERE name = 'schema_version'"))
    with pytest.raises(StoreUnavailable, match="newer version"):
        Store(location).open()
    assert store.meta_value("schema_version") == "99"
    assert store.load("solo", "reflection") == {"text": "from the future"}


def test_many_processes_creating_a_store_at_once(location):
    errors, _ = save_in_processes(location, 6)
    assert errors == []


def test_a_dropped_postgresql_connection_is_replaced_and_nothing_is_lost(postgresql_location):
    location = postgresql_location
    with Store(location).open() as store:
        store.register_learner("solo")
        first = store.save("solo", "reflection", {"text": "before"})

        def drop_every_connection():
            pids = [raw.info.backend_pid for raw in store.idle]
            with database(location) as conn:
                for pid in pids:
                    assert conn.scalar("SELECT pg_terminate_backend(:pid)", {"pid": pid})
        drop_every_connection()
        assert store.load("solo", "reflection") == {"text": "before"}          # a read takes a fresh connection
        drop_every_connection()
        store.save("solo", "reflection", {"text": "after"}, first.version)      # so does a write
    with Store(location).open() as again:
        assert again.load("solo", "reflection") == {"text": "after"}


# ------------------------------------------------------------------ what a page's kernel imports

LOADS_WORK = """
import sys
from widgets.storage.store import open_store
with open_store() as store:
    store.register_learner("solo")
    store.save("solo", "reflection", {"text": "mine"})
    assert store.saved_work("solo")["reflection"].data == {"text": "mine"} and store.progress("solo") == {}
print(" ".join(sorted({name.split(".")[0] for name in sys.modules} & {"sqlalchemy", "psycopg"})) or "neither")
"""


def test_opening_a_store_and_loading_work_imports_no_sqlalchemy(location):
    """SQLAlchemy costs a page's kernel 0.2 s of CPU to import; psycopg is imported for PostgreSQL only."""
    finished = subprocess.run([sys.executable, "-c", LOADS_WORK], capture_output=True, text=True, cwd=REPO,
                              env={**os.environ, "SL_STORE": str(location)}, timeout=120)
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.split() == (["neither"] if isinstance(location, Path) else ["psycopg"])


def test_a_warmed_kernel_imports_the_driver_its_store_will_use(tmp_path):
    from widgets.pages.warm import store_modules

    assert store_modules({"SL_STORE": str(tmp_path / "store.sqlite")}) == ("sqlite3", "widgets.storage.store")
    assert store_modules({"SL_STORE": "postgresql+psycopg://ann@db/course"}) == (
        "sqlite3", "widgets.storage.store", "psycopg")


# ------------------------------------------------------------------ where the store lives

def test_store_location_comes_from_sl_store(tmp_path):
    assert store_location({"SL_STORE": str(tmp_path / "a.sqlite")}) == tmp_path / "a.sqlite"
    assert store_location({"SL_STORE": "postgresql+psycopg://u:p@h/db"}) == "postgresql+psycopg://u:p@h/db"
    assert store_location({"SL_STORE": "  ", "HOME": "/home/ann"}) == Path(
        "/home/ann/.local/share/systems-leadership/store.sqlite")
    assert store_location({"XDG_DATA_HOME": "/data"}) == Path("/data/systems-leadership/store.sqlite")
    assert store_location({"SL_STORE": "sqlite:////srv/course/store.sqlite"}) == Path("/srv/course/store.sqlite")


def test_a_database_url_is_read_as_before():
    assert store_module.connect_args("postgresql+psycopg://ann%40x:p%2Fw@db:5433/course?options=-csearch_path%3Dsl"
                                     "&connect_timeout=2") == {
        "user": "ann@x", "password": "p/w", "host": "db", "port": "5433", "dbname": "course",
        "options": "-csearch_path=sl", "connect_timeout": "2"}
    assert store_module.connect_args("postgresql://[::1]/course") == {"host": "::1", "dbname": "course"}
    assert store_location({"SL_STORE": "sqlite:////srv/my%20course/s.sqlite"}) == Path("/srv/my course/s.sqlite")
    for bad, message in (("://db/course", "Could not parse"), ("postgresql://db:port/course", "invalid literal")):
        with pytest.raises(ValueError, match=message):
            store_location({"SL_STORE": bad})


def test_the_default_store_is_outside_the_repository():
    default = store_module.default_store_path()
    assert REPO.resolve() not in default.resolve().parents


def test_a_password_never_reaches_the_log():
    assert "secret" not in store_module.describe_location("postgresql+psycopg://ann:secret@db/course")


def test_an_unreachable_database_is_reported():
    with pytest.raises(StoreUnavailable):
        Store("postgresql+psycopg://nobody:x@127.0.0.1:1/none?connect_timeout=2").open()


def test_a_running_sqlite_store_can_be_backed_up(tmp_path, monkeypatch, capsys):
    path = tmp_path / "store.sqlite"
    with Store(path).open() as store:
        store.register_learner("solo")
        store.save("solo", "reflection", {"text": "keep me"})
        monkeypatch.setenv("SL_STORE", str(path))
        assert store_module.main(["backup", str(tmp_path / "copy.sqlite")]) == 0   # while it is open
    with Store(tmp_path / "copy.sqlite").open() as copy:
        assert copy.load("solo", "reflection") == {"text": "keep me"}
    assert store_module.main(["where"]) == 0 and str(path) in capsys.readouterr().out
