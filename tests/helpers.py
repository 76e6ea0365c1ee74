"""Helpers the unit tests share: finding widgets in a view by CSS class, the source deck's text, and
straight connections to a store's database (a PostgreSQL schema of a test's own; old stores built by hand).

Test files import them as `from helpers import ...` (tests/ is on sys.path: pytest puts the folder of
tests/conftest.py there).
"""
import asyncio
import contextlib
import os
import re
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode


# A copy of the source deck (shared/seed/000_bd18a3cd4afc2535.txt), kept with the tests so they run anywhere.
DECK_FILE = Path(__file__).resolve().parent / "deck.txt"


def run_apart(coroutine):
    """Run `coroutine` to its end on an event loop of its own, in a thread of its own (the browser tests' Playwright
    may already run a loop on this thread), and return what it returns."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


def walk(widget):
    """`widget` and every widget below it, parents before their children."""
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def find(widget, css):
    """Every widget under `widget` (itself included) with the CSS class `css`."""
    return [w for w in walk(widget) if css in getattr(w, "_dom_classes", ())]


def one(widget, css):
    """The one widget under `widget` with the CSS class `css`; fails when there are none or several."""
    matches = find(widget, css)
    assert len(matches) == 1, f"{len(matches)} widgets have class {css}"
    return matches[0]


def deck_raw():
    """The source deck as written."""
    return DECK_FILE.read_text(encoding="utf-8")


def flat(text):
    """Text with every run of white space made one space, so line breaks don't matter."""
    return re.sub(r"\s+", " ", text).strip()


def deck_text():
    return flat(deck_raw())


def widgets_opened(build):
    """(what `build()` returns, {widget class name: how many it opened}): each widget opened is a comm the kernel
    sends, the Voila server reads and the browser builds a model for."""
    import collections

    import ipywidgets

    opened = collections.Counter()
    original = ipywidgets.Widget.open

    def counting(widget):
        opened[type(widget).__name__] += 1
        return original(widget)

    ipywidgets.Widget.open = counting
    try:
        return build(), opened
    finally:
        ipywidgets.Widget.open = original


@contextlib.contextmanager
def database(location):
    """A widgets.storage.store Connection straight to a store's database (an SQLite file, or a PostgreSQL URL),
    outside any Store: to build an old store, or someone else's tables. Commits when the block ends."""
    from widgets.storage import store

    if isinstance(location, Path):
        raw, dialect = store.connect_sqlite(str(location)), store.SQLITE
        raw.execute("BEGIN")
    else:
        import psycopg

        raw, dialect = psycopg.connect(**store.connect_args(location)), store.POSTGRESQL
    try:
        yield store.Connection(raw, dialect)
        raw.commit()
    finally:
        raw.close()


def postgres_url(schema):
    """SL_TEST_DATABASE_URL, for a store kept in this PostgreSQL schema."""
    url = os.environ["SL_TEST_DATABASE_URL"]
    return url + ("&" if "?" in url else "?") + urlencode({"options": f"-csearch_path={schema}"})


@contextlib.contextmanager
def postgres_schema(prefix="sl_test"):
    """A fresh PostgreSQL schema on SL_TEST_DATABASE_URL, dropped with everything in it afterwards: yields the
    store URL that keeps a store in it."""
    import psycopg

    from widgets.storage.store import connect_args

    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    server = connect_args(os.environ["SL_TEST_DATABASE_URL"])
    with psycopg.connect(**server, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield postgres_url(schema)
    finally:
        with psycopg.connect(**server, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")
