"""A store that can't be written (read-only, full): the page goes on, says that saving stopped, never says
"Saved", and the server log never holds a learner's answers.

The tests run as root, and root writes to any file whatever its mode, so a chmod can't make the store
read-only here. Instead the page's store is reopened through SQLite's own read-only mode (a `file:` URI with
mode=ro: SQLite refuses every write exactly as for a read-only file), or, on PostgreSQL, with read-only
transactions; a full disk is SQLite's `PRAGMA max_page_count` set to the pages the file already has.
"""
import sqlite3
from pathlib import Path

import pytest
import test_progress
import test_store
from test_progress import MODULES, plain, status_of
from widgets.pages import course
from widgets.storage.learner import Learner
from widgets.storage.store import Store, StoreBroken, connect_sqlite

location, shown, fake = test_store.location, test_progress.shown, test_progress.fake   # fixtures
SOLO = Learner("solo", "")
MARKER = "UNIQUE-ANSWER-MARKER-7f3a9c"


def make_read_only(store):
    """From now on, this store's connections can read but not write."""
    store.drop_connections()
    if isinstance(store.location, Path):
        store._connect = lambda: connect_sqlite(f"file:{store.location}?mode=ro", uri=True)
        return
    connect = store._connect

    def read_only_transactions():
        connection = connect()
        connection.execute("SET default_transaction_read_only = on")
        connection.commit()          # else a rollback undoes the SET
        return connection
    store._connect = read_only_transactions


def make_full(store):
    """From now on, this SQLite store can't grow by a single page, as on a full disk."""
    pages = sqlite3.connect(store.location).execute("PRAGMA page_count").fetchone()[0]
    store.drop_connections()
    connect = store._connect

    def full_connection():
        connection = connect()
        connection.execute(f"PRAGMA max_page_count = {pages}")
        return connection
    store._connect = full_connection


def open_reflection(store, fake, shown):
    course.Page(course.find_module("reflection", MODULES), MODULES, SOLO, store).show("reflection")
    return fake.states[-1], status_of(shown)


@pytest.fixture
def store(location):
    with Store(location).open() as opened:
        opened.register_learner("solo")
        yield opened


def test_a_read_only_store_stops_saving_says_so_and_never_raises(store, fake, shown):
    state, status = open_reflection(store, fake, shown)
    state.text = "saved before"
    assert "Saved " in status.value
    make_read_only(store)
    state.text = "typed while the store is read-only"             # must not raise
    assert state.text == "typed while the store is read-only"
    assert "sl-save-stopped" in status.value and "Saved" not in status.value
    assert "Saving stopped" in plain(status.value) and "can't be written to" in plain(status.value)
    assert "your text is still here" in plain(status.value)
    state.text = "typed on"                                         # still no exception, still no "Saved"
    assert "Saved" not in status.value
    assert store.load("solo", "reflection")["text"] == "saved before"


def test_a_full_store_stops_saving_says_so_and_never_raises(tmp_path, fake, shown):
    with Store(tmp_path / "store.sqlite").open() as store:
        store.register_learner("solo")
        state, status = open_reflection(store, fake, shown)
        state.text = "short"
        assert "Saved " in status.value
        make_full(store)
        state.text = "a long answer " * 2000                        # needs pages the store can't have
        assert "sl-save-stopped" in status.value and "is full" in plain(status.value)
        assert "Saved" not in status.value
        assert store.load("solo", "reflection")["text"] == "short"


@pytest.mark.parametrize("mode", ["solo", "room"])
def test_a_page_opened_on_a_read_only_store_says_up_front_that_nothing_is_saved(tmp_path, monkeypatch, shown,
                                                                                  fake, mode):
    from widgets.storage.learner import issue_learner

    path = tmp_path / "store.sqlite"
    with Store(path).open() as store:
        store.register_learner("solo")
        token = issue_learner(store).token
    read_only = Store(path).open()
    make_read_only(read_only)
    monkeypatch.setattr(course, "try_open_store", lambda: (read_only, None))
    monkeypatch.setenv("SL_MODE", mode)
    monkeypatch.setenv("QUERY_STRING", f"learner={token}")
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    page = course.open_module("reflection")
    assert page.store is None
    assert "can't be written to" in plain("".join(getattr(item, "data", "") for item in shown))
    page.show("reflection")
    fake.states[-1].text = "not kept"
    assert 'class="sl-save-off"' in status_of(shown).value and "Saved" not in status_of(shown).value
    read_only.close()


def test_a_failed_save_leaves_no_answer_text_in_the_log(store, fake, shown, capfd):
    state, status = open_reflection(store, fake, shown)
    make_read_only(store)
    capfd.readouterr()
    state.text = f"My answer {MARKER} with its secret"
    log = capfd.readouterr().err
    assert MARKER not in log
    assert "[systems-leadership]" in log and "read" in log           # the log does say what failed
    assert "Saved" not in status.value


def test_a_store_error_is_logged_without_its_statements_values():
    """Database drivers put the failing row on the lines after the message ("DETAIL: Failing row contains")."""
    from widgets.log import traceback_lines

    try:
        try:
            raise RuntimeError(f"null value violates not-null constraint\nDETAIL: Failing row contains ({MARKER})")
        except RuntimeError as cause:
            raise StoreBroken("The store can't be written to.") from cause
    except StoreBroken as error:
        lines = "\n".join(traceback_lines(error))
    assert "not-null constraint" in lines and "can't be written to" in lines and MARKER not in lines


def test_saved_work_the_journal_cant_read_leaves_no_answer_text_in_the_log(capfd):
    """An exercise that refuses saved work names the refused value in its error; the log gets no such value."""
    import datetime as dt

    from widgets.pages.journal import read_piece

    piece = read_piece("reflection:reflection", ({"answers": [f"{MARKER} answer"]}, dt.datetime.now(dt.timezone.utc)))
    assert not piece.readable
    log = capfd.readouterr().err
    assert "reflection:reflection" in log and MARKER not in log
