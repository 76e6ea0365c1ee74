"""Prints what the browser waits for on a course page against a bare one-cell Voila notebook, in the same run.

For each page (opened in a fresh browser, then the next module in the same browser: cold and warm cache), the
moments from navigation, in seconds: first byte of the page, HTML complete (DOMContentLoaded), every script and
style loaded (load), the page ready (Voila removed `#loading`: every cell has run), the kernel's websocket open,
and the last widget drawn (the widgets are drawn after `#loading` goes, once the page's script has fetched their
state from the kernel); then the widgets drawn, the requests (how many, bytes), the websocket messages (how many,
bytes, each way) and the slowest requests. Medians over --rounds.

    .venv/bin/python scripts/page_timeline.py [--module ways-of] [--rounds 3] [--requests 8]
"""
import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from benchmark_common import REPO, BareVoila
from conftest import CHROMIUM, CHROMIUM_ARGS, VoilaServer

# Notes, in the page's own clock (performance.now()), the moment Voila removes #loading, and the last moment a
# widget was drawn (and how many were).
WATCH_PAGE = """
window.__sl_timeline = {widgets: 0, drawn: 0};
new MutationObserver(changes => {
  const found = window.__sl_timeline;
  if (!found.ready && document.readyState !== 'loading' && !document.getElementById('loading')) {
    found.ready = performance.now();
  }
  for (const change of changes) {
    for (const node of change.addedNodes) {
      if (node.classList && node.classList.contains('jupyter-widgets')) {
        found.widgets += 1;
        found.drawn = performance.now();
      }
    }
  }
}).observe(document, {childList: true, subtree: true});
"""

MOMENTS = ("first byte", "HTML complete", "load", "page ready", "websocket open", "last widget drawn")


def open_page(tab, url):
    """(moments {name: seconds}, figures {name: number}, requests [(seconds, bytes, url)]) for one load."""
    requests, frames, opened = [], {"sent": [0, 0], "received": [0, 0]}, {}

    def finished(request):
        sizes = request.sizes()
        took = max(request.timing["responseEnd"], 0) / 1000     # from the request's start
        requests.append((took, sizes["responseBodySize"] + sizes["responseHeadersSize"], request.url))

    def websocket(socket):
        opened.setdefault("at", time.perf_counter() - start)
        for kind in ("sent", "received"):
            def note(payload, kind=kind):
                frames[kind][0] += 1
                frames[kind][1] += len(payload)
            socket.on(f"frame{kind}", note)

    tab.on("requestfinished", finished)
    tab.on("websocket", websocket)
    start = time.perf_counter()
    tab.goto(url)
    tab.wait_for_selector("#loading", state="detached", timeout=120_000)
    tab.wait_for_selector("#rendered_cells", state="visible")
    tab.wait_for_load_state("networkidle")
    tab.wait_for_function("window.__sl_timeline && window.__sl_timeline.ready")
    # The widgets are drawn after #loading goes: wait until none has been drawn for a second.
    tab.wait_for_function("performance.now() - Math.max(window.__sl_timeline.drawn, window.__sl_timeline.ready) > 1000",
                          polling=200)
    navigation = tab.evaluate("JSON.parse(JSON.stringify(performance.getEntriesByType('navigation')[0]))")
    found = tab.evaluate("window.__sl_timeline")
    tab.remove_listener("requestfinished", finished)
    tab.remove_listener("websocket", websocket)
    moments = {"first byte": navigation["responseStart"] / 1000,
               "HTML complete": navigation["domContentLoadedEventEnd"] / 1000,
               "load": navigation["loadEventEnd"] / 1000,
               "page ready": found["ready"] / 1000,
               "websocket open": opened.get("at", float("nan")),
               "last widget drawn": found["drawn"] / 1000 if found["widgets"] else float("nan")}
    figures = {"widgets drawn": found["widgets"], "requests": len(requests), "KB": sum(r[1] for r in requests) / 1024,
               "HTML KB": navigation["encodedBodySize"] / 1024,
               "ws sent": frames["sent"][0], "ws sent KB": frames["sent"][1] / 1024,
               "ws received": frames["received"][0], "ws received KB": frames["received"][1] / 1024}
    return moments, figures, requests


def measure(browser, first, following, rounds):
    """{"cold"/"warm": [(moments, figures, requests)]}"""
    found = {"cold": [], "warm": []}
    for _ in range(rounds):
        context = browser.new_context()
        context.add_init_script(WATCH_PAGE)
        tab = context.new_page()
        tab.set_default_timeout(120_000)
        found["cold"].append(open_page(tab, first))
        found["warm"].append(open_page(tab, following))
        context.close()
    return found


def summary(loads, slowest):
    lines = []
    for name in MOMENTS:
        lines.append(f"    {name:<16} {statistics.median(m[name] for m, _, _ in loads):6.2f} s")
    for name in loads[0][1]:
        lines.append(f"    {name:<16} {statistics.median(f[name] for _, f, _ in loads):8.1f}")
    requests = sorted(loads[-1][2], reverse=True)[:slowest]
    lines.append("    slowest requests (last load): seconds, KB, address")
    lines += [f"      {took:5.2f} {size / 1024:8.1f}  {url.split('?')[0][-70:]}" for took, size, url in requests]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--module", default="ways-of", help="the module opened first (the next one follows)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=8, help="how many of the slowest requests to list")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from widgets.content.modules import load_modules

    modules = load_modules()
    index = next(i for i, m in enumerate(modules) if m.id == args.module)
    first, following = modules[index], modules[(index + 1) % len(modules)]
    folder = Path(tempfile.mkdtemp(prefix="sl-timeline-"))
    course, bare = VoilaServer("solo", folder / "store.sqlite"), BareVoila(folder)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            ours = measure(browser, course.module_url(first.notebook), course.module_url(following.notebook),
                           args.rounds)
            theirs = measure(browser, bare.module_url(), bare.module_url("bare-again.ipynb"), args.rounds)
            browser.close()
    finally:
        course.stop()
        bare.stop()
    for cache in ("cold", "warm"):
        print(f"\n{cache} cache: course ({first.id if cache == 'cold' else following.id})")
        print(summary(ours[cache], args.requests))
        print(f"{cache} cache: bare notebook")
        print(summary(theirs[cache], args.requests))


if __name__ == "__main__":
    os.chdir(REPO)
    main()
