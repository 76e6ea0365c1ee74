"""Prints how the course serves a room (N learners opening one module within W seconds), against a bare one-cell
notebook served by stock Voila in the same run.

The course is served as `scripts/serve.sh --room --room-size N` serves it (`widgets.serve`'s command and
environment: SL_MODE=room, SL_ROOM_SIZE=N), each learner with a personal link of their own; stock Voila serves
the bare notebook beside it. Each server gets the same room in turn, once it has settled (its pool, if any,
filled and its CPU quiet): learner i asks for the module i*W/N seconds after the first (W=0: all at once).
A page is usable once the server has sent all of it: its kernel has run every cell (the same moment
tests/conftest.py's `wait_for_page` waits for in a browser), without an error. Printed per server:
  - p50 / p95 / max seconds from a learner's request to their usable page, as the server delivers it
    (or, with --browser, to the page shown in headless Chromium, each learner a browser of their own);
  - failures (an error status, an error on the page) and hangs (no page within --timeout seconds);
  - the most memory the server and its kernels held during the room, and that beyond what it held before;
  - the kernels alive 2 minutes after the last page (skip the wait with --no-wait);
  - with --pages R (default 3): a module opened in a fresh browser (cold cache) and the next one in the same
    browser (warm cache), R times: seconds to the page shown, to its last widget drawn (Voila draws the
    widgets once the page is shown, from their state in the kernel; a page without widgets is complete when
    shown) and bytes transferred. Each time, as when a tutor
    moves a room on to the next module a while after the last, the server has settled first and the course's
    pool is full again (its log says so): straight after the room it is empty, and it is refilled only once
    pages stop being taken for a moment.
and each figure's ratio to the bare notebook's (this machine is noisy: compare ratios, not seconds).

    .venv/bin/python scripts/benchmark_room.py [--learners 30] [--within 10] [--module 4] [--browser]
                                               [--pages 3] [--no-wait]
"""
import argparse
import asyncio
import os
import tempfile
import time
from pathlib import Path

import psutil
from benchmark_common import (REPO, BareVoila, PeakMemory, kernels, median, percentile, stop_server,
                              tree_memory_mb)
from conftest import CHROMIUM, CHROMIUM_ARGS, VoilaServer, registered_tokens, wait_until

from widgets.content.modules import load_modules

PAGE_ERRORS = ("There was an error when executing cell", "Traceback")
KERNELS_CHECKED_AFTER_SECONDS = 120


def wait_until_settled(server_pid, seconds=600):
    """Wait until the server and its kernels have been nearly idle for two seconds running (a pool filled)."""
    deadline = time.monotonic() + seconds
    quiet = 0
    while time.monotonic() < deadline:
        try:
            processes = [psutil.Process(server_pid)] + psutil.Process(server_pid).children(recursive=True)
            start = sum(sum(p.cpu_times()[:2]) for p in processes)
            time.sleep(1)
            used = sum(sum(p.cpu_times()[:2]) for p in processes if p.is_running())
        except psutil.Error:        # a process came or went as we looked: look again
            continue
        quiet = quiet + 1 if used - start < 0.1 else 0
        if quiet >= 2:
            return
    raise RuntimeError(f"the server was still busy after {seconds} s")


def usable(status, body):
    return status == 200 and body.rstrip().endswith("</html>") and not any(e in body for e in PAGE_ERRORS)


async def fetch_as_learner(client, url, delay, timeout):
    """(seconds to the whole page, "ok" | "failed" | "hung") for one learner arriving `delay` s after the first."""
    from tornado.simple_httpclient import HTTPTimeoutError

    await asyncio.sleep(delay)
    start = time.perf_counter()
    response = await client.fetch(url, request_timeout=timeout, connect_timeout=timeout, raise_error=False)
    if isinstance(response.error, HTTPTimeoutError):
        outcome = "hung"
    else:
        outcome = "ok" if usable(response.code, (response.body or b"").decode(errors="replace")) else "failed"
    return time.perf_counter() - start, outcome


async def render_as_learner(browser, url, delay, timeout):
    """(seconds to the page shown in a browser of the learner's own, outcome), as `fetch_as_learner`."""
    from playwright.async_api import Error as PlaywrightError

    await asyncio.sleep(delay)
    context = await browser.new_context()
    tab = await context.new_page()
    tab.set_default_timeout(timeout * 1000)
    start = time.perf_counter()
    try:
        response = await tab.goto(url)
        await tab.wait_for_selector("#loading", state="detached")
        await tab.wait_for_selector("#rendered_cells", state="visible")
        text = await tab.inner_text("body")
        outcome = "ok" if response.status == 200 and not any(e in text for e in PAGE_ERRORS) else "failed"
    except PlaywrightError as error:
        outcome = "hung" if "Timeout" in str(error) else "failed"
    elapsed = time.perf_counter() - start
    await context.close()
    return elapsed, outcome


