"""Progress on the home page, and the page's saving: restore, autosave, status, "finished", delete.

No browser: pages are built as in a kernel, with `display` captured and widgets clicked directly.
"""
import datetime as dt
import threading

import ipywidgets
import pytest
from traitlets import Enum, Unicode

from widgets.pages import course, home_page
from widgets.exercises.base import Exercise, ExerciseState
from widgets.storage.learner import KNOWN, NO_LINK, Visitor, issue_learner
from widgets.storage.progress import DONE, IN_PROGRESS, NOT_STARTED, module_statuses, summary_text
from widgets.storage.store import ModuleProgress, Store

MODULES = course.load_modules()


class NoteState(ExerciseState):
    text = Unicode("").tag(saved=True)
    mood = Enum(["calm", "busy"], default_value="calm").tag(saved=True)

    def journal_markdown(self):
        return self.text


class FakeExercise:
    """An exercise whose built states the test can reach."""

    def __init__(self):
        self.states = []

    def find(self, key):
        def build_state(_rng):
            state = NoteState()
            self.states.append(state)
            return state

        def build_view(state):
            box = ipywidgets.Text(description="Note")
            ipywidgets.link((state, "text"), (box, "value"))
            return box

        return Exercise(key=key, title="A note", build_state=build_state, build_view=build_view)


@pytest.fixture
def shown(monkeypatch):
    """Everything `display`ed, in order."""
    import IPython.display

    items = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **kw: items.extend(objs))
    return items


@pytest.fixture
def fake(monkeypatch):
    import widgets.registry

    exercise = FakeExercise()
    monkeypatch.setattr(widgets.registry, "find_exercise", exercise.find)
    return exercise


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("SL_STORE", str(tmp_path / "store.sqlite"))
    monkeypatch.setenv("SL_MODE", "solo")
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    with Store(tmp_path / "store.sqlite").open() as opened:
        opened.register_learner("solo")
        yield opened


def solo_page(store, module_id="ways-of"):
    from widgets.storage.learner import Learner

    return course.Page(course.find_module(module_id, MODULES), MODULES, Learner("solo", ""), store)


def status_of(shown):
    return [w for w in shown if isinstance(w, ipywidgets.HTML) and "sl-save-status" in w._dom_classes][-1]


def plain(markup):
    """What a reader sees of some HTML: tags dropped, entities read."""
    import html
    import re

    return html.unescape(re.sub(r"<[^>]+>", "", markup))


# ------------------------------------------------------------------ the progress rule

def visit(module_id, done=False):
    now = dt.datetime.now(dt.timezone.utc)
    return ModuleProgress(module_id, now, now, done, now if done else None, 1)


def test_statuses_follow_the_rule():
    statuses = module_statuses(MODULES, {"welcome": visit("welcome", done=True), "context": visit("context")})
    assert statuses["welcome"] == DONE and statuses["context"] == IN_PROGRESS
    assert statuses[MODULES[-1].id] == NOT_STARTED
    assert summary_text(MODULES, statuses) == f"1 of {len(MODULES)} modules done, 1 in progress"
    assert summary_text(MODULES, module_statuses(MODULES, {})) == f"0 of {len(MODULES)} modules done"


def test_the_store_records_visits_and_finishing(store):
    store.record_visit("solo", "welcome")
    assert store.progress("solo")["welcome"].done is False
    ticked = store.set_done("solo", "welcome", True, store.progress("solo")["welcome"].version)
    store.record_visit("solo", "welcome")                    # a later visit keeps it done
    assert store.progress("solo")["welcome"].done is True
    store.set_done("solo", "welcome", False, ticked.version)
    assert module_statuses(MODULES, store.progress("solo"))["welcome"] == IN_PROGRESS
    store.set_done("solo", "context", True)                  # ticked without a recorded visit: done
    assert module_statuses(MODULES, store.progress("solo"))["context"] == DONE


# ------------------------------------------------------------------ a module page

def test_open_module_records_the_visit(store, shown):
    page = course.open_module("context")
    assert page.store is not None and page.learner.id == "solo"
    assert "sl-module-title" in shown[0].data
    assert module_statuses(MODULES, store.progress("solo"))["context"] == IN_PROGRESS


