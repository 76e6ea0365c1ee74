"""Two windows (tabs, devices) of one learner: compare-and-set saves, on SQLite and on PostgreSQL.

Each window is a page with a Store of its own, as each Voila kernel has. A window whose copy is stale
(another window saved since, or the learner deleted their work) overwrites nothing, is told so, and
stops saving; its text stays on its page and, unless the work was deleted, is kept in the store as a copy.
"""
import asyncio
import threading

import pytest
import test_progress
import test_store
from test_progress import MODULES, plain, status_of
from widgets.pages import course, home_page
from widgets.storage.learner import Learner, issue_learner
from widgets.storage.store import SET_ASIDE_MARK, SaveConflict, Store, StoreBroken, UnknownLearner

# Fixtures from those files: `location` is an SQLite file, or a PostgreSQL schema of this test's own;
# `shown` collects what a page displays; `fake` is an exercise whose states the test can reach.
location, shown, fake = test_store.location, test_progress.shown, test_progress.fake
SOLO = Learner("solo", "")


@pytest.fixture
def windows(location):
    """Two stores on one location: the laptop's kernel and the tablet's."""
    with Store(location).open() as laptop, Store(location).open() as tablet:
        laptop.register_learner("solo")
        yield laptop, tablet


def every_key(store):
    return [key for (key,) in store._read(lambda conn: conn.all("SELECT exercise_key FROM sl_saves"))]


def every_text(store):
    return "".join(data for (data,) in store._read(lambda conn: conn.all("SELECT data FROM sl_saves")))


# ------------------------------------------------------------------ the store's compare-and-set

def test_a_stale_save_is_refused_and_kept_aside_and_the_first_stays_live(windows):
    laptop, tablet = windows
    first = laptop.save("solo", "reflection", {"text": "start"})
    assert tablet.load_saved("solo", "reflection").version == first.version      # both windows read this
    second = laptop.save("solo", "reflection", {"text": "laptop's answer"}, first.version)
    assert second.version > first.version
    with pytest.raises(SaveConflict) as caught:
        tablet.save("solo", "reflection", {"text": "tablet's answer"}, first.version)
    assert not caught.value.deleted and SET_ASIDE_MARK in caught.value.kept_copy
    assert laptop.load("solo", "reflection") == {"text": "laptop's answer"}             # the other save stays live
    assert tablet.load("solo", caught.value.kept_copy) == {"text": "tablet's answer"}  # the stale one is kept
    assert list(tablet.saved_work("solo")) == ["reflection"]                          # a copy isn't live work
    third = laptop.save("solo", "reflection", {"text": "laptop goes on"}, second.version)
    assert laptop.load_saved("solo", "reflection").version == third.version


def test_a_window_that_found_nothing_cannot_overwrite_work_saved_since(windows):
    laptop, tablet = windows
    laptop.save("solo", "action-plan", {"steps": ["laptop"]})
    with pytest.raises(SaveConflict) as caught:
        tablet.save("solo", "action-plan", {"steps": ["tablet"]})                    # it loaded nothing
    assert laptop.load("solo", "action-plan") == {"steps": ["laptop"]}
    assert laptop.load("solo", caught.value.kept_copy) == {"steps": ["tablet"]}


def test_the_same_text_from_another_window_is_no_conflict(windows):
    laptop, tablet = windows
    first = laptop.save("solo", "reflection", {"text": "same"})
    second = laptop.save("solo", "reflection", {"text": "both typed this"}, first.version)
    again = tablet.save("solo", "reflection", {"text": "both typed this"}, first.version)
    assert again.version == second.version and len(every_key(laptop)) == 1


