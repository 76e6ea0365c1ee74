"""Prints how long a learner waits between a click and the exercise's feedback, against a bare ipywidgets button.

Serves the course with Voila, opens the modules in headless Chromium, and times: the balcony sorter's Check
(ways-of) and a knowledge check's Check (what-it-involves), each from the click to the first feedback message on
the page; and, in the same run, a Button updating an HTML widget on a notebook served by stock Voila, timed the
same way. Each round clicks all three, one after another, so the machine's load weighs on them alike; each page
has its own tab. Before a Check, the learner's moves (placing every item, choosing an option) are sent and
saved: the save line says "Saved" for the last change the page sent, so the Check isn't queued behind them, as
a learner's click never is. Then every page is let settle (two animation frames) and the click starts at a random
point of the display's frame, the same for the round's three clicks (--seed sets the draw).

Three measures per click: "shown" (the click's event to the feedback on the page) and "painted" (to the frame
that shows it painted), timed inside the page, are the learner's wait: the goal is about "painted". "driver"
(Playwright's click() to its wait seeing the feedback) adds the driver's own work: before the click it waits for
an animation frame to see that the button is still, and after it looks for the feedback at once, then 20, 50
and 100 ms later. Prints each median's ratio to the bare button's (the machine is noisy: compare ratios).

--frames N: then N more clicks each, traced (Chrome's performance trace), and where each painted wait went: from
the click to the feedback shown, to the start of the frame that paints it (the browser draws at its display's
beat, so this waits up to a frame's interval), that frame's main-thread work (style, layout, paint, commit), the
rasterising of what it changed (on the browser's raster threads) and the rest, until it is shown on screen.
Tracing slows the page a little: these clicks are not in the figures above.

    .venv/bin/python scripts/benchmark_clicks.py [--repeats 20] [--frames 5] [--seed 1]
"""
import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from benchmark_common import BareVoila  # noqa: E402
from conftest import CHROMIUM, CHROMIUM_ARGS, VoilaServer, wait_for_page  # noqa: E402


def sent_update(payload):
    """The id of a kernel request a page sent that sets a widget's state ("update"), from a websocket frame in
    either of Jupyter's framings (binary v1: offsets, then channel, header, parent, metadata, content; legacy:
    JSON text); None for any other frame."""
    if isinstance(payload, str):
        message = json.loads(payload)
        channel, header, content = message.get("channel"), message["header"], message.get("content", {})
    else:
        count = int.from_bytes(payload[:8], "little")
        if count < 6:
            return None
        offsets = [int.from_bytes(payload[8 * (i + 1):8 * (i + 2)], "little") for i in range(count)]
        channel = payload[offsets[0]:offsets[1]].decode()
        header, content = json.loads(payload[offsets[1]:offsets[2]]), json.loads(payload[offsets[4]:offsets[5]])
    if channel != "shell" or header.get("msg_type") != "comm_msg":
        return None
    return header["msg_id"] if content.get("data", {}).get("method") == "update" else None


def watch_updates(tab):
    """Note in tab.updates_sent the id of every widget update the tab sends its kernel."""
    tab.updates_sent = []

    def on_socket(socket):
        if "/api/kernels/" in socket.url:
            socket.on("framesent", lambda payload: tab.updates_sent.append(sent_update(payload)))

    tab.on("websocket", on_socket)


def wait_until_saved(tab):
    """Wait until a save line says "Saved" for the last widget update the tab sent (a toggle's new value; the
    click event it sends after it changes nothing): the kernel has handled and saved the learner's moves."""
    last = next(update for update in reversed(tab.updates_sent) if update)
    tab.wait_for_selector(f".sl-save-status .sl-save-saved[data-request='{last}']", state="attached")