def test_answers_are_saved_as_the_learner_works_and_restored(store, shown, fake):
    solo_page(store).show("reflection")
    status = status_of(shown)
    assert "saved as you go" in status.value
    fake.states[-1].text = "My wicked issue <script>alert(1)</script>"
    assert store.load("solo", "reflection")["text"] == "My wicked issue <script>alert(1)</script>"
    assert "Saved " in status.value
    solo_page(store).show("reflection")                       # the learner comes back
    assert fake.states[-1].text == "My wicked issue <script>alert(1)</script>"
    assert "earlier answers are back" in status_of(shown).value


def test_status_text_is_escaped():
    assert "<script>" not in course.status_html("<script>alert(1)</script>", "info")


def test_a_failing_save_never_raises_and_keeps_the_work(store, shown, fake, monkeypatch):
    solo_page(store).show("reflection")
    status = status_of(shown)
    real_save = store.save

    def broken(*args):
        raise OSError("disk full")

    monkeypatch.setattr(store, "save", broken)
    fake.states[-1].text = "typed while the disk was full"      # must not raise
    assert fake.states[-1].text == "typed while the disk was full"
    assert "Couldn't save" in plain(status.value) and "still here" in plain(status.value)
    monkeypatch.setattr(store, "save", real_save)
    fake.states[-1].text = "typed while the disk was full, and more"
    assert "Saved " in status.value
    assert store.load("solo", "reflection")["text"] == "typed while the disk was full, and more"


def test_a_failed_save_is_retried_on_the_kernels_loop(store):
    import asyncio

    from widgets.storage.store import Saved

    attempts = []

    def save(data, version):
        attempts.append(data)
        if len(attempts) == 1:
            raise OSError("busy")
        return Saved(version + 1, dt.datetime.now(dt.timezone.utc))

    shown_status = []
    saver = course.Autosaver(save, lambda: {"n": 1}, shown_status.append, version=1)
    saver.RETRY_SECONDS = 0.05

    async def run():
        saver.changed()
        await asyncio.sleep(0.3)

    # A thread of its own: Playwright's browser fixture may hold this thread's event loop.
    loop_thread = threading.Thread(target=asyncio.run, args=(run(),))
    loop_thread.start()
    loop_thread.join()
    assert len(attempts) == 2 and "Saved" in shown_status[-1] and saver.version == 2


def test_a_failing_load_disables_saving_to_keep_earlier_work(store, shown, fake, monkeypatch):
    store.save("solo", "reflection", {"text": "earlier"})

    def broken(*args):
        raise OSError("can't read")

    monkeypatch.setattr(store, "load_saved", broken)
    solo_page(store).show("reflection")
    fake.states[-1].text = "new"
    monkeypatch.undo()
    assert store.load("solo", "reflection") == {"text": "earlier"}
    assert "couldn't be loaded" in plain(status_of(shown).value)


def test_work_that_no_longer_fits_is_kept_aside_and_the_rest_restored(store, shown, fake):
    store.save("solo", "reflection", {"text": "still fits", "mood": "furious", "renamed": 3})
    solo_page(store).show("reflection")
    assert fake.states[-1].text == "still fits" and fake.states[-1].mood == "calm"
    assert "no longer fit" in status_of(shown).value
    keys = [key for (key,) in store._read(lambda conn: conn.all("SELECT exercise_key FROM sl_saves"))]
    copies = [key for key in keys if "#set-aside-" in key]
    assert len(copies) == 1
    assert store.load("solo", copies[0]) == {"text": "still fits", "mood": "furious", "renamed": 3}


def test_unreadable_saved_work_is_kept_aside(store, shown, fake):
    import sqlite3

    store.save("solo", "reflection", {"text": "x"})
    path = store.location
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE sl_saves SET data = 'garbage{'")
    solo_page(store).show("reflection")
    assert fake.states[-1].text == ""
    fake.states[-1].text = "fresh"
    assert store.load("solo", "reflection")["text"] == "fresh"


def test_without_a_store_the_exercise_still_works(shown, fake):
    from widgets.storage.learner import Learner

    page = course.Page(course.find_module("ways-of", MODULES), MODULES, Learner("solo", ""), None)
    page.show("reflection")
    fake.states[-1].text = "not kept"
    assert "can't be reached" in plain(status_of(shown).value)


