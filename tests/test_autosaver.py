"""On a page, a click's feedback leaves for the browser before its work is written to the store: the Autosaver
hears each change after the exercise's view has shown it, and on the kernel's event loop it saves once the message
that made the change is handled (the changes of one message together). Every change is saved, in order; "Saved" is
shown only once the store has answered, naming the kernel request the save holds (the page's script keeps the
learner's typing until a save holds a request sent after it); and what reads the store first saves what waits."""
import datetime as dt
import html

import ipywidgets
import pytest
from traitlets import Unicode

from widgets.exercises.base import Exercise, ExerciseState
from widgets.pages import course
from widgets.storage.learner import Learner
from widgets.storage.store import Saved


class CheckState(ExerciseState):
    answer = Unicode("").tag(saved=True)

    def journal_markdown(self):
        return self.answer


class RecordingStore:
    """A store that notes each save (and what the page showed by then) in the page's list of events."""

    def __init__(self, events):
        self.events, self.versions = events, []

    def load_saved(self, learner_id, key):
        return None

    def save(self, learner_id, key, data, version=None):
        self.events.append(("save", data["answer"], version))
        self.versions.append(version)
        return Saved(len(self.versions), dt.datetime.now(dt.timezone.utc))


@pytest.fixture
def page_with_a_check(monkeypatch):
    """(state, events): an exercise shown on a page, whose view shows feedback on every answer."""
    import IPython.display

    import widgets.registry

    events, states = [], []

    def build_state(_rng):
        states.append(CheckState())
        return states[-1]

    def build_view(state):
        feedback = ipywidgets.HTML()
        feedback.observe(lambda change: events.append(("feedback", change["new"])), names="value")
        state.observe(lambda change: setattr(feedback, "value", f"Checked: {change['new']}"), names="answer")
        return feedback

    exercise = Exercise(key="check", title="A check", build_state=build_state, build_view=build_view)
    monkeypatch.setattr(widgets.registry, "find_exercise", lambda key: exercise)
    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **kw: shown.extend(objs))
    modules = course.load_modules()
    page = course.Page(modules[0], modules, Learner(id="solo", query=""), RecordingStore(events))
    page.show("check")
    status = shown[-1]
    status.observe(lambda change: events.append(("status", "Saved" in change["new"])), names="value")
    states[0].page, states[0].status = page, status
    return states[0], events


def test_a_clicks_feedback_goes_before_its_save(page_with_a_check):
    state, events = page_with_a_check
    state.answer = "balcony"
    assert events == [("feedback", "Checked: balcony"), ("save", "balcony", None), ("status", True)]


def test_every_change_is_saved_in_order_and_saved_is_shown_after_the_store_answers(page_with_a_check):
    state, events = page_with_a_check
    for answer in ("balcony", "dance floor", "both"):
        state.answer = answer
    saves = [event for event in events if event[0] == "save"]
    assert saves == [("save", "balcony", None), ("save", "dance floor", 1), ("save", "both", 2)]
    for index, event in enumerate(events):
        if event == ("status", True):
            assert events[index - 1][0] == "save"     # "Saved" only right after the store answered


@pytest.fixture
def handle_messages(monkeypatch):
    """Runs each message's handler as a kernel does, on its event loop, letting the loop turn between messages."""
    import asyncio

    from helpers import run_apart

    monkeypatch.setattr(course, "in_a_kernel", lambda: True)

    async def kernel(messages):
        for handle in messages:
            handle()
            await asyncio.sleep(0)

    def handle(*messages):
        # On a thread of its own: this one may already run a loop that isn't a kernel's (the browser tests').
        run_apart(kernel(messages))
    return handle


def test_on_the_kernels_loop_the_save_waits_until_the_message_is_handled(page_with_a_check, handle_messages):
    state, events = page_with_a_check

    def click():
        state.answer = "balcony"
        state.answer = "dance floor"
        events.append(("handled",))

    handle_messages(click)
    assert events == [("feedback", "Checked: balcony"), ("feedback", "Checked: dance floor"), ("handled",),
                      ("save", "dance floor", None), ("status", True)]


def test_each_message_is_saved_in_order(page_with_a_check, handle_messages):
    state, events = page_with_a_check
    handle_messages(*(lambda answer=answer: setattr(state, "answer", answer) for answer in ("a", "b", "c")))
    assert [event for event in events if event[0] == "save"] == [("save", "a", None), ("save", "b", 1),
                                                                  ("save", "c", 2)]


def test_saved_names_the_newest_request_it_holds(page_with_a_check, monkeypatch, handle_messages):
    state, events = page_with_a_check
    requests = iter(["request-1", "request-2"])
    monkeypatch.setattr(course, "current_request_id", lambda: next(requests))

    def two_changes():
        state.answer = "balcony"
        state.answer = "both"

    handle_messages(two_changes)
    assert 'data-request="request-2"' in state.status.value
    assert "Saved" in state.status.value


def test_a_status_line_never_names_a_request_it_did_not_save(page_with_a_check, monkeypatch, handle_messages):
    state, events = page_with_a_check
    monkeypatch.setattr(course, "current_request_id", lambda: "request-1")
    monkeypatch.setattr(state.page.store, "save", lambda *args: (_ for _ in ()).throw(OSError("disk gone")))
    handle_messages(lambda: setattr(state, "answer", "balcony"))
    assert "Saved" not in state.status.value and "data-request" not in state.status.value
    assert html.escape(course.SAVE_FAILED) in state.status.value


def test_on_a_loop_that_is_not_a_kernels_a_change_is_saved_at_once(page_with_a_check):
    # A test run's browser driver keeps a loop running on the main thread; a save left to it would never happen.
    from helpers import run_apart

    state, events = page_with_a_check

    async def not_a_kernel():
        state.answer = "balcony"
        return list(events)

    assert ("save", "balcony", None) in run_apart(not_a_kernel())
    assert "Saved" in state.status.value


def test_outside_a_kernel_no_request_is_named(page_with_a_check):
    state, _events = page_with_a_check
    assert course.current_request_id() is None
    state.answer = "balcony"
    assert "Saved" in state.status.value and "data-request" not in state.status.value


def test_reading_the_learners_work_first_saves_what_waits(page_with_a_check, handle_messages):
    state, events = page_with_a_check
    read = []
    state.page.store.saved_work = lambda learner_id: read.append([e for e in events if e[0] == "save"])

    def change_then_read():
        state.answer = "balcony"
        state.page.saved_work()

    handle_messages(change_then_read)
    assert read == [[("save", "balcony", None)]]
    assert [event for event in events if event[0] == "save"] == [("save", "balcony", None)]
