"""A knowledge check in a real browser: a first miss shows feedback on the option chosen and nothing of the
answer key; the right answer then shows every option's feedback."""
import pytest

from conftest import page_problems, wait_for_page

pytestmark = pytest.mark.browser
NOTEBOOK = "what-it-involves.ipynb"
WRONG_FEEDBACK = "The partnership is cross-sector already"
RIGHT_FEEDBACK = "The director hands the lead to someone else"


def test_a_first_miss_reveals_only_the_option_chosen(voila_server, page):
    page.goto(voila_server.module_url(NOTEBOOK))
    wait_for_page(page)
    box = page.locator(".sl-kc-question-box", has_text="homelessness partnership")
    box.get_by_text("Cross-sector", exact=True).click()
    box.locator("button.sl-kc-check").click()
    box.locator(".sl-kc-result-text", has_text="Not right yet").wait_for()
    assert WRONG_FEEDBACK in box.locator(".sl-kc-feedback").inner_text()
    assert box.locator(".sl-kc-option-feedback").count() == 1
    assert RIGHT_FEEDBACK not in page.content()       # the answer key never reaches the page

    box.get_by_text("Ceded", exact=True).click()
    box.locator("button.sl-kc-check").click()
    box.locator(".sl-kc-result-text", has_text="Right, after 2 attempts").wait_for()
    assert box.locator(".sl-kc-option-feedback").count() == 4
    assert RIGHT_FEEDBACK in box.locator(".sl-kc-feedback").inner_text()
    assert page_problems(page) == []
    assert page.outside_requests == []
