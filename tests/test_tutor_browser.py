"""The room view in real browsers on one room server: the tutor's view follows a learner's shared answer within
seconds, without a reload, and drops it when the learner unticks; a learner can't open it."""
import time

import pytest

from conftest import page_problems, wait_for_page
from widgets.storage import tutor
from widgets.storage.learner import issue_learner
from widgets.storage.store import Store

pytestmark = pytest.mark.browser
ANSWER = "We chair the place board <b>and</b> fund the voluntary sector"
POST = ".sl-room-post:has-text('We chair the place board')"


def seed_room(store_path, learners=3):
    """A tutor key, a learner to drive in a browser, and `learners` others who have started."""
    with Store(store_path).open() as store:
        key = tutor.issue_tutor_key(store)
        me = issue_learner(store)
        for _ in range(learners):
            store.record_visit(issue_learner(store).id, "context")
    return key, me


def test_a_shared_answer_reaches_the_room_view_within_seconds_and_unticking_removes_it(
        room_server, tmp_path, page, other_page):
    key, me = seed_room(tmp_path / "store.sqlite")
    page.goto(room_server.module_url("tutor-room.ipynb", f"tutor={key}"))
    wait_for_page(page)
    page.wait_for_selector(".sl-room-status:has-text('3 started')")
    page.wait_for_selector(".sl-room-shared:has-text('Nothing shared yet')")

    other_page.goto(room_server.module_url("reflection.ipynb", me.query))
    wait_for_page(other_page)
    answer = other_page.locator(".sl-prompt-influence-and-connections textarea")
    answer.fill(ANSWER)
    other_page.wait_for_selector(".sl-save-saved")
    started = time.monotonic()
    other_page.check(".sl-share-influence-and-connections input")
    page.wait_for_selector(POST, timeout=10_000)                       # no reload: the view follows
    delay = time.monotonic() - started
    assert delay < 8, delay
    assert page.inner_text(POST) == ANSWER                             # escaped: shown as written
    page.wait_for_selector(".sl-room-status:has-text('4 started')")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(tmp_path / f"room-{width}.png"), full_page=True)

    other_page.uncheck(".sl-share-influence-and-connections input")
    page.wait_for_selector(POST, state="detached", timeout=10_000)
    assert page_problems(page) == [] and page_problems(other_page) == []
    assert page.outside_requests == []


def test_a_learner_s_link_cannot_open_the_room_view(room_server, tmp_path, page):
    key, me = seed_room(tmp_path / "store.sqlite")
    for query in (me.query, f"tutor={me.token}", f"tutor={key[:-2]}xx", ""):
        response = page.goto(room_server.module_url("tutor-room.ipynb", query))
        assert response.status == 403
        assert page.inner_text("body").strip() == tutor.REFUSED


def test_a_group_s_board_follows_its_members_live_and_the_tutor_sees_it(room_server, tmp_path, page, other_page):
    key, ann = seed_room(tmp_path / "store.sqlite", learners=0)
    with Store(tmp_path / "store.sqlite").open() as store:
        bob = issue_learner(store)
        store.set_group_count(2)
    for tab, learner in ((page, ann), (other_page, bob)):
        tab.goto(room_server.module_url("index.ipynb", learner.query))
        wait_for_page(tab)
        tab.select_option(".sl-group-choice select", label="Group 2")
        tab.wait_for_selector(".sl-group:has-text('in group 2')")
    page.fill(".sl-board-text textarea", "We could pool the <i>winter</i> budget")
    page.click(".sl-board-post-button")
    page.wait_for_selector(".sl-board-post:has-text('pool the <i>winter</i> budget') .sl-board-yours")
    other_page.wait_for_selector(".sl-board-post:has-text('pool the <i>winter</i> budget')", timeout=10_000)
    assert other_page.locator(".sl-board-yours").count() == 0
    tutor_tab = other_page.context.new_page()
    tutor_tab.goto(room_server.module_url("tutor-groups.ipynb", f"tutor={key}"))
    wait_for_page(tutor_tab)
    tutor_tab.wait_for_selector(".sl-board-2 .sl-board-post:has-text('winter')")
    other_page.fill(".sl-board-text textarea", "Ask the voluntary sector in")
    other_page.click(".sl-board-post-button")
    tutor_tab.wait_for_selector(".sl-board-2 .sl-board-post:has-text('voluntary sector')", timeout=10_000)
    page.wait_for_selector(".sl-board-post:has-text('voluntary sector')", timeout=10_000)
    for tab in (page, other_page, tutor_tab):
        assert page_problems(tab) == []
    tutor_tab.close()
