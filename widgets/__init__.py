"""The course's components. Importing this package is cheap: each name is imported when first used.

The package is in layers, one folder each; a module imports only from its own layer and the layers
before it, and `tests/test_layers.py` fails on an import against that order or on a cycle:

  log        one line for the server log (widgets/log.py); every layer may use it
  markup     text made safe to show: HTML and Markdown escaping, figures, SVG drawings
  content    the content files in data/: the loader, their schemas, the course's modules
  exercises  each exercise's state, grading and journal entry (never ipywidgets)
  storage    the learners' store, who is visiting, their progress
  views      each exercise's widgets, and the messages every view shares
  registry   every exercise: its key, course module, state and view (widgets/registry.py)
  pages      what notebooks call: a module's page frame, the home page, the journal, the deck's text

The server stands apart: `widgets/serve.py` is the command that starts it and imports none of these;
`widgets/server.py` is Voilà with what a room needs (kernels freed, hosts checked, secrets kept out of the log,
the course's own loading state) and reads only the course's modules (content); `widgets/kernel.py` starts each
page's kernel (its spec is app/kernels/python3/kernel.json) and imports none of them.
"""
import importlib

_EXPORTS = {
    "open_module": "widgets.pages.course",
    "home": "widgets.pages.home_page",
    "quote": "widgets.pages.text",
    "bullets": "widgets.pages.text",
    "ways_of": "widgets.pages.text",
    "places_text": "widgets.pages.text",
    "references": "widgets.pages.text",
    "load_table": "widgets.content",
    "ContentError": "widgets.content",
    "ExerciseState": "widgets.exercises.base",
    "Exercise": "widgets.exercises.base",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name):
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'widgets' has no attribute {name!r}")


def __dir__():
    return __all__