async def room(urls, within, timeout, use_browser):
    delays = [index * within / len(urls) for index in range(len(urls))]
    if not use_browser:
        from tornado.httpclient import AsyncHTTPClient

        client = AsyncHTTPClient(force_instance=True, max_clients=len(urls))
        try:
            return await asyncio.gather(*(fetch_as_learner(client, url, delay, timeout)
                                          for url, delay in zip(urls, delays)))
        finally:
            client.close()
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            return await asyncio.gather(*(render_as_learner(browser, url, delay, timeout)
                                          for url, delay in zip(urls, delays)))
        finally:
            await browser.close()


def run_room(server, urls, args):
    wait_until_settled(server.process.pid)
    before_kernels, before_memory = len(kernels(server.process.pid)), tree_memory_mb(server.process.pid)
    with PeakMemory(server.process.pid) as memory:
        results = asyncio.run(room(urls, args.within, args.timeout, args.browser))
    seconds = [elapsed for elapsed, outcome in results if outcome == "ok"]
    return {
        "p50": median(seconds), "p95": percentile(seconds, 0.95), "max": max(seconds, default=float("nan")),
        "failed": sum(outcome == "failed" for _, outcome in results),
        "hung": sum(outcome == "hung" for _, outcome in results),
        "kernels before": before_kernels, "memory before": before_memory, "peak memory": memory.peak,
        "memory per page": (memory.peak - before_memory) / len(urls),
    }


# In the page's own clock: when Voila removed #loading (the page shown) and when the last widget was drawn.
WATCH_WIDGETS = """
window.slDrawn = {shown: 0, last: 0, widgets: false};
document.addEventListener("DOMContentLoaded", () => {
  window.slDrawn.widgets = Array.from(document.scripts).some(script =>
    script.textContent.includes("application/vnd.jupyter.widget-view+json"));
});
new MutationObserver(changes => {
  const drawn = window.slDrawn;
  if (!drawn.shown && document.readyState !== "loading" && !document.getElementById("loading")) {
    drawn.shown = performance.now();
  }
  if (changes.some(change => Array.from(change.addedNodes).some(node =>
      node.classList && node.classList.contains("jupyter-widgets")))) {
    drawn.last = performance.now();
  }
}).observe(document, {childList: true, subtree: true});
"""
WIDGETS_QUIET_MS = 500  # no widget drawn for this long: the page's widgets are all drawn


async def widgets_drawn_after_shown(tab):
    """Seconds from the page shown to its last widget drawn (0 for a page without widgets)."""
    if not await tab.evaluate("slDrawn.widgets"):
        return 0.0
    await tab.wait_for_function(f"() => slDrawn.last && performance.now() - slDrawn.last > {WIDGETS_QUIET_MS}")
    shown, last = await tab.evaluate("[slDrawn.shown, slDrawn.last]")
    return max(0.0, last - shown) / 1000


async def open_pages(url_pairs):
    """For each (first, next) pair: the first page in a fresh browser, then the next in the same browser.
    Returns [(seconds to the page shown, seconds to its widgets drawn, bytes)] for the cold loads and for the
    warm ones."""
    from playwright.async_api import async_playwright

    cold, warm = [], []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for first, following in url_pairs:
            context = await browser.new_context()
            tab = await context.new_page()
            tab.set_default_timeout(120_000)
            await tab.add_init_script(WATCH_WIDGETS)
            for url, into in ((first, cold), (following, warm)):
                received = []

                async def count(request, received=received):
                    sizes = await request.sizes()
                    received.append(sizes["responseBodySize"] + sizes["responseHeadersSize"])

                tab.on("requestfinished", count)
                start = time.perf_counter()
                await tab.goto(url)
                await tab.wait_for_selector("#loading", state="detached")
                await tab.wait_for_selector("#rendered_cells", state="visible")
                elapsed = time.perf_counter() - start
                drawn = elapsed + await widgets_drawn_after_shown(tab)
                await tab.wait_for_load_state("networkidle")
                tab.remove_listener("requestfinished", count)
                into.append((elapsed, drawn, sum(received)))
            await context.close()
        await browser.close()
    return cold, warm


class PoolWatch:
    """The course's pool, as its server's log tells: full again once it has said so since pages were last taken."""

    FULL = "The room's pool holds"

    def __init__(self, server):
        self.log = Path(server.log.name)
        self.seen = self.full_count()

    def full_count(self):
        return self.log.read_text(errors="replace").count(self.FULL)

    def taking(self):
        self.seen = self.full_count()

    def wait_until_full(self, seconds=600):
        wait_until(lambda: self.full_count() > self.seen, seconds, "the room's pool full again")


def page_figures(server, url_pairs, rounds, pool=None):
    """Medians of cold and warm page loads, each round on a settled server (and with `pool`, a full pool)."""
    cold, warm = [], []
    for pair in url_pairs * rounds:
        if pool is not None:
            pool.wait_until_full()
        wait_until_settled(server.process.pid)
        if pool is not None:
            pool.taking()
        round_cold, round_warm = asyncio.run(open_pages([pair]))
        cold += round_cold
        warm += round_warm
    return {f"{kind} {what}": median([v[i] for v in values])
            for kind, values in (("cold", cold), ("warm", warm)) for i, what in enumerate(("s", "drawn", "bytes"))}


