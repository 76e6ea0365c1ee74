"""The places explorer in a real browser: its task asks for the filter, then a written answer that is kept."""
import pytest

from conftest import page_problems, wait_for_page

pytestmark = pytest.mark.browser
NOTEBOOK = "practice-in-places.ipynb"


def test_the_task_is_found_with_the_filter_and_the_answer_is_kept(own_server, page, tmp_path):
    page.goto(own_server.module_url(NOTEBOOK))
    wait_for_page(page)
    explorer = page.locator(".widget-vbox.sl-places")
    task, below = explorer.locator(".sl-places-task"), explorer.locator(".sl-places-task-answer")
    task.locator(".sl-places-task-status").get_by_text("the task is about 2").wait_for()
    assert not below.locator(".sl-places-answer").is_visible()

    explorer.locator(".sl-places-theme select").select_option(label="working with communities")
    task.locator(".sl-places-task-status").get_by_text("Found:").wait_for()
    answer = below.locator(".sl-places-answer textarea")
    answer.wait_for(state="visible")
    answer.fill("Both worked with schools, housing associations, faith groups and voluntary groups.")
    below.locator(".sl-places-compare-text").wait_for()
    assert "Involve people in communities" in below.inner_text()
    page.locator(".sl-save-status").filter(has_text="Saved").first.wait_for()
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        explorer.screenshot(path=str(tmp_path / f"places-task-{width}.png"))
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width

    page.reload()                                  # the learner comes back: the answer is there
    wait_for_page(page)
    kept = page.locator(".sl-places-task-answer .sl-places-answer textarea")
    kept.wait_for(state="visible")
    assert kept.input_value().startswith("Both worked with schools")
    assert page_problems(page) == [] and page.outside_requests == []