def test_only_one_of_many_writers_of_one_version_wins(location):
    """Compare-and-set under contention: eight kernels save over the same version at once."""
    with Store(location).open() as store:
        store.register_learner("solo")
        start = store.save("solo", "reflection", {"text": "start"})
    results, barrier = [], threading.Barrier(8)

    def write(number):
        with Store(location).open() as kernel:
            barrier.wait(60)
            try:
                kernel.save("solo", "reflection", {"text": f"writer {number}"}, start.version)
                results.append(("saved", number))
            except SaveConflict:
                results.append(("refused", number))

    threads = [threading.Thread(target=write, args=(number,)) for number in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [number for outcome, number in results if outcome == "saved"]
    assert len(results) == 8 and len(winners) == 1
    with Store(location).open() as store:
        assert store.load("solo", "reflection") == {"text": f"writer {winners[0]}"}
        assert len(every_key(store)) == 8                          # the live one and seven kept copies


def test_a_stale_finished_mark_is_refused(windows):
    laptop, tablet = windows
    laptop.record_visit("solo", "welcome")
    seen = tablet.progress("solo")["welcome"]
    laptop.record_visit("solo", "welcome")                          # a visit doesn't make anyone stale
    ticked = laptop.set_done("solo", "welcome", True, seen.version)
    with pytest.raises(SaveConflict):
        tablet.set_done("solo", "welcome", False, seen.version)
    assert laptop.progress("solo")["welcome"].done is True
    assert laptop.progress("solo")["welcome"].version == ticked.version


# ------------------------------------------------------------------ deleting all one's work

def test_after_delete_all_a_stale_save_brings_nothing_back(windows):
    laptop, tablet = windows
    saved = laptop.save("solo", "reflection", {"text": "DELETED-ANSWER"})
    laptop.record_visit("solo", "welcome")
    mark = laptop.progress("solo")["welcome"]
    tablet.delete_learner_work("solo")
    with pytest.raises(SaveConflict) as caught:
        laptop.save("solo", "reflection", {"text": "DELETED-ANSWER and more"}, saved.version)
    assert caught.value.deleted and caught.value.kept_copy is None
    with pytest.raises(SaveConflict):
        laptop.set_done("solo", "welcome", True, mark.version)
    assert every_key(laptop) == [] and laptop.progress("solo") == {}              # not even a kept copy
    fresh = tablet.save("solo", "reflection", {"text": "a fresh start"})        # a new window starts afresh
    assert fresh.version != saved.version                                       # versions are never reused
    with pytest.raises(SaveConflict):
        laptop.save("solo", "reflection", {"text": "DELETED-ANSWER again"}, saved.version)
    assert laptop.load("solo", "reflection") == {"text": "a fresh start"}


def test_in_a_room_a_stale_save_after_delete_is_refused_as_unknown(windows):
    laptop, tablet = windows
    learner = issue_learner(laptop)
    saved = laptop.save(learner.id, "reflection", {"text": "mine"})
    tablet.delete_learner_work(learner.id, forget=True)
    with pytest.raises(UnknownLearner):
        laptop.save(learner.id, "reflection", {"text": "mine, again"}, saved.version)
    assert every_key(laptop) == []


# ------------------------------------------------------------------ two windows' pages

def open_window(store, fake, shown, key="reflection"):
    """A module page in one window, showing one exercise: (its state, its save status widget)."""
    course.Page(course.find_module("reflection", MODULES), MODULES, SOLO, store).show(key)
    return fake.states[-1], status_of(shown)


def test_two_windows_one_learner_the_stale_one_is_told_and_loses_nothing(windows, fake, shown):
    laptop_store, tablet_store = windows
    laptop, laptop_status = open_window(laptop_store, fake, shown)
    tablet, tablet_status = open_window(tablet_store, fake, shown)
    laptop.text = "LAPTOP-ANSWER"
    assert "Saved " in laptop_status.value
    tablet.text = "TABLET-ANSWER"
    assert 'class="sl-save-bad sl-save-conflict"' in tablet_status.value
    assert "changed in another window — reload to see the latest" in plain(tablet_status.value)
    assert "Saved" not in tablet_status.value
    assert laptop_store.load("solo", "reflection") == {"text": "LAPTOP-ANSWER", "mood": "calm"}
    copies = [key for key in every_key(laptop_store) if SET_ASIDE_MARK in key]
    assert [laptop_store.load("solo", key)["text"] for key in copies] == ["TABLET-ANSWER"]
    assert tablet.text == "TABLET-ANSWER"                            # still in its boxes
    tablet.text = "TABLET-ANSWER, typed on"                          # a stale window saves no more
    assert len(every_key(laptop_store)) == 2 and "changed in another window" in plain(tablet_status.value)
    laptop.text = "LAPTOP-ANSWER, typed on"                          # the live window goes on saving
    assert "Saved " in laptop_status.value
    assert laptop_store.load("solo", "reflection")["text"] == "LAPTOP-ANSWER, typed on"
    _, reloaded_status = open_window(tablet_store, fake, shown)      # the tablet reloads: the latest
    assert fake.states[-1].text == "LAPTOP-ANSWER, typed on" and "earlier answers are back" in reloaded_status.value


def test_delete_all_is_not_undone_by_an_open_windows_next_edit(windows, fake, shown):
    page_store, home_store = windows
    page_store.save("solo", "reflection:looking-ahead", {"text": "LOADED-NOT-EDITED"})
    typed, typed_status = open_window(page_store, fake, shown)
    typed.text = "TYPED-BEFORE-DELETE"                               # this window saved before the delete
    loaded, loaded_status = open_window(page_store, fake, shown, "reflection:looking-ahead")
    page_store.record_visit("solo", "reflection")
    shown.clear()
    course.Page(course.find_module("reflection", MODULES), MODULES, SOLO, page_store).end()
    done, done_status = shown[0].children

    view = home_page.delete_view(home_store, SOLO, "solo", lambda: None)     # the home page, in another window
    view.children[1].click()
    view.children[2].children[1].children[0].click()
    assert "deleted" in view.children[3].value

    typed.text = "TYPED-BEFORE-DELETE and after"
    loaded.text = "LOADED-NOT-EDITED, now edited"
    done.value = True
    for status in (typed_status, loaded_status, done_status):
        assert "sl-save-conflict" in status.value and "Saved" not in status.value
        assert "changed in another window" in plain(status.value)
    assert "deleted there" in plain(typed_status.value)
    assert every_key(home_store) == [] and home_store.progress("solo") == {}
    assert "TYPED-BEFORE-DELETE" not in every_text(home_store)


def test_a_room_window_after_delete_all_says_the_link_is_gone(windows, fake, shown):
    page_store, home_store = windows
    learner = issue_learner(page_store)
    course.Page(course.find_module("reflection", MODULES), MODULES, learner, page_store).show("reflection")
    state, status = fake.states[-1], status_of(shown)
    state.text = "ROOM-ANSWER"
    home_store.delete_learner_work(learner.id, forget=True)
    state.text = "ROOM-ANSWER, after"
    assert "sl-save-conflict" in status.value and "has been deleted" in plain(status.value)
    assert every_key(home_store) == []


# ------------------------------------------------------------------ a stopped saver doesn't retry

@pytest.mark.parametrize("refusal", [SaveConflict("reflection", deleted=False, kept_copy="k"),
                                     StoreBroken("The store is read-only.")])
def test_a_stale_or_broken_saver_stops_and_never_retries(refusal):
    attempts, statuses = [], []

    def save(data, version):
        attempts.append(version)
        raise refusal

    saver = course.Autosaver(save, lambda: {"n": 1}, statuses.append, version=7)
    saver.RETRY_SECONDS = 0.05

    async def run():
        saver.changed()
        await asyncio.sleep(0.3)
        saver.changed()

    # A thread of its own: Playwright's browser fixture may hold this thread's event loop.
    loop_thread = threading.Thread(target=asyncio.run, args=(run(),))
    loop_thread.start()
    loop_thread.join()
    assert attempts == [7] and saver.stopped and saver.retry_handle is None
    assert "Saved" not in statuses[-1]
