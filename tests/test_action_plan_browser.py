"""The action plan in a real browser: what a learner types all reaches the plan, however busy the kernel."""
import pytest

from conftest import page_problems, type_and_click_on_a_busy_kernel

pytestmark = pytest.mark.browser
NOTEBOOK = "looking-ahead.ipynb"


def test_a_quick_click_on_a_busy_kernel_still_saves_the_whole_action(own_server, page):
    action, who = "Invite the housing team to our discharge huddle", "me and the ward manager"
    type_and_click_on_a_busy_kernel(own_server, page, NOTEBOOK,
                                    [(".sl-plan-text textarea", action), (".sl-plan-who input", who)],
                                    ".sl-action-plan button.sl-plan-save")
    plan = page.locator(".sl-plan")
    plan.filter(has_text=action).wait_for()
    assert who in plan.inner_text()
    assert page.input_value(".sl-plan-text textarea") == ""  # the form is ready for the next action
    assert page_problems(page) == []
