"""Prints how long a learner waits between a click and the exercise's feedback, against a bare ipywidgets button.

Serves the course with Voila, opens the modules in headless Chromium, and times, over
several repeats: the balcony sorter's Check (ways-of) and a knowledge check's Check
(what-it-involves), each from the click to the first feedback message on the page; and, in the same
run, a Button updating an HTML widget on a notebook served by stock Voila, timed the same way.
Prints each median's ratio to the bare button's (the machine is noisy: compare ratios).

    .venv/bin/python scripts/benchmark_clicks.py [--repeats 10]
"""
import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from benchmark_common import BareVoila  # noqa: E402
from conftest import CHROMIUM, CHROMIUM_ARGS, VoilaServer, wait_for_page  # noqa: E402


def time_click(tab, button, feedback_selector):
    start = time.perf_counter()
    button.click()
    tab.wait_for_selector(feedback_selector, state="attached")
    return time.perf_counter() - start


def balcony_checks(tab, server, repeats):
    tab.goto(server.module_url("ways-of.ipynb"))
    wait_for_page(tab)
    sorter = tab.locator(".sl-balcony")
    sorter.locator(".sl-balcony-item").first.wait_for()
    timings = []
    for _ in range(repeats):
        sorter.locator("button.sl-balcony-restart").click()
        tab.wait_for_function("() => !document.querySelector('.sl-balcony-feedback .sl-msg')")
        items = sorter.locator(".sl-balcony-item")
        total = items.count()
        for index in range(total):
            items.nth(index).get_by_role("button", name="From the balcony").click()
        tab.wait_for_function(
            "n => document.querySelectorAll('.sl-balcony .widget-toggle-button.mod-active').length === n", arg=total)
        timings.append(time_click(tab, sorter.locator("button.sl-balcony-check"), ".sl-balcony-feedback .sl-msg"))
    return timings


def knowledge_checks(tab, server, repeats):
    tab.goto(server.module_url("what-it-involves.ipynb"))
    wait_for_page(tab)
    question = tab.locator(".sl-kc-question-box", has=tab.locator(".sl-kc-single")).first
    question.wait_for()
    options = question.locator("input[type=radio]")
    timings = []
    for repeat in range(repeats):
        options.nth(repeat % options.count()).check()
        tab.wait_for_function("() => !document.querySelector('.sl-kc-question-box .sl-kc-feedback .sl-msg')")
        timings.append(time_click(tab, question.locator("button.sl-kc-check"),
                                  ".sl-kc-question-box .sl-kc-feedback .sl-msg"))
    return timings


def bare_button_clicks(tab, bare, repeats):
    tab.goto(bare.module_url("bare-button.ipynb"))
    wait_for_page(tab)
    button = tab.locator("button.bare-check")
    button.wait_for()
    return [time_click(tab, button, f".bare-feedback[data-n='{repeat + 1}']") for repeat in range(repeats)]


def report(name, timings, yardstick=None):
    ms = sorted(t * 1000 for t in timings)
    ratio = f", {statistics.median(timings) / statistics.median(yardstick):4.2f}x the bare button" if yardstick else ""
    print(f"  {name:<18} median {statistics.median(ms):6.0f} ms, slowest {ms[-1]:6.0f} ms over {len(ms)} clicks"
          + ratio)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=10)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="sl-bench-"))
    server, bare = VoilaServer("solo", folder / "store.sqlite"), BareVoila(folder)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            tab = browser.new_page()
            tab.set_default_timeout(60_000)
            print("click to feedback (goal: <= 1.2x the bare button)")
            yardstick = bare_button_clicks(tab, bare, args.repeats)
            report("bare button", yardstick)
            report("balcony sorter", balcony_checks(tab, server, args.repeats), yardstick)
            report("knowledge check", knowledge_checks(tab, server, args.repeats), yardstick)
            report("bare button again", bare_button_clicks(tab, bare, args.repeats), yardstick)
            browser.close()
    finally:
        server.stop()
        bare.stop()


if __name__ == "__main__":
    main()