def kernels_left(servers):
    print(f"\nwaiting {KERNELS_CHECKED_AFTER_SECONDS} s for kernels to go (--no-wait skips this)...", flush=True)
    time.sleep(KERNELS_CHECKED_AFTER_SECONDS)
    return [len(kernels(server.process.pid)) for server in servers]


def row(what, ours, theirs, unit="{:.2f}"):
    ratio = ours / theirs if theirs else float("nan")
    print(f"  {what:<44} {unit.format(ours):>10} {unit.format(theirs):>10} {ratio:8.2f}x")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=30, help="learners in the room (default 30)")
    parser.add_argument("--within", type=float, default=10, help="seconds over which they arrive (0: at once)")
    parser.add_argument("--module", type=int, default=4, help="the module they open, by number (default 4)")
    parser.add_argument("--room-size", type=int, default=None,
                        help="the course's --room-size (default: the number of learners)")
    parser.add_argument("--browser", action="store_true", help="each learner renders the page in Chromium")
    parser.add_argument("--pages", type=int, default=3, help="rounds of cold and warm browser loads (0: none)")
    parser.add_argument("--timeout", type=float, default=300, help="seconds after which a page has hung")
    parser.add_argument("--no-wait", action="store_true", help="skip counting kernels 2 minutes after")
    args = parser.parse_args()
    room_size = args.learners if args.room_size is None else args.room_size

    modules = load_modules()
    module, following = modules[args.module - 1], modules[args.module % len(modules)]
    folder = Path(tempfile.mkdtemp(prefix="sl-room-"))
    store_path = folder / "store.sqlite"
    tokens = registered_tokens(store_path, args.learners)
    course = VoilaServer("room", store_path, SL_ROOM_SIZE=str(room_size))
    bare = BareVoila(folder)
    try:
        course_urls = [course.module_url(module.notebook, f"learner={token}") for token in tokens]
        bare_urls = [bare.module_url("bare.ipynb", f"learner={token}") for token in tokens]
        print(f"{args.learners} learners opening '{module.title}' within {args.within:g} s "
              f"({'in Chromium' if args.browser else 'server-side'}); the course with --room-size {room_size}",
              flush=True)
        figures = {"bare": run_room(bare, bare_urls, args)}
        wait_until_settled(course.process.pid)
        pool = PoolWatch(course)            # the pool filled as the server started: one "full" in the log
        figures["course"] = run_room(course, course_urls, args)
        if args.pages:
            pairs = [(course.module_url(module.notebook, f"learner={tokens[0]}"),
                      course.module_url(following.notebook, f"learner={tokens[0]}"))]
            figures["course"].update(page_figures(course, pairs, args.pages, pool))
            figures["bare"].update(page_figures(bare, [(bare.module_url("bare.ipynb"),
                                                        bare.module_url("bare-again.ipynb"))], args.pages))
        if not args.no_wait:
            figures["course"]["kernels after"], figures["bare"]["kernels after"] = kernels_left([course, bare])
    finally:
        stop_server(course.process)
        course.stop()
        bare.stop()

    ours, theirs = figures["course"], figures["bare"]
    print(f"\n  {'':<44} {'course':>10} {'bare':>10} {'ratio':>9}")
    for key, what in (("p50", "p50 seconds to a usable page"), ("p95", "p95 seconds to a usable page"),
                      ("max", "slowest page (s)")):
        row(what, ours[key], theirs[key])
    row("failures", ours["failed"], theirs["failed"], "{:.0f}")
    row("hangs", ours["hung"], theirs["hung"], "{:.0f}")
    row("memory before the room (MB)", ours["memory before"], theirs["memory before"], "{:.0f}")
    row("peak memory (MB)", ours["peak memory"], theirs["peak memory"], "{:.0f}")
    row("memory per page beyond that before (MB)", ours["memory per page"], theirs["memory per page"], "{:.0f}")
    row("kernels before the room (the pool)", ours["kernels before"], theirs["kernels before"], "{:.0f}")
    if "kernels after" in ours:
        row(f"kernels alive {KERNELS_CHECKED_AFTER_SECONDS} s after", ours["kernels after"],
            theirs["kernels after"], "{:.0f}")
    if args.pages:
        row("cold cache: seconds to a shown page", ours["cold s"], theirs["cold s"])
        row("cold cache: seconds to its widgets drawn", ours["cold drawn"], theirs["cold drawn"])
        row("cold cache: kB transferred", ours["cold bytes"] / 1000, theirs["cold bytes"] / 1000, "{:.0f}")
        row("warm cache: seconds to a shown page", ours["warm s"], theirs["warm s"])
        row("warm cache: seconds to its widgets drawn", ours["warm drawn"], theirs["warm drawn"])
        row("warm cache: kB transferred", ours["warm bytes"] / 1000, theirs["warm bytes"] / 1000, "{:.0f}")
    print("\ngoals: p95 <= 1.0x with 0 failures and 0 hangs; cold and warm pages <= 0.9x; "
          "<= 130 MB per page beyond the pool; only the pool alive 2 minutes after")


if __name__ == "__main__":
    os.chdir(REPO)
    main()
