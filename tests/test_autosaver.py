"""On a page, a click's feedback leaves for the browser before its work is written to the store: the Autosaver
hears each change after the exercise's view has shown it. The save still happens within the click's message (so
a kernel that says it is idle has saved everything, which the page's script relies on), every change is saved in
order, and "Saved" is shown only once the store has answered."""
import datetime as dt

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
