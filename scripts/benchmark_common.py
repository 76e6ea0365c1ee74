"""What the benchmarks share: the bare one-cell notebook served by stock Voila (the yardstick every figure is
compared with, in the same run), and the kernels and memory of a server's process tree.

The course itself is served by tests/conftest.py's `VoilaServer`, which runs `widgets.serve`'s command with its
environment, as scripts/serve.sh does.
"""
import json
import statistics
import subprocess
import sys
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO / "tests") not in sys.path:
    sys.path.insert(0, str(REPO / "tests"))

from conftest import free_port, kernel_processes, wait_for_port  # noqa: E402

BARE_NOTEBOOK = {
    "cells": [{"cell_type": "code", "execution_count": None, "id": "bare", "metadata": {}, "outputs": [],
               "source": "print('A bare page')"}],
    "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
    "nbformat": 4, "nbformat_minor": 5,
}


# A button that updates an HTML widget: the yardstick for a click's feedback. Each click shows a numbered line.
BUTTON_SOURCE = """import ipywidgets as widgets
clicks = widgets.Button(description="Check")
clicks.add_class("bare-check")
feedback = widgets.HTML("")
def show(_button):
    count = int(clicks.tooltip or 0) + 1
    clicks.tooltip = str(count)
    feedback.value = f'<p class="bare-feedback" data-n="{count}">Feedback number {count}</p>'
clicks.on_click(show)
widgets.VBox([clicks, feedback])"""
BUTTON_NOTEBOOK = {**BARE_NOTEBOOK, "cells": [{**BARE_NOTEBOOK["cells"][0], "source": BUTTON_SOURCE}]}


class BareVoila:
    """Stock Voila serving a one-cell notebook (and a copy of it, for a second page), and a notebook with one
    button updating an HTML widget: the yardsticks."""

    def __init__(self, folder):
        (folder / "bare").mkdir(exist_ok=True)
        for name, notebook in (("bare.ipynb", BARE_NOTEBOOK), ("bare-again.ipynb", BARE_NOTEBOOK),
                               ("bare-button.ipynb", BUTTON_NOTEBOOK)):
            (folder / "bare" / name).write_text(json.dumps(notebook), encoding="utf-8")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(folder / "voila-bare.log", "w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "voila", str(folder / "bare"), "--no-browser", f"--port={self.port}"],
            stdout=self.log, stderr=subprocess.STDOUT, cwd=folder)
        wait_for_port(self.port, self.process)

    def module_url(self, notebook="bare.ipynb", query=""):
        return f"{self.url}/voila/render/{notebook}" + (f"?{query}" if query else "")

    def page_url(self):
        return self.module_url()

    def stop(self):
        stop_server(self.process)
        self.log.close()


def stop_server(process):
    """Stop a server and, should it not stop its kernels within a minute, them too."""
    import psutil

    try:
        children = psutil.Process(process.pid).children(recursive=True)
    except psutil.Error:
        children = []
    process.terminate()
    try:
        process.wait(60)
    except subprocess.TimeoutExpired:
        process.kill()
    for child in children:
        try:
            child.kill()
        except psutil.Error:
            continue


def kernels(server_pid):
    """{pid: psutil.Process} of the server's kernels."""
    return {process.pid: process for process, _ in kernel_processes(server_pid).values()}


def tree_memory_mb(server_pid):
    """Resident memory of a server and all its kernels, in MB."""
    import psutil

    try:
        processes = [psutil.Process(server_pid)] + psutil.Process(server_pid).children(recursive=True)
    except psutil.Error:
        return 0.0
    total = 0
    for process in processes:
        try:
            total += process.memory_info().rss
        except psutil.Error:
            continue
    return total / 2**20


class PeakMemory:
    """The most memory a server's process tree held while the block ran (looked at 4 times a second)."""

    def __init__(self, server_pid):
        self.server_pid, self.peak, self._stop = server_pid, 0.0, threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_memory_mb(self.server_pid))
            self._stop.wait(0.25)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def percentile(values, fraction):
    """The value below which `fraction` of `values` lie (nearest rank); nan for none."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))]


def median(values):
    return statistics.median(values) if values else float("nan")