def test_finished_checkbox_is_saved_and_restored(store, shown):
    solo_page(store, "welcome").end()
    box = shown[0]
    done = box.children[0]
    assert isinstance(done, ipywidgets.Checkbox) and done.description == course.DONE_LABEL
    assert done.value is False
    done.value = True
    assert store.progress("solo")["welcome"].done is True
    assert "Saved " in box.children[1].value
    assert 'class="sl-nav' in shown[1].data
    shown.clear()
    solo_page(store, "welcome").end()
    assert shown[0].children[0].value is True


# ------------------------------------------------------------------ the home page

def test_home_shows_progress_for_this_learner(store, shown):
    store.record_visit("solo", "welcome")
    store.set_done("solo", "welcome", True, store.progress("solo")["welcome"].version)
    store.record_visit("solo", "context")
    home_page.home()
    assert shown[0].data.startswith(f"<h1>{course.COURSE_TITLE}</h1>")
    home = shown[1]
    progress, listing = home_part(home, "sl-home-progress").value, home_part(home, "sl-home-modules").value
    assert f"1 of {len(MODULES)} modules done, 1 in progress" in progress
    assert "sl-status-done" in listing and "sl-status-in-progress" in listing and "sl-status-not-started" in listing
    assert listing.count('class="sl-module-title"') == len(MODULES)


def home_part(home, css):
    """The home page's widget with the class `css` (its progress, its list of modules...)."""
    return [w for w in home.children if css in w._dom_classes][0]


def test_delete_needs_two_steps(store):
    store.save("solo", "reflection", {"text": "mine"})
    store.record_visit("solo", "welcome")
    deleted = []
    from widgets.storage.learner import Learner

    view = home_page.delete_view(store, Learner("solo", ""), "solo", lambda: deleted.append(True))
    ask, step_two, result = view.children[1], view.children[2], view.children[3]
    confirm, cancel = step_two.children[1].children
    assert step_two.layout.display == "none"
    ask.click()
    assert step_two.layout.display == "" and ask.disabled
    cancel.click()
    assert store.load("solo", "reflection") == {"text": "mine"} and "Nothing was deleted" in result.value
    ask.click()
    confirm.click()
    assert store.saved_work("solo") == {} and store.progress("solo") == {}
    assert deleted == [True] and "deleted" in result.value
    assert store.is_registered("solo")


def test_home_delete_refreshes_progress(store, shown):
    store.set_done("solo", "welcome", True)
    home_page.home()
    home = shown[1]
    extras = home.children[-1]
    delete = [w for w in extras.children if "sl-delete" in w._dom_classes][0]
    delete.children[1].click()
    delete.children[2].children[1].children[0].click()
    assert f"0 of {len(MODULES)} modules done" in home_part(home, "sl-home-progress").value


def test_a_room_home_page_issues_a_personal_link(store, monkeypatch):
    monkeypatch.setenv("SL_MODE", "room")
    monkeypatch.setenv("QUERY_STRING", "")
    view = home_page.HomeView(MODULES, None, Visitor("room", NO_LINK, course_nobody()),
                           store_opener=lambda: (store, None))
    start = view.start_button
    assert "?learner=" not in view.listing.value
    start.click()
    assert view.visitor.status == KNOWN and store.is_registered(view.learner.id)
    assert f"index.ipynb?learner={view.learner.token}" in view.link_box.value
    assert f"?learner={view.learner.token}" in view.listing.value
    assert "0 of" in view.progress.value


def test_a_room_learner_who_deletes_their_work_loses_the_link(store, monkeypatch):
    monkeypatch.setenv("SL_MODE", "room")
    learner = issue_learner(store)
    store.save(learner.id, "reflection", {"text": "mine"})
    view = home_page.HomeView(MODULES, store, Visitor("room", KNOWN, learner))
    delete = [w for w in view.extras.children if "sl-delete" in w._dom_classes][0]
    delete.children[1].click()
    delete.children[2].children[1].children[0].click()
    assert not store.is_registered(learner.id) and store.saved_work(learner.id) == {}
    assert learner.token not in view.listing.value and view.link_box.value == ""


