"""Prints how many widgets each module page opens, and how many updates its widgets send while it is built: every
ipywidget is a comm the kernel builds, the Voila server reads and the browser's widget manager builds a model for,
and every change made after a widget is built (an `add_class`, a value set) is one more message; so fewer of both
make a lighter page.

Runs each module notebook's code cells in one IPython shell per page (a solo learner, a store of its own in a
temporary folder), then counts the widgets opened, by class, and the updates sent.

    .venv/bin/python scripts/count_widgets.py [--by-class] [module ...]
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
    """({widget class name: count} of the widgets running `notebook`'s code cells opens, how many updates they send)."""
    import ipywidgets
    from IPython.core.interactiveshell import InteractiveShell

    opened = collections.Counter()
    updates = [0]
    original_open, original_send_state = ipywidgets.Widget.open, ipywidgets.Widget.send_state

    def counting_open(widget):
        opened[type(widget).__name__] += 1
        return original_open(widget)

    def counting_send_state(widget, key=None):
        if widget.comm is not None:     # an update of a widget already opened (its opening sends its whole state)
            updates[0] += 1
        return original_send_state(widget, key)

    shell = InteractiveShell.instance()
    ipywidgets.Widget.open, ipywidgets.Widget.send_state = counting_open, counting_send_state
    try:
        for source in code_cells(notebook):
            with contextlib.redirect_stdout(io.StringIO()):     # what the cells display, outside a browser
                result = shell.run_cell(source, silent=True)
            if not result.success:
                problem = result.error_in_exec or result.error_before_exec
                raise RuntimeError(f"{notebook.name}: a cell failed: {problem}")
    finally:
        ipywidgets.Widget.open, ipywidgets.Widget.send_state = original_open, original_send_state
        ipywidgets.Widget.close_all()
        shell.reset(new_session=False)
    return opened, updates[0]


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

    totals = [0, 0]
    print(f"{'module':<28} {'widgets':>7} {'updates':>7}")
    for module in load_modules():
        if args.modules and module.id not in args.modules:
            continue
        opened, updates = widgets_opened(REPO / "course" / module.notebook)
        count = sum(opened.values())
        totals[0] += count
        totals[1] += updates
        print(f"{module.id:<28} {count:7d} {updates:7d}")
        if args.by_class:
            for name, n in opened.most_common():
                print(f"    {name:<24} {n:7d}")
    print(f"{'all modules':<28} {totals[0]:7d} {totals[1]:7d}")


if __name__ == "__main__":
    main()
