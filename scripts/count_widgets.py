"""Prints how many widgets each module page opens: every ipywidget is a comm the kernel builds, the Voila server
reads and the browser's widget manager builds a model for, so fewer widgets make a lighter page.

Runs each module notebook's code cells in one IPython shell per page (a solo learner, a store of its own in a
temporary folder), then counts the widgets opened, by class.

    PYTHONPATH=. .venv/bin/python scripts/count_widgets.py [--by-class] [module ...]
"""
import argparse
import collections
import contextlib
import io
import json
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def code_cells(notebook):
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return ["".join(cell["source"]) for cell in cells if cell["cell_type"] == "code"]


def widgets_opened(notebook):
    """{widget class name: count} of the widgets running `notebook`'s code cells opens."""
    import ipywidgets
    from IPython.core.interactiveshell import InteractiveShell

    opened = collections.Counter()
    original_open = ipywidgets.Widget.open

    def counting_open(widget):
        opened[type(widget).__name__] += 1
        return original_open(widget)

    shell = InteractiveShell.instance()
    ipywidgets.Widget.open = counting_open
    try:
        for source in code_cells(notebook):
            with contextlib.redirect_stdout(io.StringIO()):     # what the cells display, outside a browser
                result = shell.run_cell(source, silent=True)
            if not result.success:
                problem = result.error_in_exec or result.error_before_exec
                raise RuntimeError(f"{notebook.name}: a cell failed: {problem}")
    finally:
        ipywidgets.Widget.open = original_open
        ipywidgets.Widget.close_all()
        shell.reset(new_session=False)
    return opened


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help="module ids (default: every module)")
    parser.add_argument("--by-class", action="store_true", help="also print each page's count by widget class")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="sl-count-"))
    os.environ.update(SL_MODE="solo", SL_STORE=str(folder / "store.sqlite"), SL_STRICT="1")
    sys.path.insert(0, str(REPO))
    os.chdir(REPO / "course")
    from widgets.content.modules import load_modules

    total = 0
    for module in load_modules():
        if args.modules and module.id not in args.modules:
            continue
        opened = widgets_opened(REPO / "course" / module.notebook)
        count = sum(opened.values())
        total += count
        print(f"{module.id:<28} {count:4d}")
        if args.by_class:
            for name, n in opened.most_common():
                print(f"    {name:<26} {n:4d}")
    print(f"{'all modules':<28} {total:4d}")


if __name__ == "__main__":
    main()