# In the page: when the click's event was made (event.timeStamp), when the awaited feedback is first on the page,
# and when the browser painted it (Element Timing: the feedback is marked with an `elementtiming` attribute as it
# arrives, before any frame shows it; the entry's renderTime is when the frame that shows it was painted). Timing
# inside the page leaves out the test driver's own work (finding the button, scrolling to it, polling), which grows
# with the page's size and is no part of a learner's wait.
TIMING_SCRIPT = """
window.slTiming = {selector: null, mark: "", clickedAt: 0, shownAt: 0, paintedAt: 0};
addEventListener("click", (event) => {
  if (window.slTiming.selector && !window.slTiming.clickedAt) window.slTiming.clickedAt = event.timeStamp;
}, true);
new MutationObserver(() => {
  const timing = window.slTiming;
  const feedback = timing.clickedAt && !timing.shownAt && document.querySelector(timing.selector);
  if (feedback) {
    timing.shownAt = performance.now();
    feedback.setAttribute("elementtiming", timing.mark);
  }
}).observe(document, {subtree: true, childList: true, characterData: true});
new PerformanceObserver((entries) => {
  for (const entry of entries.getEntries()) {
    if (entry.identifier === window.slTiming.mark && !window.slTiming.paintedAt) {
      window.slTiming.paintedAt = entry.renderTime;
    }
  }
}).observe({type: "element", buffered: true});
"""


# Before each click the page is let settle: two animation frames after its last change (the learner's moves and the
# save line they bring: a learner doesn't click within a few ms of them, and the bare button has none), then
# `offset` ms more, drawn at random for each round and the same for its three clicks. Playwright's click waits for
# animation frames to see that the button is still, so where it starts against the display's frames weighs on the
# driver's time: that point is then random, and the same for the three pages.
SETTLE_SCRIPT = ("offset => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => "
                 "setTimeout(done, offset))))")


def time_click(tab, button, feedback_selector, offset):
    """(click to feedback shown, click to feedback painted, the driver's click to its seeing the feedback), in s."""
    tab.evaluate("selector => { window.slTiming = {selector, mark: 'sl-feedback-' + performance.now(), "
                 "clickedAt: 0, shownAt: 0, paintedAt: 0}; }", feedback_selector)
    tab.evaluate(SETTLE_SCRIPT, offset)
    start = time.perf_counter()
    button.click()
    tab.wait_for_selector(feedback_selector, state="attached")
    driver = time.perf_counter() - start
    tab.wait_for_function("() => window.slTiming.paintedAt > 0")
    clicked, shown, painted = tab.evaluate("[slTiming.clickedAt, slTiming.shownAt, slTiming.paintedAt]")
    return (shown - clicked) / 1000, (painted - clicked) / 1000, driver


class BareButton:
    name = "bare button"

    def __init__(self, tab, bare):
        self.tab, self.clicks = tab, 0
        tab.goto(bare.module_url("bare-button.ipynb"))
        wait_for_page(tab)
        self.button = tab.locator("button.bare-check")
        self.button.wait_for()

    def prepare(self):
        """The button to click and the feedback it will bring."""
        self.clicks += 1
        return self.button, f".bare-feedback[data-n='{self.clicks}']"


class BalconyCheck:
    name = "balcony sorter"

    def __init__(self, tab, server):
        self.tab = tab
        tab.goto(server.module_url("ways-of.ipynb"))
        wait_for_page(tab)
        self.sorter = tab.locator(".sl-balcony")
        self.sorter.locator(".sl-balcony-item").first.wait_for()

    def prepare(self):
        """Every item placed and saved: the Check to click and its first feedback."""
        tab, sorter = self.tab, self.sorter
        sorter.locator("button.sl-balcony-restart").click()
        tab.wait_for_function("() => !document.querySelector('.sl-balcony-feedback .sl-msg')")
        items = sorter.locator(".sl-balcony-item")
        total = items.count()
        for index in range(total):
            items.nth(index).get_by_role("button", name="From the balcony").click()
        tab.wait_for_function(
            "n => document.querySelectorAll('.sl-balcony .widget-toggle-button.mod-active').length === n", arg=total)
        wait_until_saved(tab)
        return sorter.locator("button.sl-balcony-check"), ".sl-balcony-feedback .sl-msg"


