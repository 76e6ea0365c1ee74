"""Prints how long a learner's change takes to reach the tutor's room view, with a room's work in the store.

Serves the course in room mode (as `scripts/serve.sh --room` does) with a store holding LEARNERS learners' work
(progress, balcony sorts, knowledge checks, 'ways of' ratings, action plans, reflections), opens the room view
with the tutor's link in headless Chromium, then, round after round, saves a learner's newly shared answer as a
learner's page does and waits for it on the room view. Prints the delays' median and maximum, and what one
reading of the room costs (the room view reads it every REFRESH_SECONDS).

    .venv/bin/python scripts/benchmark_room_view.py [--learners 30] [--rounds 20] [--screenshots FOLDER]
"""
import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from conftest import CHROMIUM, CHROMIUM_ARGS, VoilaServer, wait_for_page  # noqa: E402
from widgets.storage import room  # noqa: E402
from widgets.storage.learner import issue_learner  # noqa: E402
from widgets.storage.store import Store  # noqa: E402
from widgets.storage.tutor import issue_tutor_key  # noqa: E402

LEVELS = ("individual", "organisation", "system")


def fill_room(store, learners, rng):
    """`learners` learners, each with a plausible spread of work; returns their ids."""
    content = room.load_room_content()
    items = [item.id for item in content.balcony_items]
    ids = []
    for number in range(learners):
        learner = issue_learner(store).id
        ids.append(learner)
        for module in content.modules[: rng.randint(1, len(content.modules))]:
            store.record_visit(learner, module.id)
        missed = rng.sample(items, rng.randint(0, 3))
        store.save(learner, "balcony-sorter", {
            "answers": {}, "results": {i: i not in missed for i in items}, "round_ids": items, "round": 1,
            "attempts": 1, "round_scores": [[len(items) - len(missed), len(items)]], "missed_first": missed})
        by_module = {}
        for question in content.questions:
            right = question.correct_numbers()
            first = right if rng.random() < 0.7 else [n for n in range(1, len(question.options) + 1)
                                                       if n not in right][:1]
            by_module.setdefault(question.module, {})[question.id] = [first]
        for module, attempts in by_module.items():
            store.save(learner, f"knowledge-check:{module}", {"selections": {}, "attempts": attempts, "results": {}})
        store.save(learner, "self-assessment", {"ratings": {q: rng.randint(1, 5) for way in content.ways
                                                            for q in way.qualities}, "reflections": {}})
        store.save(learner, "action-plan", {"actions": [
            {"level": rng.choice(LEVELS), "text": f"Action {n} of learner {number}", "who": "", "by_when": ""}
            for n in range(rng.randint(1, 4))], "shared": ["actions"] if number % 3 == 0 else []})
    return ids


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--screenshots", type=Path)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as folder:
        store_path = Path(folder) / "store.sqlite"
        with Store(store_path).open() as store:
            key = issue_tutor_key(store)
            ids = fill_room(store, args.learners, rng)
            content = room.load_room_content()
            started = time.perf_counter()
            for _ in range(10):
                room.room_snapshot(store, content)
            reading = (time.perf_counter() - started) / 10
        server = VoilaServer("room", store_path)
        delays = []
        try:
            with sync_playwright() as playwright, Store(store_path).open() as store:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.set_default_timeout(60_000)
                page.goto(server.module_url("tutor-room.ipynb", f"tutor={key}"))
                wait_for_page(page)
                page.wait_for_selector(f".sl-room-status:has-text('{args.learners} started')")
                for number in range(args.rounds):
                    time.sleep(rng.uniform(0, 2.5))    # a change comes at any moment of the view's refresh cycle
                    learner = ids[number % len(ids)]
                    marker = f"Shared answer {number}: we hold the budget"
                    saved = store.load_saved(learner, "reflection:reflection")
                    store.save(learner, "reflection:reflection",
                               {"answers": {"influence-and-connections": marker}, "issues": [],
                                "shared": ["influence-and-connections"]}, saved.version if saved else None)
                    changed = time.perf_counter()
                    page.wait_for_selector(f".sl-room-post:has-text('{marker}')", timeout=30_000)
                    delays.append(time.perf_counter() - changed)
                if args.screenshots:
                    args.screenshots.mkdir(parents=True, exist_ok=True)
                    for width in (1280, 390):
                        page.set_viewport_size({"width": width, "height": 900})
                        page.screenshot(path=str(args.screenshots / f"room-{width}.png"), full_page=True)
                browser.close()
        finally:
            server.stop()
    print(f"{args.learners} learners' work in the store; one reading of the room: {reading * 1000:.0f} ms")
    print(f"A learner's change to the room view, over {len(delays)} changes: median {statistics.median(delays):.2f} s,"
          f" max {max(delays):.2f} s (min {min(delays):.2f} s)")


if __name__ == "__main__":
    main()
