"""The Autosaver in a page's kernel saves just after the message that made a change (so the click's feedback goes
to the page before the store answers), still saves every change, one save at a time and in order, and says
"Saved" only once the store has answered."""
import asyncio
import datetime as dt
from concurrent.futures import ThreadPoolExecutor

from traitlets import HasTraits, Unicode

from widgets.pages import course
from widgets.storage.store import Saved


class Answer(HasTraits):
    text = Unicode("")


def in_a_loop(coroutine):
    """Run a coroutine on an event loop of its own, as a kernel's (Playwright may hold this thread's loop);
    what fails in it fails the test."""
    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, coroutine).result()


def recording_saver(events, answer):
    saved_versions = []

    def save(data, version):
        events.append(("save", data["text"], version))
        saved_versions.append(version)
        return Saved(len(saved_versions) + 1, dt.datetime.now(dt.timezone.utc))

    def show(status):
        events.append(("status", "Saved" in status))

    return course.Autosaver(save, lambda: {"text": answer.text}, show, version=1)


def test_a_clicks_feedback_goes_before_its_save():
    events = []
    answer = Answer()
    saver = recording_saver(events, answer)
    # As on a page: the saver observes the state before the view does.
    answer.observe(saver.changed, names="text")
    answer.observe(lambda change: events.append(("feedback", change["new"])), names="text")

    async def click():
        answer.text = "checked"             # the click's message: the state changes, the view shows feedback
        assert events == [("feedback", "checked")]
        await asyncio.sleep(0)              # the message handled: the kernel's loop runs what waits
        assert events == [("feedback", "checked"), ("save", "checked", 1), ("status", True)]

    in_a_loop(click())


def test_every_change_is_saved_in_order_and_saved_is_shown_after_the_store_answers():
    events = []
    answer = Answer()
    saver = recording_saver(events, answer)
    answer.observe(saver.changed, names="text")

    async def typing():
        answer.text = "a"
        answer.text = "ab"                  # two changes in one message: saved together, the latest values
        await asyncio.sleep(0)
        answer.text = "abc"                 # the next message
        await asyncio.sleep(0)
        answer.text = "abcd"
        await asyncio.sleep(0)

    in_a_loop(typing())
    assert events == [("save", "ab", 1), ("status", True), ("save", "abc", 2), ("status", True),
                      ("save", "abcd", 3), ("status", True)]
    assert saver.pending_handle is None and saver.version == 4


def test_without_an_event_loop_a_change_is_saved_at_once():
    events = []
    answer = Answer()
    saver = recording_saver(events, answer)
    answer.observe(saver.changed, names="text")
    answer.text = "at once"
    assert events == [("save", "at once", 1), ("status", True)]
