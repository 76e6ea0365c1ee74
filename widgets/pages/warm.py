"""What a page's kernel can do before anyone asks for a page: the work every page shares and no learner owns.

In a room (`serve.sh --room --room-size N`) the server keeps N kernels started and warmed with `warm_up()`,
so that a learner's page only runs its own cells. Those run once the page is asked for: who the learner is
comes from that request (`widgets.storage.learner.request_environ`, after Voila's `wait_for_request()`),
and their saved work from the store after it. Nothing here reads a request or a learner's work.
"""
import importlib
from pathlib import Path

from ..log import log

PAGE_MODULES = ("course", "home_page", "journal", "personal_link", "text")
STORE_MODULES = ("sqlite3", "widgets.storage.store")


def store_modules(environ=None):
    """What a page's store will import: sqlite3, and psycopg too when SL_STORE names a PostgreSQL database."""
    from ..storage.store import store_location

    try:
        location = store_location(environ)
    except ValueError:           # a URL that can't be read: the page says its store can't be opened
        return STORE_MODULES
    return STORE_MODULES if isinstance(location, Path) or location.startswith("sqlite") else (*STORE_MODULES, "psycopg")


def warm_up():
    """Import what every page imports, and read and check every content file once (the loader keeps them)."""
    import ipywidgets  # noqa: F401 - the import is the work
    import segno  # noqa: F401 - a room page's header draws the learner's personal link as a QR code
    import websockets.asyncio.client  # noqa: F401 - a pooled page asks the server for its request with it
    from IPython.display import HTML  # noqa: F401

    from ..content.loader import load_table
    from ..content.schemas import SCHEMAS
    from ..registry import EXERCISES, find_exercise

    for name in store_modules():
        importlib.import_module(name)
    for name in PAGE_MODULES:
        importlib.import_module(f"{__package__}.{name}")
    try:
        for file in SCHEMAS:
            load_table(file)
        for entry in EXERCISES:
            for key in entry.shown_at:
                find_exercise(key)
    except Exception as exc:  # noqa: BLE001 - a broken file: the page that reads it says so, in its place
        log("warming a kernel up stopped early", exc)