def test_room_home_with_an_unknown_link_says_so(store, shown, monkeypatch):
    monkeypatch.setenv("SL_MODE", "room")
    monkeypatch.setenv("QUERY_STRING", "learner=" + "x" * 43)
    home_page.home()
    text = "".join(getattr(item, "data", "") for item in shown)
    assert "This link isn't recognised" in plain(text) and 'href="index.ipynb"' in text
    assert "sl-modules" not in text


def test_a_damaged_store_is_reported_on_the_page(tmp_path, monkeypatch, shown):
    path = tmp_path / "fresh" / "store.sqlite"
    path.parent.mkdir()
    path.write_bytes(b"garbage" * 100)
    monkeypatch.setenv("SL_STORE", str(path))
    monkeypatch.setenv("SL_MODE", "solo")
    home_page.home()
    assert "damaged" in shown[0].data
    assert list(path.parent.glob("store.sqlite.corrupt-*"))


def test_an_unopenable_store_leaves_the_course_readable(tmp_path, monkeypatch, shown, fake):
    path = tmp_path / "a-folder"
    path.mkdir()
    monkeypatch.setenv("SL_STORE", str(path))
    monkeypatch.setenv("SL_MODE", "solo")
    page = course.open_module("ways-of")
    assert "can't be saved right now" in plain(shown[0].data) and page.store is None
    page.show("reflection")
    home_page.home()
    assert any("sl-modules" in getattr(item, "data", "") for item in shown)


def course_nobody():
    from widgets.storage.learner import NOBODY

    return NOBODY


def test_after_a_recovery_an_old_room_link_is_told_why(tmp_path, monkeypatch, shown):
    path = tmp_path / "store.sqlite"
    path.write_bytes(b"garbage" * 100)
    with Store(path).open() as recovered:                   # the first page to open it recovers it
        assert recovered.notice
    monkeypatch.setenv("SL_STORE", str(path))
    monkeypatch.setenv("SL_MODE", "room")
    monkeypatch.setenv("QUERY_STRING", "learner=" + "x" * 43)
    home_page.home()
    text = plain("".join(getattr(item, "data", "") for item in shown))
    assert "This link isn't recognised" in text and "links issued before then no longer work" in text


def test_delete_can_be_asked_again_after_a_solo_delete(store):
    """After one delete (solo), asking again must offer working 'Yes' and 'No' buttons, not disabled ones."""
    from widgets.storage.learner import Learner

    store.save("solo", "reflection", {"text": "mine"})
    view = home_page.delete_view(store, Learner("solo", ""), "solo", lambda: None)
    ask, step_two = view.children[1], view.children[2]
    confirm, cancel = step_two.children[1].children
    ask.click()
    confirm.click()
    assert not ask.disabled
    store.save("solo", "reflection", {"text": "new work"})
    ask.click()
    assert step_two.layout.display == "" and not confirm.disabled and not cancel.disabled
    confirm.click()
    assert store.saved_work("solo") == {}


def _extras_by_class(view, css):
    return [w for w in view.extras.children if css in w._dom_classes]


@pytest.mark.parametrize("mode", ["solo", "room"])
def test_a_journal_made_before_a_delete_is_taken_off_the_page(store, monkeypatch, mode):
    """Download links made before 'Delete all my saved work' must not stay on the page with the deleted work."""
    monkeypatch.setenv("SL_MODE", mode)
    from widgets.storage.learner import Learner

    learner = issue_learner(store) if mode == "room" else Learner("solo", "")
    store.save(learner.id, "reflection:reflection", {"answers": {}, "issues": [{"text": "SECRET-ISSUE",
                                                                               "rating": 2}]})
    view = home_page.HomeView(MODULES, store, Visitor(mode, KNOWN, learner))
    journal = _extras_by_class(view, "sl-journal-download")[0]
    journal.children[1].click()
    assert "sl-journal-download-html" in journal.children[3].value
    delete = _extras_by_class(view, "sl-delete")[0]
    delete.children[1].click()
    delete.children[2].children[1].children[0].click()
    shown = "".join(getattr(w, "value", "") for box in view.extras.children for w in box.children)
    assert "sl-journal-download-html" not in shown and "ready" not in shown
    assert _extras_by_class(view, "sl-delete") == [delete] and "deleted" in delete.children[3].value
    assert bool(_extras_by_class(view, "sl-journal-download")) == (mode == "solo")
