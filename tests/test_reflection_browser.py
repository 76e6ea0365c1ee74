"""Reflection in a real browser: a wicked issue typed and added at once reaches the list whole."""
import pytest

from conftest import page_problems, wait_for_page

pytestmark = pytest.mark.browser
NOTEBOOK = "reflection.ipynb"


def test_a_quick_click_on_a_busy_kernel_still_adds_the_whole_issue(own_server, page):
    page.goto(own_server.module_url(NOTEBOOK))
    wait_for_page(page)
    page.wait_for_selector(".sl-issues button.sl-issue-add")
    issue = "Delayed discharges from hospital into care homes"
    with own_server.kernels_paused():
        page.click(".sl-issue-new-text input")
        page.keyboard.type(issue)
        page.click("button.sl-issue-add")
    page.locator(".sl-issue-row .sl-issue-text input").first.wait_for()
    assert page.input_value(".sl-issue-row .sl-issue-text input") == issue
    assert page.input_value(".sl-issue-new-text input") == ""
    assert page_problems(page) == []