class KnowledgeCheck:
    name = "knowledge check"

    def __init__(self, tab, server):
        self.tab, self.repeat = tab, 0
        tab.goto(server.module_url("what-it-involves.ipynb"))
        wait_for_page(tab)
        self.question = tab.locator(".sl-kc-question-box", has=tab.locator(".sl-kc-single")).first
        self.question.wait_for()

    def prepare(self):
        """An option chosen and saved: the Check to click and its feedback."""
        tab, question = self.tab, self.question
        options = question.locator("input[type=radio]")
        options.nth(self.repeat % options.count()).check()
        self.repeat += 1
        tab.wait_for_function("() => !document.querySelector('.sl-kc-question-box .sl-kc-feedback .sl-msg')")
        wait_until_saved(tab)
        return question.locator("button.sl-kc-check"), ".sl-kc-question-box .sl-kc-feedback .sl-msg"


MEASURES = ("shown", "painted", "driver")
FRAME_MS = 1000 / 60  # the display's frame: headless Chromium draws at 60 frames a second
TRACE_CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline"]
FRAME_STEPS = ("UpdateLayoutTree", "Layout", "PrePaint", "Paint", "Layerize", "Commit")


def time_one(clicker, offset):
    """One click of `clicker`, prepared, then timed once its page has settled and `offset` ms more:
    (shown, painted, driver)."""
    clicker.tab.bring_to_front()
    return time_click(clicker.tab, *clicker.prepare(), offset)


def traced(clicker, offset):
    """One click of `clicker` under Chrome's performance trace: (its (shown, painted, driver), the trace's events)."""
    tab = clicker.tab
    cdp = tab.context.new_cdp_session(tab)
    done = []
    cdp.on("Tracing.tracingComplete", lambda event: done.append(event))
    cdp.send("Tracing.start", {"traceConfig": {"includedCategories": TRACE_CATEGORIES},
                               "transferMode": "ReturnAsStream"})
    timing = time_one(clicker, offset)
    cdp.send("Tracing.end")
    while not done:
        tab.wait_for_timeout(20)
    chunks, stream = [], done[0]["stream"]
    while True:
        part = cdp.send("IO.read", {"handle": stream})
        chunks.append(part["data"])
        if part.get("eof"):
            break
    cdp.send("IO.close", {"handle": stream})
    cdp.detach()
    trace = json.loads("".join(chunks))
    return timing, trace["traceEvents"] if isinstance(trace, dict) else trace


def outermost_ms(events):
    """The time `events` (one kind, on one thread) took, counting nested ones once, in ms."""
    total, end = 0, -1
    for event in sorted(events, key=lambda event: event["ts"]):
        if event["ts"] >= end:
            total += event.get("dur", 0)
            end = event["ts"] + event.get("dur", 0)
    return total / 1000


def frame_of(timing, events):
    """Where one click's painted wait went, in ms from the click's event (None when the trace lacks the frame)."""
    shown, painted = timing[0] * 1000, timing[1] * 1000
    clicks = [event for event in events
              if event.get("name") == "EventDispatch" and event.get("args", {}).get("data", {}).get("type") == "click"]
    if not clicks:
        return None
    click = max(clicks, key=lambda event: event["ts"])  # the Check's: the moves before it were clicks too
    start, main = click["ts"], click["tid"]
    on_main = [event for event in events if event.get("tid") == main and event.get("ph") == "X"]
    after_shown = start + (shown - 0.5) * 1000
    paints = sorted((event for event in on_main if event["name"] == "Paint" and event["ts"] >= after_shown),
                    key=lambda event: event["ts"])
    tasks = [event for event in on_main if event["name"] == "RunTask"]
    frame = next((task for task in tasks if paints and task["ts"] <= paints[0]["ts"] <= task["ts"] + task["dur"]), None)
    if frame is None:
        return None
    inside = [event for event in on_main if frame["ts"] <= event["ts"] <= frame["ts"] + frame["dur"]]
    end = start + painted * 1000
    raster = [event for event in events if event.get("name") == "RasterTask" and event.get("ph") == "X"
              and frame["ts"] <= event["ts"] <= end]
    found = {"shown": shown, "frame starts": (frame["ts"] - start) / 1000, "frame (main thread)": frame["dur"] / 1000}
    found.update({step: outermost_ms([event for event in inside if event["name"] == step]) for step in FRAME_STEPS})
    found["raster"] = sum(event.get("dur", 0) for event in raster) / 1000
    found["painted"] = painted
    return found


