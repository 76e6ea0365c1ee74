"""Reflection in a real browser: a wicked issue typed and added at once reaches the list whole."""
import pytest

from conftest import page_problems, type_and_click_on_a_busy_kernel

pytestmark = pytest.mark.browser
NOTEBOOK = "reflection.ipynb"


def test_a_quick_click_on_a_busy_kernel_still_adds_the_whole_issue(own_server, page):
    issue = "Delayed discharges from hospital into care homes"
    type_and_click_on_a_busy_kernel(own_server, page, NOTEBOOK, [(".sl-issue-new-text input", issue)],
                                    ".sl-issues button.sl-issue-add")
    page.locator(".sl-issue-row .sl-issue-text input").first.wait_for()
    assert page.input_value(".sl-issue-row .sl-issue-text input") == issue
    assert page.input_value(".sl-issue-new-text input") == ""
    assert page_problems(page) == []
