"""Prints what signing in to the course through JupyterHub costs: the seconds from pressing "Sign in" on the hub's
login page to the course's home page being ready (the hub starting the learner's server included), for N learners
one after another, and each learner server's memory (the course's Voila server and its home page's kernel).

Runs the hub as tests/test_hub_browser.py does (deploy/hub/jupyterhub_config.py on loopback, configurable-http-proxy
from npm), with the learners' work in a PostgreSQL schema of its own:

    eval "$(bash scripts/start_postgres.sh)"      # as root: sets SL_TEST_DATABASE_URL
    .venv/bin/python scripts/benchmark_hub.py [--learners 5]
"""
import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from test_hub_browser import HOME, Hub, sign_in  # noqa: E402
from helpers import postgres_schema  # noqa: E402


def server_memory_mb(hub, name):
    """Resident memory of a learner's server and the kernels it started, in MB."""
    for process in hub.descendants():
        try:
            if "widgets.hub" in " ".join(process.cmdline()) and process.environ().get("JUPYTERHUB_USER") == name:
                family = [process, *process.children(recursive=True)]
                return sum(p.memory_info().rss for p in family) / 1e6
        except Exception:  # noqa: BLE001 - a process ending as we look
            continue
    return float("nan")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--learners", type=int, default=5)
    args = parser.parse_args(argv)
    if not os.environ.get("SL_TEST_DATABASE_URL"):
        sys.exit('Set SL_TEST_DATABASE_URL first: eval "$(bash scripts/start_postgres.sh)"')
    from playwright.sync_api import sync_playwright

    names = [f"learner-{i + 1}" for i in range(args.learners)]
    seconds, memory = [], []
    with tempfile.TemporaryDirectory() as state, postgres_schema("sl_bench") as store_url:
        hub = Hub(Path(state), store_url, learners=names)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for name in names:
                    context = browser.new_context()
                    tab = context.new_page()
                    tab.set_default_timeout(120_000)
                    started = time.monotonic()
                    sign_in(tab, hub, name)
                    tab.wait_for_selector(HOME)
                    seconds.append(time.monotonic() - started)
                    memory.append(server_memory_mb(hub, name))
                    print(f"{name}: {seconds[-1]:.2f} s to the home page, server {memory[-1]:.1f} MB", flush=True)
                    context.close()
                browser.close()
        finally:
            hub.stop()
    print(f"\nSign-in to home page: median {statistics.median(seconds):.2f} s, max {max(seconds):.2f} s "
          f"({len(seconds)} learners, each server started by the hub)")
    print(f"Memory per learner server with its home page open: median {statistics.median(memory):.0f} MB")


if __name__ == "__main__":
    main()
