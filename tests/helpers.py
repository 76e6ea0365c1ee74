"""Helpers the unit tests share: finding widgets in a view by CSS class, and the source deck's text.

Test files import them as `from helpers import ...` (tests/ is on sys.path: pytest puts the folder of
tests/conftest.py there).
"""
import re
from pathlib import Path


# A copy of the source deck (shared/seed/000_bd18a3cd4afc2535.txt), kept with the tests so they run anywhere.
DECK_FILE = Path(__file__).resolve().parent / "deck.txt"


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