def report_frames(name, frames):
    frames = [frame for frame in frames if frame]
    if not frames:
        print(f"  {name}: no frame found in the traces")
        return
    print(f"  {name} ({len(frames)} traced clicks; medians, ms from the click)")
    for key in frames[0]:
        print(f"    {key:<20} {statistics.median(frame[key] for frame in frames):6.1f}")


def report(name, timings, yardstick=None):
    """One line per measure: its median, slowest and, against the yardstick's same measure, the ratio of the
    medians and the median of each round's own ratio (the clicks of a round are seconds apart, so a round's
    ratio is little moved by the machine's load changing during the run)."""
    print(f"  {name} ({len(timings)} clicks)")
    for index, measure in enumerate(MEASURES):
        ms = sorted(timing[index] * 1000 for timing in timings)
        ratio = ""
        if yardstick:
            bare = statistics.median(timing[index] * 1000 for timing in yardstick)
            rounds = statistics.median(timing[index] / max(bare_timing[index], 1e-4)
                                       for timing, bare_timing in zip(timings, yardstick))
            ratio = f", {statistics.median(ms) / bare:4.2f}x the bare button (round by round {rounds:4.2f}x)"
        print(f"    {measure:<7} median {statistics.median(ms):6.0f} ms, slowest {ms[-1]:6.0f} ms" + ratio)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--frames", type=int, default=0, help="then this many traced clicks each, to see the frames")
    parser.add_argument("--seed", type=int, default=1, help="seeds the clicks' random points in the frame")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="sl-bench-"))
    server, bare = VoilaServer("solo", folder / "store.sqlite"), BareVoila(folder)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            tabs = []
            for _ in range(3):
                tab = browser.new_page()
                tab.set_default_timeout(60_000)
                tab.add_init_script(TIMING_SCRIPT)
                watch_updates(tab)
                tabs.append(tab)
            clickers = [BareButton(tabs[0], bare), BalconyCheck(tabs[1], server), KnowledgeCheck(tabs[2], server)]
            timings = {clicker.name: [] for clicker in clickers}
            offsets = random.Random(args.seed)
            for _ in range(args.repeats):
                offset = offsets.uniform(0, FRAME_MS)
                for clicker in clickers:
                    timings[clicker.name].append(time_one(clicker, offset))
            print("click to feedback (goal: <= 1.2x the bare button). shown: from the click's event to the feedback "
                  "on the page; painted: to the frame showing it painted; driver: Playwright's click() to its wait "
                  "seeing it")
            yardstick = timings[clickers[0].name]
            report(clickers[0].name, yardstick)
            for clicker in clickers[1:]:
                report(clicker.name, timings[clicker.name], yardstick)
            if args.frames:
                frames = {clicker.name: [] for clicker in clickers}
                for _ in range(args.frames):
                    offset = offsets.uniform(0, FRAME_MS)
                    for clicker in clickers:
                        frames[clicker.name].append(frame_of(*traced(clicker, offset)))
                print("where the painted wait goes (traced clicks): the frame that paints the feedback")
                for clicker in clickers:
                    report_frames(clicker.name, frames[clicker.name])
            browser.close()
    finally:
        server.stop()
        bare.stop()


if __name__ == "__main__":
    main()
