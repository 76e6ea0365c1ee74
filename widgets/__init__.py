"""The course's components. Importing this package is cheap: each name is imported when first used."""
import importlib

_EXPORTS = {
    "open_module": "widgets.course",
    "home": "widgets.home_page",
    "quote": "widgets.text",
    "bullets": "widgets.text",
    "ways_of": "widgets.text",
    "places_text": "widgets.text",
    "references": "widgets.text",
    "load_table": "widgets.content",
    "ContentError": "widgets.content",
    "ExerciseState": "widgets.exercise",
    "Exercise": "widgets.exercise",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name):
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'widgets' has no attribute {name!r}")


def __dir__():
    return __all__
